"""The one console factory: rich renders into a string, without colour, at a fixed width."""

from __future__ import annotations

import io


def text_console(width: int = 120):
    """A :class:`rich.console.Console` that writes plain text into a string (read it with :func:`text`).

    >>> console = text_console(40)
    >>> console.print("hello")
    >>> text(console)
    'hello\\n'
    """
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None, highlight=False)


def terminal_width(minimum: int = 100) -> int:
    """The terminal's width, at least ``minimum`` columns (120 when there is no terminal)."""
    import shutil

    return max(minimum, shutil.get_terminal_size((120, 24)).columns)


def text(console) -> str:
    """What ``console`` (from :func:`text_console`) has printed so far."""
    return console.file.getvalue()


__all__ = ["terminal_width", "text", "text_console"]
