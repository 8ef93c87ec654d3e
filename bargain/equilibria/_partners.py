"""Partners of the nondegenerate vertices of one best-response polytope.

Used by :func:`bargain.equilibria.extreme.one_sided_pairs`: for a vertex ``x``
of ``P`` with support ``K`` and tight columns ``T`` (``|K| = |T|``), its partner
is the one point ``y`` of ``Q`` with ``y_j = 0`` off ``T`` and ``(A y)_i = 1`` on
``K``, when that system is nonsingular and the point lies in ``Q``.

:func:`compiled_partners` solves them one vertex at a time in compiled code
(:mod:`._partners_compiled`); :func:`square_partners` in batched numpy solves,
the path taken without numba and for vertices short of tight columns.
"""

from __future__ import annotations

import numpy as np

Pair = tuple[np.ndarray, np.ndarray]


#: Vertices are screened by :func:`beaten` before their partner systems are solved when there
#: are more than this many (below it the screen costs about what it saves).
PRUNE_FROM = 64
PRUNE_CHUNK = 4096


def beaten(An, zero, tight, tol):
    """Nondegenerate vertices whose partner face is empty: some row beats a row of the support
    on every tight column.

    If ``A[r, j] > A[i, j] + delta`` for all ``j`` in ``T``, with ``i`` in the
    support ``K``, every ``y >= 0`` on ``T`` with ``(A y)_i = 1`` has
    ``(A y)_r >= 1 + delta * sum(y) >= 1 + delta / 2`` (entries of ``A`` are at
    most 2): more than 1, which ``y`` in ``Q`` forbids, and not 1, which ``r`` in
    ``K`` would need. So no point of ``Q`` satisfies the vertex's equalities.
    With ``delta = 4 tol`` the solve would reject such a vertex through its own
    ``A y <= 1 + tol`` test too, so the screen changes no partner found; it
    spares the solves (and a singular system there, which would only say that
    an empty face is not a point).
    """
    m, n = An.shape
    count = len(zero)
    if n > 64:
        return np.zeros(count, dtype=bool)
    dtype = np.uint16 if n <= 16 else np.uint32 if n <= 32 else np.uint64
    weights = np.left_shift(np.uint64(1), np.arange(n, dtype=np.uint64))
    beats = ((An[None, :, :] > An[:, None, :] + 4 * tol) @ weights).astype(dtype)  # [i, r]: columns where r beats i
    columns = (tight @ weights).astype(dtype)
    found = np.empty(count, dtype=bool)
    for start in range(0, count, PRUNE_CHUNK):
        part = slice(start, start + PRUNE_CHUNK)
        T = columns[part, None, None]
        row_beaten = ((beats[None] & T) == T).any(axis=2)  # [v, i]: some row beats i on all of T
        found[part] = (row_beaten & ~zero[part]).any(axis=1)
    return found


#: Polytopes of games with fewer actions than this on both sides use the numpy paths: loading numba costs
#: about half a second, more than such a game takes (a small game reaches them only when degenerate).
COMPILED_FROM = 6


#: Partner systems are solved in batches padded to the largest support in the batch; a batch
#: closes once it holds this many vertices, so that most systems are not padded far.
BATCH_VERTICES = 128


def compiled_partners(An, Z, zero, tight, tol):
    """Every vertex of ``P`` in one compiled pass (numba): partners of the nondegenerate ones, the rest sorted out.

    The same decisions as :func:`square_partners` after :func:`beaten` (when
    more than ``PRUNE_FROM`` vertices are nondegenerate), one Gaussian
    elimination per vertex instead of batched LAPACK calls. Returns
    ``(X, Y, surplus_vertices, seen_surplus)``: equilibria as rows of ``X`` and
    ``Y`` (normalised), the indices of vertices with more tight columns than
    their support size, and whether a partner was seen to carry surplus labels.
    Systems the Hadamard screen of :func:`_near_singular` flags are decided by
    their singular values as there: ``None`` when one is singular.
    ``NotImplemented`` for a game under :data:`COMPILED_FROM` actions a side,
    when numba is missing, or when a vertex needs the general path: fewer tight
    columns than its support size (round-off), or a flagged system with an
    exactly zero pivot.
    """
    kernel = compiled_kernels() if max(An.shape) >= COMPILED_FROM else None
    if kernel is None:
        return NotImplemented
    count, m = Z.shape
    X = np.empty((count, m))
    Y = np.empty((count, An.shape[1]))
    surplus = np.empty(count, dtype=np.int64)
    flagged = np.empty(count, dtype=np.int64)
    hits, extra, doubtful, seen = kernel.partners(np.ascontiguousarray(An), Z, zero, tight, tol, PRUNE_FROM,
                                                  SCREEN_RATIO, X, Y, surplus, flagged)
    if doubtful and _singular(_systems(An, zero[flagged[:doubtful]], tight[flagged[:doubtful]])):
        return None
    if hits < 0:
        return NotImplemented
    return X[:hits], Y[:hits], surplus[:extra], seen


def compiled_kernels():
    """The compiled kernels (:mod:`._partners_compiled`, numba, loaded on first use), or ``None`` without numba."""
    try:
        from . import _partners_compiled
    except ImportError:  # pragma: no cover - numba is a dependency; the numpy paths still work
        return None
    return _partners_compiled


def _systems(An, zero, tight):
    """The systems ``A[K, T]`` of some vertices (``|K| = |T|``), padded with identity blocks to the largest."""
    support = ~zero
    size = support.sum(axis=1)
    width = int(size.max())
    K = np.argsort(zero, axis=1, kind="stable")[:, :width]  # the support first, in index order
    T = np.argsort(~tight, axis=1, kind="stable")[:, :width]
    used = np.arange(width) < size[:, None]
    return np.where(used[:, :, None] & used[:, None, :], An[K[:, :, None], T[:, None, :]], np.eye(width))


def square_partners(An, Z, zero, tight, tol):
    """Partners of nondegenerate vertices, in a few batched solves.

    A vertex with support size ``k`` gives a ``k x k`` system. A few vertices
    are solved in one batch of ``n x n`` systems (:func:`_full_partners`) when
    ``n`` is not much more than ``m``.
    Many are batched by support size (largest first, each batch at least
    ``BATCH_VERTICES`` strong except the last), and each system is padded to
    the largest size ``w`` of its batch with an identity block and a zero
    right-hand side on the unused coordinates, which leaves its solution and
    its determinant unchanged. Returns ``None`` when some system is singular
    up to round-off.
    """
    if len(Z) <= BATCH_VERTICES and An.shape[1] <= Z.shape[1] + 2:  # not for systems much wider than P
        found = _full_partners(An, Z, zero, tight, tol)
        if found is not NotImplemented:
            return found
    count, d = Z.shape
    m, n = An.shape
    support = ~zero
    size = support.sum(axis=1)
    # K[v, :size[v]]: the support of vertex v in index order, T[v, :size[v]] its tight columns;
    # unused slots point at an extra zero row (m) and column (n) of the padded payoff matrix.
    rows, cols = np.nonzero(support)
    slot = np.arange(len(rows)) - (np.cumsum(size) - size)[rows]
    K = np.full((count, d), m)
    K[rows, slot] = cols
    T = np.full((count, d), n)
    if (tight.sum(axis=1) == size).all():
        rows, cols = np.nonzero(tight)
        T[rows, slot] = cols
    else:  # a vertex short of tight columns (round-off): complete it with the first slack ones
        order = np.argsort(~tight, axis=1, kind="stable")[:, :d]
        T = np.where(np.arange(d) < size[:, None], order, n)
    padded = np.zeros((m + 1, n + 1))
    padded[:m, :n] = An
    found: list[tuple[int, Pair]] = []
    seen_surplus = False
    for batch in _batches(size):
        width = int(size[batch[0]])
        result = _padded_partners(padded, K[batch, :width], T[batch, :width], size[batch], tol)
        if result is None:
            return None
        hits, Y, surplus = result
        seen_surplus |= surplus
        for g, y in zip(batch[hits].tolist(), Y, strict=True):
            found.append((g, (Z[g] / Z[g].sum(), y / y.sum())))
    found.sort(key=lambda item: item[0])
    return [pair for _, pair in found], seen_surplus


def _full_partners(An, Z, zero, tight, tol):
    """:func:`square_partners` as one batch of ``n x n`` systems, each with its vertex's tight columns kept.

    The system of a vertex (support ``K``, tight columns ``T``, ``|K| = |T|``)
    takes the rows ``A[i] * [j in T]`` for ``i`` in ``K`` (right-hand side 1) and
    the unit rows ``e_j`` for ``j`` off ``T`` (right-hand side 0): up to the
    order of rows and columns, the ``|K| x |K|`` system padded with an identity
    block, with the same determinant, row norms and singular values, and its
    solution is the partner itself. ``NotImplemented`` when a vertex has fewer
    tight columns than its support size (round-off), which the padded form handles.
    """
    count, m = Z.shape
    n = An.shape[1]
    labels = np.concatenate([~zero, ~tight], axis=1)  # the rows each system takes from [A; I]
    picked = np.nonzero(labels)
    if len(picked[0]) != count * n:
        return NotImplemented
    picked = picked[1].reshape(count, n)
    payoff_rows = np.zeros((m + n, n))
    payoff_rows[:m] = An
    unit_rows = np.zeros((m + n, n))
    unit_rows[m:] = np.eye(n)
    M = payoff_rows[picked] * tight[:, None, :] + unit_rows[picked]
    if _near_singular(M):
        return None
    Y = np.linalg.solve(M, (picked < m)[..., None].astype(float))[..., 0]
    rows = Y @ An.T
    feasible = np.nonzero((Y >= -tol).all(axis=1) & (rows <= 1 + tol).all(axis=1))[0]
    if not len(feasible):
        return [], False
    Y, rows = Y[feasible], rows[feasible]
    surplus = bool((((Y <= tol) & tight[feasible]).any(axis=1)
                    | ((rows >= 1 - tol).sum(axis=1) > m - zero[feasible].sum(axis=1))).any())
    return [(Z[g] / Z[g].sum(), y / y.sum()) for g, y in zip(feasible.tolist(), Y, strict=True)], surplus


def _batches(size: np.ndarray) -> list[np.ndarray]:
    """Vertex indices grouped for :func:`_padded_partners`, largest support first within and across groups."""
    order = np.argsort(-size, kind="stable")
    if len(order) <= BATCH_VERTICES:
        return [order]
    ordered = size[order]
    cuts, start = [], 0
    while start < len(order):
        end = start + BATCH_VERTICES
        if end >= len(order):
            cuts.append(len(order))
            break
        end = int(np.searchsorted(-ordered, -ordered[end - 1], side="right"))  # keep one size in one batch
        if len(order) - end < BATCH_VERTICES // 2:  # no small remainder batch
            end = len(order)
        cuts.append(end)
        start = end
    return np.split(order, cuts[:-1])


def _padded_partners(padded, K, T, size, tol):
    """Solve ``A[K, T] y_T = 1`` for a batch of vertices padded to a common width (see above).

    Returns ``(hits, Y, surplus)``: the batch positions whose partner is in
    ``Q``, those partners (unnormalised), and whether one of them was seen to
    carry surplus labels; or ``None`` when a system is singular.
    """
    count, width = K.shape
    m, n = padded.shape[0] - 1, padded.shape[1] - 1
    used = np.arange(width) < size[:, None]
    M = padded[K[:, :, None], T[:, None, :]]
    diagonal = np.arange(width)
    M[:, diagonal, diagonal] += ~used
    if _near_singular(M):
        return None
    yT = np.linalg.solve(M, used[..., None].astype(float))[..., 0]
    Y = np.zeros((count, n + 1))
    np.put_along_axis(Y, T, yT, axis=1)  # unused slots hold 0 and land in the extra column
    Y = Y[:, :n]
    rows = Y @ padded[:m, :n].T
    feasible = ((yT >= -tol) | ~used).all(axis=1) & (rows <= 1 + tol).all(axis=1)
    hits = np.nonzero(feasible)[0]
    if not len(hits):
        return hits, Y[:0], False
    surplus = bool((((yT[hits] <= tol) & used[hits]).any(axis=1)
                    | ((rows[hits] >= 1 - tol).sum(axis=1) > size[hits])).any())
    return hits, Y[hits], surplus


#: Systems whose Hadamard ratio is below this are checked by their singular values.
SCREEN_RATIO = 1e-8


def _near_singular(M: np.ndarray) -> bool:
    """Whether some matrix of the batch ``M`` is singular up to round-off.

    The Hadamard ratio ``|det M| / prod(row norms)`` (at most 1) screens cheaply;
    only matrices it flags are confirmed by their singular values.
    """
    ratio = np.abs(np.linalg.det(M)) / np.sqrt(np.einsum("vij,vij->vi", M, M)).prod(axis=1)
    flagged = ratio < SCREEN_RATIO
    if not flagged.any():
        return False
    return _singular(M[flagged])


def _singular(M: np.ndarray) -> bool:
    """Whether some matrix of the batch ``M`` has a singular value below ``1e-10`` times its largest.

    A block padded with an identity block has the same verdict (its entries are
    at least 1, so its largest singular value is at least 1).
    """
    sv = np.linalg.svd(M, compute_uv=False)
    return bool((sv[:, -1] <= 1e-10 * sv[:, 0]).any())
