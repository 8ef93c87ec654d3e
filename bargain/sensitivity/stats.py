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
    """Wilson score interval of a binomial proportion, from :func:`scipy.stats.binomtest`.

    ``z`` sets the confidence level (the default, :data:`Z95`, is 95%).

    >>> lo, hi = wilson(50, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.4038, 0.5962)
    >>> wilson(0, 10)[0]
    0.0
    """
    from scipy.stats import binomtest, norm

    if n <= 0:
        raise SensitivityError("a frequency needs at least one sample")
    if not 0 <= successes <= n:
        raise SensitivityError(f"{successes} successes out of {n} samples is not a frequency")
    level = 0.95 if z == Z95 else float(2 * norm.cdf(z) - 1)
    interval = binomtest(int(successes), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return float(interval.low), float(interval.high)


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

