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

    [[players]]                      # two or more; with two, the first chooses the row
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
action"]`` and ``values = ["row expression", "column expression"]`` (one
action and one expression per player, in file order, when there are more
players); then every profile must be listed exactly once.

A model of three or more players gives a
:class:`~bargain.games.strategic.StrategicGame` instead of a two-player
:class:`~bargain.games.Game`; ``when`` may name any of its players.

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

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np

from bargain.errors import ModelError
from bargain.games.normal_form import Game
from bargain.games.strategic import StrategicGame

from .expr import Expression, ExpressionError
from .parameters import Parameter, ParameterValues, RangeWarning  # noqa: F401 - RangeWarning for the docs
from .reader import KINDS, Reader, UnsupportedKindError, expression_entry, parameter_entry, term_entries

_TOP_KEYS = {
    "kind", "name", "title", "date", "description", "units", "sign_convention",
    "players", "parameters", "terms", "payoffs",
}
#: Most action profiles (cells) a model file may have.
MAX_PROFILES = 100_000
_REQUIRED_TOP = ("name", "title", "date", "description", "units", "sign_convention", "players", "parameters")


@dataclass(frozen=True, eq=False)
class Term:
    """A named payoff term: ``expression`` added to ``player``'s payoff at the profiles it applies to.

    ``selection`` holds, per player in file order, the actions the term applies
    to; the term applies at every profile whose action of each player is in that
    player's selection. ``rows`` and ``cols`` are the first two selections (the
    row and column player's in a two-player model).

    >>> from bargain.model.expr import parse_expression
    >>> t = Term("gain", "A", parse_expression("1", set()), (("x",), ("x", "y"), ("z",)))
    >>> t.applies("x", "y", "z"), t.applies("x", "y", "w"), t.rows, t.cols
    (True, False, ('x',), ('x', 'y'))
    """

    name: str
    player: str
    expression: Expression
    selection: tuple[tuple[str, ...], ...]
    description: str = ""

    @property
    def rows(self) -> tuple[str, ...]:
        """The first player's actions the term applies to."""
        return self.selection[0]

    @property
    def cols(self) -> tuple[str, ...]:
        """The second player's actions the term applies to."""
        return self.selection[1]

    def profiles(self) -> Iterator[tuple[str, ...]]:
        """Every action profile the term applies at, in file order."""
        return itertools.product(*self.selection)

    def applies(self, *profile: str) -> bool:
        """True when the term counts at ``profile`` (one action per player, in file order)."""
        return len(profile) == len(self.selection) and all(
            action in chosen for action, chosen in zip(profile, self.selection, strict=True))


@dataclass(frozen=True, eq=False)
class Model(ParameterValues):
    """A strategic-form model read from a TOML file: two players, or more.

    Attributes
    ----------
    name, title, date, description : str
    units, sign_convention : str
        The one unit of every payoff, and what a higher payoff means.
    players : tuple of str
        In file order; with two players the first chooses the row.
    actions : tuple of tuples of str
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
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    action_descriptions: Mapping[str, Mapping[str, str]]
    parameters: Mapping[str, Parameter]
    payoff_terms: tuple[Term, ...]
    path: Path | None = None
    kind: str = field(default="matrix")

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(len(labels) for labels in self.actions)

    @property
    def n_players(self) -> int:
        """Number of players (two or more)."""
        return len(self.players)

    @property
    def source(self) -> str:
        """The file name used in messages."""
        return str(self.path) if self.path is not None else self.name

    def profiles(self) -> Iterator[tuple[str, ...]]:
        """Every action profile (one action per player), the last player's action varying fastest."""
        return itertools.product(*self.actions)

    def terms(self, **overrides: float) -> dict[tuple[str, ...], dict[str, dict[str, float]]]:
        """The value of every named term, per action profile and player.

        Returns ``{(action of each player): {player: {term name: value}}}``;
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
        table = {profile: {player: {} for player in self.players} for profile in self.profiles()}
        for index, term in enumerate(self.payoff_terms):
            value = self._evaluate(term, index, values)
            for profile in term.profiles():
                table[profile][term.player][term.name] = value
        return table

    def _evaluate(self, term: Term, index: int, values: Mapping[str, float]) -> float:
        try:
            return term.expression(values)
        except ExpressionError as error:
            raise ModelError(
                f"term {term.name!r} of {term.player}: {error.detail}",
                source=self.source, where=f"terms[{index}].expression",
            ) from None

    def payoff_arrays(self, **overrides: float) -> tuple[np.ndarray, ...]:
        """One payoff array per player, of shape :attr:`shape`.

        >>> from bargain.model import load_model
        >>> [a.tolist() for a in load_model("rare-earth-chicken").payoff_arrays()]
        [[[-2.0, 0.9], [-1.0, 0.0]], [[-2.7, -0.9], [1.0, 0.0]]]
        """
        breakdown = self.terms(**overrides)
        arrays = tuple(np.zeros(self.shape) for _ in self.players)
        index = [{a: i for i, a in enumerate(labels)} for labels in self.actions]
        for profile, parts in breakdown.items():
            cell = tuple(index[k][a] for k, a in enumerate(profile))
            for k, player in enumerate(self.players):
                try:
                    total = math.fsum(parts[player].values())
                except OverflowError:
                    total = math.inf
                if not math.isfinite(total):
                    raise ModelError(
                        f"payoff of {player} at ({', '.join(profile)}) is {total}, not a finite number",
                        source=self.source, where="terms",
                    )
                arrays[k][cell] = total
        return arrays

    def payoffs(self, **overrides: float) -> tuple[list, ...]:
        """The payoff arrays as nested lists: with two players, the two matrices (row player's first).

        >>> from bargain.model import load_model
        >>> load_model("rare-earth-chicken").payoffs()
        ([[-2.0, 0.9], [-1.0, 0.0]], [[-2.7, -0.9], [1.0, 0.0]])
        """
        return tuple(array.tolist() for array in self.payoff_arrays(**overrides))

    def game(self, **overrides: float) -> Game | StrategicGame:
        """The game at the given parameter values.

        A two-player model gives a :class:`~bargain.games.Game`; a model of three
        or more players a :class:`~bargain.games.strategic.StrategicGame`. A value outside
        its plausible range is allowed, with a :class:`RangeWarning`
        (:meth:`game_at` builds the same game without it; :meth:`out_of_range`
        lists such values).

        Examples
        --------
        >>> from bargain.model import load_model
        >>> g = load_model("rare-earth-chicken").game(china_share=0.9)
        >>> g.actions[0]
        ('escalate', 'concede')
        """
        self.warn_out_of_range(overrides)
        return self.game_at(overrides)

    def game_at(self, values: Mapping[str, float]) -> Game | StrategicGame:
        """The game at ``{parameter: value}``, without range warnings.

        >>> from bargain.model import load_model
        >>> load_model("rare-earth-chicken").game_at({"china_share": 0.5}).payoff("escalate", "concede")
        (0.5, -0.5)
        """
        arrays = self.payoff_arrays(**values)
        if len(self.players) == 2:
            return Game(arrays[0].tolist(), arrays[1].tolist(), players=self.players, actions=self.actions)
        return StrategicGame(arrays, players=self.players, actions=self.actions)

    def __repr__(self) -> str:
        shape = "x".join(str(m) for m in self.shape)
        return f"Model({self.name!r}, {shape}, {len(self.parameters)} parameters)"


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


def _selection(read: Reader, when, players, actions, where: str) -> tuple[tuple[str, ...], ...]:
    if when is None:
        return tuple(actions)
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
    return tuple(chosen)


def _terms(read: Reader, data: Mapping, players, actions, names) -> tuple[Term, ...]:
    terms = []
    for where, entry, name, player, expression, description in term_entries(read, data, players, names):
        selection = _selection(read, entry.get("when"), players, actions, f"{where}.when")
        terms.append(Term(name, player, expression, selection, description))
    terms.extend(_payoff_table(read, data, players, actions, names))
    if not terms:
        read.fail("terms", "the model has no payoffs: give [[terms]] or [[payoffs]] tables")
    seen: dict[tuple, int] = {}
    for k, term in enumerate(terms):
        for profile in term.profiles():
            key = (term.player, term.name, profile)
            if key in seen:
                read.fail(f"terms[{k}]", f"term {term.name!r} of {term.player} applies twice at ({', '.join(profile)})")
            seen[key] = k
    return tuple(terms)


def _payoff_table(read: Reader, data: Mapping, players, actions, names) -> list[Term]:
    entries = data.get("payoffs")
    if entries is None:
        return []
    if not isinstance(entries, list):
        read.fail("payoffs", "must be a list of [[payoffs]] tables")
    n = len(players)
    shape = ("[row action, column action]" if n == 2 else
             f"a list of {n} actions, one per player ({', '.join(players)})")
    terms, given = [], set()
    for k, entry in enumerate(entries):
        where = f"payoffs[{k}]"
        entry = read.table(entry, where)
        read.keys(entry, {"profile", "values"}, f"{where}.")
        profile, values = entry.get("profile"), entry.get("values")
        if not isinstance(profile, list) or not all(isinstance(a, str) for a in profile):
            read.fail(f"{where}.profile", f"must be {shape}")
        if len(profile) != n:
            read.fail(f"{where}.profile", f"has {len(profile)} actions; must be {shape}")
        for p in range(n):
            if profile[p] not in actions[p]:
                read.fail(f"{where}.profile", f"{players[p]} has no action {profile[p]!r}")
        if tuple(profile) in given:
            read.fail(f"{where}.profile", f"profile ({', '.join(profile)}) is given twice")
        given.add(tuple(profile))
        if not isinstance(values, list) or len(values) != n:
            count = f"has {len(values)} values; " if isinstance(values, list) else ""
            read.fail(f"{where}.values", count + ("must be [row player's payoff, column player's payoff]" if n == 2
                                                  else f"must list {n} payoffs, one per player ({', '.join(players)})"))
        for p in range(n):
            expression = expression_entry(read, values[p], names, f"{where}.values[{p}]")
            terms.append(Term("payoff", players[p], expression, tuple((a,) for a in profile)))
    missing = [profile for profile in itertools.product(*actions) if profile not in given]
    if missing:
        read.fail("payoffs", f"the payoff table is missing profile ({', '.join(missing[0])})"
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
    header = read.header(data, _TOP_KEYS, _REQUIRED_TOP)
    entries = data["players"]
    if not isinstance(entries, list) or len(entries) < 2:
        read.fail("players", "must list two or more [[players]] tables")
    tables = [_player_table(read, entry, k) for k, entry in enumerate(entries)]
    players = tuple(name for name, _, _ in tables)
    for k, name in enumerate(players):
        if name in players[:k]:
            who = "both players" if len(players) == 2 else "two players"
            read.fail(f"players[{k}].name", f"{who} are called {name!r}")
    cells = math.prod(len(labels) for _, labels, _ in tables)
    if cells > MAX_PROFILES:
        read.fail("players", f"{cells:,} action profiles, more than the {MAX_PROFILES:,} a model file may have")
    parameters_table = read.table(data["parameters"], "parameters")
    parameters = {name: parameter_entry(read, name, entry) for name, entry in parameters_table.items()}
    actions = tuple(labels for _, labels, _ in tables)
    terms = _terms(read, data, players, actions, parameters)
    return Model(
        **header,
        players=players,
        actions=actions,
        action_descriptions=MappingProxyType({name: MappingProxyType(d) for name, _, d in tables}),
        parameters=MappingProxyType(parameters),
        payoff_terms=terms,
        path=Path(path) if path is not None else None,
    )
