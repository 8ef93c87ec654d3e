"""Iterated elimination of strictly dominated actions.

An action is *strictly dominated* when another action -- or, with
``mixed=True``, a mixture of the player's other actions -- pays strictly more
against every remaining action of the opponent. Such an action is never played
in any Nash equilibrium, so removing it (and then whatever becomes dominated in
the smaller game, round after round) keeps every equilibrium: the equilibria of
the reduced game, padded with zeros, are exactly those of the original game.

Strict dominance does not depend on the order of removal, so each round
removes everything that is dominated at that round, for both players at once.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from ..games.normal_form import Game
from .verify import DEFAULT_TOL, payoff_scale


def _pure_dominated(U: list[list[Fraction]], F: np.ndarray, a: int, others: list[int],
                    margin: Fraction) -> bool:
    """Some other row beats row ``a`` by more than ``margin`` in every column.

    The float twin ``F`` of ``U`` picks the candidates quickly; each is confirmed exactly.
    """
    slack = 1e-9 * max(1.0, float(np.abs(F).max()))
    candidates = [b for b in others if (F[b] - F[a]).min() > float(margin) - slack]
    return any(all(U[b][j] - U[a][j] > margin for j in range(len(U[a]))) for b in candidates)


def _mixed_dominated(U: list[list[Fraction]], F: np.ndarray, a: int, others: list[int],
                     margin: Fraction) -> bool:
    """Some mixture of ``others`` beats row ``a`` by more than ``margin`` in every column.

    A linear programme proposes the mixture (maximise the smallest gain ``e``);
    the proposal is then checked in exact arithmetic, so round-off in the
    solver can never remove an action that is only weakly dominated.
    """
    if not others:
        return False
    n = len(U[a])
    P = F[others]  # candidates x columns
    target = F[a]
    k = len(others)
    c = np.zeros(k + 1)
    c[-1] = -1.0  # maximise e
    A_ub = np.hstack([-P.T, np.ones((n, 1))])  # e - sum_b s_b U[b][j] <= -U[a][j]
    A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    result = linprog(c, A_ub=A_ub, b_ub=-target, A_eq=A_eq, b_eq=[1.0],
                     bounds=[(0, None)] * k + [(None, None)], method="highs")
    if result.status != 0 or not result.x[-1] > 0:
        return False
    weights = [Fraction(max(float(s), 0.0)) for s in result.x[:k]]
    total = sum(weights)
    if total <= 0:
        return False
    return all(
        sum((w * U[b][j] for w, b in zip(weights, others, strict=True)), Fraction(0)) / total - U[a][j] > margin
        for j in range(n)
    )


def _dominated(U: list[list[Fraction]], alive: list[int], cols: list[int], mixed: bool,
               margin: Fraction) -> list[int]:
    """The rows in ``alive`` strictly dominated in the sub-table ``alive x cols`` of ``U``."""
    sub = [[U[i][j] for j in cols] for i in alive]
    F = np.array([[float(v) for v in row] for row in sub])
    found = []
    for k, i in enumerate(alive):
        others = [b for b in range(len(alive)) if b != k]
        if _pure_dominated(sub, F, k, others, margin) or (
            mixed and _mixed_dominated(sub, F, k, others, margin)
        ):
            found.append(i)
    return found


def eliminate_dominated(
    game: Game, *, mixed: bool = True, tol: float = DEFAULT_TOL
) -> tuple[Game, tuple[int, ...], tuple[int, ...], tuple[tuple[str, str], ...]]:
    """Iteratively remove strictly dominated actions of both players.

    Parameters
    ----------
    game : Game
    mixed : bool
        Also remove actions strictly dominated by a mixture of the player's
        other actions (found by linear programming). With ``False`` only
        domination by a single other action counts.
    tol : float
        Comparisons are exact (in :class:`~fractions.Fraction` arithmetic, on
        the game's exact payoffs or the exact values of its floats). For an
        exact game "strictly more" means ``> 0``; for a float game it means more
        than ``tol * payoff_scale(game)``, so that payoffs equal up to round-off
        never count as strictly better. Either way, an action that is only
        weakly dominated is kept. A dominating mixture is proposed by a
        floating-point linear programme and then checked exactly, so the only
        possible error is on the safe side: an action dominated by a margin
        below the solver's precision (about ``1e-9`` of the payoffs) may be kept.

    Returns
    -------
    reduced : Game
        The game on the surviving actions (labels kept, order kept).
    rows, cols : tuple of int
        Original indices of the surviving actions of each player.
    eliminated : tuple of (player, action)
        The removed actions in the order they were removed; within a round the
        row player's come first.

    Examples
    --------
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> reduced, rows, cols, gone = eliminate_dominated(pd)
    >>> reduced.actions, rows, cols, gone
    ((('D',), ('D',)), (1,), (1,), (('Row', 'C'), ('Column', 'C')))
    """
    A, B = game.exact_payoffs()
    Bt = [list(column) for column in zip(*B, strict=True)]
    margin = Fraction(0) if game.is_exact else Fraction(tol * payoff_scale(game))
    rows, cols = list(range(game.shape[0])), list(range(game.shape[1]))
    eliminated: list[tuple[str, str]] = []
    while True:
        gone_rows = _dominated(A, rows, cols, mixed, margin)
        gone_cols = _dominated(Bt, cols, rows, mixed, margin)
        if not gone_rows and not gone_cols:
            break
        eliminated += [(game.players[0], game.actions[0][i]) for i in gone_rows]
        eliminated += [(game.players[1], game.actions[1][j]) for j in gone_cols]
        rows = [i for i in rows if i not in gone_rows]
        cols = [j for j in cols if j not in gone_cols]
    reduced = game if len(eliminated) == 0 else game.permute(rows, cols)
    return reduced, tuple(rows), tuple(cols), tuple(eliminated)


__all__ = ["eliminate_dominated"]
