"""Game: construction, validation, labels, exact payoffs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from bargain import Game, GameError


def test_defaults_and_labels():
    g = Game([[1, 2, 3]], [[0, 0, 0]])
    assert g.shape == (1, 3)
    assert g.players == ("Row", "Column")
    assert g.actions == (("r1",), ("c1", "c2", "c3"))
    assert g.payoff("r1", "c3") == (3.0, 0.0)


def test_game_is_immutable():
    g = Game([[1, 2]], [[3, 4]])
    with pytest.raises(ValueError):
        g.A[0, 0] = 9
    with pytest.raises(AttributeError):
        g.players = ("x", "y")


@pytest.mark.parametrize(
    ("A", "B", "kwargs", "message"),
    [
        ([[1, 2]], [[1, 2], [3, 4]], {}, "disagree in shape"),
        ([[1, float("nan")]], [[1, 2]], {}, r"A\[0\]\[1\] = nan is not a finite number"),
        ([[1, 2]], [[float("inf"), 2]], {}, r"B\[0\]\[0\] = inf is not a finite number"),
        ([[1, 2], [3]], [[1, 2], [3, 4]], {}, "ragged"),
        ([], [], {}, "non-empty"),
        ([[1, "x"]], [[1, 2]], {}, "is not a number"),
        ([[True, 1]], [[1, 2]], {}, "is not a number"),
        ([[1, 2]], [[1, 2]], {"players": ("a", "a")}, "duplicate"),
        ([[1, 2]], [[1, 2]], {"players": ("a",)}, "2 player names"),
        ([[1, 2]], [[1, 2]], {"actions": (["x"], ["y", "y"])}, "duplicate label"),
        ([[1, 2]], [[1, 2]], {"actions": (["x"], ["y"])}, "1 labels given for 2 actions"),
        ([[1, 2]], [[1, 2]], {"actions": ([""], ["y", "z"])}, "non-empty string"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(A, B, kwargs, message):
    with pytest.raises(GameError, match=message):
        Game(A, B, **kwargs)


def test_exact_payoffs_are_kept():
    g = Game([[Fraction(1, 3), 2]], [["1/7", 0]])
    assert g.is_exact
    assert g.exact_payoffs()[0][0][0] == Fraction(1, 3)
    assert g.exact_payoffs()[1][0][0] == Fraction(1, 7)
    assert not Game([[0.5]], [[1]]).is_exact
    assert Game([[0.1]], [[1]]).exact_payoffs()[0][0][0] == Fraction(1, 10)


def test_numpy_integer_arrays_are_exact():
    g = Game(np.array([[1, 2]], dtype=np.int64), np.array([[3, 4]], dtype=np.int32))
    assert g.is_exact and g.exact_payoffs()[1][0][1] == 4


def test_transpose_swaps_roles():
    g = Game([[1, 2], [3, 4]], [[5, 6], [7, 8]], players=("US", "China"), actions=(["a", "b"], ["x", "y"]))
    t = g.transpose()
    assert t.players == ("China", "US") and t.actions == (("x", "y"), ("a", "b"))
    assert t.payoff("y", "a") == (6.0, 2.0)


def test_permute_reorders_actions_and_payoffs():
    g = Game([[1, 2], [3, 4]], [[5, 6], [7, 8]], actions=(["a", "b"], ["x", "y"]))
    p = g.permute([1, 0], [1, 0])
    assert p.actions == (("b", "a"), ("y", "x"))
    assert p.payoff("b", "y") == g.payoff("b", "y")
    assert p != g and p.permute([1, 0], [1, 0]) == g


def test_unknown_action_label():
    with pytest.raises(GameError, match="no action 'z'"):
        Game([[1]], [[1]]).payoff("z", "c1")


def test_exactness_is_kept_per_matrix():
    g = Game([[0.5, 1], [1, 0]], [["1/3", 2], [1, "2/3"]])
    assert not g.is_exact
    A, B = g.exact_payoffs()
    assert B[0][0] == Fraction(1, 3) and A[0][0] == Fraction(1, 2)
    assert g.transpose().exact_payoffs()[0][0][0] == Fraction(1, 3)
