"""What the ``bargain sweep`` and ``bargain montecarlo`` commands do, and how they print.

The click commands in :mod:`bargain.cli` only parse options; this module turns
them into calls of :mod:`bargain.sensitivity` and renders the results as a
``rich`` table, JSON or CSV.

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

Two parameters give the same without ``"thresholds"``. CSV is one row per
point and equilibrium (see :meth:`bargain.sensitivity.Sweep.to_csv`).
"""

from __future__ import annotations

import io
import json
import math
import sys

from bargain.errors import BargainError
from bargain.sensitivity import MonteCarlo, Sweep, Threshold, support_label

#: Values per parameter when ``--steps`` is not given.
DEFAULT_STEPS = {1: 101, 2: 41}
#: Sweeps with at least this many points show a progress bar (on a terminal).
PROGRESS_FROM = 200


class CommandError(BargainError, ValueError):
    """Options of ``sweep`` or ``montecarlo`` that do not fit together."""


def parse_range(text: str) -> tuple[str, float, float, int | None]:
    """Read ``NAME=LOW:HIGH`` or ``NAME=LOW:HIGH:STEPS`` (the ``--range`` option).

    >>> parse_range("china_share=0.3:1.0")
    ('china_share', 0.3, 1.0, None)
    >>> parse_range("us_shortage_cost=0.5:3:26")
    ('us_shortage_cost', 0.5, 3.0, 26)
    """
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) not in (2, 3):
        raise CommandError(f"--range expects NAME=LOW:HIGH or NAME=LOW:HIGH:STEPS, got {text!r}")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise CommandError(f"--range {text!r}: LOW and HIGH must be numbers") from None
    steps = None
    if len(parts) == 3:
        if not parts[2].strip().isdigit():
            raise CommandError(f"--range {text!r}: STEPS must be a whole number")
        steps = int(parts[2])
    return name.strip(), low, high, steps


def axes_from_options(model, params, start, stop, steps, ranges) -> list[tuple[str, tuple[float, ...]]]:
    """Each swept parameter with its values, from ``--param``, ``--from/--to``, ``--steps`` and ``--range``.

    A parameter without a range is swept over its plausible range.
    """
    from bargain.sensitivity import linspace

    params = list(dict.fromkeys(params))
    if not 1 <= len(params) <= 2:
        raise CommandError(f"sweep one or two parameters, got {len(params)}: {', '.join(params)}")
    for name in params:
        if name not in model.parameters:
            raise CommandError(f"unknown parameter {name!r}; parameters are: {', '.join(model.parameters)}",
                               source=getattr(model, "name", None))
    given = {}
    for text in ranges:
        name, low, high, count = parse_range(text)
        if name not in params:
            raise CommandError(f"--range {name}: {name!r} is not swept; add --param {name}")
        given[name] = (low, high, count)
    if start is not None or stop is not None:
        if len(params) == 2:
            raise CommandError("with two --param, give each range as --range NAME=LOW:HIGH[:STEPS]")
        if params[0] in given:
            raise CommandError("give the range once: --from/--to or --range")
        p = model.parameters[params[0]]
        given[params[0]] = (p.low if start is None else start, p.high if stop is None else stop, None)
    if steps is not None and steps < 2:
        raise CommandError(f"--steps must be at least 2, got {steps}")
    result = []
    for name in params:
        p = model.parameters[name]
        low, high, count = given.get(name, (p.low, p.high, None))
        if low > high:
            raise CommandError(f"{name}: the range starts at {low:g}, above its end {high:g}")
        count = count or steps or DEFAULT_STEPS[len(params)]
        result.append((name, linspace(low, high, count)))
    return result


def _backend(workers: int, scheduler: str | None):
    if scheduler:
        if "://" not in scheduler:
            raise CommandError(f"--scheduler {scheduler!r}: give an address such as tcp://127.0.0.1:8786")
        return scheduler
    return None if workers == 1 else "processes"


def _progress_wanted(points: int) -> bool:
    return points >= PROGRESS_FROM and sys.stdout.isatty()


def run_sweep(model, params, *, start=None, stop=None, steps=None, ranges=(), held=None, plot_path=None,
              fmt="table", workers=1, scheduler=None) -> str:
    """Run ``bargain sweep`` and return its output text."""
    from bargain import sensitivity

    axes = axes_from_options(model, params, start, stop, steps, ranges)
    clash = sorted(set(held or {}) & set(params))
    if clash:
        raise CommandError(f"{clash[0]!r} is both swept (--param) and held (--set)")
    target = sensitivity.hold(model, **held) if held else model
    names = [name for name, _ in axes]
    values = [v for _, v in axes]
    total = math.prod(len(v) for v in values)
    backend = _backend(workers, scheduler)
    result = sensitivity.sweep(target, names, values, workers=workers, backend=backend,
                               progress=_progress_wanted(total))
    found: tuple[Threshold, ...] = ()
    if len(names) == 1 and (fmt != "csv" or plot_path):  # CSV holds the records only
        found = sensitivity.thresholds(target, names[0], grid=result)
    if plot_path:
        from bargain.render.plots import plot

        plot(result, found, plot_path, title=getattr(model, "title", None))
    if fmt == "json":
        data = result.to_dict()
        if len(names) == 1:
            data["thresholds"] = [threshold_dict(t) for t in found]
        data["held"] = dict(held or {})
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        return result.to_csv()
    return sweep_table(result, found, held or {})


def threshold_dict(t: Threshold) -> dict:
    """A threshold as JSON-ready data."""
    players = t.left.players
    return {
        "parameter": t.param,
        "value": t.value,
        "bracket": list(t.bracket),
        "left": t.left.label(),
        "right": t.right.label(),
        "at": t.at.label() if t.at is not None else None,
        "appears": [support_label(players, s) for s in t.appears],
        "vanishes": [support_label(players, s) for s in t.vanishes],
    }


def _console():
    from rich.console import Console

    return Console(file=io.StringIO(), width=140, force_terminal=False, color_system=None, highlight=False)


def sweep_table(result: Sweep, found, held: dict) -> str:
    """The thresholds, then every equilibrium at every point, as text tables."""
    from rich.table import Table

    from bargain.render.solution import mixed, short

    console = _console()
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
        return console.file.getvalue()
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
            "pure" if record.pure else "mixed",
            end_section=False,
        )
    console.print(table)
    largest = max((r.regret for r in result.records), default=0.0)
    console.print(f"every equilibrium verified (largest regret {largest:.1e}); "
                  "complete: all extreme equilibria at every point")
    return console.file.getvalue()


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


def run_montecarlo(model, *, samples, seed, distribution="uniform", params=(), held=None, fmt="table",
                   workers=1, scheduler=None) -> str:
    """Run ``bargain montecarlo`` and return its output text."""
    from bargain import sensitivity

    clash = sorted(set(held or {}) & set(params))
    if clash:
        raise CommandError(f"{clash[0]!r} is both drawn (--param) and held (--set)")
    target = sensitivity.hold(model, **held) if held else model
    chosen = list(dict.fromkeys(params)) or [n for n in model.parameters if n not in (held or {})]
    result = sensitivity.montecarlo(target, samples, seed, distribution=distribution, params=chosen,
                                    workers=workers, backend=_backend(workers, scheduler),
                                    progress=_progress_wanted(samples))
    if fmt == "json":
        data = result.to_dict()
        data["held"] = dict(held or {})
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        return result.to_csv()
    return montecarlo_table(result)


def montecarlo_table(result: MonteCarlo) -> str:
    """Outcome frequencies and mean action probabilities, as text tables."""
    from rich.table import Table

    from bargain.render.solution import short

    console = _console()
    console.print(f"{result.model}: {result.samples} samples ({result.distribution} over each plausible range, "
                  f"seed {result.seed}) of {', '.join(result.params)}")
    for title, items in (
        ("how often each equilibrium exists", result.equilibria),
        ("how often each whole set of equilibria holds", result.sets),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column("outcome")
        table.add_column("samples", justify="right")
        table.add_column("share", justify="right")
        table.add_column("95% interval (Wilson)", justify="right")
        for f in items:
            table.add_row(f.label, str(f.count), f"{f.frequency:.1%}", f"{f.low:.1%} – {f.high:.1%}")
        console.print(table)
    table = Table(title="mean probability of each action (averaged over a sample's extreme equilibria, "
                        "then over samples)", title_justify="left")
    for column in ("player", "action", "mean", "95% interval"):
        table.add_column(column, justify="right" if column in ("mean", "95% interval") else "left")
    for m in result.means:
        table.add_row(m.player, m.action, short(m.mean), f"{short(m.low)} – {short(m.high)}")
    for m in result.payoffs:
        table.add_row(m.player, "expected payoff", short(m.mean), f"{short(m.low)} – {short(m.high)}")
    console.print(table)
    return console.file.getvalue()
