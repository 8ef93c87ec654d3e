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

Expressions are evaluated by :mod:`bargain.expr`, never by ``eval``.

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

import keyword
import math
import re
import tomllib
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from fractions import Fraction
from importlib import resources
from numbers import Real
from pathlib import Path
from types import MappingProxyType

from .errors import ModelError
from .expr import FUNCTIONS, Expression, ExpressionError, parse_expression
from .game import Game

#: Largest model file read, in bytes; anything bigger is refused before parsing.
MAX_FILE_BYTES = 1_000_000
#: A unit whose first word is one of these makes the parameter a share that must lie in [0, 1].
SHARE_UNITS = frozenset({"share", "fraction", "probability", "proportion"})
#: Kinds of model file this package knows of.
KINDS = ("matrix", "sequential")

_TOP_KEYS = {
    "kind", "name", "title", "date", "description", "units", "sign_convention",
    "players", "parameters", "terms", "payoffs",
}
_REQUIRED_TOP = ("name", "title", "date", "description", "units", "sign_convention", "players", "parameters")
_PARAMETER_KEYS = {"value", "range", "unit", "description", "sources", "assumption"}
_TERM_KEYS = {"name", "player", "expression", "when", "description"}


class RangeWarning(UserWarning):
    """A parameter was set outside the plausible range its model declares."""


class UnsupportedKindError(ModelError):
    """A model file of a kind this function cannot build (for example ``sequential``)."""


def bundled_dir(what: str) -> Path:
    """The directory of bundled ``models`` or ``seeds``.

    An installed wheel carries them inside the package as ``bargain/_data/``;
    a source checkout (or an editable install) has them at the repository root.

    >>> bundled_dir("models").name
    'models'
    """
    if what not in ("models", "seeds"):
        raise ValueError(f"bundled_dir() knows 'models' and 'seeds', not {what!r}")
    packaged = resources.files("bargain") / "_data" / what
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[1] / what


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from one of the article files a parameter rests on."""

    file: str
    quote: str


@dataclass(frozen=True)
class Parameter:
    """One model parameter: its value, plausible range, unit and provenance.

    A parameter is cited (``sources``), or an explicit ``assumption`` says why
    its value was chosen; it may be both when an article supports the idea but
    not the number.

    >>> share = load_model("rare-earth-chicken").parameters["china_share"]
    >>> share.value, (share.low, share.high), share.is_share, share.assumption
    (0.9, (0.62, 1.0), True, None)
    >>> share.sources[0].file
    '001_95f3d8186617a2d0.txt'
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    description: str
    sources: tuple[Citation, ...]
    assumption: str | None

    @property
    def is_share(self) -> bool:
        """True when the unit makes this a share that must lie in [0, 1]."""
        words = self.unit.strip().lower().split()
        return bool(words) and words[0] in SHARE_UNITS


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
class Model:
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

    def values(self, **overrides: float) -> dict[str, float]:
        """Every parameter's value, with ``overrides`` applied and checked.

        An unknown name, a value that is not a finite number, or a share outside
        [0, 1] is an error; a value outside the declared range only warns
        (:class:`RangeWarning`).

        Examples
        --------
        >>> m = load_model("rare-earth-chicken")
        >>> m.values(china_share=0.7)["china_share"]
        0.7
        """
        unknown = [name for name in overrides if name not in self.parameters]
        if unknown:
            raise ModelError(
                f"unknown parameter {unknown[0]!r}; parameters are: {', '.join(self.parameters)}",
                source=self.source,
            )
        result = {name: p.value for name, p in self.parameters.items()}
        for name, raw in overrides.items():
            result[name] = self._checked(name, raw)
        return result

    def _checked(self, name: str, raw) -> float:
        parameter = self.parameters[name]
        where = f"parameters.{name}"
        if isinstance(raw, bool) or not isinstance(raw, (Real, Fraction)):
            raise ModelError(f"value {raw!r} is not a number", source=self.source, where=where)
        value = float(raw)
        if not math.isfinite(value):
            raise ModelError(f"value {raw!r} is not a finite number", source=self.source, where=where)
        if parameter.is_share and not 0.0 <= value <= 1.0:
            raise ModelError(
                f"{value:g} is not a share: a {parameter.unit} must lie in [0, 1]",
                source=self.source, where=where,
            )
        if not parameter.low <= value <= parameter.high:
            warnings.warn(
                RangeWarning(
                    f"{self.source}: {name} = {value:g} lies outside its plausible range "
                    f"[{parameter.low:g}, {parameter.high:g}]"
                ),
                stacklevel=3,
            )
        return value

    def terms(self, **overrides: float) -> dict[tuple[str, str], dict[str, dict[str, float]]]:
        """The value of every named term, per action profile and player.

        Returns ``{(row action, column action): {player: {term name: value}}}``;
        each player's terms sum to that player's payoff in :meth:`game`. Only the
        terms that apply at a profile are listed there.

        Examples
        --------
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
        """The :class:`~bargain.game.Game` at the given parameter values.

        Examples
        --------
        >>> g = load_model("rare-earth-chicken").game(china_share=0.9)
        >>> g.actions[0]
        ('escalate', 'concede')
        """
        A, B = self.payoffs(**overrides)
        return Game(A, B, players=self.players, actions=self.actions)

    def __repr__(self) -> str:
        m, n = self.shape
        return f"Model({self.name!r}, {m}x{n}, {len(self.parameters)} parameters)"


# --------------------------------------------------------------------------- reading files


def read_model_file(path: str | Path) -> dict:
    """Read a model file's TOML into a dict, refusing oversized or malformed files.

    The file is read at most :data:`MAX_FILE_BYTES` + 1 bytes, so a huge
    file is refused without being loaded into memory.
    """
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            raise ModelError("is a directory, not a model file", source=source)
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ModelError("no such model file", source=source) from None
    except OSError as error:
        raise ModelError(f"cannot read: {error.strerror or error}", source=source) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ModelError(f"file is larger than the {MAX_FILE_BYTES:,}-byte limit for model files", source=source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ModelError(f"not UTF-8 text (byte {error.start})", source=source) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"line {found.group(1)}" if found else None
        detail = re.sub(r"\s*\(at [^)]*\)\s*$", "", message)
        raise ModelError(f"invalid TOML: {detail}", source=source, where=where) from None
    except RecursionError:
        raise ModelError("invalid TOML: nested too deeply", source=source) from None


class _Reader:
    """Checks fields of one model file and raises errors that name them."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str, kind=ModelError):
        raise kind(message, source=self.source, where=where)

    def text(self, table: Mapping, key: str, where: str, *, required: bool = True) -> str | None:
        if key not in table:
            if required:
                self.fail(f"{where}{key}", "required field is missing")
            return None
        value = table[key]
        if isinstance(value, _date):
            return value.isoformat()
        if not isinstance(value, str):
            self.fail(f"{where}{key}", f"must be a string, not {type(value).__name__} {value!r}")
        if required and not value.strip():
            self.fail(f"{where}{key}", "must not be empty")
        return value

    def number(self, value, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where, f"must be a number, not {type(value).__name__} {value!r}")
        try:
            number = float(value)
        except OverflowError:
            self.fail(where, f"number {value!r} is too large")
        if not math.isfinite(number):
            self.fail(where, f"must be a finite number, not {value!r}")
        return number

    def table(self, value, where: str) -> Mapping:
        if not isinstance(value, dict):
            self.fail(where, f"must be a table, not {type(value).__name__}")
        return value

    def keys(self, table: Mapping, allowed: set[str], where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            self.fail(f"{where}{extra[0]}", f"unknown field; expected one of: {', '.join(sorted(allowed))}")


def _player_table(read: _Reader, entry, k: int) -> tuple[str, tuple[str, ...], dict[str, str]]:
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


def _parameter(read: _Reader, name: str, entry) -> Parameter:
    where = f"parameters.{name}"
    if not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
        read.fail(where, f"{name!r} cannot be a parameter name (use letters, digits and _, not a keyword)")
    entry = read.table(entry, where)
    read.keys(entry, _PARAMETER_KEYS, f"{where}.")
    if "value" not in entry:
        read.fail(f"{where}.value", "required field is missing")
    value = read.number(entry["value"], f"{where}.value")
    bounds = entry.get("range")
    if not isinstance(bounds, list) or len(bounds) != 2:
        read.fail(f"{where}.range", "required: a list [low, high] of two numbers")
    low, high = (read.number(b, f"{where}.range") for b in bounds)
    if low > high:
        read.fail(f"{where}.range", f"low {low:g} is above high {high:g}")
    unit = read.text(entry, "unit", f"{where}.")
    description = read.text(entry, "description", f"{where}.")
    sources = _citations(read, entry.get("sources", []), f"{where}.sources")
    assumption = read.text(entry, "assumption", f"{where}.", required=False)
    if assumption is not None and not assumption.strip():
        read.fail(f"{where}.assumption", "must not be empty")
    if not sources and assumption is None:
        read.fail(where, "has neither sources nor an assumption; every number needs one or the other")
    parameter = Parameter(name, value, low, high, unit, description, sources, assumption)
    if parameter.is_share and not (0.0 <= low and high <= 1.0):
        read.fail(f"{where}.range", f"a {unit} must lie in [0, 1], but the range is [{low:g}, {high:g}]")
    if not low <= value <= high:
        read.fail(f"{where}.value", f"{value:g} lies outside its own range [{low:g}, {high:g}]")
    return parameter


def _citations(read: _Reader, entries, where: str) -> tuple[Citation, ...]:
    if not isinstance(entries, list):
        read.fail(where, "must be a list of {file, quote} tables")
    citations = []
    for i, entry in enumerate(entries):
        spot = f"{where}[{i}]"
        entry = read.table(entry, spot)
        read.keys(entry, {"file", "quote"}, f"{spot}.")
        citations.append(Citation(read.text(entry, "file", f"{spot}.").strip(), read.text(entry, "quote", f"{spot}.")))
    return tuple(citations)


def _selection(read: _Reader, when, players, actions, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
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


def _expression(read: _Reader, text, names, where: str) -> Expression:
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        read.fail(where, f"must be an expression string, not {type(text).__name__} {text!r}")
    try:
        return parse_expression(str(text), names)
    except ExpressionError as error:
        read.fail(where, error.detail)


def term_entries(read: _Reader, data: Mapping, players, names):
    """Read each ``[[terms]]`` table up to its ``when`` field, for both kinds of model.

    Yields ``(where, entry, name, player, expression, description)``; the
    caller reads ``when`` in its own way (action profiles or tree moves).
    """
    entries = data.get("terms", [])
    if not isinstance(entries, list):
        read.fail("terms", "must be a list of [[terms]] tables")
    for k, entry in enumerate(entries):
        where = f"terms[{k}]"
        entry = read.table(entry, where)
        read.keys(entry, _TERM_KEYS, f"{where}.")
        name = read.text(entry, "name", f"{where}.").strip()
        player = read.text(entry, "player", f"{where}.").strip()
        if player not in players:
            read.fail(f"{where}.player", f"unknown player {player!r}; players are: {', '.join(players)}")
        if "expression" not in entry:
            read.fail(f"{where}.expression", "required field is missing")
        expression = _expression(read, entry["expression"], names, f"{where}.expression")
        description = read.text(entry, "description", f"{where}.", required=False) or ""
        yield where, entry, name, player, expression, description


def _terms(read: _Reader, data: Mapping, players, actions, names) -> tuple[Term, ...]:
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


def _payoff_table(read: _Reader, data: Mapping, players, actions, names) -> list[Term]:
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
            expression = _expression(read, values[p], names, f"{where}.values[{p}]")
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
    read = _Reader(source)
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
    parameters = {name: _parameter(read, name, entry) for name, entry in parameters_table.items()}
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


# --------------------------------------------------------------------------- public entry points


def _looks_like_path(target: str) -> bool:
    """A target naming a file rather than a bundled model: ``*.toml``, a path, or an existing file."""
    return (target.lower().endswith(".toml") or "/" in target or "\\" in target
            or ("." in target and Path(target).is_file()))


#: Files a user may hand to a model command by mistake, and what to do with each.
_OTHER_FORMATS = {
    ".nfg": "a Gambit strategic-form game, not a model: `bargain solve {file}` solves it; this command "
            "needs a model (a bundled name or a .toml file) with parameters",
    ".efg": "a Gambit extensive-form game: bargain does not read .efg files yet. Convert it to a "
            "strategic-form .nfg first, for example with pygambit: python -c \"import pygambit; "
            "pygambit.read_efg('{file}').to_nfg('{nfg}')\", then run `bargain solve {nfg}`",
    ".csv": "a CSV file, not a model: this command takes a bundled model name (`bargain models` lists "
            "them) or a model .toml file",
    ".json": "a JSON file, not a model: this command takes a bundled model name (`bargain models` lists "
             "them) or a model .toml file",
}


def _refuse_other_formats(path: Path) -> None:
    """A clear error for a directory or a known non-model file, before it is read as TOML.

    >>> _refuse_other_formats(Path("game.efg"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargain.errors.ModelError: game.efg: a Gambit extensive-form game: bargain does not read .efg files yet. ...
    """
    if path.is_dir():
        raise ModelError("is a directory, not a model; give a bundled model name (`bargain models` lists "
                         "them) or a model .toml file", source=str(path))
    advice = _OTHER_FORMATS.get(path.suffix.lower())
    if advice is not None:
        raise ModelError(advice.format(file=path, nfg=path.with_suffix(".nfg")), source=str(path))


def bundled_names() -> list[str]:
    """Names of the bundled model files, sorted."""
    folder = bundled_dir("models")
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def load_model(name_or_path: str | Path) -> Model:
    """Load a bundled model by name (``"london-2025"``) or a model file by path.

    Raises
    ------
    ModelError
        For an unknown name (the message lists the bundled ones), a missing or
        malformed file, or any invalid field.

    Examples
    --------
    >>> load_model("rare-earth-chicken").name
    'rare-earth-chicken'
    >>> load_model("no-such-model")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargain.errors.ModelError: unknown model 'no-such-model'; bundled models: ...
    """
    if isinstance(name_or_path, Path) or _looks_like_path(str(name_or_path)):
        path = Path(name_or_path)
        _refuse_other_formats(path)
    else:
        name = str(name_or_path)
        path = bundled_dir("models") / f"{name}.toml"
        if name and Path(name).is_dir():
            raise ModelError(f"{name!r} is a directory, not a model; give a bundled model name "
                             f"({', '.join(bundled_names()) or 'none'}) or a model .toml file")
        if not name or not path.is_file():
            raise ModelError(
                f"unknown model {name!r}; bundled models: {', '.join(bundled_names()) or '(none)'}"
            )
    data = read_model_file(path)
    if data.get("kind") == "sequential":
        from .sequential_model import sequential_model_from_data

        return sequential_model_from_data(data, path)
    return model_from_data(data, path)


def list_models() -> list[Model]:
    """The bundled models, sorted by name.

    Sequential models (game trees, see :mod:`bargain.sequential_model`) are
    included; their ``kind`` is ``"sequential"``.

    >>> "rare-earth-chicken" in [m.name for m in list_models()]
    True
    """
    models = []
    for name in bundled_names():
        try:
            models.append(load_model(name))
        except UnsupportedKindError:
            continue
    return sorted(models, key=lambda m: m.name)


def parse_overrides(model: Model, items: Iterable[str]) -> dict[str, float]:
    """Read ``["name=value", ...]`` (as given to ``--set``) into a dict of floats.

    Names must be parameters of ``model`` and values numbers (``0.62``,
    ``1e-3`` or a fraction such as ``2/3``). Ranges are checked later, by
    :meth:`Model.values`.

    >>> m = load_model("rare-earth-chicken")
    >>> parse_overrides(m, ["china_share=0.62"])
    {'china_share': 0.62}
    """
    result: dict[str, float] = {}
    for item in items:
        name, sep, text = str(item).partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise ModelError(f"--set expects NAME=VALUE, got {item!r}", source=model.source)
        if name not in model.parameters:
            raise ModelError(
                f"unknown parameter {name!r} in --set; parameters are: {', '.join(model.parameters)}",
                source=model.source,
            )
        result[name] = _override_number(model, name, text)
    return result


def _override_number(model: Model, name: str, text: str) -> float:
    try:
        value = float(Fraction(text)) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ModelError(f"--set {name}={text}: {text!r} is not a number", source=model.source) from None
    if not math.isfinite(value):
        raise ModelError(f"--set {name}={text}: {text!r} is not a finite number", source=model.source)
    return value


def describe(model, **overrides: float) -> dict:
    """Everything ``bargain show`` prints, as a JSON-ready dict.

    Keys: ``name, title, date, kind, description, units, sign_convention,
    players, actions`` (``{player: [{label, description}]}``), ``parameters``
    (``{name: {value, default, low, high, unit, description, sources,
    assumption}}``), ``payoffs`` (``{player: matrix}``, rows the first player's
    actions) and ``terms`` (a list of ``{profile | leaf, player, term, value}``).

    >>> data = describe(load_model("rare-earth-chicken"), china_share=0.7)
    >>> data["parameters"]["china_share"]["value"], data["payoffs"]["China"][0]
    (0.7, [-2.0, 0.7])
    """
    values = model.values(**overrides)
    game = model.game(**overrides)
    descriptions = getattr(model, "action_descriptions", {})
    matrix = model.kind == "matrix"
    terms = []
    for key, players in model.terms(**overrides).items():
        for player, parts in players.items():
            for name, value in parts.items():
                place = {"profile": list(key)} if matrix else {"leaf": key}
                terms.append({**place, "player": player, "term": name, "value": value})
    return {
        "name": model.name,
        "title": model.title,
        "date": model.date,
        "kind": model.kind,
        "description": model.description.strip(),
        "units": model.units,
        "sign_convention": model.sign_convention,
        "players": list(game.players),
        "actions": {
            player: [{"label": a, "description": descriptions.get(player, {}).get(a, "")} for a in labels]
            for player, labels in zip(game.players, game.actions, strict=True)
        },
        "parameters": {
            name: {
                "value": values[name],
                "default": p.value,
                "low": p.low,
                "high": p.high,
                "unit": p.unit,
                "description": p.description,
                "sources": [{"file": c.file, "quote": c.quote} for c in p.sources],
                "assumption": p.assumption,
            }
            for name, p in model.parameters.items()
        },
        "payoffs": {player: m.tolist() for player, m in zip(game.players, (game.A, game.B), strict=True)},
        "terms": terms,
        "term_definitions": term_definitions(model),
    }


def term_definitions(model) -> list[dict]:
    """Each named term as written in the file: ``{name, player, expression, when, description}``.

    ``when`` maps each player to the actions the term applies to (all of them
    when the file does not restrict that player). Only matrix models have
    these; for other kinds the list is empty.

    >>> [d["expression"] for d in term_definitions(load_model("rare-earth-chicken"))][:2]
    ['china_share', '-1']
    """
    if model.kind != "matrix":
        return []
    return [
        {
            "name": term.name,
            "player": term.player,
            "expression": term.expression.text,
            "when": {model.players[0]: list(term.rows), model.players[1]: list(term.cols)},
            "description": term.description,
        }
        for term in model.payoff_terms
    ]
