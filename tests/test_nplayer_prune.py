"""What rules supports out before solving, and how flat sets of equilibria are decided.

* Soundness of the pruning, against pygambit 17's enumpoly as oracle: the support of every equilibrium
  it reports is neither conditionally dominated nor ruled out by the linear certificate, nor by the
  certificate in Bernstein form.
* Flat sets (``bargain.nplayer._faces``), against closed forms: a two-dimensional square of equilibria,
  and a line of them inside a square where the equations vanish.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import pytest

from bargain.nplayer import StrategicGame, _bernstein
from bargain.nplayer._prune import Dominance, LinearCertificate, integer_payoffs
from bargain.nplayer.enumpoly import enumerate_equilibria
from bargain.nplayer.system import System
from tests.oracles import require
from tests.test_nplayer_enumpoly import _gambit_game, fraction_regret

SHAPES = [(3, 3, 3), (3, 3, 2), (2, 2, 2, 2), (4, 3, 2)]


def game_arrays(shape, seed):
    rng = np.random.default_rng([29, *shape, seed])
    if seed % 3 == 0:
        return [rng.integers(0, 3, size=shape) for _ in shape]
    cells = int(np.prod(shape))
    return [rng.permutation(cells).reshape(shape) for _ in shape]


@functools.cache
def gambit_supports(shape, seed):
    gbt = require("pygambit")
    game = _gambit_game(game_arrays(shape, seed))
    out = set()
    for eq in gbt.nash.enumpoly_solve(game).equilibria:
        out.add(tuple(tuple(a for a, (_, v) in enumerate(eq[p]) if float(v) > 1e-9) for p in game.players))
    return out


@pytest.mark.parametrize("shape", SHAPES, ids=["x".join(map(str, s)) for s in SHAPES])
def test_supports_of_gambits_equilibria_are_never_ruled_out(shape):
    checked = 0
    for seed in range(8):
        arrays = game_arrays(shape, seed)
        exact = StrategicGame(arrays).exact_payoffs()
        ranks = [np.moveaxis(np.asarray(a, dtype=np.int64), k, 0) for k, a in enumerate(arrays)]
        dominance, certificate = Dominance(ranks), LinearCertificate(integer_payoffs(exact))
        for support in gambit_supports(shape, seed):
            assert not dominance.dominated(support), (shape, seed, support)
            assert not certificate.rules_out(support), (shape, seed, support)
            system = System(StrategicGame(arrays), exact, support)
            assert not _bernstein.rules_out(system.equations, system.gains(), system.k), (shape, seed, support)
            checked += 1
    assert checked >= 8


def test_most_supports_of_random_games_are_ruled_out_before_solving():
    arrays = game_arrays((3, 3, 3), 1)
    solution = enumerate_equilibria(StrategicGame(arrays))
    stats = solution.stats
    assert stats["pruned"] + stats["certified_empty"] + stats["systems"] == stats["support_profiles"] == 343
    assert stats["systems"] <= 20


def square_and_line():
    """Players 0 and 2 are indifferent everywhere. Player 1's action 0 pays 0; action 1 pays x0 - x2 and
    action 2 pays x2 - x0 in expectation (x = probability of each one's second action)."""
    zero = np.zeros((2, 3, 2), dtype=int)
    u1 = np.zeros((2, 3, 2), dtype=int)
    for a in range(2):
        for c in range(2):
            u1[a, 1, c] = (a == 1) - (c == 1)
            u1[a, 2, c] = (c == 1) - (a == 1)
    return StrategicGame([zero, u1, zero])


def test_a_line_of_equilibria_inside_a_flat_square_is_found_exactly():
    game = square_and_line()
    solution = enumerate_equilibria(game)
    assert solution.complete
    first = (game.actions[1][0],)
    mixed = [c for c in solution.continua if [len(s) for s in c.support] == [2, 1, 2] and c.support[1] == first]
    assert len(mixed) == 1 and mixed[0].dimension == 1 and mixed[0].decided and mixed[0].samples
    arrays = game.exact_payoffs()
    for c in mixed:
        for eq in c.samples:
            assert fraction_regret(arrays, eq.profile) == 0
            assert eq.profile[0][1] == eq.profile[2][1]  # exactly on the line x0 = x2
            assert eq.profile[1] == (1, 0, 0)


def test_a_full_square_of_equilibria_is_a_two_dimensional_continuum():
    zero = np.zeros((2, 2, 2), dtype=int)
    u1 = np.zeros((2, 2, 2), dtype=int)
    u1[:, 0, :] = 1  # player 1's first action is strictly better whatever the others do
    game = StrategicGame([zero, u1, zero])
    solution = enumerate_equilibria(game)
    assert solution.complete
    first = (game.actions[1][0],)
    (square,) = [c for c in solution.continua if [len(s) for s in c.support] == [2, 1, 2] and c.support[1] == first]
    assert square.dimension == 2 and len(square.samples) >= 2
    for eq in square.samples:
        assert fraction_regret(game.exact_payoffs(), eq.profile) == 0
        assert all(Fraction(0) < p < 1 for p in (eq.profile[0][1], eq.profile[2][1]))


def test_a_small_corner_of_equilibria_is_found_full_dimensional():
    # Player 1's actions 1 and 2 gain 19/20 - x0 and 19/20 - x2 over action 0: the equilibria with
    # player 1 on action 0 and the others mixing fill the corner x0, x2 >= 19/20, smaller than the grid
    # that is tried first; it is found from its edges.
    zero = np.zeros((2, 3, 2), dtype=object)
    u1 = np.zeros((2, 3, 2), dtype=object)
    for a in range(2):
        for c in range(2):
            u1[a, 0, c], u1[a, 1, c], u1[a, 2, c] = Fraction(0), Fraction(19, 20) - a, Fraction(19, 20) - c
    game = StrategicGame([zero, u1, zero])
    solution = enumerate_equilibria(game)
    first = (game.actions[1][0],)
    (corner,) = [c for c in solution.continua if [len(s) for s in c.support] == [2, 1, 2] and c.support[1] == first]
    assert corner.dimension == 2 and corner.samples
    for eq in corner.samples:
        assert fraction_regret(game.exact_payoffs(), eq.profile) == 0
        assert eq.profile[0][1] >= Fraction(19, 20) and eq.profile[2][1] >= Fraction(19, 20)
