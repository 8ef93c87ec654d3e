"""The ``bargain`` command group; the commands attach to it in the modules of :mod:`bargain.cli`."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bargain")
def cli() -> None:
    """Solve negotiation games completely, verify every equilibrium, and trace every number."""
