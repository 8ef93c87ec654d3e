"""Vertices of a polytope by lexicographic reverse search, in exact integer arithmetic.

The method is Avis and Fukuda's reverse search in its lexicographic form (the
one ``lrs`` uses). A polytope ``{w : w >= 0, C w <= q}`` is held as a
*dictionary*: ``k`` basic variables written in terms of ``d`` cobasic ones.
Take the starting dictionary as the root and the objective "maximise minus the
sum of the root's cobasic variables", for which the root is the one optimum.
From any other feasible basis the simplex method with Bland's entering rule
(smallest variable first) and the lexicographic ratio test for the leaving
variable moves towards the root; these moves form a tree over all
lexicographically feasible bases, and reverse search walks that tree from the
root down by asking, for each neighbour, "would the simplex method come back
here from there?". No list of visited vertices is kept: the walk needs only
the dictionaries on the path from the root to where it is, so memory grows
with the depth of the tree, never with the number of vertices.

The lexicographic rule makes the walk behave as if the polytope were simple;
a degenerate vertex then has several bases, and it is reported once, at its
lexicographically smallest basis (``lrs``'s rule). For that the variables are
numbered so that the root's basic variables come first.

Arithmetic is fraction-free: every entry is an integer, the true value times
the current basis determinant ``D``, and a pivot divides exactly by the old
``D`` (Bareiss). Entries live in a numpy ``int64`` array while they are small
enough for products to be exact, and move to Python integers (``object``
arrays) for good once they are not.

Layout of a dictionary ``M`` of shape ``(k + 1, d + 1)``: row ``r < k`` says
``D * x[basis[r]] + sum_c M[r, c] * x[cobasis[c]] = M[r, d]``; row ``k`` holds
the objective, ``D * f + sum_c M[k, c] * x[cobasis[c]] = const``, so the basis
is optimal when every ``M[k, c] >= 0``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ._rs_lists import child_steps, is_lexmin_rows, pivot_rows

#: Entries below this bound keep products of two entries exact in ``int64``.
SMALL = 2**31


#: Dictionaries of at most this many entries are walked as lists of Python integers: for small
#: tables the fixed cost of each numpy call outweighs the arithmetic it saves.
LIST_CELLS = 500


@dataclass(frozen=True)
class Basis:
    """One dictionary of the walk (see the module docstring for the layout).

    ``M`` is a numpy array, or a list of row lists (small tables during a walk);
    ``basis`` and ``cobasis`` are arrays, or lists alongside a list ``M``.
    """

    M: np.ndarray | list
    D: int
    basis: np.ndarray | list  # variable of each row
    cobasis: np.ndarray | list  # variable of each column

    @property
    def values(self) -> list[int]:
        """Right-hand sides, ``D`` times the values of the basic variables."""
        M = self.M
        return [row[-1] for row in M[:-1]] if isinstance(M, list) else M[:-1, -1].tolist()

    def basic(self) -> list[int]:
        """The basic variable of each row."""
        return list(self.basis) if isinstance(self.basis, list) else self.basis.tolist()

    def zero_variables(self) -> set[int]:
        """Variables that are zero at this vertex (cobasic, or basic at zero)."""
        zero = set(self.cobasis if isinstance(self.cobasis, list) else self.cobasis.tolist())
        zero.update(v for v, x in zip(self.basic(), self.values, strict=True) if x == 0)
        return zero


def start(rows: list[list[int]], rhs: list[int], objective: list[int] | None = None) -> Basis:
    """The dictionary of ``{w >= 0 : rows w <= rhs}`` at ``w = 0`` (every slack basic).

    ``rhs`` must be positive, so that the origin is a vertex. Slack ``r`` gets
    variable number ``r`` and ``w_c`` number ``k + c``. The objective defaults
    to minimising ``sum(w)``, for which the origin is the one optimum.
    """
    k, d = len(rows), len(rows[0])
    M = np.zeros((k + 1, d + 1), dtype=object)
    M[:k, :d] = rows
    M[:k, d] = rhs
    M[k, :d] = 1 if objective is None else objective
    return Basis(_compact(M), 1, np.arange(k), np.arange(k, k + d))


def _compact(M: np.ndarray) -> np.ndarray:
    """``M`` as ``int64`` when its entries are small enough, else as Python integers."""
    if M.dtype == object:
        if M.size == 0 or max(abs(int(v)) for v in M.flat) < SMALL:
            return M.astype(np.int64)
        return M
    if M.size and int(np.abs(M).max()) >= SMALL:
        return M.astype(object)
    return M


def pivot(node: Basis, r: int, s: int) -> Basis:
    """Exchange the basic variable of row ``r`` with the cobasic variable of column ``s``."""
    M, D = node.M, node.D
    if isinstance(M, list):
        return _pivot_lists(node, r, s)
    p = M[r, s]
    column = M[:, s].copy()
    row = M[r].copy()
    new = (M * p - np.multiply.outer(column, row)) // D
    new[r] = row
    new[:, s] = -column
    new[r, s] = D
    if p < 0:  # keep D positive (a degenerate pivot may use a negative entry)
        new, p = -new, -p
    basis, cobasis = node.basis.copy(), node.cobasis.copy()
    basis[r], cobasis[s] = cobasis[s], basis[r]
    return Basis(_compact(new) if new.dtype != object else new, int(p), basis, cobasis)


def _pivot_lists(node: Basis, r: int, s: int) -> Basis:
    """:func:`pivot` on a list dictionary."""
    return Basis(*pivot_rows(node.M, node.D, node.basis, node.cobasis, r, s))


def leaving_row(node: Basis, s: int, k0: int) -> int | None:
    """The row whose variable leaves when column ``s`` enters (lexicographic ratio test), or None if unbounded."""
    column, rhs = node.M[:-1, s], node.M[:-1, -1]
    rows = np.nonzero(column > 0)[0]
    if not len(rows):
        return None
    ratios = (rhs[rows] / column[rows]).astype(float)
    tied = rows[ratios <= ratios.min() * (1 + 1e-9)]
    return int(tied[0]) if len(tied) == 1 else lexmin_row(node, s, tied, k0)


def optimise(node: Basis, k0: int) -> Basis:
    """Pivot to an optimal basis: Bland's entering rule, lexicographic leaving rule."""
    while True:
        objective = node.M[-1, :-1]
        improving = np.nonzero(objective < 0)[0]
        if not len(improving):
            return node
        s = int(improving[np.argmin(node.cobasis[improving])])
        r = leaving_row(node, s, k0)
        if r is None:  # pragma: no cover - a polytope has no unbounded direction
            raise ArithmeticError("unbounded linear programme over a polytope")
        node = pivot(node, r, s)


def positions(node: Basis) -> tuple[list[int], list[int]]:
    """For every variable, its column if cobasic and its row if basic (``-1`` otherwise)."""
    total = len(node.basis) + len(node.cobasis)
    column_of = np.full(total, -1)
    column_of[node.cobasis] = np.arange(len(node.cobasis))
    row_of = np.full(total, -1)
    row_of[node.basis] = np.arange(len(node.basis))
    return column_of.tolist(), row_of.tolist()


def lexmin_row(node: Basis, s: int, rows, k0: int, where=None) -> int:
    """The row leaving when column ``s`` enters, among tied ``rows``: lexicographic minimum ratio.

    Ratios compare the right-hand side first, then the columns of the root's
    basic variables ``0 .. k0 - 1`` in order (the basis inverse), each divided by
    the row's entry in column ``s``. The inverse's column of a variable that is
    basic now is ``D`` in its row and zero elsewhere, so that row simply drops out.
    """
    M = node.M
    column_of, row_of = positions(node) if where is None else where
    alive = [int(r) for r in rows]
    pivot_of = {r: int(M[r][s]) for r in alive}
    alive = _smallest(alive, [int(M[r][-1]) for r in alive], pivot_of)
    v = 0
    while len(alive) > 1:
        c = column_of[v]
        if c < 0:
            if row_of[v] in alive:
                alive.remove(row_of[v])
        else:
            alive = _smallest(alive, [int(M[r][c]) for r in alive], pivot_of)
        v += 1
    return alive[0]


def _smallest(rows: list[int], numerators: list[int], pivot_of: dict[int, int]) -> list[int]:
    """The rows whose ratio ``numerator / pivot`` is smallest (exactly)."""
    best, best_num = [rows[0]], numerators[0]
    for r, num in zip(rows[1:], numerators[1:], strict=True):
        left, right = num * pivot_of[best[0]], best_num * pivot_of[r]
        if left < right:
            best, best_num = [r], num
        elif left == right:
            best.append(r)
    return best


def children(node: Basis, k0: int) -> list[tuple[int, int]]:
    """Every ``(row, column)`` pivot leading to a child of ``node`` in the search tree."""
    M = node.M
    if isinstance(M, list):
        return _children_lists(node, k0)
    k, d = M.shape[0] - 1, M.shape[1] - 1
    objective = M[k, :d]
    cols = np.nonzero(objective > 0)[0]
    if not len(cols):
        return []
    T = M[:k, cols]
    positive = T > 0
    b = M[:k, d]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(positive, b[:, None] / np.where(positive, T, 1), np.inf).astype(float)
    lowest = ratio.min(axis=0)
    tied = positive & (ratio <= lowest * (1 + 1e-9))
    count = tied.sum(axis=0)
    keep = count > 0  # a column with no positive entry is an unbounded ray: none in a polytope
    rows = np.argmax(tied, axis=0)
    several = np.nonzero(count > 1)[0]
    if len(several):
        where = positions(node)
        for c in several.tolist():
            rows[c] = lexmin_row(node, int(cols[c]), np.nonzero(tied[:, c])[0], k0, where)
    cols, rows = cols[keep], rows[keep]
    if not len(cols):
        return []
    # Bland's rule at the child must pick the variable leaving here: no smaller
    # cobasic variable of the child may have a negative objective coefficient.
    p = M[rows, cols]
    after = objective[None, :] * p[:, None] - objective[cols][:, None] * M[rows, :d]
    smaller = node.cobasis[None, :] < node.basis[rows][:, None]
    smaller[np.arange(len(cols)), cols] = False
    fine = ~((after < 0) & smaller).any(axis=1)
    return list(zip(rows[fine].tolist(), cols[fine].tolist(), strict=True))


def _children_lists(node: Basis, k0: int, first: int = 0) -> list[tuple[int, int]]:
    """:func:`children` on a list dictionary (columns from ``first`` on): the same tests, entry by entry."""
    where = []

    def tie(s: int, rows: list[int]) -> int:
        where[:] = where or positions(node)
        return lexmin_row(node, s, rows, k0, where)

    return child_steps(node.M, node.basis, node.cobasis, first, tie)


def is_lexmin(node: Basis) -> bool:
    """True at the lexicographically smallest basis of its vertex (where it is reported)."""
    M = node.M
    if isinstance(M, list):
        return is_lexmin_rows(M, node.basis, node.cobasis)
    k, d = M.shape[0] - 1, M.shape[1] - 1
    degenerate = np.nonzero(M[:k, d] == 0)[0]
    if not len(degenerate):
        return True
    smaller = node.cobasis[None, :] < node.basis[degenerate][:, None]
    return not ((M[degenerate, :d] != 0) & smaller).any()


def _as_lists(node: Basis) -> Basis:
    M = node.M
    rows = M.tolist() if M.dtype != object else [[int(v) for v in row] for row in M.tolist()]
    return Basis(rows, node.D, list(map(int, node.basis)), list(map(int, node.cobasis)))


def walk(root: Basis, stop: Callable[[], bool] | None = None, *, lists: bool | None = None) -> Iterator[Basis]:
    """Every vertex of the polytope once, as the dictionary of its lexicographically smallest basis.

    ``root`` must be a feasible dictionary whose basic variables are numbered
    ``0 .. k-1`` and cobasic ones ``k ..`` (as :func:`start` numbers them), with
    an objective for which it is the one optimum. ``stop`` is asked between
    pivots (between short runs of pivots in compiled code); when it returns
    True the walk ends early.

    ``lists`` chooses the representation: plain lists (True), numpy arrays
    (False), or by size (None: compiled 64-bit code from :data:`COMPILED_CELLS`
    entries when numba is installed and the entries are small, else lists up to
    :data:`LIST_CELLS` entries). Vertices from compiled code come as
    :class:`Vertex` values, which carry no dictionary.

    >>> sorted(tuple(b.values) for b in walk(start([[1, 1]], [1])))
    [(1,), (1,), (1,)]
    """
    for item in walk_chunks(root, stop, lists=lists):
        if isinstance(item, Chunk):
            yield from item.vertices()
        else:
            yield item


def walk_chunks(root: Basis, stop: Callable[[], bool] | None = None, *,
                lists: bool | None = None) -> Iterator[Basis | Chunk]:
    """:func:`walk`, with the vertices of compiled code in :class:`Chunk` arrays rather than one by one.

    >>> sum(len(c.D) if isinstance(c, Chunk) else 1 for c in walk_chunks(start([[1, 1]], [1])))
    3
    """
    k0, size = root.M.shape[0] - 1, root.M.size
    top = max(abs(int(v)) for v in root.M.flat) if size else 0
    wide = size >= WIDE_CELLS and (min(root.M.shape) - 1) * top.bit_length() > 128  # entries past 64 bits
    if (lists is None and (size >= COMPILED_CELLS or _COMPILED in sys.modules or wide)
            and top < 2**60 and _compiled() is not None):
        yield from _walk_compiled(root, stop)
        return
    if lists or (lists is None and root.M.size <= LIST_CELLS):
        root = _as_lists(root)
        if is_lexmin(root):
            yield root
        yield from _walk_on(root, 0, 0, k0, stop)
        return
    if is_lexmin(root):
        yield root
    stack = [(root, iter(children(root, k0)))]
    while stack:
        node, todo = stack[-1]
        step = next(todo, None)
        if step is None:
            stack.pop()
            continue
        if stop is not None and stop():
            return
        child = pivot(node, *step)
        if is_lexmin(child):
            yield child
        stack.append((child, iter(children(child, k0))))


def _walk_on(node: Basis, depth: int, first: int, k0: int, stop) -> Iterator[Basis]:
    """The walk on list dictionaries from ``node`` at ``depth``, its children from column ``first`` on.

    Parents met on the way down are kept; a parent not met (the walk started
    below the root) is found again by the simplex step back towards the root.
    """
    stack = [(node, iter(_children_lists(node, k0, first)))]
    while True:
        node, todo = stack[-1]
        step = next(todo, None)
        if step is None:
            stack.pop()
            if depth == 0:
                return
            depth -= 1
            if not stack:
                r, s = _parent_step(node, k0)
                parent = _pivot_lists(node, r, s)
                stack.append((parent, iter(_children_lists(parent, k0, s + 1))))
            continue
        if stop is not None and stop():
            return
        child = _pivot_lists(node, *step)
        depth += 1
        if is_lexmin(child):
            yield child
        stack.append((child, iter(_children_lists(child, k0))))


def _parent_step(node: Basis, k0: int) -> tuple[int, int]:
    """The simplex pivot from a list dictionary towards the root (Bland's rule, lexicographic ratio test)."""
    M, cobasis = node.M, node.cobasis
    s = min((c for c, v in enumerate(M[-1][:-1]) if v < 0), key=cobasis.__getitem__)
    return lexmin_row(node, s, [i for i in range(len(M) - 1) if M[i][s] > 0], k0), s


@dataclass(frozen=True)
class Chunk:
    """Vertices found by compiled code: rows of basic variables, right-hand sides, determinants."""

    bases: np.ndarray
    values: np.ndarray
    D: np.ndarray
    total: int  # number of variables

    def vertices(self) -> list[Vertex]:
        """The vertices one by one."""
        return [Vertex(D, b, v, self.total) for D, b, v in
                zip(self.D.tolist(), self.bases.tolist(), self.values.tolist(), strict=True)]


@dataclass(frozen=True)
class Vertex:
    """A vertex reported by the compiled walk: its basis, right-hand sides and determinant ``D``."""

    D: int
    basis: list[int]
    values: list[int]
    total: int  # number of variables

    def basic(self) -> list[int]:
        """The basic variable of each row."""
        return self.basis

    def zero_variables(self) -> set[int]:
        """Variables that are zero at this vertex (cobasic, or basic at zero)."""
        zero = set(range(self.total)).difference(self.basis)
        zero.update(v for v, x in zip(self.basis, self.values, strict=True) if x == 0)
        return zero


#: Dictionaries of at least this many entries (and small enough entries) are walked by compiled code; smaller
#: ones too once that code is loaded (loading it, about half a second, is more than a small walk takes).
COMPILED_CELLS = 100

#: From this many entries, tables whose walk is expected to pass 64-bit entries (half the dimension times the bits
#: of the largest entry: von Stengel's 6x6 game, 22 bits, reaches 80) are walked by compiled code too. Loading it
#: costs the first such solve in a process most of a second; each later solve is about twice as fast as in lists.
WIDE_CELLS = 36

_COMPILED = __name__.rpartition(".")[0] + "._rs_compiled"

#: Pivots per call of the compiled walk between looks at ``stop``.
COMPILED_PIVOTS = 2000


def _compiled():
    """The compiled kernel module, or None when numba is not installed."""
    try:
        from . import _rs_compiled
    except ImportError:  # pragma: no cover - numba is a dependency; the pure-Python walk still works
        return None
    return _rs_compiled


def _walk_compiled(root: Basis, stop) -> Iterator[Basis | Chunk]:
    kernel = _compiled()
    M = np.array(root.M, dtype=np.int64)
    k, d = M.shape[0] - 1, M.shape[1] - 1
    basis, cobasis = np.array(root.basis, dtype=np.int64), np.array(root.cobasis, dtype=np.int64)
    column_of, row_of = (np.array(v, dtype=np.int64) for v in positions(root))
    if is_lexmin(root):
        yield root
    state = np.array([root.D, 0, 0], dtype=np.int64)
    cap = 256
    out_basis, out_rhs, out_D = np.empty((cap, k), np.int64), np.empty((cap, k), np.int64), np.empty(cap, np.int64)
    while True:  # stop is asked after each run, so the first run is made even if importing took long
        status, count = kernel.run(M, state, basis, cobasis, column_of, row_of, out_basis, out_rhs, out_D,
                                   COMPILED_PIVOTS)
        if count:
            yield Chunk(out_basis[:count].copy(), out_rhs[:count].copy(), out_D[:count].copy(), k + d)
        if status == kernel.DONE:
            return
        if status == kernel.OVERFLOW:
            node = Basis(M.tolist(), int(state[0]), basis.tolist(), cobasis.tolist())
            yield from _walk_wide(node, int(state[1]), int(state[2]), stop)
            return
        if stop is not None and stop():
            return


def _walk_wide(node: Basis, depth: int, first: int, stop) -> Iterator[Basis | Chunk]:
    """The walk from a list dictionary ``node`` on, compiled over two-word entries (:mod:`._rs_wide`) while
    they stay below its cap, then on lists of Python integers."""
    from . import _rs_wide as kernel

    k, d = len(node.M) - 1, len(node.M[0]) - 1
    if max(abs(v) for row in node.M for v in row) >= kernel.CAP:
        yield from _walk_on(node, depth, first, k, stop)
        return
    H, L, F = kernel.words(node.M)
    basis, cobasis = np.array(node.basis, dtype=np.int64), np.array(node.cobasis, dtype=np.int64)
    column_of, row_of = (np.array(v, dtype=np.int64) for v in positions(node))
    D = np.array(kernel.words([node.D])[:2], dtype=np.int64).ravel()
    state = np.array([depth, first], dtype=np.int64)
    cap = 256
    out_basis, out_h, out_l = (np.empty((cap, k), np.int64) for _ in range(3))
    out_Dh, out_Dl = np.empty(cap, np.int64), np.empty(cap, np.int64)
    while True:
        status, count = kernel.run(H, L, F, D, state, basis, cobasis, column_of, row_of, out_basis, out_h, out_l,
                                   out_Dh, out_Dl, COMPILED_PIVOTS)
        if count:
            values = kernel.integers(out_h[:count], out_l[:count])
            yield Chunk(out_basis[:count].copy(), values, kernel.integers(out_Dh[:count], out_Dl[:count]), k + d)
        if status == kernel.DONE:
            return
        if status == kernel.OVERFLOW:
            node = Basis(kernel.integers(H, L).tolist(), int(kernel.integers(D[:1], D[1:])[0]), basis.tolist(),
                         cobasis.tolist())
            yield from _walk_on(node, int(state[0]), int(state[1]), k, stop)
            return
        if stop is not None and stop():
            return
