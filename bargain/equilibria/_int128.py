"""Exact 124-bit products, comparisons and exact divisions for compiled code over 64-bit integers.

A wide number is a pair ``(h, l)`` standing for ``h * 2**62 + l`` with
``0 <= l < 2**62`` and ``h`` signed. Operands are int64 values below
:data:`BOUND` in size, so that every step below stays inside int64.

The exact division ``x / D`` (known to leave no remainder, quotient below
2**61 in size) takes the quotient modulo 2**62: shift out the factors of two
of ``D``, then multiply by the inverse of its odd part modulo 2**64 (Newton's
iteration), which wrapping int64 multiplication computes. The caller makes
sure, by a floating-point bound, that the quotient is small enough for its
residue to determine it.
"""

from __future__ import annotations

from numba import njit

#: Operands must be below this in size.
BOUND = 2**62

#: Entries of at most this size multiply in plain int64.
SMALL = 2**31 - 1

_LOW62 = 2**62 - 1
_LOW31 = 2**31 - 1
_TOP = 2**61


@njit(cache=True)
def mul(a, b):
    """``a * b`` as a wide number."""
    negative = (a < 0) != (b < 0)
    a, b = abs(a), abs(b)
    a0, a1 = a & _LOW31, a >> 31
    b0, b1 = b & _LOW31, b >> 31
    middle = a0 * b1 + a1 * b0  # below 2**63
    low = a0 * b0 + ((middle & _LOW31) << 31)  # below 2**63
    high = a1 * b1 + (middle >> 31) + (low >> 62)
    low &= _LOW62
    if negative:
        if low:
            return -high - 1, BOUND - low
        return -high, 0
    return high, low


@njit(cache=True)
def sub(h1, l1, h2, l2):
    """``(h1, l1) - (h2, l2)``."""
    h, low = h1 - h2, l1 - l2
    if low < 0:
        return h - 1, low + BOUND
    return h, low


@njit(cache=True)
def add(h1, l1, h2, l2):
    """``(h1, l1) + (h2, l2)``."""
    h, low = h1 + h2, l1 + l2
    if low >= BOUND:
        return h + 1, low - BOUND
    return h, low


@njit(cache=True)
def less(h1, l1, h2, l2):
    """``(h1, l1) < (h2, l2)``."""
    return h1 < h2 or (h1 == h2 and l1 < l2)


@njit(cache=True)
def product_less(a, b, c, d):
    """``a * b < c * d``, exactly."""
    if abs(a) <= SMALL and abs(b) <= SMALL and abs(c) <= SMALL and abs(d) <= SMALL:
        return a * b < c * d
    h1, l1 = mul(a, b)
    h2, l2 = mul(c, d)
    return less(h1, l1, h2, l2)


@njit(cache=True)
def product_cmp(a, b, c, d):
    """The sign of ``a * b - c * d``: -1, 0 or 1."""
    if abs(a) <= SMALL and abs(b) <= SMALL and abs(c) <= SMALL and abs(d) <= SMALL:
        x = a * b - c * d
        return (x > 0) - (x < 0)
    h1, l1 = mul(a, b)
    h2, l2 = mul(c, d)
    if h1 == h2 and l1 == l2:
        return 0
    return -1 if less(h1, l1, h2, l2) else 1


@njit(cache=True)
def inverse(odd):
    """The inverse of an odd number modulo 2**64 (as a wrapping int64)."""
    x = odd  # right to 3 bits
    for _ in range(5):  # each step doubles the correct bits: 6, 12, 24, 48, 96
        x = x * (2 - odd * x)
    return x


@njit(cache=True)
def divisor(D):
    """``(t, inv)`` with ``D = 2**t * odd`` and ``inv`` the inverse of ``odd`` modulo 2**64, for :func:`divide`."""
    t = 0
    while not (D >> t) & 1:
        t += 1
    return t, inverse(D >> t)


@njit(cache=True)
def divide(h, low, t, inv):
    """``(h * 2**62 + low) / D`` (``t, inv = divisor(D)``) when exact and below 2**61 in size."""
    if t:
        low = (low >> t) | ((h & ((1 << t) - 1)) << (62 - t))
    q = (low * inv) & _LOW62
    if q >= _TOP:
        q -= BOUND
    return q


@njit(cache=True)
def pivot_entry(a, p, f, r, D, t, inv):
    """``(a * p - f * r) / D`` (exact; ``t, inv = divisor(D)``), and whether it is certainly below 2**60."""
    if abs(a) <= SMALL and abs(p) <= SMALL and abs(f) <= SMALL and abs(r) <= SMALL:
        q = (a * p - f * r) // D
        return q, abs(q) < 2**60
    bound = (abs(float(a)) * abs(float(p)) + abs(float(f)) * abs(float(r))) / float(D)
    if bound >= 2.0**60:
        return 0, False
    h1, l1 = mul(a, p)
    h2, l2 = mul(f, r)
    h, low = sub(h1, l1, h2, l2)
    return divide(h, low, t, inv), True
