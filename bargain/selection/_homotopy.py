"""Predictor-corrector continuation of a smooth curve ``F(x) = 0``, ``F: R^(M+1) -> R^M``.

The curve is parametrised by arc length, so it can turn back in any coordinate
(a turning point in the homotopy parameter is just a bend). Each step predicts
along the unit tangent, then corrects by Newton's method constrained to the
hyperplane orthogonal to that tangent (Keller's pseudo-arclength). Both the
Newton step and the next tangent come from one solve with the augmented
Jacobian ``[H; t]``; its last row also keeps the tangent's orientation, so the
curve is never walked backwards. The step length adapts to the first Newton
correction (relative to the step and absolutely), the contraction rate of
Newton's method and the angle between successive tangents (Allgower and Georg,
*Numerical Continuation Methods*, 1990, ch. 6).

A too-long step near a sharp fold can land on a neighbouring stretch of the
curve that runs the other way. The sign of ``det [H; t]`` is constant along a
consistently oriented curve, so a change of sign rejects the step. If the sign
still changes when the step is tiny, the curve really crosses a bifurcation
point; the walk then goes straight on and reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ._deps import SelectionError

System = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


class PathError(SelectionError):
    """A path could not be followed (the step length collapsed, or too many steps)."""


@dataclass(frozen=True)
class StepControl:
    """How boldly the path is followed.

    Attributes
    ----------
    first_step : float
        Arc length of the first step.
    max_accel : float
        Largest factor by which one step may be longer than the one before.
    max_step : float
        Largest arc length of one step.
    min_step : float
        Below this step length the path is given up.
    distance : float
        Nominal first Newton correction, relative to the step length.
    reach : float
        Nominal first Newton correction, absolute.
    contraction : float
        Nominal ratio of successive Newton corrections.
    angle : float
        Nominal angle (radians) between successive tangents.
    atol, rtol : float
        Newton stops when each correction is below ``atol + rtol * |x|``.
    max_newton : int
        Newton iterations allowed per step.
    """

    first_step: float = 0.03
    max_accel: float = 2.0
    max_step: float = 1e9
    min_step: float = 1e-12
    distance: float = 0.1
    reach: float = 0.25
    contraction: float = 0.3
    angle: float = 0.15
    atol: float = 1e-12
    rtol: float = 1e-12
    max_newton: int = 8


def tangent(system: System, x: np.ndarray, guess: np.ndarray) -> np.ndarray:
    """Unit tangent of the curve at ``x``, oriented to have a positive component along ``guess``."""
    _, H = system(x)
    aug = np.vstack([H, guess])
    rhs = np.zeros(len(x))
    rhs[-1] = 1.0
    w = np.linalg.solve(aug, rhs)
    return w / np.linalg.norm(w)


def _factor(aug: np.ndarray):
    """LU factors of ``aug`` (``None`` when singular)."""
    from scipy.linalg.lapack import dgetrf

    lu, piv, info = dgetrf(aug)
    return None if info != 0 else (lu, piv)


def _back(factors, rhs: np.ndarray) -> np.ndarray:
    """Solve with LU factors for one right-hand side.

    One vector at a time on purpose: a multi-column solve goes through level-3
    BLAS, which a threaded BLAS may hand to worker threads, costing far more than
    the arithmetic for matrices this small.
    """
    from scipy.linalg.lapack import dgetrs

    return dgetrs(factors[0], factors[1], rhs)[0]


def _det_sign(factors) -> float:
    """Sign of the determinant of a matrix from its LU factors."""
    lu, piv = factors
    swaps = np.count_nonzero(piv != np.arange(len(piv)))
    return float(np.prod(np.sign(np.diagonal(lu)))) * (-1.0 if swaps % 2 else 1.0)


def _orientation(system: System, x: np.ndarray, t: np.ndarray) -> float:
    """Sign of ``det [H(x); t]``."""
    _, H = system(x)
    return float(np.linalg.slogdet(np.vstack([H, t]))[0])


def correct(system: System, y: np.ndarray, t: np.ndarray, control: StepControl, noise: float = 0.0):
    """Newton's method on the curve from ``y``, orthogonal to ``t``.

    ``noise`` is the absolute accuracy the residuals allow near ``y`` (rounding
    error); corrections below it count as converged.

    Returns ``(point, tangent, first correction, worst contraction, orientation)``
    or ``None`` when Newton fails to converge, diverges or meets a singular
    matrix. The orientation is the sign of ``det [H; t]`` at the last iterate.
    """
    size = len(y)
    aug = np.empty((size, size), order="F")
    aug[-1] = t
    rhs = np.zeros(size)
    unit = np.zeros(size)
    unit[-1] = 1.0
    first = previous = 0.0
    worst = 0.0
    for k in range(control.max_newton):
        F, H = system(y)
        if not (np.isfinite(F).all() and np.isfinite(H).all()):
            return None
        aug[:-1] = H
        rhs[:-1] = -F
        factors = _factor(aug)
        if factors is None:
            return None
        delta = _back(factors, rhs)
        y = y + delta
        size_of_step = float(np.sqrt(delta @ delta))
        # Newton's error after this step, as a multiple of the step: ratio**2 once
        # convergence is quadratic (small ratio), ratio / (1 - ratio) while it is linear,
        # the step itself before a ratio is known.
        remaining, ratio = 1.0, 0.0
        if k == 0:
            first = size_of_step
        else:
            ratio = size_of_step / previous if previous > 0 else 0.0
            if ratio < 0.01:
                remaining = ratio * ratio
            elif ratio < 1:
                remaining = ratio / (1.0 - ratio)
        previous = size_of_step
        if np.all(remaining * np.abs(delta) <= control.atol + noise + control.rtol * np.abs(y)):
            w = _back(factors, unit)
            return y, w / np.sqrt(w @ w), first, worst, _det_sign(factors)
        worst = max(worst, ratio)
        if ratio > 2 * control.contraction:
            return None
    return None


def follow(
    system: System,
    x: np.ndarray,
    t: np.ndarray,
    control: StepControl = StepControl(),
    max_steps: int = 100_000,
    admissible: Callable[[np.ndarray], bool] | None = None,
    bifurcations: list | None = None,
    noise: Callable[[np.ndarray], float] | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray, float]]:
    """Follow the curve from ``x`` in direction ``t``; yield ``(point, tangent, step length)`` per step.

    ``noise(x)`` gives the absolute accuracy the residuals allow at ``x``
    (default 0): Newton stops there. ``admissible`` may reject a corrected point (for example one outside the
    domain of the system); the step is then retried shorter. Points where the
    curve crosses a bifurcation are appended to ``bifurcations`` when given.
    The caller stops the walk by leaving the loop.
    """
    h = control.first_step
    orientation = _orientation(system, x, t)
    for _ in range(max_steps):
        out = correct(system, x + h * t, t, control, noise(x) if noise is not None else 0.0)
        if out is not None and admissible is not None and not admissible(out[0]):
            out = None
        if out is None:
            h *= 0.5
            if h < control.min_step:
                raise PathError(f"the path could not be followed past {x[-1]:.6g} (step length collapsed)")
            continue
        y, t_new, first, worst, sign = out
        angle = float(np.arccos(np.clip(t_new @ t, -1.0, 1.0)))
        factor = max(
            np.sqrt(first / (h * control.distance)),
            np.sqrt(first / control.reach),
            np.sqrt(worst / control.contraction),
            angle / control.angle,
        )
        if factor <= 2.0 and sign != orientation:
            if h > 1e3 * control.min_step + 1e-9 * np.sqrt(x @ x):
                factor = np.inf
            else:
                orientation = sign
                if bifurcations is not None:
                    bifurcations.append(y)
        if factor > 2.0:
            h /= 2.0
            if h < control.min_step:
                raise PathError(f"the path could not be followed past {x[-1]:.6g} (step length collapsed)")
            continue
        yield y, t_new, h
        x, t = y, t_new
        h = min(h / max(factor, 1.0 / control.max_accel), control.max_step)
    raise PathError(f"the path was not finished within {max_steps} steps")


def land(
    system: System, x: np.ndarray, coordinate: int, value: float, control: StepControl, noise: float = 0.0
) -> np.ndarray | None:
    """Newton's method with ``x[coordinate]`` held at ``value``: the curve's point there, near ``x``."""
    y = x.copy()
    y[coordinate] = value
    keep = [k for k in range(len(x)) if k != coordinate]
    for _ in range(2 * control.max_newton):
        F, H = system(y)
        try:
            delta = np.linalg.solve(H[:, keep], -F)
        except np.linalg.LinAlgError:
            return None
        y[keep] += delta
        if not np.isfinite(y).all():
            return None
        if np.all(np.abs(delta) <= control.atol + noise + control.rtol * np.abs(y[keep])):
            return y
    return None
