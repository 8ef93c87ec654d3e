"""Every extreme equilibrium in exact arithmetic: one polytope by reverse search, partners solved.

The vertices of the best-response polytope of the player with fewer actions
(``P`` below, after transposing the game if needed) are listed by
:mod:`~bargain.equilibria.reverse_search`. A nonzero vertex ``x`` with support
``K`` and tight columns ``T`` is an equilibrium strategy exactly when the face
``F(x) = {y in Q : y_j = 0 off T, (A y)_i = 1 on K}`` of the other polytope is
not empty, and its partners are the vertices of that face:

* when ``|T| = |K|`` and ``A[K, T]`` is regular, ``F(x)`` is at most one point,
  found by one exact solve (python-flint's ``fmpz_mat.solve``);
* otherwise (a degenerate vertex, or dependent equations) a simplex run finds
  one vertex of ``F(x)`` (maximise the sum of the rows in ``K`` over ``Q``
  restricted to ``T``), the equations are pivoted out, and a second reverse
  search lists the face's vertices.

Nothing grows with the number of vertices visited except the answer itself.
The search can be stopped between pivots (a deadline, Ctrl-C); it then
returns what it found, marked incomplete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd, lcm

import numpy as np

from . import _cramer
from . import reverse_search as rs

#: Smallest number of actions per player at which ``auto`` with a timeout or a
#: progress callback uses this interruptible search in floating-point mode too.
INTERRUPTIBLE_FROM = 15


@dataclass(frozen=True)
class Progress:
    """How far a search has come: vertices of the enumerated polytope, equilibria, seconds."""

    vertices: int
    equilibria: int
    elapsed: float


class Monitor:
    """Asked between pivots: is it time to stop? Reports progress at most every ``every`` seconds."""

    def __init__(self, deadline: float | None, progress: Callable[[Progress], None] | None, every: float = 0.1):
        self.deadline, self.progress, self.every = deadline, progress, every
        self.started = self.last = time.monotonic()
        self.found: Search | None = None

    def __call__(self) -> bool:
        now = time.monotonic()
        if self.progress is not None and self.found is not None and now - self.last >= self.every:
            self.last = now
            self.progress(Progress(self.found.vertices, len(self.found.pairs), now - self.started))
        return self.deadline is not None and now > self.deadline


@dataclass
class Search:
    """What a search found: equilibria as index pairs into integer strategy vectors.

    A strategy is a vector of nonnegative integers; its probabilities are the
    entries divided by their sum.
    """

    X: list[tuple[int, ...]] = field(default_factory=list)
    Y: list[tuple[int, ...]] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    degenerate: bool = False  # True once a vertex with surplus labels was seen
    vertices: int = 0  # vertices of P visited
    stopped: str | None = None  # why the search ended early, if it did
    side: int = 0  # whose polytope was enumerated: 0 the row player's, 1 the column player's
    other_simple: bool = False  # True when the other polytope was walked whole and no vertex had surplus labels


def _integer_rows(M: list[list[Fraction]]) -> tuple[list[list[int]], list[int]]:
    """Rows of ``M z <= 1`` scaled to integers: ``(rows, right-hand sides)``."""
    rows, rhs = [], []
    for row in M:
        scale = lcm(*(v.denominator for v in row))
        rows.append([int(v * scale) for v in row])
        rhs.append(scale)
    return rows, rhs


def _shifted(M: list[list[Fraction]]) -> list[list[Fraction]]:
    shift = 1 - min(min(row) for row in M)
    return [[v + shift for v in row] for row in M]


def _system(M: list[list[Fraction]]) -> tuple[list[list[int]], list[int]]:
    """:func:`_integer_rows` of :func:`_shifted` ``M``, without fraction arithmetic when every entry is whole."""
    if any(v.denominator != 1 for row in M for v in row):
        return _integer_rows(_shifted(M))
    shift = 1 - min(min(row) for row in M).numerator
    return [[v.numerator + shift for v in row] for row in M], [1] * len(M)


def _canonical(values: list[int]) -> tuple[int, ...]:
    divisor = gcd(*values)
    return tuple(values) if divisor == 1 else tuple([v // divisor for v in values])


class _Partners:
    """The partner side ``Q = {y >= 0 : A y <= 1}`` (``A`` shifted positive, rows scaled to integers)."""

    def __init__(self, A: list[list[Fraction]]):
        self.rows, self.rhs = _system(A)
        self.m, self.n = len(self.rows), len(self.rows[0])
        self.largest = max(max(map(abs, row)) for row in self.rows)
        fits = self.largest < 2**31 and max(self.rhs) < 2**31
        self.arrays = (np.array(self.rows, dtype=np.int64), np.array(self.rhs, dtype=np.int64)) if fits else None

    def of(self, K: list[int], T: list[int], stop) -> list[list[int]]:
        """Integer vectors of the vertices of ``F(x)`` for support ``K`` and tight columns ``T``."""
        if len(T) == len(K):
            found = self._square(K, T)
            if found is not None:
                return found
        return self._face(K, T, stop)

    def batch(self, chunk: rs.Chunk):
        """Partners of a chunk of vertices in compiled code: ``(status, X, Y, degenerate)``, or None.

        ``status`` per vertex: 0 no partner, 1 one partner (rows of ``X`` and
        ``Y``, reduced integer vectors, as lists), 2 left to :meth:`of`.
        ``degenerate`` is True when some vertex has surplus labels. None when
        the partner polytope's entries do not fit the compiled code.
        """
        if self.arrays is None or chunk.values.dtype == object:  # entries past 64 bits: solved one by one
            return None
        from . import _exact_compiled as kernel

        count = len(chunk.D)
        Q, rhs = self.arrays
        X, Y = np.empty((count, self.m), np.int64), np.empty((count, self.n), np.int64)
        status, degenerate = np.empty(count, np.int64), np.empty(count, np.bool_)
        kernel.partner_batch(chunk.bases, chunk.values, count, self.n, self.m, Q, rhs, self.largest,
                             X, Y, status, degenerate)
        return status.tolist(), X.tolist(), Y.tolist(), bool(degenerate.any())

    def _square(self, K, T):
        found = _cramer.solve(self.rows, self.rhs, K, T) if len(K) <= _cramer.LARGEST else self._solve(K, T)
        if found is None:  # dependent equations: the face may be larger than a point
            return None
        w, den = found
        if min(w) < 0:
            return []
        tight = set(K)
        for i, (row, bound) in enumerate(zip(self.rows, self.rhs, strict=True)):  # A y <= 1, times den
            if i not in tight and sum([row[j] * v for j, v in zip(T, w)]) > bound * den:  # noqa: B905
                return []
        y = [0] * self.n
        for j, v in zip(T, w, strict=True):
            y[j] = v
        return [y]

    def _solve(self, K, T) -> tuple[list[int], int] | None:
        """:func:`._cramer.solve` for larger systems, by python-flint."""
        from flint import fmpz, fmpz_mat  # exact integer linear algebra; loaded with the first exact solve

        entries = self.__dict__.get("entries")
        if entries is None:  # the rows as flint integers, converted once
            entries = self.entries = ([[fmpz(v) for v in row] for row in self.rows], [fmpz(v) for v in self.rhs])
        rows, rhs = entries
        try:
            solution = fmpz_mat([[rows[i][j] for j in T] for i in K]).solve(fmpz_mat(len(K), 1, [rhs[i] for i in K]))
        except ZeroDivisionError:
            return None
        numerators, denominator = solution.numer_denom()
        w = [int(v) for v in numerators.entries()]
        den = int(denominator)
        return (w, den) if den > 0 else ([-v for v in w], -den)

    def _face(self, K, T, stop) -> list[list[int]]:
        if not T:
            return []
        rows = [[row[j] for j in T] for row in self.rows]
        objective = [-sum(rows[i][c] for i in K) for c in range(len(T))]
        node = rs.optimise(rs.start(rows, self.rhs, objective), self.m)
        tight = set(K)
        value = dict(zip(node.basic(), node.values, strict=True))
        if any(value.get(i, 0) != 0 for i in tight):
            return []  # the rows in K cannot all be tight: no partner
        root = _fix_at_zero(node, tight)
        if root is None:
            return []
        node, variables = root
        found = []
        width = self.m  # slack variables are 0 .. m-1, y_T columns are m ..
        for vertex in rs.walk(node, stop):
            y = [0] * self.n
            for v, value in zip(vertex.basic(), vertex.values, strict=True):
                var = variables[v]
                if var >= width:
                    y[T[var - width]] = int(value)
            if any(y):
                found.append(y)
        return found


def _fix_at_zero(node: rs.Basis, fixed: set[int]):
    """The dictionary of the face where the variables ``fixed`` are zero, renumbered as a root.

    Basic variables of ``fixed`` (all at value zero) are pivoted out of the
    basis where possible, or their row dropped when it is implied by the
    others; then their columns are deleted. Returns ``(root, variables)``:
    the root dictionary numbered ``0 ..`` (basic first) and the original
    variable of each new number.
    """
    k = node.M.shape[0] - 1
    for r in range(k):
        if int(node.basis[r]) not in fixed:
            continue
        row = node.M[r, :-1]
        free = [c for c in np.nonzero(row != 0)[0].tolist() if int(node.cobasis[c]) not in fixed]
        if free:
            node = rs.pivot(node, r, free[0])
    keep_rows = [r for r in range(k) if int(node.basis[r]) not in fixed]
    keep_cols = [c for c in range(node.M.shape[1] - 1) if int(node.cobasis[c]) not in fixed]
    M = node.M[np.ix_(keep_rows + [k], keep_cols + [node.M.shape[1] - 1])].copy()
    M[-1, :-1] = node.D  # objective: minus the sum of the root's cobasic variables
    M[-1, -1] = 0
    basis = node.basis[keep_rows].tolist()
    cobasis = node.cobasis[keep_cols].tolist()
    root = rs.Basis(M, node.D, np.arange(len(basis)), np.arange(len(basis), len(basis) + len(cobasis)))
    return root, basis + cobasis


#: Most vertices of the partner polytope kept for matching labels (:func:`_by_labels`); past it, partners are solved.
LOOKUP_VERTICES = 1 << 14


def _by_labels(partners: _Partners, stop) -> dict[int, tuple[list[int], list[int]]] | None:
    """The nonzero vertices of the partner polytope ``Q`` by their labels: ``{label bits: (basis, values)}``.

    Label ``i`` is row ``i``'s slack at zero, label ``m + j`` is ``y_j = 0``. When
    every vertex of ``Q`` has exactly ``n`` labels, a vertex ``x`` of ``P`` with
    exactly ``m`` labels has a partner only at the vertex of ``Q`` carrying the
    other ``n`` labels (a face of ``Q`` with ``n`` labels is at most one point
    then), so a look-up replaces the solve. None when some vertex of ``Q`` has
    surplus labels, when ``Q`` has more than :data:`LOOKUP_VERTICES` vertices,
    or when the walk was stopped.
    """
    m, n = partners.m, partners.n
    full = (1 << (m + n)) - 1
    origin = full ^ ((1 << m) - 1)  # every y_j = 0: not a strategy
    found: dict[int, tuple[list[int], list[int]]] = {}
    for item in rs.walk_chunks(rs.start(partners.rows, partners.rhs), stop):
        if isinstance(item, rs.Chunk) and m + n <= 62:  # label bits of a whole chunk at once
            if not (item.values != 0).all():
                return None  # surplus labels
            keys = full ^ np.bitwise_or.reduce(np.left_shift(1, item.bases), axis=1)
            found.update(zip(keys.tolist(), zip(item.bases.tolist(), item.values.tolist(), strict=True), strict=True))
        else:
            for vertex in item.vertices() if isinstance(item, rs.Chunk) else [item]:
                labels, basis, values = full, vertex.basic(), [int(v) for v in vertex.values]
                if not all(values):
                    return None
                for v in basis:
                    labels ^= 1 << v
                found[labels] = (basis, values)
        if len(found) > LOOKUP_VERTICES:
            return None
    found.pop(origin, None)
    return None if stop() else found


def _vector(basis: list[int], values: list[int], first: int, size: int) -> tuple[int, ...]:
    """The reduced integer vector of the variables ``first .. first + size - 1`` at a vertex."""
    out = [0] * size
    for v, value in zip(basis, values, strict=True):
        if v >= first:
            out[v - first] = value
    return _canonical(out)


def search(
    A: list[list[Fraction]],
    B: list[list[Fraction]],
    *,
    deadline: float | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> Search:
    """Every extreme equilibrium of ``(A, B)`` (exact payoffs: Fractions or ints), or those found before a stop.

    Enumerates the polytope of the player with fewer actions. ``deadline`` is
    a :func:`time.monotonic` time after which the search stops; Ctrl-C stops
    it too. Either way the result says so in ``stopped``. ``progress`` is
    called with a :class:`Progress` about ten times a second.

    >>> F = Fraction
    >>> found = search([[F(3), F(0)], [F(0), F(2)]], [[F(2), F(0)], [F(0), F(3)]])
    >>> sorted((found.X[a], found.Y[b]) for a, b in found.pairs)
    [((0, 1), (0, 1)), ((1, 0), (1, 0)), ((3, 2), (2, 3))]
    """
    m, n = len(A), len(A[0])
    if m > n:
        BT = [list(col) for col in zip(*B, strict=True)]
        AT = [list(col) for col in zip(*A, strict=True)]
        result = search(BT, AT, deadline=deadline, progress=progress)
        result.X, result.Y = result.Y, result.X
        result.pairs = [(b, a) for a, b in result.pairs]
        result.side = 1
        return result
    result = Search()
    monitor = Monitor(deadline, progress)
    monitor.found = result
    partners = _Partners(A)
    rows, rhs = _system([list(col) for col in zip(*B, strict=True)])  # B^T x <= 1
    lookup, looked = None, m != n  # partners looked up by label: tried once the walk's entries pass 64 bits
    y_index: dict[tuple[int, ...], int] = {}

    def add(x: tuple[int, ...], ys: list[tuple[int, ...]]) -> None:
        result.X.append(x)
        a = len(result.X) - 1
        for key in ys:
            b = y_index.setdefault(key, len(y_index))
            if b == len(result.Y):
                result.Y.append(key)
            result.pairs.append((a, b))

    def take(vertex) -> bool:
        """The partners of one vertex, solved in Python; False when the search must stop."""
        result.vertices += 1
        x, loose = [0] * m, [False] * n  # loose: a column whose slack is positive
        M = getattr(vertex, "M", None)
        if isinstance(M, list):  # a dictionary of lists: right-hand sides read in place
            for v, row in zip(vertex.basis, M):  # noqa: B905 - the objective row has no variable
                if v >= n:
                    x[v - n] = row[-1]
                elif row[-1]:
                    loose[v] = True
        else:
            for v, value in zip(vertex.basic(), vertex.values, strict=True):
                if v >= n:
                    x[v - n] = int(value)
                elif value:
                    loose[v] = True
        K = [i for i in range(m) if x[i] > 0]
        if not K:
            return True
        T = [j for j in range(n) if not loose[j]]
        if len(T) > len(K):
            result.degenerate = True
        elif lookup is not None:  # m labels: the partner is the vertex of Q with the others, if any
            labels = sum([1 << i for i in K]) + sum([1 << (m + j) for j in range(n) if loose[j]])
            partner = lookup.get(labels)
            if partner is not None:
                add(_canonical(x), [_vector(*partner, m, n)])
            return True
        ys = partners.of(K, T, monitor)
        if monitor():
            return False  # the partners of this vertex may be incomplete: leave them out
        if ys:
            add(_canonical(x), [_canonical(y) for y in ys])
        return True

    def matched(chunk: rs.Chunk) -> bool:
        """The partners of a chunk's vertices by label look-up (in :func:`take` those with surplus labels)."""
        values = chunk.values
        nonzero = values != 0
        bits = np.where(chunk.bases >= n, chunk.bases - n, chunk.bases + m)  # x_i: label i; slack j: label m + j
        keys = np.bitwise_or.reduce(np.where(nonzero, np.left_shift(1, bits), 0), axis=1).tolist()
        vertices = None
        for e, simple in enumerate(nonzero.all(axis=1).tolist()):
            if not simple:
                vertices = vertices or chunk.vertices()
                if not take(vertices[e]):
                    return False
                continue
            result.vertices += 1
            partner = lookup.get(keys[e])
            if partner is not None:
                add(_vector(chunk.bases[e].tolist(), values[e].tolist(), n, m), [_vector(*partner, m, n)])
        return True

    try:
        for item in rs.walk_chunks(rs.start(rows, rhs), monitor):
            if not isinstance(item, rs.Chunk):
                if not take(item):
                    break
                continue
            if not looked and item.values.dtype == object:  # from here partners would be solved on big integers
                looked, lookup = True, _by_labels(partners, monitor)
            if lookup is not None and item.values.dtype == object and m + n <= 62:
                if not matched(item):
                    break
                continue
            found = partners.batch(item)
            if found is None:
                if not all(take(vertex) for vertex in item.vertices()):
                    break
                continue
            status, X, Y, degenerate = found
            result.degenerate |= degenerate
            leftover = None
            for e, code in enumerate(status):
                if code == 1:
                    result.vertices += 1
                    add(tuple(X[e]), [tuple(Y[e])])
                elif code == 0:
                    result.vertices += 1
                else:
                    leftover = leftover or item.vertices()
                    if not take(leftover[e]):
                        break
            else:
                continue
            break
        if monitor():
            result.stopped = "time limit"
        result.other_simple = lookup is not None
    except KeyboardInterrupt:
        result.stopped = "interrupted"
    return result


def is_degenerate(A: list[list[Fraction]], B: list[list[Fraction]], *, sides: tuple[int, ...] = (0, 1)) -> bool:
    """True when a vertex of a best-response polytope has surplus labels (exact test).

    ``sides`` chooses the polytopes to look at: 0 the row player's, 1 the
    column player's (skip one already known to be nondegenerate).

    >>> F = Fraction
    >>> is_degenerate([[F(1), F(1)], [F(0), F(0)]], [[F(1), F(1)], [F(0), F(0)]])
    True
    """
    polytopes = {0: ([list(c) for c in zip(*B, strict=True)], len(A)), 1: (A, len(A[0]))}
    for side in sides:
        M, width = polytopes[side]
        rows, rhs = _system(M)
        for vertex in rs.walk(rs.start(rows, rhs)):
            if len(vertex.zero_variables()) > width:
                return True
    return False
