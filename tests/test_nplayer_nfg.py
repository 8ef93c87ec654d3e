"""Gambit .nfg files with any number of players: reading, writing, errors; pygambit's reader as oracle."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain.errors import FormatError
from bargain.games import Game
from bargain.games.nfg import LabelWarning, parse_nfg, read_nfg, write_nfg
from bargain.nplayer import StrategicGame
from tests.oracles import require

DATA = Path(__file__).parent / "data" / "nplayer"
FILES = sorted(DATA.glob("*.nfg"))
SHAPES = {
    "2x2x2.nfg": (2, 2, 2), "2x2x2x2.nfg": (2, 2, 2, 2), "3x3x3.nfg": (3, 3, 3), "g1.nfg": (2, 2, 2),
    "g3.nfg": (2, 2, 2, 2), "perfect3.nfg": (3, 3, 1), "nau2004-sec4.nfg": (2, 2, 2),
    "nau2004-sec5.nfg": (2, 2, 2), "5x4x3.nfg": (5, 4, 3),
}


def test_every_stored_file_is_listed():
    assert {f.name for f in FILES} == set(SHAPES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reads_the_same_payoffs_as_pygambit(path):
    gbt = require("pygambit")
    ours = read_nfg(path)
    theirs = gbt.read_nfg(str(path))
    assert ours.shape == SHAPES[path.name]
    assert ours.is_exact
    for mine, other in zip(ours.exact_payoffs(), theirs.to_arrays(), strict=True):
        assert mine.shape == other.shape
        assert all(Fraction(a) == Fraction(str(b)) for a, b in zip(mine.flat, other.flat, strict=True))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("version", ["payoff", "outcome"])
def test_write_then_read_gives_the_same_game(path, version):
    game = read_nfg(path)
    assert read_nfg(io.StringIO(write_nfg(game, version=version))) == game


def test_round_trip_of_fractions_floats_and_awkward_labels(tmp_path):
    rng = np.random.default_rng(7)
    exact = [rng.integers(-9, 9, size=(2, 3, 2)).astype(object) for _ in range(3)]
    exact[1][0, 0, 0] = Fraction(-5, 3)
    labels = [['say "yes"', "a\\b"], ["x", "y", "z"], ["1", "2"]]
    g = StrategicGame(exact, players=["the US", "China", "EU"], actions=labels)
    path = tmp_path / "g.nfg"
    write_nfg(g, path)
    assert read_nfg(path) == g
    floats = StrategicGame([rng.normal(size=(2, 2, 2, 2)) for _ in range(4)])
    text = write_nfg(floats)
    assert text.startswith("NFG 1 D")
    back = read_nfg(io.StringIO(text))
    assert all(np.array_equal(a, b) for a, b in zip(back.payoffs, floats.payoffs, strict=True))


def test_two_player_files_give_a_game():
    text = 'NFG 1 R "" { "A" "B" } { { "u" "d" } { "l" "r" } } "" { { "" 1, 2 } { "" 3/4, -1 } } 1 2 2 0'
    game = parse_nfg(text)
    # contingencies (u,l) (d,l) (u,r) (d,r) get outcomes 1 2 2 0
    assert type(game) is Game and game.is_exact
    assert game == Game([[1, "3/4"], ["3/4", 0]], [[2, -1], [-1, 0]], players=("A", "B"),
                        actions=(["u", "d"], ["l", "r"]))
    assert game.exact_payoffs()[0][0][1] == Fraction(3, 4)


def test_repeated_names_and_labels_of_three_players_are_told_apart():
    text = 'NFG 1 R "" { "A" "A" "C" }\n{ { "x" "x" } { "y" } { "z" } } 1 2 3 4 5 6'
    with pytest.warns(LabelWarning) as caught:
        game = parse_nfg(text, "same.nfg")
    assert game.players == ("A (1)", "A (2)", "C") and game.actions[0] == ("x", "x#2")
    messages = [str(w.message) for w in caught]
    assert any("players share a name" in m and "'A' -> 'A (2)'" in m for m in messages)
    assert any("A (1) has strategies with the same label" in m for m in messages)


def test_contingency_order_first_player_fastest():
    g = parse_nfg('NFG 1 R "" { "A" "B" "C" } { 2 2 2 } ' + " ".join(f"{c} 0 0" for c in range(8)))
    for c in range(8):
        a, b, d = c % 2, (c // 2) % 2, c // 4
        assert g.payoff(str(a + 1), str(b + 1), str(d + 1))[0] == c


@pytest.mark.parametrize(
    "text, message",
    [
        ('NFG 1 R "" { "A" "B" "C" } { 2 1 1 } 1 2 3 4 5', "line 1: wrong number of payoffs: expected 6"),
        ('NFG 1 R "" { "A" "B" "C" } { 1 1 1 } { { "o" 1 2 } } 1', "outcome 1 has 2 payoffs, expected 3"),
        ('NFG 1 R "" { "A" "B" "C" } { 1 1 1 } { { "o" 1 2 3 } } 2', "outcome index 2 is out of range"),
        ('NFG 1 R "" { "A" "B" "C" } { 2 2 } 1 2', "2 strategy lists given for 3 players"),
        ('NFG 1 R "" { } { } ', "names no players"),
        ('NFG 2 R "" { "A" } { 1 } 1', "unsupported NFG version"),
    ],
)
def test_malformed_files_fail_with_one_line(text, message):
    with pytest.raises(FormatError, match=message) as info:
        parse_nfg(text, "bad.nfg")
    assert str(info.value).startswith("bad.nfg: line ") and "\n" not in str(info.value)


def test_missing_file_is_a_format_error(tmp_path):
    with pytest.raises(FormatError, match="file not found"):
        read_nfg(tmp_path / "nope.nfg")
