"""What a report computes, its one error type, and how it writes numbers."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BargainError

#: The layout of the report's data (see :mod:`bargain.report.data`).
SCHEMA = "bargain-report/1"


class ReportError(BargainError, ValueError):
    """A report was asked for something it cannot show (an unknown map parameter, a bad option)."""


@dataclass(frozen=True)
class ReportOptions:
    """How much the report computes.

    Attributes
    ----------
    points : int
        Evenly spaced values per parameter on a matrix model's slider (both ends included).
    tree_points : int
        The same for tree models, whose every point needs its own solve and backward induction.
    samples : int
        Monte Carlo draws (0 for none).
    seed : int
        Seed of the Monte Carlo draws.
    map_params : pair of str, optional
        The two parameters of the map; by default ``china_share`` (when the model has it)
        against the parameter with the most flip points.
    map_points : int
        Values per axis of the map (0 for no map).
    side : float
        How far from a flip point the values either side of it lie, as a share of the
        parameter's range.
    """

    points: int = 121
    tree_points: int = 61
    samples: int = 1000
    seed: int = 0
    map_params: tuple[str, str] | None = None
    map_points: int = 41
    side: float = 1e-4

    def __post_init__(self):
        for name in ("points", "tree_points"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                raise ReportError(f"{name} must be a whole number of at least 2, got {value!r}")
        for name in ("samples", "map_points"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value == 1:
                raise ReportError(f"{name} must be 0 or a whole number of at least 2, got {value!r}")
        if not (isinstance(self.side, int | float) and 0 < self.side < 0.1):
            raise ReportError(f"side must lie strictly between 0 and 0.1, got {self.side!r}")


def rounded(value) -> float:
    """A float rounded to 12 decimals (as the JSON output of ``bargain solve``), without negative zero."""
    rounded = round(float(value), 12)
    return 0.0 if rounded == 0 else rounded
