"""Parameters: cited values with plausible ranges, and the checks both kinds of model share."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real

from bargain.errors import ModelError

#: Units that make a parameter a share, which must lie in [0, 1].
SHARE_UNITS = frozenset({"share", "fraction", "probability", "proportion"})


class RangeWarning(UserWarning):
    """A parameter was set outside the plausible range its model declares."""


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from one of the article files a parameter rests on."""

    file: str
    quote: str


@dataclass(frozen=True)
class Parameter:
    """One model parameter: its value, plausible range, unit and provenance.

    A parameter is cited (``sources``), or an explicit ``assumption`` says why
    its value was chosen; it may be both when an article supports the idea but
    not the number.

    >>> from bargain.model import load_model
    >>> share = load_model("rare-earth-chicken").parameters["china_share"]
    >>> share.value, (share.low, share.high), share.is_share, share.assumption
    (0.9, (0.85, 0.99), True, None)
    >>> share.sources[0].file
    '001_95f3d8186617a2d0.txt'
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    description: str
    sources: tuple[Citation, ...]
    assumption: str | None

    @property
    def is_share(self) -> bool:
        """True when the unit makes this a share that must lie in [0, 1]."""
        words = self.unit.strip().lower().split()
        return bool(words) and words[0] in SHARE_UNITS


@dataclass(frozen=True)
class OutOfRange:
    """A parameter value outside the plausible range its model declares (allowed, but worth a warning)."""

    source: str
    name: str
    value: float
    low: float
    high: float

    @property
    def message(self) -> str:
        """One line saying which value lies outside which range."""
        return (f"{self.source}: {self.name} = {self.value:g} lies outside its plausible range "
                f"[{self.low:g}, {self.high:g}]")


class ParameterValues:
    """Parameter handling shared by both kinds of model: they have ``parameters`` and ``source``."""

    parameters: Mapping[str, Parameter]
    source: str

    def values(self, **overrides: float) -> dict[str, float]:
        """Every parameter's value, with ``overrides`` applied and checked.

        An unknown name, a value that is not a finite number, or a share outside
        [0, 1] is an error. A value outside the declared range is allowed; see
        :meth:`out_of_range`.

        Examples
        --------
        >>> from bargain.model import load_model
        >>> m = load_model("rare-earth-chicken")
        >>> m.values(china_share=0.7)["china_share"]
        0.7
        """
        unknown = [name for name in overrides if name not in self.parameters]
        if unknown:
            raise ModelError(
                f"unknown parameter {unknown[0]!r}; parameters are: {', '.join(self.parameters)}",
                source=self.source,
            )
        result = {name: p.value for name, p in self.parameters.items()}
        for name, raw in overrides.items():
            result[name] = self.checked(name, raw)
        return result

    def checked(self, name: str, raw) -> float:
        """``raw`` as the value of parameter ``name``: a finite number, in [0, 1] for a share."""
        parameter = self.parameters[name]
        where = f"parameters.{name}"
        if isinstance(raw, bool) or not isinstance(raw, (Real, Fraction)):
            raise ModelError(f"value {raw!r} is not a number", source=self.source, where=where)
        value = float(raw)
        if not math.isfinite(value):
            raise ModelError(f"value {raw!r} is not a finite number", source=self.source, where=where)
        if parameter.is_share and not 0.0 <= value <= 1.0:
            raise ModelError(
                f"{value:g} is not a share: a {parameter.unit} must lie in [0, 1]",
                source=self.source, where=where,
            )
        return value

    def out_of_range(self, **overrides: float) -> tuple[OutOfRange, ...]:
        """The overrides that lie outside their parameter's plausible range (checked as :meth:`values` does).

        >>> from bargain.model import load_model
        >>> [item.name for item in load_model("rare-earth-chicken").out_of_range(china_share=0.5)]
        ['china_share']
        """
        values = self.values(**overrides)
        found = []
        for name in overrides:
            p = self.parameters[name]
            if not p.low <= values[name] <= p.high:
                found.append(OutOfRange(self.source, name, values[name], p.low, p.high))
        return tuple(found)

    def warn_out_of_range(self, overrides: Mapping[str, float]) -> None:
        """One :class:`RangeWarning` per override outside its plausible range (for the public builders)."""
        for item in self.out_of_range(**overrides):
            warnings.warn(RangeWarning(item.message), stacklevel=3)
