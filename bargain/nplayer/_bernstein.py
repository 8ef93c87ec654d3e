"""A certificate that a support with two actions per mixing player holds no equilibrium, in Bernstein form.

When every player mixes over at most two actions, each mixing player's
strategy is one variable ``x`` in the open interval (0, 1), and the products
``C(d, i) x^i (1 - x)^(d - i)`` (the Bernstein polynomials of degree ``d``),
multiplied over the variables, are all positive on the open box. Every
polynomial of degree at most ``d_j`` in each ``x_j`` is a unique combination
of them. If some polynomial multiples of the equations, plus non-negative
multiples of (Bernstein polynomial times deviation gain), add up to a
polynomial whose Bernstein coefficients are all non-negative and not all
zero, that polynomial is positive on the open box, yet at an equilibrium it
is zero plus terms at most zero: there is none. This is the certificate of
:mod:`bargain.nplayer._prune` lifted to higher degree, so that it can rule out
curves of solutions that do not enter the box, even where they touch its
boundary; it is searched in floating point and checked in rational arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import comb, lcm

import numpy as np

from ._prune import certify
from .system import _multiply as _times

#: Give up when the Bernstein basis would have more functions than this.
MAX_BASIS = 1500


def _transform(d: int) -> np.ndarray:
    """Integer matrix taking monomial coefficients (degree <= d) to Bernstein ones, times a common factor:
    ``x^i = sum_j C(j, i) / C(d, i) B_{j,d}(x)``."""
    scale = lcm(*(comb(d, i) for i in range(d + 1)))
    return np.array([[comb(j, i) * scale // comb(d, i) if j >= i else 0 for j in range(d + 1)]
                     for i in range(d + 1)], dtype=object)


def _to_bernstein(poly: dict, degrees: tuple[int, ...], transforms) -> np.ndarray:
    """Bernstein coefficients (multidegree ``degrees``) of the integer polynomial ``poly``, times a positive
    factor common to all polynomials, as a flat array of integers."""
    big = max(abs(c) for c in poly.values()) * np.prod([float(abs(t).sum()) for t in transforms]) >= 2.0**62
    out = np.zeros(tuple(d + 1 for d in degrees), dtype=object if big else np.int64)
    for e, c in poly.items():
        out[e] = c
    for t in transforms:  # each contraction moves the axis it transforms to the end
        out = np.tensordot(out, t if big else t.astype(np.int64), axes=([0], [0]))
    return out.reshape(-1)


def _bernstein(alpha: tuple[int, ...], degrees: tuple[int, ...]) -> dict:
    """The product of Bernstein polynomials ``B_{alpha_j, degrees_j}(x_j)`` in monomial form (integers)."""
    poly: dict = {(0,) * len(degrees): 1}
    for j, (a, d) in enumerate(zip(alpha, degrees, strict=True)):
        factor = {}
        for t in range(d - a + 1):  # C(d, a) x^a (1 - x)^(d - a) = sum_t C(d, a) C(d - a, t) (-1)^t x^(a + t)
            factor[a + t] = comb(d, a) * comb(d - a, t) * (-1) ** t
        nxt: dict = {}
        for e, c in poly.items():
            for power, v in factor.items():
                m = e[:j] + (e[j] + power,) + e[j + 1:]
                nxt[m] = nxt.get(m, 0) + c * v
        poly = nxt
    return poly


def _integer(poly: dict) -> dict:
    """``poly`` times the common denominator of its coefficients (a positive factor)."""
    scale = lcm(*(Fraction(c).denominator for c in poly.values()))
    return {e: int(Fraction(c) * scale) for e, c in poly.items()}


def rules_out(equations: list[dict], gains: list[dict], k: int, extra: int = 1) -> bool:
    """True when a Bernstein certificate (checked exactly) shows ``equations = 0``, ``gains <= 0`` have no
    solution in the open box ``(0, 1)^k``.

    Examples
    --------
    ``x + y = 1/2`` has solutions in the open square; ``x + y = 0`` has none (its only solutions in the
    closed square are at a corner):

    >>> F = Fraction
    >>> rules_out([{(1, 0): F(1), (0, 1): F(1), (0, 0): F(-1, 2)}], [], 2)
    False
    >>> rules_out([{(1, 0): F(1), (0, 1): F(1)}], [], 2)
    True
    """
    polys = [p for p in (*equations, *gains) if p]
    if not polys or not any(equations):
        return False
    degrees = tuple(max(e[j] for p in polys for e in p) + extra for j in range(k))
    if np.prod([d + 1 for d in degrees]) > MAX_BASIS:
        return False
    transforms = [_transform(d) for d in degrees]
    inequalities, equalities = [], []
    for g in gains:
        if not g:
            continue
        g = _integer(g)
        own = tuple(max(e[j] for e in g) for j in range(k))
        rest = tuple(d - o for d, o in zip(degrees, own, strict=True))
        for alpha in product(*(range(r + 1) for r in rest)):
            inequalities.append(_to_bernstein(_times(g, _bernstein(alpha, rest)), degrees, transforms))
    for eq in equations:
        if not eq:
            continue
        eq = _integer(eq)
        own = tuple(max(e[j] for e in eq) for j in range(k))
        for m in product(*(range(d - o + 1) for d, o in zip(degrees, own, strict=True))):
            equalities.append(_to_bernstein(_times(eq, {m: 1}), degrees, transforms))
    rows = np.array([[int(v) for v in r] for r in inequalities + equalities], dtype=object)
    return certify(rows, len(inequalities))


__all__ = ["rules_out"]
