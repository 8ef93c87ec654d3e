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

#: Codes :func:`partners` returns instead of a count when the caller must take its general path.
SHORT, FLAGGED = -1, -2


@njit(cache=True)
def partners(An, Z, zero, tight, tol, prune_from, screen_ratio, X, Y, surplus_vertices, flagged):  # pragma: no cover
    """Partners of the nondegenerate vertices among the rows of ``Z`` (vertices of ``P``).

    Returns ``(hits, surplus, doubtful, seen)``: the first ``hits`` rows of
    ``X`` and ``Y`` are filled with equilibria (both normalised), the first
    ``surplus`` entries of ``surplus_vertices`` with the vertices carrying more
    tight columns than their support size (left to the caller), the first
    ``doubtful`` entries of ``flagged`` with the vertices whose system has a
    Hadamard ratio below ``screen_ratio`` (for the caller to test by singular
    values; those solved are among the hits), and ``seen`` says whether a
    partner found carries surplus labels. The origin is skipped. When more
    than ``prune_from`` vertices are nondegenerate, those
    :func:`~bargain.equilibria._partners.beaten` would drop are dropped unsolved.
    ``hits`` is ``SHORT`` (nothing decided) when a vertex has fewer tight
    columns than its support size, ``FLAGGED`` when a system had an exactly zero pivot.
    """
    m, n = An.shape
    count = Z.shape[0]
    K = np.empty(m, dtype=np.int64)
    T = np.empty(n, dtype=np.int64)
    work = np.empty((m, m))
    y = np.empty(m)
    plain = 0
    surplus = 0
    for v in range(count):
        k = 0
        for i in range(m):
            if not zero[v, i]:
                k += 1
        t = 0
        for j in range(n):
            if tight[v, j]:
                t += 1
        if t > k:
            surplus_vertices[surplus] = v
            surplus += 1
        elif k > 0:
            if t < k:
                return SHORT, 0, 0, False
            plain += 1
    screen = plain > prune_from
    hits = 0
    doubtful = 0
    seen = False
    zero_pivot = False
    for v in range(count):
        k = 0
        for i in range(m):
            if not zero[v, i]:
                K[k] = i
                k += 1
        t = 0
        for j in range(n):
            if tight[v, j]:
                T[t] = j
                t += 1
        if k == 0 or t != k:
            continue
        if screen and _beaten(An, K, T, k, m, tol):
            continue
        norms = 1.0
        for a in range(k):
            s = 0.0
            for b in range(k):
                e = An[K[a], T[b]]
                work[a, b] = e
                s += e * e
            norms *= np.sqrt(s)
        det = 1.0
        for c in range(k):  # LU with partial pivoting, in place
            p = c
            big = abs(work[c, c])
            for a in range(c + 1, k):
                if abs(work[a, c]) > big:
                    big = abs(work[a, c])
                    p = a
            if p != c:
                for b in range(k):
                    work[p, b], work[c, b] = work[c, b], work[p, b]
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
        if not abs(det) / norms >= screen_ratio:
            flagged[doubtful] = v
            doubtful += 1
            if det == 0.0:
                zero_pivot = True
                continue
        # right-hand side all ones (row swaps leave it unchanged): forward, then back substitution
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
        total = 0.0
        for a in range(k):
            if y[a] < -tol:
                ok = False
                break
            if y[a] <= tol:
                low = True
            total += y[a]
        if not ok:
            continue
        tight_rows = 0
        for i in range(m):
            s = 0.0
            for a in range(k):
                s += An[i, T[a]] * y[a]
            if s > 1.0 + tol:
                ok = False
                break
            if s >= 1.0 - tol:
                tight_rows += 1
        if not ok:
            continue
        seen = seen or low or tight_rows > k
        for j in range(n):
            Y[hits, j] = 0.0
        for a in range(k):
            Y[hits, T[a]] = y[a] / total
        mass = 0.0
        for i in range(m):
            mass += Z[v, i]
        for i in range(m):
            X[hits, i] = Z[v, i] / mass
        hits += 1
    if zero_pivot:
        return FLAGGED, surplus, doubtful, seen
    return hits, surplus, doubtful, seen


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
def polar_points(C, points):  # pragma: no cover - compiled
    """The points of :func:`~bargain.equilibria._polytope.qhull_vertices`'s polar set; returns ``step``.

    Rows ``0 .. d-1`` are ``-e_c / step`` (the constraints ``z_c >= 0``), row
    ``d + j`` is ``C[j] / (1 - step * sum(C[j]))``, about the interior point
    ``step * (1, ..., 1)`` with ``step = 0.5 / max row sum``.
    """
    k, d = C.shape
    largest = 0.0
    for j in range(k):
        s = 0.0
        for c in range(d):
            s += C[j, c]
        largest = max(largest, s)
    step = 0.5 / largest
    for a in range(d):
        for c in range(d):
            points[a, c] = 0.0
        points[a, a] = -1.0 / step
    for j in range(k):
        s = 0.0
        for c in range(d):
            s += C[j, c]
        scale = 1.0 - step * s
        for c in range(d):
            points[d + j, c] = C[j, c] / scale
    return step


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
