"""When floats cannot certify a game: solved exactly, or said plainly to be unverified.

Gambit's large-payoff game (payoffs near 1e19 beside payoffs near 1) used to list four
"verified" equilibria, three with regret 0.5-1.5; the London model with a wealth effect
of 1e9 five, with regret up to 0.06. Regret is recomputed here from the definition in
exact arithmetic, never taken from the solver.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Game, load_model, read_nfg, solve
from bargain.equilibria.verify import DEFAULT_TOL, float_trouble, payoff_scale
from bargain.games.normal_form import to_fraction

from .entry_point import run_main
from .oracles import exact_regret, gambit_solve, require

DATA = Path(__file__).parent / "data" / "gambit"
LARGE = DATA / "large_payoff_game.nfg"

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


def exact_game(game: Game):
    """The payoffs as exact fractions: as written when exact, else the floats' decimals."""
    if game.is_exact:
        return game.exact_payoffs()
    return ([[to_fraction(v) for v in row] for row in game.A.tolist()],
            [[to_fraction(v) for v in row] for row in game.B.tolist()])


def true_regret(game: Game, eq) -> Fraction:
    A, B = exact_game(game)
    x, y = ([Fraction(p) for p in side] for side in eq.profile)
    return exact_regret(A, B, x, y)


def assert_honest(solution):
    """Every equilibrium called verified has a true regret within the stated absolute bound."""
    if solution.verified:
        for eq in solution:
            assert true_regret(solution.game, eq) <= Fraction(solution.tolerance), eq


# --- Gambit's large-payoff game -------------------------------------------------------------------

# Zero-sum, converted from Gambit's tests/test_games/large_payoff_game.efg (tests/data/gambit/README.md).
# Player 1 picks A or B after chance's L and after R, player 2 X or Y after A and after B. Against YX
# (Y after A, X after B) player 1's payoffs are AA 1, AB 1/2, BA 0, BB -1/2: AA is best. Against AA,
# player 2 pays (10^19 - 1)/2 under XX and XY and 1 under YX and YY: YX and YY are best. The value is 1.
# Player 1's only optimal strategy is AA (each other row loses against YX); player 2 may add YY to YX
# only while AB stays no better than AA: 1/2 (1 - q) + (10^19 + 1)/2 q <= 1, that is q <= 10^-19.
# So the equilibria are AA against YX mixed with at most 10^-19 of YY: two extreme equilibria.
# (pygambit's enummixed and lcp and lrsnash all fail on this game: no equilibrium, an error, and
# an overflowed 2^63 respectively; pygambit's exact LP confirms the value and the pure equilibrium.)
LARGE_EQUILIBRIA = {
    ((1, 0, 0, 0), (0, 0, 1, 0)),
    ((1, 0, 0, 0), (0, 0, 1 - Fraction(1, 10**19), Fraction(1, 10**19))),
}


def profiles(solution):
    return {tuple(tuple(Fraction(p) for p in side) for side in eq.profile) for eq in solution}


def same_equilibria(solution, exact_profiles) -> bool:
    """The same extreme equilibria: exactly when the solution is exact, else to 1e-9, one to one."""
    if solution.exact:
        return profiles(solution) == exact_profiles
    return len(solution) == len(exact_profiles) and all(
        any(max(abs(float(p) - float(q)) for p, q in zip((*eq.profile[0], *eq.profile[1]), (*x, *y), strict=True))
            < 1e-9 for x, y in exact_profiles)
        for eq in solution)


@pytest.mark.parametrize("exact", [False, True])
def test_large_payoff_game_in_both_modes(exact):
    game = read_nfg(LARGE)
    solution = solve(game, exact=exact)
    assert same_equilibria(solution, LARGE_EQUILIBRIA)
    assert solution.components == ((0, 1),) and solution.complete
    assert_honest(solution)
    if exact:
        assert all(true_regret(game, eq) == 0 for eq in solution)
    if not exact:
        assert "differ by 0.5" in solution.options["float_trouble"]


def test_large_payoff_game_value_matches_pygambits_exact_lp():
    gbt = require("pygambit")
    theirs = gbt.nash.lp_solve(gbt.read_nfg(str(LARGE)), rational=True).equilibrium
    game = read_nfg(LARGE)
    A = game.exact_payoffs()[0]
    x = [Fraction(str(theirs["1"][s])) for s in game.actions[0]]
    y = [Fraction(str(theirs["2"][s])) for s in game.actions[1]]
    value = sum(x[i] * A[i][j] * y[j] for i in range(4) for j in range(4))
    assert value == 1
    for eq in solve(game):
        assert eq.payoffs[0] == value


@pytest.mark.parametrize("mode", [(), ("--exact",), ("--method", "pure"), ("--method", "vertex")])
def test_cli_never_calls_a_large_regret_verified(capsys, mode):
    code, out, err = run_main(capsys, "solve", str(LARGE), *mode, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    game = read_nfg(LARGE)
    for eq in data["equilibria"]:
        x = [Fraction(str(eq["strategies"]["1"][a])) for a in game.actions[0]]
        y = [Fraction(str(eq["strategies"]["2"][a])) for a in game.actions[1]]
        assert exact_regret(*game.exact_payoffs(), x, y) <= Fraction(data["tolerance"])
    assert data["verified"] is True
    code, out, err = run_main(capsys, "solve", str(LARGE), *mode)
    assert "verified" in out and "1.0e+10" not in out


def test_constant_sum_method_on_it_fails_clearly(capsys):
    code, out, err = run_main(capsys, "solve", str(LARGE), "--method", "zero-sum")
    assert code != 0 and "Traceback" not in err
    assert "floats cannot resolve this game" in err and "--exact" in err


# --- a parameter that dwarfs the others ----------------------------------------------------------


def test_london_with_a_huge_wealth_effect_matches_gambit():
    game = load_model("london-2025").game(us_wealth_effect=1e9)
    solution = solve(game)
    reference, _ = gambit_solve(game.A, game.B)  # the float payoffs, read exactly
    assert same_equilibria(solution, reference)
    assert len(solution) == len(reference) and not solution.exact
    assert_honest(solution)  # the regret bound stated holds for the rounded probabilities shown
    assert solution.tolerance < 1e-6
    assert "floats cannot certify" in solution.options["float_trouble"]


def test_a_large_game_floats_cannot_certify_is_marked_unverified(capsys, tmp_path):
    rng = np.random.default_rng(4)
    A, B = rng.integers(0, 10, (11, 11)), rng.integers(0, 10, (11, 11))
    A[0, 0] = 10**12
    solution = solve(Game(A.astype(float), B.astype(float)), "lemke-howson")
    assert not solution.verified and "floats cannot certify" in solution.options["float_trouble"]
    from bargain import write_nfg

    path = tmp_path / "big.nfg"
    write_nfg(Game(A.astype(float), B.astype(float)), path)
    code, out, err = run_main(capsys, "solve", str(path), "--method", "lemke-howson")
    assert "NOT verified" in out and "--exact" in out
    assert "every equilibrium verified" not in out
    code, out, err = run_main(capsys, "solve", str(path), "--method", "lemke-howson", "--format", "json")
    assert json.loads(out)["verified"] is False


# --- the criterion ---------------------------------------------------------------------------------


def test_ordinary_games_are_certified_in_floats():
    rng = np.random.default_rng(0)
    assert float_trouble(Game(rng.integers(0, 100, (8, 8)), rng.integers(0, 100, (8, 8)))) is None
    assert float_trouble(Game(rng.normal(size=(6, 6)), rng.normal(size=(6, 6)))) is None
    for name in ("london-2025", "rare-earth-chicken", "august-deadline"):
        assert float_trouble(load_model(name).game()) is None, name
    assert not solve(load_model("london-2025").game()).method.endswith("exact")  # the float path, not the fallback


def test_round_off_ties_are_ties():
    # 0.1 + 0.2 and 0.3 differ in the last bit only: a tie made by arithmetic, not a payoff difference
    assert float_trouble(Game([[0.1 + 0.2, 0.0], [0.3, 1.0]], [[1.0, 0.0], [0.0, 1.0]])) is None


def test_integers_beyond_double_precision_are_caught():
    # 2**53 + 1 and 2**53 are the same double; exactly they differ by 1, far below the tolerance
    big = 2**53
    game = Game([[big + 1, 0], [big, 1]], [[0, 1], [1, 0]])
    assert "differ by 1" in float_trouble(game)
    # matching pennies in disguise: r1 is better by 1 against c1, r2 by 1 against c2, so both mix
    # half-half; in doubles r2 weakly dominates r1 and the answer would change
    (eq,) = solve(game)
    assert eq.profile == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)
    assert true_regret(game, eq) == 0


small = st.integers(-5, 5)
huge = st.sampled_from([10**9, -(10**9), 10**12, 10**19, -(10**19)])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.data())
def test_a_huge_payoff_beside_small_ones_never_yields_a_false_verified(m, n, data):
    entries = st.one_of(small, small, small, huge)
    A = data.draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    B = data.draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    game = Game(A, B)
    solution = solve(game)
    assert_honest(solution)
    assert same_equilibria(solution, profiles(solve(game, exact=True)))  # none merged, missed or added
    assert Fraction(solution.tolerance) <= max(1, payoff_scale(game)) * Fraction(DEFAULT_TOL)


def test_tiny_probabilities_are_not_merged_away():
    # the column player is indifferent at x2 = 2 / (1e9 + 2): that extreme equilibrium sits 2e-9 from
    # the pure one, closer than float mode tells probabilities apart, so the game is solved exactly
    game = Game([[0, 0], [0, 0]], [[0, 2], [0, -(10**9)]])
    assert "differ by 2" in float_trouble(game)
    solution = solve(game)
    assert same_equilibria(solution, profiles(solve(game, exact=True))) and len(solution) == 4
    assert not solution.exact  # handed back in floats, as asked


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_small_games_find_the_same_near_tie_as_the_array_test(m, n, data):
    """The plain-Python test of near ties on games of up to 16 cells against a direct array computation."""
    from bargain.equilibria.verify import ROUND_OFF, _float_gap

    values = st.sampled_from([0.0, 1.0, -1.0, 1 + 1e-13, 1e-7, 3e5, 1e12, 1e12 + 1, -2.5])
    A = np.array(data.draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n)
    B = np.array(data.draw(st.lists(values, min_size=m * n, max_size=m * n))).reshape(m, n)
    limit = data.draw(st.sampled_from([0.0, 1e-9, 1e-3, 1.0, 1e6]))
    expected = None
    for k, matrix in enumerate((A, B.T)):
        ordered = np.sort(matrix, axis=0)
        gaps = np.diff(ordered, axis=0)
        floor = ROUND_OFF * np.maximum(np.abs(ordered[:-1]), np.abs(ordered[1:]))
        hits = np.argwhere((gaps > floor) & (gaps <= limit))
        if hits.size:
            expected = (k, int(hits[0][1]), float(gaps[hits[0][0], hits[0][1]]))
            break
    assert _float_gap(Game(A, B), limit) == expected
