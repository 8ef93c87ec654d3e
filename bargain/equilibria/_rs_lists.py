"""The two inner steps of :mod:`.reverse_search` on a dictionary held as lists of Python integers.

These run once per vertex when entries outgrow 64-bit code, so they are written
for few operations on big integers and few Python-level steps: a pivot touches
each entry of a row that changes once (one product pair, one exact division),
and the search for children reads each column it needs once and stops the
test of Bland's rule at the first failing column.

Layout and meaning as in :mod:`.reverse_search`: row ``r < k`` of ``M`` is
``D * x[basis[r]] + sum_c M[r][c] * x[cobasis[c]] = M[r][d]``, row ``k`` the
objective.
"""

from __future__ import annotations

from collections.abc import Callable


def pivot_rows(M: list[list[int]], D: int, basis: list[int], cobasis: list[int], r: int, s: int
               ) -> tuple[list[list[int]], int, list[int], list[int]]:
    """The dictionary after the basic variable of row ``r`` and the cobasic one of column ``s`` trade places.

    Returns ``(M, D, basis, cobasis)`` of the new dictionary; ``D`` stays positive.

    >>> pivot_rows([[2, 1, 4], [1, 1, 0]], 1, [0], [1, 2], 0, 0)
    ([[1, 1, 4], [-1, 1, -4]], 2, [1], [0, 2])
    """
    pivot_row = M[r]
    p = pivot_row[s]
    new = []
    for i, row in enumerate(M):
        if i == r:
            out = row.copy()
            out[s] = D
        else:
            f = row[s]
            if f:
                out = [(v * p - f * w) // D for v, w in zip(row, pivot_row)]  # noqa: B905 - same length
            elif p == D:
                out = row.copy()
            else:
                out = [v * p // D for v in row]
            out[s] = -f
        new.append(out)
    if p < 0:  # keep D positive (a degenerate pivot may use a negative entry)
        new, p = [[-v for v in row] for row in new], -p
    basis, cobasis = basis.copy(), cobasis.copy()
    basis[r], cobasis[s] = cobasis[s], basis[r]
    return new, p, basis, cobasis


def child_steps(M: list[list[int]], basis: list[int], cobasis: list[int], first: int,
                tie: Callable[[int, list[int]], int]) -> list[tuple[int, int]]:
    """Every ``(row, column)`` pivot to a child in the search tree, columns from ``first`` on.

    A column ``s`` with a positive objective entry leads to a child when the
    simplex step back from there would pick it again: the row ``r`` that leaves
    is the minimum-ratio row (``tie(s, rows)`` breaks ties, lexicographically),
    and no cobasic variable of the child smaller than ``basis[r]`` may have a
    negative objective entry there (Bland's rule).

    >>> child_steps([[1, 1, 1], [1, 1, 0]], [0], [1, 2], 0, None)
    [(0, 0), (0, 1)]
    """
    k = len(M) - 1
    d = len(M[0]) - 1
    objective = M[k]
    rows = M[:k]
    found = []
    for s in range(first, d):
        cost = objective[s]
        if cost <= 0:
            continue
        r, tied = -1, None
        for i, row in enumerate(rows):
            t = row[s]
            if t > 0:
                if r < 0:
                    r, top, bottom = i, row[d], t
                    continue
                left, right = row[d] * bottom, top * t
                if left < right:
                    r, top, bottom, tied = i, row[d], t, None
                elif left == right:
                    tied = [r, i] if tied is None else [*tied, i]
        if r < 0:
            continue  # an unbounded ray: none in a polytope
        if tied is not None:
            r = tie(s, tied)
        pivot_row, leaving = M[r], basis[r]
        p = pivot_row[s]
        for j, var in enumerate(cobasis):
            if var < leaving and j != s and objective[j] * p < cost * pivot_row[j]:
                break
        else:
            found.append((r, s))
    return found


def is_lexmin_rows(M: list[list[int]], basis: list[int], cobasis: list[int]) -> bool:
    """True at the lexicographically smallest basis of the vertex (no smaller variable can enter at zero).

    >>> is_lexmin_rows([[0, 1, 0], [1, 1, 0]], [2], [0, 1])
    False
    """
    for row, b in zip(M, basis):  # noqa: B905 - the objective row has no basic variable
        if row[-1] == 0:
            for v, var in zip(row, cobasis):  # noqa: B905 - the last entry is the right-hand side
                if v and var < b:
                    return False
    return True
