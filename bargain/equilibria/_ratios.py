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

import numpy as np


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


def shares(V: np.ndarray, totals: np.ndarray) -> list[tuple[Fraction, ...]]:
    """``tuple(reduced(v, total) for v in row)`` for each row of an int64 array and its total, at once.

    >>> shares(np.array([[2, 0, 4], [1, 1, 1]]), np.array([6, 3]))
    [(Fraction(1, 3), Fraction(0, 1), Fraction(2, 3)), (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))]
    """
    divisors = np.gcd(V, totals[:, None])
    numerators, denominators = (V // divisors).tolist(), (totals[:, None] // divisors).tolist()
    zero, make = _make(0, 1), _make  # one zero for all
    return [tuple([make(a, b) if a else zero for a, b in zip(n, d)])  # noqa: B905 - rows of one array
            for n, d in zip(numerators, denominators, strict=True)]


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


def shares9(vectors: list) -> list[tuple[float, ...]] | None:
    """``tuple(-round(v / sum(vector), 9) ...)`` for nonnegative integer vectors (zeros as ``-0.0``), all at once.

    The quotients are those Python's ``v / total`` gives (entries and sums below
    2**53 are exact floats, and one division is correctly rounded); the rounding
    is :func:`round9`'s, with :func:`round` itself where binary arithmetic does
    not settle it. None when some sum is 2**53 or more.

    >>> shares9([(1, 2), (0, 3)])
    [(-0.333333333, -0.666666667), (-0.0, -1.0)]
    """
    V = np.array(vectors, dtype=np.float64)
    totals = V.sum(axis=1, keepdims=True)
    if not len(V) or totals.max() >= 2.0**53:
        return None
    P = V / totals
    y = P * 1e9
    whole = np.floor(y)
    rest = y - whole
    R = (whole + (rest > 0.5)) / 1e9
    unsettled = np.abs(rest - 0.5) <= 1e-6
    if unsettled.any():
        for i, j in zip(*np.nonzero(unsettled), strict=True):
            R[i, j] = round(float(P[i, j]), 9)
    return [tuple(row) for row in (-R).tolist()]
