"""Points of games with three or more players: solved completely by :func:`bargain.nplayer.solve`.

A point's equilibria travel as plain tuples, one per equilibrium, whatever the
number of players::

    (probabilities of player 1, ..., probabilities of player n, payoffs, regret, component)

so a two-player point is ``(row, col, payoffs, regret, component)`` as before,
and :func:`profile_of` (everything but the last three items) reads either. The
batched two-player paths (:mod:`bargain.equilibria.batch`,
:mod:`~bargain.sensitivity.affine`, :mod:`~bargain.sensitivity.vectorised`)
serve two players only; a game of more players is solved point by point by
support enumeration (``enumpoly``), which lists every isolated equilibrium and
every set of equilibria of positive dimension.
"""

from __future__ import annotations

from .options import SensitivityError


def player_count(game) -> int:
    """Number of players of ``game``: 2 for a two-player :class:`~bargain.games.Game`.

    >>> from bargain import Game
    >>> player_count(Game([[1]], [[1]]))
    2
    """
    return int(getattr(game, "n_players", 2))


def is_many(game) -> bool:
    """True when ``game`` has three or more players (it is solved by :mod:`bargain.nplayer`)."""
    return player_count(game) > 2


def profile_of(equilibrium: tuple) -> tuple[tuple[float, ...], ...]:
    """The probabilities of every player in one equilibrium tuple (see the module docstring).

    >>> profile_of(((1.0, 0.0), (0.5, 0.5), (2.0, 1.0), 0.0, 0))
    ((1.0, 0.0), (0.5, 0.5))
    """
    return equilibrium[:-3]


def many_solution(game, method: str, tol: float, exact: bool = False):
    """The :class:`bargain.nplayer.Solution` of a game of three or more players, every support enumerated.

    ``method`` is a :class:`~bargain.sensitivity.SolveOptions` method: only
    ``auto`` applies to such games (``vertex`` and ``support`` are two-player
    methods), and it means complete enumeration, never the one-equilibrium
    path a plain :func:`bargain.nplayer.solve` falls back to on big games.

    >>> from bargain.nplayer import StrategicGame
    >>> many_solution(StrategicGame([[[[1]]]] * 3), "auto", 1e-9).method
    'enumpoly'
    """
    from bargain.nplayer import solve

    if method != "auto":
        raise SensitivityError(
            f"method {method!r} solves two-player games only; a game of {player_count(game)} players "
            "is solved with 'auto' (every support profile enumerated)"
        )
    return solve(game, method="enumpoly", exact=exact or None, tol=tol)


def solve_many(game, method: str, tol: float, exact: bool = False) -> tuple[tuple, ...]:
    """Every equilibrium of a game of three or more players, as plain tuples.

    Each isolated equilibrium is its own component (``0, 1, ...``). A set of
    equilibria of positive dimension (a continuum) is one entry, its first
    verified sample, with a negative component (``-1, -2, ...``) that marks it
    as a point standing for a set (:func:`stands_for_set`); its supports name
    it in signatures. A set the solver could not decide, or a game too
    big for complete enumeration, is an error: a sensitivity analysis counts
    equilibria, so it must see them all.

    >>> from bargain.nplayer import StrategicGame
    >>> import numpy as np
    >>> g = StrategicGame(list(1 - np.indices((2, 2, 2))))   # each player gains 1 from its first action
    >>> solve_many(g, "auto", 1e-9)
    (((1.0, 0.0), (1.0, 0.0), (1.0, 0.0), (1.0, 1.0, 1.0), 0.0, 0),)
    """
    solution = many_solution(game, method, tol, exact)
    if solution.undecided:
        support = " / ".join(f"{p} {'+'.join(s)}" for p, s in zip(game.players, solution.undecided[0].support,
                                                                  strict=True))
        raise SensitivityError(f"the equilibria of support {support} could not be decided at this point "
                               "(a set of positive dimension without a verified sample)")
    entries = [_entry(eq, k) for k, eq in enumerate(solution)]
    entries += [_entry(c.samples[0], -1 - k) for k, c in enumerate(solution.continua)]
    return tuple(entries)


def stands_for_set(component: int) -> bool:
    """True for the component of an entry that stands for a set of equilibria of positive dimension.

    >>> stands_for_set(-1), stands_for_set(0)
    (True, False)
    """
    return component < 0


def _entry(eq, component: int) -> tuple:
    return (*(tuple(float(p) for p in mix) for mix in eq.profile), tuple(float(v) for v in eq.payoffs),
            float(eq.regret), component)


__all__ = ["is_many", "many_solution", "player_count", "profile_of", "solve_many", "stands_for_set"]
