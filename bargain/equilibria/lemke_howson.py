"""The Lemke--Howson algorithm: one equilibrium per dropped label.

Payoffs are first shifted to be positive, so that the best-response polytopes

    P = {x >= 0 : B'^T x <= 1}      Q = {y >= 0 : A' y <= 1}

are bounded. Label ``i`` (``0 <= i < m``) stands for the row player's action
``i`` and label ``m + j`` for the column player's action ``j``; a point of
``P x Q`` other than the origin is an equilibrium (after normalising) exactly
when every label appears at ``x`` or at ``y``. Starting from the origin, the
algorithm drops one label ``k`` and follows the unique path of points missing
only ``k`` by complementary pivoting, alternating between the two tableaux,
until ``k`` is picked up again.

The minimum-ratio test is lexicographic (ties broken by the rows of the
current basis inverse), which keeps the path well defined in degenerate games,
so the algorithm cannot cycle. ``exact=True`` pivots in rational arithmetic.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import SolverError

#: Pivot elements at or below this size count as zero (float mode, payoffs scaled to [1, 2]).
PIVOT_TOL = 1e-12
#: Ratios closer than this count as tied in the lexicographic test (float mode).
TIE_TOL = 1e-10
MAX_PIVOTS = 100_000


def _positive(M, exact: bool):
    """Payoffs shifted (and, in float mode, scaled) into [1, 2]; equilibria are unchanged."""
    if exact:
        M = np.array([[Fraction(v) for v in row] for row in M], dtype=object)
        return M - M.min() + 1
    M = np.asarray(M, dtype=float)
    span = float(M.max() - M.min())
    return (M - M.min()) / (span if span > 0 else 1.0) + 1.0


def _tableaux(A, B, exact: bool):
    """The two initial tableaux with their bases (columns indexed by label, last is the rhs)."""
    m, n = A.shape
    dtype, zero, one = (object, Fraction(0), Fraction(1)) if exact else (float, 0.0, 1.0)
    q = np.full((m, m + n + 1), zero, dtype=dtype)
    q[:, :m] = np.where(np.eye(m, dtype=bool), one, zero)
    q[:, m:m + n] = A
    q[:, -1] = one
    p = np.full((n, m + n + 1), zero, dtype=dtype)
    p[:, :m] = B.T
    p[:, m:m + n] = np.where(np.eye(n, dtype=bool), one, zero)
    p[:, -1] = one
    # each tableau: [table, basis (label per row), columns of the initial basis for the lexicographic test]
    return [p, list(range(m, m + n)), list(range(m, m + n))], [q, list(range(m)), list(range(m))]


def _leaving_row(T, entering: int, slack: list[int], exact: bool) -> int:
    """Row chosen by the lexicographic minimum-ratio test."""
    column = T[:, entering]
    rows = np.flatnonzero(np.asarray(column > (0 if exact else PIVOT_TOL), dtype=bool))
    if rows.size == 0:
        raise SolverError("Lemke-Howson: unbounded pivot column (payoffs not positive?)")
    for c in [T.shape[1] - 1, *slack]:
        ratios = T[rows, c] / column[rows]
        low = ratios.min()
        rows = rows[np.asarray(ratios <= (low if exact else low + TIE_TOL), dtype=bool)]
        if rows.size == 1:
            break
    return int(rows[0])


def _pivot(tableau, entering: int, exact: bool) -> int:
    """Bring ``entering`` into the basis; return the label that leaves."""
    T, basis, slack = tableau
    r = _leaving_row(T, entering, slack, exact)
    T[r] = T[r] / T[r, entering]
    factors = T[:, entering].copy()
    factors[r] = 0
    T -= np.outer(factors, T[r])
    leaving, basis[r] = basis[r], entering
    return leaving


def _strategy(tableau, labels: range, exact: bool):
    T, basis, _ = tableau
    values = [Fraction(0) if exact else 0.0] * len(labels)
    for row, label in enumerate(basis):
        if label in labels:
            values[label - labels.start] = T[row, -1]
    total = sum(values)
    if not total > 0:
        raise SolverError("Lemke-Howson: the path ended at the artificial equilibrium")
    if exact:
        return [v / total for v in values]
    return np.clip(np.array(values, dtype=float), 0.0, None) / float(total)


def lemke_howson(A, B, label: int, *, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Follow the Lemke--Howson path that drops ``label``; return the equilibrium it ends at.

    Parameters
    ----------
    A, B : array_like, shape (m, n)
        Payoffs of the row and the column player.
    label : int
        The label dropped at the start: ``0..m-1`` are the row player's
        actions, ``m..m+n-1`` the column player's.
    exact : bool
        Pivot in rational arithmetic (entries are converted with
        :class:`~fractions.Fraction`) and return lists of Fractions.

    Returns
    -------
    x, y
        Mixed strategies of the row and the column player, each summing to one
        (float arrays, or lists of Fractions when ``exact``).

    Examples
    --------
    >>> A = [[3, 0], [0, 2]]; B = [[2, 0], [0, 3]]
    >>> x, y = lemke_howson(A, B, 0)
    >>> x.tolist(), y.tolist()
    ([1.0, 0.0], [1.0, 0.0])
    >>> lemke_howson(A, B, 1, exact=True)
    ([Fraction(0, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(1, 1)])
    """
    if np.ndim(A) != 2 or np.shape(A) != np.shape(B) or np.size(A) == 0:
        raise SolverError(f"Lemke-Howson needs two non-empty m x n payoff matrices, "
                          f"got shapes {np.shape(A)} and {np.shape(B)}")
    A, B = _positive(A, exact), _positive(B, exact)
    m, n = A.shape
    if not 0 <= label < m + n:
        raise SolverError(f"label {label} is out of range 0..{m + n - 1}")
    p, q = _tableaux(A, B, exact)
    tableau, other = (p, q) if label < m else (q, p)
    entering = label
    for _ in range(MAX_PIVOTS):
        leaving = _pivot(tableau, entering, exact)
        if leaving == label:
            return _strategy(p, range(m), exact), _strategy(q, range(m, m + n), exact)
        entering, tableau, other = leaving, other, tableau
    raise SolverError(f"Lemke-Howson did not finish within {MAX_PIVOTS} pivots")


def lemke_howson_all(A, B, *, exact: bool = False) -> list[tuple[np.ndarray, np.ndarray]]:
    """Run :func:`lemke_howson` from every label ``0..m+n-1`` (duplicates kept).

    Examples
    --------
    >>> A = [[1, -1], [-1, 1]]
    >>> [x.tolist() for x, _ in lemke_howson_all(A, [[-1, 1], [1, -1]])]
    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]
    """
    m, n = np.shape(A)
    return [lemke_howson(A, B, k, exact=exact) for k in range(m + n)]


__all__ = ["lemke_howson", "lemke_howson_all"]
