"""Solving for the report: a slider's values with the full solution at each, the map, the Monte Carlo run.

Why precomputed grids, and which values they hold, is said in :mod:`bargain.report.data`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .options import ReportError, ReportOptions
from .options import rounded as _f
from .terms import TermSlots, moving_slots

# --------------------------------------------------------------------------- solving


def solve_game(game):
    """The solution ``bargain solve`` gives: the two-player solvers, or every support enumerated for more players."""
    if getattr(game, "n_players", 2) > 2:
        from ..nplayer import solve

        return solve(game, method="enumpoly")
    from ..equilibria import solve

    return solve(game)


def _equilibria(solution) -> list[dict]:
    where = {k: c for c, members in enumerate(solution.components) for k in members}
    entries = [
        {"s": [[_f(p) for p in strategy] for strategy in eq.profile], "u": [_f(u) for u in eq.payoffs],
         "c": where.get(k, k)}
        for k, eq in enumerate(solution)
    ]
    # n players: a set of equilibria of positive dimension is shown as one verified point on it
    sets = [c.samples[0] for c in getattr(solution, "continua", ()) if c.samples]
    return entries + [
        {"s": [[_f(p) for p in strategy] for strategy in eq.profile], "u": [_f(u) for u in eq.payoffs],
         "c": len(entries) + k, "set": True}
        for k, eq in enumerate(sets)
    ]


def _point(model, values: Mapping[str, float], solution=None) -> dict:
    """The full solution at ``values``, as ``bargain solve --set`` computes it (and, for a tree, its verdicts)."""
    from ..equilibria import solve

    if model.kind != "sequential":
        return {"eq": _equilibria(solve_game(model.game_at(values)) if solution is None else solution)}
    tree = model.tree_at(values)
    solution = solve(tree.to_game()) if solution is None else solution
    equilibria = _equilibria(solution)
    for entry, verdict in zip(equilibria, tree.classify(solution), strict=True):
        entry["v"] = verdict.status
    induction = tree.backward_induction()
    return {
        "eq": equilibria,
        "spe": [{"choices": dict(spe.choices), "u": [_f(u) for u in spe.payoffs]} for spe in induction],
    }


def base_point(model, values: Mapping[str, float]) -> tuple[dict, dict]:
    """The point at the chosen values, and how its solution was found."""
    solution = solve_game(model.game_at(values))
    meta = {"method": solution.method, "complete": bool(solution.complete), "degenerate": bool(solution.degenerate),
            "continuum": bool(solution.continuum), "tolerance": float(solution.tolerance),
            "exact": bool(solution.exact)}
    return _point(model, values, solution), meta


def _sweep_points(held, name: str, values: list[float]) -> list[dict]:
    """Points of a matrix model, solved in batches by :func:`bargain.sweep` (equal to ``solve`` at each value)."""
    from ..sensitivity import sweep

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


def slider_grid(model, overrides: dict, values: Mapping[str, float], name: str, options: ReportOptions,
                table: TermSlots) -> dict:
    """One slider's values and the full solution at each: an even grid, the flip points and their sides."""
    from ..sensitivity import hold, linspace, thresholds

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
    return {
        "values": [float(v) for v in grid],
        "base": grid.index(base),
        "points": [solved[v] for v in grid],
        "slots": moving_slots(model, table, overrides, name, grid),
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

    game = model.game_at({})
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


def map_data(model, overrides: dict, grids: Mapping[str, dict], options: ReportOptions) -> dict | None:
    from ..sensitivity import hold, linspace, sweep

    if options.map_points == 0:
        return None
    pair = _map_params(model, grids, options)
    if pair is None:
        return None
    axes = [list(linspace(model.parameters[n].low, model.parameters[n].high, options.map_points)) for n in pair]
    if model.kind == "sequential":
        what = "the subgame-perfect path of play"
        labels = [_spe_label(model.tree_at(overrides | {pair[0]: a, pair[1]: b}).backward_induction())
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


def montecarlo_data(model, overrides: dict, options: ReportOptions) -> dict | None:
    from ..sensitivity import hold

    free = [n for n, p in model.parameters.items() if n not in overrides and p.low < p.high]
    if options.samples == 0 or not free:
        return None
    common = {"samples": options.samples, "seed": options.seed, "distribution": "uniform", "params": free,
              "held": {n: _f(v) for n, v in overrides.items()}}
    if model.kind == "sequential":
        return common | {"what": "the subgame-perfect path of play", "equilibria": _tree_frequencies(
            model, overrides, free, options)}
    from ..sensitivity import montecarlo

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
        label = _spe_label(model.tree_at(values).backward_induction())
        counts[label] = counts.get(label, 0) + 1
    n = len(draws)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"label": label, "count": c, "frequency": _f(c / n), "low": _f(wilson(c, n)[0]),
             "high": _f(wilson(c, n)[1])} for label, c in ordered]
