"""Immutable, labelled games: strategic form, extensive form, Gambit ``.nfg`` files.

Knows nothing of model files or solvers.
"""

from __future__ import annotations

from .normal_form import DEFAULT_PLAYERS, Game, as_game
from .payoffs import to_fraction
from .strategic import StrategicGame, as_strategic

__all__ = ["DEFAULT_PLAYERS", "Game", "StrategicGame", "as_game", "as_strategic", "to_fraction"]
