"""``bargain report``: one self-contained, offline HTML page about a model (see :mod:`bargain.report`)."""

from __future__ import annotations

import click

from .group import cli
from .options import CommandError, load_with_overrides, overrides_option, warn_out_of_range


def parse_pair(text: str | None) -> tuple[str, str] | None:
    """Read ``A,B`` (the ``--map`` option).

    >>> parse_pair("china_share, us_shortage_cost")
    ('china_share', 'us_shortage_cost')
    """
    if text is None:
        return None
    pair = tuple(part.strip() for part in text.split(","))
    if len(pair) != 2 or not all(pair):
        raise CommandError(f"--map expects two parameter names as A,B, got {text!r}")
    return pair


@cli.command(name="report")
@click.argument("model_name", metavar="MODEL")
@overrides_option("Override a model parameter (repeatable); the sliders start there.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="HTML file to write (default: MODEL.html).")
@click.option("--points", type=click.IntRange(min=2), help="Values per slider (default 121; 61 for game trees).")
@click.option("--samples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Monte Carlo draws (0 for none).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the Monte Carlo draws.")
@click.option("--map", "map_params", metavar="A,B",
              help="The two parameters of the map (default: chosen from the flip points).")
@click.option("--map-points", type=click.IntRange(min=0), default=41, show_default=True,
              help="Values per axis of the map (0 for no map).")
@click.option("--no-selection", is_flag=True, help="Leave out what each selection criterion picks.")
@click.option("--drivers", "drivers_samples", type=click.IntRange(min=0), default=0, show_default=True,
              metavar="SAMPLES", help="Add the drivers (flip points and Sobol' ranking, as bargain drivers) "
                                      "from SAMPLES base samples, a power of two; 0 for none.")
def report(model_name: str, overrides: tuple[str, ...], output: str | None, points: int | None, samples: int,
           seed: int, map_params: str | None, map_points: int, no_selection: bool, drivers_samples: int) -> None:
    """Write one self-contained HTML page about MODEL that works offline.

    The page shows the model, every parameter with its quotes in their
    articles, the equilibria and what each selection criterion picks, a slider
    per parameter (over values solved in advance, flip points included), a
    two-parameter map and Monte Carlo frequencies, with data downloads and an
    embed snippet. It makes no request to any server.
    """
    from bargain.report import ReportOptions, write_report

    model, values = load_with_overrides(model_name, overrides)
    pair = parse_pair(map_params)
    sizes = {"points": points, "tree_points": points} if points else {}
    options = ReportOptions(samples=samples, seed=seed, map_params=pair, map_points=map_points, **sizes)
    warn_out_of_range(model, values)
    if drivers_samples & (drivers_samples - 1):
        raise CommandError(f"--drivers {drivers_samples}: must be a power of two, such as 256 or 1024")
    selection = None if no_selection else _selection(model, values)
    drivers = _drivers(model, values, drivers_samples, seed) if drivers_samples else None
    path = write_report(model, output or f"{model.name}.html", values, selection=selection, drivers=drivers,
                        options=options)
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


def _drivers(model, values: dict, samples: int, seed: int):
    """Flip points and the global ranking, as ``bargain drivers`` computes them."""
    from bargain.sensitivity import drivers, hold

    target = hold(model, **values) if values else model
    varied = [n for n, p in model.parameters.items() if n not in values and p.high > p.low]
    return drivers(target, samples=samples, seed=seed, params=varied)


def _selection(model, values: dict):
    """Every criterion's pick at the chosen values (:func:`bargain.predict`), for the page."""
    from bargain import predict
    from bargain.report.grids import solve_game

    return predict(solve_game(model.game_at(model.values(**values))))
