"""One equilibrium of larger games by simplicial subdivision, against pygambit's simpdiv and gnm.

The paths need not end at the same equilibrium; each result is verified on its
own (ours exactly, by an independent regret computation in Fractions). Where
the game has a unique equilibrium, all must agree: on dominance-solvable
games by construction, and on random games where pygambit's enumpoly and gnm
both report the same single point. pygambit's simpdiv works in rational
arithmetic and took over 500 seconds on one of these random games, so it is
run on the dominance-solvable ones only.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import pytest

from bargain.errors import SolverError
from bargain.nplayer import StrategicGame, solve
from bargain.nplayer.path import approximate_equilibrium, simplicial_equilibrium
from tests.oracles import require
from tests.test_nplayer_enumpoly import as_fractions, fraction_regret

SEEDS = range(6)


def random_444(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng([44, seed])
    return [rng.integers(-10, 11, size=(4, 4, 4)) for _ in range(3)]


def dominance_solvable(seed: int) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """Random payoffs plus a bonus large enough to make one action strictly dominant for each player."""
    rng = np.random.default_rng([45, seed])
    target = tuple(int(a) for a in rng.integers(0, 4, size=3))
    arrays = []
    for k in range(3):
        u = rng.integers(-10, 11, size=(4, 4, 4))
        bonus = np.zeros(4, dtype=int)
        bonus[target[k]] = 100
        arrays.append(u + bonus.reshape([4 if j == k else 1 for j in range(3)]))
    return arrays, target


@functools.cache
def gambit_points(key) -> dict:
    gbt = require("pygambit")
    arrays = random_444(key[1]) if key[0] == "random" else dominance_solvable(key[1])[0]
    game = gbt.StrategicGame.from_arrays(
        *[np.array([gbt.Rational(int(v)) for v in a.flat], dtype=object).reshape(a.shape) for a in arrays])

    def points(result):
        return [np.concatenate([[float(v) for _, v in eq[p]] for p in game.players]) for eq in result.equilibria]

    if key[0] == "random":
        return {"gnm": points(gbt.nash.gnm_solve(game)), "enumpoly": points(gbt.nash.enumpoly_solve(game))}
    simpdiv = gbt.nash.simpdiv_solve(game.mixed_strategy_profile(rational=True)).equilibrium
    return {
        "simpdiv": [np.concatenate([[float(v) for _, v in simpdiv[p]] for p in game.players])],
        "gnm": points(gbt.nash.gnm_solve(game)),
    }


def _verified(arrays, eq) -> None:
    if eq.exact:
        assert fraction_regret(arrays, eq.profile) == 0
    else:
        assert eq.certified or eq.regret <= 1e-9 * 10
        assert fraction_regret(arrays, as_fractions(eq.profile)) <= Fraction(1, 10**8)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_4x4x4_each_result_verified_and_unique_ones_equal(seed):
    arrays = random_444(seed)
    solution = simplicial_equilibrium(StrategicGame(arrays))
    assert len(solution) == 1 and not solution.complete and solution.method == "simpdiv"
    eq = solution[0]
    _verified(arrays, eq)
    ours = np.concatenate([eq.strategy(k) for k in range(3)])
    theirs = gambit_points(("random", seed))
    for point in theirs["gnm"]:
        split = [point[4 * k:4 * k + 4] for k in range(3)]
        assert fraction_regret(arrays, as_fractions(split)) <= Fraction(1, 10**4)
    every = theirs["enumpoly"] + theirs["gnm"]
    unique = len(theirs["enumpoly"]) == 1 and all(np.abs(p - every[0]).max() < 1e-5 for p in every)
    if unique:
        assert np.abs(ours - every[0]).max() < 1e-6
    # Ours is one of enumpoly's points, or (verified exactly above) one that enumpoly missed.
    assert any(np.abs(ours - p).max() < 1e-6 for p in theirs["enumpoly"]) or eq.certified


@pytest.mark.parametrize("seed", range(4))
def test_dominance_solvable_games_all_find_the_one_equilibrium(seed):
    arrays, target = dominance_solvable(seed)
    eq = simplicial_equilibrium(StrategicGame(arrays))[0]
    assert eq.exact and eq.pure and tuple(s[0] for s in eq.support_indices) == target
    expected = np.concatenate([np.eye(4)[a] for a in target])
    theirs = gambit_points(("dominance", seed))
    for name in ("simpdiv", "gnm"):
        assert theirs[name] and all(np.abs(p - expected).max() < 1e-6 for p in theirs[name]), name


def test_unique_mixed_equilibrium_of_a_three_player_game_is_found_exactly():
    # Gambit's g1.nfg (van der Laan et al.): no pure and one totally mixed equilibrium.
    from bargain.nplayer import read_nfg
    from tests.test_nplayer_enumpoly import DATA

    game = read_nfg(DATA / "g1.nfg")
    eq = simplicial_equilibrium(game)[0]
    assert eq.exact and fraction_regret(game.exact_payoffs(), eq.profile) == 0
    complete = solve(game, "enumpoly")
    assert len(complete) == 1 and complete[0].profile == eq.profile


def test_other_starting_points_and_float_games():
    game = StrategicGame([np.random.default_rng(3).normal(size=(3, 3, 3)) for _ in range(3)])
    eq = simplicial_equilibrium(game, start=[[0, 0, 1]] * 3)[0]
    assert not eq.exact and eq.regret <= 1e-9 * 3
    approx = approximate_equilibrium(game, precision=1e-6)
    assert all(abs(p.sum() - 1) < 1e-12 and (p >= 0).all() for p in approx)


def test_auto_switches_to_simpdiv_beyond_the_enumeration_limit():
    arrays = random_444(0)
    solution = solve(StrategicGame(arrays), max_profiles=100)
    assert solution.method == "auto:simpdiv" and "3375 support profiles" in solution.options["reason"]
    with pytest.raises(SolverError, match="3375 support profiles"):
        solve(StrategicGame(arrays), "enumpoly", max_profiles=100)
