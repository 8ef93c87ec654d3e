"""`bargain solve` on Gambit .nfg files with three or more players: table, JSON and CSV, each profile
checked with pygambit's own regret computation on the file as pygambit reads it."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from .entry_point import run_main
from .oracles import require

DATA = Path(__file__).parent / "data" / "nplayer"


@pytest.mark.parametrize("name", ["2x2x2.nfg", "3x3x3.nfg", "2x2x2x2.nfg"])
def test_solve_json_profiles_are_equilibria_by_gambits_regret(capsys, name):
    gbt = require("pygambit")
    code, out, err = run_main(capsys, "solve", str(DATA / name), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    game = gbt.read_nfg(str(DATA / name))
    assert len(data["players"]) == len(game.players) >= 3
    assert data["equilibria"] and data["complete"]
    for eq in data["equilibria"]:
        mix = [[Fraction(eq["strategies"][p][a]) for a in data["actions"][p]] for p in data["players"]]
        profile = game.mixed_strategy_profile(data=mix, rational=True)
        assert profile.max_regret() <= Fraction(1, 10**7), eq


def test_solve_table_and_csv_name_every_player(capsys):
    code, out, err = run_main(capsys, "solve", str(DATA / "2x2x2.nfg"))
    assert code == 0, err
    assert "equilibri" in out and "verified" in out
    code, out, err = run_main(capsys, "solve", str(DATA / "2x2x2.nfg"), "--format", "csv")
    assert code == 0 and out.startswith("equilibrium,player,action")


def test_a_two_player_method_on_three_players_is_one_clear_line(capsys):
    code, out, err = run_main(capsys, "solve", str(DATA / "2x2x2.nfg"), "--method", "vertex")
    assert code != 0 and "unknown method 'vertex'" in err and "Traceback" not in err


def test_table_of_a_game_with_a_set_of_equilibria_names_it_once():
    """Player 3 is indifferent between its two actions: every mixture is an equilibrium (one flat set)."""
    from bargain.nplayer import StrategicGame, solve
    from bargain.render.solution import solution as render_solution

    table = render_solution(solve(StrategicGame([[[[1, 0]]], [[[0, 1]]], [[[1, 1]]]])), "table")
    assert "1 set of infinitely many equilibria" in table
    assert "every mixture within" not in table  # that note is for two-player components only


def test_timeout_ends_an_n_player_solve_with_what_was_verified(capsys):
    """A time limit far shorter than one support profile stops after the first, marked incomplete;
    whatever is listed is an equilibrium by pygambit's own regret."""
    gbt = require("pygambit")
    name = DATA / "3x3x3.nfg"
    code, out, err = run_main(capsys, "solve", str(name), "--format", "json", "--timeout", "1e-9")
    assert code == 0, err
    data = json.loads(out)
    assert data["complete"] is False and data["interrupted"] is True
    assert data["stopped"].startswith("time limit of 1e-09 s reached after 1 of 343 support profiles")
    game = gbt.read_nfg(str(name))
    for eq in data["equilibria"]:
        mix = [[Fraction(eq["strategies"][p][a]) for a in data["actions"][p]] for p in data["players"]]
        assert game.mixed_strategy_profile(data=mix, rational=True).max_regret() <= Fraction(1, 10**7)
    code, out, err = run_main(capsys, "solve", str(name), "--timeout", "1e-9")
    assert code == 0 and "incomplete: time limit" in out
    assert "nondegenerate" not in out and "degeneracy not known" in out  # not every support was examined
