"""The n-player game type: validation, exactness, relabelling, the two-player bridge."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from bargain import Game
from bargain.errors import GameError
from bargain.games import as_game
from bargain.nplayer import StrategicGame, as_strategic


def test_shape_labels_and_payoff_lookup():
    payoffs = [np.arange(12).reshape(2, 3, 2) * (k + 1) for k in range(3)]
    g = StrategicGame(payoffs, players=["US", "China", "EU"],
                      actions=[["ease", "hold"], ["offer", "license", "withhold"], ["accept", "coordinate"]])
    assert g.shape == (2, 3, 2) and g.n_players == 3
    assert g.payoff("hold", "withhold", "coordinate") == (11.0, 22.0, 33.0)
    assert g.index("China", "license") == 1
    assert g.is_exact and g.exact_arrays[2][1, 2, 1] == Fraction(33)


def test_exact_rationals_are_kept_and_floats_are_not_exact():
    g = StrategicGame([[["1/3", Fraction(2, 7)]], [[0.5, 1]]])
    assert g.exact_arrays[0][0, 0] == Fraction(1, 3)
    assert g.exact_arrays[1] is None and not g.is_exact
    assert g.exact_payoffs()[1][0, 0] == Fraction(1, 2)


@pytest.mark.parametrize(
    "payoffs, kwargs, message",
    [
        ([np.zeros((2, 2))], {}, "2 dimensions, expected 1"),
        ([np.zeros((2, 2)), np.zeros((2, 3))], {}, "disagree in shape"),
        ([np.zeros((2, 2)), np.full((2, 2), np.inf)], {}, "not a finite number"),
        ([[[1, "x"]], [[1, 2]]], {}, "is not a number"),
        ([[[1, True]], [[1, 2]]], {}, "is not a number"),
        ([np.zeros((1, 2))] * 2, {"players": ["A", "A"]}, "duplicate label"),
        ([np.zeros((1, 2))] * 2, {"actions": [["u"], ["l", "l"]]}, "duplicate label"),
        ([np.zeros((1, 2))] * 2, {"actions": [["u"], ["l"]]}, "1 labels given for 2"),
        ([np.zeros((0, 2))] * 2, {}, "at least one action"),
        ([], {}, "at least one player"),
    ],
)
def test_bad_input_is_one_clear_error(payoffs, kwargs, message):
    with pytest.raises(GameError, match=message) as info:
        StrategicGame(payoffs, **kwargs)
    assert "\n" not in str(info.value)


def test_game_is_immutable():
    g = StrategicGame([np.zeros((2, 2)), np.ones((2, 2))])
    with pytest.raises(ValueError):
        g.payoffs[0][0, 0] = 5
    with pytest.raises(AttributeError):
        g.players = ("x", "y")


def test_permute_players_moves_axes_and_labels():
    rng = np.random.default_rng(1)
    g = StrategicGame([rng.integers(0, 9, size=(2, 3, 4)) for _ in range(3)], players=["A", "B", "C"])
    h = g.permute_players([2, 0, 1])
    assert h.players == ("C", "A", "B") and h.shape == (4, 2, 3)
    for a in range(2):
        for b in range(3):
            for c in range(4):
                assert h.payoff(c, a, b) == tuple(g.payoff(a, b, c)[k] for k in (2, 0, 1))


def test_permute_actions_keeps_labels_with_their_payoffs():
    g = StrategicGame([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], actions=[["u", "d"], ["l", "r"]])
    h = g.permute_actions([[1, 0], [1, 0]])
    assert h.actions == (("d", "u"), ("r", "l"))
    assert h.payoff("u", "l") == g.payoff("u", "l")


def test_two_player_bridge_round_trips_exactly():
    game = Game([[1, "1/3"], [0, 2]], [[0.5, 1], [2, 0]], players=("US", "China"),
                actions=(["ease", "hold"], ["restore", "withhold"]))
    assert isinstance(game, StrategicGame) and game.n_players == 2
    assert game.payoffs[0] is game.A and game.payoffs[1] is game.B
    g = StrategicGame([np.array(game.exact_rows[0], dtype=object), game.B], players=game.players,
                      actions=game.actions)
    assert g.players == game.players and g.actions == game.actions
    assert g.exact_arrays[0][0, 1] == Fraction(1, 3) and g.exact_arrays[1] is None
    assert game.exact_arrays[0][0, 1] == Fraction(1, 3) and game.exact_arrays[1] is None
    back = as_game(g)
    assert type(back) is Game and back == game and back.exact_rows[0] == game.exact_rows[0]
    assert as_strategic(game) is game and g == game and as_game(game) is game
    with pytest.raises(GameError, match="only a two-player game"):
        as_game(StrategicGame([np.zeros((1, 1, 1))] * 3))
