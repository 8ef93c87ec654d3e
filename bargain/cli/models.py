"""``bargain models``, ``show``, ``check`` and ``sources``: the models themselves."""

from __future__ import annotations

import click

from .group import cli
from .options import VIEW_FORMATS, format_option, load_with_overrides, overrides_option, warn_out_of_range


@cli.command()
def models() -> None:
    """List the bundled models: name, shape and title."""
    from bargain.model import list_models
    from bargain.render.model import models_listing

    click.echo(models_listing(list_models()), nl=False)


@cli.command()
@click.argument("model_name", metavar="MODEL")
@overrides_option()
@format_option(VIEW_FORMATS)
def show(model_name: str, overrides: tuple[str, ...], fmt: str) -> None:
    """Show a model: players, actions, parameters, payoffs and their terms.

    MODEL is a bundled model name (see `bargain models`) or a model .toml file.
    """
    import json

    from bargain.render.model import describe, show_table

    model, values = load_with_overrides(model_name, overrides)
    warn_out_of_range(model, values)
    if fmt == "json":
        click.echo(json.dumps(describe(model, **values), indent=2))
        return
    click.echo(show_table(model, model.values(**values), set(values), model.game_at(values), model.terms(**values)),
               nl=False)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def check(ctx: click.Context, path: str) -> None:
    """Validate a model file: its fields, its payoffs, every quote it cites, and its lint.

    An invalid file gives one `error:` line and exit status 2. Otherwise each
    lint finding prints on a line of its own (a term or parameter that cannot
    move any equilibrium, an unused parameter, a cited number its quotes do not
    state; see bargain/model/lint.py); lint errors exit with status 1, warnings
    alone end with the `ok:` line.
    """
    from bargain.errors import SourceError
    from bargain.model import load_model
    from bargain.model.lint import lint
    from bargain.model.sources import check_sources

    model = load_model(path)
    game = model.game_at({})
    rows = check_sources(model)
    for row in rows:
        if row.found is False:
            raise SourceError(f"{row.problem}: {row.quote!r} in {row.file}", source=path,
                              where=f"parameters.{row.parameter}.sources")
    findings = lint(model)
    for finding in findings:
        click.echo(f"{finding.severity}: {path}: {finding.where}: {finding.message}")
    if any(finding.severity == "error" for finding in findings):
        ctx.exit(1)
    cited = sum(1 for row in rows if row.found)
    shape = "x".join(str(m) for m in game.shape)
    click.echo(f"ok: {path}: {model.name} ({model.kind}, {shape}, {len(model.parameters)} parameters, "
               f"{cited} quote{'' if cited == 1 else 's'} found)")


@cli.command()
@click.argument("model_name", metavar="MODEL")
@format_option(VIEW_FORMATS)
@click.pass_context
def sources(ctx: click.Context, model_name: str, fmt: str) -> None:
    """Check every quote a model cites against its article.

    Exits with status 1 when any quote is not found verbatim.
    """
    import json

    from bargain.model import load_model
    from bargain.model.sources import check_sources
    from bargain.render.model import sources_dict, sources_table

    model = load_model(model_name)
    rows = check_sources(model)
    if fmt == "json":
        click.echo(json.dumps(sources_dict(model, rows), indent=2))
    else:
        click.echo(sources_table(model, rows), nl=False)
    if any(row.found is False for row in rows):
        ctx.exit(1)
