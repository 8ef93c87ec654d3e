"""Solving many points of a model: in this process, on local processes or on a dask cluster.

A point's result travels between processes as plain tuples, one per equilibrium::

    (row probabilities, column probabilities, (payoff row, payoff column), regret, component)

and for a game of ``n`` players the ``n`` players' probabilities come first
(:mod:`~bargain.sensitivity.many`).

Every backend goes through one :class:`concurrent.futures.Executor`: a
:class:`~concurrent.futures.ProcessPoolExecutor` for local processes, the
executor of a ``distributed.Client`` (``client.get_executor()``) for a dask
cluster. Points are cut into tasks of :data:`CHUNK` whatever the backend, so
every backend returns the same numbers in the same order.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from contextlib import contextmanager

import numpy as np

from bargain.equilibria.collector import gc_paused
from bargain.errors import BargainError

from .held import game_at, portable
from .many import is_many, solve_many
from .options import SensitivityError, SolveOptions
from .progress import progress_bar

#: Points per batch. Fixed, so that every backend solves the very same batches and gets the very same numbers.
#: Each batch has fixed costs (the payoffs built and spot-checked against the model at two points, the
#: batched solve's setup) of about 1.2 ms for london-2025, some 1.2 us a point at 1024. Batches of 4096
#: measured about 1 us a point faster on that 3 x 3 model, but a model whose points each go to
#: ``bargain.solve`` (august-deadline's normal form, about 2.7 ms a point) would then show no progress for
#: 11 s at a time, and worker processes would get fewer, coarser shares.
CHUNK = 1024
#: Points per batch when each point is solved on its own (three or more players, ``fast=False``, a method
#: other than ``auto``): the numbers do not depend on the batches then, and a small batch lets a few hundred
#: slow points (about 20 ms each for a 2x3x3 game) be shared between workers.
CHUNK_ONE_BY_ONE = 16
#: Tasks per worker: batches travel to a worker a few tasks at a time (the model with each task).
TASKS_PER_WORKER = 4
#: Fewest points of a two-player game worth local worker processes when none were asked for by name
#: (``backend=None``); ``None``: never. Measured on a 2-core machine shared with other work
#: (``tests/benchmarks/bench_sweep.py --workers``), two workers were slower than one process for batched
#: two-player points at every size up to the largest runs (50,000 points: 0.46-1.12x for a sweep,
#: 0.56-0.70x for Monte Carlo), each point costing some 20 us, less than handing it over.
MIN_PARALLEL_POINTS: int | None = None
#: The same for games of three or more players, each point solved on its own by support enumeration
#: (some 6-8 ms a point for green-passage-2025): two workers were 0.61-1.01x of one process at 50 to 800
#: points, and at 1,600 points 1.08-1.29x in three runs out of four (0.76x in the other) on the same machine.
MIN_PARALLEL_POINTS_MANY = 1_600


def solve_point(model, names, point, method, tol, exact=False):
    """The equilibria of ``model`` at one point, as plain tuples (see the module docstring).

    A game of three or more players goes to :func:`~bargain.sensitivity.many.solve_many`.
    """
    from bargain.equilibria import solve

    game = game_at(model, dict(zip(names, point, strict=True)))
    if is_many(game):
        return solve_many(game, method, tol, exact)
    solution = solve(game, method=method, tol=tol, exact=exact)
    where = {k: c for c, members in enumerate(solution.components) for k in members}
    return tuple(
        (
            tuple(float(p) for p in eq.profile[0]),
            tuple(float(p) for p in eq.profile[1]),
            (float(eq.payoffs[0]), float(eq.payoffs[1])),
            float(eq.regret),
            where.get(k, k),
        )
        for k, eq in enumerate(solution)
    )


def solve_chunk(model, names, points, method, tol, fast=True):
    """Solve every point of one chunk (runs in a worker when there are workers).

    With ``fast`` and method ``auto`` the chunk's games are solved together by
    :func:`bargain.equilibria.batch.solve_family`; the points it is unsure of (degenerate
    games, points next to a threshold) go to :func:`bargain.solve` one by one.
    """
    if not (fast and method == "auto" and points):
        return [solve_point(model, names, point, method, tol) for point in points]
    from bargain.equilibria.batch import solve_family

    A, B = _payoff_stack(model, names, points)
    results = solve_family(A, B, tol)
    return [
        result if result is not None else solve_point(model, names, point, method, tol)
        for point, result in zip(points, results, strict=True)
    ]


def _payoff_stack(model, names, points) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices at every point, as arrays of shape (points, m, n).

    When one parameter varies and every payoff is affine in it (read from the
    model's expressions), the games are ``G(0) + t (G(1) - G(0))``: two model
    evaluations instead of one per point. Otherwise the model's payoff terms
    are evaluated on arrays of values (:func:`bargain.sensitivity.affine.vector_payoffs`),
    and failing that the games are built one by one.
    """
    from .affine import affine_in, vector_payoffs

    if len(names) == 1 and affine_in(model, names[0]):
        try:
            g0, g1 = game_at(model, {names[0]: 0.0}), game_at(model, {names[0]: 1.0})
        except BargainError:
            pass
        else:
            t = np.array([p[0] for p in points])[:, None, None]
            return g0.A + t * (g1.A - g0.A), g0.B + t * (g1.B - g0.B)
    stacked = vector_payoffs(model, names, points)
    if stacked is not None:
        return stacked
    games = [game_at(model, dict(zip(names, point, strict=True))) for point in points]
    return np.stack([g.A for g in games]), np.stack([g.B for g in games])


@gc_paused()
def solve_points(
    model,
    names: Sequence[str],
    points: Sequence[Sequence[float]],
    options: SolveOptions | None = None,
    *,
    description: str = "solving",
    **keywords,
) -> list[tuple]:
    """Solve ``model`` at each point (a tuple of values for ``names``), in order.

    The low-level engine behind :func:`~bargain.sensitivity.sweep` and
    :func:`~bargain.sensitivity.montecarlo`: it returns, per point, a tuple of
    equilibria as plain tuples ``(row probabilities, column probabilities,
    payoffs, regret, component)``. ``options`` (a :class:`SolveOptions`) or
    its fields as keywords say how: method, tolerance, workers, backend,
    progress, fast.

    >>> from bargain.model import load_model
    >>> [len(r) for r in solve_points(load_model("rare-earth-chicken"), ["us_standoff_cost"], [(0.5,), (2.0,)])]
    [1, 3]
    """
    options = _options(options, keywords)
    points = [tuple(map(float, p)) for p in points]
    with solving(model, names, points, options) as run, \
            progress_bar(options.progress, len(points), description) as advance:
        return run(points, advance)


@contextmanager
def solving(model, names: Sequence[str], points: Sequence[tuple[float, ...]], options: SolveOptions):
    """A function ``run(block, advance)`` that solves blocks of the run's ``points``, in order.

    Whether the run uses workers is decided once, from all its points; local
    worker processes are started once for the whole run, each given the model
    once, and stopped when the block ends (at once, dropping queued work, on
    Ctrl-C).
    """
    names = tuple(names)
    many = bool(points) and is_many(game_at(model, dict(zip(names, points[0], strict=True))))
    if many and options.fast:
        options = options.with_keywords(fast=False)  # the batched paths are for two players
    backend = options.backend
    if backend not in (None, "serial", "processes") and not _is_dask(backend):
        raise SensitivityError(
            f"unknown backend {backend!r}; use 'serial', 'processes', a dask scheduler address or a dask Client"
        )
    job = (names, options.method, options.tol, options.fast)
    if backend is None and options.workers > 1:
        why = _why_serial(len(points), many)
        if why:
            warnings.warn(f"solving {len(points):,} points in this process: {why}", RuntimeWarning,
                          stacklevel=5)  # past contextlib and the caller's gc_paused wrapper
            backend = "serial"
    size = CHUNK if options.fast and options.method == "auto" else CHUNK_ONE_BY_ONE
    batches = math.ceil(len(points) / size)
    if not _is_dask(backend) and (backend == "serial" or (backend is None and options.workers == 1)
                                  or batches < 2):
        def serial(block, advance):
            results = []
            for k in range(0, len(block), size):
                results.extend(solve_chunk(model, names, block[k : k + size], *job[1:]))
                advance(len(block[k : k + size]))
            return results

        yield serial
        return
    workers = min(options.workers, batches)
    with _executor(backend, workers, portable(model), job) as (pool, local):
        def parallel(block, advance):
            chunks = [block[k : k + size] for k in range(0, len(block), size)]
            return _run(pool, local, job, chunks, advance, workers)

        yield parallel


def _why_serial(points: int, many: bool) -> str:
    """Why ``points`` points are better solved in this process than on local workers ("" if they are not)."""
    if many:
        if points >= MIN_PARALLEL_POINTS_MANY:
            return ""
        return f"below {MIN_PARALLEL_POINTS_MANY:,} points, starting worker processes costs more time than it saves"
    if MIN_PARALLEL_POINTS is None:
        return "for a two-player game, worker processes were slower than one at every size measured"
    if points >= MIN_PARALLEL_POINTS:
        return ""
    return f"below {MIN_PARALLEL_POINTS:,} points, starting worker processes costs more time than it saves"


def _options(options, keywords) -> SolveOptions:
    from .options import resolve

    return resolve(options, keywords)


@gc_paused()
def solve_chunks(model, names, chunks, method, tol, fast=True) -> list[list[tuple]]:
    """:func:`solve_chunk` on each of several chunks: one task for a dask worker, the model sent with it."""
    return [solve_chunk(model, names, chunk, method, tol, fast) for chunk in chunks]


def _run(pool, local, job, chunks, advance, workers: int) -> list[tuple]:
    """Submit the chunks to ``pool`` (any :class:`concurrent.futures.Executor`), a few tasks per worker,
    and collect them in order. Each chunk is still solved on its own, so the numbers do not depend on
    how chunks are grouped into tasks. ``local`` is the model for a dask pool (sent with every task),
    or None for local processes, which hold the model already and exchange arrays."""
    from concurrent.futures import as_completed

    from .workers import solve_batches, unpack

    size = max(1, math.ceil(len(chunks) / (workers * TASKS_PER_WORKER)))
    tasks = [chunks[k : k + size] for k in range(0, len(chunks), size)]
    results: list = [None] * len(tasks)
    if local is None:
        futures = {pool.submit(solve_batches, [np.array(c, dtype=float) for c in t]): k for k, t in enumerate(tasks)}
    else:
        futures = {pool.submit(solve_chunks, local, *job[:1], t, *job[1:]): k for k, t in enumerate(tasks)}
    for future in as_completed(futures):
        k = futures[future]
        results[k] = future.result()
        advance(sum(len(c) for c in tasks[k]))
    if local is None:
        return [r for task in results for packed in task for r in unpack(packed)]
    return [r for task in results for chunk in task for r in chunk]


@contextmanager
def _executor(backend, workers: int, model, job):
    """``(executor, model)`` of ``backend``: local processes holding ``model`` (and None), or a dask client's
    executor (and the model, to send with each task)."""
    if not _is_dask(backend):
        from concurrent.futures import ProcessPoolExecutor

        from .workers import install

        pool = ProcessPoolExecutor(max_workers=workers, initializer=install,
                                   initargs=(solve_chunk, model, *job))
        try:
            yield pool, None
        except BaseException:  # Ctrl-C: drop the queued tasks instead of waiting for them
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return
    client, owned = _dask_client(backend)
    try:
        with client.get_executor(pure=False) as pool:
            yield pool, model
    finally:
        if owned:
            client.close()


def _dask_client(backend):
    if isinstance(backend, str):
        from .cluster import connect_client

        return connect_client(backend), True
    return backend, False


def _is_dask(backend) -> bool:
    if isinstance(backend, str):
        return "://" in backend
    return backend is not None and type(backend).__name__ == "Client"


def values_of(name: str, values) -> tuple[float, ...]:
    try:
        result = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise SensitivityError(f"values of {name!r} must be numbers") from None
    if not result:
        raise SensitivityError(f"no values given for {name!r}")
    bad = [v for v in result if not math.isfinite(v)]
    if bad:
        raise SensitivityError(f"value {bad[0]!r} of {name!r} is not a finite number")
    return result


def check_extremes(model, names: Sequence[str], axes: Sequence[Sequence[float]]) -> None:
    """Build the game at each parameter's smallest and largest value, so a bad value fails here, at once."""
    for name, axis in zip(names, axes, strict=True):
        for value in {min(axis), max(axis)}:
            game_at(model, {name: value})


def linspace(low: float, high: float, steps: int) -> tuple[float, ...]:
    """``steps`` evenly spaced values from ``low`` to ``high``, both included.

    >>> linspace(0.0, 1.0, 5)
    (0.0, 0.25, 0.5, 0.75, 1.0)
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise SensitivityError(f"range {low!r} to {high!r} is not finite")
    if low > high:
        raise SensitivityError(f"range start {low:g} is above its end {high:g}")
    if int(steps) != steps or steps < 2:
        raise SensitivityError(f"steps must be a whole number of at least 2, got {steps!r}")
    if low == high:
        raise SensitivityError(f"range {low:g} to {high:g} is empty")
    return tuple(float(v) for v in np.linspace(low, high, int(steps)))
