"""The small-game path for one game at a time, in plain Python.

:func:`bargain.equilibria.small.solve_stack` decides a whole stack of games
with a few dozen array operations, which is cheap per game for a stack and
dear for one game: each operation costs about a microsecond however small
its arrays. Here the same decisions are taken for one game with Python
floats: every square support pair, both indifference systems (closed forms
for supports of up to four actions, elimination above), the same
certificate of nondegeneracy and the same margins (see :mod:`~.small`).
Pairs that can be neither an equilibrium nor a witness of degeneracy are
skipped: those with an action clearly dominated (by another pure action) on
the other side's support, and a side's system wherever it could show no
witness and the other side already rules the pair out. The
loop stops at the first sign of trouble -- a witness of degeneracy, a
system or a comparison inside its margin -- and hands the game to the
general solver, as the batched path does; a system with a negative weight
needs no payoff comparison at all. Round-off differs from the batched path
only far inside the margins, so both accept the same games and find the same
equilibria.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from ..games.normal_form import Game
from ..results.solution import Equilibrium
from .small import PAYOFF_MARGIN, PROBABILITY_MARGIN, REGULAR, pair_count, two_by_two
from .verify import list_bounds, payoff_bounds, payoff_lists, verify_profiles

#: Most support pairs worth a Python loop over one game (a 3 x 3 game has 19, a 4 x 4 game 69, a 5 x 5
#: game 251). With dominated pairs skipped, measured on random games against the path that takes the game
#: otherwise: about half the time at 5 x 5, 4 x 5, 3 x 6 and 6 x 4; slower at 6 x 6 (923 pairs), where
#: supports of five and six actions need elimination.
MAX_PAIRS = 251
#: Most actions of one player for this path: a long side has many near-ties, and 2 x 20 was slower.
MAX_SIDE = 12


def equilibria(game: Game, tol: float) -> list[Equilibrium] | None:
    """:func:`bargain.equilibria.small.equilibria` for one game of at most :data:`MAX_PAIRS` support pairs.

    Every equilibrium, verified, of a game certified nondegenerate; ``None``
    when the game must go to the general solver.

    >>> from bargain import Game
    >>> [eq.profile for eq in equilibria(Game([[3, 0, 1], [5, 1, 0]], [[3, 5, 0], [0, 1, 0]]), 1e-9)]
    [((0.0, 1.0), (0.0, 1.0, 0.0))]
    """
    A, B = payoff_lists(game)
    if len(A) == len(A[0]) == 2:
        pairs = two_by_two(A, B)
        found = None if pairs is None else ([x for x, _ in pairs], [y for _, y in pairs])
    else:
        found = candidates(A, B, bounds=payoff_bounds(game))
    if found is None:
        return None
    X, Y = found
    checked = verify_profiles(game, X, Y, tol, lists=(A, B))
    for eq in checked:
        if eq is None:
            return None
    return checked


def fits(m: int, n: int) -> bool:
    """True when an ``m x n`` game is small enough for :func:`equilibria`.

    >>> fits(3, 3), fits(5, 5), fits(6, 6), fits(2, 20)
    (True, True, False, False)
    """
    return max(m, n) <= MAX_SIDE and pair_count(m, n) <= MAX_PAIRS


def candidates(A: list[list[float]], B: list[list[float]], *, bounds=None):
    """Every equilibrium of a game certified nondegenerate, as ``(X, Y)`` lists of strategies; None when unsure.

    ``A`` and ``B`` are the payoff matrices as lists of rows (``bounds``,
    optional: their :func:`~bargain.equilibria.verify.payoff_bounds`). The equilibria come
    in the order of :func:`~bargain.equilibria.small.solve_stack`: by support
    size, then row support, then column support.

    >>> X, Y = candidates([[3.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 3.0]])
    >>> X
    [[1.0, 0.0], [0.0, 1.0], [0.6, 0.4]]
    >>> candidates([[1.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]) is None  # degenerate
    True
    """
    m, n = len(A), len(A[0])
    low_a, high_a, low_b, high_b = bounds or list_bounds(A) + list_bounds(B)
    R = _unit(A, low_a, high_a)  # side 0: rows (responders) made indifferent by a column strategy
    C = _unit(zip(*B, strict=True), low_b, high_b)  # side 1: columns made indifferent by a row strategy
    X: list[list[float]] = []
    Y: list[list[float]] = []
    beaten_rows, beaten_cols = _beaten(R, n), _beaten(C, m)
    if not _pure(beaten_rows, beaten_cols, m, n, X, Y):
        return None
    for k in range(2, min(m, n) + 1):
        system = _system2 if k == 2 else _system3 if k == 3 else _system
        first = _witnesses(R, beaten_rows, m, n, k, system)
        if first is None:
            return None
        table = _support_table(n, k)
        for I, rows, other_rows in _masked(m, k):  # noqa: E741
            out = beaten_cols[rows]
            supports, last, _ = table[out] or _fill(table, n, k, out)
            for J, columns, other_columns in supports:
                if beaten_rows[columns] & rows:  # a row of I dominated on J: side 0 has no solution to offer
                    if J[-1] < last and system(C, J, I, other_columns) is False:
                        return None  # side 1's witness of degeneracy
                    continue
                solved = first.get(rows << MAX_SIDE | columns, False)
                if solved is None and J[-1] >= last:
                    continue  # side 0 rules the pair out, and side 1 can show no witness
                second = system(C, J, I, other_columns)  # row strategy on I, columns J indifferent
                if second is False:
                    return None
                if second is None or solved is None:
                    continue  # no solution, or a clear negative weight: not an equilibrium
                if solved is False:  # side 0 not solved yet: no witness there, and now it may complete a pair
                    solved = system(R, I, J, other_rows)
                    if solved is False:
                        return None
                    if solved is None:
                        continue
                (y, low0, gap0), (x, low1, gap1) = solved, second
                low, gap = min(low0, low1), max(gap0, gap1)
                if low > PROBABILITY_MARGIN and gap < -PAYOFF_MARGIN:
                    X.append(_spread(x, I, m))
                    Y.append(_spread(y, J, n))
                elif not (low < -PROBABILITY_MARGIN or gap > PAYOFF_MARGIN):
                    return None  # neither clearly an equilibrium nor clearly not
    if len(X) % 2 == 0:  # a nondegenerate game has an odd number of equilibria
        return None
    return X, Y


def _witnesses(R, beaten_rows: list[int], m: int, n: int, k: int, system) -> dict | None:
    """Side 0's systems of size ``k`` that could show a witness of degeneracy; None when one is unsure.

    A witness needs a row after ``I``'s last still undominated on ``J`` (see
    :func:`_system`); elsewhere side 0 can only complete an equilibrium, so it
    waits until side 1 leaves the pair open. Returns, keyed by the bit mask of
    ``I`` shifted by :data:`MAX_SIDE` bits or-ed with that of ``J``, the column
    strategy on ``J`` making the rows ``I`` indifferent and what it shows, or
    ``None`` for a pair it rules out.
    """
    first: dict = {}
    table = _support_table(m, k)
    for J, columns, _ in _masked(n, k):
        out = beaten_rows[columns]
        early = (table[out] or _fill(table, m, k, out))[2]  # supports of rows with an undominated row after them
        for I, rows, others in early:  # noqa: E741 - the supports' usual names
            solved = system(R, I, J, others)
            if solved is False:
                return None
            first[rows << MAX_SIDE | columns] = solved
    return first


def _beaten(R: list[list[float]], n: int) -> list[int]:
    """For each set of columns ``J`` (a bit mask), the rows of ``R`` clearly dominated on ``J`` (a bit mask).

    A row beaten by another row by more than the margin in every column of
    ``J`` is a worse reply than that row to every strategy on ``J``, so it is
    neither a best response there nor part of a witness of degeneracy (whose
    best responses all tie at the top): pairs with such a row in ``I`` need no
    system. The comparisons are of payoffs, not of solved systems, so the
    margin holds them exactly.

    Each pair of rows marks the loser on every subset of the columns where it
    loses, read from a table of subsets made once per width.
    """
    m = len(R)
    beaten = [0] * (1 << n)
    margin = PAYOFF_MARGIN
    subsets = _subsets(n)
    bits = _bits(n)
    for i, first in enumerate(R):
        for h in range(i + 1, m):
            up = down = 0  # the columns where row h beats row i, and where row i beats row h
            for a, b, bit in zip(first, R[h], bits):  # noqa: B905 - rows of one matrix
                if b - a > margin:
                    up |= bit
                elif a - b > margin:
                    down |= bit
            loser = 1 << i
            for sub in subsets[up]:
                beaten[sub] |= loser
            loser = 1 << h
            for sub in subsets[down]:
                beaten[sub] |= loser
    return beaten


@lru_cache(maxsize=16)
def _bits(n: int) -> tuple[int, ...]:
    """The bit of each of ``n`` actions."""
    return tuple(1 << j for j in range(n))


@lru_cache(maxsize=16)
def _subsets(n: int) -> tuple[tuple[int, ...], ...]:
    """For each bit mask below ``2**n``, its nonempty subsets."""
    out = []
    for mask in range(1 << n):
        found, sub = [], mask
        while sub:
            found.append(sub)
            sub = (sub - 1) & mask
        out.append(tuple(found))
    return tuple(out)


@lru_cache(maxsize=256)
def _support_table(size: int, k: int) -> list:
    """For each bit mask ``out`` below ``2**size``, :func:`_supports` once it has been asked for (else None)."""
    return [None] * (1 << size)


def _fill(table: list, size: int, k: int, out: int):
    table[out] = found = _supports(size, k, out)
    return found


def _supports(size: int, k: int, out: int) -> tuple[tuple[tuple, ...], int, tuple[tuple, ...]]:
    """Every ``k``-subset of ``range(size)`` avoiding the actions in the bit mask ``out``, in order, as in
    :func:`_masked`; the last action not in ``out`` (-1 if none); and the subsets ending before it."""
    kept = [i for i in range(size) if not out >> i & 1]
    entries = tuple(_entry(c, size) for c in combinations(kept, k))
    last = kept[-1] if kept else -1
    return entries, last, tuple(entry for entry in entries if entry[0][-1] < last)


@lru_cache(maxsize=256)
def _masked(size: int, k: int) -> tuple[tuple[tuple[int, ...], int, tuple[int, ...]], ...]:
    """Every ``k``-subset of ``range(size)``, in order, with its bit mask and the actions outside it."""
    return tuple(_entry(c, size) for c in combinations(range(size), k))


def _entry(c: tuple[int, ...], size: int) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    return c, sum(1 << i for i in c), tuple(i for i in range(size) if i not in c)


def _pure(beaten_rows: list[int], beaten_cols: list[int], m: int, n: int, X: list, Y: list) -> bool:
    """The pairs of one action each: pure equilibria appended to ``X``, ``Y``; False when unsure.

    Against a pure strategy the value is the responder's own payoff, so only a
    clear best response can be part of an equilibrium, every other response is
    clearly out, and two best responses within the margin are a witness of
    degeneracy (or too close to call). The responses not clearly beaten by
    another (see :func:`_beaten`) are those within the margin of the best: a
    clear best response is the only one.
    """
    best_row, best_col = [], []
    for best, beaten, own, other in ((best_row, beaten_rows, m, n), (best_col, beaten_cols, n, m)):
        everyone = (1 << own) - 1
        for j in range(other):
            live = everyone & ~beaten[1 << j]
            if live & (live - 1):
                return False  # two responses within the margin of each other at the top
            best.append(live.bit_length() - 1)
    for i, j in enumerate(best_col):
        if best_row[j] == i:
            X.append(_spread([1.0], (i,), m))
            Y.append(_spread([1.0], (j,), n))
    return True


def _system(R: list[list[float]], I: tuple[int, ...], J: tuple[int, ...], others: tuple[int, ...]):  # noqa: E741
    """The strategy on ``J`` making the responders ``I`` of ``R`` indifferent, and what it shows
    (``others``: the responders outside ``I``, in order).

    Returns ``(weights, smallest weight, gap)`` (``gap``: best payoff of a
    responder outside ``I`` minus the common value); ``None`` when the pair is
    clearly not an equilibrium (no solution, or a clearly negative weight);
    ``False`` when the game is unsure (a system or comparison inside its
    margin, or a witness of degeneracy: ``J``'s strategy with a responder after
    ``I``'s last tied with the value while ``I`` are best responses).
    """
    solved = _solve(R, I, J)
    if solved is None or solved is False:
        return solved
    weights, value = solved
    low = min(weights)
    if low < -PROBABILITY_MARGIN:
        return None  # the pair is clearly out, and this side is no witness
    gap = float("-inf")
    tie = False
    last = I[-1]
    for r in others:
        row = R[r]
        payoff = sum(row[j] * w for j, w in zip(J, weights))  # noqa: B905 - one weight per action of J
        if payoff - value > gap:
            gap = payoff - value
        if r > last and abs(payoff - value) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False  # a strategy on k actions with k + 1 best responses: degenerate (or too close to call)
    return weights, low, gap


def _system2(R, I, J, others: tuple[int, ...]):  # noqa: E741
    """:func:`_system` for two actions, written out."""
    i0, i1 = I
    j0, j1 = J
    a, b, c, d = R[i0][j0], R[i0][j1], R[i1][j0], R[i1][j1]
    first, second = d - b, a - c  # the adjugate times ones
    bordered = first + second
    if abs(bordered) <= REGULAR:
        return False if max(abs(first), abs(second), abs(a * d - b * c)) <= 1e-6 else None
    w0, w1 = first / bordered, second / bordered
    low = w0 if w0 < w1 else w1
    if low < -PROBABILITY_MARGIN:
        return None
    value = (a * d - b * c) / bordered
    gap = float("-inf")
    tie = False
    for r in others:
        row = R[r]
        excess = row[j0] * w0 + row[j1] * w1 - value
        if excess > gap:
            gap = excess
        if r > i1 and abs(excess) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False
    return [w0, w1], low, gap


def _system3(R, I, J, others: tuple[int, ...]):  # noqa: E741
    """:func:`_system` for three actions, written out (the adjugate of a 3 x 3 block)."""
    i0, i1, i2 = I
    j0, j1, j2 = J
    r0, r1, r2 = R[i0], R[i1], R[i2]
    a, b, c, d, e, f, g, h, i = r0[j0], r0[j1], r0[j2], r1[j0], r1[j1], r1[j2], r2[j0], r2[j1], r2[j2]
    ei_fh, di_fg, dh_eg = e * i - f * h, d * i - f * g, d * h - e * g
    p = ei_fh - (b * i - c * h) + (b * f - c * e)
    q = -di_fg + (a * i - c * g) - (a * f - c * d)
    s = dh_eg - (a * h - b * g) + (a * e - b * d)
    det = a * ei_fh - b * di_fg + c * dh_eg
    bordered = p + q + s
    if abs(bordered) <= REGULAR:
        return False if max(abs(p), abs(q), abs(s), abs(det)) <= 1e-6 else None
    w0, w1, w2 = p / bordered, q / bordered, s / bordered
    low = min(w0, w1, w2)
    if low < -PROBABILITY_MARGIN:
        return None
    value = det / bordered
    gap = float("-inf")
    tie = False
    for r in others:
        row = R[r]
        excess = row[j0] * w0 + row[j1] * w1 + row[j2] * w2 - value
        if excess > gap:
            gap = excess
        if r > i2 and abs(excess) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False
    return [w0, w1, w2], low, gap


def _solve(R, I, J):  # noqa: E741
    """Weights on ``J`` summing to one that give every responder of ``I`` the same payoff, and that payoff.

    ``None`` when the bordered system is clearly singular with no solution,
    ``False`` when it is singular or nearly so and might have many.
    """
    k = len(I)
    if k == 1:
        return [1.0], R[I[0]][J[0]]
    if k == 2:
        (a, b), (c, d) = [[R[i][j] for j in J] for i in I]
        first, second, det = d - b, a - c, a * d - b * c  # adjugate times ones, and the determinant
        bordered = first + second
        if abs(bordered) <= REGULAR:
            return False if max(abs(first), abs(second), abs(det)) <= 1e-6 else None
        return [first / bordered, second / bordered], det / bordered
    if k == 3:
        (a, b, c), (d, e, f), (g, h, i) = [[R[r][j] for j in J] for r in I]
        # the adjugate's rows summed (adj(M) times ones) and the determinant
        p = (e * i - f * h) - (b * i - c * h) + (b * f - c * e)
        q = -(d * i - f * g) + (a * i - c * g) - (a * f - c * d)
        s = (d * h - e * g) - (a * h - b * g) + (a * e - b * d)
        det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        bordered = p + q + s
        if abs(bordered) <= REGULAR:
            return False if max(abs(p), abs(q), abs(s), abs(det)) <= 1e-6 else None
        return [p / bordered, q / bordered, s / bordered], det / bordered
    if k == 4:
        det, adjugate = _cramer4([[R[r][j] for j in J] for r in I])
        bordered = sum(adjugate)  # column j replaced by ones: Cramer's rule for M w = 1
        if abs(bordered) <= REGULAR:
            return False if max(max(map(abs, adjugate)), abs(det)) <= 1e-6 else None
        return [a / bordered for a in adjugate], det / bordered
    return _eliminate([[R[r][j] for j in J] + [-1.0] for r in I] + [[1.0] * k + [0.0]])


def _cramer4(M: list[list[float]]) -> tuple[float, list[float]]:
    """``det M`` and, for each column ``j``, ``det M`` with column ``j`` replaced by ones.

    Each determinant is expanded along the 2 x 2 minors of the top two rows
    against those of the bottom two; the twelve minors of ``M`` are computed
    once, and a minor with a column of ones is a difference of two entries.
    """
    (a0, a1, a2, a3), (b0, b1, b2, b3), (c0, c1, c2, c3), (d0, d1, d2, d3) = M
    t01, t02, t03 = a0 * b1 - b0 * a1, a0 * b2 - b0 * a2, a0 * b3 - b0 * a3
    t12, t13, t23 = a1 * b2 - b1 * a2, a1 * b3 - b1 * a3, a2 * b3 - b2 * a3
    s01, s02, s03 = c0 * d1 - d0 * c1, c0 * d2 - d0 * c2, c0 * d3 - d0 * c3
    s12, s13, s23 = c1 * d2 - d1 * c2, c1 * d3 - d1 * c3, c2 * d3 - d2 * c3
    # minor (k, l) with column k of ones is b[l] - a[l] (u, bottom: v); with column l of ones, a[k] - b[k] (w, z)
    u1, u2, u3 = b1 - a1, b2 - a2, b3 - a3
    v1, v2, v3 = d1 - c1, d2 - c2, d3 - c3
    w0, w1, w2 = a0 - b0, a1 - b1, a2 - b2
    z0, z1, z2 = c0 - d0, c1 - d1, c2 - d2
    return _expand(t01, t02, t03, t12, t13, t23, s01, s02, s03, s12, s13, s23), [
        _expand(u1, u2, u3, t12, t13, t23, v1, v2, v3, s12, s13, s23),
        _expand(w0, t02, t03, u2, u3, t23, z0, s02, s03, v2, v3, s23),
        _expand(t01, w0, t03, w1, t13, u3, s01, z0, s03, z1, s13, v3),
        _expand(t01, t02, w0, t12, w1, w2, s01, s02, z0, s12, z1, z2),
    ]


def _expand(t01, t02, t03, t12, t13, t23, s01, s02, s03, s12, s13, s23) -> float:
    """A 4 x 4 determinant from the minors of its top two rows (``t``) and bottom two (``s``)."""
    return t01 * s23 - t02 * s13 + t03 * s12 + t12 * s03 - t13 * s02 + t23 * s01


def _eliminate(S: list[list[float]]):
    """``S z = e_last`` by Gaussian elimination with partial pivoting: ``(weights, value)``, or ``False``
    when ``|det S|`` is within :data:`REGULAR` (left to the general solver, which handles every case)."""
    size = len(S)
    rhs = [0.0] * (size - 1) + [1.0]
    det = 1.0
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(S[r][col]))
        if S[pivot][col] == 0.0:
            return False
        if pivot != col:
            S[col], S[pivot] = S[pivot], S[col]
            rhs[col], rhs[pivot] = rhs[pivot], rhs[col]
            det = -det
        top = S[col]
        det *= top[col]
        for r in range(col + 1, size):
            factor = S[r][col] / top[col]
            if factor:
                row = S[r]
                for c in range(col, size):
                    row[c] -= factor * top[c]
                rhs[r] -= factor * rhs[col]
    if abs(det) <= REGULAR:
        return False
    z = [0.0] * size
    for r in range(size - 1, -1, -1):
        z[r] = (rhs[r] - sum(S[r][c] * z[c] for c in range(r + 1, size))) / S[r][r]
    return z[:-1], z[-1]


def _unit(M, low: float, high: float) -> list[list[float]]:
    """``M`` (rows of floats from ``low`` to ``high``) mapped onto ``[0, 1]`` (a constant matrix onto 0), as
    the batched path rescales."""
    span = high - low if high > low else 1.0
    return [[(v - low) / span for v in row] for row in M]


def _spread(weights: list[float], support: tuple[int, ...], size: int) -> list[float]:
    full = [0.0] * size
    for i, w in zip(support, weights):  # noqa: B905 - one weight per action of the support
        full[i] = w
    return full
