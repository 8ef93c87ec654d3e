"""Every pure-strategy equilibrium of a game with any number of players.

A cell of the payoff arrays is a pure equilibrium when, for every player, it
holds the largest payoff along that player's own axis. One vectorised
comparison per player marks all such cells at once.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from bargain.games.strategic import StrategicGame, as_strategic
from bargain.results.solution import Equilibrium, Solution

from .verify import DEFAULT_TOL, payoff_scale, verify_profile


def pure_profiles(game: StrategicGame, *, exact: bool | None = None, tol: float = DEFAULT_TOL) -> list[tuple[int, ...]]:
    """Action indices of every pure equilibrium, in lexicographic order.

    Parameters
    ----------
    game : StrategicGame
    exact : bool, optional
        Compare exact payoffs (default: when the game is exact). Otherwise a
        player counts as best-responding within ``tol * payoff_scale(game)``.
    tol : float

    Examples
    --------
    Three players who each want to match the first one:

    >>> import numpy as np
    >>> match = lambda p: np.fromfunction(lambda a, b, c: ((a, b, c)[p] == a) * 1, (2, 2, 2), dtype=int)
    >>> pure_profiles(StrategicGame([np.ones((2, 2, 2)), match(1), match(2)]))
    [(0, 0, 0), (1, 1, 1)]
    """
    exact = game.is_exact if exact is None else exact
    arrays = game.exact_payoff_arrays() if exact else game.payoffs
    slack = 0 if exact else tol * payoff_scale(game)
    mask = np.ones(game.shape, dtype=bool)
    for k, payoff in enumerate(arrays):
        best = payoff.max(axis=k, keepdims=True)
        mask &= np.asarray(payoff >= best - slack if slack else payoff == best, dtype=bool)
    return [tuple(int(i) for i in cell) for cell in np.argwhere(mask)]


def pure_equilibria(game, *, exact: bool | None = None, tol: float = DEFAULT_TOL) -> Solution:
    """Every pure equilibrium of ``game``, verified, as a :class:`~bargain.results.solution.Solution`.

    The solution is not ``complete`` (mixed equilibria are not searched for).

    Examples
    --------
    >>> import numpy as np
    >>> g = StrategicGame([np.eye(2, dtype=int)[:, :, None] * np.ones(2, dtype=int)] * 3, actions=[["x", "y"]] * 3)
    >>> sol = pure_equilibria(g)
    >>> [eq.supports for eq in sol]
    [(('x',), ('x',), ('x',)), (('x',), ('x',), ('y',)), (('y',), ('y',), ('x',)), (('y',), ('y',), ('y',))]
    >>> sol.complete, sol.exact
    (False, True)
    """
    game = as_strategic(game)
    exact = game.is_exact if exact is None else exact
    equilibria = []
    for cell in pure_profiles(game, exact=exact, tol=tol):
        eq = pure_equilibrium(game, cell, exact, tol)
        if eq is not None:
            equilibria.append(eq)
    return Solution(game, "pure", tuple(equilibria), complete=False,
                    tolerance=0.0 if exact else tol * payoff_scale(game),
                    options={"exact": exact, "tol": tol})


def pure_equilibrium(game: StrategicGame, cell: tuple[int, ...], exact: bool,
                     tol: float = DEFAULT_TOL) -> Equilibrium | None:
    """The profile that plays ``cell`` for sure, verified (``None`` when it is not an equilibrium).

    >>> pure_equilibrium(StrategicGame([[1, 2]]), (1,), exact=True).payoffs
    (Fraction(2, 1),)
    """
    one = Fraction(1) if exact else 1.0
    profile = [[one if a == cell[k] else one - one for a in range(m)] for k, m in enumerate(game.shape)]
    return verify_profile(game, profile, tol)


__all__ = ["pure_equilibria", "pure_equilibrium", "pure_profiles"]
