"""Model files with three or more players: reading, errors, closed forms, the lint and the CLI."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain.errors import ModelError
from bargain.games import Game
from bargain.games.strategic import StrategicGame
from bargain.model import load_model
from bargain.model.lint import lint
from bargain.nplayer import solve as solve_n

from .entry_point import run_main
from .oracles import gambit_nplayer

DATA = Path(__file__).parent / "data" / "models_nplayer"
JORDAN = DATA / "jordan.toml"

HEADER = '''
name = "three"
title = "Three players"
date = "2025-06-09"
description = "A small three-player game."
units = "points"
sign_convention = "higher is better"

[[players]]
name = "A"
actions = ["x", "y"]

[[players]]
name = "B"
actions = ["x", "y"]

[[players]]
name = "C"
actions = ["x", "y", "z"]

[parameters.gain]
value = 2.0
range = [1.0, 3.0]
unit = "points"
description = "what coordinating is worth"
assumption = "a round number"
'''

TERMS = '''
[[terms]]
name = "all x"
player = "A"
expression = "gain"
when = { A = "x", B = "x", C = "x" }

[[terms]]
name = "C's bonus"
player = "C"
expression = "1"
when = { C = "z", A = "y" }
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> ModelError:
    with pytest.raises(ModelError) as info:
        load_model(write(tmp_path, text))
    return info.value


def payoff_table(profiles_values) -> str:
    return "".join(f'\n[[payoffs]]\nprofile = {json.dumps(list(p))}\nvalues = {json.dumps(list(v))}\n'
                   for p, v in profiles_values)


FULL_TABLE = [(p, ["gain" if p == ("x", "x", "x") else "0", "1", "0"])
              for p in itertools.product("xy", "xy", "xyz")]


# --------------------------------------------------------------------------- reading


def test_terms_over_any_players_sum_at_each_profile(tmp_path):
    model = load_model(write(tmp_path, HEADER + TERMS))
    assert model.players == ("A", "B", "C") and model.shape == (2, 2, 3) and model.n_players == 3
    game = model.game(gain=2.5)
    assert isinstance(game, StrategicGame) and game.actions[2] == ("x", "y", "z")
    for profile in itertools.product("xy", "xy", "xyz"):
        expected = (2.5 if profile == ("x", "x", "x") else 0.0, 0.0,
                    1.0 if profile[0] == "y" and profile[2] == "z" else 0.0)
        assert game.payoff(*profile) == expected
    assert model.terms()[("y", "x", "z")]["C"] == {"C's bonus": 1.0}
    assert repr(model) == "Model('three', 2x2x3, 1 parameters)"


def test_a_payoff_table_lists_one_action_and_one_value_per_player(tmp_path):
    model = load_model(write(tmp_path, HEADER + payoff_table(FULL_TABLE)))
    arrays = model.payoff_arrays(gain=3)
    assert arrays[0][0, 0, 0] == 3 and arrays[0].sum() == 3 and arrays[1].sum() == 12 and not arrays[2].any()


def test_two_players_still_give_the_two_player_game():
    game = load_model("london-2025").game()
    assert isinstance(game, Game) and game.shape == (3, 3)


@pytest.mark.parametrize("text, where, message", [
    (HEADER + payoff_table([(("x", "x"), ["1", "1", "1"])]), "payoffs[0].profile",
     "has 2 actions; must be a list of 3 actions, one per player (A, B, C)"),
    (HEADER + payoff_table([(("x", "x", "x", "x"), ["1", "1", "1"])]), "payoffs[0].profile", "has 4 actions"),
    (HEADER + payoff_table([(("x", "x", "x"), ["1", "1"])]), "payoffs[0].values",
     "has 2 values; must list 3 payoffs, one per player (A, B, C)"),
    (HEADER + payoff_table([(("x", "x", "w"), ["1", "1", "1"])]), "payoffs[0].profile", "C has no action 'w'"),
    (HEADER + payoff_table(FULL_TABLE[:-1]), "payoffs", "missing profile (y, y, z)"),
    (HEADER + payoff_table(FULL_TABLE + FULL_TABLE[:1]), "payoffs[12].profile", "profile (x, x, x) is given twice"),
    (HEADER + TERMS.replace('C = "x" }', 'D = "x" }'), "terms[0].when.D", "unknown player; players are: A, B, C"),
    (HEADER + TERMS.replace('C = "z", A', 'C = "w", A'), "terms[1].when.C", "C has no action 'w'"),
    (HEADER.replace('name = "B"', 'name = "A"') + TERMS, "players[1].name", "two players are called 'A'"),
    (HEADER + TERMS + TERMS[:TERMS.index("[[terms]]", 5)], "terms[2]", "applies twice at (x, x, x)"),
])
def test_errors_name_the_file_and_the_field(tmp_path, text, where, message):
    error = error_of(tmp_path, text)
    assert error.source == str(tmp_path / "model.toml") and error.where == where
    assert message in str(error) and "\n" not in str(error)


def test_check_reports_a_bad_profile_in_one_line(tmp_path, capsys):
    path = write(tmp_path, HEADER + payoff_table([(("x", "x"), ["1", "1", "1"])]))
    code, out, err = run_main(capsys, "check", str(path))
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [f"error: {path}: payoffs[0].profile: has 2 actions; must be a list of 3 "
                                        "actions, one per player (A, B, C)"]


# --------------------------------------------------------------------------- closed forms


@pytest.mark.parametrize("gain", [1.0, 2.0, 2.75])
def test_three_player_matching_pennies_has_one_equilibrium_all_halves(gain):
    """A matches B, B matches C, C mismatches A: no pure equilibrium, and at any profile where one
    player mixes unevenly someone gains by deviating; the only equilibrium has every player at 1/2,
    each earning gain / 2 (a match half the time)."""
    solution = solve_n(load_model(JORDAN).game(gain=gain))
    assert solution.complete and len(solution) == 1 and not solution.continua
    eq = solution[0]
    for player in "ABC":
        assert [float(p) for p in eq.strategy(player)] == pytest.approx([0.5, 0.5], abs=1e-9)
        assert float(eq.payoff[player]) == pytest.approx(gain / 2, abs=1e-9)


COORDINATION = HEADER.replace('actions = ["x", "y", "z"]', 'actions = ["x", "y"]') + '''
[parameters.other]
value = 1.0
range = [0.5, 3.0]
unit = "points"
description = "what all choosing y is worth"
assumption = "a round number"
''' + "".join(f'''
[[terms]]
name = "{word}"
player = "{p}"
expression = "{expr}"
when = {{ A = "{a}", B = "{a}", C = "{a}" }}
''' for p in "ABC" for a, expr, word in (("x", "gain", "all x"), ("y", "other", "all y")))


@pytest.mark.parametrize("gain, other", [(2.0, 1.0), (4.0, 1.0), (1.0, 2.5)])
def test_three_player_coordination_has_the_symmetric_mixture_of_the_closed_form(tmp_path, gain, other):
    """Each gets gain if all pick x, other if all pick y: pure equilibria at all-x and all-y, and the
    symmetric mixture where gain p^2 = other (1 - p)^2, p = sqrt(other) / (sqrt(gain) + sqrt(other))."""
    game = load_model(write(tmp_path, COORDINATION)).game_at({"gain": gain, "other": other})
    solution = solve_n(game)
    pure = sorted(eq.supports for eq in solution if eq.pure)
    assert pure == [(("x",), ("x",), ("x",)), (("y",), ("y",), ("y",))]
    p = math.sqrt(other) / (math.sqrt(gain) + math.sqrt(other))
    symmetric = [eq for eq in solution if not eq.pure and all(len(s) == 2 for s in eq.supports)]
    assert len(symmetric) == 1
    for player in "ABC":
        assert float(symmetric[0].strategy(player)[0]) == pytest.approx(p, abs=1e-9)
        assert float(symmetric[0].payoff[player]) == pytest.approx(gain * p**3 + other * (1 - p)**3, abs=1e-9)


def test_the_model_game_agrees_with_pygambit(tmp_path):
    game = load_model(write(tmp_path, COORDINATION)).game_at({"gain": 4.0, "other": 1.0})
    mixed, pure = gambit_nplayer(game.payoffs)
    ours = solve_n(game)
    assert sorted(tuple(int(np.argmax(eq.strategy(k))) for k in range(3)) for eq in ours if eq.pure) == list(pure)
    for profile in mixed:  # every equilibrium pygambit reports is one of ours
        point = np.concatenate(profile)
        assert any(np.allclose(point, np.concatenate([np.asarray(eq.strategy(k), dtype=float) for k in range(3)]),
                               atol=1e-6) for eq in ours)
    assert len(ours) >= len(mixed)


# --------------------------------------------------------------------------- the lint


def test_lint_flags_a_term_that_applies_to_every_action_of_its_player(tmp_path):
    text = HEADER + TERMS + '''
[[terms]]
name = "level"
player = "B"
expression = "gain"
when = { A = "x" }
'''
    findings = {(f.code, f.where) for f in lint(load_model(write(tmp_path, text)))}
    assert ("inert-term", "terms[2]") in findings and ("inert-term", "terms[0]") not in findings


def test_lint_flags_a_cited_parameter_that_moves_no_payoff_difference(tmp_path):
    text = HEADER + TERMS.replace('expression = "1"', 'expression = "share"') + '''
[parameters.share]
value = 0.9
range = [0.85, 0.99]
unit = "share"
description = "China's share"
sources = [ { file = "001_95f3d8186617a2d0.txt", quote = "over 90% of the processing capacity" } ]

[[terms]]
name = "inert"
player = "A"
expression = "share"
when = { B = "y" }
'''
    findings = {(f.severity, f.code, f.where) for f in lint(load_model(write(tmp_path, text)))}
    assert ("error", "inert-parameter", "parameters.share") not in findings  # C's bonus moves with it
    inert = text.replace('when = { C = "z", A = "y" }', 'when = { A = "y" }')
    findings = {(f.severity, f.code, f.where) for f in lint(load_model(write(tmp_path, inert)))}
    assert ("error", "inert-parameter", "parameters.share") in findings


# --------------------------------------------------------------------------- the CLI


def test_solve_table_json_and_csv(capsys):
    code, out, err = run_main(capsys, "solve", str(JORDAN), "--set", "gain=3")
    assert code == 0, err
    assert "Three-player matching pennies" in out and "payoff C" in out and "1.5" in out
    code, out, err = run_main(capsys, "solve", str(JORDAN), "--set", "gain=3", "--format", "json")
    data = json.loads(out)
    assert data["model"] == "jordan" and data["parameters"] == {"gain": 3.0} and data["n_players"] == 3
    assert data["players"] == ["A", "B", "C"] and data["complete"] and data["verified"]
    assert [Fraction(v).limit_denominator(1000) for v in data["equilibria"][0]["strategies"]["C"].values()] \
        == [Fraction(1, 2)] * 2
    assert data["equilibria"][0]["payoffs"] == {"A": 1.5, "B": 1.5, "C": 1.5}
    code, out, err = run_main(capsys, "solve", str(JORDAN), "--format", "csv")
    rows = out.splitlines()
    assert rows[0] == "equilibrium,player,action,probability,payoff,pure,regret,component"
    assert len(rows) == 7 and rows[-1].startswith("0,C,tails,0.5,1.0,False")


def test_show_check_and_sources(capsys):
    code, out, err = run_main(capsys, "show", str(JORDAN))
    assert code == 0 and "Payoffs (A, B, C)" in out and "heads / tails / heads" in out
    code, out, err = run_main(capsys, "show", str(JORDAN), "--format", "json")
    data = json.loads(out)
    assert data["payoffs"]["C"] == [[[0.0, 2.0], [0.0, 2.0]], [[2.0, 0.0], [2.0, 0.0]]]
    assert data["term_definitions"][4]["when"] == {"A": ["tails"], "B": ["heads", "tails"], "C": ["heads"]}
    code, out, err = run_main(capsys, "check", str(JORDAN))
    assert code == 0 and out.strip() == f"ok: {JORDAN}: jordan (matrix, 2x2x2, 1 parameters, 0 quotes found)"
    code, out, err = run_main(capsys, "sources", str(JORDAN))
    assert code == 0 and "assumption: a round number" in out


def test_an_unknown_parameter_in_set_is_one_line(capsys):
    code, out, err = run_main(capsys, "solve", str(JORDAN), "--set", "nope=1")
    assert code != 0 and "unknown parameter 'nope'" in err and "Traceback" not in err


def random_model_text(seed: int) -> tuple[str, str, dict]:
    """A seeded 2x2x2 model: a payoff table of small integers plus one term of a random player over a
    random ``when``; returns the text, the term's player and its ``when``."""
    rng = np.random.default_rng([5, seed])
    table = [(p, [str(int(v)) for v in rng.integers(-3, 4, size=3)]) for p in itertools.product("xy", "xy", "xy")]
    player = "ABC"[int(rng.integers(3))]
    when = {q: ["x", "y"][int(rng.integers(2))] for q in "ABC" if rng.random() < 0.5}
    text = (COORDINATION.split("[[terms]]")[0].replace('"x", "y", "z"', '"x", "y"') + payoff_table(table)
            + f'\n[[terms]]\nname = "extra"\nplayer = "{player}"\nexpression = "gain"\nwhen = '
            + "{ " + ", ".join(f'{q} = "{a}"' for q, a in when.items()) + " }\n")
    return text, player, when


@pytest.mark.parametrize("seed", range(24))
def test_a_term_the_lint_flags_inert_never_changes_the_equilibria(tmp_path, seed):
    """Flagged exactly when the term's own player is left out of its ``when`` (it then adds the same to
    each of that player's actions); then no value of it changes any equilibrium (solved by bargain.nplayer)."""
    text, player, when = random_model_text(seed)
    model = load_model(write(tmp_path, text))
    assert model.payoff_terms[0].name == "extra"  # [[terms]] come before the payoff table's entries
    flagged = any(f.code == "inert-term" and f.where == "terms[0]" for f in lint(model))
    assert flagged == (player not in when)
    if flagged:
        answers = []
        for gain in (0.0, 1.0, 3.0):
            solution = solve_n(model.game_at({"gain": gain}))
            answers.append(sorted((eq.supports, tuple(np.round(np.concatenate(
                [np.asarray(eq.strategy(k), dtype=float) for k in range(3)]), 9))) for eq in solution))
        assert answers[0] == answers[1] == answers[2]
