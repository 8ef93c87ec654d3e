"""The reverse search of :mod:`.reverse_search`, compiled (numba) over 64-bit integers.

The walk is the same (lexicographic ratio test, Bland's rule, a vertex reported
at its lexicographically smallest basis), done without a stack: going down
pivots from a dictionary to a child, going up pivots back along the simplex
step the child would take, and a column counter says where the search of a
dictionary's children resumes. The state is one dictionary, its depth and that
counter, so memory stays the size of one dictionary however long the walk.

Entries are int64 below 2**60 in size; products of two are formed exactly in
two words (:mod:`._int128`). When a pivot would leave a larger entry the kernel
stops before it and hands the state back, and the walk goes on in Python
integers from there. Each call does at most a given number of pivots,
so the caller can look at the clock (or a Ctrl-C) between calls.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._int128 import SMALL, divisor, pivot_entry, product_cmp

#: Status codes returned by :func:`run`.
DONE, PAUSED, OVERFLOW = 0, 1, 2


@njit(cache=True)
def _less_than(a, b, c, d, wide):
    """Sign of ``a * b - c * d``; plain products unless ``wide`` (some entry past 31 bits)."""
    if wide:
        return product_cmp(a, b, c, d)
    x = a * b - c * d
    return (x > 0) - (x < 0)


@njit(cache=True)
def _leaving(M, s, k, d, column_of, row_of, alive, wide):
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
                order = _less_than(M[i, d], M[b, s], M[b, d], t, wide)
                if order < 0:
                    alive[0] = i
                    n = 1
                elif order == 0:
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
                order = _less_than(M[r, c], M[b, s], M[b, c], M[r, s], wide)
                if order < 0:
                    b = r
                    alive[0] = r
                    kept = 1
                elif order == 0:
                    alive[kept] = r
                    kept += 1
            n = kept
        v += 1
    return alive[0]


@njit(cache=True)
def _pivot(M, N, D, basis, cobasis, column_of, row_of, r, s, wide):
    """Pivot on ``(r, s)`` through the scratch table ``N``: ``(new determinant, whether an entry is wide)``.

    The determinant is 0 when an entry would be too large; then nothing has changed.
    """
    k1, d1 = M.shape
    p = M[r, s]
    t, inv = divisor(D)
    for i in range(k1):
        if i == r:
            for j in range(d1):
                N[i, j] = M[i, j]
            continue
        f = M[i, s]
        if f == 0 and p == D:
            for j in range(d1):
                N[i, j] = M[i, j]
            continue
        if wide:
            for j in range(d1):
                if j != s:
                    value, fits = pivot_entry(M[i, j], p, f, M[r, j], D, t, inv)
                    if not fits:
                        return 0, wide
                    N[i, j] = value
        else:
            for j in range(d1):
                if j != s:
                    value = (M[i, j] * p - f * M[r, j]) // D
                    if abs(value) >= 2**60:
                        return 0, wide
                    N[i, j] = value
        N[i, s] = -f
    N[r, s] = D
    if p < 0:
        for i in range(k1):
            for j in range(d1):
                N[i, j] = -N[i, j]
        p = -p
    big = 0
    for i in range(k1):
        for j in range(d1):
            value = N[i, j]
            M[i, j] = value
            if value > big:
                big = value
            elif -value > big:
                big = -value
    leaving, entering = basis[r], cobasis[s]
    basis[r], cobasis[s] = entering, leaving
    column_of[leaving], row_of[leaving] = s, -1
    column_of[entering], row_of[entering] = -1, r
    return p, big > SMALL


@njit(cache=True)
def _child_row(M, s, k, d, basis, cobasis, column_of, row_of, alive, wide):
    """The row of the pivot from this dictionary to a child through column ``s``, or -1."""
    cost = M[k, s]
    if cost <= 0:
        return -1
    r = _leaving(M, s, k, d, column_of, row_of, alive, wide)
    if r < 0:
        return -1
    p = M[r, s]
    leaving = basis[r]
    for j in range(d):
        if j != s and cobasis[j] < leaving and _less_than(M[k, j], p, cost, M[r, j], wide) < 0:
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
    """Walk on from ``state`` = ``[D, depth, next column]``; all arrays change in place.

    Returns ``(status, count)``: the first ``count`` rows of ``out_basis``,
    ``out_rhs`` and ``out_D`` are vertices found (at their lexicographically
    smallest basis). ``status`` is :data:`DONE` (back at the root, every child
    seen), :data:`PAUSED` (the output is full or ``max_pivots`` were done) or
    :data:`OVERFLOW` (the next pivot would leave an entry too large: go on in
    Python integers from the state, which is as it was before that pivot).
    """
    k = M.shape[0] - 1
    d = M.shape[1] - 1
    D, depth, j = state[0], state[1], state[2]
    alive = np.empty(max(k, 1), np.int64)
    N = np.empty_like(M)
    wide = np.abs(M).max() > SMALL
    cap = out_basis.shape[0]
    count = 0
    pivots = 0
    status = DONE
    while True:
        if pivots >= max_pivots or count == cap:
            status = PAUSED
            break
        if j < d:
            r = _child_row(M, j, k, d, basis, cobasis, column_of, row_of, alive, wide)
            if r < 0:
                j += 1
                continue
            p, wide = _pivot(M, N, D, basis, cobasis, column_of, row_of, r, j, wide)
            if p == 0:
                status = OVERFLOW
                break
            D = p
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
            r = _leaving(M, s, k, d, column_of, row_of, alive, wide)
            p, wide = _pivot(M, N, D, basis, cobasis, column_of, row_of, r, s, wide)
            if p == 0:
                status = OVERFLOW
                break
            D = p
            depth -= 1
            j = s + 1
            pivots += 1
    state[0], state[1], state[2] = D, depth, j
    return status, count
