"""The JSON contract for n players keeps every two-player key and meaning, and only adds keys."""

from __future__ import annotations

import json
from pathlib import Path

from bargain import Game, solve
from bargain.nplayer import StrategicGame, read_nfg
from bargain.nplayer import solve as solve_n
from bargain.render.solution import solution_dict
from bargain.results.algebraic import AlgebraicPoint

DATA = Path(__file__).parent / "data" / "nplayer"
SHARED = ("players", "actions", "complete", "exact", "tolerance", "degenerate", "equilibria", "components")


def test_two_player_game_gives_the_two_player_document_plus_added_keys():
    game = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"),
                actions=(["ease", "hold"], ["restore", "withhold"]))
    old = solution_dict(solve(game, exact=True))
    plain = StrategicGame(game.exact_payoff_arrays(), players=game.players, actions=game.actions)
    new = solution_dict(solve_n(plain), n_player=True)
    for key in SHARED:
        if key == "equilibria":
            assert [{k: e[k] for k in old["equilibria"][0]} for e in new[key]] == old[key]
        else:
            assert new[key] == old[key], key
    assert set(new) - set(old) == {"n_players", "continua", "interrupted", "stats"}
    assert set(old) <= set(new) and set(new["equilibria"][0]) - set(old["equilibria"][0]) == {"certified"}
    assert solution_dict(solve(game, exact=True), n_player=False) == old


def test_the_two_player_renderer_reads_an_n_player_solution():
    solution = solve_n(read_nfg(DATA / "2x2x2.nfg"))
    old_style = solution_dict(solution, n_player=False)
    new = solution_dict(solution)
    for key in SHARED:
        if key == "equilibria":
            assert [{k: e[k] for k in old_style["equilibria"][0]} for e in new[key]] == old_style[key]
        else:
            assert new[key] == old_style[key], key
    json.dumps(new)


def test_irrational_equilibria_carry_their_exact_form():
    solution = solve_n(read_nfg(DATA / "nau2004-sec4.nfg"))
    doc = json.loads(json.dumps(solution_dict(solution)))
    form = doc["equilibria"][0]["exact_form"]
    point = AlgebraicPoint(
        tuple(map(_fraction, form["polynomial"])), tuple(map(_fraction, form["interval"])),
        tuple(tuple(tuple(map(_fraction, form["probabilities"][p][a])) for a in solution.game.actions[k])
              for k, p in enumerate(solution.game.players)))
    floats = point.floats()
    for k, p in enumerate(solution.game.players):
        for a, value in zip(solution.game.actions[k], floats[k], strict=True):
            assert abs(doc["equilibria"][0]["strategies"][p][a] - value) < 1e-12


def test_continua_are_listed_with_samples():
    doc = solution_dict(solve_n(read_nfg(DATA / "nau2004-sec5.nfg")))
    assert doc["degenerate"] and doc["continua"]
    assert all(c["decided"] and c["samples"] for c in doc["continua"])


def _fraction(text):
    from fractions import Fraction

    return Fraction(text)
