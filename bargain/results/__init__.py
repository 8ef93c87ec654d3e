"""Frozen result types of a solve; they import only :mod:`bargain.games`."""

from __future__ import annotations

from .solution import Equilibrium, Solution

__all__ = ["Equilibrium", "Solution"]
