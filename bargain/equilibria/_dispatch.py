"""Run one method, verify what it returns, and assemble the :class:`Solution`."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache, partial

import numpy as np

from ..errors import SolverError
from ..games.normal_form import Game
from ..results.solution import Equilibrium, Solution
from . import extreme, single, small
from ._polytope import qhull_vertices
from ._ratios import round9
from .exact_search import INTERRUPTIBLE_FROM
from .limits import AUTO_COMFORTABLE
from .verify import (
    exact_regret,
    float_trouble,
    payoff_scale,
    verify_integer_profiles,
    verify_profile,
    verify_profiles,
)

COMPLETE = {"auto", "vertex", "support", "dominance"}

#: Largest game (rows x columns) solved exactly, without being asked, when floats cannot certify it.
EXACT_FALLBACK_CELLS = 100


@dataclass(frozen=True)
class Limits:
    """When a long search must stop, and whom it tells how far it got."""

    deadline: float | None = None  # time.monotonic() after which to stop
    progress: Callable | None = None
    timeout: float | None = None
    interruptible: bool = False  # large float games by the interruptible search even without a deadline

    @classmethod
    def start(cls, timeout: float | None, progress: Callable | None) -> Limits:
        if timeout is None and progress is None:
            return NO_LIMITS
        return cls(None if timeout is None else time.monotonic() + timeout, progress, timeout)


NO_LIMITS = Limits()


def run(game: Game, method: str, *, exact: bool, tol: float, limits: Limits = NO_LIMITS) -> Solution:
    """Dispatch ``method`` on ``game`` (arguments already validated by ``solve``).

    In float mode, a game whose payoffs floats cannot certify (see
    :func:`~bargain.equilibria.verify.float_trouble`; a small game by the
    strict test) is solved exactly when it is small enough (or the method is
    ``pure``, exact at any size) and the method has an exact form; otherwise
    its float results are marked unverified (``options["verified"] = False``).
    Either way ``options["float_trouble"]`` says why.
    """
    if not exact:
        small = game.A.size <= EXACT_FALLBACK_CELLS
        trouble = float_trouble(game, tol, strict=small or method == "pure")
        if trouble is not None:
            if method == "pure" or (small and method != "zero-sum"):
                solution = _run(game, method, exact=True, tol=tol, limits=limits)
                solution = replace(solution, options={**solution.options, "float_trouble": trouble})
                return _in_floats(solution, game, tol) or solution
            try:
                solution = _run(game, method, exact=False, tol=tol, limits=limits)
            except SolverError as error:
                raise SolverError(f"{error.detail}; floats cannot resolve this game ({trouble}): "
                                  "solve it exactly (exact=True, --exact)") from None
            return replace(solution, options={**solution.options, "float_trouble": trouble, "verified": False})
    return _run(game, method, exact=exact, tol=tol, limits=limits)


def _in_floats(solution: Solution, game: Game, tol: float) -> Solution | None:
    """An exact solution handed back in floats, as float mode promises.

    Each equilibrium is rounded to floats, re-verified, and given the regret
    its rounded profile has in exact arithmetic; the solution's ``tolerance``
    is the largest of these, so the bound it states holds for the numbers
    shown. ``None`` when floats cannot carry the solution: two extreme
    equilibria that round to the same floats, or one that fails the float
    verifier; the exact solution is then returned as it is.
    """
    import math

    A, B = game.exact_payoffs()
    equilibria = []
    for eq in solution:
        x, y = tuple(float(p) for p in eq.profile[0]), tuple(float(p) for p in eq.profile[1])
        if verify_profile(game, x, y, tol) is None:
            return None
        gap = exact_regret(A, B, [Fraction(p) for p in x], [Fraction(p) for p in y])
        bound = math.nextafter(float(gap), math.inf) if gap > 0 else 0.0
        X, Y = np.array(x), np.array(y)
        payoffs = (float(X @ game.A @ Y), float(X @ game.B @ Y))
        equilibria.append(Equilibrium(game, (x, y), payoffs, bound))  # rounded, not cleaned of small values
    if len({eq.profile for eq in equilibria}) < len(equilibria):
        return None
    largest = max((eq.regret for eq in equilibria), default=0.0)
    return replace(solution, equilibria=tuple(equilibria), tolerance=largest,
                   options={**solution.options, "exact": False})


def _run(game: Game, method: str, *, exact: bool, tol: float, limits: Limits = NO_LIMITS) -> Solution:
    """Dispatch ``method`` on ``game`` in the arithmetic asked for."""
    options = {"exact": exact, "tol": tol}
    if limits.timeout is not None:
        options["timeout"] = limits.timeout
    if method == "dominance":
        return _dominance(game, exact=exact, tol=tol, limits=limits)
    if method in ("auto", "vertex", "support"):
        if exact:
            return _exact(game, method, options, limits)
        if (method == "auto" and (limits.deadline is not None or limits.interruptible)
                and min(game.shape) >= INTERRUPTIBLE_FROM):
            return _as_float(_exact(game, method, options, limits), game, tol, options)
        return _float_complete(game, method, tol, options)
    if method == "pure":
        return _pure(game, exact, tol, options)
    if method == "lemke-howson":
        return _lemke_howson(game, exact, tol, options)
    return _zero_sum(game, exact, tol, options)


# ---------------------------------------------------------------- complete methods


def _float_complete(game: Game, method: str, tol: float, options: dict) -> Solution:
    if method == "auto":
        small = _small_game(game, tol, options)
        if small is not None:
            return small
        result = _one_sided(game.A, game.B, tol) if min(game.shape) > 1 else None
        if result is not None:
            profiles, degenerate = result
            equilibria, rejected = _verify_all(game, profiles, tol)
            if not rejected:
                return _assemble(game, "auto:one-sided", equilibria, True if degenerate else None, tol, options)
        if max(game.shape) > AUTO_COMFORTABLE:  # Qhull on the larger polytope would take minutes or more
            return _as_float(_exact(game, "auto", options), game, tol, options)
        solution = _two_sided(game, "vertex", tol, options)
        if solution is not None:
            return replace(solution, method="auto:vertex")
        return _as_float(_exact(game, "auto", options), game, tol, options)
    solution = _two_sided(game, method, tol, options)
    if solution is None:
        raise SolverError(
            f"method {method!r}: a candidate failed verification through round-off; "
            "use method 'auto' or exact=True"
        )
    return solution


def _small_game(game: Game, tol: float, options: dict) -> Solution | None:
    """A small game certified nondegenerate (once clearly dominated actions are removed, one game at a time),
    by support enumeration (else None)."""
    degenerate = False
    if single.fits(*game.shape):
        found = single.reduced_equilibria(game, tol)
        if found is not None:
            found, whole = found
            if not whole:  # the whole game failed the certificate: whether it is degenerate, by Qhull if asked
                degenerate = partial(extreme.is_degenerate, game)
    else:
        found = small.equilibria(game, tol)
    if found is None:
        return None
    if len(found) > 1:
        found = [found[k] for k in _order(found)]
    return _solution(game, "auto:support", found, _singletons(len(found)), degenerate, tol, options)


def _two_sided(game: Game, method: str, tol: float, options: dict) -> Solution | None:
    """Both polytopes enumerated (by Qhull or by subsystems), or None on round-off trouble."""
    enumerate_vertices = qhull_vertices if method == "vertex" else extreme.subsystem_vertices
    pairs, X, Y, degenerate = extreme.vertex_pairs_float(game.A, game.B, tol, enumerate_vertices)
    equilibria, rejected = _verify_all(game, [(X[a], Y[b]) for a, b in pairs], tol)
    if rejected:
        return None
    return _assemble(game, method, equilibria, degenerate, tol, options)


def _assemble(game, method, equilibria, degenerate, tol, options) -> Solution:
    if len(equilibria) > 1:
        equilibria = [equilibria[k] for k in _order(equilibria)]
    components = _components_from_profiles(equilibria)
    return _solution(game, method, equilibria, components, degenerate, tol, options)


def _one_sided(A: np.ndarray, B: np.ndarray, tol: float):
    if A.shape[0] <= A.shape[1]:
        return extreme.one_sided_pairs(A, B, tol)
    result = extreme.one_sided_pairs(B.T, A.T, tol)
    if result is None:
        return None
    (Y, X), degenerate = result
    return extreme.Profiles(X, Y), degenerate


def _exact(game: Game, method: str, options: dict, limits: Limits = NO_LIMITS) -> Solution:
    from . import exact_search

    A, B = game.exact_rows if game.is_exact else game.exact_payoffs()  # ints stay ints: no fractions to build
    found = exact_search.search(A, B, deadline=limits.deadline, progress=limits.progress)
    checked = verify_integer_profiles(game, [found.X[a] for a, _ in found.pairs], [found.Y[b] for _, b in found.pairs])
    if any(eq is None for eq in checked):  # pragma: no cover - exact arithmetic cannot produce a false vertex pair
        raise SolverError("internal error: an exact candidate failed exact verification")
    order = _integer_order(found.X, found.Y, found.pairs)
    equilibria = [checked[k] for k in order]
    position = {found.pairs[k]: i for i, k in enumerate(order)}
    components = _components(found.pairs, position)
    if found.degenerate:
        degenerate = True
    elif found.other_simple and found.stopped is None:  # both polytopes walked whole, no surplus labels
        degenerate = False
    else:  # settled on first use; the enumerated side is known nondegenerate when the search finished
        sides = (1 - found.side,) if found.stopped is None else (0, 1)
        degenerate = partial(exact_search.is_degenerate, A, B, sides=sides)
    name = "auto:exact" if method == "auto" else f"{method}:exact"
    stopped = None
    if found.stopped is not None:
        cause = f"the time limit of {limits.timeout:g} s" if found.stopped == "time limit" else "an interrupt"
        stopped = (f"stopped by {cause} after {found.vertices:,} vertices of "
                   f"{game.players[found.side]}'s best-response polytope")
    return _solution(game, name, equilibria, components, degenerate, 0.0, options, stopped=stopped)


def _as_float(solution: Solution, game: Game, tol: float, options: dict) -> Solution:
    """An exact solution turned into floats (each equilibrium re-verified in floats, all in one batch)."""
    floats: dict[int, float] = {}  # probabilities are shared Fraction objects: each converted once

    def as_floats(vector) -> list[float]:
        out = []
        for p in vector:
            value = floats.get(id(p))
            if value is None:
                value = floats[id(p)] = float(p)
            out.append(value)
        return out

    equilibria = []
    if len(solution):
        equilibria = verify_profiles(game, [as_floats(eq.profile[0]) for eq in solution],
                                     [as_floats(eq.profile[1]) for eq in solution], tol)
    if any(eq is None for eq in equilibria):  # pragma: no cover - would mean the float game is badly conditioned
        raise SolverError("an exact equilibrium failed float verification; use exact=True")
    return _solution(game, solution.method, equilibria, solution.components, solution.degenerate_hint, tol, options,
                     stopped=solution.stopped)


# ---------------------------------------------------------------- other methods


def _pure(game: Game, exact: bool, tol: float, options: dict) -> Solution:
    m, n = game.shape
    if exact:
        A, B = game.exact_payoffs()
        cells = [
            (i, j)
            for i in range(m)
            for j in range(n)
            if A[i][j] == max(A[r][j] for r in range(m)) and B[i][j] == max(B[i])
        ]
    else:
        slack = tol * payoff_scale(game)
        row_best = game.A >= game.A.max(axis=0) - slack
        col_best = game.B >= game.B.max(axis=1, keepdims=True) - slack
        cells = list(zip(*np.nonzero(row_best & col_best), strict=True))
    one = Fraction(1) if exact else 1.0
    profiles = [(_unit(m, i, one), _unit(n, j, one)) for i, j in cells]
    equilibria, _ = _verify_all(game, profiles, tol)
    components = _components_from_profiles(equilibria)
    return _solution(game, "pure", equilibria, components, None, 0.0 if exact else tol, options, complete=False)


def _lemke_howson(game: Game, exact: bool, tol: float, options: dict) -> Solution:
    from .lemke_howson import lemke_howson_all

    if exact:
        A, B = game.exact_payoffs()
        profiles = lemke_howson_all(A, B, exact=True)
    else:
        profiles = lemke_howson_all(game.A, game.B)
    equilibria, rejected = _verify_all(game, profiles, tol)
    if rejected:
        warnings.warn(f"{rejected} Lemke-Howson path(s) ended off equilibrium (round-off)", RuntimeWarning,
                      stacklevel=3)
    equilibria = _unique(equilibria, tol)
    equilibria = [equilibria[k] for k in _order(equilibria)]
    return _solution(game, "lemke-howson", equilibria, (), None, 0.0 if exact else tol, options, complete=False)


def _zero_sum(game: Game, exact: bool, tol: float, options: dict) -> Solution:
    from .zero_sum import is_constant_sum, minimax

    if exact:
        raise SolverError("method 'zero-sum' solves a linear programme in floating point; "
                          "use method 'auto' with exact=True")
    if not is_constant_sum(game.A, game.B, tol * payoff_scale(game)):
        raise SolverError("method 'zero-sum' needs a constant-sum game (A + B constant)")
    x, y, _ = minimax(game.A)
    equilibria, _ = _verify_all(game, [(x, y)], tol)
    return _solution(game, "zero-sum", equilibria, (), None, tol, options, complete=False)


def _dominance(game: Game, *, exact: bool, tol: float, limits: Limits = NO_LIMITS) -> Solution:
    from .dominance import eliminate_dominated

    reduced, rows, cols, eliminated = eliminate_dominated(game)
    inner = run(reduced, "auto", exact=exact, tol=tol, limits=limits)
    m, n = game.shape
    zero = Fraction(0) if exact else 0.0
    equilibria = []
    for eq in inner:
        x, y = [zero] * m, [zero] * n
        for k, i in enumerate(rows):
            x[i] = eq.profile[0][k]
        for k, j in enumerate(cols):
            y[j] = eq.profile[1][k]
        checked = verify_profile(game, x, y, tol)
        if checked is None:  # pragma: no cover - strict dominance keeps every equilibrium
            raise SolverError("internal error: an equilibrium of the reduced game is not one of the game")
        equilibria.append(checked)
    options = {"exact": exact, "tol": tol, "reduced_shape": reduced.shape}
    return _solution(game, "dominance+" + inner.method, equilibria, inner.components, None,
                     inner.tolerance, options, complete=inner.complete, eliminated=eliminated, stopped=inner.stopped)


# ---------------------------------------------------------------- helpers


def _unit(size: int, index: int, one):
    zero = one - one
    return [one if k == index else zero for k in range(size)]


def _verify_all(game: Game, profiles, tol: float) -> tuple[list[Equilibrium], int]:
    if isinstance(profiles, extreme.Profiles):  # floats already stacked
        checked = verify_profiles(game, profiles.X, profiles.Y, tol) if len(profiles.X) else []
    else:
        profiles = list(profiles)
        if profiles and not any(isinstance(v, Fraction) for v in profiles[0][0]):  # floats: all at once
            checked = verify_profiles(game, [x for x, _ in profiles], [y for _, y in profiles], tol)
        else:
            checked = [verify_profile(game, x, y, tol) for x, y in profiles]
    accepted = [eq for eq in checked if eq is not None]
    return _unique(accepted, tol), len(checked) - len(accepted)


def _unique(equilibria: list[Equilibrium], tol: float) -> list[Equilibrium]:
    """The equilibria with duplicates dropped (the first of each kept).

    Exact profiles are duplicates when equal; float ones when every
    probability differs by at most ``1000 * tol``.
    """
    if len(equilibria) < 2:
        return list(equilibria)
    if all(eq.exact for eq in equilibria):
        seen: dict = {}
        for eq in equilibria:
            seen.setdefault(eq.profile, eq)
        return list(seen.values())
    stack = np.array([eq.profile[0] + eq.profile[1] for eq in equilibria], dtype=float)
    if len(stack) > 2000:  # too many for all pairs: equal on a grid of 1000 * tol counts as the same
        _, first = np.unique(np.round(stack / (1e3 * tol)), axis=0, return_index=True)
        return [equilibria[k] for k in np.sort(first)]
    close = np.ones((len(stack), len(stack)), dtype=bool)
    for column in stack.T:  # one probability at a time: no array of all pairs by all probabilities
        close &= np.abs(column[:, None] - column[None, :]) <= 1e3 * tol
    duplicate = np.tril(close, -1).any(axis=1)  # close to an earlier one
    if not duplicate.any():
        return list(equilibria)
    return [equilibria[k] for k in np.nonzero(~duplicate)[0].tolist()]


def _order(equilibria: list[Equilibrium]) -> list[int]:
    """Deterministic order: by row strategy, then column strategy, largest first.

    Probabilities compare as ``round(p, 9)``, as exact mode orders them. When
    neighbours in the order of the unrounded floats first differ, after equal
    entries, by more than rounding can close, that order is already the
    rounded one and no entry needs rounding.
    """
    raw = [eq.profile[0] + eq.profile[1] for eq in equilibria]
    order = sorted(range(len(raw)), key=raw.__getitem__, reverse=True)
    for a, b in zip(order, order[1:]):  # noqa: B905 - neighbours
        for u, v in zip(raw[a], raw[b]):  # noqa: B905 - one length
            if u != v:
                break
        if not u - v > 2e-9:  # equal, or first different by too little: rounding decides
            return _rounded_order(equilibria)
    return order


def _rounded_order(equilibria: list[Equilibrium]) -> list[int]:
    """:func:`_order` with every probability rounded."""
    keys = []
    for eq in equilibria:
        x, y = eq.profile
        keys.append([-round9(p if type(p) is float else float(p)) for p in (*x, *y)])  # round(p, 9), as exact mode
    return sorted(range(len(keys)), key=keys.__getitem__)


def _integer_order(X, Y, pairs) -> list[int]:
    """:func:`_order` for strategies given as integer vectors (probability = entry / sum), without fractions."""
    def keys(vectors):
        out = []
        for vector in vectors:
            total = sum(vector)
            out.append(tuple([-round9(v / total) if v else -0.0 for v in vector]))  # round(p, 9) as _order
        return out

    row_keys, col_keys = keys(X), keys(Y)
    return sorted(range(len(pairs)), key=lambda k: row_keys[pairs[k][0]] + col_keys[pairs[k][1]])


def _components(pairs: list[tuple[int, int]], position: dict) -> tuple[tuple[int, ...], ...]:
    if len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs}):  # no strategy shared: singletons
        return tuple(sorted((position[p],) for p in pairs))
    groups = []
    for xs, ys in extreme.maximal_nash_subsets(pairs):
        groups.append(tuple(sorted(position[(a, b)] for a in xs for b in ys)))
    return tuple(sorted(groups))


#: From this many equilibria on, equal strategies are found by sorting (:func:`_components_from_profiles`).
MANY_EQUILIBRIA = 64


def _components_from_profiles(equilibria: list[Equilibrium]) -> tuple[tuple[int, ...], ...]:
    """Components of equilibria identified by their (rounded) strategies."""
    if len(equilibria) < 2:
        return ((0,),) if equilibria else ()
    if isinstance(equilibria[0].profile[0][0], Fraction):
        keys = [(eq.profile[0], eq.profile[1]) for eq in equilibria]
    else:  # rounded in one call, as numpy rounds
        rows = np.round(np.array([eq.profile[0] for eq in equilibria]), 9) + 0.0  # + 0.0: no -0.0
        cols = np.round(np.array([eq.profile[1] for eq in equilibria]), 9) + 0.0
        if len(equilibria) > MANY_EQUILIBRIA:  # strategies numbered by sorting, not by hashing tuples
            pairs = list(zip(_row_ids(rows), _row_ids(cols), strict=True))
            return _components(pairs, {p: k for k, p in enumerate(pairs)})
        keys = [(tuple(x), tuple(y)) for x, y in zip(rows.tolist(), cols.tolist(), strict=True)]
    xs: dict = {}
    ys: dict = {}
    pairs = [(xs.setdefault(x, len(xs)), ys.setdefault(y, len(ys))) for x, y in keys]
    return _components(pairs, {p: k for k, p in enumerate(pairs)})


def _row_ids(M: np.ndarray) -> list[int]:
    """A number per row of ``M``, equal for equal rows (rows sorted lexicographically, then compared in turn)."""
    order = np.lexsort(M.T[::-1])
    ordered = M[order]
    ids = np.empty(len(M), dtype=np.int64)
    ids[order] = np.concatenate([[0], np.cumsum((ordered[1:] != ordered[:-1]).any(axis=1))])
    return ids.tolist()


@lru_cache(maxsize=64)
def _singletons(count: int) -> tuple[tuple[int], ...]:
    """``((0,), (1,), ...)``: the components of ``count`` isolated equilibria."""
    return tuple((k,) for k in range(count))


@lru_cache(maxsize=64)
def _complete_method(method: str) -> bool:
    """True when ``method`` (such as ``auto:support`` or ``dominance+vertex``) lists every equilibrium."""
    return method.split(":")[0].split("+")[0] in COMPLETE


def _solution(game, method, equilibria, components, degenerate, tol, options, *, complete=None, eliminated=(),
              stopped=None):
    absolute = 0.0 if tol == 0 else tol * payoff_scale(game)
    if stopped is not None:  # a full test of degeneracy would undo the time limit: left open
        complete = False
        degenerate = True if degenerate is True else None
    elif degenerate is None:  # settled on first use, by the solver's own test
        degenerate = partial(extreme.is_degenerate, game)
    return Solution(
        game=game,
        method=method,
        equilibria=tuple(equilibria),
        components=tuple(components),
        degenerate_hint=degenerate,
        complete=_complete_method(method) if complete is None else complete,
        tolerance=absolute,
        options=dict(options),
        eliminated=tuple(eliminated),
        stopped=stopped,
    )
