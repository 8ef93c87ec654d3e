"""Monte Carlo: draw the parameters from their ranges and count the outcomes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.numbers import number

from .engine import solve_points
from .held import game_at, model_name, parameter_of
from .options import SensitivityError, SolveOptions, resolve
from .signature import Signature, signature_of, support_label
from .stats import Frequency, Mean, mean_interval, wilson


@dataclass(frozen=True)
class MonteCarlo:
    """How often each outcome holds when the parameters are drawn from their ranges.

    Attributes
    ----------
    model : str
    params : tuple of str
        The parameters drawn; the others keep their model values.
    distribution : str
        ``"uniform"`` over ``[low, high]`` or ``"triangular"`` with its mode at
        the parameter's value.
    seed : int
    draws : tuple of tuples of float
        Every sample's parameter values, in ``params`` order.
    signatures : tuple of Signature
        The shape of the equilibrium set of every sample.
    equilibria : tuple of Frequency
        For each equilibrium (by supports; a pure one is its profile): the share
        of samples in which it is an equilibrium.
    sets : tuple of Frequency
        For each whole set of equilibria (a :class:`Signature`): the share of
        samples in which it is exactly the set.
    means : tuple of Mean
        Each action's probability, first averaged over the extreme equilibria of
        a sample (each counted once), then over the samples.
    payoffs : tuple of Mean
        Each player's expected payoff, averaged the same way (``action`` is ``""``).
    """

    model: str
    params: tuple[str, ...]
    distribution: str
    seed: int
    draws: tuple[tuple[float, ...], ...]
    signatures: tuple[Signature, ...]
    equilibria: tuple[Frequency, ...]
    sets: tuple[Frequency, ...]
    means: tuple[Mean, ...]
    payoffs: tuple[Mean, ...]

    @property
    def samples(self) -> int:
        """Number of samples drawn."""
        return len(self.draws)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary of the whole result (without the raw draws)."""
        def freq(f: Frequency) -> dict:
            return {"outcome": f.label, "count": f.count, "frequency": number(f.frequency),
                    "ci95": [number(f.low), number(f.high)]}

        def mean(m: Mean) -> dict:
            return {"player": m.player, "action": m.action, "mean": number(m.mean),
                    "ci95": [number(m.low), number(m.high)]}

        return {
            "model": self.model,
            "samples": self.samples,
            "seed": self.seed,
            "distribution": self.distribution,
            "parameters": list(self.params),
            "equilibria": [freq(f) for f in self.equilibria],
            "sets": [freq(f) for f in self.sets],
            "action_probabilities": [mean(m) for m in self.means],
            "payoffs": [{k: v for k, v in mean(m).items() if k != "action"} for m in self.payoffs],
            "convention": "an action's probability is averaged over the extreme equilibria of each sample "
                          "(each counted once), then over samples",
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per reported quantity (kind, outcome or player/action, estimate, interval)."""
        rows = []
        for kind, items in (("equilibrium", self.equilibria), ("set", self.sets)):
            for f in items:
                rows.append({"kind": kind, "player": "", "action": "", "outcome": f.label, "count": f.count,
                             "estimate": f.frequency, "low": f.low, "high": f.high})
        for kind, items in (("probability", self.means), ("payoff", self.payoffs)):
            for m in items:
                rows.append({"kind": kind, "player": m.player, "action": m.action, "outcome": "", "count": "",
                             "estimate": m.mean, "low": m.low, "high": m.high})
        return rows

    def to_json(self, **kwargs) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=kwargs.pop("indent", 2), **kwargs)

    def to_csv(self) -> str:
        """:meth:`to_records` as CSV text."""
        out = io.StringIO()
        columns = ["kind", "player", "action", "outcome", "count", "estimate", "low", "high"]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in self.to_records():
            writer.writerow([number(row[c]) if isinstance(row[c], float) else row[c] for c in columns])
        return out.getvalue()


DISTRIBUTIONS = ("uniform", "triangular")


def _per_sample_means(results, part, width: int) -> np.ndarray:
    """Per sample with equilibria, the average of ``part(equilibrium)`` (``width`` numbers) over them."""
    counts = np.array([len(eqs) for eqs in results], dtype=int)
    values = np.array([part(eq) for eqs in results for eq in eqs], dtype=float).reshape(-1, width)
    sums = np.zeros((len(results), width))
    np.add.at(sums, np.repeat(np.arange(len(results)), counts), values)
    return sums[counts > 0] / counts[counts > 0, None]


def draw(model, samples: int, seed: int, *, distribution: str = "uniform",
         params: Sequence[str] | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """The parameter draws of :func:`montecarlo`: ``(names, array of shape (samples, len(names)))``.

    Drawn with ``numpy.random.default_rng(seed)``, one parameter after another,
    so the same seed always gives the same draws.

    >>> from bargain.model import load_model
    >>> names, values = draw(load_model("rare-earth-chicken"), 3, seed=1)
    >>> names, values.shape
    (('china_share', 'china_standoff_cost', 'us_standoff_cost'), (3, 3))
    """
    if distribution not in DISTRIBUTIONS:
        raise SensitivityError(f"unknown distribution {distribution!r}; choose one of: {', '.join(DISTRIBUTIONS)}")
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise SensitivityError(f"samples must be a whole number of at least 1, got {samples!r}")
    names = tuple(getattr(model, "parameters", {}) if params is None else params)
    if not names:
        raise SensitivityError("no parameters to draw")
    parameters = [parameter_of(model, n) for n in names]
    rng = np.random.default_rng(seed)
    columns = []
    for p in parameters:
        low, high, mode = float(p.low), float(p.high), float(p.value)
        if high <= low:
            columns.append(np.full(int(samples), low))
        elif distribution == "uniform":
            columns.append(rng.uniform(low, high, int(samples)))
        else:
            columns.append(rng.triangular(low, min(max(mode, low), high), high, int(samples)))
    return names, np.column_stack(columns)


def montecarlo(
    model,
    samples: int,
    seed: int,
    *,
    distribution: str = "uniform",
    params: Sequence[str] | None = None,
    options: SolveOptions | None = None,
    **keywords,
) -> MonteCarlo:
    """Draw the parameters from their ranges, solve each draw, and count the outcomes.

    Parameters
    ----------
    model
    samples : int
        Number of draws.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.
    distribution : {"uniform", "triangular"}
        Uniform over each parameter's ``[low, high]``, or triangular on it with
        its mode at the parameter's (cited) value.
    params : sequence of str, optional
        The parameters to draw (default: all); the others keep their values.
    options : SolveOptions, optional
        As for :func:`~bargain.sensitivity.sweep` (or its fields as keywords).

    Returns
    -------
    MonteCarlo
        Frequencies with Wilson 95% intervals; mean action probabilities with
        normal 95% intervals. An action's probability in one sample is the
        average over that sample's extreme equilibria, each counted once.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> mc = montecarlo(load_model("rare-earth-chicken"), 20, seed=7)
    >>> [(f.count, f.low, round(f.high, 3)) for f in mc.sets]  # one set of equilibria in all 20 draws
    [(20, 0.839, 1.0)]
    >>> for outcome in mc.sets[0].label.split("; "):
    ...     print(outcome)
    China concede / United States escalate
    China escalate / United States concede
    China escalate+concede / United States escalate+concede
    """
    options = resolve(options, keywords)
    names, values = draw(model, samples, seed, distribution=distribution, params=params)
    points = [tuple(float(v) for v in row) for row in values]
    results = solve_points(model, names, points, options, description="sampling")
    game = game_at(model, {})
    players, actions = game.players, game.actions
    signatures = [signature_of(players, actions, eqs) for eqs in results]
    n = len(points)

    def frequencies(keys_per_sample: list[set], label) -> tuple[Frequency, ...]:
        counts: dict = {}
        for keys in keys_per_sample:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0])))
        return tuple(Frequency(label(k), c, n, *wilson(c, n)) for k, c in ordered)

    per_equilibrium = frequencies([set(s.supports) for s in signatures], lambda s: support_label(players, s))
    per_set = frequencies([{s} for s in signatures], lambda s: s.label())

    means, payoffs = [], []
    for k, player in enumerate(players):
        probabilities = _per_sample_means(results, lambda eq, k=k: eq[k], len(actions[k]))
        for a, action in enumerate(actions[k]):
            mean, low, high = mean_interval(probabilities[:, a])
            means.append(Mean(player, action, mean, max(0.0, low), min(1.0, high)))
        payoff = _per_sample_means(results, lambda eq, k=k: eq[2][k], 1)[:, 0]
        payoffs.append(Mean(player, "", *mean_interval(payoff)))
    return MonteCarlo(
        model=model_name(model),
        params=names,
        distribution=distribution,
        seed=int(seed),
        draws=tuple(points),
        signatures=tuple(signatures),
        equilibria=per_equilibrium,
        sets=per_set,
        means=tuple(means),
        payoffs=tuple(payoffs),
    )
