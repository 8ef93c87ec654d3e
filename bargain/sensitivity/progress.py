"""Progress of a long run: a bar on a terminal, a caller's callback, or nothing."""

from __future__ import annotations

from collections.abc import Callable


class progress_bar:
    """Context manager yielding ``advance(n)``: a rich bar, the caller's callback, or nothing.

    ``progress`` is ``False`` (nothing), ``True`` (a transient rich bar) or a
    callable taking the number of items just finished.

    >>> done = []
    >>> with progress_bar(done.append, 10, "solving") as advance:
    ...     advance(4); advance(6)
    >>> done
    [4, 6]
    """

    def __init__(self, progress: bool | Callable[[int], None], total: int, description: str):
        self.progress, self.total, self.description = progress, total, description
        self.bar = None

    def __enter__(self) -> Callable[[int], None]:
        if callable(self.progress):
            return self.progress
        if not self.progress:
            return lambda n: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task(self.description, total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> bool:
        if self.bar is not None:
            self.bar.stop()
        return False
