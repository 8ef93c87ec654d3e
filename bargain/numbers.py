"""One way to read a number, one way to write it, for every layer.

The grammar: an optional sign, then an integer (``-1``), a decimal
(``0.5``), a decimal with an exponent (``1e-3``) or a fraction of two integers
(``2/3``). Model files, :func:`bargain.model.parse_overrides`, the bargaining
options and every numeric command-line option read numbers with
:func:`parse_exact` or :func:`parse_number`; ``inf`` and ``nan`` are not numbers
here.

:func:`number` is the way back: the JSON-ready form of a result's number.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .errors import BargainError

_NOT_FINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "+nan", "-nan"})


class NumberError(BargainError, ValueError):
    """Text that is not a number of the grammar."""


def parse_exact(text: str) -> Fraction:
    """Read ``text`` as an exact fraction.

    >>> parse_exact("2/3"), parse_exact("0.5"), parse_exact("1e-3"), parse_exact(" -1 ")
    (Fraction(2, 3), Fraction(1, 2), Fraction(1, 1000), Fraction(-1, 1))
    >>> parse_exact("two")
    Traceback (most recent call last):
    bargain.numbers.NumberError: 'two' is not a number
    """
    if not isinstance(text, str):
        raise NumberError(f"{text!r} is not a number")
    stripped = text.strip()
    if stripped.lower() in _NOT_FINITE:
        raise NumberError(f"{stripped!r} is not a finite number")
    try:
        return Fraction(stripped)
    except (ValueError, ZeroDivisionError):
        raise NumberError(f"{stripped!r} is not a number") from None


def parse_number(text: str) -> float:
    """Read ``text`` as a finite float (through :func:`parse_exact`, so ``2/3`` is read as well as ``0.5``).

    >>> parse_number("2/3"), parse_number("1e-3"), parse_number("-1")
    (0.6666666666666666, 0.001, -1.0)
    >>> parse_number("nan")
    Traceback (most recent call last):
    bargain.numbers.NumberError: 'nan' is not a finite number
    """
    exact = parse_exact(text)
    try:
        value = float(exact)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise NumberError(f"{text.strip()!r} is not a finite number")
    return value


def number(value, digits: int = 12):
    """A JSON-ready number: Fractions as ``"p/q"`` strings, floats rounded to ``digits``.

    >>> number(Fraction(1, 3)), number(Fraction(2)), number(0.49999999999999994)
    ('1/3', '2', 0.5)
    """
    if isinstance(value, Fraction):
        return str(value)
    rounded = round(float(value), digits)
    return 0.0 if rounded == 0 else rounded


__all__ = ["NumberError", "number", "parse_exact", "parse_number"]
