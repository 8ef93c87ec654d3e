"""All extreme equilibria: vertex enumeration of both polytopes and label matching.

Two ways to list the vertices of the best-response polytopes share the
matching step here (exact mode walks one polytope by reverse search instead:
:mod:`bargain.equilibria.exact_search`):

* :func:`vertex_pairs_float` with Qhull (method ``vertex``),
* :func:`vertex_pairs_float` with square subsystems, one per pair of equal-size
  supports (method ``support``).

:func:`one_sided_pairs` is the fast path of ``auto``: it enumerates only the
polytope of the player with fewer actions and solves for the partner of each
vertex directly, which is complete for games it can certify (see its docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, islice, product
from typing import NamedTuple

import numpy as np

from ..errors import SolverError
from ._partners import PRUNE_FROM, beaten, compiled_partners, square_partners
from ._polytope import normalise_float, qhull_vertices
from .limits import MAX_SUBSYSTEMS, subsystem_count, support_refusal  # noqa: F401 - re-exported names

Pair = tuple[np.ndarray, np.ndarray]
VertexList = tuple[np.ndarray, np.ndarray, np.ndarray]  # (Z, zero mask, tight mask)


# ---------------------------------------------------------------- float, two-sided


def vertex_pairs_float(
    A: np.ndarray, B: np.ndarray, tol: float, vertices: Callable[[np.ndarray, float], VertexList]
) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, bool]:
    """Extreme equilibria as index pairs into the vertex arrays of P and Q.

    Returns ``(pairs, X, Y, degenerate)`` with ``X``, ``Y`` the normalised
    strategies of the nonzero vertices.
    """
    m, n = A.shape
    An, Bn = normalise_float(A), normalise_float(B)
    ZP, zeroP, tightP = vertices(Bn.T, tol)  # x: zero rows, tight columns
    ZQ, zeroQ, tightQ = vertices(An, tol)  # y: zero columns, tight rows
    labelsP = np.hstack([zeroP, tightP])
    labelsQ = np.hstack([tightQ, zeroQ])
    keepP, keepQ = ZP.sum(axis=1) > tol, ZQ.sum(axis=1) > tol
    ZP, labelsP, ZQ, labelsQ = ZP[keepP], labelsP[keepP], ZQ[keepQ], labelsQ[keepQ]
    degenerate = bool((labelsP.sum(axis=1) > m).any() or (labelsQ.sum(axis=1) > n).any())
    pairs = match(labelsP, labelsQ, m)
    X = ZP / ZP.sum(axis=1, keepdims=True)
    Y = ZQ / ZQ.sum(axis=1, keepdims=True)
    return pairs, X, Y, degenerate


def match(labelsP: np.ndarray, labelsQ: np.ndarray, m: int) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)`` whose label sets together cover every label.

    Label sets are packed into integers. A nondegenerate vertex of ``P`` has
    exactly ``m`` labels and can pair with a nondegenerate vertex of ``Q``
    (exactly ``n`` labels) only when that one carries precisely the missing
    labels: a sorted lookup. A degenerate vertex on either side is tested for
    the subset relation against the whole other side.
    """
    if len(labelsP) == 0 or len(labelsQ) == 0:
        return []
    width = labelsP.shape[1]
    n = width - m
    if width > 62:
        missing = (~labelsP).astype(np.int64)
        hits = missing @ labelsQ.astype(np.int64).T
        a, b = np.nonzero(hits == missing.sum(axis=1)[:, None])
        return sorted(zip(a.tolist(), b.tolist(), strict=True))
    weights = np.left_shift(np.int64(1), np.arange(width, dtype=np.int64))
    maskP, maskQ = labelsP.astype(np.int64) @ weights, labelsQ.astype(np.int64) @ weights
    need = np.int64((1 << width) - 1) & ~maskP
    pairs: set[tuple[int, int]] = set()
    order = np.argsort(maskQ, kind="stable")
    sorted_q = maskQ[order]
    left = np.searchsorted(sorted_q, need, side="left")
    right = np.searchsorted(sorted_q, need, side="right")
    for a in np.nonzero(right > left)[0]:
        pairs.update((int(a), int(b)) for b in order[left[a] : right[a]])
    for a in np.nonzero(labelsP.sum(axis=1) > m)[0]:
        pairs.update((int(a), int(b)) for b in np.nonzero((maskQ & need[a]) == need[a])[0])
    for b in np.nonzero(labelsQ.sum(axis=1) > n)[0]:
        pairs.update((int(a), int(b)) for a in np.nonzero((maskQ[b] & need) == need)[0])
    return sorted(pairs)


CHUNK = 100_000


def subsystem_vertices(C: np.ndarray, tol: float) -> VertexList:
    """Vertices of ``{z >= 0 : C z <= 1}`` from every square nonsingular subsystem.

    For each support ``S`` of ``z`` and each equally large set ``T`` of
    constraints, solve ``C[T, S] z_S = 1``; feasible solutions are the
    vertices. This is support enumeration read geometrically, and it is
    complete for degenerate polytopes too, because every vertex with support
    ``S`` is pinned down by some ``|S|`` of its tight constraints. The systems
    are solved in batches of bounded size; a polytope needing more than
    ``MAX_SUBSYSTEMS`` of them is refused with the count.
    """
    k, d = C.shape
    refusal = support_refusal(k, d)
    if refusal is not None:
        raise SolverError(refusal)
    found = [np.zeros((1, d))]
    for size in range(1, min(k, d) + 1):
        pairs = product(combinations(range(d), size), combinations(range(k), size))
        while batch := list(islice(pairs, CHUNK)):
            S = np.array([s for s, _ in batch])
            T = np.array([t for _, t in batch])
            found.append(_solve_subsystems(C, S, T, tol))
    Z = np.vstack(found)
    Z[np.abs(Z) <= tol] = 0.0
    Z = _dedupe(Z, tol)
    return Z, Z <= tol, (Z @ C.T) >= 1 - tol


def _solve_subsystems(C: np.ndarray, S: np.ndarray, T: np.ndarray, tol: float) -> np.ndarray:
    """Feasible solutions of ``C[T, S] z_S = 1`` for a batch of supports ``S`` and rows ``T``."""
    M = C[T[:, :, None], S[:, None, :]]
    ok = np.abs(np.linalg.det(M)) > 1e-12
    if not ok.any():
        return np.zeros((0, C.shape[1]))
    M, S = M[ok], S[ok]
    zS = np.linalg.solve(M, np.ones((len(M), S.shape[1], 1)))[..., 0]
    Z = np.zeros((len(M), C.shape[1]))
    np.put_along_axis(Z, S, zS, axis=1)
    feasible = (zS >= -tol).all(axis=1) & ((Z @ C.T) <= 1 + tol).all(axis=1)
    return Z[feasible]


def _dedupe(Z: np.ndarray, tol: float) -> np.ndarray:
    keys = np.round(Z / max(tol * 100, 1e-12)).astype(np.int64)
    _, first = np.unique(keys, axis=0, return_index=True)
    return Z[np.sort(first)]


# ---------------------------------------------------------------- float, one-sided


MAX_FACE_BASES = 20_000


class Profiles(NamedTuple):
    """Profiles as the rows of two arrays (row ``e`` of ``X`` against row ``e`` of ``Y``)."""

    X: np.ndarray
    Y: np.ndarray


def one_sided_pairs(A: np.ndarray, B: np.ndarray, tol: float) -> tuple[Profiles, bool] | None:
    """Extreme equilibria from the vertices of one polytope only, or ``None``.

    Enumerates ``P`` (the row player's polytope; call it on the transposed game
    to use the other side). Take a nonzero vertex ``x`` with support ``K`` and
    tight columns ``T``. Its partners are the vertices of the face
    ``F = {y in Q : y_j = 0 off T, (A y)_i = 1 on K}``. When ``|T| = |K|`` and
    ``A[K, T]`` is nonsingular, ``F`` is one point, found by one solve (batched
    over all such vertices). When ``|T| > |K|`` (a degenerate vertex) and the
    equalities are independent, every vertex of ``F`` completes them to a basis
    with ``|T| - |K|`` of its tight inequalities, so trying every such choice
    lists them all. Only when the equalities are dependent, or the choices too
    many, does it return ``None``, and the caller uses two-sided enumeration.

    Returns ``(profiles, degenerate)``: the candidate equilibria (normalised),
    and whether a vertex of either polytope was seen to carry surplus labels.
    """
    An, Bn = normalise_float(A), normalise_float(B)
    Z, zero, tight = qhull_vertices(Bn.T, tol)
    found = compiled_partners(An, Z, zero, tight, tol)
    if found is NotImplemented:
        found = _batched_partners(An, Z, zero, tight, tol)
    if found is None:
        return None
    X, Y, surplus, degenerate = found
    degenerate = degenerate or len(surplus) > 0
    if len(surplus):
        X, Y = [X], [Y]
        for v in surplus:
            partners = _face_partners(An, Z[v], np.nonzero(~zero[v])[0], np.nonzero(tight[v])[0], tol)
            if partners is None:
                return None
            X.extend(x[None] for x, _ in partners)
            Y.extend(y[None] for _, y in partners)
        X, Y = np.concatenate(X), np.concatenate(Y)
    return Profiles(X, Y), degenerate


def _batched_partners(An, Z, zero, tight, tol):
    """:func:`~bargain.equilibria._partners.compiled_partners` by batched numpy solves (``None``: a singular system)."""
    m, n = An.shape
    support_size = Z.shape[1] - zero.sum(axis=1)
    surplus = tight.sum(axis=1) > support_size
    plain = (support_size > 0) & ~surplus  # the origin pairs with nothing
    if plain.sum() > PRUNE_FROM:
        plain[plain] = ~beaten(An, zero[plain], tight[plain], tol)
    found = square_partners(An, Z[plain], zero[plain], tight[plain], tol) if plain.any() else ([], False)
    if found is None:
        return None
    pairs, seen = found
    X = np.array([x for x, _ in pairs]).reshape(len(pairs), m)
    Y = np.array([y for _, y in pairs]).reshape(len(pairs), n)
    return X, Y, np.nonzero(surplus)[0], seen


def _face_partners(An, x, K, T, tol):
    """Vertices of the partner face of a degenerate vertex ``x`` (see ``one_sided_pairs``)."""
    m, n = An.shape
    equalities = An[np.ix_(K, T)]
    if np.linalg.matrix_rank(equalities, tol=1e-10 * max(1.0, np.abs(equalities).max())) < len(K):
        return None
    others = np.ones(m, dtype=bool)
    others[K] = False
    # Inequalities on y_T: -y_j <= 0 (rhs 0) and A[i, T] y <= 1 for rows outside K (rhs 1).
    rows = np.vstack([np.eye(len(T)), An[others][:, T]])
    rhs = np.concatenate([np.zeros(len(T)), np.ones(m - len(K))])
    extra = len(T) - len(K)
    choices = list(combinations(range(len(rows)), extra))
    if len(choices) > MAX_FACE_BASES:
        return None
    if not choices:
        return []
    chosen = np.array(choices)
    M = np.concatenate([np.broadcast_to(equalities, (len(chosen), *equalities.shape)), rows[chosen]], axis=1)
    b = np.concatenate([np.ones((len(chosen), len(K))), rhs[chosen]], axis=1)
    ok = np.abs(np.linalg.det(M)) > 1e-12
    if not ok.any():
        return []
    yT = np.linalg.solve(M[ok], b[ok][..., None])[..., 0]
    Y = np.zeros((len(yT), n))
    Y[:, T] = yT
    feasible = (yT >= -tol).all(axis=1) & ((Y @ An.T) <= 1 + tol).all(axis=1) & (Y.sum(axis=1) > tol)
    Y = Y[feasible]
    Y[np.abs(Y) <= tol] = 0.0
    if len(Y) > 1:
        Y = _dedupe(Y, tol)
    return [(x / x.sum(), y / y.sum()) for y in Y]


def is_degenerate(game, tol: float = 1e-9) -> bool:
    """True when some mixed strategy of ``game`` has more pure best responses than
    actions in its support, i.e. some vertex of a best-response polytope carries
    more labels than its dimension.

    >>> from bargain import Game
    >>> is_degenerate(Game([[1, 1], [0, 0]], [[1, 1], [0, 0]]))
    True
    >>> is_degenerate(Game([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    False
    """
    m, n = game.shape
    P = qhull_vertices(normalise_float(game.B).T, tol)
    Q = qhull_vertices(normalise_float(game.A), tol)
    return bool(
        (P[1].sum(axis=1) + P[2].sum(axis=1) > m).any() or (Q[1].sum(axis=1) + Q[2].sum(axis=1) > n).any()
    )


# ---------------------------------------------------------------- components


def maximal_nash_subsets(pairs: list[tuple[int, int]]) -> list[tuple[frozenset, frozenset]]:
    """Maximal sets ``(X', Y')`` with every pair in ``X' x Y'`` an extreme equilibrium.

    Every convex combination of strategies in ``X'`` against every convex
    combination in ``Y'`` is then an equilibrium, and these sets, maximal by
    inclusion, are the convex pieces of the equilibrium set. They are the
    maximal bicliques of the bipartite graph whose edges are ``pairs``; the
    closed sets of that graph are the intersections of neighbourhoods, which
    this computes by closing the family under intersection.

    >>> sorted((sorted(a), sorted(b)) for a, b in maximal_nash_subsets([(0, 0), (1, 0), (1, 1)]))
    [([0, 1], [0]), ([1], [0, 1])]
    """
    maximal = []
    for part in _connected(pairs):
        maximal.extend(_maximal_bicliques(part))
    return maximal


def _connected(pairs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The pairs split by connected component of their bipartite graph (a biclique lies in one)."""
    parent: dict = {}

    def root(v):
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in pairs:
        ra, rb = root(("x", a)), root(("y", b))
        if ra != rb:
            parent[ra] = rb
    parts: dict = {}
    for a, b in pairs:
        parts.setdefault(root(("x", a)), []).append((a, b))
    return list(parts.values())


def _maximal_bicliques(pairs: list[tuple[int, int]]) -> list[tuple[frozenset, frozenset]]:
    if len(pairs) == 1:
        (a, b), = pairs
        return [(frozenset([a]), frozenset([b]))]
    neighbours: dict[int, set[int]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
    closed = {frozenset(ys) for ys in neighbours.values()}
    frontier = set(closed)
    while frontier:
        fresh = set()
        for s in frontier:
            for t in closed:
                u = s & t
                if u and u not in closed and u not in fresh:
                    fresh.add(u)
        closed |= fresh
        frontier = fresh
    subsets = []
    for ys in closed:
        xs = frozenset(a for a, nb in neighbours.items() if ys <= nb)
        subsets.append((xs, ys))
    maximal = [
        (xs, ys)
        for xs, ys in subsets
        if not any((xs <= xs2 and ys <= ys2) and (xs, ys) != (xs2, ys2) for xs2, ys2 in subsets)
    ]
    return maximal
