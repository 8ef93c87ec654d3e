"""The ``bargain`` command line: thin click commands over the public Python API.

Every command turns a :class:`bargain.errors.BargainError` (and click's own
usage errors) into one line on stderr and exit status 2 -- never a traceback.
Heavy imports happen inside the commands, so ``bargain --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from .errors import BargainError

FORMATS = click.Choice(["table", "json", "csv"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bargain")
def cli() -> None:
    """Solve negotiation games completely, verify every equilibrium, and trace every number."""


def load_game_input(target: str, overrides: tuple[str, ...] = ()):
    """Resolve TARGET (a bundled model name, a model .toml file or a Gambit .nfg file).

    Returns ``(game, model_or_None, parameter_values_or_None)``.
    """
    if target.lower().endswith(".nfg"):
        if overrides:
            raise BargainError(f"{target}: --set applies to models, not to .nfg files")
        from .nfg import read_nfg

        return read_nfg(target), None, None
    from .model import load_model, parse_overrides

    model = load_model(target)
    values = parse_overrides(model, overrides)
    return model.game(**values), model, model.values(**values)


@cli.command()
@click.argument("target")
@click.option("--method", "-m", default="auto", show_default=True,
              help="auto, pure, support, vertex, lemke-howson, zero-sum, dominance")
@click.option("--exact", is_flag=True, help="Solve in exact rational arithmetic.")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a model parameter (repeatable).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def solve(target: str, method: str, exact: bool, overrides: tuple[str, ...], fmt: str) -> None:
    """Find and verify every equilibrium of a model or a .nfg game.

    TARGET is a bundled model name (see `bargain models`), a model .toml file,
    or a Gambit .nfg file.
    """
    from . import render
    from .equilibria import solve as solve_game

    game, model, values = load_game_input(target, overrides)
    solution = solve_game(game, method=method, exact=exact)
    click.echo(render.solution(solution, fmt, model=model, parameters=values), nl=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``bargain`` console script."""
    try:
        cli.main(args=argv, prog_name="bargain", standalone_mode=False)
    except BargainError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code or 2)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
