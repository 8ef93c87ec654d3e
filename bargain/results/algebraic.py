"""Exact irrational equilibria: :class:`AlgebraicPoint`, and the univariate polynomials it is made of.

A polynomial is a tuple of :class:`~fractions.Fraction`, constant term first.
The helpers here evaluate one exactly or on a rational interval, isolate a real
root by exact bisection and print it; the n-player solvers build on them
(:mod:`bargain.nplayer._univariate` adds the arithmetic they need).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Poly = tuple[Fraction, ...]


def trim(p) -> Poly:
    """Drop trailing zero coefficients.

    >>> trim((Fraction(1), Fraction(0)))
    (Fraction(1, 1),)
    """
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return tuple(Fraction(c) for c in p)


def value(p: Poly, x: Fraction) -> Fraction:
    """``p(x)`` exactly.

    >>> value((Fraction(-2), Fraction(0), Fraction(1)), Fraction(3))
    Fraction(7, 1)
    """
    total = Fraction(0)
    for c in reversed(p):
        total = total * x + c
    return total


def interval_value(p: Poly, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """Bounds ``(a, b)`` with ``a <= p(x) <= b`` for every ``x`` in ``[lo, hi]`` (Horner's rule).

    >>> interval_value((Fraction(0), Fraction(1)), Fraction(1), Fraction(2))
    (Fraction(1, 1), Fraction(2, 1))
    """
    a = b = Fraction(0)
    for c in reversed(p):
        products = (a * lo, a * hi, b * lo, b * hi)
        a, b = min(products) + c, max(products) + c
    return a, b


def sign(x) -> int:
    """-1, 0 or 1 as ``x`` is negative, zero or positive.

    >>> sign(Fraction(-1, 3)), sign(0), sign(2)
    (-1, 0, 1)
    """
    return (x > 0) - (x < 0)


def bisect(f: Poly, interval: tuple[Fraction, Fraction], width: Fraction) -> tuple[Fraction, Fraction]:
    """Shrink an isolating interval of a simple root of ``f`` until it is at most ``width`` wide.

    >>> lo, hi = bisect((Fraction(-2), Fraction(0), Fraction(1)), (Fraction(1), Fraction(2)), Fraction(1, 1000))
    >>> float(lo) < 2 ** 0.5 < float(hi), hi - lo <= Fraction(1, 1000)
    (True, True)
    """
    lo, hi = interval
    s_lo = sign(value(f, lo))
    if s_lo == 0:
        return lo, lo
    while hi - lo > width:
        mid = (lo + hi) / 2
        s_mid = sign(value(f, mid))
        if s_mid == 0:
            return mid, mid
        if s_mid == s_lo:
            lo = mid
        else:
            hi = mid
    return lo, hi


def poly_text(p: Poly, name: str = "x") -> str:
    """Readable text of a polynomial, highest power first.

    >>> poly_text((Fraction(-2), Fraction(0), Fraction(1, 3)), "t")
    '1/3*t^2 - 2'
    """
    terms = []
    for k in range(len(p) - 1, -1, -1):
        c = p[k]
        if c == 0:
            continue
        size = abs(c)
        power = "" if k == 0 else (name if k == 1 else f"{name}^{k}")
        body = str(size) if not power else (power if size == 1 else f"{size}*{power}")
        terms.append(("-" if c < 0 else "+", body))
    return signed_sum(terms)


def signed_sum(terms) -> str:
    """``[("+", "a"), ("-", "2*b")]`` as ``"a - 2*b"`` (``"0"`` for no terms).

    >>> signed_sum([("-", "x"), ("+", "1/2")]), signed_sum([])
    ('-x + 1/2', '0')
    """
    if not terms:
        return "0"
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    for s, body in terms[1:]:
        text += f" {s} {body}"
    return text


@dataclass(frozen=True)
class AlgebraicPoint:
    """Exact form of an equilibrium whose probabilities are irrational.

    Every probability is ``g(alpha)`` for one polynomial ``g`` with rational
    coefficients, where ``alpha`` is the only root of the irreducible
    polynomial :attr:`polynomial` inside :attr:`interval`.

    Attributes
    ----------
    polynomial : tuple of Fraction
        Coefficients of the minimal polynomial of ``alpha``, constant term first.
    interval : pair of Fraction
        An interval ``(lo, hi)`` holding exactly one real root of it, ``alpha``.
    coordinates : tuple of tuples of tuples of Fraction
        ``coordinates[player][action]`` are the coefficients (constant term first)
        of the polynomial that gives that probability from ``alpha``.

    Examples
    --------
    ``alpha = sqrt(2)`` and a strategy ``(alpha - 1, 2 - alpha)``:

    >>> point = AlgebraicPoint((Fraction(-2), Fraction(0), Fraction(1)), (Fraction(1), Fraction(2)),
    ...                        (((Fraction(-1), Fraction(1)), (Fraction(2), Fraction(-1))),))
    >>> [round(p, 12) for p in point.floats()[0]]
    [0.414213562373, 0.585786437627]
    >>> point.describe()
    ('alpha = 1.41421356237309, the root of alpha^2 - 2 between 1.41421356237309 and 1.41421356237309', \
'p[0][0] = alpha - 1', 'p[0][1] = -alpha + 2')
    """

    polynomial: tuple[Fraction, ...]
    interval: tuple[Fraction, Fraction]
    coordinates: tuple[tuple[tuple[Fraction, ...], ...], ...]

    def refined(self, width: Fraction = Fraction(1, 2**64)) -> tuple[Fraction, Fraction]:
        """An isolating interval of ``alpha`` no wider than ``width``, by exact bisection."""
        return bisect(self.polynomial, self.interval, width)

    def floats(self) -> tuple[tuple[float, ...], ...]:
        """The probabilities as the nearest floats (errors below 1e-17 before rounding)."""
        lo, hi = self.refined()
        out = []
        for player in self.coordinates:
            values = []
            for g in player:
                a, b = interval_value(g, lo, hi)
                values.append(float((a + b) / 2))
            out.append(tuple(values))
        return tuple(out)

    def describe(self) -> tuple[str, ...]:
        """Readable lines: what ``alpha`` is, then each probability as a polynomial in it."""
        lo, hi = self.refined(Fraction(1, 10**15))
        lines = [f"alpha = {float((lo + hi) / 2):.15g}, the root of {poly_text(self.polynomial, 'alpha')} "
                 f"between {float(lo):.15g} and {float(hi):.15g}"]
        for k, mix in enumerate(self.coordinates):
            for a, g in enumerate(mix):
                if len(g) > 1:
                    lines.append(f"p[{k}][{a}] = {poly_text(g, 'alpha')}")
        return tuple(lines)


__all__ = ["AlgebraicPoint", "Poly", "bisect", "interval_value", "poly_text", "sign", "signed_sum", "trim", "value"]
