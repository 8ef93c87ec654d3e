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

#: Give up when the Bernstein basis would have more functions than this.
MAX_BASIS = 1500


def _to_bernstein(poly: dict, degrees: tuple[int, ...]) -> np.ndarray:
    """Bernstein coefficients (multidegree ``degrees``) of ``poly``, as a flat object array of Fractions."""
    tables = [[[Fraction(comb(j, i), comb(d, i)) if j >= i else Fraction(0) for j in range(d + 1)]
               for i in range(d + 1)] for d in degrees]
    out = np.zeros(tuple(d + 1 for d in degrees), dtype=object)
    for e, c in poly.items():
        term = np.array(c, dtype=object)
        for j, i in enumerate(e):
            term = np.multiply.outer(term, np.array(tables[j][i], dtype=object))
        out = out + term
    return out.reshape(-1)


def _bernstein(alpha: tuple[int, ...], degrees: tuple[int, ...]) -> dict:
    """The product of Bernstein polynomials ``B_{alpha_j, degrees_j}(x_j)`` in monomial form."""
    poly: dict = {(0,) * len(degrees): Fraction(1)}
    for j, (a, d) in enumerate(zip(alpha, degrees, strict=True)):
        factor = {}
        for t in range(d - a + 1):  # C(d, a) x^a (1 - x)^(d - a) = sum_t C(d, a) C(d - a, t) (-1)^t x^(a + t)
            factor[a + t] = Fraction(comb(d, a) * comb(d - a, t) * (-1) ** t)
        nxt: dict = {}
        for e, c in poly.items():
            for power, v in factor.items():
                m = e[:j] + (e[j] + power,) + e[j + 1:]
                nxt[m] = nxt.get(m, 0) + c * v
        poly = nxt
    return poly


def _times(p: dict, q: dict) -> dict:
    out: dict = {}
    for e1, c1 in p.items():
        for e2, c2 in q.items():
            e = tuple(x + y for x, y in zip(e1, e2, strict=True))
            out[e] = out.get(e, 0) + c1 * c2
    return out


def _row(values: np.ndarray) -> list[int]:
    scale = lcm(*(Fraction(v).denominator for v in values))
    return [int(v * scale) for v in values]


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
    inequalities, equalities = [], []
    for g in gains:
        if not g:
            continue
        own = tuple(max(e[j] for e in g) for j in range(k))
        rest = tuple(d - o for d, o in zip(degrees, own, strict=True))
        for alpha in product(*(range(r + 1) for r in rest)):
            inequalities.append(_row(_to_bernstein(_times(g, _bernstein(alpha, rest)), degrees)))
    for eq in equations:
        if not eq:
            continue
        own = tuple(max(e[j] for e in eq) for j in range(k))
        for m in product(*(range(d - o + 1) for d, o in zip(degrees, own, strict=True))):
            inequalities_or = _to_bernstein(_times(eq, {m: Fraction(1)}), degrees)
            equalities.append(_row(inequalities_or))
    rows = np.array(inequalities + equalities, dtype=object)
    return certify(rows, len(inequalities))


__all__ = ["rules_out"]
