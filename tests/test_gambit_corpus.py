"""An external corpus: Gambit's own .nfg files, read and solved in both modes, against independent oracles.

The files (tests/data/gambit/README.md gives their origins) were written by Gambit's authors, not
ours. Each is read by us and by pygambit; solved in float and in exact mode; and compared with
pygambit's exact ``enummixed`` (extreme equilibria and maximal cliques) and with ``lrsnash``.
The large-payoff game, on which both oracles fail, is compared with its closed form in
tests/test_verify.py.
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain import read_nfg, solve
from bargain.games.nfg import LabelWarning

from .oracles import exact_regret, gambit_solve, lrsnash_solve, regret, require

DATA = Path(__file__).parent / "data" / "gambit"
FILES = sorted(p.name for p in DATA.glob("*.nfg") if p.name != "large_payoff_game.nfg")


def load(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LabelWarning)
        return read_nfg(DATA / name)


def exact_profiles(solution):
    return {tuple(tuple(Fraction(p) for p in side) for side in eq.profile) for eq in solution}


def test_the_corpus_is_there():
    assert len(FILES) == 8


@pytest.mark.parametrize("name", FILES)
def test_we_read_what_gambit_reads(name):
    gbt = require("pygambit")
    theirs = gbt.read_nfg(str(DATA / name))
    ours = load(name)
    TA, TB = theirs.to_arrays()
    assert [[Fraction(str(v)) for v in row] for row in TA] == ours.exact_payoffs()[0]
    assert [[Fraction(str(v)) for v in row] for row in TB] == ours.exact_payoffs()[1]
    for k, player in enumerate(theirs.players):
        labels = list(theirs.get_strategies(player))
        assert len(labels) == len(ours.actions[k])
        for label, mine in zip(labels, ours.actions[k], strict=True):
            # a repeated label: pygambit reads "defect", "defect" as defect_1, defect_2, we as defect, defect#2
            assert mine == label or mine.split("#")[0] == label.rsplit("_", 1)[0]


@pytest.mark.parametrize("name", FILES)
def test_exact_mode_matches_gambit_and_lrsnash(name):
    game = load(name)
    A, B = game.exact_payoffs()
    reference, cliques = gambit_solve(A, B)
    solution = solve(game, exact=True)
    assert exact_profiles(solution) == reference == lrsnash_solve(A, B)
    components = {frozenset(tuple(tuple(Fraction(p) for p in s) for s in solution[k].profile) for k in c)
                  for c in solution.components}
    assert components == cliques
    assert all(exact_regret(A, B, *eq.profile) == 0 for eq in solution)


@pytest.mark.parametrize("name", FILES)
def test_float_mode_matches_gambit(name):
    game = load(name)
    A, B = game.exact_payoffs()
    reference, cliques = gambit_solve(A, B)
    solution = solve(game)
    assert solution.verified and len(solution) == len(reference)
    for eq in solution:
        assert any(np.allclose(np.concatenate([eq.row, eq.col]), [float(v) for v in (*x, *y)], atol=1e-9)
                   for x, y in reference)
        assert regret(game.A, game.B, eq.row, eq.col) <= solution.tolerance
    assert len(solution.components) == len(cliques)


def test_repeated_labels_are_told_apart_and_said_so():
    with pytest.warns(LabelWarning, match="Dan has strategies with the same label.*'defect' -> 'defect#2'"):
        game = read_nfg(DATA / "2x2_bimatrix_all_zero_payoffs.nfg")
    assert game.actions == (("cooperate", "defect"), ("defect", "defect#2"))
