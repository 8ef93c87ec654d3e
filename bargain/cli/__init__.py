"""The ``bargain`` command line: thin click commands over the public Python API.

Every command turns a :class:`bargain.errors.BargainError` (and click's own
usage errors) into one line on stderr and exit status 2 -- never a traceback.
Heavy imports happen inside the commands, so ``bargain --help`` starts fast.

The commands live in :mod:`~bargain.cli.games` (``solve``, ``bargain``),
:mod:`~bargain.cli.models` (``models``, ``show``, ``check``, ``sources``),
:mod:`~bargain.cli.sensitivity` (``sweep``, ``montecarlo``), :mod:`~bargain.cli.drivers`
(``drivers``), :mod:`~bargain.cli.prediction` (``predict``) and :mod:`~bargain.cli.report`
(``report``); what they share is in
:mod:`~bargain.cli.options`.
"""

from __future__ import annotations

import sys

import click

from bargain.errors import BargainError

from . import drivers, games, models, prediction, report, sensitivity  # noqa: F401 - importing them attaches the commands
from .group import Stopped, cli


def _warning_printer():
    """A ``warnings.showwarning`` that prints each distinct warning once, on one line."""
    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = " ".join(str(message).split())
        if text not in seen:
            seen.add(text)
            click.echo(f"warning: {text}", err=True)

    return show


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``bargain`` console script.

    A value set outside its plausible range is reported by the command, as one
    ``warning:`` line on stderr; any warning of the library prints the same way, once.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _warning_printer()
        _main(argv)


def _main(argv: list[str] | None) -> None:
    try:
        code = cli.main(args=argv, prog_name="bargain", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except BargainError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except Stopped as stop:
        click.echo(f"error: {stop}", err=True)
        sys.exit(130)
    except click.exceptions.Abort as error:
        click.echo(f"error: {str(error.__cause__ or '') or 'interrupted'}", err=True)
        sys.exit(130)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code or 2)
    except KeyboardInterrupt as interrupt:
        click.echo(f"error: {str(interrupt) or 'interrupted'}", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


__all__ = ["cli", "main"]
