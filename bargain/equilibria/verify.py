"""The one verifier every equilibrium passes through before it leaves a solver."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from itertools import chain
from operator import mul

import numpy as np

from ..errors import SolverError
from ..games.normal_form import Game
from ..results.solution import Equilibrium
from ._ratios import reduced

DEFAULT_TOL = 1e-9

#: Two float payoffs closer than this fraction of the larger one are taken as equal (round-off).
ROUND_OFF = 2.0**-40


#: Payoff scale and float gaps of a game of up to this many cells are found in plain Python (the same
#: values, without the fixed cost of array operations).
TINY_CELLS = 16
#: Profiles are verified in plain Python while their number times the game's cells is at most this (the same
#: test; measured on random 5 x 5 and 6 x 6 games, the arrays are faster from about seven and five profiles).
TINY_WORK = 150


def payoff_scale(game: Game) -> float:
    """Size of the payoffs, used to turn a relative tolerance into an absolute one.

    Worked out once per game (a solve asks for it several times) and kept with it.
    """
    scale = vars(game).get("_payoff_scale")
    if scale is None:
        low_a, high_a, low_b, high_b = payoff_bounds(game)
        scale = vars(game)["_payoff_scale"] = max(1.0, high_a, -low_a, high_b, -low_b)
    return scale


def payoff_bounds(game: Game) -> tuple[float, float, float, float]:
    """The smallest and largest payoff of the row player, then of the column player; worked out once per game.

    >>> payoff_bounds(Game([[1, -2]], [[0, 5]]))
    (-2.0, 1.0, 0.0, 5.0)
    """
    bounds = vars(game).get("_payoff_bounds")
    if bounds is None:
        if game.A.size <= TINY_CELLS:
            bounds = list_bounds(payoff_rows(game)) + list_bounds(payoff_columns(game))  # B's entries by columns
        else:
            bounds = float(game.A.min()), float(game.A.max()), float(game.B.min()), float(game.B.max())
        vars(game)["_payoff_bounds"] = bounds
    return bounds


def list_bounds(M: list[list[float]]) -> tuple[float, float]:
    """The smallest and largest entry of a matrix given as a list of rows (by one sort: on a few dozen
    entries, quicker than ``min`` and ``max``)."""
    ordered = sorted(chain.from_iterable(M))
    return ordered[0], ordered[-1]


def payoff_lists(game: Game) -> tuple[list[list[float]], list[list[float]]]:
    """``game.A.tolist(), game.B.tolist()``, made once per game; for small games, solved in plain Python.

    The lists are shared: callers read them and never change them.
    """
    lists = vars(game).get("_payoff_lists")
    if lists is None:
        lists = vars(game)["_payoff_lists"] = payoff_rows(game), game.B.tolist()
    return lists


def payoff_rows(game: Game) -> list[list[float]]:
    """``game.A.tolist()``: the row player's payoffs by rows, made once per game and shared like
    :func:`payoff_lists` (a small game's solve needs ``B`` only by columns)."""
    rows = vars(game).get("_payoff_rows")
    if rows is None:
        rows = vars(game)["_payoff_rows"] = game.A.tolist()
    return rows


def payoff_columns(game: Game) -> list[list[float]]:
    """``game.B.T.tolist()``: the column player's payoffs by columns (one list per column), made once per game
    and shared like :func:`payoff_lists`."""
    columns = vars(game).get("_payoff_columns")
    if columns is None:
        columns = vars(game)["_payoff_columns"] = game.B.T.tolist()
    return columns


#: Float mode merges probabilities closer than this many tolerances (see ``_dispatch._unique``).
MERGE_FACTOR = 1e3


def float_trouble(game: Game, tol: float = DEFAULT_TOL, *, strict: bool = False) -> str | None:
    """Why float arithmetic cannot certify the equilibria of ``game``, or ``None`` if it can.

    Float mode accepts a profile when no deviation gains more than
    ``tau = tol * payoff_scale(game)``, and takes two probabilities within
    ``MERGE_FACTOR * tol`` for equal. What decides best responses are the
    differences ``g`` between two payoffs of one player against the same action
    of the other; let ``M`` be the largest payoff.

    * ``g <= MERGE_FACTOR * tol * M`` (a millionth of ``M``): a profitable
      deviation can hide inside the regret tolerance, and extreme equilibria
      whose probabilities (ratios of such differences to ``M``) cannot be told
      apart get merged. Floats cannot certify the game.
    * ``strict``, also ``g <= sqrt(tol) * M`` (about 3e-5 of ``M``): a mixed
      profile's regret is a payoff difference times a probability, and both can
      be that small, so a profile that misses being an equilibrium by
      ``g * g / M <= tau`` passes the float verifier. Cheap to rule out on a
      small game by solving it exactly.

    Payoffs near 1e19 beside payoffs near 1 (Gambit's large-payoff game), or a
    model parameter set to 1e9, are such games. Float differences count as
    round-off, and so as ties, when the two payoffs agree to ``ROUND_OFF``
    (about 12 digits); exact payoffs (integers, fractions, a Gambit file) are
    compared exactly, so values that doubles cannot tell apart (beyond 2**53)
    count too.

    Examples
    --------
    >>> float_trouble(Game([[1, 0], [0, 2]], [[2, 0], [0, 1]])) is None
    True
    >>> print(float_trouble(Game([[10**12, 1], [0, 0]], [[0, 0], [0, 1]])))
    payoffs of Row against Column's c2 differ by 1, less than 1e-06 × the largest payoff (1e+12):
    floats cannot certify this game
    >>> float_trouble(Game([[10**5, 1], [0, 0]], [[0, 0], [0, 1]])) is None
    True
    >>> print(float_trouble(Game([[10**5, 1], [0, 0]], [[0, 0], [0, 1]]), strict=True))
    payoffs of Row against Column's c2 differ by 1, less than 3e-05 × the largest payoff (1e+05):
    floats may take near-misses for equilibria
    """
    scale = payoff_scale(game)
    share = max(MERGE_FACTOR * tol, tol**0.5) if strict else MERGE_FACTOR * tol
    found = _exact_gap(game, share * scale) if game.is_exact else _float_gap(game, share * scale)
    if found is None:
        return None
    k, j, gap = found
    other = game.players[1 - k]
    verdict = ("floats cannot certify this game" if gap <= MERGE_FACTOR * tol * scale
               else "floats may take near-misses for equilibria")
    return (f"payoffs of {game.players[k]} against {other}'s {game.actions[1 - k][j]} differ by {float(gap):.3g}, "
            f"less than {share:.0e} × the largest payoff ({scale:.3g}): {verdict}")


def _float_gap(game: Game, limit: float):
    """``(player, opponent action, gap)`` of a best-response difference in ``(round-off, limit]``, or None."""
    if game.A.size <= TINY_CELLS:
        return _float_gap_tiny(*payoff_lists(game), limit)
    for k, matrix in enumerate((game.A, game.B.T)):  # columns: one opponent action each
        ordered = np.sort(matrix, axis=0)
        gaps = np.diff(ordered, axis=0)
        floor = ROUND_OFF * np.maximum(np.abs(ordered[:-1]), np.abs(ordered[1:]))
        hits = np.argwhere((gaps > floor) & (gaps <= limit))
        if hits.size:
            i, j = hits[0]
            return k, int(j), float(gaps[i, j])
    return None


def _float_gap_tiny(A: list, B: list, limit: float):
    """:func:`_float_gap` in plain Python (matrices as lists): the same differences, tested in the same order."""
    for k, lines in enumerate(([list(col) for col in zip(*A, strict=True)], B)):
        ordered = [sorted(line) for line in lines]
        for i in range(len(ordered[0]) - 1):  # the first hit in (position, opponent action) order, as argwhere
            for j, line in enumerate(ordered):
                low, high = line[i], line[i + 1]
                gap = high - low
                if gap <= limit and gap > ROUND_OFF * max(abs(low), abs(high)):
                    return k, j, gap
    return None


def _exact_gap(game: Game, limit: float):
    """As :func:`_float_gap`, comparing the exact payoffs exactly."""
    if limit < 1 and game.integer_payoffs:
        return None  # distinct integers differ by at least 1
    A, B = game.exact_payoffs()
    if limit < 1 and all(v.denominator == 1 for row in (*A, *B) for v in row):
        return None
    columns = ([[row[j] for row in A] for j in range(len(A[0]))], [list(row) for row in B])
    for k, lines in enumerate(columns):
        for j, line in enumerate(lines):
            ordered = sorted(line)
            for low, high in zip(ordered, ordered[1:], strict=False):
                if 0 < high - low <= limit:
                    return k, j, high - low
    return None


def regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Largest gain available to either player from a pure deviation.

    >>> A = np.array([[1., 0.], [0., 1.]])
    >>> regret(A, A, np.array([1., 0.]), np.array([0., 1.]))
    1.0
    """
    Ay, xB = A @ y, x @ B
    return float(max(Ay.max() - x @ Ay, xB.max() - xB @ y))


def exact_regret(A, B, x, y) -> Fraction:
    """:func:`regret` in exact arithmetic on lists of Fractions."""
    Ay = [sum((a * q for a, q in zip(row, y, strict=True)), Fraction(0)) for row in A]
    xB = [sum((B[i][j] * x[i] for i in range(len(x))), Fraction(0)) for j in range(len(y))]
    u = sum((p * v for p, v in zip(x, Ay, strict=True)), Fraction(0))
    w = sum((q * v for q, v in zip(y, xB, strict=True)), Fraction(0))
    return max(max(Ay) - u, max(xB) - w)


def clean(p: np.ndarray, tol: float) -> np.ndarray:
    """Zero out round-off below ``tol`` and renormalise to sum to one."""
    q = np.where(p > tol, p, 0.0)
    total = q.sum()
    if not np.isfinite(total) or total <= 0:
        raise SolverError("a solver produced a strategy with no positive probability")
    return q / total


def verify_profile(game: Game, x, y, tol: float = DEFAULT_TOL) -> Equilibrium | None:
    """Check ``(x, y)`` and return it as an :class:`Equilibrium`, or ``None``.

    Floats are cleaned of round-off first; a profile is accepted when it is a
    probability vector per player and no player gains more than
    ``tol * payoff_scale(game)`` by deviating. Fractions are checked exactly.

    >>> g = Game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> verify_profile(g, [0.5, 0.5], [0.5, 0.5]).payoffs
    (0.5, 0.5)
    >>> verify_profile(g, [1, 0], [0, 1]) is None
    True
    """
    if all(isinstance(v, Fraction) for v in (*x, *y)):
        return _verify_exact(game, list(x), list(y))
    x = clean(np.asarray(x, dtype=float), tol)
    y = clean(np.asarray(y, dtype=float), tol)
    if x.shape != (game.shape[0],) or y.shape != (game.shape[1],):
        raise SolverError(f"profile shapes {x.shape}, {y.shape} do not fit a {game.shape} game")
    gap = regret(game.A, game.B, x, y)
    if not gap <= tol * payoff_scale(game):
        return None
    payoffs = (float(x @ game.A @ y), float(x @ game.B @ y))
    return Equilibrium(game, (tuple(x.tolist()), tuple(y.tolist())), payoffs, max(gap, 0.0))


def _verify_exact(game: Game, x: list[Fraction], y: list[Fraction]) -> Equilibrium | None:
    if len(x) != game.shape[0] or len(y) != game.shape[1]:
        raise SolverError(f"profile lengths {len(x)}, {len(y)} do not fit a {game.shape} game")
    if min(x) < 0 or min(y) < 0 or sum(x) != 1 or sum(y) != 1:
        return None
    A, B = game.exact_payoffs()
    if exact_regret(A, B, x, y) != 0:
        return None
    u = sum((x[i] * A[i][j] * y[j] for i in range(len(x)) for j in range(len(y))), Fraction(0))
    w = sum((x[i] * B[i][j] * y[j] for i in range(len(x)) for j in range(len(y))), Fraction(0))
    return Equilibrium(game, (tuple(x), tuple(y)), (u, w), Fraction(0))


def verify_profiles(game: Game, X, Y, tol: float = DEFAULT_TOL) -> list[Equilibrium | None]:
    """:func:`verify_profile` for many float profiles at once: the same cleaning, the same test.

    Row ``e`` of ``X`` and of ``Y`` is one profile; the result has an
    :class:`Equilibrium` or ``None`` per row.

    >>> g = Game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [eq is not None for eq in verify_profiles(g, [[1, 0], [1, 0]], [[1, 0], [0, 1]])]
    [True, False]
    """
    if len(X) * game.shape[0] * game.shape[1] <= TINY_WORK:
        return _verify_tiny(game, X, Y, tol)
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1:] != (game.shape[0],) or Y.shape[1:] != (game.shape[1],):
        raise SolverError(f"profile shapes {X.shape}, {Y.shape} do not fit a {game.shape} game")
    X, Y = _clean_rows(X, tol), _clean_rows(Y, tol)
    Ay, xB = Y @ game.A.T, X @ game.B
    u, w = (X * Ay).sum(axis=1), (xB * Y).sum(axis=1)
    gap = np.maximum(Ay.max(axis=1) - u, xB.max(axis=1) - w)
    accepted = (gap <= tol * payoff_scale(game)).tolist()
    rows, cols, payoffs = X.tolist(), Y.tolist(), np.column_stack([u, w]).tolist()
    gap = np.maximum(gap, 0.0).tolist()
    return [
        Equilibrium(game, (tuple(rows[e]), tuple(cols[e])), tuple(payoffs[e]), gap[e]) if accepted[e] else None
        for e in range(len(accepted))
    ]


def _clean_rows(P: np.ndarray, tol: float) -> np.ndarray:
    """:func:`clean` applied to every row of ``P``."""
    Q = np.where(P > tol, P, 0.0)
    total = Q.sum(axis=1, keepdims=True)
    if not (np.isfinite(total).all() and (total > 0).all()):
        raise SolverError("a solver produced a strategy with no positive probability")
    return Q / total


def verify_integer_profiles(game: Game, rows, cols) -> list[Equilibrium | None]:
    """Exact verification of many profiles given as integer vectors: probabilities are entries / sum.

    The test is :func:`verify_profile`'s exact one (nonnegative probabilities
    summing to one, no gain at all from a deviation), done in integer
    arithmetic for all profiles at once.

    >>> g = Game([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> [eq.profile if eq else None for eq in verify_integer_profiles(g, [(3, 2), (1, 0)], [(2, 3), (0, 1)])]
    [((Fraction(3, 5), Fraction(2, 5)), (Fraction(2, 5), Fraction(3, 5))), None]
    """
    if not len(rows):
        return []
    Ai, scale_a = _integer_matrix(game, 0)
    Bi, scale_b = _integer_matrix(game, 1)
    largest = max(max(abs(v) for row in Ai for v in row), max(abs(v) for row in Bi for v in row), 1)
    sums = [sum(map(abs, r)) for r in rows] + [sum(map(abs, c)) for c in cols]
    small = max(sums) ** 2 * largest < 2**62
    dtype = np.int64 if small else object
    X, Y = np.array(rows, dtype=dtype), np.array(cols, dtype=dtype)
    if X.shape[1:] != (game.shape[0],) or Y.shape[1:] != (game.shape[1],):
        raise SolverError(f"profile shapes {X.shape}, {Y.shape} do not fit a {game.shape} game")
    Ay = Y @ np.array(Ai, dtype=dtype).T
    xB = X @ np.array(Bi, dtype=dtype)
    sx, sy = X.sum(axis=1), Y.sum(axis=1)
    u, w = (X * Ay).sum(axis=1), (xB * Y).sum(axis=1)
    ok = (X.min(axis=1) >= 0) & (Y.min(axis=1) >= 0) & (sx > 0) & (sy > 0)
    ok &= (Ay.max(axis=1) * sx == u) & (xB.max(axis=1) * sy == w)
    zero = Fraction(0)
    tables: dict[int, _Shares] = {}

    def probabilities(vector, total: int) -> tuple[Fraction, ...]:
        table = tables.get(total)
        if table is None:
            table = tables[total] = _Shares(total)
        return tuple(map(table.__getitem__, vector))

    found: list[Equilibrium | None] = []
    sx, sy, u, w = sx.tolist(), sy.tolist(), u.tolist(), w.tolist()
    for e, accepted in enumerate(ok.tolist()):
        if not accepted:
            found.append(None)
            continue
        a, b = int(sx[e]), int(sy[e])
        profile = (probabilities(rows[e], a), probabilities(cols[e], b))
        payoffs = (reduced(int(u[e]), a * b * scale_a), reduced(int(w[e]), a * b * scale_b))
        found.append(Equilibrium(game, profile, payoffs, zero))
    return found


def _integer_matrix(game: Game, player: int) -> tuple[list[list[int]], int]:
    """A player's exact payoffs times the least common denominator, and that denominator."""
    entries = game.exact_rows[player]
    if entries is None:
        entries = game.exact_payoffs()[player]
    scale = math.lcm(*(v.denominator for row in entries for v in row))
    if scale == 1:
        return [[v.numerator for v in row] for row in entries], 1
    return [[v.numerator * (scale // v.denominator) for v in row] for row in entries], scale


class _Shares(dict):
    """``entry -> Fraction(entry, total)``, each made once (many profiles share their probabilities)."""

    def __init__(self, total: int):
        super().__init__()
        self.total = total

    def __missing__(self, entry: int) -> Fraction:
        value = self[entry] = reduced(int(entry), self.total)
        return value


def _verify_tiny(game: Game, X, Y, tol: float) -> list[Equilibrium | None]:
    """:func:`verify_profile`'s float test in plain Python for every profile of a small game."""
    A, columns = payoff_rows(game), payoff_columns(game)
    m, n = len(A), len(columns)
    tau = tol * payoff_scale(game)
    found: list[Equilibrium | None] = []
    for x, y in zip(X, Y, strict=True):
        if len(x) != m or len(y) != n:
            raise SolverError(f"profile lengths {len(x)}, {len(y)} do not fit a {game.shape} game")
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):  # as lists, for count and index
            x, y = list(x), list(y)
        i = _vertex(x)
        j = None if i is None else _vertex(y)
        if j is not None:  # pure: cleaning keeps it as it is, and the sums below are single entries
            u, w = A[i][j] + 0.0, columns[j][i] + 0.0  # + 0.0: as the sums, no -0.0
            gap = max(max([row[j] for row in A]) - u, max([col[i] for col in columns]) - w)
            profile = (_unit_vector(m, i), _unit_vector(n, j))
        else:
            x, y = _clean_list(x, tol), _clean_list(y, tol)
            Ay = [sum(map(mul, row, y)) for row in A]
            xB = [sum(map(mul, col, x)) for col in columns]
            u = sum(map(mul, x, Ay))
            w = sum(map(mul, y, xB))
            gap = max(max(Ay) - u, max(xB) - w)
            profile = (tuple(x), tuple(y))
        found.append(Equilibrium(game, profile, (u, w), max(gap, 0.0)) if gap <= tau else None)
    return found


def _vertex(p: list) -> int | None:
    """The position of the 1 when ``p`` is a unit vector (zeros and one 1), else None."""
    if p.count(1) == 1 and p.count(0) == len(p) - 1:
        return p.index(1)
    return None


@lru_cache(maxsize=1024)
def _unit_vector(size: int, i: int) -> tuple[float, ...]:
    return tuple(1.0 if r == i else 0.0 for r in range(size))


def _clean_list(p, tol: float) -> list[float]:
    q = [v if v > tol else 0.0 for v in map(float, p)]
    total = sum(q)
    if not (math.isfinite(total) and total > 0):
        raise SolverError("a solver produced a strategy with no positive probability")
    return q if total == 1.0 else [v / total for v in q]  # v / 1.0 is v
