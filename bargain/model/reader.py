"""Reading model files: the TOML text, and the fields both kinds of model share.

:class:`Reader` checks one field at a time and raises a :class:`~bargain.errors.ModelError`
naming the file and the field; :func:`parameter_entry`, :func:`expression_entry`
and :func:`term_entries` read the parts that matrix and tree models write alike.
"""

from __future__ import annotations

import keyword
import math
import re
import tomllib
from collections.abc import Mapping
from datetime import date as _date
from pathlib import Path

from bargain.errors import ModelError
from bargain.numbers import NumberError, parse_number

from .expr import FUNCTIONS, Expression, ExpressionError, parse_expression
from .parameters import Citation, Parameter

#: Largest model file read, in bytes.
MAX_FILE_BYTES = 1_000_000
#: The kinds of model file.
KINDS = ("matrix", "sequential")
PARAMETER_KEYS = {"value", "range", "unit", "description", "sources", "assumption"}
TERM_KEYS = {"name", "player", "expression", "when", "description"}


class UnsupportedKindError(ModelError):
    """A model file of a kind this function cannot build (for example ``sequential``)."""


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


class Reader:
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
        """A finite number: a TOML number, or a string of the number grammar (``"2/3"``)."""
        if isinstance(value, str):
            try:
                return parse_number(value)
            except NumberError:
                self.fail(where, f"must be a number, not str {value!r}")
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

    def header(self, data: Mapping, allowed: set[str], required: tuple[str, ...]) -> dict[str, str]:
        """Check a model file's top-level fields and read the text ones every model has.

        Fails on an unknown field or a missing required one; returns name, title,
        date, description, units and sign_convention.
        """
        self.keys(data, allowed, "")
        for key in required:
            if key not in data:
                self.fail(key, "required field is missing")
        return {key: self.text(data, key, "") for key in ("name", "title", "date", "description",
                                                          "units", "sign_convention")}


def parameter_entry(read: Reader, name: str, entry) -> Parameter:
    where = f"parameters.{name}"
    if not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
        read.fail(where, f"{name!r} cannot be a parameter name (use letters, digits and _, not a keyword)")
    entry = read.table(entry, where)
    read.keys(entry, PARAMETER_KEYS, f"{where}.")
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
    sources = citations(read, entry.get("sources", []), f"{where}.sources")
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


def citations(read: Reader, entries, where: str) -> tuple[Citation, ...]:
    if not isinstance(entries, list):
        read.fail(where, "must be a list of {file, quote} tables")
    citations = []
    for i, entry in enumerate(entries):
        spot = f"{where}[{i}]"
        entry = read.table(entry, spot)
        read.keys(entry, {"file", "quote"}, f"{spot}.")
        citations.append(Citation(read.text(entry, "file", f"{spot}.").strip(), read.text(entry, "quote", f"{spot}.")))
    return tuple(citations)


def expression_entry(read: Reader, text, names, where: str) -> Expression:
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        read.fail(where, f"must be an expression string, not {type(text).__name__} {text!r}")
    try:
        return parse_expression(str(text), names)
    except ExpressionError as error:
        read.fail(where, error.detail)


def term_entries(read: Reader, data: Mapping, players, names):
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
        read.keys(entry, TERM_KEYS, f"{where}.")
        name = read.text(entry, "name", f"{where}.").strip()
        player = read.text(entry, "player", f"{where}.").strip()
        if player not in players:
            read.fail(f"{where}.player", f"unknown player {player!r}; players are: {', '.join(players)}")
        if "expression" not in entry:
            read.fail(f"{where}.expression", "required field is missing")
        expression = expression_entry(read, entry["expression"], names, f"{where}.expression")
        description = read.text(entry, "description", f"{where}.", required=False) or ""
        yield where, entry, name, player, expression, description
