"""Gambit .nfg reading and writing: hand-written files, round trips, pygambit agreement, errors."""

from __future__ import annotations

import io
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.errors import FormatError
from bargain.games import Game, StrategicGame
from bargain.games.nfg import MAX_BYTES, LabelWarning, parse_nfg, read_nfg, write_nfg

from .oracles import require

PAYOFF_VERSION = """NFG 1 R "Prisoner's dilemma" { "Ann" "Bob" }

{ { "cooperate" "defect" }
  { "cooperate" "defect" }
}
"the classic"

3 3 5 0 0 5 1 1
"""

OUTCOME_VERSION = """NFG 1 D "Outcomes" { "Ann" "Bob" } { 2 3 }
"a comment
over two lines"
{
{ "win" 1, -1 }
{ "half" 1/2, .25 }
{ "" -2e1 3.5 }
}
1 2 0 3 1 1
"""


def test_payoff_version_by_hand():
    g = parse_nfg(PAYOFF_VERSION)
    assert g.players == ("Ann", "Bob")
    assert g.actions == (("cooperate", "defect"), ("cooperate", "defect"))
    # first player's strategy varies fastest: (C,C) (D,C) (C,D) (D,D)
    assert g.A.tolist() == [[3, 0], [5, 1]]
    assert g.B.tolist() == [[3, 5], [0, 1]]
    assert g.is_exact


def test_outcome_version_by_hand():
    g = parse_nfg(OUTCOME_VERSION)
    assert g.actions == (("1", "2"), ("1", "2", "3"))
    A, B = g.exact_payoffs()
    # contingencies (1,1) (2,1) (1,2) (2,2) (1,3) (2,3) -> outcomes 1 2 0 3 1 1
    assert A == [[1, 0, 1], [Fraction(1, 2), -20, 1]]
    assert B == [[-1, 0, -1], [Fraction(1, 4), Fraction(7, 2), -1]]


def test_numbers_are_exact():
    g = parse_nfg('NFG 1 R "" { "a" "b" } { 1 2 } 1.5 -2e3 3/4 0.1')
    A, B = g.exact_payoffs()
    assert A == [[Fraction(3, 2), Fraction(3, 4)]]
    assert B == [[-2000, Fraction(1, 10)]]
    assert isinstance(A[0][0], Fraction)


def test_escaped_quotes_and_blank_labels():
    g = parse_nfg(r'NFG 1 R "t \"x\"" { "say \"hi\"" "" } { { "a\"b" "" } { "c" } } 1 2 3 4')
    assert g.players == ('say "hi"', "Player 2")
    assert g.actions == (('a"b', "2"), ("c",))


def test_read_from_path_and_stream(tmp_path):
    path = tmp_path / "pd.nfg"
    path.write_text(PAYOFF_VERSION)
    assert read_nfg(path) == read_nfg(str(path)) == parse_nfg(PAYOFF_VERSION)
    assert read_nfg(io.StringIO(PAYOFF_VERSION)) == parse_nfg(PAYOFF_VERSION)


def test_write_then_read_exact(tmp_path):
    g = Game([[1, Fraction(-2, 3)], [Fraction(7, 2), 0]], [[0, 4], [Fraction(1, 9), -5]],
             players=("Ann", 'B"ob'), actions=(["up", 'quo"te'], ["back\\slash", "r"]))
    text = write_nfg(g, tmp_path / "g.nfg", title='a "title"')
    assert text.startswith('NFG 1 R "a \\"title\\""')
    assert (tmp_path / "g.nfg").read_text() == text
    back = read_nfg(tmp_path / "g.nfg")
    assert back == g and back.exact_payoffs() == g.exact_payoffs()


def test_write_then_read_float():
    rng = np.random.default_rng(1)
    g = Game(rng.normal(size=(3, 4)) * 1e3, rng.normal(size=(3, 4)) / 7)
    text = write_nfg(g)
    assert text.startswith("NFG 1 D")
    assert parse_nfg(text) == g


payoff = st.one_of(
    st.integers(-10**6, 10**6),
    st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
)
label = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(1, 4), st.integers(1, 4))
def test_round_trip_property(data, m, n):
    A = data.draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    B = data.draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    rows = data.draw(st.lists(label, min_size=m, max_size=m, unique=True))
    cols = data.draw(st.lists(label, min_size=n, max_size=n, unique=True))
    players = data.draw(st.lists(label, min_size=2, max_size=2, unique=True))
    g = Game(A, B, players=players, actions=(rows, cols))
    back = parse_nfg(write_nfg(g))
    assert back == g
    if g.is_exact:
        assert back.exact_payoffs() == g.exact_payoffs()


# ---------------------------------------------------------------- pygambit agreement


def _random_game(rng, exact: bool):
    m, n = rng.integers(1, 6, size=2)
    if exact:
        num = rng.integers(-20, 21, size=(2, m, n))
        den = rng.integers(1, 7, size=(2, m, n))
        A = [[Fraction(int(num[0, i, j]), int(den[0, i, j])) for j in range(n)] for i in range(m)]
        B = [[Fraction(int(num[1, i, j]), int(den[1, i, j])) for j in range(n)] for i in range(m)]
        return A, B
    return rng.integers(-9, 10, size=(m, n)), rng.integers(-9, 10, size=(m, n))


@pytest.mark.parametrize("seed", range(12))
def test_we_read_what_pygambit_writes(tmp_path, seed):
    gbt = require("pygambit")
    rng = np.random.default_rng(seed)
    A, B = _random_game(rng, exact=seed % 2 == 0)
    theirs = gbt.StrategicGame.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object),
                                           title=f"random {seed}")
    path = tmp_path / "theirs.nfg"
    theirs.to_nfg(str(path))
    ours = read_nfg(path)
    players = list(theirs.players)
    assert ours.players == tuple(players)
    assert ours.actions == tuple(tuple(theirs.get_strategies(p)) for p in players)
    TA, TB = theirs.to_arrays()
    EA, EB = ours.exact_payoffs()
    assert [[Fraction(str(v)) for v in row] for row in TA] == EA
    assert [[Fraction(str(v)) for v in row] for row in TB] == EB


@pytest.mark.parametrize("seed", range(12))
def test_pygambit_reads_what_we_write(tmp_path, seed):
    gbt = require("pygambit")
    rng = np.random.default_rng(100 + seed)
    A, B = _random_game(rng, exact=seed % 2 == 0)
    m, n = len(A), len(A[0])
    ours = Game(A, B, players=("Ann", "Bob"),
                actions=([f"row {i}" for i in range(m)], [f'col "{j}"' for j in range(n)]))
    path = tmp_path / "ours.nfg"
    write_nfg(ours, path)
    theirs = gbt.read_nfg(str(path))
    assert list(theirs.players) == ["Ann", "Bob"]
    assert tuple(theirs.get_strategies("Ann")) == ours.actions[0]
    assert tuple(theirs.get_strategies("Bob")) == ours.actions[1]
    TA, TB = theirs.to_arrays()
    assert [[Fraction(str(v)) for v in row] for row in TA] == ours.exact_payoffs()[0]
    assert [[Fraction(str(v)) for v in row] for row in TB] == ours.exact_payoffs()[1]


def test_pygambit_reads_our_float_games(tmp_path):
    gbt = require("pygambit")
    rng = np.random.default_rng(7)
    ours = Game(rng.normal(size=(3, 2)), rng.normal(size=(3, 2)) * 100)
    path = tmp_path / "f.nfg"
    write_nfg(ours, path)
    TA, TB = gbt.read_nfg(str(path)).to_arrays(dtype=float)
    np.testing.assert_allclose(np.array(TA, dtype=float), ours.A, rtol=1e-15)
    np.testing.assert_allclose(np.array(TB, dtype=float), ours.B, rtol=1e-15)


def test_pygambit_outcome_files_with_null_outcome(tmp_path):
    gbt = require("pygambit")
    text = OUTCOME_VERSION
    path = tmp_path / "o.nfg"
    path.write_text(text)
    theirs = gbt.read_nfg(str(path))
    TA, TB = theirs.to_arrays()
    ours = read_nfg(path)
    assert [[Fraction(str(v)) for v in row] for row in TA] == ours.exact_payoffs()[0]
    assert [[Fraction(str(v)) for v in row] for row in TB] == ours.exact_payoffs()[1]


# ---------------------------------------------------------------- errors

BAD = [
    ('NFX 1 R "" { "a" "b" } { 1 1 } 1 2', 1, "bad header"),
    ('NFG 2 R "" { "a" "b" } { 1 1 } 1 2', 1, "bad header"),
    ('NFG 1 Q "" { "a" "b" } { 1 1 } 1 2', 1, "bad header"),
    ('NFG 1 R "" { "a" "b" "c" }\n{ 1 1 1 }\n1 2', 3, "wrong number of payoffs: expected 3 (3 per"),
    ('NFG 1 R "" { "a" }\n{ 1 }\n1 2', 3, "too many payoffs: expected 1 (1 per"),
    ('NFG 1 R "" { }\n{ } 1', 1, "the file names no players"),
    ('NFG 1 R "" { "a" "b" }\n{ 2 2 }\n1 2 3 4\n5 6 7', 4, "wrong number of payoffs"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n1 2 3', 3, "too many payoffs"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 2 }\n1 2\n3 x4', 4, "malformed number 'x4'"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n1 2/0', 3, "divides by zero"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n1 1e999', 3, "out of range"),
    ('NFG 1 R "" { "a" "b" }\n{ { "x" "y } { "z" } }\n1 2', 2, "expected"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n"oops', 3, "unterminated string"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n{ { "o" 1 2 } }\n\n2', 5, "out of range"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n{ { "o" 1 2 3 } }\n1', 3, "has 3 payoffs"),
    ('NFG 1 R "" { "a" "b" }\n{ 2 1 }\n{ { "o" 1 2 } }\n1', 4, "wrong number of outcome indices"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n{ { "o" 1 2 } }\n1/2', 4, "not an integer"),
    ('NFG 1 R "" { "a" "b" }\n{ 0 1 } 1', 2, "positive integer"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 }\n1 2', 2, "1 strategy lists given for 2 players"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 1 }\n1 2 }', 3, "expected a payoff"),
    ('NFG 1 R "" { "a" "b" }\n{ 1000000000000 1 }\n1 2', 2, "larger than the file"),
    ('', 1, "bad header"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BAD)
def test_errors_name_file_and_line(tmp_path, text, line, problem):
    path = tmp_path / "bad.nfg"
    path.write_text(text)
    with pytest.raises(FormatError) as caught:
        read_nfg(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: line {line}: "), message
    assert problem in message
    assert "\n" not in message
    assert caught.value.source == str(path) and caught.value.where == f"line {line}"


def test_two_players_give_a_game_and_other_counts_the_n_player_type():
    one = parse_nfg('NFG 1 R "" { "a" }\n{ 2 } 1 2')
    three = parse_nfg('NFG 1 R "" { "a" "b" "c" }\n{ 1 1 1 } 1 2 3')
    assert type(one) is StrategicGame and one.n_players == 1 and one.payoff("2") == (2.0,)
    assert type(three) is StrategicGame and three.shape == (1, 1, 1) and three.payoff("1", "1", "1") == (1, 2, 3)
    assert type(parse_nfg('NFG 1 R "" { "a" "b" }\n{ 1 1 } 1 2')) is Game


def test_repeated_labels_are_read_with_a_visible_suffix():
    text = 'NFG 1 R "" { "Ann" "Bob" }\n{ { "x" "x" "x#2" "x" } { "y" "y" } }\n' + " ".join(["0"] * 16)
    with pytest.warns(LabelWarning) as caught:
        game = parse_nfg(text, "same.nfg")
    assert game.actions == (("x", "x#3", "x#2", "x#4"), ("y", "y#2"))
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("same.nfg: Ann has strategies with the same label") and "'x' -> 'x#3'" in m
               for m in messages)
    assert any("Bob" in m and "'y' -> 'y#2'" in m for m in messages)


def test_players_with_one_name_are_told_apart():
    with pytest.warns(LabelWarning, match="both players are named 'P'"):
        game = parse_nfg('NFG 1 R "" { "P" "P" } { 1 1 } 1 2')
    assert game.players == ("P (1)", "P (2)")


def test_missing_file(tmp_path):
    with pytest.raises(FormatError, match="nope.nfg: file not found"):
        read_nfg(tmp_path / "nope.nfg")


def test_directory_is_refused(tmp_path):
    with pytest.raises(FormatError, match="directory"):
        read_nfg(tmp_path)


def test_huge_file_refused_quickly(tmp_path):
    path = tmp_path / "huge.nfg"
    with open(path, "wb") as handle:
        handle.seek(MAX_BYTES + 10)
        handle.write(b"0")
    with pytest.raises(FormatError, match="too large"):
        read_nfg(path)
    with pytest.raises(FormatError, match="too large"):
        read_nfg(io.StringIO("x" * (MAX_BYTES + 5)))
