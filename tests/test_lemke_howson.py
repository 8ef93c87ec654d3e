"""Lemke-Howson: every path ends at a Nash equilibrium, and at one pygambit enumerates."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.equilibria.lemke_howson import lemke_howson, lemke_howson_all
from bargain.errors import SolverError

from .oracles import require


def max_regret(A, B, x, y) -> float:
    """Largest gain from a pure deviation, computed directly with numpy."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    x, y = np.array([float(v) for v in x]), np.array([float(v) for v in y])
    return float(max((A @ y).max() - x @ A @ y, (x @ B).max() - x @ B @ y))


def exact_regret(A, B, x, y) -> Fraction:
    m, n = len(A), len(A[0])
    row = [sum(Fraction(A[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col = [sum(Fraction(B[i][j]) * x[i] for i in range(m)) for j in range(n)]
    return max(max(row) - sum(x[i] * row[i] for i in range(m)), max(col) - sum(y[j] * col[j] for j in range(n)))


def is_distribution(p, exact=False) -> bool:
    if exact:
        return all(isinstance(v, Fraction) and v >= 0 for v in p) and sum(p) == 1
    p = np.asarray(p)
    return bool((p >= 0).all() and abs(p.sum() - 1) < 1e-12)


def random_game(seed: int):
    """Seeded games: odd seeds are degenerate (payoffs in {0, 1, 2}), even seeds generic."""
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(1, 6, size=2))
    if seed % 2:
        return rng.integers(0, 3, size=(m, n)), rng.integers(0, 3, size=(m, n))
    return rng.integers(-50, 51, size=(m, n)), rng.integers(-50, 51, size=(m, n))


def gambit_equilibria(A, B):
    """Every extreme equilibrium, by pygambit's exact enumeration, as pairs of Fraction tuples."""
    gbt = require("pygambit")
    g = gbt.StrategicGame.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object))
    found = gbt.nash.enummixed_solve(g, rational=True).equilibria
    players = list(g.players)
    return [
        tuple(tuple(Fraction(str(eq[p][s])) for s in g.get_strategies(p)) for p in players) for eq in found
    ]


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
    known = set(gambit_equilibria(A, B))
    for x, y in lemke_howson_all(A.tolist(), B.tolist(), exact=True):
        assert is_distribution(x, exact=True) and is_distribution(y, exact=True)
        assert exact_regret(A.tolist(), B.tolist(), x, y) == 0
        assert (tuple(x), tuple(y)) in known


def repeated_game(seed: int):
    """Seeded games made degenerate on purpose: a repeated row, a repeated column, constant lines."""
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 6, size=2))
    A, B = rng.integers(-2, 3, size=(m, n)), rng.integers(-2, 3, size=(m, n))
    A[1], B[:, 1] = A[0], B[:, 0]
    if seed % 3 == 0:
        B[0] = 0
    if seed % 5 == 0:
        A[:, 0] = 1
    return A, B


@pytest.mark.parametrize("seed", range(60))
def test_repeated_strategies_end_at_gambit_equilibria(seed):
    A, B = repeated_game(seed)
    known = set(gambit_equilibria(A, B))
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
