"""The one verifier every equilibrium passes through before it leaves a solver."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games.normal_form import Game
from ..results.solution import Equilibrium

DEFAULT_TOL = 1e-9


def payoff_scale(game: Game) -> float:
    """Size of the payoffs, used to turn a relative tolerance into an absolute one."""
    return max(1.0, float(np.abs(game.A).max()), float(np.abs(game.B).max()))


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
