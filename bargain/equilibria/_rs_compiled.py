"""The reverse search of :mod:`.reverse_search`, compiled (numba) over 64-bit integers.

The walk is the same (lexicographic ratio test, Bland's rule, a vertex reported
at its lexicographically smallest basis), done without a stack: going down
pivots from a dictionary to a child, going up pivots back along the simplex
step the child would take, and a column counter says where the search of a
dictionary's children resumes. The state is one dictionary, its depth and that
counter, so memory stays the size of one dictionary however long the walk.

Entries stay exact while they are below :data:`LIMIT` (then a product of two,
and a difference of two such products, fits in 64 bits). When a pivot leaves a
larger entry the kernel stops and hands the state back, and the walk goes on
in Python integers from there. Each call does at most a given number of pivots,
so the caller can look at the clock (or a Ctrl-C) between calls.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Entries below this bound keep every product the kernel forms exact in ``int64``.
LIMIT = 2**31

#: Status codes returned by :func:`run`.
DONE, PAUSED, OVERFLOW = 0, 1, 2


@njit(cache=True)
def _leaving(M, s, k, d, column_of, row_of, alive):
    """Row leaving when column ``s`` enters (lexicographic minimum ratio), or -1 if none."""
    n = 0
    for i in range(k):
        t = M[i, s]
        if t > 0:
            if n == 0:
                alive[0] = i
                n = 1
            else:
                b = alive[0]
                left = M[i, d] * M[b, s]
                right = M[b, d] * t
                if left < right:
                    alive[0] = i
                    n = 1
                elif left == right:
                    alive[n] = i
                    n += 1
    if n == 0:
        return -1
    v = 0
    total = k + d
    while n > 1 and v < total:
        c = column_of[v]
        if c < 0:
            gone = row_of[v]
            kept = 0
            for q in range(n):
                if alive[q] != gone:
                    alive[kept] = alive[q]
                    kept += 1
            n = kept
        else:
            b = alive[0]
            kept = 1
            for q in range(1, n):
                r = alive[q]
                left = M[r, c] * M[b, s]
                right = M[b, c] * M[r, s]
                if left < right:
                    b = r
                    alive[0] = r
                    kept = 1
                elif left == right:
                    alive[kept] = r
                    kept += 1
            n = kept
        v += 1
    return alive[0]


@njit(cache=True)
def _pivot(M, D, basis, cobasis, column_of, row_of, r, s):
    """Pivot in place on ``(r, s)``; returns the new determinant and the largest entry's size."""
    k1, d1 = M.shape
    p = M[r, s]
    big = 0
    for i in range(k1):
        if i == r:
            continue
        f = M[i, s]
        if f == 0:
            if p != D:
                for j in range(d1):
                    M[i, j] = M[i, j] * p // D
        else:
            for j in range(d1):
                if j != s:
                    M[i, j] = (M[i, j] * p - f * M[r, j]) // D
        M[i, s] = -f
    M[r, s] = D
    if p < 0:
        for i in range(k1):
            for j in range(d1):
                M[i, j] = -M[i, j]
        p = -p
    for i in range(k1):
        for j in range(d1):
            a = M[i, j]
            if a < 0:
                a = -a
            if a > big:
                big = a
    leaving, entering = basis[r], cobasis[s]
    basis[r], cobasis[s] = entering, leaving
    column_of[leaving], row_of[leaving] = s, -1
    column_of[entering], row_of[entering] = -1, r
    return p, big


@njit(cache=True)
def _child_row(M, s, k, d, basis, cobasis, column_of, row_of, alive):
    """The row of the pivot from this dictionary to a child through column ``s``, or -1."""
    cost = M[k, s]
    if cost <= 0:
        return -1
    r = _leaving(M, s, k, d, column_of, row_of, alive)
    if r < 0:
        return -1
    p = M[r, s]
    leaving = basis[r]
    for j in range(d):
        if j != s and cobasis[j] < leaving and M[k, j] * p - cost * M[r, j] < 0:
            return -1
    return r


@njit(cache=True)
def _is_lexmin(M, k, d, basis, cobasis):
    for i in range(k):
        if M[i, d] == 0:
            b = basis[i]
            for j in range(d):
                if M[i, j] != 0 and cobasis[j] < b:
                    return False
    return True


@njit(cache=True)
def run(M, state, basis, cobasis, column_of, row_of, out_basis, out_rhs, out_D, max_pivots):
    """Walk on from ``state`` = ``[D, depth, next column, largest entry]``; all arrays change in place.

    Returns ``(status, count)``: the first ``count`` rows of ``out_basis``,
    ``out_rhs`` and ``out_D`` are vertices found (at their lexicographically
    smallest basis). ``status`` is :data:`DONE` (back at the root, every child
    seen), :data:`PAUSED` (the output is full or ``max_pivots`` were done) or
    :data:`OVERFLOW` (an entry reached :data:`LIMIT`: go on in Python integers).
    """
    k = M.shape[0] - 1
    d = M.shape[1] - 1
    D, depth, j, big = state[0], state[1], state[2], state[3]
    alive = np.empty(max(k, 1), np.int64)
    cap = out_basis.shape[0]
    count = 0
    pivots = 0
    status = DONE
    while True:
        if big >= LIMIT:
            status = OVERFLOW
            break
        if pivots >= max_pivots or count == cap:
            status = PAUSED
            break
        if j < d:
            r = _child_row(M, j, k, d, basis, cobasis, column_of, row_of, alive)
            if r < 0:
                j += 1
                continue
            D, big = _pivot(M, D, basis, cobasis, column_of, row_of, r, j)
            depth += 1
            j = 0
            pivots += 1
            if _is_lexmin(M, k, d, basis, cobasis):
                for i in range(k):
                    out_basis[count, i] = basis[i]
                    out_rhs[count, i] = M[i, d]
                out_D[count] = D
                count += 1
        else:
            if depth == 0:
                break
            s = -1
            for c in range(d):
                if M[k, c] < 0 and (s < 0 or cobasis[c] < cobasis[s]):
                    s = c
            r = _leaving(M, s, k, d, column_of, row_of, alive)
            D, big = _pivot(M, D, basis, cobasis, column_of, row_of, r, s)
            depth -= 1
            j = s + 1
            pivots += 1
    state[0], state[1], state[2], state[3] = D, depth, j, big
    return status, count
