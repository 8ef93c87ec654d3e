"""``bargain sweep --select CRITERION``: the selected outcome along the parameter, and where it flips.

JSON: the document of ``bargain sweep`` with one more key, ``"selection"``::

    {"criterion": str, "parameter": str, "values": [...], "outcomes": [outcome per value],
     "flips": [{"parameter", "value", "bracket": [lo, hi], "left", "right", "at": str | null}],
     "segments": [{"from", "to", "outcome"}]}

CSV: one row per value: the parameter, ``point``, ``criterion``, ``outcome`` (the
equilibria themselves: ``bargain sweep`` without ``--select``). Table: the flips and
segments, then the sweep's own tables.
"""

from __future__ import annotations

import json

from bargain.sensitivity.selected import SelectedSweep

from .console import text, text_console


def selected_output(selected: SelectedSweep, sweep_text: str, fmt: str) -> str:
    """Combine the sweep's own output (``sweep_text``, in ``fmt``) with the selection along it."""
    if fmt == "json":
        data = json.loads(sweep_text)
        data["selection"] = selected.to_dict()
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        return selected.to_csv()
    return selected_table(selected) + sweep_text


def selected_table(selected: SelectedSweep) -> str:
    """Where the selected outcome flips, and what is selected between the flips."""
    from rich.table import Table

    console = text_console(140)
    flips = selected.flips
    head = f"{selected.criterion} along {selected.param}: "
    if not flips:
        console.print(head + f"{selected.outcomes[0]} at every value from {selected.values[0]:g} to "
                             f"{selected.values[-1]:g}")
        return text(console)
    console.print(head + f"{len(flips)} flip{'s' if len(flips) != 1 else ''} of the selected outcome "
                         "(bisected to 1e-9)")
    table = Table(title=f"what {selected.criterion} selects", title_justify="left")
    table.add_column(f"{selected.param} from", justify="right")
    table.add_column("to", justify="right")
    table.add_column("selected outcome")
    table.add_column("picked at the flip itself (when neither side's)")
    segments = selected.segments()
    for k, (start, stop, outcome) in enumerate(segments):
        at = (flips[k].at if k < len(flips) else None) or "—"
        table.add_row(f"{start:.10g}", f"{stop:.10g}", outcome, at)
    console.print(table)
    return text(console)
