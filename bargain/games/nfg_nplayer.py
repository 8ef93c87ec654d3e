"""Read and write Gambit strategic-form (``.nfg``) files with any number of players.

The format is the one :mod:`bargain.games.nfg` reads for two players, generalised:

* the *payoff* version lists, contingency by contingency, one payoff per
  player; the first player's strategy varies fastest, then the second's, and
  so on;
* the *outcome* version lists named outcomes ``{ "name" p1 p2 ... pn }`` and
  then one outcome index per contingency (same order), ``0`` being the null
  outcome that pays everyone ``0``.

All numbers are kept exact, so a file gives an exact
:class:`~bargain.games.strategic.StrategicGame`. Every problem is one
:class:`~bargain.errors.FormatError` line naming the file and the line.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from bargain.errors import FormatError, GameError

from .nfg import MAX_BYTES, _decode, _describe, _format_number, _quote, _Reader, _strategies
from .strategic import MAX_CELLS, StrategicGame


def _payoff_version(reader: _Reader, cells: int, n: int) -> list[tuple]:
    values = []
    while reader.peek().kind == "word":
        values.append(reader.number("a payoff"))
        if len(values) > n * cells:
            raise reader.error(f"too many payoffs: expected {n * cells} ({n} per contingency)")
    if reader.peek().kind != "end":
        raise reader.error(f"expected a payoff, found {_describe(reader.next())}")
    if len(values) != n * cells:
        raise reader.error(
            f"wrong number of payoffs: expected {n * cells} ({n} per contingency), found {len(values)}"
        )
    return [tuple(values[n * c: n * c + n]) for c in range(cells)]


def _outcome_version(reader: _Reader, cells: int, n: int) -> list[tuple]:
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
        raise reader.error(f"expected an outcome index, found {_describe(reader.next())}")
    if len(table) != cells:
        raise reader.error(
            f"wrong number of outcome indices: expected {cells} (1 per contingency), found {len(table)}"
        )
    return table


def parse_nfg(text: str, source: str = "<string>") -> StrategicGame:
    """Build a :class:`~bargain.games.strategic.StrategicGame` from the text of a ``.nfg`` file.

    Parameters
    ----------
    text : str
        The file's contents, payoff or outcome version, any number of players.
    source : str
        Name used in error messages (normally the file path).

    Returns
    -------
    StrategicGame
        Exact. Empty player names become ``"Player k"`` and empty strategy
        labels their position (``"1"``, ``"2"``, ...).

    Raises
    ------
    FormatError
        Naming ``source`` and the line of the problem.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "" { "A" "B" "C" } { 2 1 2 } 1 2 3  4 5 6  7 8 9  10 11 12')
    >>> g.shape, g.payoff("2", "1", "1"), g.payoff("1", "1", "2")
    ((2, 1, 2), (4.0, 5.0, 6.0), (7.0, 8.0, 9.0))
    >>> parse_nfg('NFG 1 R "" { "A" "B" "C" } { 1 1 1 } { { "o" 1 2 } } 1')
    Traceback (most recent call last):
    ...
    bargain.errors.FormatError: <string>: line 1: outcome 1 has 2 payoffs, expected 3 (one per player)
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
    if not players:
        raise reader.error("the file names no players", players_line)
    labels = _strategies(reader, len(players))
    if reader.peek().kind == "string":
        reader.next()  # the comment
    shape = tuple(len(side) for side in labels)
    cells = 1
    for m in shape:
        cells *= m
        if cells > MAX_CELLS:
            raise reader.error(f"the game has more than {MAX_CELLS} contingencies (shape {shape})", players_line)
    n = len(players)
    if reader.peek().kind == "open":
        table = _outcome_version(reader, cells, n)
    else:
        table = _payoff_version(reader, cells, n)
    arrays = []
    for k in range(n):
        flat = np.empty(cells, dtype=object)
        flat[:] = [row[k] for row in table]
        arrays.append(flat.reshape(shape, order="F"))
    names = [name if name.strip() else f"Player {k + 1}" for k, name in enumerate(players)]
    actions = [[a if a.strip() else str(k + 1) for k, a in enumerate(side)] for side in labels]
    try:
        return StrategicGame(arrays, players=names, actions=actions)
    except GameError as error:
        raise FormatError(error.detail, source=source, where=f"line {players_line}") from None


def read_nfg(path_or_text_source: str | os.PathLike | io.TextIOBase) -> StrategicGame:
    """Read a Gambit ``.nfg`` file with any number of players into a :class:`~bargain.games.strategic.StrategicGame`.

    Parameters
    ----------
    path_or_text_source : str, path-like or text file object

    Raises
    ------
    FormatError
        When the file is missing, unreadable, too large or malformed; the
        message names the file and the line.

    Examples
    --------
    >>> g = read_nfg("tests/data/nplayer/2x2x2.nfg")
    >>> g.players, g.shape
    (('Player 1', 'Player 2', 'Player 3'), (2, 2, 2))
    """
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
        if path.is_dir():
            raise FormatError("is a directory, not a .nfg file", source=source)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(f"file is too large ({size} bytes, limit {MAX_BYTES})", source=source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError("file not found", source=source) from None
    except OSError as error:
        raise FormatError(f"cannot read file ({error.strerror or error})", source=source) from None
    return parse_nfg(_decode(data, source), source)


def write_nfg(game: StrategicGame, path: str | os.PathLike | None = None, *, title: str | None = None,
              version: str = "payoff") -> str:
    """Write ``game`` as a Gambit ``.nfg`` file; reading it back gives an equal game.

    Parameters
    ----------
    game : StrategicGame
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


__all__ = ["parse_nfg", "read_nfg", "write_nfg"]
