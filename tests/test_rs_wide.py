"""Residue-and-float arithmetic of the two-word compiled walk, against Python's integers."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bargain.equilibria import _rs_wide as wide


def as_words(v: int) -> tuple[int, int, float]:
    h, low, f = wide.words([v])
    return int(h[0]), int(low[0]), float(f[0])


def samples(rng: random.Random, count: int) -> list[int]:
    """Signed numbers below the cap, of every length, with ends and powers of two."""
    out = [rng.randint(0, 2 ** rng.randint(0, 85)) * rng.choice((1, -1)) for _ in range(count)]
    return out + [0, 1, -1, 2**63 - 1, 2**63, -(2**63), 2**64, -(2**64), 2**85, -(2**85) + 1]


@pytest.mark.parametrize("seed", range(4))
def test_words_hold_integers_and_floats_approximate_them(seed):
    values = samples(random.Random(seed), 300)
    h, low, f = wide.words(values)
    assert wide.integers(h, low).tolist() == values
    assert wide.integers(h.reshape(-1, 1), low.reshape(-1, 1)).tolist() == [[v] for v in values]
    for v, a, b, x in zip(values, h.tolist(), low.tolist(), f.tolist(), strict=True):
        assert x == float(v)
        assert abs(wide.to_float(a, b) - v) <= abs(v) * 2**-51


@pytest.mark.parametrize("seed", range(4))
def test_signs_of_differences_of_products_are_exact(seed):
    rng = random.Random(100 + seed)
    values = samples(rng, 400)
    for _ in range(3000):
        a, b, c, d = (rng.choice(values) for _ in range(4))
        if rng.random() < 0.3:  # equal products, and near misses, where the floats cannot decide
            c, d = b, a + rng.choice((-1, 0, 0, 1))
            if abs(d) >= 2**86:
                continue
        x = a * b - c * d
        got = wide.compare(*as_words(a), *as_words(b), *as_words(c), *as_words(d))
        assert got == (x > 0) - (x < 0), (a, b, c, d)


@pytest.mark.parametrize("seed", range(4))
def test_pivot_entries_are_exact_quotients(seed):
    rng = random.Random(200 + seed)
    checked = 0
    while checked < 2000:
        D = rng.randint(1, 2 ** rng.choice((1, 20, 60, 80))) << rng.choice((0, 0, 1, 7, 40))
        q, p, f = (rng.randint(-(2**84), 2**84) >> rng.randint(0, 84) for _ in range(3))
        g = rng.randint(-(2**84), 2**84) >> rng.randint(0, 84)  # a * p - f * r = q * D with r = g * p, a = q * D' + f g
        if p == 0 or D % p:
            p = 1
        a, r = q * (D // p) + f * g, g * p
        if max(abs(a), abs(r), abs(p), abs(f), D) >= 2**86:
            continue
        t, ih, il = wide.divisor(*as_words(D)[:2])
        h, low, value, fits = wide.pivot_entry(*as_words(a), *as_words(p), *as_words(f), *as_words(r), float(D),
                                               t, ih, il)
        assert a * p - f * r == q * D
        if t < 0:
            assert (D & -D).bit_length() - 1 > 40
            continue
        assert fits and wide.integers(np.array([h]), np.array([low])).tolist() == [q]
        assert abs(value - q) <= abs(q) * 2**-51
        checked += 1


def test_a_quotient_past_the_cap_is_refused():
    D = 2**40 + 1
    t, ih, il = wide.divisor(*as_words(D)[:2])
    big = 2**85
    *_, fits = wide.pivot_entry(*as_words(big), *as_words(big), *as_words(0), *as_words(0), float(D), t, ih, il)
    assert not fits  # 2**170 / D is past 2**129
