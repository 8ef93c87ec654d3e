"""The partner solves of :func:`bargain.equilibria._partners.square_partners`, compiled (numba) in floats.

For each nondegenerate vertex ``x`` of ``P`` (support ``K``, tight columns ``T``,
``|K| = |T| = k``) the kernel gathers ``A[K, T]``, factors it by Gaussian
elimination with partial pivoting (the factorisation LAPACK's ``getrf`` uses),
and reports the Hadamard ratio ``|det| / prod(row norms)`` that
:func:`~bargain.equilibria._partners._near_singular` screens with; then it solves
``A[K, T] y_T = 1`` and applies the same tests as the batched solves: ``y >= -tol``,
``A y <= 1 + tol``, and surplus labels on a partner found. A batch of small
systems costs LAPACK a call per system; here it is a loop over a few hundred
floating-point operations each.

The decisions stay with the caller: a vertex whose ratio is below the screen's
threshold is confirmed (or not) by singular values in numpy, as before.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Per-vertex outcomes of :func:`partners`.
MISS, HIT, SKIPPED = 0, 1, 2


@njit(cache=True)
def partners(An, zero, tight, tol, screen, Y, status, ratio, surplus):  # pragma: no cover - compiled
    """Fill ``Y[v]``, ``status[v]``, ``ratio[v]``, ``surplus[v]`` for every vertex ``v``.

    ``screen``: first drop vertices :func:`~bargain.equilibria._partners.beaten`
    would drop (``status`` SKIPPED, no solve). Returns -1 when a vertex has
    ``|T| != |K|`` (the caller then takes its general path), else 0.
    """
    m, n = An.shape
    count = zero.shape[0]
    K = np.empty(m, dtype=np.int64)
    T = np.empty(n, dtype=np.int64)
    work = np.empty((m, m))
    y = np.empty(m)
    perm = np.empty(m, dtype=np.int64)
    for v in range(count):
        k = 0
        for i in range(m):
            if not zero[v, i]:
                K[k] = i
                k += 1
        t = 0
        for j in range(n):
            if tight[v, j]:
                if t == k:
                    return -1
                T[t] = j
                t += 1
        if t != k:
            return -1
        for j in range(n):
            Y[v, j] = 0.0
        surplus[v] = False
        ratio[v] = 1.0
        if screen and _beaten(An, K, T, k, m, tol):
            status[v] = SKIPPED
            continue
        norms = 1.0
        for a in range(k):
            s = 0.0
            for b in range(k):
                e = An[K[a], T[b]]
                work[a, b] = e
                s += e * e
            norms *= np.sqrt(s)
            perm[a] = a
        det = 1.0
        for c in range(k):
            p = c
            big = abs(work[c, c])
            for a in range(c + 1, k):
                if abs(work[a, c]) > big:
                    big = abs(work[a, c])
                    p = a
            if p != c:
                for b in range(k):
                    work[p, b], work[c, b] = work[c, b], work[p, b]
                perm[p], perm[c] = perm[c], perm[p]
                det = -det
            d = work[c, c]
            det *= d
            if d == 0.0:
                break
            for a in range(c + 1, k):
                f = work[a, c] / d
                work[a, c] = f
                for b in range(c + 1, k):
                    work[a, b] -= f * work[c, b]
        ratio[v] = abs(det) / norms
        if det == 0.0:
            status[v] = MISS
            continue
        # right-hand side all ones: forward substitution with the unit lower factor, then back substitution
        for a in range(k):
            s = 1.0
            for b in range(a):
                s -= work[a, b] * y[b]
            y[a] = s
        for a in range(k - 1, -1, -1):
            s = y[a]
            for b in range(a + 1, k):
                s -= work[a, b] * y[b]
            y[a] = s / work[a, a]
        ok = True
        low = False
        for a in range(k):
            if y[a] < -tol:
                ok = False
            if y[a] <= tol:
                low = True
            Y[v, T[a]] = y[a]
        tight_rows = 0
        if ok:
            for i in range(m):
                s = 0.0
                for a in range(k):
                    s += An[i, T[a]] * y[a]
                if s > 1.0 + tol:
                    ok = False
                    break
                if s >= 1.0 - tol:
                    tight_rows += 1
        status[v] = HIT if ok else MISS
        surplus[v] = ok and (low or tight_rows > k)
    return 0


@njit(cache=True)
def _beaten(An, K, T, k, m, tol):  # pragma: no cover - compiled
    """Some row beats a row of the support by more than ``4 tol`` on every tight column."""
    for a in range(k):
        i = K[a]
        for r in range(m):
            if r == i:
                continue
            every = True
            for b in range(k):
                j = T[b]
                if not An[r, j] > An[i, j] + 4 * tol:
                    every = False
                    break
            if every:
                return True
    return False


@njit(cache=True)
def polar_vertices(eq, step, C, tol, Z, zero, tight):  # pragma: no cover - compiled
    """The tail of :func:`~bargain.equilibria._polytope.qhull_vertices`: vertices from facet equations.

    Row ``f`` of ``eq`` gives the vertex ``eq[f, :-1] / -eq[f, -1] + step``;
    vertices equal on a grid of ``10 tol`` are merged (the first kept, found by
    sorting one hash per row, as ``_unique_rows``), coordinates within ``tol`` of
    zero are set to zero. Fills the first rows of ``Z``, ``zero`` and ``tight``
    and returns their count.
    """
    count, width = eq.shape
    d = width - 1
    k = C.shape[0]
    raw = np.empty((count, d))
    grid = np.empty((count, d), dtype=np.int64)
    keys = np.zeros(count, dtype=np.int64)
    scale = 10 * tol
    for f in range(count):
        denominator = -eq[f, d]
        for c in range(d):
            value = eq[f, c] / denominator + step
            raw[f, c] = value
            g = np.int64(np.rint(value / scale))
            grid[f, c] = g
            keys[f] = (keys[f] ^ g) * np.int64(0x100000001B3)  # FNV-style mixing, wrapping
    order = np.argsort(keys, kind="mergesort")  # stable: rows of one key in their own order
    keep = np.ones(count, dtype=np.bool_)
    start = 0
    while start < count:
        end = start + 1
        while end < count and keys[order[end]] == keys[order[start]]:
            end += 1
        for b in range(start + 1, end):
            q = order[b]
            for a in range(start, b):
                p = order[a]
                if keep[p] and _same_row(grid, p, q):
                    keep[q] = False
                    break
        start = end
    rows = 0
    for f in range(count):
        if not keep[f]:
            continue
        for c in range(d):
            value = raw[f, c]
            if abs(value) <= tol:
                value = 0.0
            Z[rows, c] = value
            zero[rows, c] = value <= tol
        for j in range(k):
            s = 0.0
            for c in range(d):
                s += C[j, c] * Z[rows, c]
            tight[rows, j] = s >= 1 - tol
        rows += 1
    return rows


@njit(cache=True)
def _same_row(grid, p, q):  # pragma: no cover - compiled
    for c in range(grid.shape[1]):
        if grid[p, c] != grid[q, c]:
            return False
    return True
