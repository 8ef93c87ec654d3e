"""The words of Gambit's ``.nfg`` format: a token stream that knows its line, and exact numbers.

:mod:`bargain.games.nfg` reads files with it; every problem it finds is a
:class:`~bargain.errors.FormatError` naming the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from bargain.errors import FormatError

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
class Token:
    """One word, brace or quoted string of a file, with its line."""

    kind: str  # "string", "open", "close", "word" or "end"
    text: str
    line: int


class Reader:
    """A stream of tokens that knows its line, with the errors of this format.

    >>> reader = Reader('NFG 1 R "a game"\\n{ "A" "B" }', "g.nfg")
    >>> reader.next().text, reader.number("a version"), reader.next().text, reader.next().text
    ('NFG', 1, 'R', 'a game')
    >>> reader.strings("player names"), reader.line
    (['A', 'B'], 2)
    >>> print(reader.error("something is wrong"))
    g.nfg: line 2: something is wrong
    """

    def __init__(self, text: str, source: str):
        self.source = source
        self.size = len(text)
        self._tokens = self._scan(text)
        self._peeked: Token | None = None
        self.line = 1

    def _scan(self, text: str) -> Iterator[Token]:
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
                yield Token("string", _ESCAPE.sub(r"\1", body), line)
                line += body.count("\n")
            else:
                yield Token(kind, match.group(), line)
        yield Token("end", "", line)

    def error(self, message: str, line: int | None = None) -> FormatError:
        return FormatError(message, source=self.source, where=f"line {line or self.line}")

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = next(self._tokens)
        return self._peeked

    def next(self) -> Token:
        token = self.peek()
        self._peeked = None if token.kind != "end" else token
        self.line = token.line
        return token

    def expect(self, kind: str, what: str) -> Token:
        token = self.next()
        if token.kind != kind:
            raise self.error(f"expected {what}, found {describe(token)}")
        return token

    def number(self, what: str) -> int | Fraction:
        token = self.next()
        if token.kind != "word":
            raise self.error(f"expected {what}, found {describe(token)}")
        return _parse_number(token.text, self, what)

    def strings(self, what: str) -> list[str]:
        """A brace list of quoted strings."""
        self.expect("open", f"'{{' opening the {what}")
        items = []
        while self.peek().kind == "string":
            items.append(self.next().text)
        self.expect("close", f"a quoted string or '}}' closing the {what}")
        return items


def describe(token: Token) -> str:
    """A token as an error message names it.

    >>> describe(Token("string", "Ann", 1)), describe(Token("end", "", 3))
    ('the string "Ann"', 'the end of the file')
    """
    if token.kind == "end":
        return "the end of the file"
    if token.kind == "string":
        return f'the string "{token.text[:40]}"'
    return f"{token.text[:40]!r}"


def _parse_number(text: str, reader: Reader, what: str) -> int | Fraction:
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


def strategy_labels(reader: Reader, players: int) -> list[list[str]]:
    """Strategy labels per player, from label lists or from counts.

    >>> strategy_labels(Reader('{ { "up" "down" } { "l" } }', "g.nfg"), 2)
    [['up', 'down'], ['l']]
    >>> strategy_labels(Reader('{ 2 1 3 }', "g.nfg"), 3)
    [['1', '2'], ['1'], ['1', '2', '3']]
    """
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


__all__ = ["Reader", "Token", "describe", "strategy_labels"]
