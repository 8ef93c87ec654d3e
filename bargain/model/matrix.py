"""Models: a negotiation written down as players, actions, parameters and payoff terms.

A model is a TOML file (read with the standard library's :mod:`tomllib`). The
bundled ones live in ``models/`` and cite the articles in ``seeds/``; see
``docs/model-format.md`` for the full reference. In short::

    kind = "matrix"                  # optional; "matrix" is the default
    name = "my-game"
    title = "One line saying what it is"
    date = "2025-06-09"
    description = "What the game captures and what it leaves out."
    units = "welfare points"         # one unit for every payoff
    sign_convention = "higher is better for the player; 0 = the status quo"

    [[players]]                      # exactly two; the first chooses the row
    name = "China"
    actions = [
      { label = "restore",  description = "Restore exports to pre-April levels" },
      { label = "withhold", description = "Keep the April controls" },
    ]

    [[players]]
    name = "United States"
    actions = [ { label = "ease", description = "..." }, { label = "hold", description = "..." } ]

    [parameters.china_share]         # one table per parameter, in the order shown
    value = 0.9
    range = [0.62, 1.0]              # plausible low and high
    unit = "share"                   # share, fraction and probability must lie in [0, 1]
    description = "Which figure is used and why."
    sources = [ { file = "001_95f3d8186617a2d0.txt", quote = "over 90% of the processing capacity" } ]
    # and/or: assumption = "why this value, when no article gives it"

    [[terms]]                        # a payoff is the sum of the named terms that apply
    name = "rare-earth shortage"
    player = "United States"         # whose payoff the term adds to
    expression = "-shortage_cost * china_share"
    when = { China = ["withhold"] }  # the actions it applies to; a player left out = any action

Instead of (or besides) terms, a model may give each profile's payoffs
directly, as ``[[payoffs]]`` tables with ``profile = ["row action", "column
action"]`` and ``values = ["row expression", "column expression"]``; then every
profile must be listed exactly once.

Expressions are evaluated by :mod:`bargain.model.expr`, never by ``eval``.

Examples
--------
>>> from bargain.model import load_model
>>> model = load_model("rare-earth-chicken")
>>> model.players
('China', 'United States')
>>> model.game().shape
(2, 2)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bargain.errors import ModelError
from bargain.games.normal_form import Game

from .expr import Expression, ExpressionError
from .parameters import Parameter, ParameterValues, RangeWarning  # noqa: F401 - RangeWarning for the docs
from .reader import KINDS, Reader, UnsupportedKindError, expression_entry, parameter_entry, term_entries

_TOP_KEYS = {
    "kind", "name", "title", "date", "description", "units", "sign_convention",
    "players", "parameters", "terms", "payoffs",
}
_REQUIRED_TOP = ("name", "title", "date", "description", "units", "sign_convention", "players", "parameters")


@dataclass(frozen=True, eq=False)
class Term:
    """A named payoff term: ``expression`` added to ``player``'s payoff at the profiles it applies to.

    ``rows`` and ``cols`` are the row and column actions the term applies to;
    the term applies at every profile ``(r, c)`` with ``r`` in ``rows`` and ``c``
    in ``cols``.
    """

    name: str
    player: str
    expression: Expression
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    description: str = ""

    def applies(self, row: str, col: str) -> bool:
        """True when the term counts at the profile ``(row, col)``."""
        return row in self.rows and col in self.cols


@dataclass(frozen=True, eq=False)
class Model(ParameterValues):
    """A two-player model read from a TOML file.

    Attributes
    ----------
    name, title, date, description : str
    units, sign_convention : str
        The one unit of every payoff, and what a higher payoff means.
    players : pair of str
        Row player first.
    actions : pair of tuples of str
        Each player's action labels, in file order.
    action_descriptions : mapping
        ``{player: {action: one-line description}}``.
    parameters : mapping of str to Parameter
        In file order.
    payoff_terms : tuple of Term
        Every named term, in file order.
    path : Path or None
        The file it was read from.
    kind : str
        Always ``"matrix"`` for this class.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> m = load_model("rare-earth-chicken")
    >>> m, m.players, m.shape
    (Model('rare-earth-chicken', 2x2, 3 parameters), ('China', 'United States'), (2, 2))
    >>> list(m.parameters)
    ['china_share', 'china_standoff_cost', 'us_standoff_cost']
    >>> m.game(china_share=0.7).payoff("escalate", "concede")
    (0.7, -0.7)
    """

    name: str
    title: str
    date: str
    description: str
    units: str
    sign_convention: str
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    action_descriptions: Mapping[str, Mapping[str, str]]
    parameters: Mapping[str, Parameter]
    payoff_terms: tuple[Term, ...]
    path: Path | None = None
    kind: str = field(default="matrix")

    @property
    def shape(self) -> tuple[int, int]:
        """Number of actions of each player."""
        return len(self.actions[0]), len(self.actions[1])

    @property
    def source(self) -> str:
        """The file name used in messages."""
        return str(self.path) if self.path is not None else self.name

    def terms(self, **overrides: float) -> dict[tuple[str, str], dict[str, dict[str, float]]]:
        """The value of every named term, per action profile and player.

        Returns ``{(row action, column action): {player: {term name: value}}}``;
        each player's terms sum to that player's payoff in :meth:`game`. Only the
        terms that apply at a profile are listed there.

        Examples
        --------
        >>> from bargain.model import load_model
        >>> m = load_model("rare-earth-chicken")
        >>> sorted(m.terms()[("escalate", "escalate")]["China"])
        ['standoff cost']
        """
        values = self.values(**overrides)
        table: dict[tuple[str, str], dict[str, dict[str, float]]] = {}
        for row in self.actions[0]:
            for col in self.actions[1]:
                table[(row, col)] = {player: {} for player in self.players}
        for index, term in enumerate(self.payoff_terms):
            for row in term.rows:
                for col in term.cols:
                    table[(row, col)][term.player][term.name] = self._evaluate(term, index, values)
        return table

    def _evaluate(self, term: Term, index: int, values: Mapping[str, float]) -> float:
        try:
            return term.expression(values)
        except ExpressionError as error:
            raise ModelError(
                f"term {term.name!r} of {term.player}: {error.detail}",
                source=self.source, where=f"terms[{index}].expression",
            ) from None

    def payoffs(self, **overrides: float) -> tuple[list[list[float]], list[list[float]]]:
        """The two payoff matrices (row player's, column player's) as nested lists.

        >>> from bargain.model import load_model
        >>> load_model("rare-earth-chicken").payoffs()
        ([[-2.0, 0.9], [-1.0, 0.0]], [[-2.7, -0.9], [1.0, 0.0]])
        """
        breakdown = self.terms(**overrides)
        matrices = []
        for player in self.players:
            matrix = []
            for row in self.actions[0]:
                line = []
                for col in self.actions[1]:
                    try:
                        total = math.fsum(breakdown[(row, col)][player].values())
                    except OverflowError:
                        total = math.inf
                    if not math.isfinite(total):
                        raise ModelError(
                            f"payoff of {player} at ({row}, {col}) is {total}, not a finite number",
                            source=self.source, where="terms",
                        )
                    line.append(total)
                matrix.append(line)
            matrices.append(matrix)
        return matrices[0], matrices[1]

    def game(self, **overrides: float) -> Game:
        """The :class:`~bargain.games.Game` at the given parameter values.

        A value outside its plausible range is allowed, with a :class:`RangeWarning`
        (:meth:`game_at` builds the same game without it; :meth:`out_of_range` lists such values).

        Examples
        --------
        >>> from bargain.model import load_model
        >>> g = load_model("rare-earth-chicken").game(china_share=0.9)
        >>> g.actions[0]
        ('escalate', 'concede')
        """
        self.warn_out_of_range(overrides)
        return self.game_at(overrides)

    def game_at(self, values: Mapping[str, float]) -> Game:
        """The :class:`~bargain.games.Game` at ``{parameter: value}``, without range warnings.

        >>> from bargain.model import load_model
        >>> load_model("rare-earth-chicken").game_at({"china_share": 0.5}).payoff("escalate", "concede")
        (0.5, -0.5)
        """
        A, B = self.payoffs(**values)
        return Game(A, B, players=self.players, actions=self.actions)

    def __repr__(self) -> str:
        m, n = self.shape
        return f"Model({self.name!r}, {m}x{n}, {len(self.parameters)} parameters)"


def _player_table(read: Reader, entry, k: int) -> tuple[str, tuple[str, ...], dict[str, str]]:
    where = f"players[{k}]"
    entry = read.table(entry, where)
    read.keys(entry, {"name", "actions"}, f"{where}.")
    name = read.text(entry, "name", f"{where}.").strip()
    actions = entry.get("actions")
    if not isinstance(actions, list) or not actions:
        read.fail(f"{where}.actions", "must be a non-empty list of {label, description} tables")
    labels, descriptions = [], {}
    for i, action in enumerate(actions):
        spot = f"{where}.actions[{i}]"
        if isinstance(action, str):
            action = {"label": action, "description": ""}
        action = read.table(action, spot)
        read.keys(action, {"label", "description"}, f"{spot}.")
        label = read.text(action, "label", f"{spot}.").strip()
        if label in descriptions:
            read.fail(f"{spot}.label", f"duplicate action {label!r} of {name}")
        labels.append(label)
        descriptions[label] = read.text(action, "description", f"{spot}.", required=False) or ""
    return name, tuple(labels), descriptions


def _selection(read: Reader, when, players, actions, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if when is None:
        return actions
    when = read.table(when, where)
    chosen = list(actions)
    for player, labels in when.items():
        if player not in players:
            read.fail(f"{where}.{player}", f"unknown player; players are: {', '.join(players)}")
        k = players.index(player)
        labels = [labels] if isinstance(labels, str) else labels
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
            read.fail(f"{where}.{player}", "must be an action label or a non-empty list of them")
        for label in labels:
            if label not in actions[k]:
                read.fail(f"{where}.{player}", f"{player} has no action {label!r}; actions: {', '.join(actions[k])}")
        chosen[k] = tuple(a for a in actions[k] if a in labels)
    return chosen[0], chosen[1]


def _terms(read: Reader, data: Mapping, players, actions, names) -> tuple[Term, ...]:
    terms = []
    for where, entry, name, player, expression, description in term_entries(read, data, players, names):
        rows, cols = _selection(read, entry.get("when"), players, actions, f"{where}.when")
        terms.append(Term(name, player, expression, rows, cols, description))
    terms.extend(_payoff_table(read, data, players, actions, names))
    if not terms:
        read.fail("terms", "the model has no payoffs: give [[terms]] or [[payoffs]] tables")
    seen: dict[tuple[str, str, str, str], int] = {}
    for k, term in enumerate(terms):
        for row in term.rows:
            for col in term.cols:
                key = (term.player, term.name, row, col)
                if key in seen:
                    read.fail(f"terms[{k}]", f"term {term.name!r} of {term.player} applies twice at ({row}, {col})")
                seen[key] = k
    return tuple(terms)


def _payoff_table(read: Reader, data: Mapping, players, actions, names) -> list[Term]:
    entries = data.get("payoffs")
    if entries is None:
        return []
    if not isinstance(entries, list):
        read.fail("payoffs", "must be a list of [[payoffs]] tables")
    terms, given = [], set()
    for k, entry in enumerate(entries):
        where = f"payoffs[{k}]"
        entry = read.table(entry, where)
        read.keys(entry, {"profile", "values"}, f"{where}.")
        profile, values = entry.get("profile"), entry.get("values")
        if not isinstance(profile, list) or len(profile) != 2 or not all(isinstance(a, str) for a in profile):
            read.fail(f"{where}.profile", "must be [row action, column action]")
        for p in (0, 1):
            if profile[p] not in actions[p]:
                read.fail(f"{where}.profile", f"{players[p]} has no action {profile[p]!r}")
        if tuple(profile) in given:
            read.fail(f"{where}.profile", f"profile ({profile[0]}, {profile[1]}) is given twice")
        given.add(tuple(profile))
        if not isinstance(values, list) or len(values) != 2:
            read.fail(f"{where}.values", "must be [row player's payoff, column player's payoff]")
        for p in (0, 1):
            expression = expression_entry(read, values[p], names, f"{where}.values[{p}]")
            terms.append(Term("payoff", players[p], expression, (profile[0],), (profile[1],)))
    missing = [(r, c) for r in actions[0] for c in actions[1] if (r, c) not in given]
    if missing:
        read.fail("payoffs", f"the payoff table is missing profile ({missing[0][0]}, {missing[0][1]})"
                  + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""))
    return terms


def model_from_data(data: Mapping, path: str | Path | None = None) -> Model:
    """Build a :class:`Model` from a parsed TOML ``data`` dict (``path`` is for messages).

    Raises
    ------
    ModelError
        With ``source`` the file and ``where`` the field at fault.
    UnsupportedKindError
        When the file declares a kind other than ``matrix``.
    """
    source = str(path) if path is not None else "<model>"
    read = Reader(source)
    kind = data.get("kind", "matrix")
    if kind != "matrix":
        if kind in KINDS:
            read.fail("kind", f"a {kind!r} model is not a matrix game; this loader reads 'matrix' models",
                      UnsupportedKindError)
        read.fail("kind", f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    read.keys(data, _TOP_KEYS, "")
    for key in _REQUIRED_TOP:
        if key not in data:
            read.fail(key, "required field is missing")
    header = {key: read.text(data, key, "") for key in ("name", "title", "date", "description",
                                                       "units", "sign_convention")}
    entries = data["players"]
    if not isinstance(entries, list) or len(entries) != 2:
        read.fail("players", "must list exactly two [[players]] tables")
    (p0, a0, d0), (p1, a1, d1) = (_player_table(read, entry, k) for k, entry in enumerate(entries))
    if p0 == p1:
        read.fail("players[1].name", f"both players are called {p0!r}")
    parameters_table = read.table(data["parameters"], "parameters")
    parameters = {name: parameter_entry(read, name, entry) for name, entry in parameters_table.items()}
    players, actions = (p0, p1), (a0, a1)
    terms = _terms(read, data, players, actions, parameters)
    return Model(
        **header,
        players=players,
        actions=actions,
        action_descriptions=MappingProxyType({p0: MappingProxyType(d0), p1: MappingProxyType(d1)}),
        parameters=MappingProxyType(parameters),
        payoff_terms=terms,
        path=Path(path) if path is not None else None,
    )
