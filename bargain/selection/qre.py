"""The logit quantal response equilibrium (QRE) and its principal branch.

At precision ``lam`` every player mixes over their actions in proportion to
``exp(lam * expected payoff)``; ``lam`` multiplies the payoffs as they are (the
convention of Gambit's ``logit_solve``). At ``lam = 0`` the only QRE is the
centroid; as ``lam`` grows the branch that starts there (the principal branch)
converges, for almost every game, to one Nash equilibrium: the QRE selection
(McKelvey and Palfrey 1995).

The branch is followed as Turocy (2005) proposes: in log-probability
coordinates ``z``, where it is smooth and nearly straight far out, by the
arc-length predictor-corrector of :mod:`._homotopy`, so turning points in
``lam`` are passed like any other bend. Per player ``i`` with actions ``0..m-1``
the equations are ``z[a] - z[0] = lam * (v[a] - v[0])`` for ``a >= 1`` and
``sum(exp(z)) = 1``, with ``v`` the expected payoffs of ``i``'s actions against
the others' mixtures. The walk stops once the profile is a Nash equilibrium to
within ``maxregret`` times the game's payoff range, as Gambit's does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._homotopy import PathError, StepControl, follow, land, tangent
from .problem import Problem, Profile, as_problem, cross_values, mode_changes
from .result import Selection, continuum_note, fmt

QRE = "qre"


class LogitSystem:
    """The logit equations of a game in log-probability coordinates, with their Jacobian.

    The unknowns are ``x = (z_1, ..., z_n, lam)``; calling the system returns
    the residuals ``F(x)`` (one row per action) and the Jacobian ``dF/dx``.
    """

    def __init__(self, payoffs: Sequence[np.ndarray]):
        self.payoffs = tuple(np.asarray(U, dtype=float) for U in payoffs)
        self.shape = tuple(self.payoffs[0].shape)
        self.n = len(self.payoffs)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        self.scale = max(float(np.abs(U).max()) for U in self.payoffs)
        base = np.zeros((self.size, self.size + 1))
        for i, m in enumerate(self.shape):
            o = self.offsets[i]
            base[o:o + m - 1, o] = -1.0
            base[o:o + m - 1, o + 1:o + m] += np.eye(m - 1)
        self.base = base
        if self.n == 2:
            A, Bt = self.payoffs[0], self.payoffs[1].T
            self._two = (A[1:] - A[0], Bt[1:] - Bt[0], A, Bt)

    def noise(self, x: np.ndarray) -> float:
        """Rounding error of the residuals at ``x``: they multiply payoffs by ``lam``."""
        return 16 * np.finfo(float).eps * abs(x[-1]) * self.scale

    def start(self) -> np.ndarray:
        """The centroid at ``lam = 0``."""
        return np.concatenate([np.full(m, -np.log(m)) for m in self.shape] + [[0.0]])

    def profile(self, x: np.ndarray) -> Profile:
        """The mixed profile at point ``x``."""
        # A wild Newton iterate may put a log-probability far above 0; capping it keeps exp
        # finite, and the step is rejected anyway (log-probabilities must stay at most 0).
        return tuple(np.exp(np.minimum(x[self.offsets[i]:self.offsets[i + 1]], 50.0)) for i in range(self.n))

    def _differences(self, sig: Profile) -> dict[tuple[int, int], np.ndarray]:
        if self.n == 2:
            return {(0, 1): self._two[0], (1, 0): self._two[1]}
        out = {}
        for i in range(self.n):
            for j in range(self.n):
                if i != j:
                    C = cross_values(self.payoffs, sig, i, j)
                    out[i, j] = C[1:] - C[0]
        return out

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.n == 2:
            return self._two_players(x)
        lam = x[-1]
        sig = self.profile(x)
        D = self._differences(sig)
        F = np.empty(self.size)
        H = self.base.copy()
        off = self.offsets
        for i in range(self.n):
            o, m = off[i], self.shape[i]
            j0 = 1 if i == 0 else 0
            dv = D[i, j0] @ sig[j0]
            for j in range(self.n):
                if j != i:
                    H[o:o + m - 1, off[j]:off[j + 1]] = (-lam * D[i, j]) * sig[j]
            z = x[o:o + m]
            F[o:o + m - 1] = z[1:] - z[0] - lam * dv
            H[o:o + m - 1, -1] = -dv
            F[o + m - 1] = sig[i].sum() - 1.0
            H[o + m - 1, o:o + m] = sig[i]
        return F, H

    def _two_players(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.shape
        lam = x[-1]
        z0, z1 = x[:m], x[m:m + n]
        s0, s1 = np.exp(np.minimum(z0, 50.0)), np.exp(np.minimum(z1, 50.0))
        DA, DB = self._two[0], self._two[1]
        dv0, dv1 = DA @ s1, DB @ s0
        F = np.empty(m + n)
        F[:m - 1] = z0[1:] - z0[0] - lam * dv0
        F[m - 1] = s0.sum() - 1.0
        F[m:m + n - 1] = z1[1:] - z1[0] - lam * dv1
        F[m + n - 1] = s1.sum() - 1.0
        H = self.base.copy()
        H[:m - 1, m:m + n] = DA * (-lam * s1)
        H[:m - 1, -1] = -dv0
        H[m - 1, :m] = s0
        H[m:m + n - 1, :m] = DB * (-lam * s0)
        H[m:m + n - 1, -1] = -dv1
        H[m + n - 1, m:m + n] = s1
        return F, H

    def values(self, sig: Profile) -> list[np.ndarray]:
        """Expected payoff of each action of each player against ``sig``."""
        if self.n == 2:
            return [self._two[2] @ sig[1], self._two[3] @ sig[0]]
        out = []
        for i in range(self.n):
            j = 1 if i == 0 else 0
            out.append(cross_values(self.payoffs, sig, i, j) @ sig[j])
        return out

    def max_regret(self, sig: Profile) -> float:
        """The largest gain any player could make by a pure deviation."""
        return max(float(v.max() - v @ s) for v, s in zip(self.values(sig), sig, strict=True))


@dataclass(frozen=True, eq=False)
class QREPath:
    """The principal branch of the logit QRE correspondence, as followed.

    Attributes
    ----------
    lambdas : array, shape (K,)
        Precision at each point, starting at 0. Not monotone when the branch
        turns back.
    profiles : tuple of arrays
        Per player, a ``(K, m_i)`` array of mixed strategies along the branch.
    converged : bool
        True when the last point is a Nash equilibrium to within ``maxregret``
        times the payoff range.
    regret : float
        Largest regret at the last point, relative to the payoff range.
    turning_points : tuple of float
        The values of ``lam`` at which the branch turned back or forward again
        (at the first point of the path past each turn).
    maxregret : float
        The stopping tolerance used.
    stalled : str or None
        Why the walk stopped short of the tolerance, when it did: in degenerate
        games (ties in payoffs) the branch can approach its limit so slowly that
        rounding error ends the walk first.
    problem : Problem
        The game (for labels).

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])        # prisoner's dilemma
    >>> path = qre_path([A, A.T])
    >>> path.converged, float(path.lambdas[0]), np.round(path.limit[0], 6)
    (True, 0.0, array([0., 1.]))
    """

    lambdas: np.ndarray
    profiles: tuple[np.ndarray, ...]
    converged: bool
    regret: float
    turning_points: tuple[float, ...]
    maxregret: float
    problem: Problem = field(repr=False)
    stalled: str | None = None

    def __len__(self) -> int:
        return len(self.lambdas)

    def at(self, k: int) -> Profile:
        """The profile at the ``k``-th point of the path."""
        return tuple(P[k] for P in self.profiles)

    @property
    def limit(self) -> Profile:
        """The last profile: an approximate Nash equilibrium when :attr:`converged`."""
        return self.at(-1)

    def settles_at(self) -> float:
        """The precision beyond which every player's most likely action no longer changes.

        >>> import numpy as np
        >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
        >>> qre_path([A, A.T]).settles_at()
        0.0
        """
        changes = mode_changes([self.at(k) for k in range(len(self))])
        return float(self.lambdas[changes[-1]]) if changes else 0.0

    def to_dict(self) -> dict:
        """``{"lambda": [...], "probabilities": {player: {action: [...]}}}``, JSON-ready."""
        p = self.problem
        return {
            "lambda": self.lambdas.tolist(),
            "probabilities": {
                player: {a: self.profiles[i][:, k].tolist() for k, a in enumerate(p.actions[i])}
                for i, player in enumerate(p.players)
            },
        }


def _payoff_range(payoffs: Sequence[np.ndarray]) -> float:
    return max(float(U.max()) for U in payoffs) - min(float(U.min()) for U in payoffs)


def _walk(system: LogitSystem, control: StepControl, max_steps: int):
    """Yield the points of the principal branch from the centroid, with their tangents."""
    x = system.start()
    guess = np.zeros(system.size + 1)
    guess[-1] = 1.0
    t0 = tangent(system, x, guess)
    yield x, t0
    inside = lambda y: bool(np.all(y[:-1] <= 1e-9))  # noqa: E731 - log-probabilities stay at most 0
    for y, t, _ in follow(system, x, t0, control, max_steps, admissible=inside, noise=system.noise):
        yield y, t


def qre_path(
    source,
    *,
    maxregret: float = 1e-8,
    max_lambda: float | None = None,
    control: StepControl | None = None,
    max_steps: int = 20_000,
) -> QREPath:
    """Follow the principal branch of the logit QRE from the centroid to a Nash equilibrium.

    Parameters
    ----------
    source : Game, Solution, Problem or sequence of payoff arrays
        Any number of players.
    maxregret : float
        Stop once no player can gain more than ``maxregret`` times the range of
        payoffs in the game by deviating (Gambit's criterion, same default).
    max_lambda : float, optional
        Stop at this precision even if not converged (default ``1e12`` over the
        payoff range).
    control : StepControl, optional
        Step-length control of the path follower.
    max_steps : int
        Give up (``converged`` false) after this many steps.

    Returns
    -------
    QREPath

    Examples
    --------
    A stag hunt: the path leaves the centroid towards the risk-dominant ``hare``.

    >>> import numpy as np
    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])
    >>> path = qre_path([A, A.T])
    >>> np.round(path.limit[0], 6), len(path) > 5
    (array([0., 1.]), True)
    """
    problem = as_problem(source, solve_game=False)
    system = LogitSystem(problem.payoffs)
    spread = _payoff_range(problem.payoffs)
    control = control or StepControl()
    if max_lambda is None:
        max_lambda = 1e12 / max(spread, 1e-300)
    points, turns = [], []
    converged, regret, stalled = False, 0.0, None
    previous = 1.0
    walk = _walk(system, control, max_steps)
    while True:
        try:
            x, t = next(walk)
        except PathError as error:
            if not points:
                raise
            stalled = str(error)
            break
        points.append(x)
        sig = system.profile(x)
        regret = system.max_regret(sig) / spread if spread > 0 else 0.0
        if np.sign(t[-1]) != np.sign(previous) and t[-1] != 0:
            turns.append(float(x[-1]))
            previous = t[-1]
        if regret <= maxregret:
            converged = True
            break
        if x[-1] >= max_lambda:
            stalled = f"stopped at lambda = {x[-1]:.6g}, the largest allowed"
            break
        if len(points) >= max_steps:
            stalled = f"stopped after {max_steps} steps"
            break
    X = np.array(points)
    profiles = tuple(np.exp(X[:, system.offsets[i]:system.offsets[i + 1]]) for i in range(system.n))
    return QREPath(X[:, -1].copy(), profiles, converged, float(regret), tuple(turns), maxregret, problem, stalled)


def qre_at(source, lam: float, *, control: StepControl | None = None, max_steps: int = 20_000) -> Profile:
    """The logit QRE at precision ``lam`` on the principal branch.

    The branch is followed from the centroid until it first reaches ``lam``;
    the point there is then found by Newton's method with ``lam`` held fixed.
    (Past a turning point the branch may meet ``lam`` again; this is the first
    meeting, as in Gambit's ``logit_solve_lambda``.)

    Parameters
    ----------
    source : Game, Solution, Problem or sequence of payoff arrays
    lam : float
        Precision, at least 0; it multiplies the payoffs as given.

    Returns
    -------
    tuple of arrays
        Each player's mixed strategy.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])     # matching pennies: always the centroid
    >>> [np.round(p, 6) for p in qre_at([A, -A], 2.0)]
    [array([0.5, 0.5]), array([0.5, 0.5])]
    """
    if not lam >= 0:
        raise PathError(f"lambda must be a number at least 0, got {lam!r}")
    problem = as_problem(source, solve_game=False)
    system = LogitSystem(problem.payoffs)
    control = control or StepControl()
    previous = None
    for x, _ in _walk(system, control, max_steps):
        if x[-1] == lam:
            return system.profile(x)
        if x[-1] > lam:
            a, b = previous, x
            guess = a + (b - a) * (lam - a[-1]) / (b[-1] - a[-1])
            point = land(system, guess, system.size, lam, control, system.noise(guess))
            if point is None:
                point = _land_by_bisection(system, a, b, lam, control)
            return system.profile(point)
        previous = x
    raise PathError(f"the principal branch did not reach lambda = {lam}")  # pragma: no cover


def _land_by_bisection(system: LogitSystem, a: np.ndarray, b: np.ndarray, lam: float, control: StepControl):
    """Retrace the stretch between ``a`` and ``b`` with small steps until Newton lands on ``lam``."""
    fine = StepControl(first_step=float(np.linalg.norm(b - a)) / 64, max_accel=1.0, atol=control.atol,
                       rtol=control.rtol, max_step=float(np.linalg.norm(b - a)) / 64)
    t = tangent(system, a, b - a)
    previous = a
    for x, _, _ in follow(system, a, t, fine, 10_000, noise=system.noise):
        if x[-1] >= lam:
            guess = previous + (x - previous) * (lam - previous[-1]) / (x[-1] - previous[-1])
            point = land(system, guess, system.size, lam, fine, system.noise(guess))
            if point is not None:
                return point
            raise PathError(f"could not solve the logit equations at lambda = {lam}")
        previous = x
    raise PathError(f"could not solve the logit equations at lambda = {lam}")  # pragma: no cover


def qre(source, *, maxregret: float = 1e-8, match_tol: float = 1e-3) -> Selection:
    """The Nash equilibrium the logit QRE principal branch converges to.

    The limit of the branch is matched to the nearest listed equilibrium (every
    probability within ``match_tol``); the pick is that equilibrium. In
    degenerate games the walk can stall before reaching ``maxregret``; if its
    end is then within ``1e-3`` of a listed equilibrium (and its regret below
    ``1e-5`` of the payoff range), that equilibrium is picked and the reason
    says how close the walk came.

    Details
    -------
    ``lambda_end``: precision at the last point; ``regret_end``: its regret
    relative to the payoff range; ``converged``; ``steps``; ``turning_points``;
    ``settles_at``: the precision beyond which the most likely actions stay put
    (to the resolution of the path's points);
    ``distance``: largest probability gap between the path's end and the matched
    equilibrium; ``path``: the whole branch as in :meth:`QREPath.to_dict`.

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> s = qre(stag)
    >>> s.label, s.index
    ('hare / hare', 2)
    """
    problem = as_problem(source)
    path = qre_path(problem, maxregret=maxregret)
    end = path.limit
    index = problem.match(end, match_tol)
    distance = None
    if index is not None:
        eq = problem.equilibria[index]
        distance = max(float(np.abs(p - q).max()) for p, q in zip(end, eq, strict=True))
    details = {
        "lambda_end": float(path.lambdas[-1]),
        "regret_end": path.regret,
        "converged": path.converged,
        "steps": len(path) - 1,
        "turning_points": list(path.turning_points),
        "settles_at": path.settles_at(),
        "distance": distance,
        "path": path.to_dict(),
    }
    bends = f", turning back {len(path.turning_points)} time(s) in lambda" if path.turning_points else ""
    if not path.converged:
        # Degenerate games can stall short of the tolerance; a close match still names the limit.
        index = problem.match(end, 1e-3) if path.regret <= 1e-5 else None
        where = (
            f"the logit QRE branch was followed to lambda = {fmt(path.lambdas[-1])}{bends}, where it stopped "
            f"({path.stalled}) with regret {fmt(path.regret)} of the payoff range"
        )
        if index is None:
            return Selection(QRE, None, None, where + ", not near any listed equilibrium", details, problem)
        eq = problem.equilibria[index]
        details["distance"] = max(float(np.abs(p - q).max()) for p, q in zip(end, eq, strict=True))
        reason = f"{where}, within {fmt(details['distance'])} of {problem.describe(eq)}"
        return Selection(QRE, eq, index, reason, details, problem)
    if index is None:
        reason = (
            f"the logit QRE branch from the centroid converges (lambda = {fmt(path.lambdas[-1])}{bends}) to "
            f"{problem.describe(end)}, {continuum_note(problem, end, details)}"
        )
        return Selection(QRE, end, None, reason, details, problem)
    label = problem.describe(problem.equilibria[index])
    reason = (
        f"the logit QRE branch from the centroid (lambda = 0) converges to {label} "
        f"(regret {fmt(path.regret)} of the payoff range at lambda = {fmt(path.lambdas[-1])}{bends}); "
        f"from lambda = {fmt(path.settles_at())} on, every player's most likely action is the one it ends at"
    )
    return Selection(QRE, problem.equilibria[index], index, reason, details, problem)
