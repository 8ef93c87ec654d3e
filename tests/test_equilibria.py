"""The solver against independent oracles, textbook answers and invariances."""

from __future__ import annotations

import gc
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Game, SolverError, solve
from bargain.equilibria import METHODS
from bargain.equilibria.extreme import is_degenerate

from .oracles import gambit_float_equilibria, gambit_solve, lrsnash_solve, regret
from .oracles import mixed_kind_game as random_game


def exact_key(solution):
    return {tuple(tuple(Fraction(p) for p in side) for side in eq.profile) for eq in solution}


def same_set(solution, reference, tol=1e-7) -> bool:
    """Float equilibria equal the exact reference set, one to one."""
    got = [np.concatenate([eq.row, eq.col]) for eq in solution]
    want = [np.array([float(v) for v in (*x, *y)]) for x, y in reference]
    if len(got) != len(want):
        return False
    return all(any(np.abs(g - w).max() < tol for g in got) for w in want)


SEEDS = range(320)


def shows_degeneracy(reference, cliques) -> bool:
    """Evidence of degeneracy in the oracle's answer alone.

    A nondegenerate game has isolated equilibria (every clique a single point),
    an odd number of them, and equal support sizes in each.
    """
    unequal = any(sum(p > 0 for p in x) != sum(q > 0 for q in y) for x, y in reference)
    return unequal or len(reference) % 2 == 0 or any(len(c) > 1 for c in cliques)


@pytest.mark.parametrize("seed", SEEDS)
def test_auto_and_exact_match_gambit(seed):
    A, B, kind = random_game(seed)
    reference, cliques = gambit_solve(A, B)
    game = Game(A, B)
    exact = solve(game, exact=True)
    assert exact_key(exact) == reference
    components = {frozenset(tuple(tuple(Fraction(p) for p in s) for s in exact[k].profile) for k in c)
                  for c in exact.components}
    assert components == cliques
    floating = solve(game)
    assert same_set(floating, reference), (kind, A, B)
    assert len(floating.components) == len(cliques)
    assert floating.degenerate == exact.degenerate
    if shows_degeneracy(reference, cliques):
        assert exact.degenerate


@pytest.mark.parametrize("seed", range(0, 320, 4))
@pytest.mark.parametrize("method", ["vertex", "support"])
def test_other_complete_methods_match_gambit(seed, method):
    A, B, _ = random_game(seed)
    reference, _ = gambit_solve(A, B)
    assert same_set(solve(Game(A, B), method), reference)


@pytest.mark.parametrize("seed", range(1000, 1060))
def test_auto_matches_lrsnash(seed):
    A, B, _ = random_game(seed)
    assert exact_key(solve(Game(A, B), exact=True)) == lrsnash_solve(A, B)
    assert same_set(solve(Game(A, B)), lrsnash_solve(A, B))


def same_float_set(solution, reference, tol=1e-7) -> bool:
    """Float equilibria equal a float reference set (each a concatenated profile), one to one."""
    got = [np.concatenate([eq.row, eq.col]) for eq in solution]
    return len(got) == len(reference) and all(any(np.abs(g - w).max() < tol for g in got) for w in reference)


@pytest.mark.parametrize("shape", [(10, 10), (8, 16), (12, 6)])
def test_larger_games_match_lrsnash_and_gambit(shape):
    # pygambit's exact enumeration takes 10-45 s on these; lrsnash (exact) and
    # pygambit in doubles are two independent answers in well under a second.
    rng = np.random.default_rng(sum(shape))
    A, B = rng.integers(0, 100, shape).tolist(), rng.integers(0, 100, shape).tolist()
    exact = lrsnash_solve(A, B)
    assert exact_key(solve(Game(A, B), exact=True)) == exact
    assert same_set(solve(Game(A, B)), exact)
    assert same_float_set(solve(Game(A, B)), gambit_float_equilibria(A, B))


# ---------------------------------------------------------------- textbook games


def profiles(solution):
    return sorted(tuple(round(float(p), 9) for p in (*eq.profile[0], *eq.profile[1])) for eq in solution)


def test_prisoners_dilemma_has_one_equilibrium_defect_defect():
    game = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    (eq,) = solve(game)
    assert eq.supports == (("D",), ("D",)) and eq.pure and eq.payoffs == (1.0, 1.0)


def test_matching_pennies_is_uniform():
    game = Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    (eq,) = solve(game, exact=True)
    assert eq.profile == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)
    assert eq.payoffs == (0, 0) and not eq.pure


def test_battle_of_the_sexes():
    game = Game([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert profiles(solve(game)) == sorted(
        [(1, 0, 1, 0), (0, 1, 0, 1), (round(3 / 5, 9), round(2 / 5, 9), round(2 / 5, 9), round(3 / 5, 9))]
    )


def test_chicken_mixed_equilibrium_in_closed_form():
    # swerve/straight with crash cost c: each goes straight with probability 1/c.
    for c in (2, 5, 10):
        game = Game([[0, -1], [1, -c]], [[0, 1], [-1, -c]])
        mixed = [eq for eq in solve(game, exact=True) if not eq.pure]
        assert len(mixed) == 1 and mixed[0].profile[0][1] == Fraction(1, c)


def test_rock_paper_scissors():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    game = Game(A, (-np.array(A)).tolist())
    (eq,) = solve(game, exact=True)
    assert eq.profile == ((Fraction(1, 3),) * 3,) * 2
    (lp,) = solve(game, "zero-sum")
    assert np.allclose(lp.row, 1 / 3)


def test_a_continuum_is_reported():
    game = Game([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    solution = solve(game)
    assert solution.continuum and solution.components == ((0, 1),) and solution.degenerate


def test_degeneracy_flag():
    assert not is_degenerate(Game([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    assert is_degenerate(Game([[1, 1], [0, 0]], [[1, 1], [0, 0]]))
    assert not solve(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])).degenerate


def test_nashpy_misses_equilibria_we_find():
    """A degenerate 3x3 game: Gambit lists 5 extreme equilibria, nashpy's enumerations fewer, we all 5."""
    nashpy = pytest.importorskip("nashpy")
    A = [[0, 2, 1], [1, 1, 0], [2, 0, 0]]
    B = [[1, 1, 1], [0, 0, 0], [0, 0, 2]]
    reference, _ = gambit_solve(A, B)
    assert len(reference) == 5
    ours = solve(Game(A, B))
    assert same_set(ours, reference)

    def found(profiles) -> int:
        return sum(any(np.allclose(np.concatenate([x, y]), [float(v) for v in (*rx, *ry)]) for x, y in profiles)
                   for rx, ry in reference)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns that the game is degenerate
        support = list(nashpy.Game(np.array(A), np.array(B)).support_enumeration())
        vertex = list(nashpy.Game(np.array(A), np.array(B)).vertex_enumeration())
    assert found(support) < len(reference) and found(vertex) < len(reference)


# ---------------------------------------------------------------- other methods


def test_pure_method_lists_pure_equilibria_only():
    game = Game([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    solution = solve(game, "pure")
    assert len(solution) == 2 and all(eq.pure for eq in solution) and not solution.complete


def test_lemke_howson_results_are_equilibria_of_the_full_set():
    for seed in range(30):
        A, B, _ = random_game(seed)
        full = solve(Game(A, B), exact=True)
        for eq in solve(Game(A, B), "lemke-howson"):
            assert any(np.allclose(eq.row, f.row) and np.allclose(eq.col, f.col) for f in full)


def test_dominance_reports_order_and_keeps_equilibria():
    game = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"), actions=(["C", "D"], ["C", "D"]))
    solution = solve(game, "dominance")
    assert solution.eliminated and {a for _, a in solution.eliminated} == {"C"}
    assert [eq.supports for eq in solution] == [(("D",), ("D",))]


def test_zero_sum_refuses_general_sum_games():
    with pytest.raises(SolverError, match="constant-sum"):
        solve(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]), "zero-sum")


@pytest.mark.parametrize("bad", ["nash", "", "AUTO"])
def test_unknown_method_names_the_choices(bad):
    with pytest.raises(SolverError, match="unknown method"):
        solve(Game([[1]], [[1]]), bad)


def test_solve_rejects_non_games_and_bad_tolerance():
    with pytest.raises(SolverError):
        solve([[1, 2]])
    with pytest.raises(SolverError):
        solve(Game([[1]], [[1]]), tol=0)


def test_every_method_is_dispatched():
    game = Game([[2, 0], [0, 1]], [[-2, 0], [0, -1]])
    for method in METHODS:
        solution = solve(game, method)
        assert solution.method.startswith(method if method != "auto" else "auto:")
        assert len(solution) == (0 if method == "pure" else 1)


def test_exact_mode_reads_floats_as_decimals():
    game = Game([[0.1, 0.0], [0.0, 0.2]], [[0.2, 0.0], [0.0, 0.1]])
    mixed = [eq for eq in solve(game, exact=True) if not eq.pure][0]
    assert mixed.profile[0] == (Fraction(1, 3), Fraction(2, 3))


# ---------------------------------------------------------------- properties

payoffs = st.integers(min_value=-5, max_value=5)


@st.composite
def games(draw):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    A = draw(st.lists(st.lists(payoffs, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(payoffs, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


@settings(max_examples=150, deadline=None)
@given(games())
def test_every_returned_profile_is_an_equilibrium(ab):
    A, B = ab
    solution = solve(Game(A, B))
    assert len(solution) >= 1
    for eq in solution:
        assert regret(A, B, eq.row, eq.col) <= 1e-8
        assert abs(eq.row.sum() - 1) < 1e-12 and eq.row.min() >= 0


@settings(max_examples=100, deadline=None)
@given(games(), st.randoms(use_true_random=False))
def test_permuting_actions_permutes_the_answer(ab, rnd):
    A, B = ab
    m, n = len(A), len(A[0])
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    game = Game(A, B)
    before = exact_key(solve(game, exact=True))
    after = exact_key(solve(game.permute(rows, cols), exact=True))
    assert {(tuple(x[i] for i in rows), tuple(y[j] for j in cols)) for x, y in before} == after


@settings(max_examples=100, deadline=None)
@given(games(), st.integers(1, 7), st.integers(-20, 20), st.booleans())
def test_affine_changes_of_one_players_payoffs_change_nothing(ab, scale, shift, which):
    A, B = ab
    before = solve(Game(A, B), exact=True)
    M = np.array(A if which else B) * scale + shift
    changed = Game(M.tolist(), B) if which else Game(A, M.tolist())
    after = solve(changed, exact=True)
    assert exact_key(before) == exact_key(after)
    assert sorted(before.components) == sorted(after.components)
    assert same_set(solve(changed), exact_key(before))


def test_support_enumeration_refuses_games_too_large_for_it():
    rng = np.random.default_rng(0)
    game = Game(rng.integers(0, 100, (15, 15)), rng.integers(0, 100, (15, 15)))
    with pytest.raises(SolverError, match="155,117,519 linear systems"):
        solve(game, "support")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 0.25, 1 / 3, 0.5, 0.5 + 4e-10, 0.5 + 6e-10, 0.5 + 1.5e-9,
                                          0.5 + 3e-9, 0.5000000005, 0.9999999996, 1.0]),
                         min_size=4, max_size=4), min_size=1, max_size=8))
def test_equilibria_are_ordered_by_probabilities_rounded_to_nine_places(vectors):
    """The order of equilibria is by ``round(p, 9)``, largest first, even where floats near-tie."""
    from bargain.equilibria._dispatch import _order
    from bargain.results.solution import Equilibrium

    game = Game([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    found = [Equilibrium(game, (tuple(v[:2]), tuple(v[2:])), (0.0, 0.0), 0.0) for v in vectors]
    expected = sorted(range(len(vectors)), key=lambda k: [-round(p, 9) for p in vectors[k]])
    assert _order(found) == expected


# ---------------------------------------------------------------- the cyclic collector during a large solve


def _spy_on_run(monkeypatch, fail: bool = False) -> list[bool]:
    """Replace the dispatcher behind ``solve`` by one that notes whether the cyclic collector is on."""
    from bargain.equilibria import _dispatch

    seen: list[bool] = []
    real = _dispatch.run

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        if fail:
            raise SolverError("stopped on purpose")
        return real(*args, **kwargs)

    monkeypatch.setattr(_dispatch, "run", spy)
    return seen


def test_large_solves_hold_off_the_cyclic_collector_and_switch_it_back_on(monkeypatch):
    from bargain.equilibria import COLLECTOR_PAUSED_FROM

    seen = _spy_on_run(monkeypatch)
    assert gc.isenabled()
    eye = np.eye(6, dtype=int).tolist()
    assert 36 >= COLLECTOR_PAUSED_FROM
    assert len(solve(Game(eye, eye))) == 2**6 - 1  # every nonempty set of matched actions, mixed uniformly
    assert len(solve(Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))) == 3
    assert seen == [False, True]  # held off for the 6 x 6 game only
    assert gc.isenabled()


def test_a_solve_leaves_a_collector_switched_off_by_its_caller_off(monkeypatch):
    seen = _spy_on_run(monkeypatch)
    eye = np.eye(6, dtype=int).tolist()
    gc.disable()
    try:
        solve(Game(eye, eye))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False]


def test_the_collector_is_back_on_when_a_large_solve_fails(monkeypatch):
    _spy_on_run(monkeypatch, fail=True)
    eye = np.eye(6, dtype=int).tolist()
    with pytest.raises(SolverError, match="on purpose"):
        solve(Game(eye, eye))
    assert gc.isenabled()
