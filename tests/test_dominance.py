"""Iterated strict dominance: textbook reductions, weak dominance kept, no equilibrium lost."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.equilibria.dominance import eliminate_dominated
from bargain.games import Game

from .oracles import gambit_equilibria, small_game


def test_prisoners_dilemma():
    pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Ann", "Bob"),
              actions=(["cooperate", "defect"], ["cooperate", "defect"]))
    reduced, rows, cols, gone = eliminate_dominated(pd)
    assert reduced.actions == (("defect",), ("defect",))
    assert reduced.players == ("Ann", "Bob")
    assert (rows, cols) == ((1,), (1,))
    assert gone == (("Ann", "cooperate"), ("Bob", "cooperate"))
    assert reduced.payoff("defect", "defect") == (1.0, 1.0)


def test_three_rounds_in_order():
    # Gibbons' example: Right is dominated by Middle; then Down by Up; then Left by Middle.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    g = Game(A, B, actions=(["Up", "Down"], ["Left", "Middle", "Right"]))
    reduced, rows, cols, gone = eliminate_dominated(g, mixed=False)
    assert gone == (("Column", "Right"), ("Row", "Down"), ("Column", "Left"))
    assert (rows, cols) == ((0,), (1,))
    assert reduced.actions == (("Up",), ("Middle",))


def test_needs_mixed_dominance():
    g = Game([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]], actions=(["T", "M", "B"], ["L", "R"]))
    assert eliminate_dominated(g, mixed=False)[3] == ()
    reduced, rows, cols, gone = eliminate_dominated(g)
    assert gone == (("Row", "B"),)
    assert rows == (0, 1) and cols == (0, 1)
    assert reduced.actions == (("T", "M"), ("L", "R"))


def test_weakly_dominated_actions_are_kept():
    # B equals the half-half mixture of T and M: weakly, not strictly, dominated
    g = Game([[3, 0], [0, 3], [Fraction(3, 2), Fraction(3, 2)]], [[1, 0], [0, 1], [0, 0]])
    assert eliminate_dominated(g)[3] == ()
    # a pure action that ties in one column
    g = Game([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    assert eliminate_dominated(g)[3] == ()
    assert eliminate_dominated(g, mixed=False)[3] == ()


def test_round_off_is_not_strict_dominance():
    g = Game([[1.0, 2.0], [1.0 + 1e-15, 2.0 + 1e-15]], [[0.0, 0.0], [0.0, 0.0]])
    assert eliminate_dominated(g)[3] == ()
    exact = Game([[1, 2], [Fraction(1) + Fraction(1, 10**15), Fraction(2) + Fraction(1, 10**15)]],
                 [[0, 0], [0, 0]])
    assert eliminate_dominated(exact)[3] == (("Row", "r1"),)


def test_nothing_to_remove_returns_same_game():
    g = Game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    reduced, rows, cols, gone = eliminate_dominated(g)
    assert reduced == g and rows == (0, 1) and cols == (0, 1) and gone == ()


def test_exact_payoffs_survive():
    g = Game([[Fraction(1, 3), 0], [0, Fraction(1, 7)], [-1, -1]], [[1, 0], [0, 1], [5, 5]])
    reduced, *_ = eliminate_dominated(g)
    assert reduced.is_exact and reduced.exact_payoffs()[0] == [[Fraction(1, 3), 0], [0, Fraction(1, 7)]]


def random_game(seed):
    """Seeded games up to 5x5: odd seeds with payoffs in {0, 1, 2}, even seeds 0..11."""
    return small_game(seed, generic=(0, 12))


def pad(profile, kept, size):
    full = [Fraction(0)] * size
    for k, i in enumerate(kept):
        full[i] = profile[k]
    return tuple(full)


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("mixed", [True, False])
def test_no_equilibrium_is_lost(seed, mixed):
    A, B = random_game(seed)
    m, n = A.shape
    reduced, rows, cols, gone = eliminate_dominated(Game(A, B), mixed=mixed)
    assert len(gone) == m + n - len(rows) - len(cols)
    before = gambit_equilibria(A, B)
    for x, y in before:  # no removed action is used in any equilibrium
        assert all(x[i] == 0 for i in range(m) if i not in rows)
        assert all(y[j] == 0 for j in range(n) if j not in cols)
    RA, RB = reduced.exact_payoffs()
    after = {(pad(x, rows, m), pad(y, cols, n)) for x, y in gambit_equilibria(RA, RB)}
    assert after == before


def pure_equilibria(A, B):
    """Brute force: cells where each payoff is a best response to the other's action."""
    A, B = np.asarray(A), np.asarray(B)
    return {(i, j) for i in range(A.shape[0]) for j in range(A.shape[1])
            if A[i, j] == A[:, j].max() and B[i, j] == B[i, :].max()}


def pure_dominated(U, a):
    return any((U[b] > U[a]).all() for b in range(U.shape[0]) if b != a)


matrices = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_properties(game):
    A, B = (np.array(M) for M in game)
    strict = eliminate_dominated(Game(A, B))
    pure = eliminate_dominated(Game(A, B), mixed=False)
    # mixtures can only remove more
    assert set(strict[1]) <= set(pure[1]) and set(strict[2]) <= set(pure[2])
    for reduced, rows, cols, _ in (strict, pure):
        # every pure equilibrium survives, with the same cell
        for i, j in pure_equilibria(A, B):
            assert i in rows and j in cols
        # the result is a fixed point: nothing left is dominated by a pure action
        RA, RB = reduced.A, reduced.B
        assert not any(pure_dominated(RA, a) for a in range(RA.shape[0]))
        assert not any(pure_dominated(RB.T, b) for b in range(RB.shape[1]))
        assert eliminate_dominated(reduced, mixed=reduced is strict[0])[3] == ()
        assert reduced == Game(A, B).permute(rows, cols)
