"""``bargain predict``: which equilibrium each selection criterion picks, why, and how robustly.

One call of :func:`bargain.sensitivity.prediction_at` for the picks at the
model's values, one of :func:`bargain.sensitivity.predict_robustness` for the
frequencies over the plausible ranges; :mod:`bargain.render.prediction` formats
them (its docstring and ``docs/selection.md`` document the JSON).
"""

from __future__ import annotations

import sys

import click

from .group import cli
from .options import (
    FORMATS,
    CommandError,
    format_option,
    load_with_overrides,
    naming,
    overrides_option,
    warn_out_of_range,
)


def run_predict(model, *, held=None, criteria=(), samples=200, seed=0, distribution="uniform", params=(),
                fmt="table", plot_path=None, progress=False) -> str:
    """Run ``bargain predict`` and return its output text."""
    from bargain import sensitivity
    from bargain.sensitivity.prediction import check_criteria

    held = held or {}
    clash = sorted(set(held) & set(params))
    if clash:
        raise CommandError(f"{clash[0]!r} is both drawn (--param) and held (--set)")
    target = sensitivity.hold(model, **held) if held else model
    with naming("--criterion"):
        chosen = check_criteria(target, criteria)
    drawn = list(dict.fromkeys(params)) or None
    for name in drawn or ():
        if name not in model.parameters:
            raise CommandError(f"--param {name!r}: unknown parameter; parameters are: {', '.join(model.parameters)}",
                               source=getattr(model, "name", None))
    warn_out_of_range(model, held)
    prediction = sensitivity.prediction_at(target, criteria=chosen)
    if plot_path:  # before the draws, so that a file that cannot be written fails at once
        from bargain.render.qre_plot import save_qre_plot
        from bargain.selection import qre_path

        save_qre_plot(qre_path(prediction.game), plot_path, title=getattr(model, "title", None))
    robustness = None
    if drawn or any(name not in held for name in model.parameters):
        robustness = sensitivity.predict_robustness(target, samples, seed, criteria=chosen,
                                                    distribution=distribution, params=drawn, progress=progress)
    from bargain.render.prediction import prediction_output

    return prediction_output(prediction, robustness, held, fmt)


@cli.command(name="predict")
@click.argument("model_name", metavar="MODEL")
@overrides_option("Set a parameter to VALUE; it is then held there, not drawn (repeatable).")
@click.option("--criterion", "-c", "criteria", multiple=True, metavar="NAME",
              help="Only this criterion (repeatable): payoff-dominance, risk-dominance, qre, tracing, commitment; "
                   "subgame-perfect for a game tree. Default: all that apply.")
@click.option("--samples", "-n", type=click.IntRange(min=1), default=200, show_default=True,
              help="Draws over the plausible ranges (each runs every criterion).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the random draws (reproducible).")
@click.option("--distribution", type=click.Choice(["uniform", "triangular"]), default="uniform", show_default=True,
              help="Over each plausible range; triangular peaks at the model's value.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME",
              help="Draw only these parameters (repeatable; default: all not set with --set).")
@format_option(FORMATS)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Draw the logit QRE path at the given values to FILE (.png, .svg, .pdf).")
def predict_command(model_name: str, overrides: tuple[str, ...], criteria: tuple[str, ...], samples: int, seed: int,
                    distribution: str, params: tuple[str, ...], fmt: str, plot_path: str | None) -> None:
    """Say which equilibrium of MODEL each selection criterion picks, why, and how robustly.

    \b
    bargain predict london-2025
    bargain predict london-2025 --set china_share=0.7 -c risk-dominance -c qre --samples 500 --seed 3
    bargain predict london-2025 --format json --plot qre.png

    First each criterion's pick at the model's values (with --set applied) and the
    reason in numbers, and where the criteria agree; then, over draws of the
    parameters from their plausible ranges, how often each criterion picks each
    outcome, with Wilson 95% intervals. Outcomes are named by the supports of the
    picked equilibrium; "undefined" counts the draws where a criterion picks
    nothing. For a game tree the criteria apply to its reduced normal form, and
    subgame-perfect (backward induction) is one more.
    """
    model, held = load_with_overrides(model_name, overrides)
    progress = sys.stdout.isatty()
    click.echo(run_predict(model, held=held, criteria=criteria, samples=samples, seed=seed,
                           distribution=distribution, params=params, fmt=fmt, plot_path=plot_path,
                           progress=progress), nl=False)


def check_select(model, held: dict, axes, criterion: str) -> None:
    """Check ``bargain sweep --select`` before anything is solved: one parameter, a known criterion."""
    from bargain import sensitivity
    from bargain.sensitivity.prediction import check_criteria

    if len(axes) != 1:
        raise CommandError("--select follows one parameter; give one --param")
    target = sensitivity.hold(model, **held) if held else model
    with naming("--select"):
        check_criteria(target, [criterion])


def with_selection(target, axis, criterion: str, sweep_text: str, fmt: str, progress: bool) -> str:
    """The selected outcome along the sweep's one axis, added to the sweep's output."""
    from bargain.render.selected import selected_output
    from bargain.sensitivity.selected import selected_along

    name, values = axis
    selected = selected_along(target, name, values, criterion, progress=progress)
    return selected_output(selected, sweep_text, fmt)
