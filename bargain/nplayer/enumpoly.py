"""Every equilibrium of a small game, by support enumeration and exact polynomial solving.

For each *support profile* (a non-empty set of actions per player) the
equilibria that play exactly those actions with positive probability solve

* for every player, equal payoffs from all the actions in the support
  (multilinear polynomial equations in the other players' probabilities),
  with each player's probabilities summing to one;
* strictly positive probabilities on the support, and no gain from any action
  outside it (inequalities).

A support profile is skipped when some action in it does no better than
another action of the same player against every pure profile of the others'
supports, and worse against one: the others play each of those profiles with
positive probability, so it could never be a best reply. It is skipped too
when an exactly checked linear certificate (:mod:`bargain.nplayer._prune`)
shows the conditions cannot all hold. The equations of the others are
solved exactly (:mod:`bargain.nplayer._polysys`): rational solutions come back
as fractions, irrational ones as exact algebraic points; each one that
satisfies the inequalities passes the verifier in exact arithmetic.

When a support's equations have infinitely many solutions, the set is
decided exactly where one of these applies: a rational parametrisation of a
curve (:mod:`~bargain.nplayer._curve`), flat sets through their faces
(:mod:`~bargain.nplayer._faces`), sampled points (rational or algebraic), a
certificate in Bernstein form that it misses the box of probabilities
(:mod:`~bargain.nplayer._bernstein`), or the split by the Jacobian determinant
into isolated points and the rest (:mod:`~bargain.nplayer._isolated`). Equilibria
on it are reported as a :class:`~bargain.results.solution.Continuum` with
verified samples; a set none of these decides is reported as not decided.

Two-player games go to the polytope methods of :mod:`bargain.equilibria`,
which are complete and much faster.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import combinations, product
from math import prod

import numpy as np

from bargain.errors import SolverError
from bargain.games.normal_form import as_game
from bargain.games.strategic import StrategicGame, as_strategic
from bargain.results.solution import Continuum, Equilibrium, Solution

from . import _bernstein, _curve, _faces, _isolated, _polysys, _prune, _semialgebraic, _subdivision
from . import _univariate as uni
from .system import System as _System
from .verify import DEFAULT_TOL, payoff_scale, verify_algebraic, verify_profile

#: Refuse complete enumeration beyond this many support profiles (it grows as the product of 2^m - 1).
MAX_SUPPORT_PROFILES = 20_000
#: At most this many points are tried on each positive-dimensional support.
MAX_SAMPLES = 125
#: Boxes the certified search may examine to rule out a positive-dimensional support.
MAX_CONTINUUM_BOXES = 4000
_GRID = [Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 5), Fraction(4, 5), Fraction(2, 7),
         Fraction(5, 7), Fraction(1, 11), Fraction(10, 11), Fraction(3, 8), Fraction(5, 8)]

Progress = Callable[[int, int], None]


class SolveInterrupted(KeyboardInterrupt):
    """Raised when a complete enumeration is interrupted (Ctrl-C); :attr:`partial` holds what was found.

    It is a :class:`KeyboardInterrupt`, so a program that does not look for it
    stops as usual.
    """

    def __init__(self, partial: Solution):
        self.partial = partial
        super().__init__(f"interrupted after {partial.stats.get('examined', 0)} of "
                         f"{partial.stats.get('support_profiles', 0)} support profiles; "
                         f"{len(partial)} equilibria found so far")


def support_profile_count(shape: tuple[int, ...]) -> int:
    """Number of support profiles of a game of this shape: the product of ``2^m - 1``.

    >>> support_profile_count((3, 3, 3)), support_profile_count((4, 4, 4, 4))
    (343, 50625)
    """
    return prod(2**m - 1 for m in shape)


def enumerate_equilibria(game, *, exact: bool | None = None, tol: float = DEFAULT_TOL,
                         max_profiles: int = MAX_SUPPORT_PROFILES, progress: Progress | None = None,
                         polytope: bool = True) -> Solution:
    """All equilibria of a small game: every isolated one, and every continuum flagged with samples.

    Parameters
    ----------
    game : StrategicGame or bargain.Game
    exact : bool, optional
        Report exact equilibria (default: when every payoff is rational). The
        systems are always solved exactly; float payoffs are read as the
        shortest decimals that print as them, and the equilibria found are then
        verified against the float game within ``tol``.
    tol : float
        Relative tolerance of the float verifier.
    max_profiles : int
        Refuse (with :class:`~bargain.errors.SolverError`) games with more
        support profiles than this.
    progress : callable, optional
        Called as ``progress(done, total)`` after each support profile.
    polytope : bool
        Solve two-player games with the polytope methods (default) rather
        than by support enumeration.

    Returns
    -------
    Solution
        ``complete`` unless some support could not be decided (see
        :attr:`~bargain.results.solution.Solution.undecided`).

    Raises
    ------
    SolverError
        When the game has more than ``max_profiles`` support profiles.
    SolveInterrupted
        On Ctrl-C; its ``partial`` attribute is the solution so far.

    Examples
    --------
    McKelvey and McLennan's 2x2x2 game (Gambit's ``2x2x2.nfg``) has nine
    equilibria, two of them totally mixed:

    >>> from bargain.nplayer import read_nfg
    >>> sol = enumerate_equilibria(read_nfg("tests/data/nplayer/2x2x2.nfg"))
    >>> len(sol), sum(all(len(s) == 2 for s in eq.supports) for eq in sol), sol.complete
    (9, 2, True)
    >>> all(eq.certified for eq in sol)
    True
    """
    game = as_strategic(game)
    exact = game.is_exact if exact is None else exact
    if not 0 < tol < 1:
        raise SolverError(f"tolerance {tol!r} must lie strictly between 0 and 1")
    options = {"exact": exact, "tol": tol}
    if game.n_players == 2 and polytope:
        return _two_player(game, exact, tol, options)
    total = support_profile_count(game.shape)
    if total > max_profiles:
        raise SolverError(
            f"complete enumeration of this {'x'.join(map(str, game.shape))} game would examine {total} support "
            f"profiles, more than the limit {max_profiles}; use method 'simpdiv' for one equilibrium, "
            "or raise the limit"
        )
    return _Enumeration(game, exact, tol, options, total, progress).run()


def _two_player(game: StrategicGame, exact: bool, tol: float, options: dict) -> Solution:
    from bargain.equilibria import solve

    inner = solve(as_game(game), "auto", exact=exact, tol=tol)
    equilibria = tuple(Equilibrium(game, eq.profile, eq.payoffs, eq.regret) for eq in inner)
    degenerate = bool(inner.degenerate)
    return Solution(game, f"polytope:{inner.method}", equilibria, complete=inner.complete,
                    tolerance=inner.tolerance, options=options, components=inner.components,
                    degenerate_hint=degenerate, stats={"degenerate": degenerate})


class _Enumeration:
    """One run of support enumeration (state kept here so an interruption can report it)."""

    def __init__(self, game: StrategicGame, exact: bool, tol: float, options: dict, total: int, progress):
        self.game, self.exact, self.tol, self.options = game, exact, tol, options
        self.total, self.progress = total, progress
        self.arrays = game.exact_payoff_arrays()
        self.equilibria: list[Equilibrium] = []
        self.continua: list[Continuum] = []
        self.stats = {"support_profiles": total, "examined": 0, "pruned": 0, "certified_empty": 0, "systems": 0,
                      "positive_dimensional": 0, "failed": 0}
        # Each player's payoffs replaced by their ranks (an exact, order-preserving integer copy), with the
        # player's own axis first, for the dominance test; and as integers for the linear certificate.
        self.dominance = _prune.Dominance([np.moveaxis(_ranks(u), k, 0) for k, u in enumerate(self.arrays)])
        self.certificate = _prune.LinearCertificate(_prune.integer_payoffs(self.arrays))

    # -------------------------------------------------------------- driver

    def run(self) -> Solution:
        try:
            for support in _support_profiles(self.game.shape):
                self._examine(support)
                self.stats["examined"] += 1
                if self.progress is not None:
                    self.progress(self.stats["examined"], self.total)
        except KeyboardInterrupt:
            raise SolveInterrupted(self._solution(interrupted=True)) from None
        return self._solution(interrupted=False)

    def _solution(self, interrupted: bool) -> Solution:
        equilibria = sorted(self.equilibria, key=_order_key)
        complete = not interrupted and all(c.decided for c in self.continua)
        exact = self.exact and all(eq.exact for eq in equilibria)
        return Solution(
            self.game, "enumpoly", tuple(equilibria), continua=tuple(self.continua), complete=complete,
            degenerate_hint=True if self.stats["positive_dimensional"] or self.continua else None if interrupted
            else False,  # an interrupted run has not looked at every support: no sets seen proves nothing
            tolerance=0.0 if exact else self.tol * payoff_scale(self.game),
            options=dict(self.options), stats=dict(self.stats), interrupted=interrupted,
        )

    def _examine(self, support: tuple[tuple[int, ...], ...]) -> None:
        if self.dominance.dominated(support):
            self.stats["pruned"] += 1
            return
        if self.certificate.rules_out(support):
            self.stats["certified_empty"] += 1
            return
        system = _System(self.game, self.arrays, support)
        self.stats["systems"] += 1
        found: list[Equilibrium] = []
        work, whole = [system.equations], True
        while work:
            equations = work.pop()
            result = _polysys.solve_system(equations, system.k)
            if result.kind == "positive" and whole:
                # Split by the factors of the equations only when the whole system is not finite.
                whole = False
                split = _polysys.branches(system.equations, system.k)
                if len(split) > 1:
                    work.extend(split)
                    continue
            if result.kind == "positive":
                split = _polysys.branches(result.basis, system.k)
                if len(split) > 1 and len(work) < _polysys.MAX_BRANCHES:
                    work.extend(split)
                    continue
            if result.kind == "finite":
                found.extend(self._points(system, result))
            elif result.kind == "positive":
                self.stats["positive_dimensional"] += 1
                self._continuum(system, result)
            elif result.kind == "failed":
                self.stats["failed"] += 1
                if _bernstein.rules_out(equations, system.gains(), system.k):
                    self.stats["certified_empty"] += 1
                else:
                    found.extend(self._certified_search(system, result.detail))
        self.equilibria.extend(_faces.distinct(found))

    def _line(self, system: _System, result, depth: int = 0) -> bool:
        """Decide exactly a support whose solutions form a rationally parametrised curve; False if they do not.

        Along the curve every probability is a rational function of one free
        variable ``u``, so the inequalities become univariate and
        :mod:`~bargain.nplayer._semialgebraic` lists every piece of the
        solution set: open intervals (a continuum of equilibria) and single
        points (isolated equilibria, possibly irrational). The few values of
        ``u`` the parametrisation misses (where a denominator vanishes) are
        substituted and solved exactly.
        """
        if result.dimension != 1:
            return False
        curve = None
        for free in (result.free[0], *(j for j in range(system.k) if j != result.free[0])):
            curve = _curve.parametrise(result.basis, system.k, free)
            if curve is not None:
                break
        if curve is None:
            return False
        poles = []
        factors = []
        for d in curve.poles():
            for f in _semialgebraic._irreducible_factors(d):
                if f not in factors and any(hi > 0 and lo < 1 for _, lo, hi in _semialgebraic._roots([f])):
                    factors.append(f)
        poles = [-f[0] / f[1] for f in factors if len(f) == 2]
        positive = [curve.sign_polynomial(p) for p in system.positive()]
        gains = [curve.sign_polynomial(g) for g in system.gains()]
        pieces = _semialgebraic.solve_inequalities(positive, gains)
        found, continuum = [], False
        for piece in pieces:
            if piece.interval_piece:
                for u in piece.points():
                    if u not in poles:
                        eq = self._accept(system.profile(curve.point(u)))
                        if eq is not None:
                            continuum = True
                            found.append(eq)
                continue
            if piece.point is not None:
                if piece.point in poles:
                    continue
                eq = self._accept(system.profile(curve.point(piece.point)))
            else:
                f, interval = piece.polynomial, piece.interval
                if any(len(d) > 1 and not uni.remainder(d, f) for d in curve.denominators):
                    continue
                eq = verify_algebraic(self.game, system.algebraic(f, interval, curve.algebraic(f)))
            if eq is not None:
                found.append(eq)
        for f in factors:
            # Where f(u) = 0 the parametrisation may miss points, or a whole line with u constant: solve there.
            level = {tuple(i * (j == curve.free) for j in range(system.k)): c for i, c in enumerate(f) if c}
            there = _polysys.solve_system([*result.basis, level], system.k)
            if there.kind == "empty":
                continue
            if there.kind == "finite":
                found.extend(self._points(system, there))
                continue
            if not (there.kind == "positive" and there.dimension == 1 and depth < system.k
                    and self._line(system, there, depth + 1)):
                return False
        found = _faces.distinct(found)
        if not found:
            self.stats["positive_dimensional_empty"] = self.stats.get("positive_dimensional_empty", 0) + 1
            return True
        if not continuum:
            self.equilibria.extend(found)
            return True
        names = system.names()
        self.continua.append(Continuum(
            support=system.labels(), dimension=1, free=(names[curve.free],),
            equations=tuple(_polysys.polynomial_text(g, [f"p[{n}]" for n in names]) for g in result.basis),
            variables=tuple(system.variables), basis=tuple(result.basis),
            samples=tuple(found)))
        return True

    def _samples(self, system: _System, result, trials, algebraic: bool = False) -> list[Equilibrium]:
        """Verified equilibria found by fixing the free variables at each trial point and solving exactly."""
        free = list(result.free)
        samples: list[Equilibrium] = []
        seen = set()
        for values in trials:
            if len(samples) >= 8:
                break
            fixed = dict(zip(free, values, strict=True))
            rest = [p for p in (_polysys.substitute(g, fixed, system.k) for g in result.basis) if p]
            inner = _polysys.solve_system(rest, system.k - len(free))
            if inner.kind != "finite":
                continue
            if algebraic and inner.algebraic:
                # Irrational points over this rational choice: solved and verified as algebraic points.
                levels = [{tuple(int(i == j) for i in range(system.k)): Fraction(1), (0,) * system.k: -v}
                          for j, v in fixed.items()]
                there = _polysys.solve_system([*result.basis, *levels], system.k)
                if there.kind == "finite":
                    samples.extend(_faces.distinct(self._points(system, _polysys.RealSolutions(
                        "finite", algebraic=there.algebraic))))
            for point in inner.rational:
                profile = system.profile(_merge(point, fixed, system.k))
                key = tuple(map(tuple, profile))
                if key in seen or any(profile[k][a] <= 0 for k, s in enumerate(system.support) for a in s):
                    continue
                eq = self._accept(profile)
                if eq is not None:
                    seen.add(key)
                    samples.append(eq)
        return samples

    def _certified_search(self, system: _System, detail: str) -> list[Equilibrium]:
        """Fallback when exact solving hits its limits: certified subdivision of the probability box."""
        found = _subdivision.search(system.equations, system.k, positive=system.positive(),
                                    nonpositive=system.gains())
        equilibria: list[Equilibrium] = []
        for root in found.roots:
            profile = system.profile([float(v) for v in root])
            if any(profile[k][a] <= 0 for k, s in enumerate(system.support) for a in s):
                continue
            eq = verify_profile(self.game, profile, self.tol)
            if eq is not None:
                self.stats["certified_numerically"] = self.stats.get("certified_numerically", 0) + 1
                equilibria.append(eq)
        if not found.complete:
            self.continua.append(Continuum(
                system.labels(), -1, (), (), (),
                reason=f"not decided: exact solving failed ({detail}) and the certified search left "
                       f"{len(found.leftover)} boxes after {found.examined}"))
        return equilibria

    # -------------------------------------------------------------- candidates

    def _points(self, system: _System, result) -> list[Equilibrium]:
        found = []
        for values in result.rational:
            profile = system.profile(values)
            if any(profile[k][a] <= 0 for k, s in enumerate(system.support) for a in s):
                continue
            eq = self._accept(profile)
            if eq is not None:
                found.append(eq)
        for f, interval, coordinates in result.algebraic:
            point = system.algebraic(f, interval, coordinates)
            if any(uni.sign_at_root(point.coordinates[k][a], f, interval) <= 0
                   for k, s in enumerate(system.support) for a in s):
                continue
            eq = verify_algebraic(self.game, point)
            if eq is not None:
                found.append(eq)
        return found

    def _accept(self, profile: list[list[Fraction]]) -> Equilibrium | None:
        """Exact check against the exact payoffs; for a float game, report floats checked within ``tol``."""
        if self.game.is_exact:
            eq = verify_profile(self.game, profile)
            if eq is not None and not self.exact:
                eq = verify_profile(self.game, [[float(p) for p in mix] for mix in profile], self.tol)
            return eq
        exact_game = StrategicGame(self.arrays, players=self.game.players, actions=self.game.actions)
        if verify_profile(exact_game, profile) is None:
            return None
        return verify_profile(self.game, [[float(p) for p in mix] for mix in profile], self.tol)

    def _continuum(self, system: _System, result) -> None:
        """A support whose equations have infinitely many solutions: sample it, or rule it out."""
        if self._line(system, result) or _faces.decide(self, system, result):
            return
        free = list(result.free)
        per_axis = max(2, int(MAX_SAMPLES ** (1 / len(free))))
        trials = [tuple(v) for v in product(_GRID[:per_axis], repeat=len(free))]
        rng = np.random.default_rng(len(self.continua))
        trials += [tuple(Fraction(int(v), 64) for v in rng.integers(1, 64, size=len(free)))
                   for _ in range(MAX_SAMPLES * 4)]
        samples = self._samples(system, result, trials) or self._samples(system, result, trials[:40], True)
        if not samples and (system.ruled_out(result.basis)
                            or _bernstein.rules_out(system.equations, system.gains(), system.k)
                            or _bernstein.rules_out(result.basis, system.gains(), system.k)):
            self.stats["positive_dimensional_empty"] = self.stats.get("positive_dimensional_empty", 0) + 1
            return
        if not samples and _isolated.decide(self, system, result):
            return
        if not samples:
            boxes = _subdivision.search(system.equations, system.k, positive=system.positive(),
                                        nonpositive=system.gains(), max_boxes=MAX_CONTINUUM_BOXES, certify=False)
            if boxes.complete:
                self.stats["positive_dimensional_empty"] = self.stats.get("positive_dimensional_empty", 0) + 1
                return
            step = max(1, len(boxes.leftover) // MAX_SAMPLES)
            trials = [tuple(Fraction(float((lo[j] + hi[j]) / 2)).limit_denominator(1000) for j in free)
                      for lo, hi in boxes.leftover[::step]]
            samples = self._samples(system, result, trials)
        self.record_continuum(system, result, samples)

    def record_continuum(self, system: _System, result, samples) -> None:
        """Record the solution set of ``result`` as a continuum; undecided when no sample was found."""
        names = system.names()
        self.continua.append(Continuum(
            support=system.labels(),
            dimension=result.dimension,
            free=tuple(names[j] for j in result.free),
            equations=tuple(_polysys.polynomial_text(g, [f"p[{n}]" for n in names]) for g in result.basis),
            variables=tuple(system.variables), basis=tuple(result.basis),
            samples=tuple(samples),
            reason=("the equilibrium conditions of this support have infinitely many solutions"
                    if samples else
                    "not decided: the equations have infinitely many solutions; no sampled point satisfies "
                    "the inequalities, and neither a certificate nor the certified search could rule them all "
                    "out"),
        ))


def _ranks(payoff: np.ndarray) -> np.ndarray:
    """Integer array ordered exactly as the exact ``payoff`` array."""
    values = payoff.reshape(-1).tolist()
    rank = {v: r for r, v in enumerate(sorted(set(values)))}
    return np.array([rank[v] for v in values], dtype=np.int64).reshape(payoff.shape)


def _merge(point, fixed: dict[int, Fraction], k: int) -> list[Fraction]:
    it = iter(point)
    return [fixed[j] if j in fixed else next(it) for j in range(k)]


def _order_key(eq: Equilibrium):
    return tuple(-round(float(p), 9) for mix in eq.profile for p in mix)


def _support_profiles(shape: tuple[int, ...]):
    """Every support profile, smallest total size first."""
    per_player = [
        [s for size in range(1, m + 1) for s in combinations(range(m), size)] for m in shape
    ]
    profiles = list(product(*per_player))
    profiles.sort(key=lambda s: sum(len(x) for x in s))
    return profiles


__all__ = ["MAX_SUPPORT_PROFILES", "SolveInterrupted", "enumerate_equilibria", "support_profile_count"]
