"""The data behind a report page, computed once in Python and embedded in the page as JSON.

:func:`build_report` gathers everything the page shows from the public API:
the model's header, players, actions, payoff terms and tree
(:func:`bargain.model.describe`, ``Model.terms``), every parameter with its
quotes located in their articles (:mod:`bargain.sources`), the equilibria at
the chosen values (:func:`bargain.solve`), one grid per parameter with the
equilibria at every grid value (:func:`bargain.sweep`) and the exact flip
points (:func:`bargain.thresholds`), a two-parameter map and a Monte Carlo run
(:func:`bargain.montecarlo`).

Why precomputed grids, and not solving in the page
--------------------------------------------------
The page must show what ``bargain solve --set NAME=VALUE`` prints. Solving in
the browser would need a second implementation of the solver and its verifier,
in JavaScript, that could drift from the Python one. Instead each slider moves
over precomputed values: an even grid over the parameter's plausible range
(``points`` values, both ends included), every flip point found by
:func:`bargain.thresholds` (located to 1e-9), a value just below and just above
each flip point, and the chosen value itself. At every one of them the page
holds the full solution computed in Python, so what it shows at a value *is*
the Python result there: the flip points, their sides and the chosen value are
solved by :func:`bargain.solve` itself, the even grid by :func:`bargain.sweep`
(batched; the same equilibria to round-off). Sliders move one parameter at a time (the others
return to the chosen values), which is what one-at-a-time grids can answer.

The JSON layout (``schema`` ``"bargain-report/1"``)
---------------------------------------------------
Players, actions and equilibria are lists indexed like the game, so a game of
any number of players fits::

    {"schema", "generator", "model": {name, title, date, kind, description, units,
                                      sign_convention, notes, disagreements, file},
     "players": [str], "actions": [[{label, description}] per player],
     "cells": [{key, label}],              # action profiles (or tree leaves) that carry payoffs
     "slots": [[cell, player, term]],      # every named term at every cell
     "term_definitions": [...], "tree": null | {root, nodes, leaves},
     "parameters": [{name, value, default, low, high, unit, description, assumption, overridden,
                     sources: [{file, quote, found, excerpt, start, end, context}]}],
                     # excerpt: the quote's paragraph and the ones either side; excerpt[start:end] is the quote
     "base": {"values": {name: value}, "point": POINT, "slots": [value per slot], "solution": {...}},
     "grids": {name: {"values": [...], "base": index, "points": [POINT per value],
                      "slots": {slot index: [value per grid value]},   # only the terms that vary
                      "thresholds": [{value, below, above, left, right, at, description}]}},
     "map": null | {...}, "montecarlo": null | {...},
     "selection": null | [...], "drivers": null | {...}, "options": {...}}

    POINT = {"eq": [{"s": [[probability per action] per player], "u": [payoff per player],
                     "c": component, "v": verdict (trees only)}],
             "spe": [{"choices": {node: move}, "u": [...]}]}         # trees only

Selection and drivers
---------------------
``selection`` and ``drivers`` are slots for results computed elsewhere; the
page renders them when they are given. Each may be an object with a
``to_dict()`` method, a dataclass, or plain JSON-ready data:

* ``selection``: a list of ``{"criterion": str, "equilibrium": int | null,
  "label": str, "reason": str}`` (``equilibrium`` indexes the equilibria at the
  chosen values; ``label`` names the pick when it is not one of them), or a
  dict with such a list under ``"picks"``;
* ``drivers``: ``{"ranking": [{"parameter", "score", "low", "high", "source"}],
  "flip_points": [{"parameter", "value", "description"}], "method": str}``;
  every key is optional.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BargainError

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


def build_report(model, overrides: Mapping[str, float] | None = None, *, selection=None, drivers=None,
                 options: ReportOptions | None = None) -> dict:
    """Everything a report page shows about ``model`` at the values ``overrides``, as JSON-ready data.

    Parameters
    ----------
    model
        A model from :func:`bargain.load_model` (matrix or tree).
    overrides : mapping, optional
        Parameter values that replace the model's own (as ``--set`` does); the
        sliders start there and move one parameter at a time away from them.
    selection, drivers : optional
        Results computed elsewhere, rendered when given (see the module docstring).
    options : ReportOptions, optional

    Returns
    -------
    dict
        The layout is described in the module docstring.

    Examples
    --------
    >>> import bargain
    >>> from bargain.report import build_report, ReportOptions
    >>> data = build_report(bargain.load_model("rare-earth-chicken"),
    ...                     options=ReportOptions(points=11, samples=0, map_points=0))
    >>> data["players"], len(data["base"]["point"]["eq"])
    (['China', 'United States'], 3)
    >>> data["grids"]["china_share"]["values"][:3], data["grids"]["china_share"]["thresholds"]
    ([0.62, 0.658, 0.696], [])
    """
    from ..model import RangeWarning

    options = options or ReportOptions()
    overrides = {name: float(value) for name, value in (overrides or {}).items()}
    values = model.values(**overrides)  # checks the names and values, warns once for an out-of-range value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        data = _build(model, overrides, values, options)
    data["selection"] = _selection(selection)
    data["drivers"] = _plain(drivers) if drivers is not None else None
    return data


def _build(model, overrides: dict, values: dict, options: ReportOptions) -> dict:
    from ..model import describe

    tree = model.kind == "sequential"
    described = describe(model, **overrides)
    game = model.game(**overrides)
    cells, slots, base_slots = _slots(model.terms(**overrides))
    grids = {name: _grid(model, overrides, values, name, options, slots, base_slots) for name in model.parameters}
    point, meta = _base(model, overrides)
    data = {
        "schema": SCHEMA,
        "generator": _generator(),
        "model": _header(model),
        "players": list(game.players),
        "actions": _actions(model, game, described),
        "cells": cells,
        "slots": [list(s) for s in slots],
        "term_definitions": described.get("term_definitions", []),
        "tree": _tree(model) if tree else None,
        "parameters": [],
        "base": {
            "values": {name: _f(v) for name, v in values.items()},
            "point": point,
            "slots": base_slots,
            "solution": meta,
        },
        "grids": grids,
        "options": dataclasses.asdict(options),
    }
    data["parameters"] = _parameters(model, values, overrides)
    data["map"] = _map(model, overrides, grids, options)
    data["montecarlo"] = _montecarlo(model, overrides, options)
    return data


# --------------------------------------------------------------------------- small helpers


def _f(value) -> float:
    """A float rounded to 12 decimals (as the JSON output of ``bargain solve``), without negative zero."""
    rounded = round(float(value), 12)
    return 0.0 if rounded == 0 else rounded


def _generator() -> str:
    from .. import __version__

    return f"bargain {__version__}"


def _plain(obj):
    """``obj`` as JSON-ready data: ``to_dict()`` if it has one, dataclasses as dicts, containers recursively."""
    if hasattr(obj, "to_dict") and callable(obj.to_dict):
        obj = obj.to_dict()
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        obj = dataclasses.asdict(obj)
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int | float):
        return obj if math.isfinite(obj) else None
    try:
        return float(obj)
    except (TypeError, ValueError):
        return str(obj)


def _selection(selection):
    if selection is None:
        return None
    data = _plain(selection)
    if isinstance(data, dict):
        data = data.get("picks", data.get("selections", [data]))
    if not isinstance(data, list):
        raise ReportError("selection must be a list of picks, or a dict with one under 'picks'")
    return data


# --------------------------------------------------------------------------- the model


def _header(model) -> dict:
    notes = getattr(model, "notes", None)
    if isinstance(notes, str):
        notes = [notes]
    return {
        "name": model.name,
        "title": model.title,
        "date": model.date,
        "kind": model.kind,
        "description": model.description.strip(),
        "units": model.units,
        "sign_convention": model.sign_convention,
        "notes": [str(n) for n in notes] if notes else [],
        "disagreements": disagreements(model.description),
        "file": model.path.name if getattr(model, "path", None) is not None else None,
    }


def disagreements(description: str) -> str:
    """The part of a model's description that says where its articles disagree, or ``""``.

    It starts at the first paragraph that mentions a disagreement and runs to
    the end of the description.

    >>> disagreements("The game.\\n\\nWhere the articles disagree:\\n  * one says 62%.")
    'Where the articles disagree:\\n  * one says 62%.'
    >>> disagreements("Nothing to see.")
    ''
    """
    paragraphs = description.strip().split("\n\n")
    for k, paragraph in enumerate(paragraphs):
        if "disagree" in paragraph.lower():
            return "\n\n".join(paragraphs[k:]).strip()
    return ""


def _actions(model, game, described) -> list[list[dict]]:
    by_player = described.get("actions", {})
    result = []
    for player, labels in zip(game.players, game.actions, strict=True):
        descriptions = {a["label"]: a.get("description", "") for a in by_player.get(player, [])}
        result.append([{"label": a, "description": descriptions.get(a, "")} for a in labels])
    return result


def _tree(model) -> dict:
    nodes = []
    for name, spec in model.nodes.items():
        entry = {"name": name, "player": spec.player, "text": spec.text,
                 "moves": [[label, target] for label, target in spec.moves]}
        if spec.probabilities is not None:
            entry["probabilities"] = [e.text for e in spec.probabilities]
        nodes.append(entry)
    terms = [{"name": t.name, "player": t.player, "expression": t.expression.text,
              "when": [f"{node}:{move}" if node else move for node, move in t.when], "description": t.description}
             for t in model.payoff_terms]
    return {"root": model.root, "nodes": nodes, "leaves": list(model.leaves), "terms": terms}


def _slots(breakdown: Mapping) -> tuple[list[dict], list[tuple[int, int, str]], list[float]]:
    """Cells (profiles or leaves), the (cell, player, term) slots and their values, from ``Model.terms``."""
    cells, slots, values = [], [], []
    for c, (key, by_player) in enumerate(breakdown.items()):
        if isinstance(key, tuple):
            cells.append({"key": list(key), "label": " / ".join(key)})
        else:
            cells.append({"key": str(key), "label": str(key)})
        for p, (_player, terms) in enumerate(by_player.items()):
            for term, value in terms.items():
                slots.append((c, p, term))
                values.append(_f(value))
    return cells, slots, values


def _slot_values(model, values: Mapping[str, float], slots) -> list[float]:
    breakdown = model.terms(**values)
    keys = list(breakdown)
    result = []
    for c, p, term in slots:
        by_player = breakdown[keys[c]]
        result.append(_f(list(by_player.values())[p][term]))
    return result


# --------------------------------------------------------------------------- parameters and sources


def _parameters(model, values: Mapping[str, float], overrides: Mapping) -> list[dict]:
    from ..sources import MAX_SEED_BYTES, seed_path
    from .articles import context, excerpt, locate

    texts: dict[str, str | None] = {}
    result = []
    for name, p in model.parameters.items():
        sources = []
        for citation in p.sources:
            if citation.file not in texts:
                path = seed_path(model, citation.file)
                text = None
                if path is not None and path.stat().st_size <= MAX_SEED_BYTES:
                    text = path.read_text(encoding="utf-8", errors="replace")
                texts[citation.file] = text
            text = texts[citation.file]
            span = locate(citation.quote, text) if text is not None else None
            piece, start, end = excerpt(text, span) if span else (None, None, None)
            sources.append({
                "file": citation.file,
                "quote": citation.quote,
                "found": span is not None,
                "excerpt": piece,
                "start": start,
                "end": end,
                "context": context(text, span) if span else None,
            })
        result.append({
            "name": name,
            "value": _f(values[name]),
            "default": _f(p.value),
            "low": _f(p.low),
            "high": _f(p.high),
            "unit": p.unit,
            "description": " ".join(p.description.split()),
            "assumption": " ".join(p.assumption.split()) if p.assumption else None,
            "overridden": name in overrides,
            "sources": sources,
        })
    return result


# --------------------------------------------------------------------------- solving


def _equilibria(solution) -> list[dict]:
    where = {k: c for c, members in enumerate(solution.components) for k in members}
    return [
        {"s": [[_f(p) for p in strategy] for strategy in eq.profile], "u": [_f(u) for u in eq.payoffs],
         "c": where.get(k, k)}
        for k, eq in enumerate(solution)
    ]


def _point(model, values: Mapping[str, float], solution=None) -> dict:
    """The full solution at ``values``, as ``bargain solve --set`` computes it (and, for a tree, its verdicts)."""
    from .. import solve

    if model.kind != "sequential":
        return {"eq": _equilibria(solve(model.game(**values)) if solution is None else solution)}
    tree = model.tree(**values)
    solution = solve(tree.to_game()) if solution is None else solution
    equilibria = _equilibria(solution)
    for entry, verdict in zip(equilibria, tree.classify(solution), strict=True):
        entry["v"] = verdict.status
    induction = tree.backward_induction()
    return {
        "eq": equilibria,
        "spe": [{"choices": dict(spe.choices), "u": [_f(u) for u in spe.payoffs]} for spe in induction],
    }


def _base(model, values: Mapping[str, float]) -> tuple[dict, dict]:
    """The point at the chosen values, and how its solution was found."""
    from .. import solve

    solution = solve(model.game(**values))
    meta = {"method": solution.method, "complete": bool(solution.complete), "degenerate": bool(solution.degenerate),
            "continuum": bool(solution.continuum), "tolerance": float(solution.tolerance),
            "exact": bool(solution.exact)}
    return _point(model, values, solution), meta


def _sweep_points(held, name: str, values: list[float]) -> list[dict]:
    """Points of a matrix model, solved in batches by :func:`bargain.sweep` (equal to ``solve`` at each value)."""
    from .. import sweep

    result = sweep(held, name, values)
    points: list[dict] = [{"eq": []} for _ in values]
    for record in result.records:
        points[record.point]["eq"].append({
            "s": [[_f(p) for p in strategy] for strategy in record.profile],
            "u": [_f(u) for u in record.payoffs],
            "c": record.component,
        })
    return points


def _round_within(a: float, b: float) -> float:
    """The number with the fewest decimals in ``[a, b]``.

    >>> _round_within(0.66656, 0.66663)
    0.6666
    """
    for digits in range(0, 17):
        candidate = round((a + b) / 2, digits)
        if a <= candidate <= b:
            return candidate
    return (a + b) / 2


def _sides(value: float, others: list[float], low: float, high: float, share: float) -> tuple[float | None, ...]:
    """A short value just below and one just above a flip point (None where that leaves the range)."""
    delta = share * (high - low)
    gaps = [abs(value - u) for u in others if u != value]
    if gaps:
        delta = min(delta, min(gaps) / 3)
    below = _round_within(value - 1.5 * delta, value - 0.5 * delta)
    above = _round_within(value + 0.5 * delta, value + 1.5 * delta)
    return (below if below >= low else None), (above if above <= high else None)


def _grid(model, overrides: dict, values: Mapping[str, float], name: str, options: ReportOptions,
          slots, base_slots: list[float]) -> dict:
    """One slider's values and the full solution at each: an even grid, the flip points and their sides."""
    from .. import thresholds
    from ..sensitivity import hold, linspace

    tree = model.kind == "sequential"
    held = hold(model, **overrides) if overrides else model
    parameter = model.parameters[name]
    base = float(values[name])
    low, high = min(parameter.low, base), max(parameter.high, base)
    # grid values rounded to 12 decimals, so the value the page shows is the very value solved there
    even = [base] if low == high else sorted({round(v, 12) for v in
                                              linspace(low, high, options.tree_points if tree else options.points)})
    solved = dict(zip(even, _solve_values(model, held, overrides, name, even), strict=True))
    found = () if low == high else thresholds(held, name, low, high, grid=_as_sweep(model, name, even, solved))
    marks = []
    extra = {base}
    for t in found:
        below, above = _sides(t.value, [u.value for u in found], low, high, options.side)
        extra.update(v for v in (t.value, below, above) if v is not None)
        marks.append({
            "value": _f(t.value), "below": below, "above": above,
            "left": t.left.label(), "right": t.right.label(), "at": t.at.label() if t.at else None,
            "description": t.describe(),
        })
    # the chosen value, the flip points and their sides are solved by bargain.solve itself, one by one
    solved.update({v: _point(model, overrides | {name: v}) for v in sorted(extra)})
    grid = sorted(solved)
    columns = [_slot_values(model, overrides | {name: v}, slots) for v in grid]
    varying = {str(k): [column[k] for column in columns] for k in range(len(slots))
               if any(column[k] != base_slots[k] for column in columns)}
    return {
        "values": [float(v) for v in grid],
        "base": grid.index(base),
        "points": [solved[v] for v in grid],
        "slots": varying,
        "thresholds": marks,
    }


def _solve_values(model, held, overrides: dict, name: str, values: list[float]) -> list[dict]:
    """The point at each value of ``name``: by :func:`bargain.sweep` for a two-player matrix model, else one by one.

    A sweep solves its points in batches; its equilibria equal those of :func:`bargain.solve` at each value
    to round-off (the tests check every point to 1e-9).
    """
    if model.kind == "sequential" or len(model.players) != 2:
        return [_point(model, overrides | {name: v}) for v in values]
    return _sweep_points(held, name, values)


def _as_sweep(model, name: str, values: list[float], solved: Mapping[float, dict]):
    """The grid already solved, as the :class:`~bargain.sensitivity.Sweep` that :func:`bargain.thresholds` reuses."""
    from ..sensitivity import Signature, Sweep

    game = model.game()
    players, actions = tuple(game.players), tuple(game.actions)
    parameter = model.parameters[name]
    signatures = []
    for v in values:
        supports = [
            tuple(tuple(a for a, p in zip(labels, strategy, strict=True) if p > 0)
                  for labels, strategy in zip(actions, eq["s"], strict=True))
            for eq in solved[v]["eq"]
        ]
        signatures.append(Signature(players, tuple(sorted(supports))))
    return Sweep(model=model.name, params=(name,), axes=(tuple(values),), units=(parameter.unit,),
                 ranges=((parameter.low, parameter.high, parameter.value),), players=players, actions=actions,
                 points=tuple((v,) for v in values), signatures=tuple(signatures), records=())


# --------------------------------------------------------------------------- map and Monte Carlo


def _map_params(model, grids: Mapping[str, dict], options: ReportOptions) -> tuple[str, str] | None:
    names = list(model.parameters)
    if options.map_params is not None:
        pair = tuple(options.map_params)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise ReportError(f"the map needs two different parameters, got {list(pair)}")
        for name in pair:
            if name not in model.parameters:
                raise ReportError(f"unknown map parameter {name!r}; parameters are: {', '.join(names)}",
                                  source=model.source)
        return pair
    if len(names) < 2:
        return None
    movable = [n for n in names if model.parameters[n].low < model.parameters[n].high]
    if len(movable) < 2:
        return None

    def rank(n: str):
        return len(grids[n]["thresholds"]), -names.index(n)

    first = "china_share" if "china_share" in movable else max(movable, key=rank)
    second = max((n for n in movable if n != first), key=rank)
    return first, second


def _spe_label(induction) -> str:
    labels = []
    for spe in induction:
        path = " → ".join(f"{step.player} {step.move}" for step in spe.path)
        labels.append(path or "(chance decides)")
    return " | ".join(dict.fromkeys(labels))


def _map(model, overrides: dict, grids: Mapping[str, dict], options: ReportOptions) -> dict | None:
    from .. import sweep
    from ..sensitivity import hold, linspace

    if options.map_points == 0:
        return None
    pair = _map_params(model, grids, options)
    if pair is None:
        return None
    axes = [list(linspace(model.parameters[n].low, model.parameters[n].high, options.map_points)) for n in pair]
    if model.kind == "sequential":
        what = "the subgame-perfect path of play"
        labels = [_spe_label(model.tree(**(overrides | {pair[0]: a, pair[1]: b})).backward_induction())
                  for b in axes[1] for a in axes[0]]
    else:
        what = "the set of equilibria"
        held = hold(model, **overrides) if overrides else model
        result = sweep(held, list(pair), axes)
        labels = [s.label() for s in result.signatures]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    order = sorted(counts, key=lambda s: (-counts[s], s))
    index = {label: k for k, label in enumerate(order)}
    return {
        "params": list(pair),
        "what": what,
        "x": [_f(v) for v in axes[0]],
        "y": [_f(v) for v in axes[1]],
        "labels": order,
        "counts": [counts[s] for s in order],
        "cells": [index[label] for label in labels],
    }


def _montecarlo(model, overrides: dict, options: ReportOptions) -> dict | None:
    from ..sensitivity import hold

    free = [n for n, p in model.parameters.items() if n not in overrides and p.low < p.high]
    if options.samples == 0 or not free:
        return None
    common = {"samples": options.samples, "seed": options.seed, "distribution": "uniform", "params": free,
              "held": {n: _f(v) for n, v in overrides.items()}}
    if model.kind == "sequential":
        return common | {"what": "the subgame-perfect path of play", "equilibria": _tree_frequencies(
            model, overrides, free, options)}
    from .. import montecarlo

    held = hold(model, **overrides) if overrides else model
    result = montecarlo(held, options.samples, options.seed, params=free)
    data = result.to_dict()
    return common | {
        "what": "each equilibrium (by the actions it uses)",
        "equilibria": [_frequency(f) for f in data["equilibria"]],
        "sets": [_frequency(f) for f in data["sets"]],
        "probabilities": data["action_probabilities"],
        "payoffs": data["payoffs"],
    }


def _frequency(entry: Mapping) -> dict:
    return {"label": entry["outcome"], "count": entry["count"], "frequency": entry["frequency"],
            "low": entry["ci95"][0], "high": entry["ci95"][1]}


def _tree_frequencies(model, overrides: dict, free: list[str], options: ReportOptions) -> list[dict]:
    from ..sensitivity import draw, wilson

    names, draws = draw(model, options.samples, options.seed, params=free)
    counts: dict[str, int] = {}
    for row in draws:
        values = overrides | {n: float(v) for n, v in zip(names, row, strict=True)}
        label = _spe_label(model.tree(**values).backward_induction())
        counts[label] = counts.get(label, 0) + 1
    n = len(draws)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"label": label, "count": c, "frequency": _f(c / n), "low": _f(wilson(c, n)[0]),
             "high": _f(wilson(c, n)[1])} for label, c in ordered]
