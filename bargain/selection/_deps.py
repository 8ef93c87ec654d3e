"""The few names this package takes from the rest of bargain, kept in one place.

Selection sits above the games, the result types and the solvers. When those
move, only these lines change.
"""

from __future__ import annotations

from ..errors import BargainError
from ..games.normal_form import Game, as_game
from ..games.strategic import StrategicGame
from ..results.solution import Equilibrium, Solution


def solve(game):
    """All extreme equilibria of ``game`` by the package's default solver.

    A game of three or more players (a :class:`StrategicGame`) goes to
    :func:`bargain.nplayer.solve`; its solution lists the isolated equilibria
    and the sets of positive dimension apart (``continua``).
    """
    if getattr(game, "n_players", 2) > 2:
        from ..nplayer import solve as _solve_many

        return _solve_many(game)
    if isinstance(game, StrategicGame):
        game = as_game(game)
    from ..equilibria import solve as _solve

    return _solve(game)


class SelectionError(BargainError, ValueError):
    """A selection was asked of something it cannot read (unknown criterion, bad prior, bad game)."""


__all__ = ["BargainError", "Equilibrium", "Game", "SelectionError", "Solution", "StrategicGame", "solve"]
