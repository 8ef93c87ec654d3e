"""Monte Carlo: draw the parameters from their ranges and count the outcomes."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.numbers import number

from .engine import gc_paused, solving
from .held import game_at, model_name, parameter_of
from .options import SensitivityError, SolveOptions, resolve
from .paths import is_tree
from .progress import progress_bar
from .signature import Signature, Signatures
from .stats import Frequency, Mean, mean_interval, wilson
from .trees import solve_paths


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
        The seed of the draws (the one drawn from fresh entropy when none was given).
    draws : tuple of tuples of float
        Every sample's parameter values, in ``params`` order.
    signatures : tuple of Signature or PathSignature
        The shape of the equilibrium set of every sample (for ``outcome="spe-path"``,
        its subgame-perfect paths).
    equilibria : tuple of Frequency
        For each equilibrium (by supports; a pure one is its profile), or each
        subgame-perfect path: the share of samples in which it holds.
    sets : tuple of Frequency
        For each whole set of equilibria (a signature): the share of samples in
        which it is exactly the set.
    means : tuple of Mean
        Each action's probability, first averaged over the extreme equilibria of
        a sample (each counted once), then over the samples (empty for paths).
    payoffs : tuple of Mean
        Each player's expected payoff, averaged the same way (``action`` is ``""``;
        empty for paths).
    outcome : str
        ``"equilibria"`` (the Nash equilibria of the strategic form) or
        ``"spe-path"`` (the subgame-perfect path of a game tree).
    requested : int or None
        The samples asked for, when the run was interrupted before all were solved.
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
    outcome: str = "equilibria"
    requested: int | None = None

    @property
    def complete(self) -> bool:
        """False when the run was interrupted before every requested sample was solved."""
        return self.requested is None or self.requested == self.samples

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
            "outcome": self.outcome,
            "samples": self.samples,
            "requested": self.samples if self.requested is None else self.requested,
            "seed": self.seed,
            "distribution": self.distribution,
            "parameters": list(self.params),
            "equilibria": [freq(f) for f in self.equilibria],
            "sets": [freq(f) for f in self.sets],
            "action_probabilities": [mean(m) for m in self.means],
            "payoffs": [{k: v for k, v in mean(m).items() if k != "action"} for m in self.payoffs],
            "convention": "an action's probability is averaged over the extreme equilibria of each sample "
                          "(each counted once), then over samples" if self.outcome == "equilibria" else
                          "each sample's subgame-perfect path(s), found by backward induction on the game tree",
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per reported quantity (kind, outcome or player/action, estimate, interval)."""
        rows = []
        first = "equilibrium" if self.outcome == "equilibria" else "path"
        for kind, items in ((first, self.equilibria), ("set", self.sets)):
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
#: What a Monte Carlo run counts: Nash equilibria of the strategic form, or a tree's subgame-perfect path.
OUTCOMES = ("equilibria", "spe-path")
#: The most samples one run keeps (every draw and its signature stay in memory). At this size a
#: frequency's 95% interval is at most about 0.0044 wide: more samples add nothing a reader can see.
MAX_SAMPLES = 200_000
#: Samples solved (per worker) between the moments an interrupted run can keep what it has finished.
BLOCK = 4096


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; ``partial`` holds the result of the samples finished before it (or None)."""

    def __init__(self, partial=None):
        super().__init__()
        self.partial = partial


def check_seed(seed) -> int:
    """``seed`` as a seed of :func:`numpy.random.default_rng`; ``None`` draws one from fresh entropy.

    >>> check_seed(7)
    7
    >>> check_seed(None) >= 0
    True
    """
    if seed is None:
        import secrets

        return secrets.randbits(63)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise SensitivityError(f"seed must be a whole number 0 or above (or None for a fresh one), got {seed!r}")
    if seed < 0:
        raise SensitivityError(f"seed must be a whole number 0 or above (or None for a fresh one), got {seed}")
    return int(seed)


def draw(model, samples: int, seed: int | None, *, distribution: str = "uniform",
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
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 1:
        raise SensitivityError(f"samples must be a whole number of at least 1, got {samples!r}")
    if samples > MAX_SAMPLES:
        raise SensitivityError(
            f"{samples:,} samples is more than the {MAX_SAMPLES:,} one run keeps in memory "
            f"(at {MAX_SAMPLES:,} a 95% interval is already at most ±0.22 points); ask for fewer"
        )
    names = tuple(getattr(model, "parameters", {}) if params is None else params)
    if not names:
        raise SensitivityError("no parameters to draw")
    parameters = [parameter_of(model, n) for n in names]
    rng = np.random.default_rng(check_seed(seed))
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


@gc_paused()  # many small tuples kept, none in a cycle
def montecarlo(
    model,
    samples: int,
    seed: int | None,
    *,
    distribution: str = "uniform",
    params: Sequence[str] | None = None,
    outcome: str | None = None,
    options: SolveOptions | None = None,
    **keywords,
) -> MonteCarlo:
    """Draw the parameters from their ranges, solve each draw, and count the outcomes.

    Parameters
    ----------
    model
        A matrix model, a tree model, or anything with ``parameters`` and ``game(**overrides)``.
    samples : int
        Number of draws, at most :data:`MAX_SAMPLES`.
    seed : int or None
        Seed of :func:`numpy.random.default_rng` (a whole number 0 or above); the
        same seed gives the same result. ``None`` draws a seed from fresh
        entropy; the result reports it (:attr:`MonteCarlo.seed`), so the run can
        be repeated.
    distribution : {"uniform", "triangular"}
        Uniform over each parameter's ``[low, high]``, or triangular on it with
        its mode at the parameter's (cited) value.
    params : sequence of str, optional
        The parameters to draw (default: all); the others keep their values.
    outcome : {"equilibria", "spe-path"}, optional
        What to count: the Nash equilibria of the (reduced) strategic form, or
        the subgame-perfect path of a game tree. Default: ``"spe-path"`` for a
        tree model, ``"equilibria"`` otherwise.
    options : SolveOptions, optional
        As for :func:`~bargain.sensitivity.sweep` (or its fields as keywords).

    Returns
    -------
    MonteCarlo
        Frequencies with Wilson 95% intervals; mean action probabilities with
        normal 95% intervals. An action's probability in one sample is the
        average over that sample's extreme equilibria, each counted once.

    Raises
    ------
    Interrupted
        On Ctrl-C; its ``partial`` attribute is the result of the samples
        finished so far (``None`` when none were), marked incomplete.

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

    A game tree counts its subgame-perfect path:

    >>> tree = montecarlo(load_model("august-deadline"), 20, seed=7)
    >>> tree.outcome, sum(f.count for f in tree.sets)
    ('spe-path', 20)
    """
    options = resolve(options, keywords)
    seed = check_seed(seed)
    kind = outcome or ("spe-path" if is_tree(model) else "equilibria")
    if kind not in OUTCOMES:
        raise SensitivityError(f"unknown outcome {kind!r}; choose one of: {', '.join(OUTCOMES)}")
    if kind == "spe-path" and not is_tree(model):
        raise SensitivityError(f"model {model_name(model)!r} is not a game tree: it has no subgame-perfect path")
    names, values = draw(model, samples, seed, distribution=distribution, params=params)
    points = list(map(tuple, np.asarray(values, dtype=float).tolist()))
    counter = _Counter(model, kind)
    block = BLOCK * max(1, options.workers)
    try:  # one set of workers for the whole run; a block's results are kept once the whole block is done
        with progress_bar(options.progress, len(points), "sampling") as advance, \
                counter.solver(names, points, options) as run:
            for start in range(0, len(points), block):
                counter.add(run(points[start:start + block], advance))
    except KeyboardInterrupt:
        done = len(counter.signatures)
        partial = counter.result(model, names, distribution, seed, points[:done], samples) if done else None
        raise Interrupted(partial) from None
    return counter.result(model, names, distribution, seed, points, None)


class _Counter:
    """Solves blocks of samples and keeps what the result needs (signatures, per-sample means)."""

    def __init__(self, model, kind: str):
        self.model, self.kind = model, kind
        self.signatures: list = []
        self.known: dict = {}
        self.means: list[np.ndarray] = []
        if kind == "equilibria":
            game = game_at(model, {})
            self.players, self.actions = game.players, game.actions
        else:
            self.players, self.actions = (), ()
        self.shapes = Signatures(self.players, self.actions)  # one object per distinct signature, all run long

    @contextmanager
    def solver(self, names, points, options):
        """``run(block, advance)``: the results of a block of samples (paths, or equilibria as tuples)."""
        if self.kind == "spe-path":
            yield lambda block, advance: solve_paths(self.model, names, block, options.with_keywords(progress=advance))
            return
        with solving(self.model, names, points, options) as run:
            yield run

    def add(self, results) -> None:
        """Keep the results of one whole block of samples."""
        if self.kind == "spe-path":
            self.signatures.extend(self.known.setdefault(s, s) for s in results)
            return
        width = sum(len(a) for a in self.actions) + len(self.players)
        self.means.append(_per_sample_means(results, width))
        self.signatures.extend(self.shapes.of(results))

    def result(self, model, names, distribution, seed, points, requested) -> MonteCarlo:
        n = len(self.signatures)
        signatures = self.signatures[:n]

        # samples per distinct signature: the objects are shared, so count them by identity, then merge
        # any equal ones (a signature's hash walks all its supports; here it is taken once per object)
        objects = dict(zip(map(id, signatures), signatures, strict=True))
        per_signature: dict = {}
        for key, count in Counter(map(id, signatures)).items():
            signature = objects[key]
            per_signature[signature] = per_signature.get(signature, 0) + count

        def frequencies(keys_per_signature, label) -> tuple[Frequency, ...]:
            counts: dict = {}
            for keys, count in keys_per_signature:
                for key in keys:
                    counts[key] = counts.get(key, 0) + count
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0])))
            return tuple(Frequency(label(k), c, n, *wilson(c, n)) for k, c in ordered)

        per_item = frequencies([(set(s.supports), c) for s, c in per_signature.items()], signatures[0].item_label)
        per_set = frequencies([({s}, c) for s, c in per_signature.items()], lambda s: s.label())
        means, payoffs = [], []
        if self.kind == "equilibria":
            table = np.concatenate(self.means)[:n]
            column = 0
            for k, player in enumerate(self.players):
                for action in self.actions[k]:
                    values = table[:, column]
                    mean, low, high = mean_interval(values[~np.isnan(values)])
                    means.append(Mean(player, action, mean, max(0.0, low), min(1.0, high)))
                    column += 1
            for k, player in enumerate(self.players):
                values = table[:, column + k]
                payoffs.append(Mean(player, "", *mean_interval(values[~np.isnan(values)])))
        return MonteCarlo(
            model=model_name(model), params=names, distribution=distribution, seed=int(seed),
            draws=tuple(points[:n]), signatures=tuple(signatures), equilibria=per_item, sets=per_set,
            means=tuple(means), payoffs=tuple(payoffs), outcome=self.kind,
            requested=requested if requested is not None and requested != n else None,
        )


def _per_sample_means(results, width: int) -> np.ndarray:
    """Per sample, every action's probability and each payoff averaged over its equilibria (NaN when none).

    One array for the whole block: the equilibria's numbers summed per sample in
    order (as :func:`numpy.mean` sums a few numbers), then divided by their count.

    >>> eq = ((1.0, 0.0), (0.5, 0.5), (2.0, 4.0), 0.0, 0)
    >>> _per_sample_means([(eq, eq), ()], 6).tolist()[0]
    [1.0, 0.0, 0.5, 0.5, 2.0, 4.0]
    """
    counts = np.fromiter(map(len, results), dtype=np.intp, count=len(results))
    sums = np.zeros((len(results), width))
    if counts.any():
        # a row is (each player's probabilities ..., payoffs, regret, component): all but the last two
        values = np.array([[v for part in eq[:-2] for v in part] for equilibria in results for eq in equilibria],
                          dtype=float)
        np.add.at(sums, np.repeat(np.arange(len(results)), counts), values)
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]
