"""``bargain drivers`` output: which parameters decide the answer, as a table, JSON or CSV.

JSON is :meth:`bargain.sensitivity.Drivers.to_dict` (documented in
``docs/sensitivity.md``); CSV is one row per parameter
(:meth:`bargain.sensitivity.Drivers.to_csv`).
"""

from __future__ import annotations

import json

from bargain.sensitivity import Drivers, Index

from .console import text, text_console


def drivers_output(result: Drivers, fmt: str) -> str:
    """``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2) + "\n"
    if fmt == "csv":
        return result.to_csv()
    return drivers_table(result)


def _interval(value: float, half: float) -> str:
    return f"{value:.2f} ± {half:.2f}"


def drivers_table(result: Drivers) -> str:
    """Cited figures and assumptions in two tables, each parameter's flip points and indices, then the answers."""
    from rich.table import Table

    console = text_console(150)
    what = "the subgame-perfect path" if result.answer == "spe-path" else "which equilibria exist"
    held = f"; holding {', '.join(f'{k}={v:g}' for k, v in result.held)}" if result.held else ""
    console.print(f"{result.model}: which parameters decide {what}{held}")
    console.print(f"Sobol' indices from {result.evaluations:,} model evaluations ({result.samples:,} Saltelli base "
                  f"samples over the ranges below, seed {result.seed}; ± half-width of a 95% bootstrap interval). "
                  "First order: the share of the answer's variance a parameter explains alone; total: the share "
                  "it has any part in. Flip points: where the answer changes with the others at their values "
                  "(to 1e-9).", highlight=False)
    different = result.selection is not result.existence
    rank = {i.param: k + 1 for k, i in enumerate(result.existence.ranked())}
    for cited, title in ((True, "cited figures"), (False, "assumptions (judgement calls)")):
        chosen = [p for p in result.parameters if p.cited == cited]
        if not chosen:
            continue
        chosen.sort(key=lambda p: rank.get(p.name, len(rank) + 1))
        table = Table(title=f"{title}: {len(chosen)}", title_justify="left")
        for column in ("rank", "parameter", "value", "range", "flip points in range", "first order", "total"):
            table.add_column(column, justify="left" if column in ("parameter", "flip points in range") else "right")
        if different:
            table.add_column("selected outcome: total", justify="right")
        for p in chosen:
            index = _find(result.existence.indices, p.name)
            flips = ", ".join(f"{t.value:.10g}" for t in p.flips) or ("—" if p.varied else "(held)")
            row = [str(rank.get(p.name, "—")), p.name, f"{p.value:g}", f"{p.low:g} – {p.high:g}", flips,
                   _interval(index.first, index.first_ci) if index else "—",
                   _interval(index.total, index.total_ci) if index else "—"]
            if different:
                other = _find(result.selection.indices, p.name)
                row.append(_interval(other.total, other.total_ci) if other else "—")
            table.add_row(*row)
        console.print(table)
    for ranking, title in ((result.existence, f"answers met ({what})"),
                           *(((result.selection, f"outcomes selected ({result.outcome_function})"),)
                             if different else ())):
        if ranking.constant:
            console.print(f"{title}: the same in every sample, so no parameter decides it inside these ranges")
            continue
        table = Table(title=f"{title}: {len(ranking.answers)}, most frequent first", title_justify="left")
        table.add_column("share of samples", justify="right")
        table.add_column("answer")
        for answer, share in ranking.answers[:12]:
            table.add_row(f"{share:.1%}", answer)
        if len(ranking.answers) > 12:
            table.add_row("", f"… {len(ranking.answers) - 12} rarer ones (--format json lists all)")
        console.print(table)
    return text(console)


def _find(indices: tuple[Index, ...], name: str) -> Index | None:
    return next((i for i in indices if i.param == name), None)
