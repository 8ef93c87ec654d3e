"""Local worker processes that hold one model for a whole run.

A pool of local processes is started once per run (a sweep, or a whole Monte
Carlo run however many blocks it has). Each worker receives the model and how
to solve it once, when it starts (:func:`install`); after that a task carries
only its points, as one array per batch, and brings back each batch's
equilibria packed into two arrays (:func:`pack`), which the main process
unpacks into the very tuples a serial run builds (:func:`unpack`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain.equilibria.collector import gc_paused

#: In a worker process only: the model, parameter names, method, tolerance and fast flag of the run it serves,
#: set once by :func:`install` when the worker starts.
_JOB: dict[str, Any] = {}


def install(solve, model, names, method: str, tol: float, fast: bool) -> None:
    """Keep the run's model in this worker (the pool's initializer); Ctrl-C is left to the main process.

    ``solve(model, names, points, method, tol, fast)`` solves one batch
    (:func:`bargain.sensitivity.engine.solve_chunk`).
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _JOB.update(solve=solve, model=model, names=tuple(names), method=method, tol=tol, fast=fast)


def solve_batches(batches: list[np.ndarray]) -> list:
    """Solve each batch of points (rows of an array) with the installed model; each result packed.

    The cyclic garbage collector is held off meanwhile, as in a serial run (the results hold no cycles).
    """
    job = _JOB
    with gc_paused():
        return [
            pack(job["solve"](job["model"], job["names"], list(map(tuple, batch.tolist())), job["method"],
                              job["tol"], job["fast"]))
            for batch in batches
        ]


def pack(results: list[tuple]):
    """One batch's equilibria as ``(parts, counts, values)``, or the results themselves when they do not fit.

    An equilibrium ``(probabilities of each player..., payoffs, regret, component)``
    becomes one row of ``values``: its numbers in order, then the regret and the
    component. ``parts`` are the lengths of its tuples, ``counts`` the equilibria
    of each point. Every number is a float64 already, and a component a small
    whole number, so :func:`unpack` gives back exactly the same tuples.

    >>> eq = ((1.0, 0.0), (0.25, 0.75), (2.0, 4.0), 1e-12, 0)
    >>> unpack(pack([(eq,), (), (eq, eq)])) == [(eq,), (), (eq, eq)]
    True
    """
    first = next((equilibria[0] for equilibria in results if equilibria), None)
    if first is None:
        return results
    parts = tuple(len(p) for p in first[:-2])
    width = sum(parts) + 2
    rows = [[v for part in eq[:-2] for v in part] + [eq[-2], eq[-1]] for equilibria in results for eq in equilibria]
    whole = all(isinstance(eq[-1], int | np.integer) for equilibria in results for eq in equilibria)
    if not whole or any(len(row) != width for row in rows):
        return results
    counts = np.fromiter(map(len, results), dtype=np.intp, count=len(results))
    return parts, counts, np.array(rows, dtype=float)


def unpack(packed) -> list[tuple]:
    """The results of :func:`pack` as the tuples it was given."""
    if isinstance(packed, list):
        return packed
    parts, counts, values = packed
    cuts = np.cumsum((0, *parts)).tolist()
    spans = list(zip(cuts[:-1], cuts[1:], strict=True))
    equilibria = [
        (*(tuple(row[a:b]) for a, b in spans), row[-2], int(row[-1])) for row in values.tolist()
    ]
    out, k = [], 0
    for n in counts.tolist():
        out.append(tuple(equilibria[k : k + n]))
        k += n
    return out
