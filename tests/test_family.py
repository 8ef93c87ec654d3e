"""The batched solver behind sweeps: the same answers as bargain.solve, or an honest 'unsure'."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain.equilibria.batch import solve_family, support_pairs
from bargain.model import load_model
from bargain.sensitivity import linspace, montecarlo, sweep
from bargain.sensitivity.affine import affine_in

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


def assert_same_as_solve(A, B, results):
    answered = 0
    for p, result in enumerate(results):
        solution = bargain.solve(bargain.Game(A[p], B[p]))
        if result is None:
            continue
        answered += 1
        assert not solution.degenerate, "a degenerate game must be left to bargain.solve"
        assert len(result) == len(solution)
        for k, ((row, col, payoffs, regret, component), eq) in enumerate(zip(result, solution, strict=True)):
            assert component == k  # a nondegenerate game: each equilibrium is its own component
            assert np.allclose(row, eq.profile[0], atol=1e-9) and np.allclose(col, eq.profile[1], atol=1e-9)
            assert np.allclose(payoffs, eq.payoffs, atol=1e-9)
            x, y = np.array(row), np.array(col)
            gap = max((A[p] @ y).max() - x @ A[p] @ y, (x @ B[p]).max() - x @ B[p] @ y)
            assert gap <= 1e-9 * max(1.0, np.abs(A[p]).max(), np.abs(B[p]).max())
            assert regret == pytest.approx(max(gap, 0.0), abs=1e-12)
    return answered


shapes = st.tuples(st.integers(1, 4), st.integers(1, 4))


@settings(max_examples=60, deadline=None)
@given(shape=shapes, seed=st.integers(0, 2**32 - 1), small=st.booleans())
def test_random_games_agree_with_solve(shape, seed, small):
    rng = np.random.default_rng(seed)
    size = (6, *shape)
    if small:  # small integers: ties and degenerate games are common
        A, B = rng.integers(-2, 3, size).astype(float), rng.integers(-2, 3, size).astype(float)
    else:
        A, B = rng.normal(size=size), rng.normal(size=size)
    assert_same_as_solve(A, B, solve_family(A, B))


def test_generic_games_are_answered_and_degenerate_ones_are_not():
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(50, 3, 3)), rng.normal(size=(50, 3, 3))
    assert assert_same_as_solve(A, B, solve_family(A, B)) == 50
    tied = A.copy()
    tied[:, 0, 0] = tied[:, 1, 0]  # row player indifferent between two rows against column 0
    B[:, :, 1] = B[:, :, 0]  # column player's first two columns identical
    assert all(r is None for r in solve_family(tied, B))


def test_support_pair_count():
    assert support_pairs(3, 3) == 19
    assert support_pairs(1, 5) == 5


def test_affinity_is_read_from_the_expressions():
    london = load_model("london-2025")
    # every payoff is a sum of products of parameters, so each parameter that enters only as a factor is affine
    assert affine_in(london, "us_shortage_cost") and affine_in(london, "cn_chip_value")
    # a square, or a ratio inside min(), is not
    assert not affine_in(london, "china_share") and not affine_in(london, "snapback_tariff")
    chicken = load_model("rare-earth-chicken")
    assert all(affine_in(chicken, name) for name in chicken.parameters)

    class Opaque:
        parameters: dict = {}

    assert not affine_in(Opaque(), "x")


@pytest.mark.parametrize(("name", "param", "low", "high"), [
    ("london-2025", "china_share", 0.0, 1.0),
    ("london-2025", "us_shortage_cost", 0.0, 4.0),
    ("london-2025", "licence_coverage", 0.0, 1.0),
    ("rare-earth-chicken", "us_standoff_cost", 0.3, 4.0),
])
def test_fast_sweeps_equal_point_by_point_sweeps(name, param, low, high):
    model = load_model(name)
    values = linspace(low, high, 301)
    fast, slow = sweep(model, param, values), sweep(model, param, values, fast=False)
    assert fast.signatures == slow.signatures
    assert [r.track for r in fast.records] == [r.track for r in slow.records]
    for a, b in zip(fast.records, slow.records, strict=True):
        assert np.allclose(a.profile[0] + a.profile[1], b.profile[0] + b.profile[1], atol=1e-9)
        assert np.allclose(a.payoffs, b.payoffs, atol=1e-9)


def test_fast_montecarlo_equals_point_by_point():
    london = load_model("london-2025")
    fast, slow = montecarlo(london, 120, seed=8), montecarlo(london, 120, seed=8, fast=False)
    assert fast.signatures == slow.signatures
    assert fast.sets == slow.sets and fast.equilibria == slow.equilibria
    for a, b in zip(fast.means, slow.means, strict=True):
        assert a.mean == pytest.approx(b.mean, abs=1e-12)


MODEL_WITH_EVERY_CONSTRUCT = '''
name = "constructs"
title = "Every kind of expression a payoff may use"
date = "2025-06-09"
description = "A test model."
units = "points"
sign_convention = "higher is better"

[[players]]
name = "Row"
actions = [ { label = "up" }, { label = "down" } ]

[[players]]
name = "Column"
actions = [ { label = "left" }, { label = "right" }, { label = "middle" } ]

[parameters.a]
value = 0.5
range = [0.0, 1.0]
unit = "share"
description = "a share"
assumption = "for the test"

[parameters.b]
value = 2.0
range = [-1.0, 3.0]
unit = "points"
description = "a number"
assumption = "for the test"

[[terms]]
name = "conditional"
player = "Row"
expression = "max(a, 0.5) * b if a > 0.3 else -abs(b - 1)"
when = { Row = ["up"] }

[[terms]]
name = "smallest"
player = "Column"
expression = "min(a, b, 2) - a ** 2 / 2"

[[terms]]
name = "logic"
player = "Row"
expression = "(a <= b) + (not a) + (a and b or 0.25) - (0.2 < a < 0.7)"
when = { Column = ["right", "middle"] }

[[terms]]
name = "affine"
player = "Column"
expression = "-3 * a + b / 4"
when = { Row = ["down"], Column = ["left"] }
'''


def test_vector_payoffs_match_the_model_for_every_construct(tmp_path):
    from bargain.sensitivity import hold
    from bargain.sensitivity.affine import vector_payoffs

    path = tmp_path / "constructs.toml"
    path.write_text(MODEL_WITH_EVERY_CONSTRUCT)
    model = load_model(path)
    rng = np.random.default_rng(0)
    points = [(float(a), float(b)) for a, b in zip(rng.uniform(0, 1, 40), rng.uniform(-1, 3, 40), strict=True)]
    points += [(0.0, 0.0), (0.3, 1.0), (0.7, -1.0), (1.0, 3.0)]
    A, B = vector_payoffs(model, ("a", "b"), points)
    for k, (a, b) in enumerate(points):
        game = model.game(a=a, b=b)
        assert np.allclose(A[k], game.A, atol=1e-12) and np.allclose(B[k], game.B, atol=1e-12)
    held = hold(model, b=-0.5)
    A, B = vector_payoffs(held, ("a",), [(a,) for a, _ in points])
    for k, (a, _) in enumerate(points):
        assert np.allclose(A[k], held.game(a=a).A, atol=1e-12)
    assert not affine_in(model, "a") and not affine_in(model, "b")  # both appear inside max, min and tests
    fast = sweep(model, ["a", "b"], [linspace(0, 1, 9), linspace(-1, 3, 9)])
    slow = sweep(model, ["a", "b"], [linspace(0, 1, 9), linspace(-1, 3, 9)], fast=False)
    assert fast.signatures == slow.signatures
