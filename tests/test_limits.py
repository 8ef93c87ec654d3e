"""Work a method does not need is not done: an instant, honest refusal, and no polytope code for a report."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from bargain import Game, SolverError, solve
from bargain.equilibria.limits import AUTO_COMFORTABLE, MAX_SUBSYSTEMS, subsystem_count, support_refusal
from bargain.render.solution import solution as render_solution


def test_subsystem_count_is_the_number_of_equal_size_support_pairs():
    # an independent count by brute force over supports of the two sides
    from itertools import combinations

    for k, d in ((1, 1), (2, 3), (4, 4), (5, 3)):
        brute = sum(1 for s in range(1, min(k, d) + 1) for _ in combinations(range(d), s)
                    for _ in combinations(range(k), s))
        assert subsystem_count(k, d) == brute


def test_support_refuses_a_large_game_before_loading_the_solvers():
    # a 200x200 game: the refusal must not load Qhull or build anything
    code = (
        "import sys, numpy as np, bargain\n"
        "g = bargain.Game(np.zeros((200, 200)), np.zeros((200, 200)))\n"
        "try:\n    bargain.solve(g, 'support')\nexcept bargain.SolverError as e:\n    print(e)\n"
        "print('scipy.spatial' in sys.modules, 'bargain.equilibria.extreme' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    message, loaded = done.stdout.strip().splitlines()
    assert loaded == "False False"
    assert "about 10^119 linear systems" in message


def test_the_refusal_says_what_will_work():
    large = support_refusal(200, 200)
    assert "'auto'" not in large.split(";")[1].split("(")[0]  # does not send the user to auto
    assert "no complete method finishes on a 200x200 game" in large
    assert "'lemke-howson' finds some equilibria" in large and "'pure' the pure ones" in large
    small = support_refusal(15, 15)
    assert small.endswith("method 'auto' lists every extreme equilibrium of a game this size")
    assert support_refusal(6, 6) is None and subsystem_count(6, 6) <= MAX_SUBSYSTEMS
    assert "'auto'" not in support_refusal(AUTO_COMFORTABLE + 1, 40).split(";")[1].split("(")[0]


def test_what_the_refusal_recommends_for_a_large_game_does_finish():
    rng = np.random.default_rng(3)
    game = Game(rng.integers(0, 100, (30, 30)), rng.integers(0, 100, (30, 30)))
    with pytest.raises(SolverError, match="lemke-howson"):
        solve(game, "support")
    some = solve(game, "lemke-howson")
    assert len(some) >= 1 and some.verified
    pure = solve(game, "pure")
    assert all(eq.pure for eq in pure)


def test_a_report_of_the_pure_method_runs_no_polytope_code(monkeypatch):
    from bargain.equilibria import extreme

    def forbidden(*args, **kwargs):
        raise AssertionError("the degeneracy check ran")

    monkeypatch.setattr(extreme, "is_degenerate", forbidden)
    rng = np.random.default_rng(20)
    game = Game(rng.integers(0, 100, (20, 20)), rng.integers(0, 100, (20, 20)))
    solution = solve(game, "pure")
    table = render_solution(solution, "table")
    assert "degeneracy not checked (the method did not need it)" in table
    assert json.loads(render_solution(solution, "json"))["degenerate"] is None
    render_solution(solution, "csv")


def test_small_games_still_report_their_degeneracy():
    solution = solve(Game([[1, 1], [0, 0]], [[1, 1], [0, 0]]), "pure")
    assert "degenerate game" in render_solution(solution, "table")
    assert json.loads(render_solution(solution, "json"))["degenerate"] is True
