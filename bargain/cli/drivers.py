"""``bargain drivers``: which parameters -- cited figures or assumptions -- decide the answer.

One call of :func:`bargain.sensitivity.drivers`, handed to
:mod:`bargain.render.drivers` (and :mod:`bargain.render.plots_drivers` for ``--plot``).
"""

from __future__ import annotations

import click

from .group import cli
from .options import (
    FORMATS,
    SEED,
    CommandError,
    backend_options,
    format_option,
    load_with_overrides,
    naming,
    overrides_option,
    parse_range,
    warn_out_of_range,
)
from .sensitivity import backend_of, progress_wanted


def run_drivers(model, *, held=None, samples=1024, seed=0, params=(), ranges=(), grid=101, fmt="table",
                plot_path=None, workers=1, scheduler=None) -> str:
    """Run ``bargain drivers`` and return its output text."""
    from bargain import sensitivity

    given = {}
    for text in ranges:
        name, low, high, steps = parse_range(text)
        if steps is not None:
            raise CommandError(f"--range {text!r}: give NAME=LOW:HIGH (the sample size is --samples)")
        given[name] = (low, high)
    clash = sorted(set(held or {}) & (set(params) | set(given)))
    if clash:
        raise CommandError(f"{clash[0]!r} is both held (--set) and varied (--param or --range)")
    warn_out_of_range(model, held or {})
    target = sensitivity.hold(model, **held) if held else model
    if samples & (samples - 1):
        raise CommandError(f"--samples {samples}: must be a power of two (a Sobol' sequence is balanced only "
                           "there), such as 512 or 1024")
    chosen = list(dict.fromkeys(params)) or [
        n for n, p in model.parameters.items() if n not in (held or {}) and (p.high > p.low or n in given)
    ]  # fixed parameters (an empty range) cannot drive anything unless a range is given
    with naming("--range"):
        unknown = [name for name in given if name not in chosen]
        if unknown:
            raise CommandError(f"{unknown[0]!r} is not varied; add --param {unknown[0]}")
    result = sensitivity.drivers(target, samples=samples, seed=seed, params=chosen, ranges=given, grid=grid,
                                 workers=workers, backend=backend_of(workers, scheduler),
                                 progress=progress_wanted(samples * (len(chosen) + 2)))
    if plot_path:
        from bargain.render.plots_drivers import plot_drivers

        plot_drivers(result, plot_path, title=None)
    from bargain.render.drivers import drivers_output

    return drivers_output(result, fmt)


@cli.command(name="drivers")
@click.argument("model_name", metavar="MODEL")
@click.option("--samples", "-n", type=click.IntRange(min=8), default=1024, show_default=True,
              help="Saltelli base samples (a power of two); the ranking costs samples x (parameters + 2) solves.")
@click.option("--seed", type=SEED, default="0", show_default=True,
              help="Seed of the Sobol' design and the bootstrap ('random' for a fresh one, reported).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME",
              help="Vary only these parameters (repeatable; default: all with a range).")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LOW:HIGH",
              help="Search and sample NAME over LOW..HIGH instead of its plausible range (repeatable).")
@click.option("--grid", type=click.IntRange(min=2), default=101, show_default=True,
              help="Grid points per parameter for the flip-point search.")
@overrides_option("Hold a parameter at VALUE (repeatable); it is neither searched nor sampled.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Draw the indices, ranges and flip points to FILE (.png, .svg, .pdf).")
@format_option(FORMATS)
@backend_options
def drivers_command(model_name: str, samples: int, seed: int | None, params: tuple[str, ...],
                    ranges: tuple[str, ...], grid: int, overrides: tuple[str, ...], plot_path: str | None, fmt: str,
                    workers: int, scheduler: str | None) -> None:
    """Which parameters decide MODEL's answer: flip points and a global Sobol' ranking.

    \b
    For every parameter: its flip points inside its range (where the set of
    equilibria -- for a game tree, the subgame-perfect path -- changes, the
    others at their values, located to 1e-9). Then all parameters drawn at
    once: first-order and total Sobol' indices of the answer with 95%
    intervals. Cited figures and assumptions are listed apart.

    \b
    bargain drivers london-2025
    bargain drivers august-deadline --samples 512 --format json
    bargain drivers rare-earth-chicken --range us_standoff_cost=0.5:3 --plot drivers.png
    """
    model, held = load_with_overrides(model_name, overrides)
    click.echo(run_drivers(model, held=held, samples=samples, seed=seed, params=params, ranges=ranges, grid=grid,
                           fmt=fmt, plot_path=plot_path, workers=workers, scheduler=scheduler), nl=False)
