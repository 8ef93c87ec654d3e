"""Vertices of best-response polytopes, in floating point and in exact arithmetic.

Every complete method rests on the same geometry (von Stengel's formulation).
With payoffs shifted to be positive, the row player's polytope is
``P = {x >= 0 : B^T x <= 1}`` and the column player's is ``Q = {y >= 0 : A y <= 1}``.
A point carries *labels*: for ``x`` in ``P`` the rows ``i`` with ``x_i = 0`` and the
columns ``j`` where ``(B^T x)_j = 1``; for ``y`` in ``Q`` the rows where ``(A y)_i = 1``
and the columns with ``y_j = 0``. Labels run ``0 .. m-1`` for rows and ``m .. m+n-1``
for columns. A pair of nonzero vertices whose labels together cover all ``m + n``
is, once normalised, an extreme Nash equilibrium, and every extreme equilibrium
arises that way.

Both polytopes have the form ``{z >= 0 : C z <= 1}`` with ``C`` positive; the
functions here work on that form and report, per vertex, which coordinates are
zero and which constraints are tight.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from math import lcm

import numpy as np

from ..errors import SolverError


def normalise_float(M: np.ndarray) -> np.ndarray:
    """Positive affine image of ``M`` with entries in ``[1, 2]`` (equilibria unchanged)."""
    low, high = float(M.min()), float(M.max())
    if high - low <= 0:
        return np.ones_like(M, dtype=float)
    return 1.0 + (M - low) / (high - low)


def normalise_exact(M: list[list[Fraction]]) -> list[list[Fraction]]:
    """``M`` shifted so that its smallest entry is 1."""
    shift = 1 - min(min(row) for row in M)
    return [[v + shift for v in row] for row in M]


# ---------------------------------------------------------------- floating point


def qhull_vertices(C: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of ``{z >= 0 : C z <= 1}`` by Qhull on the polar point set.

    Returns ``(Z, zero, tight)``: one row per distinct vertex (the origin
    included), boolean masks of zero coordinates and tight constraints.
    """
    k, d = C.shape
    if d == 1:  # a segment [0, 1/max C]
        Z = np.array([[0.0], [1.0 / C[:, 0].max()]])
        return Z, Z <= tol, (Z @ C.T) >= 1 - tol
    from scipy.spatial import ConvexHull, QhullError  # heavy: loaded only when a hull is needed

    step = 0.5 / C.sum(axis=1).max()
    centre = np.full(d, step)
    normals = np.vstack([-np.eye(d), C])
    slack = np.concatenate([np.full(d, step), 1.0 - C @ centre])
    try:
        hull = ConvexHull(normals / slack[:, None])
    except QhullError as error:  # pragma: no cover - a full-dimensional polytope never lands here
        raise SolverError(f"vertex enumeration failed in Qhull: {str(error).splitlines()[0]}") from None
    eq = hull.equations
    Z = centre + eq[:, :-1] / (-eq[:, -1:])
    Z = _unique_rows(Z, tol)
    Z[np.abs(Z) <= tol] = 0.0
    return Z, Z <= tol, (Z @ C.T) >= 1 - tol


def _unique_rows(Z: np.ndarray, tol: float) -> np.ndarray:
    """Rows of ``Z`` with duplicates (equal on a grid of ``10 * tol``) merged.

    Rows are hashed to one integer each (grid coordinates against fixed odd
    weights, wrapping on overflow) so that the search for duplicates is
    one-dimensional; rows that share a hash are compared in full.
    """
    grid = np.round(Z / (10 * tol)).astype(np.int64)
    weights = np.arange(1, 2 * Z.shape[1], 2, dtype=np.int64) * np.int64(0x9E3779B97F4A7C15 >> 2)
    keys = grid @ weights
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    if (counts > 1).any():  # shared hash: decide on the full grid rows
        _, first = np.unique(grid, axis=0, return_index=True)
    return Z[np.sort(first)]


# ---------------------------------------------------------------- exact


def _integer_rows(C: list[list[Fraction]]) -> list[list[int]]:
    """Scale each row of ``C z <= 1`` to integers: row ``r`` becomes ``(a_r, b_r)``."""
    rows = []
    for row in C:
        scale = lcm(*(v.denominator for v in row))
        rows.append([int(v * scale) for v in row] + [scale])
    return rows


def exact_vertices(C: list[list[Fraction]]) -> dict[tuple[Fraction, ...], tuple[frozenset, frozenset]]:
    """Every vertex of ``{z >= 0 : C z <= 1}`` in exact arithmetic.

    Walks the graph of feasible bases from the origin with integer-preserving
    (Bareiss) pivots, following every pivot the ratio test allows, ties
    included. The feasible bases of a bounded polyhedron form a connected graph,
    so the walk meets every vertex, degenerate ones too.

    Returns ``{vertex: (zero coordinates, tight constraints)}``.

    >>> from fractions import Fraction as F
    >>> sorted(exact_vertices([[F(1), F(1)]]))
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
    """
    k, d = len(C), len(C[0])
    # Tableau rows: [coefficients of z (d) | slacks (k) | rhs], basis = slacks, det 1.
    # Each row is scaled to integers; a slack then measures scale * (1 - C_r z),
    # which is zero exactly when the constraint is tight.
    start = []
    for r, row in enumerate(_integer_rows(C)):
        slack = [0] * k
        slack[r] = 1
        start.append(row[:-1] + slack + [row[-1]])
    basis0 = tuple(d + r for r in range(k))
    seen = {frozenset(basis0)}
    queue = deque([(basis0, start, 1)])
    vertices: dict[tuple[Fraction, ...], tuple[frozenset, frozenset]] = {}
    while queue:
        basis, tab, det = queue.popleft()
        _record_vertex(vertices, basis, tab, det, d, k)
        nonbasic = set(range(d + k)) - set(basis)
        for col in nonbasic:
            for row in _ratio_rows(tab, col):
                new_basis = basis[:row] + (col,) + basis[row + 1 :]
                key = frozenset(new_basis)
                if key in seen:
                    continue
                seen.add(key)
                queue.append((new_basis, _pivot(tab, row, col, det), tab[row][col]))
    return vertices


def _ratio_rows(tab: list[list[int]], col: int) -> list[int]:
    """Rows allowed to leave when ``col`` enters: the minimum ratios, ties all kept."""
    best: list[int] = []
    best_num, best_den = None, None
    for r, row in enumerate(tab):
        a = row[col]
        if a <= 0:
            continue
        num = row[-1]
        if best_num is None or num * best_den < best_num * a:
            best, best_num, best_den = [r], num, a
        elif num * best_den == best_num * a:
            best.append(r)
    return best


def _pivot(tab: list[list[int]], r: int, c: int, det: int) -> list[list[int]]:
    """Integer pivot on ``(r, c)``; every entry stays an integer (Bareiss)."""
    pivot_row = tab[r]
    p = pivot_row[c]
    out = []
    for i, row in enumerate(tab):
        if i == r:
            out.append(list(row))
            continue
        f = row[c]
        if f == 0:
            out.append([(v * p) // det for v in row])
        else:
            out.append([(v * p - f * w) // det for v, w in zip(row, pivot_row, strict=True)])
    return out


def _record_vertex(vertices, basis, tab, det, d, k) -> None:
    values = [Fraction(0)] * (d + k)
    for r, var in enumerate(basis):
        values[var] = Fraction(tab[r][-1], det)
    z = tuple(values[:d])
    if z not in vertices:
        zero = frozenset(i for i in range(d) if values[i] == 0)
        tight = frozenset(r for r in range(k) if values[d + r] == 0)
        vertices[z] = (zero, tight)
