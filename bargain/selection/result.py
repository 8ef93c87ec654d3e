"""The frozen value every criterion returns: what it picks and why, in numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .problem import Problem, Profile

#: The fields of :meth:`Selection.to_dict`, in order, with what each holds.
FIELDS = {
    "criterion": "name of the criterion, e.g. 'risk-dominance'",
    "defined": "true when the criterion picks an outcome",
    "outcome": "short label of the picked profile ('license / ease-and-extend'), or null",
    "strategies": "{player: {action: probability}} of the picked profile, or null",
    "payoffs": "{player: expected payoff} of the picked profile, or null",
    "equilibrium_index": "position of the pick among the solution's equilibria, or null when it is none of them",
    "is_equilibrium": "true when the pick is one of the solution's equilibria",
    "reason": "one or two sentences saying why, with the numbers",
    "details": "the numbers behind the reason; keys depend on the criterion (see its docstring)",
}


def plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays, tuples and mappings turned into JSON-ready Python.

    >>> plain({"a": np.float64(0.5), "b": (np.int64(1), np.array([1.0, 2.0]))})
    {'a': 0.5, 'b': [1, [1.0, 2.0]]}
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


@dataclass(frozen=True, eq=False)
class Selection:
    """Which outcome one criterion picks, and the reason in numbers.

    Attributes
    ----------
    criterion : str
        ``"payoff-dominance"``, ``"risk-dominance"``, ``"qre"``, ``"tracing"`` or ``"commitment"``.
    profile : tuple of arrays or None
        The picked profile (one probability vector per player); ``None`` when the
        criterion picks nothing here.
    index : int or None
        Position of the pick among the problem's equilibria; ``None`` when nothing
        is picked or the pick is not one of them (a commitment outcome need not be
        a Nash equilibrium of the simultaneous game).
    reason : str
        Why, in a sentence or two with the numbers.
    details : mapping
        The numbers behind the reason (products, comparisons, path summary),
        JSON-ready. Each criterion documents its keys.
    problem : Problem
        The game and equilibria the choice was made among (for labels).

    Examples
    --------
    >>> from bargain.selection import select
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> s = select(stag, "risk-dominance")
    >>> s.defined, s.label, s.index
    (True, 'hare / hare', 2)
    >>> sorted(s.to_dict())[:4]
    ['criterion', 'defined', 'details', 'equilibrium_index']
    """

    criterion: str
    profile: Profile | None
    index: int | None
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict)
    problem: Problem | None = field(default=None, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def defined(self) -> bool:
        """True when the criterion picks an outcome."""
        return self.profile is not None

    @property
    def is_equilibrium(self) -> bool:
        """True when the pick is one of the listed equilibria."""
        return self.index is not None

    @property
    def equilibrium(self):
        """The solver's :class:`~bargain.solution.Equilibrium` picked, if any (a profile for raw arrays)."""
        return None if self.problem is None else self.problem.equilibrium(self.index)

    @property
    def label(self) -> str | None:
        """Short label of the pick, e.g. ``"withhold / hold-and-extend"``."""
        if self.profile is None or self.problem is None:
            return None
        return self.problem.describe(self.profile)

    @property
    def payoffs(self) -> dict[str, float] | None:
        """Each player's expected payoff at the pick."""
        if self.profile is None or self.problem is None:
            return None
        values = self.problem.payoff_of(self.profile)
        return {p: float(v) for p, v in zip(self.problem.players, values, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """The selection as JSON-ready data; the keys are documented in :data:`FIELDS`."""
        strategies = None
        if self.profile is not None and self.problem is not None:
            strategies = self.problem.labelled(self.profile)
        return {
            "criterion": self.criterion,
            "defined": self.defined,
            "outcome": self.label,
            "strategies": strategies,
            "payoffs": self.payoffs,
            "equilibrium_index": self.index,
            "is_equilibrium": self.is_equilibrium,
            "reason": self.reason,
            "details": plain(self.details),
        }

    def __repr__(self) -> str:
        pick = self.label if self.defined else "none"
        return f"Selection({self.criterion}: {pick})"


def picked(criterion: str, problem: Problem, index: int, reason: str, **details) -> Selection:
    """A selection of the listed equilibrium at ``index``."""
    return Selection(criterion, problem.equilibria[index], index, reason, details, problem)


def undefined(criterion: str, problem: Problem, reason: str, **details) -> Selection:
    """A selection that picks nothing, with the reason why."""
    return Selection(criterion, None, None, reason, details, problem)


def fmt(value: float) -> str:
    """A number as a reader wants it in a sentence: four significant digits."""
    return f"{value:.4g}"


def continuum_note(problem: Problem, profile, details: dict) -> str:
    """Say where an end point that is no listed extreme equilibrium lies; record the component in ``details``."""
    component = problem.component_of(profile, 1e-5)
    details["component"] = None if component is None else list(problem.components[component])
    if component is None:
        return "which is not among the listed equilibria"
    corners = ", ".join(problem.describe(problem.equilibria[e]) for e in problem.components[component])
    return f"a point of the continuum of equilibria spanned by {corners}"
