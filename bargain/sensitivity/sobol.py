"""Variance-based sensitivity of a categorical answer: Sobol' indices through SALib.

The answer a model gives at a point is a category -- the set of equilibria, a
tree's subgame-perfect path, or the outcome a selection rule picks -- not a
number. It is coded *one-hot*: one indicator per category seen,
``Y_c = 1`` where the answer is ``c``. The variance of the answer is the sum
of the indicators' variances, ``sum_c p_c (1 - p_c)`` (the Gini impurity: the
chance that two independent draws give different answers, halved), and a
parameter's index is the share of that variance it explains:

    S_i = sum_c Var(E[Y_c | X_i]) / sum_c Var(Y_c)        (first order)
    T_i = sum_c E[Var(Y_c | X_~i)] / sum_c Var(Y_c)       (total)

This is the Sobol' index of a vector output (Gamboa, Janon, Klein and Lagnoux,
2014), the natural one for categories: it does not depend on how the
categories are numbered (coding them 0, 1, 2, ... would), ``T_i = 1`` means
``X_i`` alone can change any answer and ``T_i = 0`` that it never changes one.

SALib estimates each indicator's indices from one Saltelli design
(:func:`SALib.sample.sobol.sample`, a scrambled Sobol' sequence, ``N (D + 2)``
points) with its bootstrap confidence intervals
(:func:`SALib.analyze.sobol.analyze`); the vector index is their average
weighted by each indicator's variance on the design's two base samples --
exactly the estimator of the formula above, since SALib divides each
indicator's estimate by that same variance. The interval of the vector index
is the same weighted average of the indicators' half-widths: a conservative
bound (the half-width of a sum is at most the sum of the half-widths).

SALib is imported inside the functions that use it.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .options import SensitivityError


@dataclass(frozen=True)
class Index:
    """One parameter's Sobol' indices for one question, with the half-widths of their 95% intervals."""

    param: str
    first: float
    first_ci: float
    total: float
    total_ci: float


def problem_of(names: Sequence[str], bounds: Sequence[tuple[float, float]]) -> dict:
    """SALib's description of the parameters: names and ``[low, high]`` bounds."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[float(a), float(b)] for a, b in bounds]}


def saltelli_points(names: Sequence[str], bounds: Sequence[tuple[float, float]], samples: int,
                    seed: int) -> np.ndarray:
    """The Saltelli design of ``samples`` base points: an array of ``samples * (D + 2)`` rows.

    Rows come in blocks of ``D + 2`` per base point: ``A``, then ``A`` with
    column ``j`` taken from ``B`` for each ``j``, then ``B``.

    >>> saltelli_points(["a", "b"], [(0, 1), (2, 3)], 8, seed=1).shape
    (32, 2)
    """
    from SALib.sample import sobol as sobol_sample

    check_samples(samples)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sobol_sample.sample(problem_of(names, bounds), int(samples), calc_second_order=False,
                                   scramble=True, seed=int(seed))


def check_samples(samples) -> None:
    """A Saltelli base size must be a power of two, at least 8 (a Sobol' sequence balances only there)."""
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 8 or \
            samples & (samples - 1):
        raise SensitivityError(
            f"samples must be a power of two, at least 8 (a Sobol' sequence is balanced only there), got "
            f"{samples!r}; for example 256, 512 or 1024"
        )


def categorical_indices(
    names: Sequence[str],
    bounds: Sequence[tuple[float, float]],
    answers: Sequence[Hashable],
    samples: int,
    seed: int,
    resamples: int = 100,
) -> tuple[tuple[Index, ...], dict, tuple]:
    """Sobol' indices of a categorical answer, given at every point of :func:`saltelli_points`.

    Returns ``(indices, shares, by_answer)``: one :class:`Index` per
    parameter for the answer as a whole; ``{answer: share of the base
    samples}``; and per answer seen, ``(answer, share, indices of its
    indicator)``. When every base sample gives the same answer there is no
    variance to explain and every index is 0.

    >>> points = saltelli_points(["x", "y"], [(0, 1), (0, 1)], 256, seed=3)
    >>> answers = ["high" if x > 0.5 else "low" for x, _ in points]
    >>> indices, shares, _ = categorical_indices(["x", "y"], [(0, 1), (0, 1)], answers, 256, seed=3)
    >>> [(i.param, round(i.total, 1)) for i in indices]
    [('x', 1.0), ('y', 0.0)]
    """
    from SALib.analyze import sobol as sobol_analyze

    d, n = len(names), int(samples)
    if len(answers) != n * (d + 2):
        raise SensitivityError(f"{len(answers)} answers for a design of {n} x ({d} + 2) points")
    kinds: dict = {}
    codes = np.array([kinds.setdefault(a, len(kinds)) for a in answers])
    base = np.r_[codes[0::d + 2], codes[d + 1::d + 2]]
    problem = problem_of(names, bounds)
    weights, firsts, totals, first_cis, total_cis, by_answer = [], [], [], [], [], []
    for answer, code in kinds.items():
        indicator = (codes == code).astype(float)
        variance = float(np.var((base == code).astype(float)))
        share = float(np.mean(base == code))
        if variance <= 1e-15:
            by_answer.append((answer, share, tuple(Index(p, 0.0, 0.0, 0.0, 0.0) for p in names)))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = sobol_analyze.analyze(problem, indicator, calc_second_order=False, num_resamples=int(resamples),
                                      conf_level=0.95, seed=int(seed) + 1)  # SALib ignores a seed of 0
        weights.append(variance)
        firsts.append(s["S1"])
        totals.append(s["ST"])
        first_cis.append(s["S1_conf"])
        total_cis.append(s["ST_conf"])
        by_answer.append((answer, share, tuple(
            Index(p, float(s["S1"][j]), float(s["S1_conf"][j]), float(s["ST"][j]), float(s["ST_conf"][j]))
            for j, p in enumerate(names))))
    shares = {answer: float(np.mean(base == code)) for answer, code in kinds.items()}
    if not weights:
        return tuple(Index(p, 0.0, 0.0, 0.0, 0.0) for p in names), shares, tuple(by_answer)
    w = np.array(weights) / np.sum(weights)

    def mix(rows) -> np.ndarray:
        return w @ np.nan_to_num(np.array(rows, dtype=float))

    first, total, first_ci, total_ci = mix(firsts), mix(totals), mix(first_cis), mix(total_cis)
    indices = tuple(Index(p, float(first[j]), float(first_ci[j]), float(total[j]), float(total_ci[j]))
                    for j, p in enumerate(names))
    return indices, shares, tuple(by_answer)


__all__ = ["Index", "categorical_indices", "check_samples", "problem_of", "saltelli_points"]
