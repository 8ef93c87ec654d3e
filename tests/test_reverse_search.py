"""Exact mode by reverse search, and the small-game path, against independent oracles."""

from __future__ import annotations

import functools
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from bargain import Game, solve
from bargain.equilibria import exact_search, small
from bargain.equilibria import reverse_search as rs
from bargain.equilibria.verify import verify_integer_profiles, verify_profile, verify_profiles
from bargain.games.nfg import read_nfg

from .oracles import gambit_solve, lrsnash_solve
from .test_equilibria import exact_key, random_game, same_set

DATA = Path(__file__).parent / "data"


# ---------------------------------------------------------------- vertices


def brute_force_vertices(C: list[list[int]]) -> set[tuple[Fraction, ...]]:
    """Vertices of {z >= 0 : C z <= 1} by trying every square subsystem in exact arithmetic."""
    k, d = len(C), len(C[0])
    rows = [[Fraction(v) for v in row] + [Fraction(1)] for row in C]
    rows += [[Fraction(int(i == j)) for j in range(d)] + [Fraction(0)] for i in range(d)]  # z_i = 0
    found = set()
    for chosen in combinations(range(k + d), d):
        M = [list(rows[r]) for r in chosen]
        z = _solve_exact(M, d)
        if z is None or min(z) < 0:
            continue
        if all(sum(C[r][c] * z[c] for c in range(d)) <= 1 for r in range(k)):
            found.add(tuple(z))
    return found


def _solve_exact(M: list[list[Fraction]], d: int) -> list[Fraction] | None:
    for col in range(d):
        pivot = next((r for r in range(col, d) if M[r][col] != 0), None)
        if pivot is None:
            return None
        M[col], M[pivot] = M[pivot], M[col]
        for r in range(d):
            if r != col and M[r][col] != 0:
                factor = M[r][col] / M[col][col]
                M[r] = [a - factor * b for a, b in zip(M[r], M[col], strict=True)]
    return [M[r][d] / M[r][r] for r in range(d)]


def walked_vertices(C: list[list[int]], lists: bool | None = None) -> list[tuple[Fraction, ...]]:
    k, d = len(C), len(C[0])
    seen = []
    for basis in rs.walk(rs.start(C, [1] * k), lists=lists):
        value = {int(v): Fraction(int(x), basis.D) for v, x in zip(basis.basis, basis.values, strict=True)}
        seen.append(tuple(value.get(k + c, Fraction(0)) for c in range(d)))
    return seen


@pytest.mark.parametrize("lists", [True, False, None], ids=["lists", "arrays", "compiled"])
@pytest.mark.parametrize("seed", range(60))
def test_reverse_search_lists_every_vertex_once(seed, lists, monkeypatch):
    monkeypatch.setattr(rs, "COMPILED_CELLS", 0)  # lists=None: compiled code at any size
    rng = np.random.default_rng(seed)
    k, d = (int(v) for v in rng.integers(1, 6, 2))
    C = rng.integers(1, 3 if seed % 2 else 30, (k, d)).tolist()  # odd seeds: very degenerate
    seen = walked_vertices(C, lists)
    assert len(seen) == len(set(seen))
    assert set(seen) == brute_force_vertices(C)


def test_reverse_search_moves_to_python_integers_when_entries_grow():
    C = np.random.default_rng(1).integers(10**5, 10**6, (5, 4)).tolist()
    root = rs.start(C, [1] * len(C))
    assert root.M.dtype == np.int64
    assert any(b.M.dtype == object for b in rs.walk(root, lists=False))
    seen = walked_vertices(C, lists=False)
    assert len(seen) == len(set(seen)) and set(seen) == brute_force_vertices(C)


@pytest.mark.parametrize("seed", range(12))
def test_compiled_walk_with_entries_past_32_bits(seed, monkeypatch):
    monkeypatch.setattr(rs, "COMPILED_CELLS", 0)
    rng = np.random.default_rng(seed)
    C = rng.integers(10**4, 10**5 if seed % 2 else 10**4 + 3, (6, 3)).tolist()  # minors up to 10**15; even: degenerate
    visited = list(rs.walk(rs.start(C, [1] * len(C))))
    assert all(isinstance(b, rs.Vertex) for b in visited[1:])  # every pivot in compiled code
    if seed % 2:
        assert max(max(b.D, *b.values) for b in visited) > 2**31  # through products wider than 64 bits
    seen = walked_vertices(C)
    assert len(seen) == len(set(seen)) and set(seen) == brute_force_vertices(C)


@pytest.mark.parametrize("seed", range(12))
def test_compiled_walk_goes_on_past_64_bits_from_where_it_stopped(seed, monkeypatch):
    monkeypatch.setattr(rs, "COMPILED_CELLS", 0)
    rng = np.random.default_rng(seed)
    big = rng.integers(10**7, 10**8, (6, 5)) if seed % 2 else rng.integers(1, 3, (6, 5)) * 30011  # even: degenerate
    C = big.tolist()
    handed_over = []
    wide = rs._walk_wide
    monkeypatch.setattr(rs, "_walk_wide", lambda *args: handed_over.append(args[1:3]) or wide(*args))
    visited = list(rs.walk(rs.start(C, [1] * len(C))))
    assert any(isinstance(b, rs.Vertex) for b in visited)  # found by compiled code
    if seed % 2:  # and, with entries this large, the 64-bit walk handed over below the root
        assert len(handed_over) == 1 and handed_over[0][0] > 0
    seen = walked_vertices(C)
    assert len(seen) == len(set(seen)) and set(seen) == brute_force_vertices(C)


@pytest.mark.parametrize("seed", range(8))
def test_two_word_walk_goes_on_in_python_integers_past_its_cap(seed, monkeypatch):
    monkeypatch.setattr(rs, "COMPILED_CELLS", 0)
    rng = np.random.default_rng(seed)
    scale = 10**13 if seed % 2 else 10**9
    big = rng.integers(scale, 10 * scale, (6, 5)) if seed % 4 < 2 else rng.integers(1, 3, (6, 5)) * (scale + 7)
    C = big.tolist()
    visited = list(rs.walk(rs.start(C, [1] * len(C))))
    if seed % 4 == 1:  # entries past the two-word cap: the walk ends on Python integers
        assert any(isinstance(b.M, list) for b in visited if isinstance(b, rs.Basis))
    seen = walked_vertices(C)
    assert len(seen) == len(set(seen)) and set(seen) == brute_force_vertices(C)


# ---------------------------------------------------------------- equilibria


@functools.cache
def lrs_answer(path: str):
    A, B = read_nfg(path).exact_payoffs()
    return frozenset(lrsnash_solve(A, B))


@pytest.mark.parametrize("seed", range(2000, 2080))
def test_exact_search_matches_pygambit(seed):
    A, B, _ = random_game(seed)
    reference, cliques = gambit_solve(A, B)
    solution = solve(Game(A, B), exact=True)
    assert solution.method == "auto:exact" and solution.complete
    assert exact_key(solution) == reference
    components = {frozenset(tuple(tuple(p) for p in solution[k].profile) for k in c) for c in solution.components}
    assert components == cliques


@pytest.mark.parametrize("shape", [(3, 9), (9, 3), (5, 12)])
def test_exact_search_on_long_games_matches_lrsnash(shape):
    rng = np.random.default_rng(sum(shape))
    A, B = rng.integers(0, 6, shape).tolist(), rng.integers(0, 6, shape).tolist()
    assert exact_key(solve(Game(A, B), exact=True)) == lrsnash_solve(A, B)


def test_von_stengels_game_with_75_equilibria():
    game = read_nfg(DATA / "vonstengel1999_6x6_75_equilibria.nfg")
    solution = solve(game, exact=True)
    assert len(solution) == 75
    assert exact_key(solution) == lrs_answer(str(DATA / "vonstengel1999_6x6_75_equilibria.nfg"))
    assert same_set(solve(game), exact_key(solution))


@pytest.mark.parametrize("seed", range(24))
def test_games_with_large_payoffs_match_pygambit_whether_partners_are_looked_up_or_solved(seed, monkeypatch):
    rng = np.random.default_rng(3000 + seed)
    n = 5 + (seed // 3) % 2  # tables of 36 entries and more: the walk goes past 64 bits in compiled code
    distinct = rng.integers(-10**8, 10**8, (n, n)).tolist()  # no ties: a nondegenerate polytope
    few = (rng.integers(0, 3, (n, n)) * 99_999_989 + 7).tolist()  # ties: surplus labels
    kind = seed % 3  # 0: partners looked up; 1: solved; 2: looked up, those of degenerate vertices solved
    A, B = (distinct, rng.integers(-10**8, 10**8, (n, n)).tolist()) if kind == 0 else (
        (few, (rng.integers(0, 3, (n, n)) * 99_999_989 + 7).tolist()) if kind == 1 else (distinct, few))
    tables = []
    by_labels = exact_search._by_labels
    monkeypatch.setattr(exact_search, "_by_labels", lambda *args: tables.append(by_labels(*args)) or tables[-1])
    solution = solve(Game(A, B), exact=True)
    assert len(tables) <= 1 and solution.complete
    if kind == 0:
        assert len(tables) == 1 and tables[0] is not None and not solution.degenerate
    if kind == 2 and tables:
        assert tables[0] is not None
    reference, cliques = gambit_solve(A, B)
    assert exact_key(solution) == reference
    components = {frozenset(tuple(tuple(p) for p in solution[k].profile) for k in c) for c in solution.components}
    assert components == cliques


def test_coordination_game_has_every_support():
    n = 7
    game = Game(np.eye(n, dtype=int).tolist(), np.eye(n, dtype=int).tolist())
    solution = solve(game, exact=True)
    assert len(solution) == 2**n - 1 and not solution.degenerate
    assert {eq.support_indices[0] for eq in solution} == {
        s for k in range(1, n + 1) for s in combinations(range(n), k)
    }


def test_degeneracy_is_settled_exactly():
    assert exact_search.is_degenerate([[Fraction(1), Fraction(1)]], [[Fraction(0), Fraction(0)]])
    assert not exact_search.is_degenerate([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]],
                                          [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]])


# ---------------------------------------------------------------- stopping early


def coordination(n: int, weight: int = 1) -> Game:
    """The identity game (``2^n - 1`` equilibria); a large ``weight`` makes the exact walk's entries large and slow."""
    return Game((weight * np.eye(n, dtype=int)).tolist(), (weight * np.eye(n, dtype=int)).tolist())


def test_a_time_limit_returns_verified_equilibria_marked_incomplete():
    game = coordination(16)
    solution = solve(game, exact=True, timeout=0.2)
    assert not solution.complete and "time limit of 0.2 s" in solution.stopped
    assert 0 < len(solution) < 2**16 - 1
    assert solution.degenerate is None
    for eq in solution:  # each is an equilibrium of the coordination game: both uniform on one support
        x, y = eq.profile
        assert x == y and len({p for p in x if p > 0}) == 1
        assert len(set(eq.support_indices[0])) == sum(p > 0 for p in eq.profile[0])
    for eq in solution[:50]:  # and by the general check
        assert verify_profile(game, list(eq.profile[0]), list(eq.profile[1])) is not None


def test_an_interrupt_keeps_what_was_found():
    calls = []

    def interrupt(progress):
        calls.append(progress)
        raise KeyboardInterrupt

    solution = solve(coordination(16), exact=True, progress=interrupt)
    assert calls and not solution.complete and "interrupt" in solution.stopped
    assert len(solution) >= calls[0].equilibria


def test_float_auto_with_a_time_limit_uses_the_interruptible_search():
    solution = solve(coordination(16), timeout=0.2)
    assert solution.method == "auto:exact" and not solution.complete and not solution.exact


def test_a_time_limit_long_enough_changes_nothing():
    A, B, _ = random_game(7)
    assert exact_key(solve(Game(A, B), exact=True, timeout=600)) == gambit_solve(A, B)[0]


def test_timeout_must_be_positive():
    from bargain import SolverError

    with pytest.raises(SolverError, match="timeout"):
        solve(coordination(2), timeout=0)


# ---------------------------------------------------------------- verifiers


@pytest.mark.parametrize("seed", range(20))
def test_batched_verifiers_agree_with_the_verifier(seed):
    A, B, _ = random_game(seed)
    game = Game(A, B)
    m, n = game.shape
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, 3, (12, m))
    cols = rng.integers(0, 3, (12, n))
    rows[:, 0] += 1
    cols[:, 0] += 1
    for eq in solve(game, exact=True):  # some equilibria among the random profiles
        x = np.array([p * np.lcm.reduce([q.denominator for q in eq.profile[0]]) for p in eq.profile[0]], dtype=int)
        y = np.array([p * np.lcm.reduce([q.denominator for q in eq.profile[1]]) for p in eq.profile[1]], dtype=int)
        rows, cols = np.vstack([rows, x]), np.vstack([cols, y])
    exact = verify_integer_profiles(game, [tuple(map(int, r)) for r in rows], [tuple(map(int, c)) for c in cols])
    floats = verify_profiles(game, rows / rows.sum(1, keepdims=True), cols / cols.sum(1, keepdims=True))
    for r, c, e, f in zip(rows, cols, exact, floats, strict=True):
        x = [Fraction(int(v), int(r.sum())) for v in r]
        y = [Fraction(int(v), int(c.sum())) for v in c]
        one = verify_profile(game, x, y)
        assert (e is None) == (one is None)
        if one is not None:
            assert e.profile == one.profile and e.payoffs == one.payoffs
        single = verify_profile(game, r / r.sum(), c / c.sum())
        assert (f is None) == (single is None)
        if single is not None:
            assert np.allclose(f.profile[0], single.profile[0]) and np.allclose(f.payoffs, single.payoffs)


# ---------------------------------------------------------------- small games


@pytest.mark.parametrize("seed", range(40))
def test_small_path_is_complete_where_it_answers(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 5, 2))
    A, B = rng.integers(0, 100, (m, n)).tolist(), rng.integers(0, 100, (m, n)).tolist()
    reference, _ = gambit_solve(A, B)
    found = small.equilibria(Game(A, B), 1e-9)
    if found is not None:  # answered: certified nondegenerate
        assert same_set(found, reference)
        assert not solve(Game(A, B), exact=True).degenerate


def test_small_path_refuses_degenerate_games():
    for seed in range(0, 200, 5):  # the 'generic' kind only rarely; the others are often degenerate
        A, B, _ = random_game(seed + 2)
        if max(len(A), len(A[0])) > 5:
            continue
        if solve(Game(A, B), exact=True).degenerate:
            assert small.equilibria(Game(A, B), 1e-9) is None


# ---------------------------------------------------------------- command line


def test_cli_timeout_states_what_is_incomplete(tmp_path, capsys):
    import json

    from bargain.games.nfg import write_nfg

    from .entry_point import run_main

    path = tmp_path / "coordination.nfg"
    write_nfg(coordination(13, weight=10**6), path)
    code, out, _ = run_main(capsys, "solve", str(path), "--exact", "--timeout", "0.2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["complete"] is False and data["degenerate"] is None
    assert "time limit of 0.2 s" in data["stopped"] and len(data["equilibria"]) < 2**13 - 1
    code, out, _ = run_main(capsys, "solve", str(path), "--exact", "--timeout", "0.2")
    assert "incomplete: stopped by the time limit of 0.2 s" in " ".join(out.split())
    code, _, err = run_main(capsys, "solve", str(path), "--timeout", "-1")
    assert code != 0 and "-1" in err


@pytest.mark.parametrize(("shape", "seed"), [((4, 20), 1), ((20, 5), 2), ((6, 17), 0)])
def test_float_auto_on_a_long_degenerate_game_takes_the_search_and_matches_lrsnash(shape, seed):
    rng = np.random.default_rng(seed * 100 + sum(shape))
    rng.integers(0, 2, (2, *shape))  # (seeds where the one-sided Qhull pass cannot certify the answer)
    A, B = rng.integers(0, 3, shape).tolist(), rng.integers(0, 3, shape).tolist()  # ties everywhere
    solution = solve(Game(A, B))
    assert solution.method == "auto:exact" and solution.complete and not solution.exact
    assert same_set(solution, lrsnash_solve(A, B))
