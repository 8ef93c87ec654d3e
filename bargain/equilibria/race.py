"""A large game solved in floats by Qhull and by the interruptible search side by side.

Qhull is one call into C that cannot be stopped and, stopped anyway, keeps
nothing. The reverse search of :mod:`~bargain.equilibria.exact_search` can be
stopped between pivots and keeps what it found, but on some games it is the
slower of the two. :func:`solve_racing` runs Qhull in a child process and the
search here, on two cores, and returns the first complete answer; Ctrl-C stops
both and returns the equilibria the search had found, marked incomplete.
"""

from __future__ import annotations

from collections.abc import Callable

from ..games.normal_form import Game
from ..results.solution import Solution
from .verify import DEFAULT_TOL


class _QhullFirst(Exception):
    """Raised inside the search when Qhull's answer has arrived."""

    def __init__(self, solution: Solution):
        super().__init__("qhull finished first")
        self.solution = solution


def solve_racing(game: Game, progress: Callable | None = None, tol: float = DEFAULT_TOL) -> Solution:
    """Every extreme equilibrium of ``game`` in floats: Qhull or the interruptible search, whichever ends first.

    ``progress`` is called about ten times a second with the search's
    :class:`~bargain.equilibria.exact_search.Progress`. Without ``fork``
    (not on Linux or macOS) the search runs alone.

    >>> from bargain import Game
    >>> solution = solve_racing(Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
    >>> len(solution), solution.complete
    (3, True)
    """
    import multiprocessing as mp

    from . import _dispatch

    pending: dict = {}

    def report(found) -> None:
        if progress is not None:
            progress(found)
        if "pipe" in pending and pending["pipe"].poll():
            answer = pending.pop("pipe").recv()
            if answer is not None:  # Qhull failed (round-off): the search goes on alone
                raise _QhullFirst(answer)

    limits = _dispatch.Limits(progress=report, interruptible=True)
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Linux and macOS have fork
        return _dispatch.run(game, "auto", exact=False, tol=tol, limits=limits)
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_qhull, args=(game, tol, sender), daemon=True)
    worker.start()
    sender.close()
    pending["pipe"] = receiver
    try:
        return _dispatch.run(game, "auto", exact=False, tol=tol, limits=limits)
    except _QhullFirst as first:
        return first.solution
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        receiver.close()


def _qhull(game: Game, tol: float, sender) -> None:
    """In the child process: the float solve (Qhull), sent back, or None if it fails."""
    import signal

    from . import _dispatch

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which ends this process
    try:
        answer = _dispatch.run(game, "auto", exact=False, tol=tol)
    except Exception:  # noqa: BLE001 - any failure leaves the search to finish alone
        answer = None
    sender.send(answer)
    sender.close()
