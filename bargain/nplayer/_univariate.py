"""Exact arithmetic on univariate polynomials with rational coefficients.

A polynomial is a tuple of :class:`~fractions.Fraction`, constant term first.
These helpers evaluate polynomials on rational intervals, isolate a real root
by exact bisection and decide the sign of a polynomial at a real algebraic
number, all without floating point.
"""

from __future__ import annotations

from fractions import Fraction

Poly = tuple[Fraction, ...]

#: Bisections allowed when deciding a sign; each halves the interval.
MAX_BISECTIONS = 4000


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
    if not terms:
        return "0"
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    for s, body in terms[1:]:
        text += f" {s} {body}"
    return text
