"""Sweeps, thresholds and Monte Carlo runs as text tables, JSON and CSV.

JSON of ``bargain sweep`` (one parameter)::

    {"model": str, "method": str,
     "parameters": [{"name", "unit", "low", "high", "value", "values": [...]}],
     "players": [..], "actions": {player: [..]},
     "signatures": [label per point],
     "records": [{<param>: value, "point", "equilibrium", "track",
                  "strategies": {player: {action: p}}, "payoffs": {player: v},
                  "supports": {player: [..]}, "pure", "regret", "component"}],
     "thresholds": [{"parameter", "value", "bracket": [lo, hi], "left", "right",
                     "at" (null unless degenerate), "appears": [..], "vanishes": [..]}],
     "held": {name: value}}

A game tree adds ``"spe_paths"`` (the subgame-perfect path at each point) and
``"spe_path_thresholds"`` (where it changes, in the form of ``"thresholds"``).
Two parameters give the same without ``"thresholds"``. CSV is one row per
point and equilibrium (see :meth:`bargain.sensitivity.Sweep.to_csv`). With
three or more players a negative ``component`` marks one verified point
standing for a set of equilibria of positive dimension.

JSON of ``bargain montecarlo`` is :meth:`bargain.sensitivity.MonteCarlo.to_dict`
with ``"held": {name: value}`` added.
"""

from __future__ import annotations

import json

from bargain.sensitivity import MonteCarlo, Sweep, Threshold, support_label

from .console import text, text_console
from .solution import mixed, short


def sweep_output(result: Sweep, found, held: dict, fmt: str, path_changes=()) -> str:
    """``bargain sweep`` output: ``table``, ``json`` (with the thresholds and held values) or ``csv``.

    ``path_changes`` are the thresholds of a game tree's subgame-perfect path.
    """
    if fmt == "json":
        data = result.to_dict()
        if len(result.params) == 1:
            data["thresholds"] = [threshold_dict(t) for t in found]
            if result.paths:
                data["spe_path_thresholds"] = [threshold_dict(t) for t in path_changes]
        data["held"] = dict(held)
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        return result.to_csv()
    table = sweep_table(result, found, held)
    if result.paths and len(result.params) == 1:
        table = path_table(result, path_changes) + table
    return table


def path_table(result: Sweep, changes) -> str:
    """Where a game tree's subgame-perfect path changes along a one-parameter sweep, as text."""
    from rich.table import Table

    console = text_console(140)
    name = result.params[0]
    low, high = result.axes[0][0], result.axes[0][-1]
    if not changes:
        console.print(f"subgame-perfect path from {low:g} to {high:g}: {result.paths[0].label()} (no change)")
        return text(console)
    table = Table(title=f"subgame-perfect path along {name}: {len(changes)} change"
                        f"{'s' if len(changes) != 1 else ''} (located to 1e-9)", title_justify="left")
    for column in (f"{name} from", "to", "path of play (backward induction)"):
        table.add_column(column, justify="left" if column.startswith("path") else "right")
    edges = [low, *(t.value for t in changes), high]
    signatures = [changes[0].left, *(t.right for t in changes)]
    for k, signature in enumerate(signatures):
        table.add_row(f"{edges[k]:.10g}", f"{edges[k + 1]:.10g}", signature.label(), end_section=True)
        if k < len(changes) and changes[k].at is not None:
            table.add_row(f"{changes[k].value:.10g}", "(at the value)", changes[k].at.label(), end_section=True)
    console.print(table)
    return text(console)


def montecarlo_output(result: MonteCarlo, held: dict, fmt: str) -> str:
    """``bargain montecarlo`` output: ``table``, ``json`` (with the held values) or ``csv``."""
    if fmt == "json":
        data = result.to_dict()
        data["held"] = dict(held)
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        return result.to_csv()
    return montecarlo_table(result)


def threshold_dict(t: Threshold) -> dict:
    """A threshold as JSON-ready data."""
    return {
        "parameter": t.param,
        "value": t.value,
        "bracket": list(t.bracket),
        "left": t.left.label(),
        "right": t.right.label(),
        "at": t.at.label() if t.at is not None else None,
        "appears": [t.left.item_label(s) for s in t.appears],
        "vanishes": [t.left.item_label(s) for s in t.vanishes],
    }


def sweep_table(result: Sweep, found, held: dict) -> str:
    """The thresholds, then every equilibrium at every point, as text tables."""
    from rich.table import Table

    console = text_console(140)
    names = " × ".join(f"{n} ({u})" if u else n for n, u in zip(result.params, result.units, strict=True))
    where = f"; holding {', '.join(f'{k}={v:g}' for k, v in held.items())}" if held else ""
    console.print(f"{result.model}: {len(result.points)} points over {names}{where}")
    if len(result.params) == 1 and not found:
        low, high = result.axes[0][0], result.axes[0][-1]
        console.print(f"no threshold between {low:g} and {high:g}: the same equilibria at every point")
    elif len(result.params) == 1:
        table = Table(title=f"{len(found)} threshold{'s' if len(found) != 1 else ''} (located to 1e-9)",
                      title_justify="left")
        for column in ("value", "count", "appears", "vanishes", "at the value itself (degenerate)"):
            table.add_column(column, justify="right" if column in ("value", "count") else "left")
        players = result.players
        for t in found:
            table.add_row(
                f"{t.value:.10g}",
                f"{t.left.count} → {t.right.count}",
                "\n".join(support_label(players, s) for s in t.appears) or "—",
                "\n".join(support_label(players, s) for s in t.vanishes) or "—",
                "\n".join(support_label(players, s) for s in t.at.supports) if t.at is not None else "—",
                end_section=True,
            )
        console.print(table)
    if len(result.params) == 2:
        console.print(_regions(result))
        console.print("every equilibrium at every point: --format csv or --format json", highlight=False)
        return text(console)
    table = Table(title="equilibria at each point (track = the same equilibrium followed along the sweep)",
                  title_justify="left")
    for name in result.params:
        table.add_column(name, justify="right")
    table.add_column("track", justify="right")
    for player in result.players:
        table.add_column(player)
    for player in result.players:
        table.add_column(f"payoff {player}", justify="right")
    table.add_column("kind")
    previous = None
    for record in result.records:
        first = record.point != previous
        previous = record.point
        strategies = record.strategies
        table.add_row(
            *((short(v, 6) for v in record.values) if first else ("",) * len(result.params)),
            str(record.track),
            *(mixed(strategies[p]) for p in result.players),
            *(short(v) for v in record.payoffs),
            "one point of a set" if record.on_a_set else "pure" if record.pure else "mixed",
            end_section=False,
        )
    console.print(table)
    largest = max((r.regret for r in result.records), default=0.0)
    complete = "all extreme equilibria at every point" if len(result.players) == 2 else \
        "every equilibrium at every point, a set of equilibria as one verified point on it"
    console.print(f"every equilibrium verified (largest regret {largest:.1e}); complete: {complete}")
    return text(console)


def _regions(result: Sweep):
    """For a two-parameter sweep: each set of equilibria, how much of the grid it covers, and where."""
    from rich.table import Table

    where: dict = {}
    for point, signature in zip(result.points, result.signatures, strict=True):
        where.setdefault(signature, []).append(point)
    a, b = result.params
    table = Table(title="sets of equilibria on the grid, largest first", title_justify="left")
    table.add_column("equilibria")
    table.add_column("points", justify="right")
    table.add_column("share", justify="right")
    table.add_column(f"{a} from – to", justify="right")
    table.add_column(f"{b} from – to", justify="right")
    for signature, points in sorted(where.items(), key=lambda kv: -len(kv[1])):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        table.add_row(
            "\n".join(support_label(result.players, s) for s in signature.supports) or "none",
            str(len(points)),
            f"{len(points) / len(result.points):.1%}",
            f"{min(xs):.4g} – {max(xs):.4g}",
            f"{min(ys):.4g} – {max(ys):.4g}",
            end_section=True,
        )
    return table


def montecarlo_table(result: MonteCarlo) -> str:
    """Outcome frequencies and mean action probabilities, as text tables."""
    from rich.table import Table

    console = text_console(140)
    done = f"{result.samples} samples" if result.complete else \
        f"{result.samples:,} of {result.requested:,} samples (interrupted)"
    console.print(f"{result.model}: {done} ({result.distribution} over each plausible range, "
                  f"seed {result.seed}) of {', '.join(result.params)}")
    if result.outcome == "spe-path":
        sections = (("how often each subgame-perfect path is played (backward induction)", result.sets),)
        if any(f.label not in {s.label for s in result.sets} for f in result.equilibria):
            sections += (("how often each path is among the subgame-perfect ones (ties count for each)",
                          result.equilibria),)
    else:
        sections = (("how often each equilibrium exists", result.equilibria),
                    ("how often each whole set of equilibria holds", result.sets))
    for title, items in sections:
        table = Table(title=title, title_justify="left")
        table.add_column("outcome")
        table.add_column("samples", justify="right")
        table.add_column("share", justify="right")
        table.add_column("95% interval (Wilson)", justify="right")
        for f in items:
            table.add_row(f.label, str(f.count), f"{f.frequency:.1%}", f"{f.low:.1%} – {f.high:.1%}")
        console.print(table)
    if not result.means:
        return text(console)
    table = Table(title="mean probability of each action (averaged over a sample's extreme equilibria, "
                        "then over samples)", title_justify="left")
    for column in ("player", "action", "mean", "95% interval"):
        table.add_column(column, justify="right" if column in ("mean", "95% interval") else "left")
    for m in result.means:
        table.add_row(m.player, m.action, short(m.mean), f"{short(m.low)} – {short(m.high)}")
    for m in result.payoffs:
        table.add_row(m.player, "expected payoff", short(m.mean), f"{short(m.low)} – {short(m.high)}")
    console.print(table)
    return text(console)
