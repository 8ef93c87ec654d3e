"""Confidence intervals for Monte Carlo frequencies and means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .options import SensitivityError

#: Two-sided 95% quantile of the standard normal distribution.
Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion.

    >>> lo, hi = wilson(50, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.4038, 0.5962)
    >>> wilson(0, 10)[0]
    0.0
    """
    if n <= 0:
        raise SensitivityError("a frequency needs at least one sample")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def mean_interval(samples: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """Mean and normal-approximation confidence interval ``(mean, low, high)``.

    >>> mean_interval([1.0, 2.0, 3.0])
    (2.0, 0.868, 3.132)
    """
    data = np.asarray(samples, dtype=float)
    mean = float(data.mean())
    if data.size < 2:
        return mean, mean, mean
    half = z * float(data.std(ddof=1)) / math.sqrt(data.size)
    return mean, mean - half, mean + half


@dataclass(frozen=True)
class Frequency:
    """How often an outcome held among the samples, with its Wilson 95% interval."""

    label: str
    count: int
    samples: int
    low: float
    high: float

    @property
    def frequency(self) -> float:
        """``count / samples``."""
        return self.count / self.samples


@dataclass(frozen=True)
class Mean:
    """A sample mean with its 95% interval (normal approximation)."""

    player: str
    action: str
    mean: float
    low: float
    high: float

