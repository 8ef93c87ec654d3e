"""Zero-sum games: minimax strategies and value against known games and pygambit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.equilibria.zero_sum import is_constant_sum, minimax
from bargain.errors import SolverError

from .oracles import gambit_equilibria
from .oracles import regret as max_regret


def test_matching_pennies():
    x, y, v = minimax([[1, -1], [-1, 1]])
    assert np.allclose(x, [0.5, 0.5]) and np.allclose(y, [0.5, 0.5])
    assert v == pytest.approx(0, abs=1e-12)


def test_rock_paper_scissors():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    x, y, v = minimax(A)
    assert np.allclose(x, [1 / 3] * 3) and np.allclose(y, [1 / 3] * 3)
    assert v == pytest.approx(0, abs=1e-12)


def test_saddle_point():
    x, y, v = minimax([[2, 3], [1, 4]])
    assert np.allclose(x, [1, 0]) and np.allclose(y, [1, 0]) and v == pytest.approx(2)


def test_known_mixed_value():
    # solved by hand from the indifference conditions: A = [[3, -1], [-2, 1]]: x = (3/7, 4/7), y = (2/7, 5/7), value 1/7
    x, y, v = minimax([[3, -1], [-2, 1]])
    assert np.allclose(x, [3 / 7, 4 / 7]) and np.allclose(y, [2 / 7, 5 / 7])
    assert v == pytest.approx(1 / 7)


def test_rectangular_and_shifted():
    A = np.array([[4.0, 1, 7], [2, 5, 0]])
    x, y, v = minimax(A)
    x2, y2, v2 = minimax(A + 100)
    assert v2 == pytest.approx(v + 100)
    assert max_regret(A, -A, x, y) < 1e-9


def test_bad_input():
    with pytest.raises(SolverError):
        minimax([[np.inf, 1]])
    with pytest.raises(SolverError):
        minimax([])


def test_is_constant_sum():
    assert is_constant_sum([[1, 2], [3, 4]], [[4, 3], [2, 1]])
    assert not is_constant_sum([[1, 2], [3, 4]], [[4, 3], [2, 1.1]])
    assert is_constant_sum([[1, 2], [3, 4]], [[4, 3], [2, 1.1]], tol=0.2)
    assert is_constant_sum([[Fraction(1, 3)]], [[Fraction(2, 3)]])


@pytest.mark.parametrize("seed", range(30))
def test_value_matches_pygambit(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(1, 6, size=2))
    A = rng.integers(-5, 6, size=(m, n))
    x, y, v = minimax(A)
    assert max_regret(A, -A, x, y) < 1e-9
    equilibria = gambit_equilibria(A, -A)
    assert equilibria
    for p, q in equilibria:
        assert float(np.array(p, dtype=float) @ A @ np.array(q, dtype=float)) == pytest.approx(v, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(1, 6))
def test_minimax_guarantees(seed, m, n):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, n)) * 10
    x, y, v = minimax(A)
    assert x.min() >= 0 and y.min() >= 0
    assert x.sum() == pytest.approx(1) and y.sum() == pytest.approx(1)
    assert (x @ A).min() >= v - 1e-8  # the row player secures v
    assert (A @ y).max() <= v + 1e-8  # the column player holds it to v
    assert A.min(axis=1).max() - 1e-9 <= v <= A.max(axis=0).min() + 1e-9
