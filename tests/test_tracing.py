"""The Harsanyi-Selten tracing procedure.

Oracles: a closed form of the linear tracing procedure in 2x2 games with two
strict equilibria (derived below, for any prior); the theorem that from the
centroid it selects the risk-dominant equilibrium there; pygambit's equilibrium
lists for the end of the path in larger games; and two facts any tracing must
respect (a prior that is a strict equilibrium is kept; a game solvable by strict
dominance ends at its solution).
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargain import Game
from bargain.selection import SelectionError, risk_dominance, tracing, tracing_path
from bargain.selection.problem import pure_equilibria, regrets

from .oracles import require

loss = st.floats(0.05, 10)
level = st.floats(-10, 10)
probability = st.floats(0.01, 0.99)


def coordination(u1, u2, v1, v2, a, b):
    """A 2x2 game with strict equilibria (0,0) and (1,1) and these deviation losses."""
    A = np.array([[a + u1, a], [a, a + u2]])
    B = np.array([[b + v1, b], [b, b + v2]])
    return A, B


def linear_tracing_2x2(u1, u2, v1, v2, p, q):
    """Where linear tracing ends in such a game, with prior P(row 0) = p, P(column 0) = q.

    The row player prefers 0 when it expects column 0 with probability above
    y* = u2 / (u1 + u2); the column player when row 0 is above x* = v2 / (v1 + v2).
    In G(t) each faces t * (actual) + (1 - t) * prior. If the best replies to the
    prior form an equilibrium, nothing moves. Otherwise one player's expectation
    drifts towards the other's actual play and crosses its threshold at a time
    computed below; whoever crosses first switches, and the other then stays.
    """
    ystar, xstar = u2 / (u1 + u2), v2 / (v1 + v2)
    r0, c0 = (0 if q > ystar else 1), (0 if p > xstar else 1)
    if r0 == c0:
        return (r0, c0), None
    if r0 == 0:  # column plays 1: row's expectation (1 - t) q falls; column's t + (1 - t) p rises
        t_row, t_col = 1 - ystar / q, (xstar - p) / (1 - p)
        return ((1, 1) if t_row < t_col else (0, 0)), abs(t_row - t_col)
    t_row, t_col = (ystar - q) / (1 - q), 1 - xstar / p
    return ((0, 0) if t_row < t_col else (1, 1)), abs(t_row - t_col)


def end_of(game_or_arrays, prior=None):
    return tuple(int(np.argmax(p)) for p in tracing_path(game_or_arrays, prior)[1][-1])


@settings(max_examples=150, deadline=None)
@given(loss, loss, loss, loss, level, level, probability, probability)
def test_linear_tracing_closed_form_in_2x2(u1, u2, v1, v2, a, b, p, q):
    expected, margin = linear_tracing_2x2(u1, u2, v1, v2, p, q)
    assume(margin is None or margin > 1e-3)
    A, B = coordination(u1, u2, v1, v2, a, b)
    assert end_of([A, B], [[p, 1 - p], [q, 1 - q]]) == expected


@settings(max_examples=150, deadline=None)
@given(loss, loss, loss, loss, level, level, st.permutations([0, 1]), st.permutations([0, 1]))
def test_from_the_centroid_tracing_picks_the_risk_dominant_equilibrium_in_2x2(u1, u2, v1, v2, a, b, rows, cols):
    assume(abs(np.log(u1 * v1) - np.log(u2 * v2)) > 1e-3)
    A, B = coordination(u1, u2, v1, v2, a, b)
    game = Game(A[np.ix_(rows, cols)], B[np.ix_(rows, cols)])
    assert tracing(game).index == risk_dominance(game).index


def test_stag_hunt_by_hand():
    # Against a 50:50 opponent stag earns 2 and hare 3, so both start on hare, an equilibrium.
    stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    s = tracing(stag)
    assert s.label == "hare / hare"
    assert s.details["switches"] == []
    # Expecting stag with probability 0.8: stag earns 3.2 against hare's 3.
    assert tracing(stag, prior=[[0.8, 0.2], [0.8, 0.2]]).label == "stag / stag"


def test_a_switch_along_the_path():
    # Losses u = (1, 2), v = (3, 1); thresholds y* = 2/3, x* = 1/4. Against the centroid the
    # row player starts on 1 and the column player on 0. The row player's expectation
    # t + (1 - t) / 2 of column 0 reaches 2/3 at t = 1/3; the column player's (1 - t) / 2 of
    # row 0 would fall to 1/4 only at t = 1/2. So the row player switches first, at t = 1/3,
    # and the path ends at (0, 0) -- the risk-dominant equilibrium (1 * 3 > 2 * 1).
    A, B = coordination(1.0, 2.0, 3.0, 1.0, 0.0, 0.0)
    s = tracing(Game(A, B))
    assert tuple(int(np.argmax(p)) for p in s.profile) == (0, 0)
    assert s.details["switches"][0] == pytest.approx(1 / 3, abs=1e-3)


@functools.cache
def random_arrays(k: int):
    rng = np.random.default_rng(500 + k)
    shape = (2, 2, 3) if k % 5 == 4 else tuple(int(m) for m in rng.integers(2, 6, size=2))
    return tuple(rng.normal(size=shape) for _ in shape)


@functools.cache
def gambit_equilibria(k: int):
    gbt = require("pygambit")
    arrays = random_arrays(k)
    game = gbt.StrategicGame.from_arrays(*arrays)
    solver = gbt.nash.enummixed_solve if len(arrays) == 2 else gbt.nash.enumpoly_solve
    found = solver(game).equilibria if len(arrays) == 3 else solver(game, rational=False).equilibria
    return [tuple(np.array([float(v) for _, v in eq[p]]) for p in game.players) for eq in found]


@pytest.mark.parametrize("k", range(30))
def test_the_path_ends_at_an_equilibrium_gambit_lists(k):
    arrays = random_arrays(k)
    ts, profiles = tracing_path(arrays)
    assert ts[0] == 0.0 and ts[-1] == 1.0
    end = profiles[-1]
    assert regrets(arrays, end).max() <= 1e-9
    gaps = [max(np.abs(a - b).max() for a, b in zip(end, eq, strict=True)) for eq in gambit_equilibria(k)]
    assert min(gaps) <= 1e-6


@pytest.mark.parametrize("k", range(30))
def test_a_strict_equilibrium_as_prior_is_kept(k):
    arrays = random_arrays(k)
    strict = [s for s, is_strict in pure_equilibria(arrays) if is_strict]
    for actions in strict:
        prior = [np.eye(m)[a] * 0.9 + 0.1 / m for m, a in zip(arrays[0].shape, actions, strict=True)]
        assert end_of(arrays, prior) == actions


@pytest.mark.parametrize("seed", range(10))
def test_dominance_solvable_games_end_at_the_solution(seed):
    rng = np.random.default_rng(seed)
    m, n = 4, 3
    A = rng.normal(size=(m, n))
    A[2] = A.max(axis=0) + rng.uniform(0.1, 1, n)  # row 2 strictly dominant
    B = rng.normal(size=(m, n))
    B[:, 1] = B.max(axis=1) + rng.uniform(0.1, 1, m)  # column 1 strictly dominant
    prior = [rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))]
    assert end_of([A, B], prior) == (2, 1)


def test_bad_priors_are_named():
    stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], players=("Ann", "Bob"))
    with pytest.raises(SelectionError, match="prior of Bob: need 2 probabilities summing to 1"):
        tracing(stag, prior=[[0.5, 0.5], [0.7, 0.7]])
    with pytest.raises(SelectionError, match="one strategy per player"):
        tracing(stag, prior=[[1, 0]])
