"""Properties every n-player solver must have, checked on random games (hypothesis).

* Renaming is harmless: permuting the players, or one player's actions,
  permutes the equilibria the same way.
* Payoffs are utilities: a positive affine change of one player's payoffs
  (``a * u + b`` with ``a > 0``) leaves the equilibria unchanged.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargain.nplayer import StrategicGame
from bargain.nplayer.enumpoly import enumerate_equilibria
from bargain.nplayer.pure import pure_profiles

SHAPES = [(2, 2, 2), (3, 2, 2), (2, 2, 2, 2)]


@st.composite
def games(draw):
    shape = draw(st.sampled_from(SHAPES))
    high = draw(st.sampled_from([2, 9]))  # few values: many ties; more values: few
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return StrategicGame([rng.integers(0, high + 1, size=shape) for _ in shape])


def answer(game: StrategicGame):
    """The solution as comparable data: isolated equilibria, and the supports of continua with samples."""
    solution = enumerate_equilibria(game)
    # Every support is decided on these games (positive-dimensional sets included): see
    # test_continua_of_games_with_ties_are_decided_and_agree_with_pygambit for the kinds met.
    assert solution.complete, [(c.support, c.reason) for c in solution.undecided]
    points = sorted(tuple(tuple(mix) for mix in eq.profile) if eq.exact else
                    tuple(tuple(round(float(p), 9) for p in mix) for mix in eq.profile) for eq in solution)
    continua = sorted({c.support for c in solution.continua if c.decided})
    return points, continua


def permuted(points, continua, players, actions, game):
    """Map an answer of ``game`` through a relabelling (new player k is old player players[k])."""
    def move(profile):
        return tuple(tuple(profile[old][a] for a in actions[old]) for old in players)

    labels = [[game.actions[old][a] for a in actions[old]] for old in players]
    return (sorted(move(p) for p in points),
            sorted(tuple(tuple(a for a in labels[k] if a in c[players[k]]) for k in range(len(players)))
                   for c in continua))


slow = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@slow
@given(games(), st.data())
def test_permuting_players_and_actions_permutes_the_answer(game, data):
    n = game.n_players
    players = data.draw(st.permutations(range(n)))
    actions = [data.draw(st.permutations(range(m))) for m in game.shape]
    relabelled = game.permute_actions(actions).permute_players(players)
    assert answer(relabelled) == permuted(*answer(game), players, actions, game)
    assert sorted(pure_profiles(relabelled)) == sorted(
        tuple(actions[old].index(cell[old]) for old in players) for cell in pure_profiles(game))


@slow
@given(games(), st.data())
def test_positive_affine_change_of_one_players_payoffs_changes_nothing(game, data):
    k = data.draw(st.integers(0, game.n_players - 1))
    scale = Fraction(data.draw(st.integers(1, 7)), data.draw(st.integers(1, 5)))
    shift = Fraction(data.draw(st.integers(-9, 9)), data.draw(st.integers(1, 4)))
    arrays = list(game.exact_payoffs())
    arrays[k] = np.vectorize(lambda v: scale * v + shift, otypes=[object])(arrays[k])
    changed = StrategicGame(arrays, players=game.players, actions=game.actions)
    assert answer(changed) == answer(game)
    assert pure_profiles(changed) == pure_profiles(game)
