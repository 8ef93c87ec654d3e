"""Float ``auto`` on games of 6 to 9 actions (one-sided enumeration), compiled and not, against lrsnash."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bargain import Game, solve
from bargain.equilibria import _polytope, extreme

from .oracles import lrsnash_solve
from .test_equilibria import same_set


def game(seed: int):
    """A seeded game of 6-9 by 6-9 actions; odd seeds draw payoffs from 0-3 (degenerate-prone)."""
    rng = np.random.default_rng(7000 + seed)
    m, n = (int(k) for k in rng.integers(6, 10, size=2))
    high = 4 if seed % 2 else 100
    return rng.integers(0, high, (m, n)).tolist(), rng.integers(0, high, (m, n)).tolist()


@pytest.fixture(params=["compiled", "numpy"])
def kernels(request, monkeypatch):
    """Both ways of listing vertices and solving partners: the numba kernels, and numpy alone."""
    if request.param == "numpy":
        monkeypatch.setattr(_polytope, "_kernel", lambda: None)
        monkeypatch.setattr(extreme, "compiled_partners", lambda *args: NotImplemented)
    return request.param


@pytest.mark.parametrize("seed", range(24))
def test_auto_matches_lrsnash_on_mid_sized_games(seed, kernels):
    A, B = game(seed)
    solution = solve(Game(A, B))
    assert same_set(solution, lrsnash_solve(A, B)), (kernels, A, B)
    if seed % 2 == 0:  # payoffs 0-99: mostly generic, settled by one polytope
        assert solution.method in ("auto:one-sided", "auto:vertex")


def test_both_kernels_agree_on_the_path_taken(monkeypatch):
    """The compiled pass and the batched solves route every game the same way (one-sided or not)."""
    routes = {}
    for label in ("compiled", "numpy"):
        if label == "numpy":
            monkeypatch.setattr(_polytope, "_kernel", lambda: None)
            monkeypatch.setattr(extreme, "compiled_partners", lambda *args: NotImplemented)
        routes[label] = [solve(Game(*game(seed))).method for seed in range(24)]
    assert routes["compiled"] == routes["numpy"]
    assert "auto:one-sided" in routes["compiled"]


def test_a_small_degenerate_game_is_enumerated_without_loading_numba():
    """Below six actions a side the numpy paths run: loading numba would cost more than the game."""
    code = (
        "import sys, bargain\n"
        "game = bargain.Game([[1, 1, 0], [0, 0, 1], [1, 0, 0]], [[1, 1, 0], [0, 0, 1], [0, 1, 1]])\n"
        "print(bargain.solve(game).method, 'numba' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["auto:one-sided", "False"]
