"""Vertices of best-response polytopes in floating point (exact mode walks them by reverse search).

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

import numpy as np

from ..errors import SolverError
from ._partners import COMPILED_FROM, compiled_kernels


def normalise_float(M: np.ndarray) -> np.ndarray:
    """Positive affine image of ``M`` with entries in ``[1, 2]`` (equilibria unchanged)."""
    low, high = float(M.min()), float(M.max())
    if high - low <= 0:
        return np.ones_like(M, dtype=float)
    return 1.0 + (M - low) / (high - low)


def qhull_vertices(C: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of ``{z >= 0 : C z <= 1}`` by Qhull on the polar point set.

    Returns ``(Z, zero, tight)``: one row per distinct vertex (the origin
    included), boolean masks of zero coordinates and tight constraints.
    """
    k, d = C.shape
    if d == 1:  # a segment [0, 1/max C]
        Z = np.array([[0.0], [1.0 / C[:, 0].max()]])
        return Z, Z <= tol, (Z @ C.T) >= 1 - tol
    # Polar of the polytope about the interior point ``centre``: constraint ``a z <= b`` becomes the
    # point ``a / (b - a centre)``.
    kernel = _kernel() if max(k, d) >= COMPILED_FROM else None
    if kernel is not None:  # the same arithmetic, compiled
        C = np.ascontiguousarray(C)
        points = np.empty((d + k, d))
        step = kernel.polar_points(C, points)
        eq = facet_equations(points)
        count = len(eq)
        Z = np.empty((count, d))
        zero = np.empty((count, d), dtype=bool)
        tight = np.empty((count, k), dtype=bool)
        rows = kernel.polar_vertices(eq, step, C, tol, Z, zero, tight)
        return Z[:rows], zero[:rows], tight[:rows]
    row_sums = C.sum(axis=1)
    step = 0.5 / row_sums.max()
    points = np.zeros((d + k, d))
    points[np.arange(d), np.arange(d)] = -1.0 / step
    points[d:] = C / (1.0 - step * row_sums)[:, None]
    eq = facet_equations(points)
    Z = eq[:, :-1] / (-eq[:, -1:]) + step
    Z = _unique_rows(Z, tol)
    Z[np.abs(Z) <= tol] = 0.0
    return Z, Z <= tol, (Z @ C.T) >= 1 - tol


def _kernel():
    """The compiled kernels (numba), or ``None`` when numba is not installed."""
    return compiled_kernels()


def facet_equations(points: np.ndarray) -> np.ndarray:
    """Facet hyperplanes ``[normal, offset]`` of the convex hull of ``points``, one row per simplex.

    The Qhull run of ``scipy.spatial.ConvexHull`` (options ``Qt``, and ``Qx``
    above four dimensions; the same facets in the same order), without the
    hull's volume and area, which ``ConvexHull`` computes too and which cost
    a fifth of the run in ten dimensions. Falls back to ``ConvexHull`` where
    SciPy's Qhull wrapper does not offer that interface.

    >>> facet_equations(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])).shape
    (3, 3)
    """
    from scipy.spatial import ConvexHull, QhullError  # heavy: loaded only when a hull is needed

    points = np.ascontiguousarray(points, dtype=float)
    try:
        try:
            from scipy.spatial._qhull import _Qhull

            qhull = _Qhull(b"i", points, b"Qx" if points.shape[1] > 4 else b"", required_options=b"Qt")
        except (ImportError, TypeError):  # pragma: no cover - a SciPy whose wrapper differs
            return ConvexHull(points).equations
        try:
            qhull.triangulate()
            return qhull.get_simplex_facet_array()[2]
        finally:
            qhull.close()
    except QhullError as error:  # pragma: no cover - a full-dimensional polytope never lands here
        raise SolverError(f"vertex enumeration failed in Qhull: {str(error).splitlines()[0]}") from None


def _unique_rows(Z: np.ndarray, tol: float) -> np.ndarray:
    """Rows of ``Z`` with duplicates (equal on a grid of ``10 * tol``) merged.

    Rows are hashed to one integer each (grid coordinates against fixed odd
    weights, wrapping on overflow) so that the search for duplicates is
    one-dimensional; rows that share a hash are compared in full.
    """
    grid = np.round(Z / (10 * tol)).astype(np.int64)
    weights = np.arange(1, 2 * Z.shape[1], 2, dtype=np.int64) * np.int64(0x9E3779B97F4A7C15 >> 2)
    keys = grid @ weights
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return Z
    later, earlier = order[1:][same], order[:-1][same]
    if not (grid[later] == grid[earlier]).all():  # a true hash collision: decide on the full grid rows
        _, first = np.unique(grid, axis=0, return_index=True)
        return Z[np.sort(first)]
    keep = np.ones(len(Z), dtype=bool)
    keep[later] = False  # stable order: the first row of each run of equal keys is the earliest
    return Z[keep]
