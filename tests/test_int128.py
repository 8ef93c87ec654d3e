"""Two-word integer arithmetic of the compiled walk, against Python's integers."""

from __future__ import annotations

import numpy as np
import pytest

from bargain.equilibria import _int128 as wide


def value(h: int, low: int) -> int:
    return h * 2**62 + low


def samples(seed: int, count: int = 400) -> list[int]:
    """Signed numbers below 2**60 in size, of every length, with ends and powers of two."""
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 61, count)
    out = [int(rng.integers(0, 2**int(b))) * (1 if rng.random() < 0.5 else -1) for b in bits]
    return out + [0, 1, -1, 2**31 - 1, 2**31, -(2**31), 2**60 - 1, -(2**60 - 1), 2**59, -(2**59)]


@pytest.mark.parametrize("seed", range(4))
def test_products_and_their_comparison_are_exact(seed):
    a, b, c, d = (samples(seed * 4 + k) for k in range(4))
    for w, x, y, z in zip(a, b, c, d, strict=True):
        h, low = wide.mul(w, x)
        assert 0 <= low < 2**62 and value(h, low) == w * x
        assert wide.product_cmp(w, x, y, z) == (w * x > y * z) - (w * x < y * z)
        assert wide.product_cmp(w, x, w, x) == 0


@pytest.mark.parametrize("seed", range(6))
def test_pivot_entries_are_exact_or_refused(seed):
    rng = np.random.default_rng(seed)

    def signed(bits: int) -> int:
        return int(rng.integers(1, 2**bits)) * (1 if rng.random() < 0.5 else -1)

    checked = wide_ones = 0
    for _ in range(600):
        # a * p - f * r = q * D exactly: q = p * q', f = p * g, a = q' * D + g * r
        D = int(rng.integers(1, 2**int(rng.integers(1, 30)))) << int(rng.integers(0, 30))
        p, q1, g, r = (signed(int(rng.integers(1, 30))) for _ in range(4))
        a, f = q1 * D + g * r, p * g
        if max(abs(a), abs(f), abs(r), D) >= 2**60:
            continue
        q, fits = wide.pivot_entry(a, p, f, r, D, *wide.divisor(D))
        if fits:
            assert q == p * q1 and abs(q) < 2**60
            checked += 1
            wide_ones += max(abs(a), abs(p), abs(f), abs(r)) > 2**31
        else:  # refused only when the result could be too large
            assert abs(a * p) + abs(f * r) >= 2**59 * D or abs(p * q1) >= 2**60
    assert checked > 100 and wide_ones > 20


def test_inverse_of_odd_numbers():
    for odd in (1, 3, 5, 2**61 - 1, 12345678901, 2**40 + 1):
        assert (odd * wide.inverse(odd)) % 2**64 == 1
