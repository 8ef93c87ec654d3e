"""``bargain predict`` as a text table, JSON and CSV.

JSON (a documented contract; the fields are described in ``docs/selection.md``)::

    {"model": str, "kind": "matrix" | "sequential",
     "values": {parameter: value}, "held": {parameter: value},
     "criteria": [criterion, ...],
     "selections": {criterion: {<Selection.to_dict() fields>, "support": str}},
     "agreement": {"outcomes": {label: [criterion, ...]}, "undefined": [...],
                   "unanimous": bool, "leading": str | null, "summary": str},
     "robustness": null | {"samples": int, "seed": int, "distribution": str, "parameters": [...],
                           "interval": str,
                           "criteria": {criterion: [{"outcome", "count", "frequency", "ci95": [low, high]}]},
                           "unanimous": {"count", "samples", "frequency", "ci95": [low, high]},
                           "multiple_equilibria": {... as unanimous},
                           "unanimous_when_multiple": null | {... as unanimous}}}

``robustness`` is null when every parameter is held with ``--set``.

CSV: one row per criterion at the given values (``kind`` = ``pick``), then one
per criterion and outcome over the draws (``frequency``), then one for
unanimity, for draws with more than one equilibrium, and for unanimity among
those (``kind`` = ``share``); columns ``kind, criterion, outcome, equilibrium_index,
count, samples, frequency, low, high, reason``.
"""

from __future__ import annotations

import csv
import io
import json

from bargain.numbers import number
from bargain.sensitivity import Prediction, Robustness
from bargain.sensitivity.prediction import outcome_of

from .console import text, text_console

#: Columns of the CSV output.
CSV_COLUMNS = ("kind", "criterion", "outcome", "equilibrium_index", "count", "samples", "frequency", "low", "high",
               "reason")


def prediction_dict(prediction: Prediction, robustness: Robustness | None, held: dict) -> dict:
    """The JSON document of ``bargain predict`` as a dictionary (see the module docstring)."""
    data = prediction.to_dict()
    data["held"] = {k: number(v) for k, v in held.items()}
    data["robustness"] = None if robustness is None else robustness.to_dict()
    order = ("model", "kind", "values", "held", "criteria", "selections", "agreement", "robustness")
    return {key: data[key] for key in order}


def prediction_output(prediction: Prediction, robustness: Robustness | None, held: dict, fmt: str) -> str:
    """``bargain predict`` output: ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return json.dumps(prediction_dict(prediction, robustness, held), indent=2) + "\n"
    if fmt == "csv":
        return prediction_csv(prediction, robustness)
    return prediction_table(prediction, robustness, held)


def prediction_csv(prediction: Prediction, robustness: Robustness | None) -> str:
    """The picks, then the frequencies, as CSV (columns :data:`CSV_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for name, selection in prediction.selections.items():
        index = selection.index
        writer.writerow({"kind": "pick", "criterion": name, "outcome": outcome_of(selection),
                         "equilibrium_index": "" if index is None else index, "reason": selection.reason})
    for row in robustness.to_records() if robustness is not None else ():
        kind = "share" if row["criterion"] == "all" else "frequency"
        writer.writerow({"kind": kind, **{k: number(v) if isinstance(v, float) else v for k, v in row.items()}})
    return out.getvalue()


def _percent(value: float) -> str:
    return f"{value:.1%}"


def _share(f) -> str:
    return f"{_percent(f.frequency)}, 95% interval {_percent(f.low)} – {_percent(f.high)}"


def prediction_table(prediction: Prediction, robustness: Robustness | None, held: dict) -> str:
    """Each criterion's pick and reason, where they agree, then how often each picks each outcome."""
    from rich.table import Table

    console = text_console(140)
    where = f" with {', '.join(f'{k}={v:g}' for k, v in held.items())}" if held else " at its values"
    tree = " (criteria applied to the reduced normal form of the tree)" if prediction.kind == "sequential" else ""
    console.print(f"{prediction.model}{where}{tree}")
    table = Table(title="which equilibrium each criterion picks, and why", title_justify="left")
    table.add_column("criterion", no_wrap=True)
    table.add_column("pick", max_width=36)
    table.add_column("reason")
    for name, selection in prediction.selections.items():
        table.add_row(name, outcome_of(selection), selection.reason, end_section=True)
    console.print(table)
    console.print(f"agreement: {prediction.agreement.summary}")
    if robustness is None:
        console.print("every parameter is held (--set): nothing to draw")
        return text(console)
    n = robustness.samples
    table = Table(
        title=f"how often each criterion picks each outcome: {n} draws ({robustness.distribution} over each "
              f"plausible range, seed {robustness.seed}) of {len(robustness.params)} parameters",
        title_justify="left",
    )
    table.add_column("criterion", no_wrap=True)
    table.add_column("outcome")
    table.add_column("draws", justify="right")
    table.add_column("share", justify="right")
    table.add_column("95% interval (Wilson)", justify="right")
    for name in robustness.criteria:
        frequencies = robustness.frequencies[name]
        for k, f in enumerate(frequencies):
            table.add_row(name if k == 0 else "", f.label, str(f.count), _percent(f.frequency),
                          f"{_percent(f.low)} – {_percent(f.high)}", end_section=k == len(frequencies) - 1)
    console.print(table)
    u, m, um = robustness.unanimous, robustness.multiple, robustness.unanimous_when_multiple
    console.print(f"every criterion that picks agrees in {u.count} of {n} draws ({_share(u)})")
    console.print(f"more than one equilibrium in {m.count} of {n} draws ({_share(m)})"
                  + ("" if um is None else f"; the criteria agree in {um.count} of those ({_share(um)})"))
    console.print(f"drawn: {', '.join(robustness.params)}")
    return text(console)
