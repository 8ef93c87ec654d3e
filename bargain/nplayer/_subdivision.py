"""Certified search for the roots of a multilinear system in the unit box.

The equations of a support profile are *multilinear*: of degree at most one
in each variable. Over a box, such a polynomial takes its least and largest
values at corners, so evaluating it at the ``2^k`` corners gives its exact
range (widened by a bound on the floating-point error). A box is

* discarded when some equation cannot vanish on it, some probability cannot
  be positive, or some deviation gain is positive throughout;
* certified to hold exactly one root when the Krawczyk operator, evaluated in
  ball arithmetic (python-flint's ``arb``), maps it into its own interior;
* otherwise cut in two along its widest side.

Boxes left when the budget runs out are returned, so the caller can say what
was not decided.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

#: Boxes examined per system before giving up.
MAX_BOXES = 20_000
#: Boxes narrower than this are not cut further.
MIN_WIDTH = 1e-12
_UNIT = 2.0**-53


@dataclass(frozen=True)
class _Poly:
    """A multilinear polynomial ready for vectorised evaluation."""

    exponents: np.ndarray  # (terms, k) of 0/1
    coefficients: np.ndarray  # (terms,)
    exact: tuple  # ((exponent tuple, Fraction), ...)
    margin: float

    @classmethod
    def of(cls, p: dict, k: int) -> _Poly:
        items = [(tuple(e), Fraction(c)) for e, c in p.items() if c != 0]
        if any(x > 1 for e, _ in items for x in e):
            raise ValueError("the certified search needs multilinear polynomials")
        E = np.array([e for e, _ in items], dtype=np.int8).reshape(len(items), k)
        C = np.array([float(c) for _, c in items])
        margin = 4.0 * (len(items) + k + 4) * _UNIT * float(np.abs(C).sum()) + 1e-300
        return cls(E, C, tuple(items), margin)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        if not len(self.coefficients):
            return np.zeros(len(points))
        monomials = np.where(self.exponents[None, :, :] == 1, points[:, None, :], 1.0).prod(axis=2)
        return monomials @ self.coefficients

    def derivative(self, j: int, k: int) -> _Poly:
        return _Poly.of({tuple(x if i != j else 0 for i, x in enumerate(e)): c
                         for e, c in self.exact if e[j] == 1}, k)

    def range(self, corners: np.ndarray) -> tuple[float, float]:
        values = self(corners)
        return float(values.min()) - self.margin, float(values.max()) + self.margin

    def ball(self, point: np.ndarray):
        """Value at ``point`` (floats, taken as exact) as an ``arb`` ball."""
        import flint

        total = flint.arb(0)
        for e, c in self.exact:
            term = flint.arb(flint.fmpq(c.numerator, c.denominator))
            for x, v in zip(e, point, strict=True):
                if x:
                    term *= flint.arb(float(v))
            total += term
        return total


@dataclass
class BoxSearch:
    """What :func:`search` found."""

    roots: list[np.ndarray] = field(default_factory=list)
    boxes: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    leftover: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    examined: int = 0

    @property
    def complete(self) -> bool:
        """True when every box was either discarded or certified."""
        return not self.leftover


def search(equations: list[dict], k: int, *, positive: list[dict] = (), nonpositive: list[dict] = (),
           max_boxes: int = MAX_BOXES, certify: bool = True) -> BoxSearch:
    """Every root in ``[0, 1]^k`` of the multilinear ``equations`` where ``positive`` > 0 and ``nonpositive`` <= 0.

    Roots are certified (one per box, by the Krawczyk test) when the system is
    square and ``certify`` is set; otherwise boxes only get discarded, and the
    ones left over are returned.

    Examples
    --------
    ``x + y = 1`` and ``x * y = 2/9``: two roots, ``(1/3, 2/3)`` and ``(2/3, 1/3)``.

    >>> found = search([{(1, 0): 1, (0, 1): 1, (0, 0): -1}, {(1, 1): 1, (0, 0): Fraction(-2, 9)}], 2)
    >>> sorted(np.round(r, 12).tolist() for r in found.roots), found.complete
    ([[0.333333333333, 0.666666666667], [0.666666666667, 0.333333333333]], True)
    """
    eqs = [_Poly.of(p, k) for p in equations]
    pos = [_Poly.of(p, k) for p in positive]
    nonpos = [_Poly.of(p, k) for p in nonpositive]
    square = certify and len(eqs) == k and k > 0
    jacobian = [[p.derivative(j, k) for j in range(k)] for p in eqs] if square else None
    bits = ((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(float)
    out = BoxSearch()
    stack = deque([(np.zeros(k), np.ones(k))])  # breadth first, so that leftover boxes spread out
    while stack:
        if out.examined >= max_boxes:
            out.leftover.extend(stack)
            break
        lo, hi = stack.popleft()
        out.examined += 1
        corners = lo + (hi - lo) * bits
        if _discard(corners, eqs, pos, nonpos):
            continue
        if square:
            verdict = _krawczyk(lo, hi, eqs, jacobian, bits)
            if verdict == "none":
                continue
            if verdict == "unique":
                root = _newton(eqs, jacobian, (lo + hi) / 2, lo, hi)
                out.roots.append(root)
                out.boxes.append((lo, hi))
                continue
        width = hi - lo
        j = int(np.argmax(width))
        if width[j] < MIN_WIDTH:
            out.leftover.append((lo, hi))
            continue
        mid = (lo[j] + hi[j]) / 2
        upper_lo, lower_hi = lo.copy(), hi.copy()
        upper_lo[j] = mid
        lower_hi[j] = mid
        stack.append((upper_lo, hi))
        stack.append((lo, lower_hi))
    return out


def _discard(corners, eqs, pos, nonpos) -> bool:
    for p in eqs:
        low, high = p.range(corners)
        if low > 0 or high < 0:
            return True
    for p in pos:
        if p.range(corners)[1] <= 0:
            return True
    for p in nonpos:
        if p.range(corners)[0] > 0:
            return True
    return False


def _krawczyk(lo, hi, eqs, jacobian, bits) -> str:
    """``"unique"`` (one root in the box), ``"none"`` (no root) or ``"unknown"``."""
    import flint

    k = len(lo)
    center = (lo + hi) / 2
    radius = (hi - lo) / 2
    at_center = np.array([[float(d(center[None, :])[0]) for d in row] for row in jacobian])
    try:
        Y = np.linalg.inv(at_center)
    except np.linalg.LinAlgError:
        return "unknown"
    if not np.all(np.isfinite(Y)):
        return "unknown"
    corners = lo + (hi - lo) * bits
    J = flint.arb_mat(k, k, [_ball(*d.range(corners)) for row in jacobian for d in row])
    Yb = flint.arb_mat(k, k, [float(v) for v in Y.ravel()])
    F = flint.arb_mat(k, 1, [p.ball(center) for p in eqs])
    delta = flint.arb_mat(k, 1, [flint.arb(0, float(r)) for r in radius])
    identity = flint.arb_mat(k, k, [1 if i == j else 0 for i in range(k) for j in range(k)])
    K = flint.arb_mat(k, 1, [float(c) for c in center]) - Yb * F + (identity - Yb * J) * delta
    inside = True
    for i in range(k):
        Ki = K[i, 0]
        if Ki.upper() < float(lo[i]) or Ki.lower() > float(hi[i]):
            return "none"
        if not (Ki.lower() > float(lo[i]) and Ki.upper() < float(hi[i])):
            inside = False
    return "unique" if inside else "unknown"


def _ball(low: float, high: float):
    import flint

    mid = (low + high) / 2
    return flint.arb(mid, (high - low) / 2 * (1 + 1e-12) + abs(mid) * 1e-15)


def _newton(eqs, jacobian, x, lo, hi, steps: int = 60) -> np.ndarray:
    for _ in range(steps):
        F = np.array([float(p(x[None, :])[0]) for p in eqs])
        J = np.array([[float(d(x[None, :])[0]) for d in row] for row in jacobian])
        try:
            step = np.linalg.solve(J, F)
        except np.linalg.LinAlgError:
            break
        x = np.clip(x - step, lo, hi)
        if np.abs(step).max() < 1e-16:
            break
    return x
