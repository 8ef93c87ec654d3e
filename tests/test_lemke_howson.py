"""Lemke-Howson: every path ends at a Nash equilibrium, and at one pygambit enumerates."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.equilibria.lemke_howson import lemke_howson, lemke_howson_all
from bargain.errors import SolverError

from .oracles import exact_regret, gambit_equilibria, is_distribution, repeated_game, small_game
from .oracles import regret as max_regret


def random_game(seed: int):
    """Seeded games: odd seeds are degenerate (payoffs in {0, 1, 2}), even seeds generic (-50..50)."""
    return small_game(seed, generic=(-50, 51))


def test_coordination_game_labels():
    A = [[3, 0], [0, 2]]
    B = [[2, 0], [0, 3]]
    ends = [tuple(map(tuple, (x.tolist(), y.tolist()))) for x, y in lemke_howson_all(A, B)]
    # dropping an action's label leads, in a coordination game, to the pure equilibrium on that action
    top, bottom = ((1.0, 0.0), (1.0, 0.0)), ((0.0, 1.0), (0.0, 1.0))
    assert ends == [top, bottom, top, bottom]


def test_matching_pennies_exact():
    A = [[1, -1], [-1, 1]]
    B = [[-1, 1], [1, -1]]
    for x, y in lemke_howson_all(A, B, exact=True):
        assert x == [Fraction(1, 2)] * 2 and y == [Fraction(1, 2)] * 2


def test_label_out_of_range():
    with pytest.raises(SolverError, match="out of range"):
        lemke_howson([[1, 2]], [[1, 2]], 3)
    with pytest.raises(SolverError, match="m x n"):
        lemke_howson([[1, 2]], [[1], [2]], 0)


def test_constant_payoffs():
    for x, y in lemke_howson_all(np.zeros((2, 3)), np.ones((2, 3))):
        assert max_regret(np.zeros((2, 3)), np.ones((2, 3)), x, y) == 0


def test_all_labels_one_result_each():
    A, B = random_game(4)
    assert len(lemke_howson_all(A, B)) == sum(np.shape(A))


@pytest.mark.parametrize("seed", range(100))
def test_float_paths_end_at_gambit_equilibria(seed):
    A, B = random_game(seed)
    known = gambit_equilibria(A, B)
    scale = max(1, np.abs(A).max(), np.abs(B).max())
    for x, y in lemke_howson_all(A, B):
        assert is_distribution(x) and is_distribution(y)
        assert max_regret(A, B, x, y) <= 1e-9 * scale
        assert any(
            np.allclose(x, np.array(kx, dtype=float), atol=1e-9)
            and np.allclose(y, np.array(ky, dtype=float), atol=1e-9)
            for kx, ky in known
        ), (x, y, known)


@pytest.mark.parametrize("seed", range(100))
def test_exact_paths_end_at_gambit_equilibria(seed):
    A, B = random_game(seed)
    known = gambit_equilibria(A, B)
    for x, y in lemke_howson_all(A.tolist(), B.tolist(), exact=True):
        assert is_distribution(x, exact=True) and is_distribution(y, exact=True)
        assert exact_regret(A.tolist(), B.tolist(), x, y) == 0
        assert (tuple(x), tuple(y)) in known


@pytest.mark.parametrize("seed", range(60))
def test_repeated_strategies_end_at_gambit_equilibria(seed):
    A, B = repeated_game(seed)
    known = gambit_equilibria(A, B)
    for x, y in lemke_howson_all(A.tolist(), B.tolist(), exact=True):
        assert (tuple(x), tuple(y)) in known
    for x, y in lemke_howson_all(A, B):
        assert max_regret(A, B, x, y) <= 1e-9 * max(1, np.abs(A).max(), np.abs(B).max())


def test_exact_and_float_agree():
    for seed in range(20):
        A, B = random_game(seed)
        for (x, y), (ex, ey) in zip(lemke_howson_all(A, B), lemke_howson_all(A, B, exact=True), strict=True):
            assert np.allclose(x, [float(v) for v in ex]) and np.allclose(y, [float(v) for v in ey])


def test_degenerate_game_with_duplicate_rows_does_not_cycle():
    # two equal rows in A and a constant row in B: every ratio ties; only the lexicographic rule decides
    A = [[0, 0, -2, 3], [0, 0, -2, 3], [2, -3, 1, 0]]
    B = [[-3, 0, 3, 0], [0, 0, 0, 0], [0, -1, 0, 1]]
    for exact in (False, True):
        for x, y in lemke_howson_all(A, B, exact=exact):
            assert max_regret(A, B, x, y) <= 1e-12


def test_rational_payoffs_exact():
    A = [[Fraction(1, 3), 0], [0, Fraction(2, 7)]]
    B = [[Fraction(2, 7), 0], [0, Fraction(1, 3)]]
    for x, y in lemke_howson_all(A, B, exact=True):
        assert exact_regret(A, B, x, y) == 0


small = st.integers(1, 4)
entries = st.integers(-3, 3)


@settings(max_examples=150, deadline=None)
@given(st.data(), small, small)
def test_every_path_is_an_equilibrium(data, m, n):
    matrix = st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m)
    A, B = data.draw(matrix), data.draw(matrix)
    for x, y in lemke_howson_all(A, B, exact=True):
        assert is_distribution(x, exact=True) and is_distribution(y, exact=True)
        assert exact_regret(A, B, x, y) == 0
    for x, y in lemke_howson_all(A, B):
        assert is_distribution(x) and max_regret(A, B, x, y) <= 1e-9


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), small, small)
def test_float_games_property(seed, m, n):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, n)) * 10, rng.normal(size=(m, n))
    for x, y in lemke_howson_all(A, B):
        assert max_regret(A, B, x, y) <= 1e-9 * max(1, np.abs(A).max(), np.abs(B).max())
