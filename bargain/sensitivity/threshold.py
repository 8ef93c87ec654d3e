"""Exact thresholds: the parameter values where the set of equilibria changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .brackets import bisect, group_touching, short_decimal
from .engine import check_extremes, linspace, solve_point, solve_points, values_of
from .held import game_at, model_name, parameter_of
from .options import SensitivityError, SolveOptions, resolve
from .paths import PathSignature, is_tree, path_at
from .signature import Signature, Support, signature_of, signatures_of
from .sweeps import Sweep
from .trees import solve_paths

#: Relative width to which :func:`thresholds` narrows each bracket.
THRESHOLD_TOL = 1e-9


@dataclass(frozen=True)
class Threshold:
    """A parameter value where the set of equilibria changes.

    Attributes
    ----------
    param : str
    value : float
        Where the change happens, to within ``1e-9 * max(1, |value|)``.
    bracket : (float, float)
        The final bracket: ``left`` holds at its lower end, ``right`` at its upper end.
    left, right : Signature or PathSignature
        The equilibrium set (or a tree's subgame-perfect paths) just below and just above ``value``.
    at : Signature, PathSignature or None
        The equilibrium set at ``value`` itself when it differs from both sides
        (a degenerate point, such as a continuum of equilibria); else None.
    """

    param: str
    value: float
    bracket: tuple[float, float]
    left: Signature
    right: Signature
    at: Signature | None = None

    @property
    def degenerate(self) -> bool:
        """True when the equilibrium set at the threshold differs from both sides."""
        return self.at is not None

    @property
    def appears(self) -> tuple[Support, ...]:
        """Supports of the equilibria present on the right and not on the left."""
        return _minus(self.right.supports, self.left.supports)

    @property
    def vanishes(self) -> tuple[Support, ...]:
        """Supports of the equilibria present on the left and not on the right."""
        return _minus(self.left.supports, self.right.supports)

    def describe(self) -> str:
        """One line: what appears, what vanishes, and what holds at the point itself."""
        parts = [f"+ {self.left.item_label(s)}" for s in self.appears]
        parts += [f"- {self.left.item_label(s)}" for s in self.vanishes]
        if not parts:
            parts.append("same equilibria on both sides")
        if self.at is not None:
            parts.append(f"at the point itself {self.at.count} extreme equilibria: {self.at.label()}")
        return "; ".join(parts)


def _minus(a: Sequence, b: Sequence) -> tuple:
    rest = list(b)
    out = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            out.append(item)
    return tuple(out)


def thresholds(
    model,
    param: str,
    low: float | None = None,
    high: float | None = None,
    *,
    grid: int | Sequence[float] | Sweep = 101,
    rtol: float = THRESHOLD_TOL,
    exact: bool = True,
    of: str = "equilibria",
    options: SolveOptions | None = None,
    **keywords,
) -> tuple[Threshold, ...]:
    """Values of ``param`` in ``[low, high]`` where the set of equilibria changes.

    The other parameters keep their model values. The change is bracketed on a
    grid by the signature of the solution (the sorted supports of every extreme
    equilibrium, hence also their number) and each bracket is bisected until it
    is at most ``rtol * max(1, |value|)`` wide. The reported value is the number
    with the fewest decimals inside the final bracket. When the equilibrium set
    at that value differs from both sides (a degenerate point, for example a
    continuum), it is reported in :attr:`Threshold.at`.

    Parameters
    ----------
    model
    param : str
    low, high : float, optional
        The interval searched (default: the parameter's plausible range).
    grid : int, sequence of float, or Sweep
        Number of evenly spaced grid points, the grid itself, or a one-parameter
        :class:`Sweep` of ``param`` whose points and signatures are reused.
    options : SolveOptions, optional
        As for :func:`~bargain.sensitivity.sweep` (or its fields as keywords);
        workers and backend apply to the grid, the bisection is serial.
    rtol : float
        Relative width of the final brackets.
    exact : bool
        Bisect with exact rational solves (the default), so that the float
        solver's tolerances (it merges equilibria closer than about ``1e-6``)
        cannot blur where an equilibrium branches off another. The grid itself
        is always solved in floats. The signature at the threshold is taken
        from the exact solve at the reported value, else from a float solve
        there, whose tolerance sees a game within ``tol`` of degenerate as
        degenerate.
    of : {"equilibria", "spe-path"}
        What must change: the set of Nash equilibria of the (reduced) strategic
        form, or -- for a game tree -- the subgame-perfect path of play
        (:class:`~bargain.sensitivity.paths.PathSignature`; backward induction
        runs on the payoffs converted exactly to fractions).

    Returns
    -------
    tuple of Threshold, in increasing order of value.

    Notes
    -----
    A change is found when the grid brackets it. Two changes between the same
    two grid points that undo each other, or an isolated degenerate value
    between grid points with the same equilibria on both sides, are invisible
    at that grid: refine the grid to see them.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> [t.value for t in thresholds(load_model("rare-earth-chicken"), "us_standoff_cost", 0.5, 3.0)]
    [1.0]
    >>> found = thresholds(load_model("august-deadline"), "china_share", 0.05, 0.99, of="spe-path")
    >>> all(t.left.paths != t.right.paths for t in found)
    True
    """
    parameter = parameter_of(model, param)
    options = resolve(options, keywords)
    method, tol = options.method, options.tol
    if of not in ("equilibria", "spe-path"):
        raise SensitivityError(f"thresholds of {of!r}? use 'equilibria' or 'spe-path'")
    if of == "spe-path" and not is_tree(model):
        raise SensitivityError(f"model {model_name(model)!r} is not a game tree: it has no subgame-perfect path")
    if isinstance(grid, Sweep):
        if grid.params != (param,):
            raise SensitivityError(f"the sweep given as grid sweeps {list(grid.params)}, not [{param!r}]")
        if of == "spe-path" and not grid.paths:
            raise SensitivityError("the sweep given as grid has no subgame-perfect paths")
        values = [p[0] for p in grid.points]
        signatures = list(grid.paths if of == "spe-path" else grid.signatures)
        keep = [k for k, v in enumerate(values) if (low is None or v >= low) and (high is None or v <= high)]
        values, signatures = [values[k] for k in keep], [signatures[k] for k in keep]
    else:
        low = float(parameter.low) if low is None else float(low)
        high = float(parameter.high) if high is None else float(high)
        if isinstance(grid, int | np.integer):
            values = list(linspace(low, high, int(grid)))
        else:
            values = sorted(v for v in values_of(param, grid) if low <= v <= high)
        check_extremes(model, [param], [values])
        if of == "spe-path":
            signatures = solve_paths(model, [param], [(v,) for v in values], options)
        else:
            game = game_at(model, {})
            results = solve_points(model, [param], [(v,) for v in values], options)
            signatures = signatures_of(game.players, game.actions, results)
    if len(values) < 2:
        raise SensitivityError(f"thresholds of {param!r} need at least 2 grid points in the interval")
    if of == "spe-path":
        def signature_at(value: float, exact_solve: bool = exact) -> PathSignature:
            return path_at(model, (param,), (value,), exact_solve)
    else:
        game = game_at(model, {})

        def signature_at(value: float, exact_solve: bool = exact) -> Signature:
            equilibria = solve_point(model, (param,), (value,), method, tol, exact_solve)
            return signature_of(game.players, game.actions, equilibria)

    changes: list[tuple[float, float, Signature, Signature]] = []
    for k in range(len(values) - 1):
        if signatures[k] != signatures[k + 1]:
            a, b = values[k], values[k + 1]
            left, right = (signature_at(a), signature_at(b)) if exact else (signatures[k], signatures[k + 1])
            if left != right:
                # half the width: a degenerate point seen from both sides joins two brackets into one
                changes.extend(bisect(signature_at, a, b, left, right, rtol / 2))
    return tuple(_merge(param, changes, signature_at, rtol))


def _merge(param, changes, signature_at, rtol) -> list[Threshold]:
    """Join brackets that touch (a degenerate point seen from both sides) into one threshold each."""
    groups = group_touching(changes, 2 * rtol)
    result = []
    for group in groups:
        a, b = group[0][0], group[-1][1]
        left, right = group[0][2], group[-1][3]
        value = short_decimal(a, b)
        inside = [c[3] for c in group[:-1] if c[3] not in (left, right)]
        at = None
        for candidate in (signature_at(value), signature_at(value, False), *inside):
            if candidate not in (left, right):
                at = candidate
                break
        if left == right and at is None:
            continue
        result.append(Threshold(param, value, (a, b), left, right, at))
    return result
