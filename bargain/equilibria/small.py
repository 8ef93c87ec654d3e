"""Small nondegenerate games in one pass: every square support pair solved at once.

In a nondegenerate game every equilibrium has supports of equal size and is the
only solution of its support pair's indifference equations, so listing the
square support pairs finds every equilibrium. The catch is knowing that the
game *is* nondegenerate. A game is degenerate exactly when some mixed strategy
with ``k`` actions in its support has ``k + 1`` or more pure best responses.
Such a strategy with support ``I`` and best responses ``J + {j}`` (``J`` the
first ``k`` of them, ``j`` after ``J``) is the strategy making ``J``
indifferent on ``I``: the very system already solved for the pair ``(I, J)``.
So one batched solve of every pair's two systems answers both questions:
which pairs are equilibria, and whether the game is nondegenerate.

Every system of every pair (and of every game, for a stack of games) is padded
to the size of the largest and solved by one call to LAPACK. Decisions are
taken only with a margin: a probability must be clearly positive or clearly
negative (:data:`PROBABILITY_MARGIN`), a payoff comparison clearly one way
(:data:`PAYOFF_MARGIN` of the payoff range), a system clearly regular (its
Hadamard ratio above :data:`REGULAR`) or clearly without solution. A game with
any decision inside a margin is *unsure* and goes to the general solver, which
handles every case; so do degenerate games. Payoffs are rescaled to ``[0, 1]``
per player first (equilibria do not change), so the margins are relative.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

from ..games.normal_form import Game
from ..results.solution import Equilibrium
from .verify import verify_profiles

#: Smallest probability of an action in a support for this path to trust it.
PROBABILITY_MARGIN = 1e-6
#: Smallest payoff gap, as a share of the player's payoff range, for this path to trust a comparison.
PAYOFF_MARGIN = 1e-7
#: Systems with Hadamard ratio ``|det M| / prod(row norms)`` below this are handled as (nearly) singular.
REGULAR = 1e-6
#: Largest number of square support pairs this path enumerates for one game (above it, enumerating one
#: polytope with Qhull is faster: measured crossover between 5 x 5 and 6 x 6, 251 and 923 pairs).
MAX_PAIRS = 250
#: Largest number for a stack of games, where the fixed costs are shared.
MAX_STACK_PAIRS = 1000


@lru_cache(maxsize=1024)
def pair_count(m: int, n: int) -> int:
    """Number of square support pairs of an ``m x n`` game.

    >>> pair_count(2, 2), pair_count(3, 3), pair_count(4, 4)
    (5, 19, 69)
    """
    return sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))


@lru_cache(maxsize=64)
def _pairs(m: int, n: int):
    """Index tables of every square support pair of an ``m x n`` game (read-only arrays).

    The two players are handled as two *sides* of one array: side 0 solves for
    the column strategy ``y`` (support ``J``) that makes the rows ``I``
    indifferent, side 1 for the row strategy ``x`` (support ``I``) that makes
    the columns ``J`` indifferent. Each side's responder payoffs form an
    ``L x L`` matrix (``L = max(m, n)``; ``A`` for side 0, ``B^T`` for side 1),
    padded with a zero row and column at index ``L``; supports are padded to
    ``K = min(m, n)`` entries with that index. Pairs come in order of support
    size; ``groups`` gives, per size ``k``, the slice of its pairs and the
    position of each entry of their ``k x k`` payoff blocks in the flat vector
    made of both padded matrices followed by the constants ``0, 1, -1``.
    """
    K, L = min(m, n), max(m, n)
    rows, cols, sizes = [], [], []
    for k in range(1, K + 1):
        for row_set in combinations(range(m), k):
            for col_set in combinations(range(n), k):
                rows.append(row_set + (L,) * (K - k))
                cols.append(col_set + (L,) * (K - k))
                sizes.append(k)
    I, J, size = np.array(rows), np.array(cols), np.array(sizes)  # noqa: E741 - the supports' usual names
    P = len(size)
    used = np.arange(K) < size[:, None]
    responders = np.stack([I, J])  # side 0: rows I must be indifferent; side 1: columns J
    support = np.stack([J, I])
    width = (L + 1) ** 2
    entries = np.arange(2)[:, None, None, None] * width + responders[..., :, None] * (L + 1) + support[..., None, :]
    groups = []
    for k in range(1, K + 1):
        where = np.nonzero(size == k)[0]
        block = entries[:, where][:, :, :k, :k]
        if k >= 3:  # whole bordered systems, for LAPACK
            system = np.full((2, len(where), k + 1, k + 1), 2 * width)
            system[:, :, :k, :k] = block
            system[:, :, :k, k] = 2 * width + 2  # minus the value
            system[:, :, k, :k] = 2 * width + 1  # probabilities sum to one
            block = system
        block.setflags(write=False)
        groups.append((k, slice(int(where[0]), int(where[-1]) + 1), block))
    scatter = np.zeros((2, P, K, L + 1))
    scatter[np.arange(2)[:, None, None], np.arange(P)[None, :, None], np.arange(K), support] = used
    scatter = scatter[..., :L]
    own = np.array([m, n])  # responders of side 0 are the m rows, of side 1 the n columns
    excluded = np.zeros((2, P, L + 1), dtype=bool)
    excluded[np.arange(2)[:, None, None], np.arange(P)[None, :, None], responders] = True
    excluded = excluded[..., :L] | (np.arange(L) >= own[:, None, None])
    last = responders[:, np.arange(P), size - 1]
    after = (np.arange(L) > last[..., None]) & ~excluded
    tables = (used, scatter, excluded, after)
    for table in tables:
        table.setflags(write=False)
    return (*tables, tuple(groups))


def _solve_groups(src: np.ndarray, groups, N: int, P: int, K: int):
    """Solutions of every pair's systems, size group by size group.

    Returns ``(z, regular, unsure)``: ``z[..., :K]`` the strategy weights (zero
    on unused slots), ``z[..., K]`` the value. One action: the value is the
    payoff itself. Two and three actions: the adjugate, elementwise. More: LAPACK.
    """
    z = np.zeros((N, 2, P, K + 1))
    regular = np.ones((N, 2, P), dtype=bool)
    unsure = np.zeros((N, 2, P), dtype=bool)
    for k, pairs, block in groups:
        if k == 1:
            z[:, :, pairs, 0] = 1.0
            z[:, :, pairs, K] = src[:, block[..., 0, 0]]
        elif k == 2:
            a, b = src[:, block[..., 0, 0]], src[:, block[..., 0, 1]]
            c, d = src[:, block[..., 1, 0]], src[:, block[..., 1, 1]]
            den = a - b - c + d  # the bordered determinant, up to sign
            ok = np.abs(den) > REGULAR
            safe = np.where(ok, den, 1.0)
            first, second, value = d - b, a - c, a * d - b * c  # the adjugate's last column
            z[:, :, pairs, 0], z[:, :, pairs, 1], z[:, :, pairs, K] = first / safe, second / safe, value / safe
            regular[:, :, pairs] = ok
            unsure[:, :, pairs] = ~ok & (np.maximum(np.maximum(np.abs(first), np.abs(second)), np.abs(value))
                                         <= 1e-6)
        elif k == 3:
            (a, b, c), (d, e, f), (g, h, i) = [[src[:, block[..., r, col]] for col in range(3)] for r in range(3)]
            ei_fh, di_fg, dh_eg = e * i - f * h, d * i - f * g, d * h - e * g
            first = ei_fh - (b * i - c * h) + (b * f - c * e)  # the adjugate times ones ...
            second = (a * i - c * g) - di_fg - (a * f - c * d)
            third = dh_eg - (a * h - b * g) + (a * e - b * d)
            value = a * ei_fh - b * di_fg + c * dh_eg  # ... and the determinant: the adjugate's last column
            den = first + second + third  # the bordered determinant, up to sign
            ok = np.abs(den) > REGULAR
            safe = np.where(ok, den, 1.0)
            z[:, :, pairs, 0], z[:, :, pairs, 1], z[:, :, pairs, 2] = first / safe, second / safe, third / safe
            z[:, :, pairs, K] = value / safe
            regular[:, :, pairs] = ok
            largest = np.maximum(np.maximum(np.abs(first), np.abs(second)), np.maximum(np.abs(third), np.abs(value)))
            unsure[:, :, pairs] = ~ok & (largest <= 1e-6)
        else:
            solution, ok, odd = _solve(src[:, block])
            z[:, :, pairs, :k] = solution[..., :k]
            z[:, :, pairs, K] = solution[..., k]
            regular[:, :, pairs], unsure[:, :, pairs] = ok, odd
    z[..., :K][~regular] = 0.0
    return z, regular, unsure


def _rescaled(M: np.ndarray) -> np.ndarray:
    """Each game's matrix mapped onto ``[0, 1]`` (a constant matrix onto 0)."""
    low = M.min(axis=(1, 2), keepdims=True)
    span = M.max(axis=(1, 2), keepdims=True) - low
    return (M - low) / np.where(span > 0, span, 1.0)


def _solve(S: np.ndarray):
    """Solutions of ``S z = e_last``, which systems are regular, and which are unsure.

    A system with ``|det|`` above :data:`REGULAR` is solved. For the others the
    last column of the adjugate (``det`` times the solution, when there is one)
    decides: if it is clearly nonzero, any solution is huge (no probability
    vector, no payoff in ``[0, 1]``) and the pair is dropped; if it is about
    zero, the system may have a continuum of solutions and the game is unsure.
    """
    size = S.shape[-1]
    regular = np.abs(np.linalg.det(S)) > REGULAR
    unsure = np.zeros(S.shape[:-2], dtype=bool)
    if not regular.all():
        odd = S[~regular]
        keep = np.array([np.r_[:k, k + 1 : size] for k in range(size)])  # every column but one
        minors = np.linalg.det(odd[:, :-1, :][:, :, keep].transpose(0, 2, 1, 3))
        unsure[~regular] = np.abs(minors).max(axis=1) <= 1e-6
        S = np.where(regular[..., None, None], S, np.eye(size))
    return np.linalg.solve(S, _last(size))[..., 0], regular, unsure


@lru_cache(maxsize=16)
def _last(size: int) -> np.ndarray:
    rhs = np.zeros((size, 1))
    rhs[-1] = 1.0
    rhs.setflags(write=False)
    return rhs


def _fold(ufunc, array: np.ndarray) -> np.ndarray:
    """``ufunc`` reduced over the last axis: as ``ufunc.reduce(array, axis=-1)``, in one elementwise
    pass per entry of that (short) axis instead of one short reduction per row."""
    result = array[..., 0].copy()
    for k in range(1, array.shape[-1]):
        ufunc(result, array[..., k], out=result)
    return result


def solve_stack(A: np.ndarray, B: np.ndarray):
    """Candidate equilibria of every game of a stack, and which games are unsure.

    Parameters
    ----------
    A, B : ndarray of shape (N, m, n)

    Returns
    -------
    (games, X, Y, unsure)
        ``X[e]``, ``Y[e]`` are the strategies of candidate ``e``, an equilibrium of
        game ``games[e]``; ``unsure[g]`` is True when game ``g`` must go to the
        general solver (degenerate, or some decision inside a margin).

    Examples
    --------
    >>> A = np.array([[[3.0, 0.0], [0.0, 1.0]]])
    >>> games, X, Y, unsure = solve_stack(A, A.copy())
    >>> len(games), bool(unsure[0])
    (3, False)
    >>> bool(solve_stack(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)))[3][0])  # degenerate
    True
    """
    N, m, n = A.shape
    used, scatter, excluded, after, groups = _pairs(m, n)
    K, L = used.shape[1], max(m, n)
    width = (L + 1) ** 2
    src = np.zeros((N, 2 * width + 3))
    src[:, 2 * width + 1], src[:, 2 * width + 2] = 1.0, -1.0
    R = src[:, : 2 * width].reshape(N, 2, L + 1, L + 1)
    R[:, 0, :m, :n] = _rescaled(A)
    R[:, 1, :n, :m] = np.swapaxes(_rescaled(B), 1, 2)
    real = R[:, :, :L, :L]
    z, regular, odd = _solve_groups(src, groups, N, len(used), K)  # (N, 2, P, K+1)
    weights, value = z[..., :K], z[..., K]
    strategy = (weights[..., None, :] @ scatter)[..., 0, :]  # (N, 2, P, L)
    payoff = strategy @ np.swapaxes(real, -1, -2)  # responders' payoffs against each strategy
    # reductions over the few slots (K) and responders (L) as elementwise passes over the many pairs
    low = _fold(np.minimum, np.where(used, weights, np.inf))
    gap = _fold(np.maximum, np.where(excluded, -np.inf, payoff)) - value
    tie = _fold(np.logical_or, (np.abs(payoff - value[..., None]) <= PAYOFF_MARGIN) & after)
    witness = regular & (low >= -PROBABILITY_MARGIN) & (gap <= PAYOFF_MARGIN) & tie
    ok = regular.all(axis=1)
    low, gap = low.min(axis=1), gap.max(axis=1)
    clearly_in = ok & (low > PROBABILITY_MARGIN) & (gap < -PAYOFF_MARGIN)
    clearly_out = (low < -PROBABILITY_MARGIN) | (gap > PAYOFF_MARGIN)
    unsure = (witness.any(axis=1) | odd.any(axis=1) | (ok & ~clearly_in & ~clearly_out)).any(axis=-1)
    games, pairs = np.nonzero(clearly_in)
    unsure |= np.bincount(games, minlength=N) % 2 == 0  # a nondegenerate game has an odd number
    found = strategy[games, :, pairs]
    return games, found[:, 1, :m], found[:, 0, :n], unsure


def equilibria(game: Game, tol: float) -> list[Equilibrium] | None:
    """Every equilibrium of a small game certified nondegenerate, verified; else ``None``.

    ``None`` means: too many support pairs, degenerate, unsure within a
    margin, or a candidate the verifier refused. The caller then uses the
    general solver.

    >>> from bargain import Game
    >>> [eq.profile for eq in equilibria(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]), 1e-9)]
    [((0.0, 1.0), (0.0, 1.0))]
    >>> equilibria(Game([[1, 1], [0, 0]], [[1, 1], [0, 0]]), 1e-9) is None  # degenerate
    True
    """
    m, n = game.shape
    if pair_count(m, n) > MAX_PAIRS:
        return None
    if m == n == 2:
        candidates = two_by_two(game.A.tolist(), game.B.tolist())
        if candidates is None:
            return None
        X, Y = [x for x, _ in candidates], [y for _, y in candidates]
    else:
        _, X, Y, unsure = solve_stack(game.A[None], game.B[None])
        if unsure[0]:
            return None
    found = verify_profiles(game, X, Y, tol)
    if any(eq is None for eq in found):
        return None
    return found


def two_by_two(A: list[list[float]], B: list[list[float]]) -> list[tuple[list[float], list[float]]] | None:
    """:func:`solve_stack` for one 2 x 2 game in plain Python: its candidates, or None when unsure.

    The same pairs, certificate and margins, written out: a pure pair ``(i, j)``
    is an equilibrium when each action is the other's strict best response; the
    game is degenerate when a column of ``A`` or a row of ``B`` ties (a pure
    strategy with two best responses); the mixed pair comes from Cramer's rule.

    >>> two_by_two([[3.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 3.0]])
    [([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([0.6, 0.4], [0.4, 0.6])]
    """
    (a, b), (c, d) = A
    low = min(a, b, c, d)
    span = max(a, b, c, d) - low or 1.0
    a, b, c, d = (a - low) / span, (b - low) / span, (c - low) / span, (d - low) / span  # as _unit maps them
    (e, f), (g, h) = B
    low = min(e, f, g, h)
    span = max(e, f, g, h) - low or 1.0
    e, f, g, h = (e - low) / span, (f - low) / span, (g - low) / span, (h - low) / span
    margin = PAYOFF_MARGIN
    if abs(a - c) <= margin or abs(b - d) <= margin or abs(e - f) <= margin or abs(g - h) <= margin:
        return None  # a pure strategy with two best responses: degenerate, or too close to call
    rows = ((a > c, b > d), (c > a, d > b))  # is row i the best response to column j
    cols = ((e > f, f > e), (g > h, h > g))  # is column j the best response to row i
    found = []
    for i in (0, 1):
        for j in (0, 1):
            if rows[i][j] and cols[i][j]:
                found.append(([1.0 - i, float(i)], [1.0 - j, float(j)]))
    mixed = _mixed(a, b, c, d, e, g, f, h)
    if mixed is False:
        return None
    if mixed is not None:
        found.append(mixed)
    return found if len(found) % 2 == 1 else None


def _unit(M: list[list[float]]) -> list[list[float]]:
    """``M`` mapped onto ``[0, 1]`` (as :func:`_rescaled` does)."""
    low = min(map(min, M))
    span = max(map(max, M)) - low
    span = span if span > 0 else 1.0
    return [[(v - low) / span for v in row] for row in M]


def _mixed(a, b, c, d, e, g, f, h):
    """The fully mixed candidate of a 2 x 2 game, None if there is none, False if unsure.

    ``a b c d`` are ``A`` row by row (rows indifferent against ``y``); ``e g f h``
    are ``B`` transposed (columns indifferent against ``x``).
    """
    strategies = []
    for p, q, r, s in ((a, b, c, d), (e, g, f, h)):
        den = p - q - r + s
        if abs(den) <= REGULAR:
            if max(abs(s - q), abs(p - r), abs(p * s - q * r)) <= 1e-6:
                return False  # a continuum, or too close to call
            return None  # no strategy makes the two indifferent
        strategies.append(((s - q) / den, (p - r) / den))
    (y0, y1), (x0, x1) = strategies
    low = min(x0, x1, y0, y1)
    if low > PROBABILITY_MARGIN:
        return [x0, x1], [y0, y1]
    return None if low < -PROBABILITY_MARGIN else False
