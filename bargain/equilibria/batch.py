"""Solve many games of the same shape at once: the hot core of a sweep.

A sweep solves hundreds of small games that differ only in their payoffs. Here
support enumeration runs on all of them together, each support pair as one
batched linear solve over the whole stack, and a certificate of
nondegeneracy is checked at every point from the same solves:

* in a nondegenerate game every equilibrium has supports of equal size and
  is the unique solution of its support pair's indifference equations, so
  enumerating the square support pairs finds all of them;
* a game is degenerate exactly when some strategy with ``k`` actions in its
  support has ``k + 1`` pure best responses; for a support ``I`` and best
  responses ``J + {j}`` that strategy is the one making ``J`` indifferent
  (already solved for the pair ``(I, J)``), so testing ``j`` costs one product.

A point is answered here only when the certificate holds and every candidate
is clearly an equilibrium or clearly not one (probabilities above
:data:`PROBABILITY_MARGIN`, payoff gaps above :data:`PAYOFF_MARGIN` times the
payoff scale). Every other point -- degenerate, near a threshold, or with a
singular support system -- is returned as ``None`` for the caller to hand to
:func:`bargain.solve`, which handles every case. Accepted equilibria are
checked with the verifier's own criterion (regret at most ``tol`` times the
payoff scale) and ordered as :func:`bargain.solve` orders them.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

#: Smallest probability of an action in a support for the fast path to trust it.
PROBABILITY_MARGIN = 1e-5
#: Smallest payoff gap (relative to the payoff scale) for the fast path to trust a best-response comparison.
PAYOFF_MARGIN = 1e-7
#: Largest number of support pairs worth enumerating; bigger games go to the general solver.
MAX_SUPPORT_PAIRS = 2000


def support_pairs(m: int, n: int) -> int:
    """Number of square support pairs of an ``m x n`` game.

    >>> support_pairs(2, 2), support_pairs(3, 3)
    (5, 19)
    """
    from math import comb

    return sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))


def _indifference(M: np.ndarray, scale: np.ndarray):
    """Solve ``M s = w 1, sum(s) = 1`` for every matrix of the stack ``M`` (N, k, k).

    Returns ``(s, w, singular, continuum)``. A singular system has no solution
    (then no strategy on this support makes these actions indifferent) or a
    continuum of them (``continuum``, a degenerate game); either way its ``s``
    is zero.
    """
    N, k, _ = M.shape
    S = np.zeros((N, k + 1, k + 1))
    S[:, :k, :k] = M
    S[:, :k, k] = -1.0
    S[:, k, :k] = 1.0
    det = np.linalg.det(S)
    singular = ~(np.abs(det) > 1e-10 * scale**k)
    rhs = np.zeros((N, k + 1, 1))
    rhs[:, k, 0] = 1.0
    continuum = np.zeros(N, dtype=bool)
    if singular.any():
        T = S[singular]
        z = np.linalg.pinv(T) @ rhs[singular]
        continuum[singular] = np.abs(T @ z - rhs[singular]).max(axis=(1, 2)) <= 1e-8
        S[singular] = np.eye(k + 1)
    z = np.linalg.solve(S, rhs)[:, :, 0]
    z[singular] = 0.0
    return z[:, :k], z[:, k], singular, continuum


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
    if support_pairs(m, n) > MAX_SUPPORT_PAIRS:
        return [None] * N
    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(1, 2)), np.abs(B).max(axis=(1, 2))))
    slack = PAYOFF_MARGIN * scale
    unsure = np.zeros(N, dtype=bool)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (games, row strategies, column strategies)
    for k in range(1, min(m, n) + 1):
        for rows_in in combinations(range(m), k):
            outside_rows = [i for i in range(m) if i not in rows_in]
            for cols_in in combinations(range(n), k):
                outside_cols = [j for j in range(n) if j not in cols_in]
                y, u, bad_y, loose_y = _indifference(A[:, rows_in][:, :, cols_in], scale)
                x, v, bad_x, loose_x = _indifference(np.swapaxes(B[:, rows_in][:, :, cols_in], 1, 2), scale)
                unsure |= loose_x | loose_y
                Ay = np.einsum("pij,pj->pi", A[:, :, cols_in], y)  # every row's payoff against y
                xB = np.einsum("pi,pij->pj", x, B[:, rows_in, :])  # every column's payoff against x
                _certify(unsure, x, v, xB, cols_in, n, slack, bad_x)
                _certify(unsure, y, u, Ay, rows_in, m, slack, bad_y)
                low = np.minimum(x.min(axis=1), y.min(axis=1))
                row_gap = (Ay[:, outside_rows].max(axis=1) - u) if outside_rows else np.full(N, -np.inf)
                col_gap = (xB[:, outside_cols].max(axis=1) - v) if outside_cols else np.full(N, -np.inf)
                clearly_in = (low > PROBABILITY_MARGIN) & (row_gap < -slack) & (col_gap < -slack)
                clearly_out = (low < -PROBABILITY_MARGIN) | (row_gap > slack) | (col_gap > slack)
                ok = ~(bad_x | bad_y)
                unsure |= ok & ~clearly_in & ~clearly_out
                hits = np.nonzero(ok & clearly_in)[0]
                if hits.size:
                    row, col = np.zeros((hits.size, m)), np.zeros((hits.size, n))
                    row[:, list(rows_in)], col[:, list(cols_in)] = x[hits], y[hits]
                    found.append((hits, row, col))
    return _finish(A, B, found, unsure, tol * scale)


def _certify(unsure, s, w, payoffs, support, size, slack, singular) -> None:
    """Mark games where the strategy ``s`` (making ``support`` indifferent at ``w``) has an extra best response.

    Only responses after the support's last index are tried: each larger set is then tested once.
    """
    if len(support) >= size:
        return
    nonnegative = s.min(axis=1) >= -PROBABILITY_MARGIN
    for j in range(max(support) + 1, size):
        tie = np.abs(payoffs[:, j] - w) <= slack
        rest = [c for c in range(size) if c not in support and c != j]
        best = (payoffs[:, rest].max(axis=1) <= w + slack) if rest else np.ones(len(w), dtype=bool)
        unsure |= tie & nonnegative & best & ~singular


def _finish(A, B, found, unsure, absolute_tol) -> list[tuple | None]:
    """Verify, price and order the equilibria of every game (as the verifier and ``solve`` do)."""
    N = A.shape[0]
    results: list[tuple | None] = [None] * N
    if found:
        games = np.concatenate([f[0] for f in found])
        X = np.concatenate([f[1] for f in found])
        Y = np.concatenate([f[2] for f in found])
    else:
        games, X, Y = np.zeros(0, dtype=int), np.zeros((0, A.shape[1])), np.zeros((0, A.shape[2]))
    X = X / X.sum(axis=1, keepdims=True)
    Y = Y / Y.sum(axis=1, keepdims=True)
    Ay = np.einsum("eij,ej->ei", A[games], Y)
    xB = np.einsum("ei,eij->ej", X, B[games])
    row_value, col_value = (X * Ay).sum(axis=1), (xB * Y).sum(axis=1)
    regret = np.maximum(Ay.max(axis=1) - row_value, xB.max(axis=1) - col_value)
    failed = np.zeros(N, dtype=bool)
    np.logical_or.at(failed, games, ~(regret <= absolute_tol[games]))
    keys = (-np.round(np.hstack([X, Y]), 9)).tolist()
    rows, cols = X.tolist(), Y.tolist()
    payoffs = np.column_stack([row_value, col_value]).tolist()
    regret = np.maximum(regret, 0.0).tolist()
    per_game: list[list[int]] = [[] for _ in range(N)]
    for e, g in enumerate(games.tolist()):
        per_game[g].append(e)
    for g in range(N):
        if unsure[g] or failed[g]:
            continue
        members = sorted(per_game[g], key=keys.__getitem__)
        results[g] = tuple(
            (tuple(rows[e]), tuple(cols[e]), tuple(payoffs[e]), regret[e], k) for k, e in enumerate(members)
        )
    return results
