"""Read and write two-player games in Gambit's strategic-form (``.nfg``) format.

Both versions of the format are read:

* the *payoff* version lists, contingency by contingency, one payoff per
  player, with the first player's strategy varying fastest;
* the *outcome* version lists named outcomes ``{ "name" p1 p2 }`` and then one
  outcome index per contingency (same order), where index ``0`` is the null
  outcome that pays everyone ``0``.

Strategies are given either as label lists (``{ { "up" "down" } { "l" "r" } }``)
or as counts (``{ 2 2 }``, labels then default to ``"1"``, ``"2"``, ...).
Numbers may be integers, decimals (``1.5``, ``.8``, ``-2e3``) or rationals
(``3/4``); all are kept exact, so a file of such numbers gives an exact
:class:`~bargain.games.Game`. Commas between numbers are accepted as separators.

Every problem is reported as a :class:`~bargain.errors.FormatError` naming the
file and the line.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from bargain.errors import FormatError, GameError

from .normal_form import Game

#: Files larger than this (in bytes) are refused before they are read.
MAX_BYTES = 50 * 1024 * 1024

_TOKEN = re.compile(
    r"""
      (?P<space>(?:[^\S\n]|,)+)
    | (?P<newline>\n)
    | (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<quote>")
    | (?P<word>[^\s{}",]+)
    """,
    re.VERBOSE | re.DOTALL,
)
_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_INTEGER = re.compile(r"[+-]?\d+")
_ESCAPE = re.compile(r"\\([\\\"])")
_MAX_EXPONENT = 400


@dataclass(frozen=True)
class _Token:
    kind: str  # "string", "open", "close", "word" or "end"
    text: str
    line: int


class _Reader:
    """A stream of tokens that knows its line, with the errors of this format."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.size = len(text)
        self._tokens = self._scan(text)
        self._peeked: _Token | None = None
        self.line = 1

    def _scan(self, text: str) -> Iterator[_Token]:
        line = 1
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "newline":
                line += 1
            elif kind == "space":
                continue
            elif kind == "quote":
                raise self.error("unterminated string (a \" with no closing \")", line)
            elif kind == "string":
                body = match.group()[1:-1]
                yield _Token("string", _ESCAPE.sub(r"\1", body), line)
                line += body.count("\n")
            else:
                yield _Token(kind, match.group(), line)
        yield _Token("end", "", line)

    def error(self, message: str, line: int | None = None) -> FormatError:
        return FormatError(message, source=self.source, where=f"line {line or self.line}")

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = next(self._tokens)
        return self._peeked

    def next(self) -> _Token:
        token = self.peek()
        self._peeked = None if token.kind != "end" else token
        self.line = token.line
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.next()
        if token.kind != kind:
            raise self.error(f"expected {what}, found {_describe(token)}")
        return token

    def number(self, what: str) -> int | Fraction:
        token = self.next()
        if token.kind != "word":
            raise self.error(f"expected {what}, found {_describe(token)}")
        return _parse_number(token.text, self, what)

    def strings(self, what: str) -> list[str]:
        """A brace list of quoted strings."""
        self.expect("open", f"'{{' opening the {what}")
        items = []
        while self.peek().kind == "string":
            items.append(self.next().text)
        self.expect("close", f"a quoted string or '}}' closing the {what}")
        return items


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "the end of the file"
    if token.kind == "string":
        return f'the string "{token.text[:40]}"'
    return f"{token.text[:40]!r}"


def _parse_number(text: str, reader: _Reader, what: str) -> int | Fraction:
    """An exact number: an ``int`` for integers (the common, fast case), else a Fraction."""
    if not _NUMBER.fullmatch(text):
        raise reader.error(f"malformed number {text[:40]!r} (expected {what})")
    if _INTEGER.fullmatch(text):
        value = int(text)
        if len(text) > _MAX_EXPONENT:
            raise reader.error(f"number {text[:40]!r} is out of range")
        return value
    exponent = re.search(r"[eE]([+-]?\d+)$", text)
    if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
        raise reader.error(f"number {text[:40]!r} is out of range")
    try:
        value = Fraction(text)
        float(value)
    except ZeroDivisionError:
        raise reader.error(f"number {text[:40]!r} divides by zero") from None
    except OverflowError:
        raise reader.error(f"number {text[:40]!r} is out of range") from None
    return value


def _strategies(reader: _Reader, players: int) -> list[list[str]]:
    """Strategy labels per player, from label lists or from counts."""
    reader.expect("open", "'{' opening the strategy lists")
    if reader.peek().kind == "open":
        labels = []
        while reader.peek().kind == "open":
            labels.append(reader.strings("strategy labels"))
        reader.expect("close", "'}' closing the strategy lists")
    else:
        labels = []
        while reader.peek().kind == "word":
            count = reader.number("a strategy count")
            if count.denominator != 1 or count < 1:
                raise reader.error(f"strategy count {count} must be a positive integer")
            if count > reader.size:
                raise reader.error(f"strategy count {count} is larger than the file could hold payoffs for")
            labels.append([str(k + 1) for k in range(int(count))])
        reader.expect("close", "a strategy count or '}' closing the strategy counts")
    if len(labels) != players:
        raise reader.error(f"{len(labels)} strategy lists given for {players} players")
    for k, player_labels in enumerate(labels):
        if not player_labels:
            raise reader.error(f"player {k + 1} has no strategies")
    return labels


def _payoff_version(reader: _Reader, cells: int) -> list[tuple]:
    values = []
    while reader.peek().kind == "word":
        values.append(reader.number("a payoff"))
        if len(values) > 2 * cells:
            raise reader.error(f"too many payoffs: expected {2 * cells} (2 per contingency)")
    if reader.peek().kind != "end":
        raise reader.error(f"expected a payoff, found {_describe(reader.next())}")
    if len(values) != 2 * cells:
        raise reader.error(
            f"wrong number of payoffs: expected {2 * cells} (2 per contingency), found {len(values)}"
        )
    return [(values[2 * k], values[2 * k + 1]) for k in range(cells)]


def _outcome_version(reader: _Reader, cells: int) -> list[tuple]:
    reader.expect("open", "'{' opening the outcome list")
    outcomes: list[tuple] = [(0, 0)]
    while reader.peek().kind == "open":
        start = reader.next().line
        reader.expect("string", "the quoted name of an outcome")
        payoffs = []
        while reader.peek().kind == "word":
            payoffs.append(reader.number("an outcome payoff"))
        reader.expect("close", "a payoff or '}' closing the outcome")
        if len(payoffs) != 2:
            raise reader.error(
                f"outcome {len(outcomes)} has {len(payoffs)} payoffs, expected 2 (one per player)", start
            )
        outcomes.append((payoffs[0], payoffs[1]))
    reader.expect("close", "'{' opening an outcome or '}' closing the outcome list")
    table = []
    while reader.peek().kind == "word":
        value = reader.number("an outcome index")
        if value.denominator != 1:
            raise reader.error(f"outcome index {value} is not an integer")
        if not 0 <= value < len(outcomes):
            raise reader.error(
                f"outcome index {value} is out of range (0 to {len(outcomes) - 1})"
            )
        table.append(outcomes[int(value)])
        if len(table) > cells:
            raise reader.error(f"too many outcome indices: expected {cells} (1 per contingency)")
    if reader.peek().kind != "end":
        raise reader.error(f"expected an outcome index, found {_describe(reader.next())}")
    if len(table) != cells:
        raise reader.error(
            f"wrong number of outcome indices: expected {cells} (1 per contingency), found {len(table)}"
        )
    return table


def parse_nfg(text: str, source: str = "<string>") -> Game:
    """Build a :class:`~bargain.games.Game` from the text of a ``.nfg`` file.

    Parameters
    ----------
    text : str
        The file's contents, payoff or outcome version.
    source : str
        Name used in error messages (normally the file path).

    Returns
    -------
    Game
        Exact (every payoff a :class:`~fractions.Fraction`) as all numbers in the
        format are rational. Empty player names become ``"Player 1"``/``"Player 2"``
        and empty strategy labels their position (``"1"``, ``"2"``, ...). Labels
        a file repeats (Gambit allows it) are told apart with a suffix -- a
        second ``"defect"`` becomes ``"defect#2"`` -- and a :class:`LabelWarning`
        says so.

    Raises
    ------
    FormatError
        Naming ``source`` and the line of the problem.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "PD" { "Ann" "Bob" } { { "C" "D" } { "C" "D" } } '
    ...               '3 3  5 0  0 5  1 1')
    >>> g.players, g.payoff("D", "C")
    (('Ann', 'Bob'), (5.0, 0.0))
    >>> parse_nfg('NFG 1 R "x" { "a" "b" } { 1 1 } 1 2 3')
    Traceback (most recent call last):
    ...
    bargain.errors.FormatError: <string>: line 1: too many payoffs: expected 2 (2 per contingency)
    """
    if len(text) > MAX_BYTES:
        raise FormatError(f"file is too large ({len(text)} characters, limit {MAX_BYTES})", source=source)
    reader = _Reader(text, source)
    header = reader.next()
    if header.kind != "word" or header.text != "NFG":
        raise reader.error(f"bad header: a strategic-form file starts with 'NFG 1 R' or 'NFG 1 D', "
                           f"found {_describe(header)}")
    version = reader.next()
    if version.text != "1":
        raise reader.error(f"bad header: unsupported NFG version {_describe(version)} (expected 1)")
    kind = reader.next()
    if kind.text not in ("R", "D"):
        raise reader.error(f"bad header: expected 'R' or 'D' after 'NFG 1', found {_describe(kind)}")
    reader.expect("string", "the quoted title")
    players_line = reader.peek().line
    players = reader.strings("player names")
    if len(players) != 2:
        count = f"{len(players)} player{'' if len(players) == 1 else 's'}" if players else "no players"
        raise reader.error(f"only two-player games are supported; this file has {count}", players_line)
    labels = _strategies(reader, len(players))
    if reader.peek().kind == "string":
        reader.next()  # the comment
    m, n = len(labels[0]), len(labels[1])
    if reader.peek().kind == "open":
        cells = _outcome_version(reader, m * n)
    else:
        cells = _payoff_version(reader, m * n)
    A = [[cells[i + m * j][0] for j in range(n)] for i in range(m)]
    B = [[cells[i + m * j][1] for j in range(n)] for i in range(m)]
    names = [name if name.strip() else f"Player {k + 1}" for k, name in enumerate(players)]
    if names[0] == names[1]:
        names = [f"{names[0]} (1)", f"{names[1]} (2)"]
        warnings.warn(f"{source}: both players are named {players[0]!r}; read as {names[0]!r} and {names[1]!r}",
                      LabelWarning, stacklevel=2)
    actions = [[a if a.strip() else str(k + 1) for k, a in enumerate(side)] for side in labels]
    for k, side in enumerate(actions):
        actions[k], renamed = _distinct(side)
        if renamed:
            warnings.warn(f"{source}: {names[k]} has strategies with the same label; read as "
                          + ", ".join(f"{old!r} -> {new!r}" for old, new in renamed), LabelWarning, stacklevel=2)
    try:
        return Game(A, B, players=names, actions=actions)
    except GameError as error:
        raise FormatError(error.detail, source=source, where=f"line {players_line}") from None


class LabelWarning(UserWarning):
    """A file gave two strategies (or both players) the same label; they were told apart by a suffix."""


def _distinct(labels: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Labels made distinct: a repeated label gets ``#2``, ``#3``, ... (skipping labels already taken).

    >>> _distinct(["cooperate", "defect", "defect"])
    (['cooperate', 'defect', 'defect#2'], [('defect', 'defect#2')])
    """
    taken = set(labels)
    seen: dict[str, int] = {}
    result, renamed = [], []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        if seen[label] == 1:
            result.append(label)
            continue
        k = seen[label]
        while f"{label}#{k}" in taken:
            k += 1
        new = f"{label}#{k}"
        taken.add(new)
        result.append(new)
        renamed.append((label, new))
    return result, renamed


_LOOKS_LIKE_TEXT = re.compile(r"\A\ufeff?\s*NFG\s")


def read_nfg(path_or_text_source: str | os.PathLike | io.TextIOBase) -> Game:
    """Read a Gambit ``.nfg`` game (payoff or outcome version) into a :class:`~bargain.games.Game`.

    Parameters
    ----------
    path_or_text_source : str, path-like or text file object
        The text of a ``.nfg`` file (a string starting with ``NFG``, as
        :func:`write_nfg` returns), a file path, or an open file (anything
        with ``read()``).

    Returns
    -------
    Game

    Raises
    ------
    FormatError
        When the file is missing, unreadable, larger than :data:`MAX_BYTES` or
        malformed; the message names the file and the line.

    Examples
    --------
    >>> import io
    >>> read_nfg(io.StringIO('NFG 1 D "" { "1" "2" } { 1 2 } 1 2 3 4')).A
    array([[1., 3.]])
    >>> g = Game([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> read_nfg(write_nfg(g)) == g
    True
    """
    if isinstance(path_or_text_source, str) and (
        _LOOKS_LIKE_TEXT.match(path_or_text_source) or "\n" in path_or_text_source
    ):
        return parse_nfg(path_or_text_source.lstrip("\ufeff"), "<text>")
    if hasattr(path_or_text_source, "read"):
        source = str(getattr(path_or_text_source, "name", "<stream>"))
        text = path_or_text_source.read(MAX_BYTES + 1)
        if isinstance(text, bytes):
            text = _decode(text, source)
        if len(text) > MAX_BYTES:
            raise FormatError(f"file is too large (limit {MAX_BYTES} bytes)", source=source)
        return parse_nfg(text, source)
    path = Path(path_or_text_source)
    source = str(path_or_text_source)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FormatError("is a directory, not a .nfg file", source=source)
        if size > MAX_BYTES:
            raise FormatError(f"file is too large ({size} bytes, limit {MAX_BYTES})", source=source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError("file not found", source=source) from None
    except OSError as error:
        raise FormatError(f"cannot read file ({error.strerror or error})", source=source) from None
    return parse_nfg(_decode(data, source), source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_number(value, exact: bool) -> str:
    if exact:
        value = Fraction(value)
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return repr(float(value))


def write_nfg(game: Game, path: str | os.PathLike | None = None, *, title: str | None = None) -> str:
    """Write ``game`` in the payoff version of Gambit's ``.nfg`` format.

    Exact games are written with integers and ``a/b`` rationals (header
    ``NFG 1 R``), others with the shortest float that reads back the same
    (header ``NFG 1 D``). Reading the result with :func:`read_nfg` gives a game
    equal to ``game``.

    Parameters
    ----------
    game : Game
    path : str or path-like, optional
        When given, the text is also written to this file.
    title : str, optional
        The game's title (default: the two player names).

    Returns
    -------
    str
        The file's text.

    Examples
    --------
    >>> from fractions import Fraction
    >>> print(write_nfg(Game([[1, Fraction(1, 2)]], [[0, -2]]), title="tiny"), end="")
    NFG 1 R "tiny" { "Row" "Column" }
    <BLANKLINE>
    { { "r1" }
      { "c1" "c2" }
    }
    ""
    <BLANKLINE>
    1 0
    1/2 -2
    """
    exact = game.is_exact
    A, B = game.exact_payoffs() if exact else (game.A.tolist(), game.B.tolist())
    m, n = game.shape
    if title is None:
        title = f"{game.players[0]} vs {game.players[1]}"
    rows = " ".join(_quote(a) for a in game.actions[0])
    cols = " ".join(_quote(a) for a in game.actions[1])
    lines = [
        f"NFG 1 {'R' if exact else 'D'} {_quote(title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        "",
        f"{{ {{ {rows} }}",
        f"  {{ {cols} }}",
        "}",
        '""',
        "",
    ]
    for j in range(n):
        lines.append(" ".join(
            f"{_format_number(A[i][j], exact)} {_format_number(B[i][j], exact)}" for i in range(m)
        ))
    text = "\n".join(lines) + "\n"
    if path is not None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise FormatError(f"cannot write file ({error.strerror or error})", source=str(path)) from None
    return text


__all__ = ["MAX_BYTES", "LabelWarning", "parse_nfg", "read_nfg", "write_nfg"]
