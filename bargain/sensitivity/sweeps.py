"""Sweeps: the equilibria of a model along one parameter or on a grid of two, tracked."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bargain.numbers import number

from .engine import check_extremes, gc_paused, solve_points, values_of
from .held import game_at, model_name, parameter_of
from .many import stands_for_set
from .options import SensitivityError, SolveOptions, resolve
from .paths import PathSignature, is_tree
from .signature import Signature, Support, signatures_of, support_label, support_masks
from .tracking import track
from .trees import solve_paths

#: The most points one sweep solves: every equilibrium at every point is kept in memory (about 1 kB
#: each), so a sweep stays well under a gigabyte. A 201 x 201 map is 40,401 points.
MAX_POINTS = 50_000


@dataclass(frozen=True, init=False)
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
    profile : tuple of tuples of float
        Each player's mixed strategy (two or more players).
    payoffs : tuple of float
        Expected payoffs.
    regret : float
        Largest gain from a pure deviation, as measured by the verifier.
    component : int
        Index of the maximal convex set of equilibria it belongs to. For a game
        of three or more players, a negative component marks one verified point
        standing for a set of equilibria of positive dimension (:attr:`on_a_set`).
    """

    point: int
    values: tuple[float, ...]
    equilibrium: int
    track: int
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    profile: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    regret: float
    component: int

    def __init__(self, point, values, equilibrium, track, players, actions, profile, payoffs, regret, component):
        # the fields set in one step: a sweep makes one record per equilibrium per point
        vars(self).update(point=point, values=values, equilibrium=equilibrium, track=track, players=players,
                          actions=actions, profile=profile, payoffs=payoffs, regret=regret, component=component)

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
            tuple(a for a, p in zip(self.actions[k], self.profile[k], strict=True) if p > 0)
            for k in range(len(self.players))
        )

    @property
    def pure(self) -> bool:
        """True when each player uses one action."""
        return all(len(s) == 1 for s in self.supports)

    @property
    def on_a_set(self) -> bool:
        """True when this is one point standing for a set of equilibria of positive dimension (n players)."""
        return stands_for_set(self.component)


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
    paths : tuple of PathSignature
        For a game tree, the subgame-perfect path(s) at each point; empty for a matrix model.
    """

    model: str
    params: tuple[str, ...]
    axes: tuple[tuple[float, ...], ...]
    units: tuple[str, ...]
    ranges: tuple[tuple[float, float, float], ...]
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    points: tuple[tuple[float, ...], ...]
    signatures: tuple[Signature, ...]
    records: tuple[SweepRecord, ...]
    method: str = "auto"
    payoff_units: str = ""
    paths: tuple[PathSignature, ...] = ()

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
            **({"spe_paths": [p.label() for p in self.paths]} if self.paths else {}),
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
                 *(number(v) for mix in r.profile for v in mix), *(number(v) for v in r.payoffs),
                 support_label(self.players, r.supports), r.pure, number(r.regret, 15), r.component]
            )
        return out.getvalue()


@gc_paused()  # many small tuples kept, none in a cycle
def sweep(
    model,
    param: str | Sequence[str],
    values: Iterable[float] | Sequence[Iterable[float]],
    options: SolveOptions | None = None,
    **keywords,
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
    options : SolveOptions, optional
        How to solve the points: method (a complete one: ``auto``, ``vertex``,
        ``support``), tolerance, workers, backend (local processes or a dask
        cluster), progress bar, batched solving. Its fields can also be given
        as keywords: ``sweep(m, "x", values, workers=4)``. Batched solving
        (``fast``) gives the same result as point-by-point :func:`bargain.solve`
        to round-off.

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
        names, axes = (param,), (values_of(param, values),)
    else:
        names = tuple(param)
        if len(names) not in (1, 2) or len(set(names)) != len(names):
            raise SensitivityError(f"sweep one or two distinct parameters, got {list(names)}")
        axes_in = list(values)
        if len(axes_in) != len(names):
            raise SensitivityError(f"{len(names)} parameters but {len(axes_in)} sequences of values")
        axes = tuple(values_of(n, a) for n, a in zip(names, axes_in, strict=True))
    options = resolve(options, keywords)
    parameters = [parameter_of(model, n) for n in names]
    total = math.prod(len(a) for a in axes)
    if total > MAX_POINTS:
        raise SensitivityError(
            f"a sweep of {' × '.join(f'{len(a):,}' for a in axes) + ' = ' if len(axes) > 1 else ''}{total:,} "
            f"points is more than the "
            f"{MAX_POINTS:,} one sweep keeps in memory; use fewer values (thresholds are located to 1e-9 "
            "whatever the grid)"
        )
    check_extremes(model, names, axes)
    game = game_at(model, {})
    if len(names) == 1:
        points = [(v,) for v in axes[0]]
        links = [None, *range(len(points) - 1)]
    else:
        width = len(axes[0])
        points = [(a, b) for b in axes[1] for a in axes[0]]
        links = [None if k == 0 else (k - width if k % width == 0 else k - 1) for k in range(len(points))]
    results = solve_points(model, names, points, options, description=f"sweeping {' × '.join(names)}")
    paths = tuple(solve_paths(model, names, points, options.with_keywords(progress=False))) if is_tree(model) \
        else ()
    masks = [[support_masks(eq) for eq in equilibria] for equilibria in results]  # shared by both below
    tracks = track(results, links, masks)
    records = []
    for k, (point, equilibria) in enumerate(zip(points, results, strict=True)):
        for e, (*profile, payoffs, regret, component) in enumerate(equilibria):
            records.append(
                SweepRecord(k, point, e, tracks[k][e], game.players, game.actions, tuple(profile), payoffs, regret,
                            component)
            )
    return Sweep(
        model=model_name(model),
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
        signatures=tuple(signatures_of(game.players, game.actions, results, masks)),
        records=tuple(records),
        method=options.method,
        payoff_units=str(getattr(getattr(model, "model", model), "units", "") or ""),
        paths=paths,
    )


def sweep2(
    model,
    first: tuple[str, Iterable[float]],
    second: tuple[str, Iterable[float]],
    options: SolveOptions | None = None,
    **keywords,
) -> Sweep:
    """Sweep two parameters on the grid of their values: ``sweep2(m, ("a", va), ("b", vb))``.

    The same as ``sweep(model, ["a", "b"], [va, vb], options, **keywords)``.

    >>> from bargain.model import load_model
    >>> s = sweep2(load_model("rare-earth-chicken"), ("china_share", [0.7, 0.9]),
    ...            ("us_standoff_cost", [0.5, 2.0, 3.0]))
    >>> len(s.points), [sig.count for sig in s.signatures]
    (6, [1, 1, 3, 3, 3, 3])
    """
    return sweep(model, [first[0], second[0]], [first[1], second[1]], options, **keywords)
