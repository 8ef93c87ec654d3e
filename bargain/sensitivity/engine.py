"""How the equilibria move when the assumptions move.

Three questions, three functions:

* :func:`sweep` solves a model at every value of one parameter (or on a grid of
  two) and follows each equilibrium from one value to the next;
* :func:`thresholds` finds the parameter values where the set of equilibria
  changes, bracketed on a grid and then bisected to ``1e-9``;
* :func:`montecarlo` draws every parameter from its plausible range and reports
  how often each outcome holds, with confidence intervals.

A *model* here is anything with a ``parameters`` mapping (name to an object
with ``value``, ``low``, ``high`` and ``unit``) and a ``game(**overrides)``
method returning a :class:`~bargain.games.Game` -- a :class:`bargain.model.Model`
or a small class of your own.

Every solve is complete (all extreme equilibria) and verified. Points are
solved in batches (:mod:`bargain._family`: vectorised support enumeration with
a nondegeneracy certificate; any point it is unsure of goes to
:func:`bargain.solve`). The work can run serially, on local processes
(``workers=N``) or on a dask cluster (``backend="tcp://host:8786"`` or a
``distributed.Client``); the results are the same, in the same order,
whichever runs them, because the batches are the same and the tracking and
counting happen afterwards in one place. See ``docs/sensitivity.md``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.equilibria.verify import DEFAULT_TOL
from bargain.errors import BargainError

#: Two-sided 95% quantile of the standard normal distribution.
Z95 = 1.959963984540054
#: Relative width to which :func:`thresholds` narrows each bracket.
THRESHOLD_TOL = 1e-9

Support = tuple[tuple[str, ...], tuple[str, ...]]


class SensitivityError(BargainError, ValueError):
    """A sweep, threshold search or Monte Carlo run was asked for something impossible."""


# ---------------------------------------------------------------------------- signatures


@dataclass(frozen=True, order=True)
class Signature:
    """The shape of an equilibrium set: the supports of its extreme equilibria.

    Two parameter values have the same signature when they have the same number
    of extreme equilibria with the same supports. ``supports`` is sorted, so
    signatures compare and hash as values.

    >>> s = Signature(("China", "US"), ((("a",), ("b",)), (("a", "b"), ("a", "b"))))
    >>> s.count
    2
    >>> s.label()
    'China a / US b; China a+b / US a+b'
    """

    players: tuple[str, str]
    supports: tuple[Support, ...]

    @property
    def count(self) -> int:
        """Number of extreme equilibria."""
        return len(self.supports)

    def label(self) -> str:
        """One line naming every equilibrium by its supports (``+`` joins a mixture)."""
        if not self.supports:
            return "no equilibrium"
        return "; ".join(support_label(self.players, s) for s in self.supports)


def support_label(players: Sequence[str], support: Support) -> str:
    """``"China escalate / US concede"``; a mixed support joins its actions with ``+``.

    >>> support_label(("China", "US"), (("escalate",), ("escalate", "concede")))
    'China escalate / US escalate+concede'
    """
    return " / ".join(f"{p} {'+'.join(s)}" for p, s in zip(players, support, strict=True))


def _signature(players, actions, equilibria) -> Signature:
    supports = []
    for row, col, *_ in equilibria:
        supports.append(
            (
                tuple(a for a, p in zip(actions[0], row, strict=True) if p > 0),
                tuple(a for a, p in zip(actions[1], col, strict=True) if p > 0),
            )
        )
    return Signature(tuple(players), tuple(sorted(supports)))


# ---------------------------------------------------------------------------- solving many points
#
# A point's result travels between processes as plain tuples:
#   (row probabilities, column probabilities, (payoff row, payoff column), regret, component)


def _quiet_game(model, overrides: Mapping[str, float]):
    """``model.game(**overrides)`` without the warning for values outside the plausible range.

    A sweep steps outside the plausible range on purpose; its plots shade that range instead.
    """
    with warnings.catch_warnings():
        try:
            from bargain.model import RangeWarning
        except ImportError:  # pragma: no cover - the model module is part of the package
            RangeWarning = UserWarning  # noqa: N806
        warnings.simplefilter("ignore", RangeWarning)
        return model.game(**overrides)


def _solve_point(model, names, point, method, tol, exact=False):
    from bargain.equilibria import solve

    game = _quiet_game(model, dict(zip(names, point, strict=True)))
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


def _solve_chunk(model, names, points, method, tol, fast=True):
    """Solve every point of one chunk (runs in a worker when there are workers).

    With ``fast`` and method ``auto`` the chunk's games are solved together by
    :func:`bargain._family.solve_family`; the points it is unsure of (degenerate
    games, points next to a threshold) go to :func:`bargain.solve` one by one.
    """
    if not (fast and method == "auto" and points):
        return [_solve_point(model, names, point, method, tol) for point in points]
    from bargain.equilibria.batch import solve_family

    A, B = _payoff_stack(model, names, points)
    results = solve_family(A, B, tol)
    return [
        result if result is not None else _solve_point(model, names, point, method, tol)
        for point, result in zip(points, results, strict=True)
    ]


def _payoff_stack(model, names, points) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices at every point, as arrays of shape (points, m, n).

    When one parameter varies and every payoff is affine in it (read from the
    model's expressions), the games are ``G(0) + t (G(1) - G(0))``: two model
    evaluations instead of one per point. Otherwise the model's payoff terms
    are evaluated on arrays of values (:func:`bargain._family.vector_payoffs`),
    and failing that the games are built one by one.
    """
    from bargain.equilibria.batch import affine_in, vector_payoffs

    if len(names) == 1 and affine_in(model, names[0]):
        try:
            g0, g1 = _quiet_game(model, {names[0]: 0.0}), _quiet_game(model, {names[0]: 1.0})
        except BargainError:
            pass
        else:
            t = np.array([p[0] for p in points])[:, None, None]
            return g0.A + t * (g1.A - g0.A), g0.B + t * (g1.B - g0.B)
    stacked = vector_payoffs(model, names, points)
    if stacked is not None:
        return stacked
    games = [_quiet_game(model, dict(zip(names, point, strict=True))) for point in points]
    return np.stack([g.A for g in games]), np.stack([g.B for g in games])


class _ModelFile:
    """Stands in for a model that cannot be pickled: travels as its file path, re-read once per copy."""

    def __init__(self, path: str):
        self.path = path
        self._model = None

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.path, self._model = state["path"], None

    @property
    def model(self):
        """The model, read from its file on first use."""
        if self._model is None:
            from bargain.model import load_model

            self._model = load_model(self.path)
        return self._model

    def game(self, **overrides):
        return self.model.game(**overrides)


def _portable(model):
    """``model`` itself when it pickles, else a stand-in that re-reads its file in the worker."""
    import pickle

    try:
        pickle.dumps(model)
        return model
    except Exception:  # noqa: BLE001 - any pickling failure means: send the path instead
        path = getattr(model, "path", None)
        if path is None:
            raise SensitivityError(
                f"model {_model_name(model)!r} cannot be sent to worker processes (it does not pickle "
                "and has no file path); use workers=1"
            ) from None
        return _ModelFile(str(path))


@dataclass(frozen=True, eq=False)
class Held:
    """A model with some parameters held at values other than its own (see :func:`hold`)."""

    model: Any
    held: tuple[tuple[str, float], ...]

    @property
    def parameters(self):
        """The model's parameters (a held parameter keeps its declared value and range here)."""
        return self.model.parameters

    @property
    def name(self) -> str:
        """The model's name."""
        return _model_name(self.model)

    def game(self, **overrides):
        """The model's game with the held values, then ``overrides``, applied."""
        return self.model.game(**(dict(self.held) | overrides))

    def __reduce__(self):
        return (Held, (_portable(self.model), self.held))


def hold(model, **values: float) -> Held:
    """``model`` with the parameters in ``values`` held there for sweeps and Monte Carlo runs.

    >>> from bargain.model import load_model
    >>> held = hold(load_model("rare-earth-chicken"), us_standoff_cost=2.0)
    >>> held.game().payoff("escalate", "escalate")
    (-2.0, -1.8)
    """
    for name in values:
        _parameter(model, name)
    model.game(**values)  # a bad value fails here, once, with the model's own message
    return Held(model, tuple((k, float(v)) for k, v in values.items()))


#: Points per task. Fixed, so that every backend solves the very same batches and gets the very same numbers.
CHUNK = 256


def _chunks(items: list, size: int = CHUNK) -> list[list]:
    return [items[k : k + size] for k in range(0, len(items), size)]


def _dask_client(backend):
    if isinstance(backend, str):
        try:
            from distributed import Client
        except ImportError:
            raise SensitivityError(
                "a dask scheduler address needs dask.distributed: pip install 'bargain[dask]'"
            ) from None
        try:
            return Client(backend, timeout="10s", set_as_default=False), True
        except (OSError, TimeoutError) as error:
            raise SensitivityError(f"cannot reach the dask scheduler at {backend}: {error}") from None
    return backend, False


def solve_points(
    model,
    names: Sequence[str],
    points: Sequence[Sequence[float]],
    *,
    method: str = "auto",
    tol: float = DEFAULT_TOL,
    workers: int = 1,
    backend=None,
    progress: bool | Callable[[int], None] = False,
    description: str = "solving",
    fast: bool = True,
) -> list[tuple]:
    """Solve ``model`` at each point (a tuple of values for ``names``), in order.

    The low-level engine behind :func:`sweep` and :func:`montecarlo`: it returns,
    per point, a tuple of equilibria as plain tuples ``(row probabilities,
    column probabilities, payoffs, regret, component)``.

    ``backend`` is ``None`` (serial when ``workers == 1``, else local
    processes), ``"serial"``, ``"processes"``, a dask scheduler address such as
    ``"tcp://127.0.0.1:8786"``, or a ``distributed.Client``. ``progress`` is a
    bool (a ``rich`` progress bar) or a callable receiving the number of points
    just finished. ``fast`` solves the points of a task together (see
    :func:`bargain._family.solve_family`); ``fast=False`` calls
    :func:`bargain.solve` at every point.

    Points are cut into tasks of :data:`CHUNK` whatever the backend, so every
    backend returns the same numbers in the same order.
    """
    names, points = tuple(names), [tuple(float(v) for v in p) for p in points]
    if workers < 1:
        raise SensitivityError(f"workers must be at least 1, got {workers}")
    if backend not in (None, "serial", "processes") and not _is_dask(backend):
        raise SensitivityError(
            f"unknown backend {backend!r}; use 'serial', 'processes', a dask scheduler address or a dask Client"
        )
    job = (names, method, tol, fast)
    chunks = _chunks(points)
    with _progress(progress, len(points), description) as advance:
        if _is_dask(backend):
            return _run_dask(model, job, chunks, backend, advance)
        if backend == "serial" or (backend is None and workers == 1) or len(chunks) < 2:
            results = []
            for chunk in chunks:
                results.extend(_solve_chunk(model, names, chunk, method, tol, fast))
                advance(len(chunk))
            return results
        return _run_processes(model, job, chunks, workers, advance)


def _is_dask(backend) -> bool:
    if isinstance(backend, str):
        return "://" in backend
    return backend is not None and type(backend).__name__ == "Client"


def _run_processes(model, job, chunks, workers, advance) -> list[tuple]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    names, method, tol, fast = job
    results: list = [None] * len(chunks)
    model = _portable(model)
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures = {pool.submit(_solve_chunk, model, names, c, method, tol, fast): k for k, c in enumerate(chunks)}
        for future in as_completed(futures):
            k = futures[future]
            results[k] = future.result()
            advance(len(chunks[k]))
    return [r for chunk in results for r in chunk]


def _run_dask(model, job, chunks, backend, advance) -> list[tuple]:
    names, method, tol, fast = job
    client, owned = _dask_client(backend)
    try:
        from distributed import as_completed

        shared = client.scatter(_portable(model), broadcast=True)
        count = len(chunks)
        futures = client.map(_solve_chunk, [shared] * count, [names] * count, chunks, [method] * count,
                             [tol] * count, [fast] * count, pure=False)
        position = {f.key: k for k, f in enumerate(futures)}
        results: list = [None] * count
        for future in as_completed(futures, loop=client.loop):
            k = position[future.key]
            results[k] = future.result()
            advance(len(chunks[k]))
        return [r for chunk in results for r in chunk]
    finally:
        if owned:
            client.close()


class _progress:
    """Context manager yielding ``advance(n)``: a rich bar, a user callback, or nothing."""

    def __init__(self, progress, total: int, description: str):
        self.progress, self.total, self.description = progress, total, description
        self.bar = None

    def __enter__(self):
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

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


# ---------------------------------------------------------------------------- checking inputs


def _parameter(model, name: str):
    parameters = getattr(model, "parameters", None)
    if parameters is None or not hasattr(model, "game"):
        raise SensitivityError(f"{model!r} is not a model: it needs .parameters and .game(**overrides)")
    if name not in parameters:
        raise SensitivityError(
            f"unknown parameter {name!r}; parameters are: {', '.join(parameters)}", source=_model_name(model)
        )
    return parameters[name]


def _model_name(model) -> str:
    return str(getattr(model, "name", type(model).__name__))


def _values(name: str, values) -> tuple[float, ...]:
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


def _check_extremes(model, names: Sequence[str], axes: Sequence[Sequence[float]]) -> None:
    """Build the game at each parameter's smallest and largest value, so a bad value fails here, at once."""
    for name, axis in zip(names, axes, strict=True):
        for value in {min(axis), max(axis)}:
            _quiet_game(model, {name: value})


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


# ---------------------------------------------------------------------------- sweeps


@dataclass(frozen=True)
class SweepRecord:
    """One equilibrium at one point of a sweep.

    Attributes
    ----------
    point : int
        Index of the point in :attr:`Sweep.points`.
    values : tuple of float
        The swept parameters' values at that point, in :attr:`Sweep.params` order.
    equilibrium : int
        Index of the equilibrium in the solution at that point.
    track : int
        Which tracked equilibrium this is: the same track id at neighbouring
        points means the one continues the other.
    players, actions : labels of the game
    profile : pair of tuples of float
        Each player's mixed strategy.
    payoffs : pair of float
        Expected payoffs.
    regret : float
        Largest gain from a pure deviation, as measured by the verifier.
    component : int
        Index of the maximal convex set of equilibria it belongs to.
    """

    point: int
    values: tuple[float, ...]
    equilibrium: int
    track: int
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    profile: tuple[tuple[float, ...], tuple[float, ...]]
    payoffs: tuple[float, float]
    regret: float
    component: int

    @property
    def strategies(self) -> dict[str, dict[str, float]]:
        """``{player: {action: probability}}``."""
        return {
            p: dict(zip(self.actions[k], self.profile[k], strict=True)) for k, p in enumerate(self.players)
        }

    @property
    def payoff(self) -> dict[str, float]:
        """``{player: expected payoff}``."""
        return dict(zip(self.players, self.payoffs, strict=True))

    @property
    def supports(self) -> Support:
        """Labels of the actions each player uses."""
        return tuple(
            tuple(a for a, p in zip(self.actions[k], self.profile[k], strict=True) if p > 0) for k in (0, 1)
        )

    @property
    def pure(self) -> bool:
        """True when each player uses one action."""
        return all(len(s) == 1 for s in self.supports)


@dataclass(frozen=True)
class Sweep:
    """The equilibria of a model along one parameter, or on a grid of two.

    Attributes
    ----------
    model : str
        The model's name.
    params : tuple of str
        The swept parameters (one or two).
    axes : tuple of tuples of float
        The values of each swept parameter; the points are their product, the
        first parameter varying fastest.
    units : tuple of str
        Each swept parameter's unit.
    ranges : tuple of (low, high, value)
        Each swept parameter's plausible range and cited value, from the model.
    players, actions : labels of the game
    points : tuple of tuples of float
        Every point solved, in order.
    signatures : tuple of Signature
        The shape of the equilibrium set at each point.
    records : tuple of SweepRecord
        Every equilibrium at every point, point by point.
    method : str
        The solver method.
    payoff_units : str
        The model's payoff unit, when it states one.
    """

    model: str
    params: tuple[str, ...]
    axes: tuple[tuple[float, ...], ...]
    units: tuple[str, ...]
    ranges: tuple[tuple[float, float, float], ...]
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    points: tuple[tuple[float, ...], ...]
    signatures: tuple[Signature, ...]
    records: tuple[SweepRecord, ...]
    method: str = "auto"
    payoff_units: str = ""

    @property
    def tracks(self) -> dict[int, tuple[SweepRecord, ...]]:
        """``{track id: its records, in sweep order}``."""
        result: dict[int, list[SweepRecord]] = {}
        for record in self.records:
            result.setdefault(record.track, []).append(record)
        return {k: tuple(v) for k, v in result.items()}

    def at(self, point: int) -> tuple[SweepRecord, ...]:
        """The records of the ``point``-th point."""
        return tuple(r for r in self.records if r.point == point)

    def to_records(self) -> list[dict[str, Any]]:
        """Every record as a JSON-ready dictionary (one per point and equilibrium)."""
        from bargain.render.solution import number

        rows = []
        for r in self.records:
            row: dict[str, Any] = {name: number(v) for name, v in zip(self.params, r.values, strict=True)}
            row.update(
                {
                    "point": r.point,
                    "equilibrium": r.equilibrium,
                    "track": r.track,
                    "strategies": {p: {a: number(v) for a, v in s.items()} for p, s in r.strategies.items()},
                    "payoffs": {p: number(v) for p, v in r.payoff.items()},
                    "supports": {p: list(s) for p, s in zip(self.players, r.supports, strict=True)},
                    "pure": r.pure,
                    "regret": number(r.regret, 15),
                    "component": r.component,
                }
            )
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The sweep as a JSON-ready dictionary (see :meth:`to_json`)."""
        from bargain.render.solution import number

        return {
            "model": self.model,
            "method": self.method,
            "payoff_units": self.payoff_units,
            "parameters": [
                {"name": n, "unit": u, "low": number(r[0]), "high": number(r[1]), "value": number(r[2]),
                 "values": [number(v) for v in a]}
                for n, u, r, a in zip(self.params, self.units, self.ranges, self.axes, strict=True)
            ],
            "players": list(self.players),
            "actions": {p: list(a) for p, a in zip(self.players, self.actions, strict=True)},
            "signatures": [s.label() for s in self.signatures],
            "records": self.to_records(),
        }

    def to_json(self, **kwargs) -> str:
        """The sweep as JSON: model, parameters (with every value swept), players,
        actions, the signature at each point, and :meth:`to_records`."""
        return json.dumps(self.to_dict(), indent=kwargs.pop("indent", 2), **kwargs)

    def to_csv(self) -> str:
        """One CSV row per point and equilibrium: the parameter values, point,
        equilibrium, track, each ``player:action`` probability, each
        ``payoff:player``, the supports, pure, regret and component."""
        from bargain.render.solution import number

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        strategy_columns = [f"{p}:{a}" for p, acts in zip(self.players, self.actions, strict=True) for a in acts]
        writer.writerow(
            [*self.params, "point", "equilibrium", "track", *strategy_columns,
             *(f"payoff:{p}" for p in self.players), "support", "pure", "regret", "component"]
        )
        for r in self.records:
            writer.writerow(
                [*(number(v) for v in r.values), r.point, r.equilibrium, r.track,
                 *(number(v) for v in (*r.profile[0], *r.profile[1])), *(number(v) for v in r.payoffs),
                 support_label(self.players, r.supports), r.pure, number(r.regret, 15), r.component]
            )
        return out.getvalue()


def sweep(
    model,
    param: str | Sequence[str],
    values: Iterable[float] | Sequence[Iterable[float]],
    *,
    method: str = "auto",
    tol: float = DEFAULT_TOL,
    workers: int = 1,
    backend=None,
    progress: bool | Callable[[int], None] = False,
    fast: bool = True,
) -> Sweep:
    """Solve ``model`` at every value of ``param`` and track each equilibrium.

    Parameters
    ----------
    model
        A :class:`bargain.model.Model` (or any object with ``parameters`` and
        ``game(**overrides)``).
    param : str or pair of str
        The parameter to sweep; two names sweep the grid of both (see :func:`sweep2`).
    values : sequence of float, or pair of sequences
        The values, one sequence per parameter.
    method : str
        A complete solver method of :func:`bargain.solve` (``auto``, ``vertex``,
        ``support``).
    workers : int
        Local processes to use (1 = in this process).
    backend
        ``None``, ``"serial"``, ``"processes"``, a dask scheduler address or a
        ``distributed.Client`` (see :func:`solve_points`).
    progress : bool or callable
        Show a progress bar (or call back with the number of points done).
    fast : bool
        Solve the points in batches (see :func:`solve_points`); the result is
        the same as point-by-point :func:`bargain.solve` to round-off.

    Returns
    -------
    Sweep

    Notes
    -----
    Tracking: an equilibrium at one point continues the equilibrium at the
    previous point that it is nearest to (largest difference of any action's
    probability), among those whose supports overlap its own for both players,
    preferring identical supports; pairs are taken greedily, nearest first. An
    equilibrium continuing none gets a new track id. On a grid of two
    parameters, points are linked along the first parameter, and the first
    point of each row to the first point of the row before.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> s = sweep(load_model("rare-earth-chicken"), "china_share", [0.7, 0.8, 0.9])
    >>> len(s.points), len(s.records), sorted(s.tracks)
    (3, 9, [0, 1, 2])
    """
    if isinstance(param, str):
        names, axes = (param,), (_values(param, values),)
    else:
        names = tuple(param)
        if len(names) not in (1, 2) or len(set(names)) != len(names):
            raise SensitivityError(f"sweep one or two distinct parameters, got {list(names)}")
        axes_in = list(values)
        if len(axes_in) != len(names):
            raise SensitivityError(f"{len(names)} parameters but {len(axes_in)} sequences of values")
        axes = tuple(_values(n, a) for n, a in zip(names, axes_in, strict=True))
    if method not in ("auto", "vertex", "support"):
        raise SensitivityError(f"method {method!r} is not complete; use 'auto', 'vertex' or 'support'")
    parameters = [_parameter(model, n) for n in names]
    _check_extremes(model, names, axes)
    game = _quiet_game(model, {})
    if len(names) == 1:
        points = [(v,) for v in axes[0]]
        links = [None, *range(len(points) - 1)]
    else:
        width = len(axes[0])
        points = [(a, b) for b in axes[1] for a in axes[0]]
        links = [None if k == 0 else (k - width if k % width == 0 else k - 1) for k in range(len(points))]
    results = solve_points(
        model, names, points, method=method, tol=tol, workers=workers, backend=backend, progress=progress,
        description=f"sweeping {' × '.join(names)}", fast=fast,
    )
    tracks = _track(results, links)
    records = []
    for k, (point, equilibria) in enumerate(zip(points, results, strict=True)):
        for e, (row, col, payoffs, regret, component) in enumerate(equilibria):
            records.append(
                SweepRecord(k, point, e, tracks[k][e], game.players, game.actions, (row, col), payoffs, regret,
                            component)
            )
    return Sweep(
        model=_model_name(model),
        params=names,
        axes=axes,
        units=tuple(str(getattr(p, "unit", "")) for p in parameters),
        ranges=tuple(
            (float(getattr(p, "low", math.nan)), float(getattr(p, "high", math.nan)),
             float(getattr(p, "value", math.nan)))
            for p in parameters
        ),
        players=game.players,
        actions=game.actions,
        points=tuple(points),
        signatures=tuple(_signature(game.players, game.actions, eqs) for eqs in results),
        records=tuple(records),
        method=method,
        payoff_units=str(getattr(getattr(model, "model", model), "units", "") or ""),
    )


def sweep2(
    model,
    first: tuple[str, Iterable[float]],
    second: tuple[str, Iterable[float]],
    **options,
) -> Sweep:
    """Sweep two parameters on the grid of their values: ``sweep2(m, ("a", va), ("b", vb))``.

    The same as ``sweep(model, ["a", "b"], [va, vb], **options)``.

    >>> from bargain.model import load_model
    >>> s = sweep2(load_model("rare-earth-chicken"), ("china_share", [0.7, 0.9]),
    ...            ("us_standoff_cost", [0.5, 2.0, 3.0]))
    >>> len(s.points), [sig.count for sig in s.signatures]
    (6, [1, 1, 3, 3, 3, 3])
    """
    return sweep(model, [first[0], second[0]], [first[1], second[1]], **options)


def _distance(a, b) -> float:
    return max(max(abs(p - q) for p, q in zip(a[0], b[0], strict=True)),
               max(abs(p - q) for p, q in zip(a[1], b[1], strict=True)))


def _support(profile) -> tuple[frozenset, frozenset]:
    return tuple(frozenset(i for i, p in enumerate(s) if p > 0) for s in profile)


def _match(previous: Sequence[tuple], current: Sequence[tuple]) -> dict[int, int]:
    """``{index in current: index in previous}`` for the equilibria that continue one another."""
    old_supports = [_support(e[:2]) for e in previous]
    new_supports = [_support(e[:2]) for e in current]
    if len(set(old_supports)) == len(old_supports) == len(new_supports) == len(set(new_supports)) and set(
        old_supports
    ) == set(new_supports):
        # the same supports on both sides, each once: identical supports are always matched first
        where = {s: i for i, s in enumerate(old_supports)}
        return {j: where[s] for j, s in enumerate(new_supports)}
    candidates = []
    for i, old in enumerate(previous):
        s_old = old_supports[i]
        for j, new in enumerate(current):
            s_new = new_supports[j]
            if s_old[0] & s_new[0] and s_old[1] & s_new[1]:
                candidates.append((s_old != s_new, _distance(old[:2], new[:2]), i, j))
    candidates.sort()
    used_old, pairs = set(), {}
    for _, _, i, j in candidates:
        if i not in used_old and j not in pairs:
            used_old.add(i)
            pairs[j] = i
    return pairs


def _track(results: Sequence[Sequence[tuple]], links: Sequence[int | None]) -> list[list[int]]:
    """Track ids of every equilibrium at every point; ``links[k]`` is the point ``k`` continues."""
    tracks: list[list[int]] = []
    next_id = 0
    for k, equilibria in enumerate(results):
        ids: list[int] = []
        pairs = _match(results[links[k]], equilibria) if links[k] is not None else {}
        for j in range(len(equilibria)):
            if j in pairs:
                ids.append(tracks[links[k]][pairs[j]])
            else:
                ids.append(next_id)
                next_id += 1
        tracks.append(ids)
    return tracks


# ---------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Threshold:
    """A parameter value where the set of equilibria changes.

    Attributes
    ----------
    param : str
    value : float
        Where the change happens, to within ``1e-9 * max(1, |value|)``.
    bracket : (float, float)
        The final bracket: ``left`` holds at its lower end, ``right`` at its upper end.
    left, right : Signature
        The equilibrium set just below and just above ``value``.
    at : Signature or None
        The equilibrium set at ``value`` itself when it differs from both sides
        (a degenerate point, such as a continuum of equilibria); else None.
    """

    param: str
    value: float
    bracket: tuple[float, float]
    left: Signature
    right: Signature
    at: Signature | None = None

    @property
    def degenerate(self) -> bool:
        """True when the equilibrium set at the threshold differs from both sides."""
        return self.at is not None

    @property
    def appears(self) -> tuple[Support, ...]:
        """Supports of the equilibria present on the right and not on the left."""
        return _minus(self.right.supports, self.left.supports)

    @property
    def vanishes(self) -> tuple[Support, ...]:
        """Supports of the equilibria present on the left and not on the right."""
        return _minus(self.left.supports, self.right.supports)

    def describe(self) -> str:
        """One line: what appears, what vanishes, and what holds at the point itself."""
        players = self.left.players
        parts = [f"+ {support_label(players, s)}" for s in self.appears]
        parts += [f"- {support_label(players, s)}" for s in self.vanishes]
        if not parts:
            parts.append("same equilibria on both sides")
        if self.at is not None:
            parts.append(f"at the point itself {self.at.count} extreme equilibria: {self.at.label()}")
        return "; ".join(parts)


def _minus(a: Sequence, b: Sequence) -> tuple:
    rest = list(b)
    out = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            out.append(item)
    return tuple(out)


def _width_ok(a: float, b: float, rtol: float) -> bool:
    return b - a <= rtol * max(1.0, abs(a), abs(b))


def _short_decimal(a: float, b: float) -> float:
    """The value with fewest decimals in ``[a, b]`` (the midpoint if none is shorter)."""
    for digits in range(0, 17):
        candidate = round((a + b) / 2, digits)
        if a <= candidate <= b:
            return candidate
    return (a + b) / 2


def thresholds(
    model,
    param: str,
    low: float | None = None,
    high: float | None = None,
    *,
    grid: int | Sequence[float] | Sweep = 101,
    method: str = "auto",
    tol: float = DEFAULT_TOL,
    rtol: float = THRESHOLD_TOL,
    exact: bool = True,
    workers: int = 1,
    backend=None,
    fast: bool = True,
) -> tuple[Threshold, ...]:
    """Values of ``param`` in ``[low, high]`` where the set of equilibria changes.

    The other parameters keep their model values. The change is bracketed on a
    grid by the signature of the solution (the sorted supports of every extreme
    equilibrium, hence also their number) and each bracket is bisected until it
    is at most ``rtol * max(1, |value|)`` wide. The reported value is the number
    with the fewest decimals inside the final bracket. When the equilibrium set
    at that value differs from both sides (a degenerate point, for example a
    continuum), it is reported in :attr:`Threshold.at`.

    Parameters
    ----------
    model
    param : str
    low, high : float, optional
        The interval searched (default: the parameter's plausible range).
    grid : int, sequence of float, or Sweep
        Number of evenly spaced grid points, the grid itself, or a one-parameter
        :class:`Sweep` of ``param`` whose points and signatures are reused.
    method, tol, workers, backend, fast
        As for :func:`sweep` (they apply to the grid; the bisection is serial).
    rtol : float
        Relative width of the final brackets.
    exact : bool
        Bisect with exact rational solves (the default), so that the float
        solver's tolerances (it merges equilibria closer than about ``1e-6``)
        cannot blur where an equilibrium branches off another. The grid itself
        is always solved in floats. The signature at the threshold is taken
        from the exact solve at the reported value, else from a float solve
        there, whose tolerance sees a game within ``tol`` of degenerate as
        degenerate.

    Returns
    -------
    tuple of Threshold, in increasing order of value.

    Notes
    -----
    A change is found when the grid brackets it. Two changes between the same
    two grid points that undo each other, or an isolated degenerate value
    between grid points with the same equilibria on both sides, are invisible
    at that grid: refine the grid to see them.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> [t.value for t in thresholds(load_model("rare-earth-chicken"), "us_standoff_cost", 0.5, 3.0)]
    [1.0]
    """
    parameter = _parameter(model, param)
    if method not in ("auto", "vertex", "support"):
        raise SensitivityError(f"method {method!r} is not complete; use 'auto', 'vertex' or 'support'")
    if isinstance(grid, Sweep):
        if grid.params != (param,):
            raise SensitivityError(f"the sweep given as grid sweeps {list(grid.params)}, not [{param!r}]")
        values, signatures = [p[0] for p in grid.points], list(grid.signatures)
        keep = [k for k, v in enumerate(values) if (low is None or v >= low) and (high is None or v <= high)]
        values, signatures = [values[k] for k in keep], [signatures[k] for k in keep]
    else:
        low = float(parameter.low) if low is None else float(low)
        high = float(parameter.high) if high is None else float(high)
        if isinstance(grid, int | np.integer):
            values = list(linspace(low, high, int(grid)))
        else:
            values = sorted(v for v in _values(param, grid) if low <= v <= high)
        _check_extremes(model, [param], [values])
        game = _quiet_game(model, {})
        results = solve_points(model, [param], [(v,) for v in values], method=method, tol=tol, workers=workers,
                               backend=backend, fast=fast)
        signatures = [_signature(game.players, game.actions, eqs) for eqs in results]
    if len(values) < 2:
        raise SensitivityError(f"thresholds of {param!r} need at least 2 grid points in the interval")
    game = _quiet_game(model, {})

    def signature_at(value: float, exact_solve: bool = exact) -> Signature:
        equilibria = _solve_point(model, (param,), (value,), method, tol, exact_solve)
        return _signature(game.players, game.actions, equilibria)

    changes: list[tuple[float, float, Signature, Signature]] = []
    for k in range(len(values) - 1):
        if signatures[k] != signatures[k + 1]:
            a, b = values[k], values[k + 1]
            left, right = (signature_at(a), signature_at(b)) if exact else (signatures[k], signatures[k + 1])
            if left != right:
                # half the width: a degenerate point seen from both sides joins two brackets into one
                changes.extend(_bisect(signature_at, a, b, left, right, rtol / 2))
    return tuple(_merge(param, changes, signature_at, rtol))


def _bisect(signature_at, a, b, left, right, rtol):
    """Narrow ``[a, b]`` (``left`` at a, ``right`` at b) to brackets of relative width ``rtol``.

    A third signature met at a midpoint splits the search in two, so every change inside is found.
    """
    stack, found = [(a, b, left, right)], []
    while stack:
        a, b, left, right = stack.pop()
        while not _width_ok(a, b, rtol):
            middle = (a + b) / 2
            if middle <= a or middle >= b:
                break
            signature = signature_at(middle)
            if signature == left:
                a = middle
            elif signature == right:
                b = middle
            else:
                stack.append((middle, b, signature, right))
                b, right = middle, signature
        found.append((a, b, left, right))
    return sorted(found, key=lambda c: c[0])


def _merge(param, changes, signature_at, rtol) -> list[Threshold]:
    """Join brackets that touch (a degenerate point seen from both sides) into one threshold each."""
    groups: list[list[tuple]] = []
    for change in sorted(changes, key=lambda c: c[0]):
        if groups and change[0] - groups[-1][-1][1] <= 2 * rtol * max(1.0, abs(change[0])):
            groups[-1].append(change)
        else:
            groups.append([change])
    result = []
    for group in groups:
        a, b = group[0][0], group[-1][1]
        left, right = group[0][2], group[-1][3]
        value = _short_decimal(a, b)
        inside = [c[3] for c in group[:-1] if c[3] not in (left, right)]
        at = None
        for candidate in (signature_at(value), signature_at(value, False), *inside):
            if candidate not in (left, right):
                at = candidate
                break
        if left == right and at is None:
            continue
        result.append(Threshold(param, value, (a, b), left, right, at))
    return result


# ---------------------------------------------------------------------------- Monte Carlo


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion.

    >>> lo, hi = wilson(50, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.4038, 0.5962)
    >>> wilson(0, 10)[0]
    0.0
    """
    if n <= 0:
        raise SensitivityError("a frequency needs at least one sample")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def mean_interval(samples: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """Mean and normal-approximation confidence interval ``(mean, low, high)``.

    >>> mean_interval([1.0, 2.0, 3.0])
    (2.0, 0.868, 3.132)
    """
    data = np.asarray(samples, dtype=float)
    mean = float(data.mean())
    if data.size < 2:
        return mean, mean, mean
    half = z * float(data.std(ddof=1)) / math.sqrt(data.size)
    return mean, mean - half, mean + half


@dataclass(frozen=True)
class Frequency:
    """How often an outcome held among the samples, with its Wilson 95% interval."""

    label: str
    count: int
    samples: int
    low: float
    high: float

    @property
    def frequency(self) -> float:
        """``count / samples``."""
        return self.count / self.samples


@dataclass(frozen=True)
class Mean:
    """A sample mean with its 95% interval (normal approximation)."""

    player: str
    action: str
    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class MonteCarlo:
    """How often each outcome holds when the parameters are drawn from their ranges.

    Attributes
    ----------
    model : str
    params : tuple of str
        The parameters drawn; the others keep their model values.
    distribution : str
        ``"uniform"`` over ``[low, high]`` or ``"triangular"`` with its mode at
        the parameter's value.
    seed : int
    draws : tuple of tuples of float
        Every sample's parameter values, in ``params`` order.
    signatures : tuple of Signature
        The shape of the equilibrium set of every sample.
    equilibria : tuple of Frequency
        For each equilibrium (by supports; a pure one is its profile): the share
        of samples in which it is an equilibrium.
    sets : tuple of Frequency
        For each whole set of equilibria (a :class:`Signature`): the share of
        samples in which it is exactly the set.
    means : tuple of Mean
        Each action's probability, first averaged over the extreme equilibria of
        a sample (each counted once), then over the samples.
    payoffs : tuple of Mean
        Each player's expected payoff, averaged the same way (``action`` is ``""``).
    """

    model: str
    params: tuple[str, ...]
    distribution: str
    seed: int
    draws: tuple[tuple[float, ...], ...]
    signatures: tuple[Signature, ...]
    equilibria: tuple[Frequency, ...]
    sets: tuple[Frequency, ...]
    means: tuple[Mean, ...]
    payoffs: tuple[Mean, ...]

    @property
    def samples(self) -> int:
        """Number of samples drawn."""
        return len(self.draws)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary of the whole result (without the raw draws)."""
        from bargain.render.solution import number

        def freq(f: Frequency) -> dict:
            return {"outcome": f.label, "count": f.count, "frequency": number(f.frequency),
                    "ci95": [number(f.low), number(f.high)]}

        def mean(m: Mean) -> dict:
            return {"player": m.player, "action": m.action, "mean": number(m.mean),
                    "ci95": [number(m.low), number(m.high)]}

        return {
            "model": self.model,
            "samples": self.samples,
            "seed": self.seed,
            "distribution": self.distribution,
            "parameters": list(self.params),
            "equilibria": [freq(f) for f in self.equilibria],
            "sets": [freq(f) for f in self.sets],
            "action_probabilities": [mean(m) for m in self.means],
            "payoffs": [{k: v for k, v in mean(m).items() if k != "action"} for m in self.payoffs],
            "convention": "an action's probability is averaged over the extreme equilibria of each sample "
                          "(each counted once), then over samples",
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per reported quantity (kind, outcome or player/action, estimate, interval)."""
        rows = []
        for kind, items in (("equilibrium", self.equilibria), ("set", self.sets)):
            for f in items:
                rows.append({"kind": kind, "player": "", "action": "", "outcome": f.label, "count": f.count,
                             "estimate": f.frequency, "low": f.low, "high": f.high})
        for kind, items in (("probability", self.means), ("payoff", self.payoffs)):
            for m in items:
                rows.append({"kind": kind, "player": m.player, "action": m.action, "outcome": "", "count": "",
                             "estimate": m.mean, "low": m.low, "high": m.high})
        return rows

    def to_json(self, **kwargs) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=kwargs.pop("indent", 2), **kwargs)

    def to_csv(self) -> str:
        """:meth:`to_records` as CSV text."""
        from bargain.render.solution import number

        out = io.StringIO()
        columns = ["kind", "player", "action", "outcome", "count", "estimate", "low", "high"]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in self.to_records():
            writer.writerow([number(row[c]) if isinstance(row[c], float) else row[c] for c in columns])
        return out.getvalue()


DISTRIBUTIONS = ("uniform", "triangular")


def draw(model, samples: int, seed: int, *, distribution: str = "uniform",
         params: Sequence[str] | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """The parameter draws of :func:`montecarlo`: ``(names, array of shape (samples, len(names)))``.

    Drawn with ``numpy.random.default_rng(seed)``, one parameter after another,
    so the same seed always gives the same draws.

    >>> from bargain.model import load_model
    >>> names, values = draw(load_model("rare-earth-chicken"), 3, seed=1)
    >>> names, values.shape
    (('china_share', 'china_standoff_cost', 'us_standoff_cost'), (3, 3))
    """
    if distribution not in DISTRIBUTIONS:
        raise SensitivityError(f"unknown distribution {distribution!r}; choose one of: {', '.join(DISTRIBUTIONS)}")
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise SensitivityError(f"samples must be a whole number of at least 1, got {samples!r}")
    names = tuple(getattr(model, "parameters", {}) if params is None else params)
    if not names:
        raise SensitivityError("no parameters to draw")
    parameters = [_parameter(model, n) for n in names]
    rng = np.random.default_rng(seed)
    columns = []
    for p in parameters:
        low, high, mode = float(p.low), float(p.high), float(p.value)
        if high <= low:
            columns.append(np.full(int(samples), low))
        elif distribution == "uniform":
            columns.append(rng.uniform(low, high, int(samples)))
        else:
            columns.append(rng.triangular(low, min(max(mode, low), high), high, int(samples)))
    return names, np.column_stack(columns)


def montecarlo(
    model,
    samples: int,
    seed: int,
    *,
    distribution: str = "uniform",
    params: Sequence[str] | None = None,
    method: str = "auto",
    tol: float = DEFAULT_TOL,
    workers: int = 1,
    backend=None,
    progress: bool | Callable[[int], None] = False,
    fast: bool = True,
) -> MonteCarlo:
    """Draw the parameters from their ranges, solve each draw, and count the outcomes.

    Parameters
    ----------
    model
    samples : int
        Number of draws.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.
    distribution : {"uniform", "triangular"}
        Uniform over each parameter's ``[low, high]``, or triangular on it with
        its mode at the parameter's (cited) value.
    params : sequence of str, optional
        The parameters to draw (default: all); the others keep their values.
    method, tol, workers, backend, progress, fast
        As for :func:`sweep`.

    Returns
    -------
    MonteCarlo
        Frequencies with Wilson 95% intervals; mean action probabilities with
        normal 95% intervals. An action's probability in one sample is the
        average over that sample's extreme equilibria, each counted once.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> mc = montecarlo(load_model("rare-earth-chicken"), 20, seed=7)
    >>> [(f.count, f.low, round(f.high, 3)) for f in mc.sets]  # one set of equilibria in all 20 draws
    [(20, 0.839, 1.0)]
    >>> for outcome in mc.sets[0].label.split("; "):
    ...     print(outcome)
    China concede / United States escalate
    China escalate / United States concede
    China escalate+concede / United States escalate+concede
    """
    if method not in ("auto", "vertex", "support"):
        raise SensitivityError(f"method {method!r} is not complete; use 'auto', 'vertex' or 'support'")
    names, values = draw(model, samples, seed, distribution=distribution, params=params)
    points = [tuple(float(v) for v in row) for row in values]
    results = solve_points(model, names, points, method=method, tol=tol, workers=workers, backend=backend,
                           progress=progress, description="sampling", fast=fast)
    game = _quiet_game(model, {})
    players, actions = game.players, game.actions
    signatures = [_signature(players, actions, eqs) for eqs in results]
    n = len(points)

    def frequencies(keys_per_sample: list[set], label) -> tuple[Frequency, ...]:
        counts: dict = {}
        for keys in keys_per_sample:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0])))
        return tuple(Frequency(label(k), c, n, *wilson(c, n)) for k, c in ordered)

    per_equilibrium = frequencies([set(s.supports) for s in signatures], lambda s: support_label(players, s))
    per_set = frequencies([{s} for s in signatures], lambda s: s.label())

    means, payoffs = [], []
    for k, player in enumerate(players):
        for a, action in enumerate(actions[k]):
            per_sample = [np.mean([eq[k][a] for eq in eqs]) if eqs else math.nan for eqs in results]
            mean, low, high = mean_interval([v for v in per_sample if not math.isnan(v)])
            means.append(Mean(player, action, mean, max(0.0, low), min(1.0, high)))
        per_sample = [np.mean([eq[2][k] for eq in eqs]) if eqs else math.nan for eqs in results]
        payoffs.append(Mean(player, "", *mean_interval([v for v in per_sample if not math.isnan(v)])))
    return MonteCarlo(
        model=_model_name(model),
        params=names,
        distribution=distribution,
        seed=int(seed),
        draws=tuple(points),
        signatures=tuple(signatures),
        equilibria=per_equilibrium,
        sets=per_set,
        means=tuple(means),
        payoffs=tuple(payoffs),
    )


__all__ = [
    "DISTRIBUTIONS",
    "Frequency",
    "Mean",
    "MonteCarlo",
    "SensitivityError",
    "Signature",
    "Sweep",
    "SweepRecord",
    "Threshold",
    "Held",
    "draw",
    "hold",
    "linspace",
    "mean_interval",
    "montecarlo",
    "solve_points",
    "support_label",
    "sweep",
    "sweep2",
    "thresholds",
    "wilson",
]
