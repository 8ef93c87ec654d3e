"""Fractions built from integers whose common divisor is known, without a second normalisation.

``Fraction(n, d)`` checks its arguments' types and reduces them each time,
which costs about a microsecond; exact solutions hand back hundreds of
probabilities and payoffs per game. :func:`reduced` divides out the common
divisor once and fills in a :class:`~fractions.Fraction` directly. Whether
that direct filling gives a correct Fraction on this Python is checked once,
when the module is imported; where it does not, the public constructor is used.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd


def _direct(n: int, d: int) -> Fraction:
    value = object.__new__(Fraction)
    value._numerator, value._denominator = n, d
    return value


def _works() -> bool:
    try:
        samples = [(3, 7), (-5, 12), (0, 1), (2**70 + 1, 3**40)]
        return all(_direct(n, d) == Fraction(n, d) and hash(_direct(n, d)) == hash(Fraction(n, d))
                   and str(_direct(n, d)) == str(Fraction(n, d)) for n, d in samples)
    except (AttributeError, TypeError):  # pragma: no cover - a Python whose Fraction keeps other fields
        return False


_make = _direct if _works() else Fraction


def reduced(n: int, d: int) -> Fraction:
    """``Fraction(n, d)`` for integers ``n`` and ``d > 0``.

    >>> reduced(6, 8), reduced(0, 5), reduced(-4, 2)
    (Fraction(3, 4), Fraction(0, 1), Fraction(-2, 1))
    """
    g = gcd(n, d)
    return _make(n // g, d // g) if g != 1 else _make(n, d)


def round9(x: float) -> float:
    """``round(x, 9)`` for ``0 <= x <= 1``, without a decimal conversion when binary arithmetic settles it.

    ``x * 1e9`` is within ``2**-23`` of the exact product, so when it lies more
    than ``1e-6`` from a half-integer its nearest integer ``n`` is the exact
    decimal rounding, and ``n / 1e9`` (one correctly rounded division) is the
    float :func:`round` returns. Other values go to :func:`round` itself.

    >>> round9(1 / 3), round9(0.0), round9(1.0), round9(2.5e-10)
    (0.333333333, 0.0, 1.0, 0.0)
    """
    if 0.0 <= x <= 1.0:
        y = x * 1e9
        whole = int(y)
        if abs(y - whole - 0.5) > 1e-6:
            return (whole + (y - whole > 0.5)) / 1e9
    return round(x, 9)
