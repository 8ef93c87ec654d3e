"""What the commands share: click parameter types, option decorators and option parsers.

Library errors do not name command-line flags; the parsers here, and
:func:`naming`, put the flag in front of a message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from bargain.errors import BargainError
from bargain.numbers import NumberError, parse_number

FORMATS = click.Choice(["table", "json", "csv"])
VIEW_FORMATS = click.Choice(["table", "json"])


class CommandError(BargainError, ValueError):
    """Options of a command that do not fit together."""


class NumberType(click.ParamType):
    """A number of the one grammar (:mod:`bargain.numbers`): ``2/3``, ``0.5``, ``1e-3``, ``-1``."""

    name = "number"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            return parse_number(str(value))
        except NumberError as error:
            self.fail(error.detail, param, ctx)


NUMBER = NumberType()


class SeedType(click.ParamType):
    """A seed for random draws: a whole number 0 or above, or ``random`` for a fresh one (``None``)."""

    name = "seed"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip()
        if text.lower() == "random":
            return None
        if text.isdigit():
            return int(text)
        self.fail(f"{text!r} is not a whole number 0 or above (or 'random' for a fresh seed)", param, ctx)


SEED = SeedType()


@contextmanager
def naming(flag: str) -> Iterator[None]:
    """Put ``flag`` in front of the message of a :class:`BargainError` raised inside."""
    try:
        yield
    except BargainError as error:
        raise type(error)(f"{flag} {error.detail}", source=error.source, where=error.where) from None


def overrides_option(help: str = "Override a model parameter (repeatable)."):
    """The ``--set NAME=VALUE`` option."""
    return click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help=help)


def format_option(choices: click.Choice = FORMATS):
    """The ``--format`` option."""
    return click.option("--format", "fmt", type=choices, default="table", show_default=True)


def backend_options(function):
    """The ``--workers`` and ``--scheduler`` options."""
    function = click.option("--scheduler", metavar="ADDRESS",
                            help="Solve on a dask.distributed cluster (tcp://host:port).")(function)
    return click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                        help="Local processes to use, for games of three or more players and at least 1,600 "
                             "points, where they were measured faster than one process; otherwise the run "
                             "stays in this process with a note (two-player games: every size).")(function)


def load_with_overrides(target: str, overrides: tuple[str, ...]):
    """The model ``target`` and its ``--set`` values (see :func:`warn_out_of_range`)."""
    from bargain.model import load_model, parse_overrides

    model = load_model(target)
    with naming("--set"):
        values = parse_overrides(model, overrides)
    return model, values


def warn_out_of_range(model, values: dict) -> None:
    """Warn once for each value outside its plausible range; :func:`bargain.cli.main` prints it as one line.

    A command calls this once, after its options have been checked, so that a
    bad option is the only line printed.
    """
    import warnings

    from bargain.model import RangeWarning

    for item in model.out_of_range(**values):
        warnings.warn(RangeWarning(item.message), stacklevel=2)


def parse_range(text: str) -> tuple[str, float, float, int | None]:
    """Read ``NAME=LOW:HIGH`` or ``NAME=LOW:HIGH:STEPS`` (the ``--range`` option).

    >>> parse_range("china_share=0.3:1.0")
    ('china_share', 0.3, 1.0, None)
    >>> parse_range("us_shortage_cost=1/2:3:26")
    ('us_shortage_cost', 0.5, 3.0, 26)
    """
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) not in (2, 3):
        raise CommandError(f"--range expects NAME=LOW:HIGH or NAME=LOW:HIGH:STEPS, got {text!r}")
    try:
        low, high = parse_number(parts[0]), parse_number(parts[1])
    except NumberError:
        raise CommandError(f"--range {text!r}: LOW and HIGH must be numbers") from None
    steps = None
    if len(parts) == 3:
        if not parts[2].strip().isdigit():
            raise CommandError(f"--range {text!r}: STEPS must be a whole number")
        steps = int(parts[2])
    return name.strip(), low, high, steps


def parse_rounds(text: str | None) -> int | None | str:
    """Read ``--rounds``: a positive whole number, or ``inf`` for no deadline (``None`` keeps the model's)."""
    if text is None:
        return "model"
    if text.strip().lower() in ("inf", "none", "infinite"):
        return None
    if text.strip().isdigit() and int(text) >= 1:
        return int(text)
    raise CommandError(f"--rounds {text!r}: give a positive whole number or 'inf'")


def parse_assignments(text: str, what: str) -> dict[str, float]:
    """Read ``"US=0.9,China=0.95"`` into ``{"US": 0.9, "China": 0.95}``.

    >>> parse_assignments("US=0.9, China=19/20", "--discount")
    {'US': 0.9, 'China': 0.95}
    """
    result: dict[str, float] = {}
    for item in text.split(","):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise CommandError(f"{what} expects NAME=VALUE[,NAME=VALUE], got {text!r}")
        try:
            result[name] = parse_number(value)
        except NumberError:
            raise CommandError(f"{what}: {value!r} (for {name}) is not a number") from None
    return result


def parse_disagreement(text: str | None):
    """Read a disagreement point as written on the command line.

    ``maximin`` or ``pure-maximin``; ``ROW,COLUMN`` (an action profile);
    ``PLAYER=VALUE,PLAYER=VALUE`` (the point itself). ``None`` stays ``None``.

    >>> parse_disagreement("US=-2,China=1"), parse_disagreement("escalate,hold")
    ({'US': -2.0, 'China': 1.0}, ('escalate', 'hold'))
    """
    if text is None:
        return None
    text = text.strip()
    if text in ("maximin", "pure-maximin"):
        return text
    if "=" in text:
        return parse_assignments(text, "--disagreement")
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 2 and all(parts):
        return tuple(parts)
    raise CommandError(
        f"--disagreement {text!r}: use maximin, pure-maximin, ROW,COLUMN or PLAYER=VALUE,PLAYER=VALUE"
    )
