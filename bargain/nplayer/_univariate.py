"""Exact arithmetic on univariate polynomials with rational coefficients.

A polynomial is a tuple of :class:`~fractions.Fraction`, constant term first.
Evaluation, root isolation by exact bisection and printing are in
:mod:`bargain.results.algebraic` (the exact form of an equilibrium needs them)
and are available here too; this module adds the sign of a polynomial at a
real algebraic number and the ring operations, all without floating point.
"""

from __future__ import annotations

from fractions import Fraction

from bargain.results.algebraic import Poly, bisect, interval_value, poly_text, sign, trim, value

#: Bisections allowed when deciding a sign; each halves the interval.
MAX_BISECTIONS = 4000


def sign_at_root(r: Poly, f: Poly, interval: tuple[Fraction, Fraction]) -> int:
    """Sign of ``r(alpha)`` where ``alpha`` is the root of ``f`` isolated by ``interval``.

    ``f`` must be irreducible over the rationals and ``r`` reduced modulo ``f``
    (degree below that of ``f``): then ``r(alpha)`` is zero only when ``r`` is
    the zero polynomial, and otherwise bisection decides its sign.

    >>> f = (Fraction(-2), Fraction(0), Fraction(1))  # alpha = sqrt(2)
    >>> sign_at_root((Fraction(-141421, 100000), Fraction(1)), f, (Fraction(1), Fraction(2)))
    1
    """
    r = trim(r)
    if not r:
        return 0
    quick = _sign_by_balls(r, f, interval)
    if quick:
        return quick
    lo, hi = interval
    for _ in range(MAX_BISECTIONS):
        a, b = interval_value(r, lo, hi)
        if a > 0:
            return 1
        if b < 0:
            return -1
        if lo == hi:
            return sign(value(r, lo))
        lo, hi = bisect(f, (lo, hi), (hi - lo) / 2)
    raise ArithmeticError("could not decide a sign at an algebraic number")  # pragma: no cover


def _sign_by_balls(r: Poly, f: Poly, interval: tuple[Fraction, Fraction], rounds: int = 40) -> int:
    """The sign of ``r(alpha)`` by ball arithmetic (python-flint's arb), or 0 when it stays undecided.

    ``r`` is evaluated on a ball holding the whole isolating interval (arb
    balls are rigorous enclosures, rounding included); while the result still
    holds zero the interval is halved, keeping the half where ``f`` changes sign.
    """
    import flint

    rp = flint.arb_poly([flint.arb(flint.fmpq(c.numerator, c.denominator)) for c in r])
    fp = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in f])
    lo = flint.fmpq(interval[0].numerator, interval[0].denominator)
    hi = flint.fmpq(interval[1].numerator, interval[1].denominator)
    s_lo = sign(fp(lo))
    for _ in range(rounds):
        v = rp(flint.arb((lo + hi) / 2, (hi - lo) / 2))
        if v > 0:
            return 1
        if v < 0:
            return -1
        if lo == hi or s_lo == 0:
            return 0
        mid = (lo + hi) / 2
        s_mid = sign(fp(mid))
        if s_mid == 0:
            return 0
        if s_mid == s_lo:
            lo = mid
        else:
            hi = mid
    return 0


def multiply(p: Poly, q: Poly) -> Poly:
    """Product of two polynomials.

    >>> multiply((Fraction(1), Fraction(1)), (Fraction(-1), Fraction(1)))
    (Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1))
    """
    if not p or not q:
        return ()
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return trim(out)


def add(p: Poly, q: Poly) -> Poly:
    """Sum of two polynomials."""
    n = max(len(p), len(q))
    return trim((p[k] if k < len(p) else 0) + (q[k] if k < len(q) else 0) for k in range(n))


def scale(p: Poly, c: Fraction) -> Poly:
    """``c`` times ``p``."""
    return trim(c * a for a in p)


def remainder(p: Poly, f: Poly) -> Poly:
    """``p`` modulo ``f``.

    >>> remainder((Fraction(0), Fraction(0), Fraction(1)), (Fraction(-2), Fraction(0), Fraction(1)))
    (Fraction(2, 1),)
    """
    p, f = list(trim(p)), trim(f)
    d = len(f) - 1
    lead = f[-1]
    while len(p) - 1 >= d and p:
        c = p[-1] / lead
        shift = len(p) - 1 - d
        for k in range(d + 1):
            p[shift + k] -= c * f[k]
        p = list(trim(p))
    return tuple(p)


__all__ = ["MAX_BISECTIONS", "Poly", "add", "bisect", "interval_value", "multiply", "poly_text", "remainder",
           "scale", "sign", "sign_at_root", "trim", "value"]
