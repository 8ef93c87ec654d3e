"""Checking payoffs and labels: the one validation every strategic-form game goes through.

:func:`payoff_array` turns what a user gave for one player's payoffs into a
read-only float array and, when every entry is rational, the exact entries;
:func:`labels` checks player names and action labels. Both the n-player
:class:`~bargain.games.strategic.StrategicGame` and the two-player
:class:`~bargain.games.Game` call them, so a bad payoff or label gets the same
one-line error whatever the number of players.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from numbers import Rational, Real

import numpy as np

from bargain.errors import GameError
from bargain.numbers import NumberError, parse_exact


def to_fraction(value) -> Fraction:
    """Return ``value`` as an exact :class:`~fractions.Fraction`.

    Integers and fractions are taken as they are. A float is read as the
    shortest decimal that prints as it (``0.1`` becomes ``1/10``), which is the
    number its author most likely meant.

    >>> to_fraction(0.1), to_fraction(3), to_fraction("2/3")
    (Fraction(1, 10), Fraction(3, 1), Fraction(2, 3))
    """
    if isinstance(value, (bool, np.bool_)):
        raise GameError(f"payoff {value!r} is a boolean, not a number")
    if isinstance(value, (Rational, np.integer)):
        return Fraction(int(value.numerator), int(value.denominator)) if isinstance(
            value, Rational
        ) else Fraction(int(value))
    if isinstance(value, (Real, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            raise GameError(f"payoff {value!r} is not a finite number")
        return Fraction(repr(number))
    if isinstance(value, str):
        try:
            return parse_exact(value)
        except NumberError:
            raise GameError(f"payoff {value!r} is not a number") from None
    raise GameError(f"payoff {value!r} is not a number")


_INTEGER_TYPES = frozenset({int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64})
_FLOAT_TYPES = frozenset({float, np.float16, np.float32, np.float64})


def payoff_array(values, what: str, cell: str, ndim: int | None = None,
                 max_cells: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """One player's payoffs, checked: a read-only float array and, when every entry is rational, its exact twin.

    Parameters
    ----------
    values : array_like
        The payoffs (ints, floats, Fractions or strings such as ``"1/3"``).
    what : str
        How errors about the whole array name it (``"payoff matrix A"``).
    cell : str
        How errors about one entry name it; the entry's index follows (``"payoff matrix A[0][1]"``).
    ndim : int, optional
        The number of dimensions required (the two-player game: 2); ``None`` accepts any.
    max_cells : int, optional
        Refuse more entries than this, before converting them.

    Returns
    -------
    floats : numpy.ndarray
        Read-only float array.
    exact : numpy.ndarray or None
        The entries as given, when all are rational: ints (a table of plain
        integers, passed through as they are) or :class:`~fractions.Fraction`;
        ``None`` when some entry is a float.

    Examples
    --------
    >>> floats, exact = payoff_array([[1, "1/2"]], "payoffs", "payoff", ndim=2)
    >>> floats.tolist(), exact.tolist()
    ([[1.0, 0.5]], [[Fraction(1, 1), Fraction(1, 2)]])
    >>> payoff_array([[1, 2.5]], "payoffs", "payoff")[1] is None
    True
    """
    quick = _quick_array(values, ndim)
    if quick is not None:
        return quick
    try:
        raw = np.array(values, dtype=object)
    except ValueError:
        raise GameError(f"{what} is ragged (rows of different lengths)") from None
    if max_cells is not None and raw.size > max_cells:
        raise GameError(f"{what} has {raw.size} cells, more than the limit {max_cells}")
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in raw.flat):
        raise GameError(f"{what} is ragged (rows of different lengths)")
    if ndim == 2 and raw.ndim == 1 and raw.size:
        raw = raw.reshape(1, -1)
    if ndim is not None and (raw.ndim != ndim or raw.size == 0):
        raise GameError(f"{what} must be a non-empty {ndim}-D table, got shape {raw.shape}")
    floats = np.empty(raw.shape, dtype=float)
    for index, value in np.ndenumerate(raw):
        where = f"{cell}{''.join(f'[{k}]' for k in index)} = {value!r}"
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number, str)):
            raise GameError(f"{where} is not a number")
        try:
            number = float(Fraction(value.strip())) if isinstance(value, str) else float(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise GameError(f"{where} is not a number") from None
        if not math.isfinite(number):
            raise GameError(f"{where} is not a finite number")
        floats[index] = number
    floats.setflags(write=False)
    if not all(isinstance(v, (Rational, np.integer, str)) and not isinstance(v, (bool, np.bool_)) for v in raw.flat):
        return floats, None
    exact = np.empty(raw.shape, dtype=object)
    for index, value in np.ndenumerate(raw):
        exact[index] = to_fraction(value)
    exact.setflags(write=False)
    return floats, exact


def _quick_array(values, ndim: int | None) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The common case checked in bulk: a rectangular table of plain ints and floats, all finite.

    Returns ``None`` for anything else (or anything wrong), which the entry-by-entry
    check of :func:`payoff_array` then handles and names. The exact twin of a table
    of integers is the table itself.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        raw = values
        integers = values.dtype.kind in "iu"
    else:
        try:
            raw = np.array(values, dtype=object)
        except ValueError:
            return None
        if ndim is not None and raw.ndim != ndim:
            return None
        kinds = set(map(type, raw.flat))
        integers = kinds <= _INTEGER_TYPES
        if not (integers or kinds <= _INTEGER_TYPES | _FLOAT_TYPES):
            return None
    if (ndim is not None and raw.ndim != ndim) or raw.size == 0:
        return None
    try:
        floats = raw.astype(float)
    except OverflowError:
        return None
    if not integers and not np.isfinite(floats).all():  # an integer too large for a float raised above
        return None
    floats.setflags(write=False)
    return floats, raw if integers else None


@lru_cache(maxsize=256)
def _default_labels(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(count))


def labels(given: Sequence[str] | None, count: int, prefix: str, what: str, noun: str = "actions") -> tuple[str, ...]:
    """Checked labels for ``count`` players or actions: given, or ``prefix1``, ``prefix2``, ... by default.

    >>> labels(None, 2, "a", "actions of P"), labels(["up", "down"], 2, "a", "actions of P")
    (('a1', 'a2'), ('up', 'down'))
    >>> labels(["up", "up"], 2, "a", "actions of P")
    Traceback (most recent call last):
    bargain.errors.GameError: actions of P: duplicate label(s) 'up'
    """
    if given is None:
        return _default_labels(prefix, count)
    if isinstance(given, str):
        raise GameError(f"{what}: expected a list of labels, got the string {given!r}")
    found = tuple(given)
    if len(found) != count:
        raise GameError(f"{what}: {len(found)} labels given for {count} {noun}")
    for label in found:
        if not isinstance(label, str) or not label.strip():
            raise GameError(f"{what}: label {label!r} must be a non-empty string")
    if len(set(found)) != count:
        duplicates = sorted({label for label in found if found.count(label) > 1})
        raise GameError(f"{what}: duplicate label(s) {', '.join(map(repr, duplicates))}")
    return found


__all__ = ["labels", "payoff_array", "to_fraction"]
