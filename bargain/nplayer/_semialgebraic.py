"""Exact solution of systems of univariate polynomial inequalities.

Given polynomials that must be positive and polynomials that must be at most
zero, the real line splits at their real roots into finitely many points and
open intervals on each of which every sign is constant. Testing one point per
piece (a rational point inside each interval, and each root itself, decided
exactly by :func:`~bargain.nplayer._univariate.sign_at_root`) lists every
piece of the solution set.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import _univariate as uni
from ._polysys import real_root_intervals


@dataclass(frozen=True)
class Piece:
    """One piece of the solution set: an open interval (given by a rational point in it) or a single root.

    For a root, ``polynomial`` is its minimal polynomial (degree one for a
    rational root, then ``point`` is the root) and ``interval`` isolates it.
    """

    interval_piece: bool
    point: Fraction | None = None
    polynomial: tuple[Fraction, ...] = ()
    interval: tuple[Fraction, Fraction] | None = None
    #: For an open interval: rational ends of a closed interval inside it that holds ``point``.
    span: tuple[Fraction, Fraction] | None = None

    def points(self, count: int = 3) -> list[Fraction]:
        """Rational points of an open-interval piece, spread over :attr:`span`."""
        lo, hi = self.span
        return [lo + (hi - lo) * Fraction(i, count + 1) for i in range(1, count + 1)]


def _irreducible_factors(p: uni.Poly) -> list[uni.Poly]:
    import flint

    poly = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in p])
    if poly.degree() < 1:
        return []
    _, factors = poly.factor()
    out = []
    for f, _ in factors:
        coeffs = uni.trim(Fraction(int(c.p), int(c.q)) for c in f.coeffs())
        lead = coeffs[-1]
        out.append(tuple(c / lead for c in coeffs))
    return out


def _roots(polys) -> list[tuple[tuple[Fraction, ...], Fraction, Fraction]]:
    """Every distinct real root of the polynomials: (minimal polynomial, lo, hi), sorted, intervals disjoint."""
    factors = {}
    for p in polys:
        for f in _irreducible_factors(p):
            factors[f] = True
    roots = []
    for f in factors:
        if len(f) == 2:
            r = -f[0] / f[1]
            roots.append([f, r, r])
        else:
            for lo, hi in real_root_intervals(f):
                roots.append([f, lo, hi])
    # Refine until the intervals of different roots are pairwise disjoint (different irreducible
    # polynomials share no root, and roots of one polynomial are isolated already).
    for _ in range(400):
        roots.sort(key=lambda r: r[1])
        clash = False
        for a, b in zip(roots, roots[1:], strict=False):
            if b[1] <= a[2]:
                clash = True
                for r in (a, b):
                    if r[1] != r[2]:
                        r[1], r[2] = uni.bisect(r[0], (r[1], r[2]), (r[2] - r[1]) / 4)
        if not clash:
            break
    else:  # pragma: no cover - distinct algebraic numbers separate after finitely many bisections
        raise ArithmeticError("could not separate the real roots")
    return [tuple(r) for r in roots]


def _sign(p: uni.Poly, piece: Piece) -> int:
    if piece.interval_piece or len(piece.polynomial) == 2:
        return uni.sign(uni.value(p, piece.point))
    return uni.sign_at_root(uni.remainder(p, piece.polynomial), piece.polynomial, piece.interval)


def solve_inequalities(positive: list[uni.Poly], nonpositive: list[uni.Poly],
                       low: Fraction | None = None, high: Fraction | None = None) -> list[Piece]:
    """The pieces of ``{u in (low, high) : p(u) > 0 for p in positive, q(u) <= 0 for q in nonpositive}``.

    Examples
    --------
    ``u > 0``, ``1 - u > 0`` and ``u^2 - 1/2 <= 0``: the interval ``(0, 1/sqrt 2]``, that is the
    open interval and its right end.

    >>> F = Fraction
    >>> pieces = solve_inequalities([(F(0), F(1)), (F(1), F(-1))], [(F(-1, 2), F(0), F(1))])
    >>> [(p.interval_piece, 0 < float(p.point) < 2 ** -0.5) for p in pieces if p.interval_piece]
    [(True, True)]
    >>> [(p.polynomial, round(float(p.interval[0]), 9)) for p in pieces if not p.interval_piece]
    [((Fraction(-1, 2), Fraction(0, 1), Fraction(1, 1)), 0.707106781)]
    """
    polys = [uni.trim(p) for p in (*positive, *nonpositive)]
    if any(not p for p in map(uni.trim, positive)):
        return []
    roots = _roots([p for p in polys if len(p) > 1])
    if low is not None:
        roots = [r for r in roots if r[2] > low]
    if high is not None:
        roots = [r for r in roots if r[1] < high]
    pieces: list[Piece] = []
    ends = [low - 0 if low is not None else None]
    for _, lo, hi in roots:
        ends += [lo, hi]
    ends.append(high)
    candidates = []
    for left, right in zip(ends[::2], ends[1::2], strict=True):
        left = right - 2 if left is None and right is not None else left
        right = left + 2 if right is None and left is not None else right
        if left is None:
            left, right = Fraction(-1), Fraction(1)
        if left < right:
            candidates.append(Piece(True, point=(left + right) / 2, span=(left + (right - left) / 8,
                                                                            right - (right - left) / 8)))
    for f, lo, hi in roots:
        if len(f) == 2:
            candidates.append(Piece(False, point=lo, polynomial=f, interval=(lo, lo)))
        else:
            candidates.append(Piece(False, polynomial=f, interval=(lo, hi)))
    for piece in candidates:
        if piece.point is not None and ((low is not None and piece.point <= low)
                                        or (high is not None and piece.point >= high)):
            continue
        if all(_sign(p, piece) > 0 for p in positive) and all(_sign(q, piece) <= 0 for q in nonpositive):
            pieces.append(piece)
    return pieces
