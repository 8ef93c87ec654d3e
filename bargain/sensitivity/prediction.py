"""Which equilibrium to expect, and how robustly: every selection criterion at the model's values,
and how often each criterion picks each outcome when the parameters are drawn from their ranges.

An *outcome* is named by the supports of the picked profile, as everywhere in
sensitivity analysis: ``"China withhold / United States hold-and-extend"``; a
mixed one joins its actions with ``+``. A criterion that picks nothing at a draw
counts as :data:`UNDEFINED` there.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bargain.errors import BargainError
from bargain.numbers import number
from bargain.selection import CRITERIA, SUBGAME_PERFECT, Selection, agreement, as_problem, select, subgame_perfect
from bargain.selection.result import undefined

from .held import Held, game_at, model_name
from .many import is_many, many_solution
from .monte_carlo import DISTRIBUTIONS, draw
from .options import SensitivityError, SolveOptions, resolve
from .progress import progress_bar
from .signature import support_label
from .stats import Frequency

#: The outcome of a criterion that picks nothing.
UNDEFINED = "undefined"
#: A probability above this counts an action into the support of a picked profile.
SUPPORT_TOL = 1e-6
#: Draws when none are asked for: the QRE path and the tracing procedure run at every draw.
DEFAULT_SAMPLES = 200


def is_tree(model) -> bool:
    """True when ``model`` describes a game tree (it builds one with ``tree_at``)."""
    model = model.model if isinstance(model, Held) else model
    return callable(getattr(model, "tree_at", None))


def criteria_for(model) -> tuple[str, ...]:
    """The criteria that apply to ``model``: every selection criterion, and ``subgame-perfect`` for a tree.

    >>> from bargain.model import load_model
    >>> criteria_for(load_model("rare-earth-chicken"))
    ('payoff-dominance', 'risk-dominance', 'qre', 'tracing', 'commitment')
    """
    return CRITERIA + ((SUBGAME_PERFECT,) if is_tree(model) else ())


def check_criteria(model, criteria: Sequence[str] | None) -> tuple[str, ...]:
    """``criteria`` in the order given, each checked to apply to ``model`` (default: all that apply)."""
    known = criteria_for(model)
    if not criteria:
        return known
    chosen = tuple(dict.fromkeys(criteria))
    for name in chosen:
        if name not in known:
            extra = " (subgame-perfect needs a game tree)" if name == SUBGAME_PERFECT else ""
            raise SensitivityError(f"unknown criterion {name!r}{extra}; choose from: {', '.join(known)}")
    return chosen


def outcome_of(selection: Selection) -> str:
    """The outcome a selection picks, named by its supports (``"China license / US ease"``), or ``undefined``.

    >>> from bargain import Game
    >>> from bargain.selection import select
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], players=("Ann", "Bob"),
    ...             actions=(["stag", "hare"], ["stag", "hare"]))
    >>> outcome_of(select(stag, "risk-dominance"))
    'Ann hare / Bob hare'
    """
    if not selection.defined or selection.problem is None:
        return UNDEFINED
    problem = selection.problem
    supports = tuple(
        tuple(a for a, p in zip(problem.actions[i], selection.profile[i], strict=True) if p > SUPPORT_TOL)
        for i in range(problem.n)
    )
    return support_label(problem.players, supports)


def _tree_at(model, values: Mapping[str, float]):
    if isinstance(model, Held):
        return _tree_at(model.model, dict(model.held) | dict(values))
    return model.tree_at(dict(values))


def _values_of(model, values: Mapping[str, float]) -> dict[str, float]:
    """Every parameter's value at ``values``: the model's own, then held ones, then ``values``."""
    held = dict(model.held) if isinstance(model, Held) else {}
    own = {name: float(p.value) for name, p in model.parameters.items()}
    return own | held | {k: float(v) for k, v in values.items()}


def pick_all(model, values: Mapping[str, float], criteria: Sequence[str], options: SolveOptions):
    """Solve ``model`` at ``values`` and apply each criterion: ``(game, {criterion: Selection}, equilibria)``.

    A criterion that fails is an undefined pick whose reason names the error;
    the last item is the number of extreme equilibria.

    >>> from bargain.model import load_model
    >>> _, picks, count = pick_all(load_model("rare-earth-chicken"), {}, ["risk-dominance"], SolveOptions())
    >>> count, outcome_of(picks["risk-dominance"])
    (3, 'China escalate / United States concede')
    """
    from bargain.equilibria import solve

    tree = _tree_at(model, values) if SUBGAME_PERFECT in criteria else None
    game = tree.to_game() if tree is not None else game_at(model, values)
    solution = many_solution(game, options.method, options.tol) if is_many(game) \
        else solve(game, method=options.method, tol=options.tol)
    problem = as_problem(solution)
    picks = {}
    for name in criteria:
        try:
            picks[name] = subgame_perfect(tree, problem) if name == SUBGAME_PERFECT else select(problem, name)
        except BargainError as error:
            picks[name] = undefined(name, problem, f"could not be computed: {error}")
    return game, picks, len(problem.equilibria)


@dataclass(frozen=True, eq=False)
class Prediction:
    """Each criterion's pick at one set of parameter values, and where the criteria agree.

    Attributes
    ----------
    model : str
    kind : str
        ``"matrix"``, or ``"sequential"`` for a game tree (the criteria then apply
        to its reduced normal form, and ``subgame-perfect`` is one of them).
    values : mapping
        Every parameter's value used.
    selections : mapping
        Criterion name to :class:`~bargain.selection.Selection`, in the order asked.
    game : Game
        The game the criteria were applied to (the reduced normal form of a tree).
    """

    model: str
    kind: str
    values: Mapping[str, float]
    selections: Mapping[str, Selection]
    game: Any = field(repr=False)

    @property
    def outcomes(self) -> dict[str, str]:
        """``{criterion: outcome}``, each outcome named by its supports (see :func:`outcome_of`)."""
        return {name: outcome_of(s) for name, s in self.selections.items()}

    @property
    def agreement(self):
        """Which criteria pick which outcome (:func:`bargain.selection.agreement`)."""
        return agreement(self.selections)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``model``, ``kind``, ``values``, ``criteria``, ``selections`` and ``agreement``.

        ``selections`` maps each criterion to :meth:`Selection.to_dict` with one
        more key, ``support`` (the outcome named by its supports, or ``undefined``).
        """
        return {
            "model": self.model,
            "kind": self.kind,
            "values": {k: number(v) for k, v in self.values.items()},
            "criteria": list(self.selections),
            "selections": {
                name: s.to_dict() | {"support": outcome_of(s)} for name, s in self.selections.items()
            },
            "agreement": self.agreement.to_dict(),
        }


def prediction_at(model, values: Mapping[str, float] | None = None, *, criteria: Sequence[str] | None = None,
                  options: SolveOptions | None = None, **keywords) -> Prediction:
    """Every criterion's pick, with its reason, at the model's values (or at ``values``).

    Parameters
    ----------
    model
        A matrix model, a sequential model (the criteria apply to the reduced
        normal form of its tree, and ``subgame-perfect`` is added), or either
        with parameters held (:func:`~bargain.sensitivity.hold`).
    values : mapping, optional
        Parameter values to use instead of the model's; no range warning.
    criteria : sequence of str, optional
        Default: :func:`criteria_for` the model.
    options : SolveOptions, optional
        ``method`` and ``tol`` say how the game is solved (or give them as keywords).

    Examples
    --------
    >>> from bargain.model import load_model
    >>> p = prediction_at(load_model("rare-earth-chicken"), criteria=["payoff-dominance", "commitment"])
    >>> p.outcomes
    {'payoff-dominance': 'undefined', 'commitment': 'undefined'}
    >>> p.selections["commitment"].reason.split(":")[0]
    'the outcome depends on who moves first'
    """
    options = resolve(options, keywords)
    chosen = check_criteria(model, criteria)
    values = dict(values or {})
    game, picks, _ = pick_all(model, values, chosen, options)
    return Prediction(model_name(model), "sequential" if is_tree(model) else "matrix",
                      MappingProxyType(_values_of(model, values)), MappingProxyType(picks), game)


@dataclass(frozen=True)
class Robustness:
    """How often each criterion picks each outcome when the parameters are drawn from their ranges.

    Attributes
    ----------
    model : str
    params : tuple of str
        The parameters drawn; the others keep their values.
    distribution : str
        ``"uniform"`` or ``"triangular"``, as for :func:`~bargain.sensitivity.montecarlo`.
    seed : int
    criteria : tuple of str
    draws : tuple of tuples of float
        Every sample's parameter values, in ``params`` order.
    outcomes : tuple of tuples of str
        Every sample's outcome under each criterion, in ``criteria`` order.
    frequencies : mapping
        Criterion to a tuple of :class:`~bargain.sensitivity.Frequency` (Wilson 95%
        intervals), most frequent outcome first.
    unanimous : Frequency
        Share of samples in which every criterion that picks something picks the
        same outcome (and at least one does).
    multiple : Frequency
        Share of samples with more than one extreme equilibrium: where there is a
        choice to make at all.
    unanimous_when_multiple : Frequency or None
        Among those samples, the share in which the criteria agree (None when
        there are none).
    seconds : float
        Wall-clock time of the run (not part of :meth:`to_dict`).
    """

    model: str
    params: tuple[str, ...]
    distribution: str
    seed: int
    criteria: tuple[str, ...]
    draws: tuple[tuple[float, ...], ...]
    outcomes: tuple[tuple[str, ...], ...]
    frequencies: Mapping[str, tuple[Frequency, ...]]
    unanimous: Frequency
    multiple: Frequency
    unanimous_when_multiple: Frequency | None
    seconds: float = field(default=0.0, compare=False)

    @property
    def samples(self) -> int:
        """Number of samples drawn."""
        return len(self.draws)

    def frequency(self, criterion: str, outcome: str) -> Frequency:
        """How often ``criterion`` picks ``outcome`` (a count of 0 when it never does)."""
        for f in self.frequencies[criterion]:
            if f.label == outcome:
                return f
        return _frequency(outcome, 0, self.samples)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``samples``, ``seed``, ``distribution``, ``parameters``, ``interval``, ``criteria``,
        ``unanimous``, ``multiple_equilibria`` and ``unanimous_when_multiple``.

        ``criteria`` maps each criterion to a list of ``{"outcome", "count",
        "frequency", "ci95": [low, high]}``, most frequent first; the last three
        are ``{"count", "samples", "frequency", "ci95"}`` (the last null when no
        draw has more than one equilibrium).
        """
        return {
            "samples": self.samples,
            "seed": self.seed,
            "distribution": self.distribution,
            "parameters": list(self.params),
            "interval": "Wilson score interval, 95%",
            "criteria": {name: [_entry(f) for f in self.frequencies[name]] for name in self.criteria},
            "unanimous": _share(self.unanimous),
            "multiple_equilibria": _share(self.multiple),
            "unanimous_when_multiple": None if self.unanimous_when_multiple is None
            else _share(self.unanimous_when_multiple),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One row per criterion and outcome: ``criterion``, ``outcome``, ``count``, ``samples``,
        ``frequency``, ``low``, ``high``; then rows with criterion ``all`` and outcome ``unanimous``,
        ``multiple equilibria`` and ``unanimous when multiple``."""
        rows = [
            {"criterion": name, "outcome": f.label, "count": f.count, "samples": f.samples,
             "frequency": f.frequency, "low": f.low, "high": f.high}
            for name in self.criteria for f in self.frequencies[name]
        ]
        for f in (self.unanimous, self.multiple, self.unanimous_when_multiple):
            if f is not None:
                rows.append({"criterion": "all", "outcome": f.label, "count": f.count, "samples": f.samples,
                             "frequency": f.frequency, "low": f.low, "high": f.high})
        return rows


def _entry(f: Frequency) -> dict[str, Any]:
    return {"outcome": f.label, "count": f.count, "frequency": number(f.frequency),
            "ci95": [number(f.low), number(f.high)]}


def _share(f: Frequency) -> dict[str, Any]:
    return {"count": f.count, "samples": f.samples, "frequency": number(f.frequency),
            "ci95": [number(f.low), number(f.high)]}


def _frequency(label: str, count: int, n: int) -> Frequency:
    """A frequency with the Wilson score interval of :func:`scipy.stats.binomtest`."""
    from scipy.stats import binomtest

    ci = binomtest(count, n).proportion_ci(confidence_level=0.95, method="wilson")
    return Frequency(label, count, n, max(0.0, float(ci.low)), min(1.0, float(ci.high)))


def predict_robustness(
    model,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    *,
    criteria: Sequence[str] | None = None,
    distribution: str = "uniform",
    params: Sequence[str] | None = None,
    options: SolveOptions | None = None,
    **keywords,
) -> Robustness:
    """Draw the parameters from their ranges and count how often each criterion picks each outcome.

    Parameters
    ----------
    model
        As for :func:`prediction_at`.
    samples : int
        Number of draws (each solves the game and runs every criterion, the QRE
        path and the tracing procedure included).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the draws are those of
        :func:`~bargain.sensitivity.draw`, so the same seed gives the same result.
    criteria : sequence of str, optional
        Default: :func:`criteria_for` the model.
    distribution : {"uniform", "triangular"}
    params : sequence of str, optional
        The parameters to draw (default: all, except those held with
        :func:`~bargain.sensitivity.hold`).
    options : SolveOptions, optional
        ``method``, ``tol`` and ``progress`` apply (or give them as keywords). The
        draws run in this process: ``workers`` and ``backend`` must keep their defaults.

    Returns
    -------
    Robustness

    Examples
    --------
    >>> from bargain.model import load_model
    >>> r = predict_robustness(load_model("rare-earth-chicken"), 20, seed=1, criteria=["risk-dominance"])
    >>> [(f.label, f.count) for f in r.frequencies["risk-dominance"]]
    [('China escalate / United States concede', 11), ('China concede / United States escalate', 9)]
    """
    options = resolve(options, keywords)
    if options.workers != 1 or options.backend not in (None, "serial"):
        raise SensitivityError("predictions over draws run in this process; leave workers and backend unset")
    if distribution not in DISTRIBUTIONS:
        raise SensitivityError(f"unknown distribution {distribution!r}; choose one of: {', '.join(DISTRIBUTIONS)}")
    if isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise SensitivityError(f"seed must be a whole number of at least 0, got {seed!r}")
    chosen = check_criteria(model, criteria)
    if params is None:
        held = {k for k, _ in model.held} if isinstance(model, Held) else set()
        params = [name for name in model.parameters if name not in held]
    names, values = draw(model, samples, int(seed), distribution=distribution, params=params)
    start = time.perf_counter()
    outcomes, counts_of_equilibria = [], []
    with progress_bar(options.progress, len(values), "predicting") as advance:
        for row in values:
            point = dict(zip(names, (float(v) for v in row), strict=True))
            _, picks, count = pick_all(model, point, chosen, options)
            outcomes.append(tuple(outcome_of(picks[name]) for name in chosen))
            counts_of_equilibria.append(count)
            advance(1)
    seconds = time.perf_counter() - start
    n = len(outcomes)
    frequencies = {}
    for c, name in enumerate(chosen):
        counts: dict[str, int] = {}
        for row in outcomes:
            counts[row[c]] = counts.get(row[c], 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        frequencies[name] = tuple(_frequency(label, k, n) for label, k in ordered)
    agrees = [len({o for o in row if o != UNDEFINED}) == 1 for row in outcomes]
    multiple = [count > 1 for count in counts_of_equilibria]
    contested = sum(multiple)
    agree_contested = sum(a for a, m in zip(agrees, multiple, strict=True) if m)
    return Robustness(
        model=model_name(model),
        params=tuple(names),
        distribution=distribution,
        seed=int(seed),
        criteria=chosen,
        draws=tuple(tuple(float(v) for v in row) for row in values),
        outcomes=tuple(outcomes),
        frequencies=MappingProxyType(frequencies),
        unanimous=_frequency("unanimous", sum(agrees), n),
        multiple=_frequency("multiple equilibria", contested, n),
        unanimous_when_multiple=_frequency("unanimous when multiple", agree_contested, contested) if contested
        else None,
        seconds=seconds,
    )


__all__ = [
    "DEFAULT_SAMPLES",
    "SUPPORT_TOL",
    "UNDEFINED",
    "Prediction",
    "Robustness",
    "check_criteria",
    "criteria_for",
    "is_tree",
    "outcome_of",
    "prediction_at",
    "predict_robustness",
]
