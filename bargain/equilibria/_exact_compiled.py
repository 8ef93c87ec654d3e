"""The partner step of :mod:`.exact_search` for a batch of vertices, compiled (numba) over 64-bit integers.

For each vertex ``x`` of the enumerated polytope (a row of bases and right-hand
sides from the compiled walk) the kernel finds the support ``K`` and the tight
columns ``T``. When ``|T| = |K|`` it solves ``A[K, T] y_T = 1`` by fraction-free
Gauss-Jordan elimination (every intermediate entry is a minor of the system, and
each division is exact) and tests ``y >= 0`` and ``A y <= 1``, all in integers.
Whatever it cannot settle exactly in 64 bits — a degenerate vertex, a singular
system, an entry that grows past :data:`LIMIT` — it leaves to Python, which
solves those as before.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Entries below this bound keep every product the kernel forms exact in ``int64``.
LIMIT = 2**31

#: What :func:`partner_batch` says about each vertex.
NONE, PAIR, PYTHON = 0, 1, 2

_SINGULAR, _OVERFLOW = -1, -2


@njit(cache=True)
def _gcd(a, b):
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


@njit(cache=True)
def _reduce(v):
    g = 0
    for i in range(v.shape[0]):
        g = _gcd(g, v[i])
    if g > 1:
        for i in range(v.shape[0]):
            v[i] //= g


@njit(cache=True)
def _solve_square(Q, rhs, K, T, size, work, w):
    """``Q[K, T] w = rhs[K] * den``: returns ``den > 0`` (``w`` filled), or a negative code."""
    for a in range(size):
        for b in range(size):
            work[a, b] = Q[K[a], T[b]]
        work[a, size] = rhs[K[a]]
    previous = 1
    for c in range(size):
        big = 0
        for a in range(size):
            for b in range(size + 1):
                v = abs(work[a, b])
                if v > big:
                    big = v
        if big >= LIMIT:
            return _OVERFLOW
        row = -1
        for a in range(c, size):
            if work[a, c] != 0:
                row = a
                break
        if row < 0:
            return _SINGULAR
        if row != c:
            for b in range(size + 1):
                work[row, b], work[c, b] = work[c, b], work[row, b]
        p = work[c, c]
        for a in range(size):
            if a == c:
                continue
            f = work[a, c]
            for b in range(size + 1):
                if b != c:
                    work[a, b] = (work[a, b] * p - f * work[c, b]) // previous
            work[a, c] = 0
        previous = p
    den = previous
    sign = 1 if den > 0 else -1
    for b in range(size):
        w[b] = work[b, size] * sign
    return den * sign


@njit(cache=True)
def partner_batch(bases, values, count, n, m, Q, rhs, largest, X, Y, status, degenerate):
    """The partner of each of ``count`` vertices; fills ``X``, ``Y`` (reduced integer vectors) and ``status``.

    ``bases`` and ``values`` are rows of basic variables and right-hand sides:
    variables ``0 .. n-1`` are the slacks of the enumerated polytope's rows (one
    per column of the partner), ``n .. n+m-1`` are ``x``. ``Q`` and ``rhs`` are the
    partner polytope ``Q y <= rhs``; ``largest`` the largest ``|Q|`` entry.
    ``status[e]`` is :data:`NONE` (no partner), :data:`PAIR` (``X[e]``, ``Y[e]``)
    or :data:`PYTHON` (left to the caller); ``degenerate[e]`` marks surplus labels.
    """
    k = bases.shape[1]
    K = np.empty(m, np.int64)
    T = np.empty(n, np.int64)
    loose = np.zeros(n, np.bool_)
    work = np.empty((m, m + 1), np.int64)
    w = np.empty(m, np.int64)
    for e in range(count):
        for i in range(m):
            X[e, i] = 0
        for j in range(n):
            loose[j] = False
            Y[e, j] = 0
        for r in range(k):
            v = bases[e, r]
            if v >= n:
                X[e, v - n] = values[e, r]
            elif values[e, r] != 0:
                loose[v] = True
        size = 0
        for i in range(m):
            if X[e, i] > 0:
                K[size] = i
                size += 1
        tight = 0
        for j in range(n):
            if not loose[j]:
                T[tight] = j
                tight += 1
        degenerate[e] = tight > size
        status[e] = NONE
        if size == 0:
            continue
        if tight != size:
            status[e] = PYTHON
            continue
        den = _solve_square(Q, rhs, K, T, size, work, w)
        if den < 0:
            status[e] = PYTHON
            continue
        feasible = True
        top = 0
        for b in range(size):
            if w[b] < 0:
                feasible = False
            top = max(top, w[b])
        if not feasible:
            continue
        if top >= 2**62 // (largest * size + 1) or den >= 2**62 // (rhs.max() + 1):
            status[e] = PYTHON
            continue
        for i in range(Q.shape[0]):
            load = 0
            for b in range(size):
                load += Q[i, T[b]] * w[b]
            if load > rhs[i] * den:
                feasible = False
                break
        if not feasible:
            continue
        for b in range(size):
            Y[e, T[b]] = w[b]
        _reduce(X[e])
        _reduce(Y[e])
        status[e] = PAIR
