"""The ``bargain`` command group; the commands attach to it in the modules of :mod:`bargain.cli`."""

from __future__ import annotations

import click


class Stopped(Exception):
    """Ctrl-C inside a command, carried past click (which would print a blank line) to :func:`bargain.cli.main`."""


class BargainGroup(click.Group):
    """The command group: Ctrl-C inside a command becomes :class:`Stopped`, reported as one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interrupt:
            raise Stopped(str(interrupt) or "interrupted") from None


@click.group(cls=BargainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bargain")
def cli() -> None:
    """Solve negotiation games completely, verify every equilibrium, and trace every number."""
