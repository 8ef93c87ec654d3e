"""``bargain sweep`` and ``bargain montecarlo``: how the equilibria move with the parameters.

The commands turn their options into one call of :mod:`bargain.sensitivity`
each and hand the result to :mod:`bargain.render.sensitivity`.

The output formats are documented in :mod:`bargain.render.sensitivity`.
"""

from __future__ import annotations

import math
import sys

import click

from .group import cli
from .options import (
    FORMATS,
    NUMBER,
    SEED,
    CommandError,
    backend_options,
    format_option,
    load_with_overrides,
    overrides_option,
    parse_range,
    warn_out_of_range,
)

#: Values per parameter when ``--steps`` is not given.
DEFAULT_STEPS = {1: 101, 2: 41}
#: Sweeps with at least this many points show a progress bar (on a terminal).
PROGRESS_FROM = 200


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


def backend_of(workers: int, scheduler: str | None):
    """The backend of ``--workers`` and ``--scheduler``: None (local processes where they pay) or the address."""
    if scheduler:
        if "://" not in scheduler:
            raise CommandError(f"--scheduler {scheduler!r}: give an address such as tcp://127.0.0.1:8786")
        return scheduler
    return None  # --workers N: local processes where they are faster (engine.MIN_PARALLEL_POINTS*)


def progress_wanted(points: int) -> bool:
    """Show a progress bar: a long run, with output on a terminal."""
    return points >= PROGRESS_FROM and sys.stdout.isatty()


def run_sweep(model, params, *, start=None, stop=None, steps=None, ranges=(), held=None, plot_path=None,
              fmt="table", workers=1, scheduler=None, select=None) -> str:
    """Run ``bargain sweep`` and return its output text (with ``select``: and the selected outcome along it)."""
    from bargain import sensitivity

    axes = axes_from_options(model, params, start, stop, steps, ranges)
    if select is not None:
        from .prediction import check_select

        check_select(model, held or {}, axes, select)
    clash = sorted(set(held or {}) & set(params))
    if clash:
        raise CommandError(f"{clash[0]!r} is both swept (--param) and held (--set)")
    warn_out_of_range(model, held or {})
    target = sensitivity.hold(model, **held) if held else model
    names = [name for name, _ in axes]
    values = [v for _, v in axes]
    total = math.prod(len(v) for v in values)
    backend = backend_of(workers, scheduler)
    result = sensitivity.sweep(target, names, values, workers=workers, backend=backend,
                               progress=progress_wanted(total))
    found: tuple = ()
    path_changes: tuple = ()
    if len(names) == 1 and (fmt != "csv" or plot_path):  # CSV holds the records only
        found = sensitivity.thresholds(target, names[0], grid=result)
        if result.paths:
            path_changes = sensitivity.thresholds(target, names[0], grid=result, of="spe-path")
    if plot_path:
        from bargain.render.plots import plot

        plot(result, found, plot_path, title=getattr(model, "title", None), path_changes=path_changes)
    from bargain.render.sensitivity import sweep_output

    output = sweep_output(result, found, held or {}, fmt, path_changes)
    if select is not None:
        from .prediction import with_selection

        output = with_selection(target, axes[0], select, output, fmt, progress_wanted(total))
    return output


class PartialOutput(KeyboardInterrupt):
    """Ctrl-C after part of the work: ``text`` is the output of what was finished, ``str()`` says how much."""

    def __init__(self, text: str, message: str):
        super().__init__(message)
        self.text = text


def run_montecarlo(model, *, samples, seed, distribution="uniform", params=(), held=None, fmt="table",
                   workers=1, scheduler=None, outcome=None, plot_path=None) -> str:
    """Run ``bargain montecarlo`` and return its output text.

    On Ctrl-C after some samples are solved, raises :class:`PartialOutput` with
    the output of those samples.
    """
    from bargain import sensitivity
    from bargain.render.sensitivity import montecarlo_output

    clash = sorted(set(held or {}) & set(params))
    if clash:
        raise CommandError(f"{clash[0]!r} is both drawn (--param) and held (--set)")
    warn_out_of_range(model, held or {})
    target = sensitivity.hold(model, **held) if held else model
    chosen = list(dict.fromkeys(params)) or [n for n in model.parameters if n not in (held or {})]
    try:
        result = sensitivity.montecarlo(target, samples, seed, distribution=distribution, params=chosen,
                                        outcome=outcome, workers=workers, backend=backend_of(workers, scheduler),
                                        progress=progress_wanted(samples))
    except sensitivity.Interrupted as interrupt:
        if interrupt.partial is None:
            raise KeyboardInterrupt from None
        done = interrupt.partial.samples
        raise PartialOutput(montecarlo_output(interrupt.partial, held or {}, fmt),
                            f"interrupted after {done:,} of {samples:,} samples; the output above counts "
                            "those") from None
    if plot_path:
        from bargain.render.plots import plot_montecarlo

        plot_montecarlo(result, plot_path, title=getattr(model, "title", None))
    return montecarlo_output(result, held or {}, fmt)




@cli.command(name="sweep")
@click.argument("model_name", metavar="MODEL")
@click.option("--param", "-p", "params", multiple=True, required=True, metavar="NAME",
              help="Parameter to sweep; give it twice for a map of two parameters.")
@click.option("--from", "start", type=NUMBER, help="First value (one parameter; default: low end of its range).")
@click.option("--to", "stop", type=NUMBER, help="Last value (one parameter; default: high end of its range).")
@click.option("--steps", type=int, help="Values per parameter, both ends included (default 101; 41 per axis for two).")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LOW:HIGH[:STEPS]",
              help="Range of one swept parameter (repeatable; the way to give ranges for two).")
@overrides_option("Hold another parameter at VALUE (repeatable).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Draw the sweep to FILE (.png, .svg, .pdf).")
@format_option(FORMATS)
@backend_options
@click.option("--select", "select", metavar="CRITERION",
              help="Also the outcome this selection criterion picks at each value, and where it flips (one parameter).")
def sweep_command(model_name: str, params: tuple[str, ...], start: float | None, stop: float | None, steps: int | None,
          ranges: tuple[str, ...], overrides: tuple[str, ...], plot_path: str | None, fmt: str, workers: int,
          scheduler: str | None, select: str | None) -> None:
    """Solve MODEL across a parameter's values and find where its equilibria change.

    \b
    One parameter:  bargain sweep london-2025 --param china_share --from 0.3 --to 1.0 --steps 141
    Two (a map):    bargain sweep london-2025 -p china_share -p us_shortage_cost \\
                        --range china_share=0.3:1.0 --range us_shortage_cost=0.5:3:26 --plot map.png

    A parameter without a range is swept over its plausible range. With one
    parameter the thresholds (values where the set of equilibria changes) are
    located to 1e-9 and printed first. With --select (one parameter) the outcome a
    selection criterion picks is found at each value, and the values where it flips
    are located to 1e-9 as well; CSV then holds the selected outcome per value.
    """
    model, held = load_with_overrides(model_name, overrides)
    click.echo(run_sweep(model, params, start=start, stop=stop, steps=steps, ranges=ranges, held=held,
                         plot_path=plot_path, fmt=fmt, workers=workers, scheduler=scheduler, select=select),
               nl=False)


@cli.command(name="montecarlo")
@click.argument("model_name", metavar="MODEL")
@click.option("--samples", "-n", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=SEED, default="0", show_default=True,
              help="Seed of the random draws (a whole number 0 or above; 'random' for a fresh one, reported).")
@click.option("--distribution", type=click.Choice(["uniform", "triangular"]), default="uniform", show_default=True,
              help="Over each plausible range; triangular peaks at the model's value.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME",
              help="Draw only these parameters (repeatable; default: all).")
@click.option("--outcome", type=click.Choice(["equilibria", "spe-path"]),
              help="What to count: Nash equilibria, or a game tree's subgame-perfect path (default for trees).")
@overrides_option("Hold a parameter at VALUE instead of drawing it (repeatable).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Draw the frequencies with their intervals to FILE (.png, .svg, .pdf).")
@format_option(FORMATS)
@backend_options
def montecarlo_command(model_name: str, samples: int, seed: int | None, distribution: str, params: tuple[str, ...],
                       outcome: str | None, overrides: tuple[str, ...], plot_path: str | None, fmt: str, workers: int,
                       scheduler: str | None) -> None:
    """Draw MODEL's parameters from their ranges and count how often each equilibrium holds.

    Frequencies come with Wilson 95% intervals; each action's mean probability
    (averaged over a sample's extreme equilibria, then over samples) with a
    normal 95% interval. For a game tree, how often each subgame-perfect path
    is played. Ctrl-C prints the counts of the samples finished so far.
    """
    model, held = load_with_overrides(model_name, overrides)
    try:
        text = run_montecarlo(model, samples=samples, seed=seed, distribution=distribution, params=params,
                              held=held, fmt=fmt, workers=workers, scheduler=scheduler, outcome=outcome,
                              plot_path=plot_path)
    except PartialOutput as partial:
        click.echo(partial.text, nl=False)
        raise
    click.echo(text, nl=False)
