"""Immutable, labelled games: strategic form, extensive form, Gambit ``.nfg`` files.

Knows nothing of model files or solvers.
"""

from __future__ import annotations

from .normal_form import DEFAULT_PLAYERS, Game, to_fraction

__all__ = ["DEFAULT_PLAYERS", "Game", "to_fraction"]
