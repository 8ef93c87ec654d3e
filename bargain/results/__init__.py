"""Frozen result types of a solve, for any number of players; they import only :mod:`bargain.games`."""

from __future__ import annotations

from .algebraic import AlgebraicPoint
from .solution import Continuum, Equilibrium, Solution

__all__ = ["AlgebraicPoint", "Continuum", "Equilibrium", "Solution"]
