"""Solve many games of the same shape at once: the hot core of a sweep.

A sweep solves hundreds of small games that differ only in their payoffs.
Here every square support pair of every game is solved in one batched call
(:func:`bargain.equilibria.small.solve_stack`: the same certificate of
nondegeneracy, the same margins as the small-game path of :func:`bargain.solve`).

* in a nondegenerate game every equilibrium has supports of equal size and
  is the unique solution of its support pair's indifference equations, so
  enumerating the square support pairs finds all of them;
* a game is degenerate exactly when some strategy with ``k`` actions in its
  support has ``k + 1`` pure best responses, which the same solves reveal.

A point is answered here only when the certificate holds and every decision is
clear of its margin. Every other point -- degenerate, near a threshold, or with
a singular support system -- is returned as ``None`` for the caller to hand to
:func:`bargain.solve`, which handles every case. Accepted equilibria pass the
verifier's test (regret at most ``tol`` times the payoff scale, after the
verifier's cleaning) and are ordered as :func:`bargain.solve` orders them.
"""

from __future__ import annotations

import numpy as np

from . import small

#: Largest number of support pairs worth enumerating; bigger games go to the general solver.
MAX_SUPPORT_PAIRS = small.MAX_STACK_PAIRS
#: Floats of the systems solved at once (bounds the memory of one batch).
BATCH_FLOATS = 2_000_000


def support_pairs(m: int, n: int) -> int:
    """Number of square support pairs of an ``m x n`` game.

    >>> support_pairs(2, 2), support_pairs(3, 3)
    (5, 19)
    """
    from math import comb

    return sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))


def solve_family(A: np.ndarray, B: np.ndarray, tol: float = 1e-9) -> list[tuple | None]:
    """Every equilibrium of each game ``(A[p], B[p])`` of a stack, or None where unsure.

    Parameters
    ----------
    A, B : ndarray of shape (N, m, n)
        Payoffs of the row and the column player in each of ``N`` games.
    tol : float
        The verifier's relative tolerance.

    Returns
    -------
    list
        Per game, a tuple of equilibria ``(row probabilities, column
        probabilities, (payoff row, payoff column), regret, component)`` in the
        order :func:`bargain.solve` gives them; or ``None`` when the game must
        go to :func:`bargain.solve` (see the module docstring).

    Examples
    --------
    >>> A = np.array([[[3.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> [len(r) for r in solve_family(A, A.copy())]
    [3, 3]
    >>> solve_family(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)))  # degenerate: left to the general solver
    [None]
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    N, m, n = A.shape
    pairs = support_pairs(m, n)
    if pairs > MAX_SUPPORT_PAIRS:
        return [None] * N
    step = max(1, BATCH_FLOATS // (2 * pairs * (min(m, n) + 1) ** 2))
    results: list[tuple | None] = []
    for first in range(0, N, step):
        results.extend(_solve_batch(A[first : first + step], B[first : first + step], tol))
    return results


def _solve_batch(A: np.ndarray, B: np.ndarray, tol: float) -> list[tuple | None]:
    """:func:`solve_family` on one batch: candidates, the verifier's test, prices and order."""
    N = A.shape[0]
    games, X, Y, unsure = small.solve_stack(A, B)
    X = X / X.sum(axis=1, keepdims=True)  # the verifier's cleaning: every probability here is clear of tol
    Y = Y / Y.sum(axis=1, keepdims=True)
    Ay = np.einsum("eij,ej->ei", A[games], Y)
    xB = np.einsum("ei,eij->ej", X, B[games])
    row_value, col_value = (X * Ay).sum(axis=1), (xB * Y).sum(axis=1)
    regret = np.maximum(Ay.max(axis=1) - row_value, xB.max(axis=1) - col_value)
    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(1, 2)), np.abs(B).max(axis=(1, 2))))
    failed = np.zeros(N, dtype=bool)
    np.logical_or.at(failed, games, ~(regret <= tol * scale[games]))
    keys = (-np.round(np.hstack([X, Y]), 9)).tolist()
    rows, cols = X.tolist(), Y.tolist()
    payoffs = np.column_stack([row_value, col_value]).tolist()
    regret = np.maximum(regret, 0.0).tolist()
    bad = (unsure | failed).tolist()
    per_game: list[list[int]] = [[] for _ in range(N)]
    for e, g in enumerate(games.tolist()):
        per_game[g].append(e)
    results: list[tuple | None] = []
    for g in range(N):
        if bad[g]:
            results.append(None)
            continue
        members = sorted(per_game[g], key=keys.__getitem__) if len(per_game[g]) > 1 else per_game[g]
        results.append(tuple((tuple(rows[e]), tuple(cols[e]), tuple(payoffs[e]), regret[e], k)
                             for k, e in enumerate(members)))
    return results
