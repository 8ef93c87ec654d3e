"""The outcome a selection criterion picks along one parameter, and where the pick changes.

Where :func:`~bargain.sensitivity.thresholds` finds the values at which the *set*
of equilibria changes, :func:`selected_along` finds those at which the *selected*
equilibrium changes: a risk-dominant equilibrium can give way to another while
both stay equilibria (the Nash products of deviation losses cross). Outcomes are
named by their supports, as in :mod:`~bargain.sensitivity.prediction`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bargain.numbers import number

from .brackets import bisect, group_touching, short_decimal
from .engine import check_extremes, values_of
from .held import model_name, parameter_of
from .options import SolveOptions, resolve
from .prediction import check_criteria, outcome_of, pick_all
from .progress import progress_bar
from .threshold import THRESHOLD_TOL

#: A pick held only on a stretch narrower than this (relative) becomes the ``at`` of one flip: near a
#: degenerate point the criteria's own tolerances leave a sliver where nothing, or something else, is picked.
SLIVER = 1e-6


@dataclass(frozen=True)
class SelectionFlip:
    """A parameter value where the selected outcome changes.

    Attributes
    ----------
    param : str
    value : float
        Where the pick changes: the number with the fewest decimals in
        :attr:`bracket`, which is at most ``rtol * max(1, |value|)`` wide, or up
        to :data:`SLIVER` when a sliver is folded into :attr:`at`.
    bracket : (float, float)
        ``left`` is picked at its lower end, ``right`` at its upper end.
    left, right : str
        The outcome picked just below and just above.
    at : str or None
        The outcome picked at ``value`` itself, or on a sliver narrower than
        :data:`SLIVER` around it, when it differs from both sides (for instance
        ``undefined`` where two Nash products tie); else None.
    """

    param: str
    value: float
    bracket: tuple[float, float]
    left: str
    right: str
    at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"parameter", "value", "bracket", "left", "right", "at"}``, JSON-ready."""
        return {"parameter": self.param, "value": self.value, "bracket": list(self.bracket), "left": self.left,
                "right": self.right, "at": self.at}


@dataclass(frozen=True)
class SelectedSweep:
    """The outcome one criterion picks at each value of a parameter, and the flips between them.

    Attributes
    ----------
    model : str
    param : str
    criterion : str
    values : tuple of float
        The grid, in increasing order.
    outcomes : tuple of str
        The outcome picked at each grid value (``undefined`` where none is).
    flips : tuple of SelectionFlip
        In increasing order of value.
    """

    model: str
    param: str
    criterion: str
    values: tuple[float, ...]
    outcomes: tuple[str, ...]
    flips: tuple[SelectionFlip, ...]

    def segments(self) -> list[tuple[float, float, str]]:
        """``(from, to, outcome)``: the stretches between the ends of the grid and the flips."""
        edges = [self.values[0], *(f.value for f in self.flips), self.values[-1]]
        picks = [self.outcomes[0], *(f.right for f in self.flips)]
        return [(edges[k], edges[k + 1], picks[k]) for k in range(len(picks))]

    def to_dict(self) -> dict[str, Any]:
        """``{"criterion", "parameter", "values", "outcomes", "flips", "segments"}``, JSON-ready."""
        return {
            "criterion": self.criterion,
            "parameter": self.param,
            "values": [number(v) for v in self.values],
            "outcomes": list(self.outcomes),
            "flips": [f.to_dict() for f in self.flips],
            "segments": [{"from": number(a), "to": number(b), "outcome": o} for a, b, o in self.segments()],
        }

    def to_csv(self) -> str:
        """One row per grid value: the parameter's value, ``point``, ``criterion``, ``outcome``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.param, "point", "criterion", "outcome"])
        for k, (value, outcome) in enumerate(zip(self.values, self.outcomes, strict=True)):
            writer.writerow([number(value), k, self.criterion, outcome])
        return out.getvalue()


def selected_along(
    model,
    param: str,
    values: Iterable[float],
    criterion: str,
    *,
    rtol: float = THRESHOLD_TOL,
    options: SolveOptions | None = None,
    **keywords,
) -> SelectedSweep:
    """The outcome ``criterion`` picks at each value of ``param``, and the values where it changes.

    The other parameters keep their values (hold some with
    :func:`~bargain.sensitivity.hold`). A change between two neighbouring grid
    values is bisected until its bracket is at most ``rtol * max(1, |value|)``
    wide; an outcome met at a midpoint that differs from both ends splits the
    search, so every change between the two is found.

    Parameters
    ----------
    model
        A matrix or sequential model (the criteria of
        :func:`~bargain.sensitivity.prediction.criteria_for` apply).
    param : str
    values : iterable of float
        The grid; sorted here.
    criterion : str
    rtol : float
    options : SolveOptions, optional
        ``method``, ``tol`` and ``progress`` apply (or give them as keywords).

    Notes
    -----
    As with :func:`~bargain.sensitivity.thresholds`, two changes between the same
    two grid values that undo each other are invisible at that grid.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> s = selected_along(load_model("rare-earth-chicken"), "us_standoff_cost", [1.5, 3.0, 5.0], "risk-dominance")
    >>> [(round(f.value, 6), f.left, f.right, f.at) for f in s.flips]  # doctest: +NORMALIZE_WHITESPACE
    [(2.234568, 'China concede / United States escalate', 'China escalate / United States concede', 'undefined')]

    Here the Nash products of deviation losses are ``0.81 (c - 1)`` and ``1``:
    they cross at ``c = 1 + 1/0.81``, where neither equilibrium risk-dominates.
    """
    options = resolve(options, keywords)
    parameter_of(model, param)
    (chosen,) = check_criteria(model, [criterion])
    grid = sorted(set(values_of(param, values)))
    check_extremes(model, [param], [grid])

    def outcome_at(value: float) -> str:
        _, picks, _ = pick_all(model, {param: value}, (chosen,), options)
        return outcome_of(picks[chosen])

    outcomes = []
    with progress_bar(options.progress, len(grid), f"selecting along {param}") as advance:
        for value in grid:
            outcomes.append(outcome_at(value))
            advance(1)
    flips = []
    for k in range(len(grid) - 1):
        if outcomes[k] != outcomes[k + 1]:
            flips.extend(bisect(outcome_at, grid[k], grid[k + 1], outcomes[k], outcomes[k + 1], rtol))
    return SelectedSweep(model_name(model), param, chosen, tuple(grid), tuple(outcomes),
                         tuple(_merge(param, flips, outcome_at, rtol)))


def _merge(param: str, flips, outcome_at, rtol: float) -> list[SelectionFlip]:
    """One flip per group of brackets closer than :data:`SLIVER`: what is picked between them is its ``at``."""
    groups = group_touching(flips, max(2 * rtol, SLIVER))
    result = []
    for group in groups:
        a, b, left, right = group[0][0], group[-1][1], group[0][2], group[-1][3]
        value = short_decimal(a, b)
        inside = [outcome_at(value), *(f[3] for f in group[:-1])]
        at = next((o for o in inside if o not in (left, right)), None)
        if left != right or at is not None:
            result.append(SelectionFlip(param, value, (a, b), left, right, at))
    return result
