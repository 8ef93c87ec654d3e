"""Qhull against the interruptible search on large float games: the first complete answer, or on Ctrl-C
what the search found."""

from __future__ import annotations

import functools
import multiprocessing

import numpy as np

from bargain import Game
from bargain.equilibria.race import solve_racing

from .oracles import lrsnash_solve
from .test_equilibria import same_set


def coordination(n: int) -> Game:
    return Game(np.eye(n, dtype=int).tolist(), np.eye(n, dtype=int).tolist())


@functools.cache
def random_15x15() -> tuple[list[list[int]], list[list[int]]]:
    rng = np.random.default_rng(15)
    return rng.integers(0, 100, (15, 15)).tolist(), rng.integers(0, 100, (15, 15)).tolist()


def test_race_on_a_game_with_many_equilibria_is_complete():
    solution = solve_racing(coordination(15))
    assert solution.complete and solution.stopped is None and len(solution) == 2**15 - 1
    for eq in solution:  # closed form: both players uniform on one common support
        x, y = eq.profile
        assert x == y and len({p for p in x if p > 0}) == 1
    assert not multiprocessing.active_children()


def test_race_on_a_random_game_matches_lrsnash():
    A, B = random_15x15()
    solution = solve_racing(Game(A, B))
    assert solution.complete and not solution.exact
    assert same_set(solution, lrsnash_solve(A, B))
    assert not multiprocessing.active_children()


def test_ctrl_c_keeps_what_the_search_found_and_ends_qhull():
    calls = []

    def interrupt(progress):
        calls.append(progress)
        raise KeyboardInterrupt

    A, B = random_15x15()
    solution = solve_racing(Game(A, B), interrupt)
    assert calls and not solution.complete and "interrupt" in solution.stopped
    assert len(solution) >= calls[0].equilibria
    assert not multiprocessing.active_children()
