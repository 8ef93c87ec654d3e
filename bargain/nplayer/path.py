"""One equilibrium of a larger game, by simplicial subdivision with restarts.

An equilibrium is a fixed point of Nash's map ``f`` (each player shifts weight
towards the actions that beat their current payoff). The algorithm follows a
path of simplices of a triangulated slab ``R^D x [0, 1]`` (Merrill's restart
method, with vector labels): at level 0 each vertex is labelled by its offset
from the starting point, at level 1 by ``f`` minus the vertex, and the
piecewise-linear system ``sum(lambda_v * (1, label_v)) = (1, 0)`` is kept
solvable from simplex to simplex by pivoting (lexicographic rule, so
degenerate steps cannot cycle). The path starts at the one simplex around the
starting point and ends at a facet in level 1, whose weighted centre is an
approximate fixed point. The grid is then halved and the method restarted
from that point, until the approximation is fine.

The approximation is then made exact: its support profile's equilibrium
system is solved (:mod:`bargain.nplayer.enumpoly`), and the solution nearest
to the approximate point that passes the verifier is returned. When exact
solving is out of reach, Newton's method on the support system refines the
point in floating point, and the float verifier decides.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from bargain.errors import SolverError
from bargain.games.strategic import StrategicGame, as_strategic
from bargain.results.solution import Equilibrium, Solution

from .verify import DEFAULT_TOL, payoff_scale, regrets, verify_profile

#: Pivots allowed in one stage (one grid size) of the path.
MAX_PIVOTS = 200_000
#: Refinement into an exact equilibrium is first tried once the grid is this fine.
REFINE_FROM = 1e-2


def _project_simplex(v: np.ndarray) -> np.ndarray:
    """Euclidean projection of ``v`` onto the probability simplex."""
    u = np.sort(v)[::-1]
    cumulative = np.cumsum(u) - 1
    k = np.nonzero(u - cumulative / np.arange(1, len(v) + 1) > 0)[0][-1]
    return np.maximum(v - cumulative[k] / (k + 1), 0.0)


class _Map:
    """Nash's map on reduced coordinates (each player's last probability dropped)."""

    def __init__(self, game: StrategicGame):
        self.payoffs = [np.asarray(u, dtype=float) for u in game.payoffs]
        self.shape = game.shape
        self.cuts = np.cumsum([0] + [m - 1 for m in self.shape])

    def full(self, y: np.ndarray) -> list[np.ndarray]:
        """The mixed profile nearest to reduced point ``y`` (projection onto the strategy simplices)."""
        out = []
        for k in range(len(self.shape)):
            part = y[self.cuts[k]:self.cuts[k + 1]]
            out.append(_project_simplex(np.append(part, 1.0 - part.sum())))
        return out

    def nash(self, profile: list[np.ndarray]) -> list[np.ndarray]:
        out = []
        for k, u in enumerate(self.payoffs):
            values = u
            for j in reversed(range(len(self.shape))):
                if j != k:
                    values = np.tensordot(values, profile[j], axes=([j], [0]))
            gain = np.maximum(values - profile[k] @ values, 0.0)
            out.append((profile[k] + gain) / (1.0 + gain.sum()))
        return out

    def reduce(self, profile: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([p[:-1] for p in profile])

    def label(self, y: np.ndarray) -> np.ndarray:
        """``f(y) - y`` in reduced coordinates (``f`` applied to the projection of ``y``)."""
        return self.reduce(self.nash(self.full(y))) - y


def _stage(field: _Map, start: np.ndarray, delta: float) -> np.ndarray | None:
    """One pass of Merrill's method on a grid of size ``delta``; the approximate fixed point, or None."""
    D = len(start)
    N = D + 1  # dimension of the slab; coordinate D is the level
    # Freudenthal simplex (base, permutation); the level coordinate comes last so that the first
    # D + 1 vertices form the facet at level 0, centred on the starting point.
    perm = list(range(N))
    base_int = np.zeros(N, dtype=np.int64)
    origin = start - delta * np.arange(D, 0, -1) / (D + 1)

    def vertices(base, perm):
        out = [base.copy()]
        for k in perm:
            nxt = out[-1].copy()
            nxt[k] += 1
            out.append(nxt)
        return out

    def column(v_int):
        y = origin + delta * v_int[:D]
        label = (start - y) if v_int[D] == 0 else field.label(y)
        return np.concatenate(([1.0], label))

    simplex = vertices(base_int, perm)
    facet = [tuple(v) for v in simplex[:N]]
    B = np.column_stack([column(np.array(v)) for v in facet])
    try:
        inverse = np.linalg.inv(B)
    except np.linalg.LinAlgError:  # pragma: no cover - the start facet is a scaled unit simplex
        return None
    entering = simplex[N]
    for _ in range(MAX_PIVOTS):
        a = column(entering)
        d = inverse @ a
        weights = inverse[:, 0]
        rows = np.nonzero(d > 1e-12)[0]
        if not len(rows):
            return None
        table = np.column_stack([weights[rows], inverse[rows]]) / d[rows, None]
        order = np.lexsort(np.round(table, 12).T[::-1])
        r = rows[order[0]]
        leaving = facet[r]
        # Pivot the linear system: column r now holds the entering vertex.
        pivot_row = inverse[r] / d[r]
        inverse = inverse - np.outer(d, pivot_row)
        inverse[r] = pivot_row
        facet[r] = tuple(int(x) for x in entering)
        if all(v[D] == 1 for v in facet):
            weights = inverse[:, 0]
            points = np.array([origin + delta * np.array(v[:D]) for v in facet])
            return np.clip(weights, 0, None) @ points / max(np.clip(weights, 0, None).sum(), 1e-300)
        # Pivot the triangulation: drop the leaving vertex from the simplex, find the new one.
        position = next(i for i, v in enumerate(simplex) if tuple(v) == leaving)
        if position == 0:
            base_int = base_int.copy()
            base_int[perm[0]] += 1
            perm = perm[1:] + perm[:1]
        elif position == N:
            base_int = base_int.copy()
            base_int[perm[-1]] -= 1
            perm = perm[-1:] + perm[:-1]
        else:
            perm = perm.copy()
            perm[position - 1], perm[position] = perm[position], perm[position - 1]
        simplex = vertices(base_int, perm)
        present = set(facet)
        fresh = [v for v in simplex if tuple(int(x) for x in v) not in present]
        if len(fresh) != 1:  # pragma: no cover - a Freudenthal pivot changes exactly one vertex
            return None
        entering = fresh[0]
        if entering[D] < 0 or entering[D] > 1:
            return None
    return None


def _stages(game: StrategicGame, start, first_grid: float, shrink: float, precision: float):
    """Approximate equilibria from successively finer grids (each stage restarts at the last point)."""
    field = _Map(game)
    if start is None:
        start = [np.eye(m)[0] for m in game.shape]
    y = field.reduce([np.asarray([float(p) for p in mix]) for mix in start])
    delta = first_grid
    while delta > precision:
        found = _stage(field, y, delta)
        if found is None:
            return
        y = found
        yield field.full(y), delta
        delta /= shrink


def approximate_equilibrium(game: StrategicGame, start=None, *, precision: float = 1e-10,
                            first_grid: float = 0.25, shrink: float = 2.0) -> list[np.ndarray]:
    """An approximate equilibrium by simplicial subdivision with restarts (floats, not verified).

    Parameters
    ----------
    game : StrategicGame
    start : sequence of arrays, optional
        Starting profile (default: everyone plays their first action).
    precision : float
        Stop when the grid is finer than this or the regret is below it (relative to the payoffs).
    first_grid, shrink : float
        The first grid size, and the factor that divides it at each restart.

    Examples
    --------
    >>> g = StrategicGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [np.round(p, 6).tolist() for p in approximate_equilibrium(g)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    scale = payoff_scale(game)
    best = [np.eye(m)[0] for m in game.shape] if start is None else [np.asarray(p, float) for p in start]
    for best, _ in _stages(game, start, first_grid, shrink, precision):
        if max(regrets(game.payoffs, best)) <= precision * scale:
            break
    return best


def simplicial_equilibrium(game, start=None, *, exact: bool | None = None, tol: float = DEFAULT_TOL,
                           precision: float = 1e-8) -> Solution:
    """One equilibrium of ``game`` by simplicial subdivision, refined and verified.

    The approximate point's support system is solved exactly when the payoffs
    are rational and the system is small enough; the returned equilibrium is
    then exact (rational or algebraic). Otherwise Newton's method refines it
    and the float verifier checks it.

    Parameters
    ----------
    game : StrategicGame or bargain.Game
    start : sequence of arrays, optional
        Starting profile (default: everyone's first action).
    exact : bool, optional
        Look for an exact equilibrium (default: when the game is exact).
    tol : float
        Relative tolerance of the float verifier.
    precision : float
        How fine the path is followed before the refinement.

    Returns
    -------
    Solution
        With one equilibrium; ``complete`` is False.

    Raises
    ------
    SolverError
        When no verified equilibrium could be obtained.

    Examples
    --------
    >>> from bargain.nplayer import read_nfg
    >>> sol = simplicial_equilibrium(read_nfg("tests/data/nplayer/g1.nfg"))
    >>> eq = sol[0]
    >>> eq.certified, [round(float(p), 6) for p in eq.strategy(0)]
    (True, [0.2, 0.8])
    """
    game = as_strategic(game)
    exact = game.is_exact if exact is None else exact
    eq = None
    tried = set()
    for approx, delta in _stages(game, start, 0.25, 2.0, precision):
        # Once the grid is fine enough to show the support, try to finish exactly.
        if delta > REFINE_FROM:
            continue
        key = tuple(_supports(approx, delta))
        if key in tried and delta > precision * 4:
            continue
        tried.add(key)
        eq = _refine(game, approx, exact, tol, delta)
        if eq is not None:
            break
    if eq is None:
        raise SolverError("simplicial subdivision ended at a point that could not be refined into a "
                          "verified equilibrium; try another starting profile")
    return Solution(game, "simpdiv", (eq,), complete=False,
                    tolerance=0.0 if eq.exact else tol * payoff_scale(game),
                    options={"exact": exact, "tol": tol, "precision": precision})


def _supports(approx: list[np.ndarray], delta: float):
    """Candidate supports of a point found on a grid of size ``delta``: its actions clearly above the
    grid's resolution first, then looser and tighter cuts."""
    seen = []
    dimension = sum(len(p) - 1 for p in approx)
    for threshold in (4 * dimension * delta, 1e-2, 1e-3, 1e-6):
        support = tuple(tuple(int(a) for a in np.nonzero(p > threshold)[0]) or (int(np.argmax(p)),)
                        for p in approx)
        if support not in seen:
            seen.append(support)
    return seen


def _refine(game: StrategicGame, approx: list[np.ndarray], exact: bool, tol: float,
            delta: float = 0.0) -> Equilibrium | None:
    from . import _polysys
    from .system import System as _System
    from .verify import verify_algebraic

    arrays = game.exact_payoff_arrays()
    target = np.concatenate(approx)
    for support in _supports(approx, delta):
        system = _System(game, arrays, support)
        candidates = []
        if exact:
            result = _polysys.solve_system(system.equations, system.k)
            if result.kind == "finite":
                for values in result.rational:
                    candidates.append(("rational", system.profile(values)))
                for f, interval, coordinates in result.algebraic:
                    candidates.append(("algebraic", system.algebraic(f, interval, coordinates)))
        found = []
        for kind, candidate in candidates:
            if kind == "rational":
                if any(p < 0 for mix in candidate for p in mix):
                    continue
                eq = verify_profile(game, candidate) if game.is_exact else verify_profile(
                    game, [[float(p) for p in mix] for mix in candidate], tol)
            else:
                eq = verify_algebraic(game, candidate)
            if eq is not None:
                found.append(eq)
        if found:
            return min(found, key=lambda e: np.abs(np.concatenate([e.strategy(k) for k in
                                                                   range(game.n_players)]) - target).max())
        eq = _newton(game, system, approx, tol)
        if eq is not None:
            return eq
    return verify_profile(game, approx, tol)


def _newton(game: StrategicGame, system, approx: list[np.ndarray], tol: float) -> Equilibrium | None:
    """Refine ``approx`` by Newton's method on the support's equations, then verify in floats."""
    from ._subdivision import _Poly

    if system.k == 0:
        return verify_profile(game, [[float(p) for p in mix] for mix in system.profile([])], tol)
    if len(system.equations) != system.k or not all(system.equations):
        return None
    polys = [_Poly.of(p, system.k) for p in system.equations]
    jacobian = [[p.derivative(j, system.k) for j in range(system.k)] for p in polys]
    x = np.array([approx[p][a] for p, a in system.variables], dtype=float)
    for _ in range(50):
        F = np.array([float(p(x[None, :])[0]) for p in polys])
        J = np.array([[float(d(x[None, :])[0]) for d in row] for row in jacobian])
        try:
            step = np.linalg.solve(J, F)
        except np.linalg.LinAlgError:
            return None
        x = x - step
        if np.abs(step).max() < 1e-15:
            break
    profile = system.profile([float(v) for v in x])
    if any(p < 0 for mix in profile for p in mix):
        return None
    return verify_profile(game, profile, tol)


def random_start(game: StrategicGame, rng: np.random.Generator, denominator: int = 20) -> list[list[Fraction]]:
    """A random starting profile on a grid (for repeated runs from different starts)."""
    out = []
    for m in game.shape:
        cuts = np.sort(rng.integers(0, denominator + 1, size=m - 1))
        parts = np.diff(np.concatenate(([0], cuts, [denominator])))
        out.append([Fraction(int(p), denominator) for p in parts])
    return out


__all__ = ["approximate_equilibrium", "random_start", "simplicial_equilibrium"]
