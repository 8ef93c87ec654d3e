"""A live status line on standard error while a long equilibrium search runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def search_progress(enabled: bool) -> Iterator[Callable | None]:
    """A progress callback for :func:`bargain.solve`, shown on stderr, or ``None`` when not ``enabled``.

    The line appears only once the solver first reports (after a tenth of a
    second), so quick solves print nothing, and it is cleared at the end.

    >>> with search_progress(False) as report:
    ...     report is None
    True
    """
    if not enabled:
        yield None
        return
    state: dict = {}

    def report(progress) -> None:
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("", total=None)
        state["bar"].update(state["task"], description=(
            f"searching: {progress.vertices:,} vertices, {progress.equilibria:,} equilibria so far "
            "(Ctrl-C stops and keeps them)"))

    try:
        yield report
    finally:
        if "bar" in state:
            state["bar"].stop()


@contextmanager
def support_progress(enabled: bool) -> Iterator[Callable | None]:
    """A ``progress(done, total)`` callback for n-player support enumeration, shown on stderr when ``enabled``.

    The bar appears after the first tenth of a second, so quick solves print nothing.

    >>> with support_progress(False) as report:
    ...     report is None
    True
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("support profiles"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("(Ctrl-C stops and keeps what was found)"), console=Console(stderr=True),
                   transient=True)
    task = bar.add_task("", total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


__all__ = ["search_progress", "support_progress"]
