"""The Harsanyi-Selten tracing procedure from a prior.

Everyone starts out expecting the others to play the prior ``p``. In the game
``G(t)`` each player's payoff from an action is ``t * u(action, others' actual
strategies) + (1 - t) * u(action, others' prior)``: at ``t = 0`` everyone
best-responds to the prior, at ``t = 1`` the game is the original one. The
tracing procedure follows the equilibria of ``G(t)`` from ``t = 0`` to ``t = 1``
and selects the equilibrium it arrives at (Harsanyi and Selten 1988, ch. 4).

The linear tracing path can branch in degenerate cases; Harsanyi and Selten
make it unique by adding a logarithmic term ``eps * (1 - t) * sum(log sigma)``
to each player's payoff and letting ``eps`` go to 0 (the logarithmic tracing
procedure). That is what is followed here, with a small ``eps`` (by default
``1e-8`` times each player's own payoff range): the path is then smooth, unique for almost
every game, and works for any number of players, so the same arc-length
predictor-corrector as the logit QRE follows it. The equations, per player
``i`` and action ``a``, with ``w`` the ``G(t)`` payoff of ``a`` and ``mu_i``
player ``i``'s best payoff, are ``sigma_ia * (mu_i - w_ia) = eps * (1 - t)`` and
``sum_a sigma_ia = 1``. At ``t = 1`` they become the complementarity conditions
of a Nash equilibrium, and Newton's method lands on ``t = 1`` exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ._deps import SelectionError
from ._homotopy import PathError, StepControl, follow, land, tangent
from .problem import (
    Problem,
    Profile,
    action_values,
    as_problem,
    centroid,
    cross_values,
    mode_changes,
    regrets,
)
from .result import Selection, continuum_note, fmt

TRACING = "tracing"


class TracingSystem:
    """The logarithmic tracing equations in ``x = (sigma, mu, t)``, with their Jacobian."""

    def __init__(self, payoffs: Sequence[np.ndarray], prior: Profile, eps: np.ndarray):
        self.payoffs = tuple(np.asarray(U, dtype=float) for U in payoffs)
        self.shape = tuple(self.payoffs[0].shape)
        self.n = len(self.payoffs)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.M = int(self.offsets[-1])
        self.size = self.M + self.n
        self.eps = np.asarray(eps, dtype=float)  # one weight per player
        self.prior_values = [action_values(self.payoffs, prior, i) for i in range(self.n)]
        self.scale = max(float(np.abs(U).max()) for U in self.payoffs) * max(self.shape)

    def profile(self, x: np.ndarray) -> Profile:
        return tuple(x[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n))

    def start(self) -> np.ndarray:
        """The unique equilibrium of ``G(0)``: each player's smoothed best reply to the prior."""
        x = np.zeros(self.size + 1)
        for i, v in enumerate(self.prior_values):
            # sum_a eps / (mu - v_a) = 1 has one root above max(v); bisect for it.
            eps = self.eps[i]
            low, high = v.max(), v.max() + eps * len(v)
            for _ in range(200):
                mid = 0.5 * (low + high)
                if mid <= v.max() or np.sum(eps / (mid - v)) > 1:
                    low = mid
                else:
                    high = mid
            mu = high
            sigma = eps / (mu - v)
            x[self.offsets[i]:self.offsets[i + 1]] = sigma / sigma.sum()
            x[self.M + i] = mu
        return x

    def noise(self, x: np.ndarray) -> float:
        return 64 * np.finfo(float).eps * self.scale

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = x[-1]
        sig = self.profile(x)
        F = np.empty(self.size)
        H = np.zeros((self.size, self.size + 1))
        off = self.offsets
        for i in range(self.n):
            o, m = off[i], self.shape[i]
            mu = x[self.M + i]
            j0 = 1 if i == 0 else 0
            own = cross_values(self.payoffs, sig, i, j0) @ sig[j0]
            w = t * own + (1 - t) * self.prior_values[i]
            s = sig[i]
            F[o:o + m] = s * (mu - w) - self.eps[i] * (1 - t)
            H[o:o + m, o:o + m] = np.diag(mu - w)
            for j in range(self.n):
                if j != i:
                    H[o:o + m, off[j]:off[j + 1]] = -t * s[:, None] * cross_values(self.payoffs, sig, i, j)
            H[o:o + m, self.M + i] = s
            H[o:o + m, -1] = -s * (own - self.prior_values[i]) + self.eps[i]
            F[self.M + i] = s.sum() - 1.0
            H[self.M + i, o:o + m] = 1.0
        return F, H


def _walk(system: TracingSystem, points: list, direction: np.ndarray, control: StepControl, max_steps: int, inside):
    """Follow the path from ``points[-1]``, appending to ``points``; return the point landed on at ``t = 1``.

    Returns ``None`` when Newton's method cannot land there or the path stalls short of it.
    """
    walk = follow(system, points[-1], direction, control, max_steps, admissible=inside, noise=system.noise)
    while True:
        try:
            y, _, _ = next(walk)
        except PathError:
            return None
        if y[-1] >= 1.0:
            a = points[-1]
            start = a + (y - a) * (1.0 - a[-1]) / (y[-1] - a[-1])
            return land(system, start, system.size, 1.0, control, system.noise(start))
        if y[-1] < -1e-9:
            raise PathError("the tracing path turned back below t = 0")
        points.append(y)


def _is_equilibrium(system: TracingSystem, x: np.ndarray, tol: float) -> bool:
    """Whether the end of the path is a Nash equilibrium of the game (probabilities and regrets)."""
    sig = system.profile(x)
    if any((p < -tol).any() for p in sig):
        return False
    clean = tuple(np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum() for p in sig)
    return bool(regrets(system.payoffs, clean).max() <= tol)


def _weights(problem: Problem, eps: float | None) -> np.ndarray:
    """The logarithmic term's weight for each player: ``eps`` times the player's payoff range."""
    eps = 1e-8 if eps is None else float(eps)
    if not eps > 0:
        raise SelectionError(f"eps must be positive, got {eps!r}")
    spreads = np.array([float(U.max() - U.min()) for U in problem.payoffs])
    return eps * np.where(spreads > 0, spreads, 1.0)


def _best_replies(problem: Problem, prior: Profile) -> str:
    """Each player's best replies to the prior, as a label."""
    parts = []
    for i in range(problem.n):
        v = action_values(problem.payoffs, prior, i)
        best = np.nonzero(v >= v.max() - 1e-9 * problem.scale)[0]
        parts.append(" or ".join(problem.actions[i][a] for a in best))
    return " / ".join(parts)


def _check_prior(problem: Problem, prior) -> Profile:
    if prior is None:
        return centroid(problem.shape)
    if len(prior) != problem.n:
        raise SelectionError(f"prior: need one strategy per player ({problem.n}), got {len(prior)}")
    out = []
    for i, p in enumerate(prior):
        p = np.asarray(p, dtype=float)
        if p.shape != (problem.shape[i],) or not np.isfinite(p).all() or (p < 0).any() or abs(p.sum() - 1) > 1e-9:
            raise SelectionError(
                f"prior of {problem.players[i]}: need {problem.shape[i]} probabilities summing to 1, got {p.tolist()}"
            )
        out.append(p)
    return tuple(out)


def tracing_path(source, prior: Sequence | None = None, *, eps: float | None = None,
                 control: StepControl | None = None, max_steps: int = 20_000):
    """Follow the logarithmic tracing path from ``prior`` (default: the centroid).

    Returns
    -------
    ts : array
        Values of ``t`` along the path, from 0 to 1.
    profiles : list of profiles
        The equilibrium of ``G(t)`` at each point; the last is a Nash equilibrium.

    Examples
    --------
    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])      # stag hunt: the centroid leads to hare
    >>> ts, profiles = tracing_path([A, A.T])
    >>> float(ts[0]), float(ts[-1]), [np.round(p, 6) for p in profiles[-1]]
    (0.0, 1.0, [array([0., 1.]), array([0., 1.])])
    """
    problem = as_problem(source, solve_game=False)
    prior = _check_prior(problem, prior)
    weights = _weights(problem, eps)
    system = TracingSystem(problem.payoffs, prior, weights)
    control = control or StepControl(first_step=0.01, max_step=0.25, reach=0.05)
    x = system.start()
    guess = np.zeros(system.size + 1)
    guess[-1] = 1.0
    points = [x]

    def inside(y: np.ndarray) -> bool:
        # probabilities stay positive before t = 1, and steps past t = 1 are kept short
        # so that Newton lands on the path's own end there.
        if y[-1] >= 1:
            return bool(y[-1] <= 1 + 1e-3)
        return bool(np.all(y[:system.M] > 0))

    tol = 1e-9 * system.scale
    with np.errstate(over="ignore", invalid="ignore"):
        direction = tangent(system, x, guess)
        for _ in range(8):
            end = _walk(system, points, direction, control, max_steps, inside)
            if end is not None and _is_equilibrium(system, end, tol):
                points.append(end)
                break
            if points[-1][-1] > 1 - 1e-7 and _is_equilibrium(system, points[-1], tol):
                # Newton cannot land where the game has ties (the Jacobian is singular at
                # t = 1), but the path is already at an equilibrium next to it.
                end = points[-1].copy()
                end[-1] = 1.0
                points.append(end)
                break
            # The last step jumped past a sharp bend near t = 1: retrace the stretch finely.
            direction = tangent(system, points[-1], points[-1] - points[-2] if len(points) > 1 else guess)
            control = replace(control, max_step=control.max_step / 8, first_step=control.first_step / 8)
        else:
            raise PathError("the tracing path could not be followed to t = 1")
    X = np.array(points)
    profiles = [tuple(np.clip(p, 0.0, 1.0) for p in system.profile(row)) for row in X]
    return X[:, -1].copy(), profiles


def tracing(source, prior: Sequence | None = None, *, eps: float | None = None) -> Selection:
    """The equilibrium the Harsanyi-Selten tracing procedure reaches from ``prior``.

    Parameters
    ----------
    source : Game, Solution, Problem or sequence of payoff arrays
    prior : sequence of probability vectors, optional
        What every player initially expects each other player to do. Default:
        the centroid (uniform over actions).
    eps : float, optional
        Weight of the logarithmic term, relative to each player's payoff range
        (default ``1e-8``).

    Details
    -------
    ``prior``: the prior, labelled; ``start``: the best replies to the prior (label,
    ties joined by "or") and the path's first profile; ``switches``: the values of ``t`` at which some player's
    most likely action changes; ``steps``; ``eps``.

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> tracing(stag).label
    'hare / hare'
    >>> tracing(stag, prior=[[0.9, 0.1], [0.9, 0.1]]).label
    'stag / stag'
    """
    problem = as_problem(source)
    prior_profile = _check_prior(problem, prior)
    ts, profiles = tracing_path(problem, prior_profile, eps=eps)
    end = profiles[-1]
    switches = [float(ts[k]) for k in mode_changes(profiles)]
    details = {
        "prior": problem.labelled(prior_profile),
        "start": {"best_replies": _best_replies(problem, prior_profile), "strategies": problem.labelled(profiles[0])},
        "switches": switches,
        "steps": len(ts) - 1,
        "eps": 1e-8 if eps is None else float(eps),
    }
    index = problem.match(end, 1e-6)
    prior_text = "the centroid" if prior is None else "the given prior"
    start = _best_replies(problem, prior_profile)
    moves = f"; the most likely actions change at t = {', '.join(fmt(s) for s in switches)}" if switches else ""
    if index is None:
        reason = (
            f"tracing from {prior_text} (best replies {start}) ends at {problem.describe(end)}{moves}, "
            f"{continuum_note(problem, end, details)}"
        )
        return Selection(TRACING, end, None, reason, details, problem)
    label = problem.describe(problem.equilibria[index])
    reason = f"tracing from {prior_text}: the best replies to it are {start}, and the path ends at {label}{moves}"
    if start == label:
        reason = f"tracing from {prior_text}: the best replies to it, {start}, form an equilibrium, kept to the end"
    return Selection(TRACING, problem.equilibria[index], index, reason, details, problem)
