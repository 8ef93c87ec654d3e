"""Read and write games in Gambit's strategic-form (``.nfg``) format, with any number of players.

Both versions of the format are read and written:

* the *payoff* version lists, contingency by contingency, one payoff per
  player; the first player's strategy varies fastest, then the second's, and
  so on;
* the *outcome* version lists named outcomes ``{ "name" p1 p2 ... pn }`` and
  then one outcome index per contingency (same order), where index ``0`` is
  the null outcome that pays everyone ``0``.

Strategies are given either as label lists (``{ { "up" "down" } { "l" "r" } }``)
or as counts (``{ 2 2 }``, labels then default to ``"1"``, ``"2"``, ...).
Numbers may be integers, decimals (``1.5``, ``.8``, ``-2e3``) or rationals
(``3/4``); all are kept exact, so a file of such numbers gives an exact game:
a :class:`~bargain.games.Game` for two players, a
:class:`~bargain.games.strategic.StrategicGame` for any other number. Commas
between numbers are accepted as separators.

Every problem is reported as a :class:`~bargain.errors.FormatError` naming the
file and the line.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np

from bargain.errors import FormatError, GameError

from .nfg_tokens import Reader, describe, strategy_labels
from .normal_form import Game
from .strategic import MAX_CELLS, StrategicGame

#: Files larger than this (in bytes) are refused before they are read.
MAX_BYTES = 50 * 1024 * 1024


def _payoff_version(reader: Reader, cells: int, n: int) -> list[tuple]:
    values = []
    while reader.peek().kind == "word":
        values.append(reader.number("a payoff"))
        if len(values) > n * cells:
            raise reader.error(f"too many payoffs: expected {n * cells} ({n} per contingency)")
    if reader.peek().kind != "end":
        raise reader.error(f"expected a payoff, found {describe(reader.next())}")
    if len(values) != n * cells:
        raise reader.error(
            f"wrong number of payoffs: expected {n * cells} ({n} per contingency), found {len(values)}"
        )
    return [tuple(values[n * c: n * c + n]) for c in range(cells)]


def _outcome_version(reader: Reader, cells: int, n: int) -> list[tuple]:
    reader.expect("open", "'{' opening the outcome list")
    outcomes: list[tuple] = [(0,) * n]
    while reader.peek().kind == "open":
        start = reader.next().line
        reader.expect("string", "the quoted name of an outcome")
        payoffs = []
        while reader.peek().kind == "word":
            payoffs.append(reader.number("an outcome payoff"))
        reader.expect("close", "a payoff or '}' closing the outcome")
        if len(payoffs) != n:
            raise reader.error(
                f"outcome {len(outcomes)} has {len(payoffs)} payoffs, expected {n} (one per player)", start
            )
        outcomes.append(tuple(payoffs))
    reader.expect("close", "'{' opening an outcome or '}' closing the outcome list")
    table = []
    while reader.peek().kind == "word":
        value = reader.number("an outcome index")
        if value.denominator != 1:
            raise reader.error(f"outcome index {value} is not an integer")
        if not 0 <= value < len(outcomes):
            raise reader.error(f"outcome index {value} is out of range (0 to {len(outcomes) - 1})")
        table.append(outcomes[int(value)])
        if len(table) > cells:
            raise reader.error(f"too many outcome indices: expected {cells} (1 per contingency)")
    if reader.peek().kind != "end":
        raise reader.error(f"expected an outcome index, found {describe(reader.next())}")
    if len(table) != cells:
        raise reader.error(
            f"wrong number of outcome indices: expected {cells} (1 per contingency), found {len(table)}"
        )
    return table


def parse_nfg(text: str, source: str = "<string>") -> StrategicGame:
    """Build a game from the text of a ``.nfg`` file.

    Parameters
    ----------
    text : str
        The file's contents, payoff or outcome version, any number of players.
    source : str
        Name used in error messages (normally the file path).

    Returns
    -------
    Game or StrategicGame
        A :class:`~bargain.games.Game` when the file has two players, else a
        :class:`~bargain.games.strategic.StrategicGame`; exact (every payoff an
        int or a :class:`~fractions.Fraction`) as all numbers in the format are
        rational. Empty player names become ``"Player 1"``, ``"Player 2"``, ...
        and empty strategy labels their position (``"1"``, ``"2"``, ...).
        Labels a file repeats (Gambit allows it) are told apart with a suffix --
        a second ``"defect"`` becomes ``"defect#2"``, two players named ``"P"``
        ``"P (1)"`` and ``"P (2)"`` -- and a :class:`LabelWarning` says so.

    Raises
    ------
    FormatError
        Naming ``source`` and the line of the problem.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "PD" { "Ann" "Bob" } { { "C" "D" } { "C" "D" } } '
    ...               '3 3  5 0  0 5  1 1')
    >>> g, g.payoff("D", "C")
    (Game('Ann' 2 actions x 'Bob' 2 actions), (5.0, 0.0))
    >>> g = parse_nfg('NFG 1 R "" { "A" "B" "C" } { 2 1 2 } 1 2 3  4 5 6  7 8 9  10 11 12')
    >>> g.shape, g.payoff("2", "1", "1"), g.payoff("1", "1", "2")
    ((2, 1, 2), (4.0, 5.0, 6.0), (7.0, 8.0, 9.0))
    >>> parse_nfg('NFG 1 R "x" { "a" "b" } { 1 1 } 1 2 3')
    Traceback (most recent call last):
    ...
    bargain.errors.FormatError: <string>: line 1: too many payoffs: expected 2 (2 per contingency)
    """
    if len(text) > MAX_BYTES:
        raise FormatError(f"file is too large ({len(text)} characters, limit {MAX_BYTES})", source=source)
    reader = Reader(text, source)
    header = reader.next()
    if header.kind != "word" or header.text != "NFG":
        raise reader.error(f"bad header: a strategic-form file starts with 'NFG 1 R' or 'NFG 1 D', "
                           f"found {describe(header)}")
    version = reader.next()
    if version.text != "1":
        raise reader.error(f"bad header: unsupported NFG version {describe(version)} (expected 1)")
    kind = reader.next()
    if kind.text not in ("R", "D"):
        raise reader.error(f"bad header: expected 'R' or 'D' after 'NFG 1', found {describe(kind)}")
    reader.expect("string", "the quoted title")
    players_line = reader.peek().line
    players = reader.strings("player names")
    if not players:
        raise reader.error("the file names no players", players_line)
    labels = strategy_labels(reader, len(players))
    if reader.peek().kind == "string":
        reader.next()  # the comment
    shape = tuple(len(side) for side in labels)
    cells = 1
    for m in shape:
        cells *= m
        if cells > MAX_CELLS:
            raise reader.error(f"the game has more than {MAX_CELLS} contingencies (shape {shape})", players_line)
    n = len(players)
    table = _outcome_version(reader, cells, n) if reader.peek().kind == "open" else _payoff_version(reader, cells, n)
    names, actions = _names(players, labels, source)
    try:
        if n == 2:
            m = shape[0]
            A = [[table[i + m * j][0] for j in range(shape[1])] for i in range(m)]
            B = [[table[i + m * j][1] for j in range(shape[1])] for i in range(m)]
            return Game(A, B, players=names, actions=actions)
        arrays = []
        for k in range(n):
            flat = np.empty(cells, dtype=object)
            flat[:] = [row[k] for row in table]
            arrays.append(flat.reshape(shape, order="F"))
        return StrategicGame(arrays, players=names, actions=actions)
    except GameError as error:
        raise FormatError(error.detail, source=source, where=f"line {players_line}") from None


def _names(players: list[str], labels: list[list[str]], source: str) -> tuple[list[str], list[list[str]]]:
    """Player names and strategy labels with the empty ones filled in and the repeated ones told apart."""
    names = [name if name.strip() else f"Player {k + 1}" for k, name in enumerate(players)]
    repeated = {name for name in names if names.count(name) > 1}
    if repeated:
        given = names
        names = [f"{name} ({k + 1})" if name in repeated else name for k, name in enumerate(names)]
        if len(names) == 2:
            said = f"both players are named {given[0]!r}; read as {names[0]!r} and {names[1]!r}"
        else:
            said = "players share a name; read as " + ", ".join(
                f"{old!r} -> {new!r}" for old, new in zip(given, names, strict=True) if old != new)
        warnings.warn(f"{source}: {said}", LabelWarning, stacklevel=3)
    actions = [[a if a.strip() else str(k + 1) for k, a in enumerate(side)] for side in labels]
    for k, side in enumerate(actions):
        actions[k], renamed = _distinct(side)
        if renamed:
            warnings.warn(f"{source}: {names[k]} has strategies with the same label; read as "
                          + ", ".join(f"{old!r} -> {new!r}" for old, new in renamed), LabelWarning, stacklevel=3)
    return names, actions


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


def read_nfg(path_or_text_source: str | os.PathLike | io.TextIOBase) -> StrategicGame:
    """Read a Gambit ``.nfg`` game (payoff or outcome version, any number of players).

    Parameters
    ----------
    path_or_text_source : str, path-like or text file object
        The text of a ``.nfg`` file (a string starting with ``NFG``, as
        :func:`write_nfg` returns), a file path, or an open file (anything
        with ``read()``).

    Returns
    -------
    Game or StrategicGame
        A :class:`~bargain.games.Game` for two players (see :func:`parse_nfg`).

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
    >>> read_nfg("tests/data/nplayer/2x2x2.nfg").shape
    (2, 2, 2)
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


def write_nfg(game: StrategicGame, path: str | os.PathLike | None = None, *, title: str | None = None,
              version: str = "payoff") -> str:
    """Write ``game`` as a Gambit ``.nfg`` file; reading it back gives an equal game.

    Parameters
    ----------
    game : Game or StrategicGame
    path : str or path-like, optional
        When given, the text is also written to this file.
    title : str, optional
        The game's title (default: the player names).
    version : ``"payoff"`` or ``"outcome"``
        The payoff version lists every contingency's payoffs; the outcome
        version lists each distinct payoff vector once, as an outcome, and
        then one outcome number per contingency.

    Returns
    -------
    str
        The file's text. Exact games are written with integers and ``a/b``
        rationals (header ``NFG 1 R``), others with the shortest float that
        reads back the same (``NFG 1 D``).

    Examples
    --------
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
    >>> g = StrategicGame([np.arange(4).reshape(1, 2, 2)] * 3, players=["A", "B", "C"])
    >>> print(write_nfg(g, title="tiny"), end="")
    NFG 1 R "tiny" { "A" "B" "C" }
    <BLANKLINE>
    { { "a1" }
      { "a1" "a2" }
      { "a1" "a2" }
    }
    ""
    <BLANKLINE>
    0 0 0
    2 2 2
    1 1 1
    3 3 3
    >>> print(write_nfg(g, version="outcome").splitlines()[-1])
    1 2 3 4
    """
    if version not in ("payoff", "outcome"):
        raise FormatError(f"unknown .nfg version {version!r} (payoff or outcome)")
    exact = game.is_exact
    arrays = game.exact_payoff_arrays() if exact else game.payoffs
    if title is None:
        title = " vs ".join(game.players)
    lines = [f"NFG 1 {'R' if exact else 'D'} {_quote(title)} {{ {' '.join(_quote(p) for p in game.players)} }}", ""]
    for k, side in enumerate(game.actions):
        opener = "{ " if k == 0 else "  "
        lines.append(f"{opener}{{ {' '.join(_quote(a) for a in side)} }}")
    lines += ["}", '""', ""]
    flat = [a.reshape(-1, order="F") for a in arrays]
    cells = len(flat[0])
    rows = [tuple(_format_number(f[c], exact) for f in flat) for c in range(cells)]
    if version == "payoff":
        width = game.shape[0]
        for start in range(0, cells, width):
            lines.append("  ".join(" ".join(r) for r in rows[start:start + width]).replace("  ", " "))
    else:
        numbers: dict[tuple, int] = {}
        for r in rows:
            numbers.setdefault(r, len(numbers) + 1)
        lines.append("{")
        for r, k in numbers.items():
            lines.append(f'{{ "{k}" {", ".join(r)} }}')
        lines.append("}")
        lines.append(" ".join(str(numbers[r]) for r in rows))
    text = "\n".join(lines) + "\n"
    if path is not None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise FormatError(f"cannot write file ({error.strerror or error})", source=str(path)) from None
    return text


__all__ = ["MAX_BYTES", "LabelWarning", "parse_nfg", "read_nfg", "write_nfg"]
