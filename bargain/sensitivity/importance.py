"""Drivers: which parameters -- cited figures or judgement calls -- decide the answer.

Two views of the same question:

* **flip points**, one parameter at a time: every value inside the
  parameter's range where the answer changes, the others held at their values
  (:func:`~bargain.sensitivity.thresholds`, located to ``1e-9``);
* a **global ranking**, all parameters drawn at once over their ranges:
  Sobol' indices of the answer (:mod:`~bargain.sensitivity.sobol`) -- the
  first-order index is the share of the answer's variance a parameter explains
  alone, the total index the share it has any part in.

The answer is the set of equilibria (its signature: the supports of every
extreme equilibrium) for a matrix model, the subgame-perfect path for a game
tree. A second ranking asks which *outcome is selected*, given a function
``outcome(game) -> label`` (a selection rule); without one it is the first
ranking again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bargain.numbers import number

from .held import game_at, model_name, parameter_of
from .monte_carlo import check_seed
from .options import SensitivityError, SolveOptions, resolve
from .paths import is_tree, tree_at
from .progress import progress_bar
from .signature import signatures_of
from .sobol import Index, categorical_indices, check_samples, saltelli_points
from .threshold import Threshold, thresholds
from .trees import solve_paths

#: The most model evaluations one run makes (every answer is kept in memory until the indices are computed).
MAX_EVALUATIONS = 2_000_000


@dataclass(frozen=True)
class ParameterDrivers:
    """One parameter: where it stands, where it flips the answer, and whether an article gives it.

    Attributes
    ----------
    name, unit : str
    value, low, high : float
        The model's value and the range searched and sampled.
    cited : bool
        True when an article gives the value (sources and no stated assumption).
    varied : bool
        False for a parameter with an empty range (it is held at its value).
    flips : tuple of Threshold
        Every value inside ``[low, high]`` where the answer changes, the others at their values.
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    cited: bool
    varied: bool
    flips: tuple[Threshold, ...]

    @property
    def source(self) -> str:
        """``"cited"`` or ``"assumption"``."""
        return "cited" if self.cited else "assumption"


@dataclass(frozen=True)
class Ranking:
    """How much each parameter decides one categorical answer.

    Attributes
    ----------
    question : str
        ``"equilibria"`` (which equilibria exist), ``"spe-path"`` (which path a
        tree's subgame-perfect play takes) or ``"outcome"`` (what the outcome
        function returns).
    indices : tuple of Index
        One per varied parameter, in model order.
    answers : tuple of (label, share)
        Each answer met in the base samples and the share of them giving it, most frequent first.
    by_answer : tuple of (label, share, tuple of Index)
        The indices of each answer's indicator.
    """

    question: str
    indices: tuple[Index, ...]
    answers: tuple[tuple[str, float], ...]
    by_answer: tuple[tuple[str, float, tuple[Index, ...]], ...] = ()

    @property
    def constant(self) -> bool:
        """True when every base sample gave the same answer (no variance to explain)."""
        return len(self.answers) <= 1

    def ranked(self) -> tuple[Index, ...]:
        """The indices, largest total index first."""
        return tuple(sorted(self.indices, key=lambda i: (-i.total, -i.first, i.param)))

    def index(self, param: str) -> Index:
        """The :class:`Index` of ``param``."""
        for item in self.indices:
            if item.param == param:
                return item
        raise KeyError(param)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see ``docs/sensitivity.md``)."""
        def index(i: Index) -> dict:
            return {"parameter": i.param, "first_order": number(i.first), "first_order_ci95": number(i.first_ci),
                    "total": number(i.total), "total_ci95": number(i.total_ci)}

        return {
            "question": self.question,
            "constant": self.constant,
            "answers": [{"answer": a, "share": number(s)} for a, s in self.answers],
            "ranking": [index(i) for i in self.ranked()],
            "by_answer": [{"answer": a, "share": number(s), "indices": [index(i) for i in items]}
                          for a, s, items in self.by_answer],
        }


@dataclass(frozen=True)
class Drivers:
    """Which parameters decide the answer of a model: flip points and Sobol' rankings.

    Attributes
    ----------
    model : str
    kind : str
        ``"matrix"`` or ``"tree"``.
    answer : str
        What "the answer" is: ``"equilibria"`` (matrix) or ``"spe-path"`` (tree).
    parameters : tuple of ParameterDrivers
        Every parameter, in model order.
    existence : Ranking
        How much each parameter decides the answer (which equilibria exist, or which path is played).
    selection : Ranking
        How much each parameter decides the outcome selected; the same as
        ``existence`` when no outcome function was given.
    outcome_function : str or None
        The name of the outcome function, or None.
    samples, evaluations, seed, resamples : int
        Saltelli base samples, model evaluations (``samples * (varied + 2)``),
        the seed of the design and of the bootstrap, bootstrap resamples.
    grid : int
        Grid points per parameter of the flip-point search.
    held : tuple of (name, value)
        Parameters held at values other than the model's.
    """

    model: str
    kind: str
    answer: str
    parameters: tuple[ParameterDrivers, ...]
    existence: Ranking
    selection: Ranking
    outcome_function: str | None
    samples: int
    evaluations: int
    seed: int
    resamples: int
    grid: int
    held: tuple[tuple[str, float], ...] = ()

    @property
    def varied(self) -> tuple[str, ...]:
        """The parameters drawn in the global ranking."""
        return tuple(p.name for p in self.parameters if p.varied)

    def parameter(self, name: str) -> ParameterDrivers:
        """The :class:`ParameterDrivers` of ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-ready data (the ``bargain drivers --format json`` document)."""
        return {
            "model": self.model,
            "kind": self.kind,
            "answer": self.answer,
            "method": "Sobol' indices of a categorical answer (one-hot, variance-weighted), Saltelli design, "
                      "SALib; flip points by bisection to 1e-9",
            "samples": self.samples,
            "evaluations": self.evaluations,
            "seed": self.seed,
            "resamples": self.resamples,
            "grid": self.grid,
            "held": dict(self.held),
            "outcome_function": self.outcome_function,
            "parameters": [
                {"name": p.name, "source": p.source, "value": number(p.value), "low": number(p.low),
                 "high": number(p.high), "unit": p.unit, "varied": p.varied,
                 "flips": [{"value": t.value, "bracket": list(t.bracket), "left": t.left.label(),
                            "right": t.right.label(), "at": t.at.label() if t.at is not None else None}
                           for t in p.flips]}
                for p in self.parameters
            ],
            "existence": self.existence.to_dict(),
            "selection": self.selection.to_dict(),
        }

    def to_json(self, **kwargs) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=kwargs.pop("indent", 2), **kwargs)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per parameter: source, value, range, flip points, and both rankings' indices."""
        rows = []
        order = {i.param: k + 1 for k, i in enumerate(self.existence.ranked())}
        for p in self.parameters:
            row: dict[str, Any] = {"parameter": p.name, "source": p.source, "value": p.value, "low": p.low,
                                   "high": p.high, "unit": p.unit,
                                   "flips": ";".join(repr(t.value) for t in p.flips), "rank": order.get(p.name, "")}
            for prefix, ranking in (("", self.existence), ("selected_", self.selection)):
                item = next((i for i in ranking.indices if i.param == p.name), None)
                for field in ("first", "first_ci", "total", "total_ci"):
                    row[f"{prefix}{field}"] = getattr(item, field) if item is not None else ""
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        """:meth:`to_records` as CSV text."""
        rows = self.to_records()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = list(rows[0]) if rows else []
        writer.writerow(columns)
        for row in rows:
            writer.writerow([number(row[c]) if isinstance(row[c], float) else row[c] for c in columns])
        return out.getvalue()


def drivers(
    model,
    *,
    samples: int = 1024,
    seed: int | None = 0,
    outcome: Callable[[Any], Hashable] | None = None,
    params: Sequence[str] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    grid: int = 101,
    resamples: int = 100,
    flips: bool = True,
    options: SolveOptions | None = None,
    **keywords,
) -> Drivers:
    """Which parameters decide the answer of ``model``: flip points and a global Sobol' ranking.

    Parameters
    ----------
    model
        A matrix model, a tree model (:class:`bargain.model.SequentialModel`),
        either held (:func:`~bargain.sensitivity.hold`), or any object with
        ``parameters`` and ``game(**overrides)``.
    samples : int
        Saltelli base samples, a power of two; the ranking costs
        ``samples * (parameters + 2)`` model evaluations.
    seed : int or None
        Seed of the scrambled Sobol' design and of the bootstrap (``None``: a fresh one, reported).
    outcome : callable, optional
        ``outcome(game) -> label``: which outcome is selected at a point, given
        the game there (a :class:`~bargain.games.Game`, or the
        :class:`~bargain.games.sequential.SequentialGame` of a tree model).
        Without it, the selection ranking is the existence ranking.
    params : sequence of str, optional
        The parameters to vary (default: every one with a non-empty range); the others keep their values.
    ranges : mapping, optional
        ``{name: (low, high)}`` replacing a parameter's plausible range, for flip points and sampling.
    grid : int
        Grid points per parameter for the flip-point search.
    resamples : int
        Bootstrap resamples of the confidence intervals.
    flips : bool
        Search flip points (the slower part on large models).
    options : SolveOptions, optional
        How points are solved (or its fields as keywords: ``workers``, ``backend``, ``progress``...).

    Returns
    -------
    Drivers

    Examples
    --------
    >>> from bargain.model import load_model
    >>> result = drivers(load_model("rare-earth-chicken"), samples=64,
    ...                  ranges={"us_standoff_cost": (0.5, 3.0)})
    >>> [t.value for t in result.parameter("us_standoff_cost").flips]
    [1.0]
    >>> result.existence.ranked()[0].param
    'us_standoff_cost'
    """
    options = resolve(options, keywords)
    seed = check_seed(seed)
    check_samples(samples)
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 2:
        raise SensitivityError(f"grid must be a whole number of at least 2, got {grid!r}")
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 10:
        raise SensitivityError(f"resamples must be a whole number of at least 10, got {resamples!r}")
    tree = is_tree(model)
    answer = "spe-path" if tree else "equilibria"
    table = _parameters(model, params, ranges or {})
    varied = [name for name, (low, high, _) in table.items() if high > low]
    if not varied:
        raise SensitivityError("no parameter to vary: every range chosen is empty")
    evaluations = int(samples) * (len(varied) + 2)
    if evaluations > MAX_EVALUATIONS:
        raise SensitivityError(f"{samples:,} samples x ({len(varied)} parameters + 2) = {evaluations:,} evaluations "
                               f"is more than the {MAX_EVALUATIONS:,} one run keeps; use fewer samples")
    quiet = options.with_keywords(progress=False)
    found: dict[str, tuple[Threshold, ...]] = {}
    if flips:
        with progress_bar(options.progress, len(varied), "flip points") as advance:
            for name in varied:
                low, high, _ = table[name]
                found[name] = thresholds(model, name, low, high, grid=grid, of=answer, options=quiet)
                advance(1)
    bounds = [table[name][:2] for name in varied]
    points = [tuple(float(v) for v in row) for row in saltelli_points(varied, bounds, samples, seed)]
    answers = _answers(model, varied, points, tree, options)
    existence = _ranking(answer, varied, bounds, answers, samples, seed, resamples)
    if outcome is None:
        selection = existence
    else:
        build = (lambda v: tree_at(model, v)) if tree else (lambda v: game_at(model, v))
        chosen = [outcome(build(dict(zip(varied, point, strict=True)))) for point in points]
        selection = _ranking("outcome", varied, bounds, [str(c) for c in chosen], samples, seed, resamples)
    return Drivers(
        model=model_name(model),
        kind="tree" if tree else "matrix",
        answer=answer,
        parameters=tuple(
            ParameterDrivers(name, value, low, high, str(getattr(parameter_of(model, name), "unit", "")),
                             _cited(parameter_of(model, name)), name in varied, found.get(name, ()))
            for name, (low, high, value) in table.items()
        ),
        existence=existence,
        selection=selection,
        outcome_function=None if outcome is None else getattr(outcome, "__qualname__", repr(outcome)),
        samples=int(samples),
        evaluations=evaluations,
        seed=seed,
        resamples=int(resamples),
        grid=int(grid),
        held=tuple(getattr(model, "held", ())),
    )


def _parameters(model, params, ranges) -> dict[str, tuple[float, float, float]]:
    """``{name: (low, high, value)}`` of the parameters to report, ranges replaced where asked."""
    names = list(getattr(model, "parameters", {}))
    chosen = list(dict.fromkeys(params)) if params is not None else names
    for name in [*chosen, *ranges]:
        parameter_of(model, name)
    unknown = sorted(set(ranges) - set(chosen))
    if unknown:
        raise SensitivityError(f"a range is given for {unknown[0]!r}, which is not varied")
    held = dict(getattr(model, "held", ()))
    table = {}
    for name in chosen:
        p = parameter_of(model, name)
        low, high = (float(v) for v in ranges.get(name, (p.low, p.high)))
        if not low <= high:
            raise SensitivityError(f"range of {name!r}: {low:g} is above {high:g}")
        if params is not None and high <= low:
            raise SensitivityError(f"{name!r} has an empty range [{low:g}, {high:g}]; give it one to vary it")
        table[name] = (low, high, float(held.get(name, p.value)))
    return table


def _cited(parameter) -> bool:
    return bool(getattr(parameter, "sources", ())) and not getattr(parameter, "assumption", None)


def _answers(model, names, points, tree: bool, options: SolveOptions) -> list:
    """The answer at every point: a tree's path signature, or the signature of the equilibrium set."""
    from .engine import solve_points

    if tree:
        return solve_paths(model, names, points, options, description="sampling")
    game = game_at(model, {})
    results = solve_points(model, names, points, options, description="sampling")
    return signatures_of(game.players, game.actions, results)


def _ranking(question, names, bounds, answers, samples, seed, resamples) -> Ranking:
    indices, shares, by_answer = categorical_indices(names, bounds, answers, samples, seed, resamples)

    def label(answer) -> str:
        return answer.label() if hasattr(answer, "label") else str(answer)

    ordered = sorted(shares.items(), key=lambda kv: (-kv[1], label(kv[0])))
    return Ranking(
        question=question,
        indices=indices,
        answers=tuple((label(a), s) for a, s in ordered),
        by_answer=tuple(sorted(((label(a), s, items) for a, s, items in by_answer), key=lambda r: (-r[1], r[0]))),
    )


__all__ = ["MAX_EVALUATIONS", "Drivers", "ParameterDrivers", "Ranking", "drivers"]
