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
equilibria. The systems themselves are in :mod:`~._indifference`.

A game that cannot be certified whole may still be certified once the
actions clearly dominated by another action are removed in turn
(:func:`reduced_equilibria`): its equilibria are then those of the game left.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from ..games.normal_form import Game
from ..results.solution import Equilibrium
from ._indifference import system as system_k
from ._indifference import system2, system3, system4
from .small import PAYOFF_MARGIN, PROBABILITY_MARGIN, pair_count, two_by_two
from .verify import list_bounds, payoff_bounds, payoff_columns, payoff_lists, payoff_rows, verify_profiles

#: Most support pairs worth a Python loop over one game (a 3 x 3 game has 19, a 4 x 4 game 69, a 5 x 5
#: game 251). With dominated pairs skipped, measured on random games against the path that takes the game
#: otherwise: about half the time at 5 x 5, 4 x 5, 3 x 6 and 6 x 4; slower at 6 x 6 (923 pairs), where
#: supports of five and six actions need elimination.
MAX_PAIRS = 251
#: The indifference systems written out, by support size.
_SYSTEMS = {2: system2, 3: system3, 4: system4}
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
    found = _equilibria(game, tol, eliminate=False)
    return None if found is None else found[0]


def reduced_equilibria(game: Game, tol: float) -> tuple[list[Equilibrium], bool] | None:
    """:func:`equilibria` after removing, in turn, actions clearly dominated by another action.

    No equilibrium plays an action strictly dominated by a pure action, nor one
    dominated once such actions are gone, so the game left has the same
    equilibria; when *it* is certified nondegenerate, its equilibria are
    isolated and its square support pairs hold them all. Returns the verified
    equilibria and whether the whole game was certified (True when nothing was
    removed); the removed actions may still make the whole game degenerate (a
    mixed strategy on them with surplus best responses), which does not change
    its equilibria. ``None`` when the game must go to the general solver.

    >>> from bargain import Game
    >>> game = Game([[1, 1], [0, 0], [2, 0]], [[0, 1], [1, 1], [1, 0]])  # against r2, c1 and c2 tie: degenerate
    >>> equilibria(game, 1e-9) is None
    True
    >>> found, whole = reduced_equilibria(game, 1e-9)  # but r1 beats r2 everywhere
    >>> [eq.profile[0] for eq in found], whole
    ([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.0, 0.5)], False)
    """
    return _equilibria(game, tol, eliminate=True)


def _equilibria(game: Game, tol: float, *, eliminate: bool):
    A = payoff_rows(game)
    found = None
    two = len(A) == len(A[0]) == 2
    if two:
        pairs = two_by_two(A, payoff_lists(game)[1])
        if pairs is not None:
            found = [x for x, _ in pairs], [y for _, y in pairs], True
    if found is None and (eliminate or not two):  # a 2 x 2 game comes here only to have actions removed
        found = _candidates(A, payoff_columns(game), payoff_bounds(game), eliminate)
    if found is None:
        return None
    X, Y, whole = found
    checked = verify_profiles(game, X, Y, tol)
    for eq in checked:
        if eq is None:
            return None
    return checked, whole


@lru_cache(maxsize=256)
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
    found = _candidates(A, [list(c) for c in zip(*B, strict=True)], bounds or list_bounds(A) + list_bounds(B), False)
    return None if found is None else found[:2]


def _candidates(A, columns, bounds, eliminate: bool):
    """:func:`candidates` as ``(X, Y, whole)``, ``B`` given by its ``columns``. When the whole game cannot be
    certified and ``eliminate`` is set, those of the game left once actions clearly dominated by another
    action are removed in turn (``whole`` False)."""
    m, n = len(A), len(A[0])
    low_a, high_a, low_b, high_b = bounds
    R = _unit(A, low_a, high_a)  # side 0: rows (responders) made indifferent by a column strategy
    C = _unit(columns, low_b, high_b)  # side 1: columns made indifferent by a row strategy
    beaten_rows, beaten_cols = _beaten(R, n), _beaten(C, m)
    found = _enumerate(R, C, m, n, beaten_rows, beaten_cols)
    if found is not None:
        return (*found, True)
    if not eliminate:
        return None
    # dominance already prunes the pairs above, so removing actions first would rarely save time; it
    # matters when the removed actions are what makes the whole game degenerate (or too close to call)
    rows, cols = _undominated(beaten_rows, beaten_cols, m, n)
    if rows == (1 << m) - 1 and cols == (1 << n) - 1:
        return None
    kept_rows = [i for i in range(m) if rows >> i & 1]
    kept_cols = [j for j in range(n) if cols >> j & 1]
    R = [[R[i][j] for j in kept_cols] for i in kept_rows]
    C = [[C[j][i] for i in kept_rows] for j in kept_cols]
    found = _enumerate(R, C, len(kept_rows), len(kept_cols), _beaten(R, len(kept_cols)), _beaten(C, len(kept_rows)))
    if found is None:
        return None
    X, Y = found
    return [_spread(x, kept_rows, m) for x in X], [_spread(y, kept_cols, n) for y in Y], False


def _enumerate(R, C, m: int, n: int, beaten_rows: list[int], beaten_cols: list[int]):
    """:func:`candidates` on payoffs already mapped onto ``[0, 1]`` (``C`` by columns), given their
    :func:`_beaten` tables."""
    X: list[list[float]] = []
    Y: list[list[float]] = []
    if not _pure(beaten_rows, beaten_cols, m, n, X, Y):
        return None
    for k in range(2, min(m, n) + 1):
        system = _SYSTEMS.get(k, system_k)
        first = _witnesses(R, beaten_rows, m, n, k, system)
        if first is None:
            return None
        table = _support_table(n, k)
        for I, rows, other_rows in _masked(m, k):  # noqa: E741
            key = rows << MAX_SIDE
            out = beaten_cols[rows]
            supports, last, _ = table[out] or _fill(table, n, k, out)
            for J, columns, other_columns in supports:
                if beaten_rows[columns] & rows:  # a row of I dominated on J: side 0 has no solution to offer
                    if J[-1] < last and system(C, J, I, other_columns) is False:
                        return None  # side 1's witness of degeneracy
                    continue
                solved = first.get(key | columns, False)
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
                (y, low, gap), (x, low1, gap1) = solved, second
                if low1 < low:
                    low = low1
                if gap1 > gap:
                    gap = gap1
                if low > PROBABILITY_MARGIN and gap < -PAYOFF_MARGIN:
                    X.append(_spread(x, I, m))
                    Y.append(_spread(y, J, n))
                elif not (low < -PROBABILITY_MARGIN or gap > PAYOFF_MARGIN):
                    return None  # neither clearly an equilibrium nor clearly not
    if len(X) % 2 == 0:  # a nondegenerate game has an odd number of equilibria
        return None
    return X, Y


def _undominated(beaten_rows: list[int], beaten_cols: list[int], m: int, n: int) -> tuple[int, int]:
    """The rows and columns (bit masks) left by removing, in turn, those clearly dominated on what is left.

    A row beaten on the columns left by a row since removed is beaten by a row
    still there: the remover beat that row on more columns, and margins add up.
    """
    rows, cols = (1 << m) - 1, (1 << n) - 1
    while True:
        kept_rows = rows & ~beaten_rows[cols]
        kept_cols = cols & ~beaten_cols[kept_rows]
        if kept_rows == rows and kept_cols == cols:
            return rows, cols
        rows, cols = kept_rows, kept_cols


def _witnesses(R, beaten_rows: list[int], m: int, n: int, k: int, system) -> dict | None:
    """Side 0's systems of size ``k`` that could show a witness of degeneracy; None when one is unsure.

    A witness needs a row after ``I``'s last still undominated on ``J`` (see
    :func:`~._indifference.system`); elsewhere side 0 can only complete an equilibrium, so it
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
    columns = range(n)
    for i, first in enumerate(R):
        for h in range(i + 1, m):
            second = R[h]
            up = down = 0  # the columns where row h beats row i, and where row i beats row h
            for j in columns:
                gain = second[j] - first[j]  # a - b is exactly -(b - a): one subtraction decides both
                if gain > margin:
                    up |= bits[j]
                elif gain < -margin:
                    down |= bits[j]
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
    everyone = (1 << m) - 1
    best_row = []  # for each column, its best response (a one-bit mask)
    for bit in _bits(n):
        live = everyone & ~beaten_rows[bit]
        if live & (live - 1):
            return False  # two responses within the margin of each other at the top
        best_row.append(live)
    everyone = (1 << n) - 1
    for i, bit in enumerate(_bits(m)):
        live = everyone & ~beaten_cols[bit]
        if live & (live - 1):
            return False
        j = live.bit_length() - 1
        if best_row[j] == bit:  # each the other's best response
            x, y = [0.0] * m, [0.0] * n
            x[i] = y[j] = 1.0
            X.append(x)
            Y.append(y)
    return True


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
