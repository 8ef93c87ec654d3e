"""Rational parametrisation of one-dimensional solution sets.

When the solutions of a support's equations form a curve on which every
variable is a rational function of one free variable ``u`` (each basis
polynomial, once the variables already known are substituted, is linear in one
new variable), the inequalities of the support become univariate: the sign of
``N/D`` is the sign of ``N*D``. :func:`parametrise` finds such a
parametrisation; the finitely many values of ``u`` where a denominator
vanishes are returned too, to be handled separately.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import _univariate as uni


def _q(c: Fraction):
    import flint

    c = Fraction(c)
    return flint.fmpq(c.numerator, c.denominator)


def _poly(coefficients):
    import flint

    return flint.fmpq_poly([_q(c) for c in coefficients])


def to_tuple(p) -> tuple[Fraction, ...]:
    """A flint polynomial as a tuple of Fractions (constant term first)."""
    return uni.trim(Fraction(int(c.p), int(c.q)) for c in p.coeffs())


@dataclass(frozen=True)
class _Ratio:
    """A rational function num/den of ``u`` (flint polynomials)."""

    num: object
    den: object

    def __add__(self, other: _Ratio) -> _Ratio:
        return _Ratio(self.num * other.den + other.num * self.den, self.den * other.den).reduced()

    def __mul__(self, other: _Ratio) -> _Ratio:
        return _Ratio(self.num * other.num, self.den * other.den).reduced()

    def reduced(self) -> _Ratio:
        if self.num.is_zero():
            return _Ratio(self.num, _poly([1]))
        g = self.num.gcd(self.den)
        return _Ratio(self.num / g, self.den / g) if g.degree() > 0 else self


def _evaluate(p: dict, known: dict[int, _Ratio]) -> _Ratio:
    total = _Ratio(_poly([]), _poly([1]))
    for e, c in p.items():
        term = _Ratio(_poly([c]), _poly([1]))
        for j, x in enumerate(e):
            for _ in range(x):
                term = term * known[j]
        total = total + term
    return total


@dataclass(frozen=True)
class Curve:
    """Every variable as ``numerator(u) / denominator(u)`` along the curve."""

    free: int
    numerators: tuple[tuple[Fraction, ...], ...]
    denominators: tuple[tuple[Fraction, ...], ...]
    #: Polynomials in ``u`` that were divided by on the way (the parametrisation may miss their roots too).
    singular: tuple[tuple[Fraction, ...], ...] = ()

    def sign_polynomial(self, p: dict) -> tuple[Fraction, ...]:
        """A polynomial in ``u`` with the sign of ``p`` along the curve (where no denominator vanishes)."""
        known = {j: _Ratio(_poly(n), _poly(d)) for j, (n, d) in enumerate(zip(self.numerators,
                                                                            self.denominators, strict=True))}
        value = _evaluate(p, known)
        return to_tuple(value.num * value.den)

    def point(self, u: Fraction) -> list[Fraction]:
        """The variables at a rational ``u`` (no denominator may vanish there)."""
        return [uni.value(n, u) / uni.value(d, u) for n, d in zip(self.numerators, self.denominators, strict=True)]

    def algebraic(self, f: tuple[Fraction, ...]) -> list[tuple[Fraction, ...]]:
        """Each variable as a polynomial in a root ``alpha`` of the irreducible ``f`` (modulo ``f``)."""
        modulus = _poly(f)
        out = []
        for n, d in zip(self.numerators, self.denominators, strict=True):
            g, s, _ = _poly(d).xgcd(modulus)  # s * d = g (mod f), g a nonzero constant when f does not divide d
            out.append(to_tuple((_poly(n) * s * _poly([1 / Fraction(int(g.coeffs()[0].p), int(g.coeffs()[0].q))]))
                                % modulus))
        return out

    def poles(self) -> list[tuple[Fraction, ...]]:
        """The denominators (a value of ``u`` where one vanishes is not covered by the parametrisation)."""
        return [d for d in (*self.denominators, *self.singular) if len(d) > 1]


def parametrise(basis: list[dict], k: int, free: int) -> Curve | None:
    """A rational parametrisation of the curve cut out by ``basis`` in terms of variable ``free``, or None.

    Examples
    --------
    ``y = 1/2`` and ``x*z - 3/4*x - 1/2*z + 1/2 = 0``: ``z = (3/4 x - 1/2) / (x - 1/2)``.

    >>> F = Fraction
    >>> c = parametrise([{(0, 1, 0): F(1), (0, 0, 0): F(-1, 2)},
    ...                  {(1, 0, 1): F(1), (1, 0, 0): F(-3, 4), (0, 0, 1): F(-1, 2), (0, 0, 0): F(1, 2)}], 3, 0)
    >>> c.point(F(1, 4))
    [Fraction(1, 4), Fraction(1, 2), Fraction(5, 4)]
    """
    known: dict[int, _Ratio] = {free: _Ratio(_poly([0, 1]), _poly([1]))}
    singular: list = []
    pending = list(basis)
    progress = True
    while pending and progress:
        progress = False
        for g in list(pending):
            unknown = {j for e in g for j, x in enumerate(e) if x and j not in known}
            if not unknown:
                if not _evaluate(g, known).num.is_zero():
                    return None
                pending.remove(g)
                progress = True
                continue
            if len(unknown) > 1:
                continue
            (v,) = unknown
            if any(e[v] > 1 for e in g):
                continue
            with_v = {e[:v] + (0,) + e[v + 1:]: c for e, c in g.items() if e[v] == 1}
            without = {e: c for e, c in g.items() if e[v] == 0}
            c = _evaluate(with_v, known)
            if c.num.is_zero():
                continue
            d = _evaluate(without, known)
            singular.append(c.num)
            known[v] = _Ratio(-d.num * c.den, d.den * c.num).reduced()
            pending.remove(g)
            progress = True
        if pending and not progress:
            progress = _solve_jointly(pending, known, singular)
    if pending or len(known) != k:
        return None
    numerators = tuple(to_tuple(known[j].num) for j in range(k))
    denominators = tuple(to_tuple(known[j].den) for j in range(k))
    return Curve(free, numerators, denominators, tuple(to_tuple(p) for p in singular if p.degree() > 0))


def _solve_jointly(pending: list[dict], known: dict[int, _Ratio], singular: list) -> bool:
    """Solve the pending equations that are linear in the unknowns together (Gauss-Jordan over the rational
    functions of ``u``); True when that determined every unknown they hold."""
    unknowns = sorted({j for g in pending for e in g for j, x in enumerate(e) if x and j not in known})
    linear = [g for g in pending if all(sum(e[j] for j in unknowns) <= 1 for e in g)]
    used = sorted({j for g in linear for e in g for j in unknowns if e[j]})
    if not used or len(linear) < len(used):
        return False
    zero = _Ratio(_poly([]), _poly([1]))
    rows = []
    for g in linear:
        parts: dict = {v: {} for v in used}
        constant: dict = {}
        for e, c in g.items():
            v = next((j for j in used if e[j]), None)
            target = constant if v is None else parts[v]
            key = e if v is None else e[:v] + (0,) + e[v + 1:]
            target[key] = target.get(key, 0) + c
        rows.append([_evaluate(parts[v], known) for v in used] + [_evaluate(constant, known)])
    rank = 0
    for col in range(len(used)):
        pivot = next((r for r in range(rank, len(rows)) if not rows[r][col].num.is_zero()), None)
        if pivot is None:
            return False
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        p = rows[rank][col]
        singular.append(p.num)
        inverse = _Ratio(p.den, p.num).reduced()
        rows[rank] = [x * inverse for x in rows[rank]]
        for r in range(len(rows)):
            if r != rank and not rows[r][col].num.is_zero():
                factor = rows[r][col]
                rows[r] = [x + _Ratio(-(factor * y).num, (factor * y).den) for x, y in zip(rows[r], rows[rank],
                                                                                       strict=True)]
        rank += 1
    if any(not row[-1].num.is_zero() for row in rows[rank:]):
        return False  # the equations disagree except at finitely many values of u
    for i, v in enumerate(used):
        value = rows[i][-1]
        known[v] = _Ratio(-value.num, value.den).reduced() if not value.num.is_zero() else zero
    for g in linear:
        pending.remove(g)
    return True
