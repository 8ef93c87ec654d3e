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
                     "c": component, "v": verdict (trees only),
                     "set": true (only on a point standing for a set of equilibria of positive
                                  dimension, three or more players)}],
             "spe": [{"choices": {node: move}, "u": [...]}]}         # trees only

Selection and drivers
---------------------
``selection`` and ``drivers`` are slots for results computed elsewhere; the
page renders them when they are given. Each may be an object with a
``to_dict()`` method, a dataclass, or plain JSON-ready data:

* ``selection``: a list of ``{"criterion": str, "equilibrium": int | null,
  "label": str, "reason": str}`` (``equilibrium`` indexes the equilibria at the
  chosen values; ``label`` names the pick when it is not one of them), a dict
  with such a list under ``"picks"``, or what :func:`bargain.predict` returns
  (``{criterion: Selection}``; its ``equilibrium_index`` and ``outcome`` are
  read as ``equilibrium`` and ``label``);
* ``drivers``: ``{"ranking": [{"parameter", "score", "low", "high", "source"}],
  "flip_points": [{"parameter", "value", "description"}], "method": str,
  "score_label": str, "note": str}`` (every key optional), or what
  :func:`bargain.sensitivity.drivers` returns (its total Sobol' indices with
  their 95% intervals, and its flip points).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from ..render.model import header
from .grids import base_point, map_data, montecarlo_data, slider_grid
from .options import SCHEMA, ReportError, ReportOptions
from .options import rounded as _f
from .terms import term_slots

__all__ = ["SCHEMA", "ReportError", "ReportOptions", "build_report", "disagreements"]


def build_report(model, overrides: Mapping[str, float] | None = None, *, selection=None, drivers=None,
                 options: ReportOptions | None = None) -> dict:
    """Everything a report page shows about ``model`` at the values ``overrides``, as JSON-ready data.

    Parameters
    ----------
    model
        A model from :func:`bargain.load_model` (matrix, of any number of players, or tree).
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
    ([0.85, 0.864, 0.878], [])
    """
    options = options or ReportOptions()
    overrides = {name: float(value) for name, value in (overrides or {}).items()}
    values = model.values(**overrides)  # checks the names and values, warns once for an out-of-range value
    data = _build(model, overrides, values, options)
    data["selection"] = _selection(selection)
    data["drivers"] = _drivers(drivers)
    return data


def _build(model, overrides: dict, values: dict, options: ReportOptions) -> dict:
    from ..render.model import describe

    tree = model.kind == "sequential"
    described = describe(model, **overrides)
    game = model.game_at(overrides)
    table = term_slots(model, overrides)
    grids = {name: slider_grid(model, overrides, values, name, options, table) for name in model.parameters}
    point, meta = base_point(model, overrides)
    data = {
        "schema": SCHEMA,
        "generator": _generator(),
        "model": _header(model),
        "players": list(game.players),
        "actions": _actions(model, game, described),
        "cells": table.cells,
        "slots": [list(s) for s in table.slots],
        "term_definitions": described.get("term_definitions", []),
        "tree": _tree(model) if tree else None,
        "parameters": [],
        "base": {
            "values": {name: _f(v) for name, v in values.items()},
            "point": point,
            "slots": table.values,
            "solution": meta,
        },
        "grids": grids,
        "options": dataclasses.asdict(options),
    }
    data["parameters"] = _parameters(model, values, overrides)
    data["map"] = map_data(model, overrides, grids, options)
    data["montecarlo"] = montecarlo_data(model, overrides, options)
    return data


# --------------------------------------------------------------------------- small helpers


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
    """The picks as ``[{criterion, equilibrium, label, reason}]``, from any of the accepted shapes.

    >>> _selection({"qre": {"criterion": "qre", "equilibrium_index": 0, "outcome": "a / b", "reason": "r"}})
    [{'criterion': 'qre', 'equilibrium': 0, 'label': 'a / b', 'reason': 'r'}]
    """
    if selection is None:
        return None
    data = _plain(selection)
    if isinstance(data, dict):
        if "picks" in data:
            data = data["picks"]
        elif data and all(isinstance(v, dict) and "criterion" in v for v in data.values()):
            data = list(data.values())  # {criterion: Selection}, as bargain.predict returns
        else:
            data = [data]
    if not isinstance(data, list) or not all(isinstance(pick, dict) for pick in data):
        raise ReportError("selection must be a list of picks, or a dict with one under 'picks'")
    return [
        {
            "criterion": str(pick.get("criterion", "")),
            "equilibrium": pick.get("equilibrium", pick.get("equilibrium_index")),
            "label": pick.get("label", pick.get("outcome")),
            "reason": str(pick.get("reason", "")),
        }
        for pick in data
    ]


def _drivers(drivers):
    """The drivers slot: plain data as given, or read from what :func:`bargain.sensitivity.drivers` returns.

    >>> _drivers({"method": "m", "ranking": [{"parameter": "a", "score": 0.5}]})["ranking"][0]["score"]
    0.5
    """
    if drivers is None:
        return None
    data = _plain(drivers)
    if not isinstance(data, dict):
        raise ReportError("drivers must be a dict (see bargain.report.data) or a bargain.sensitivity.Drivers")
    if "existence" not in data or "parameters" not in data:
        return data
    sources = {p["name"]: p.get("source") for p in data["parameters"]}
    existence = data["existence"]
    ranking = [{"parameter": r["parameter"], "score": r["total"], "low": max(0.0, r["total"] - r["total_ci95"]),
                "high": r["total"] + r["total_ci95"], "source": sources.get(r["parameter"])}
               for r in existence.get("ranking", [])]
    flips = [{"parameter": p["name"], "value": f["value"], "description": f"{f['left']} → {f['right']}"}
             for p in data["parameters"] for f in p.get("flips", [])]
    note = None
    if existence.get("constant"):
        answer = existence["answers"][0]["answer"] if existence.get("answers") else "the same answer"
        note = f"Every sample gave the same answer ({answer}): no parameter moves it inside the ranges."
    return {"method": f"{data.get('method', '')}; {data.get('samples')} base samples, seed {data.get('seed')}",
            "score_label": "total Sobol' index", "ranking": ranking, "flip_points": flips, "note": note}


# --------------------------------------------------------------------------- the model


def _header(model) -> dict:
    notes = getattr(model, "notes", None)
    if isinstance(notes, str):
        notes = [notes]
    return {
        **header(model),
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


# --------------------------------------------------------------------------- parameters and sources


def _parameters(model, values: Mapping[str, float], overrides: Mapping) -> list[dict]:
    from ..model.sources import MAX_SEED_BYTES, seed_path
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
