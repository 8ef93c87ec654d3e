"""The one-game small path: every equilibrium pygambit finds, or an honest 'unsure' on degenerate games."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain
from bargain.equilibria import _indifference, single
from bargain.equilibria.small import pair_count

from .oracles import gambit_equilibria, small_game


def _close(found, expected) -> bool:
    """The float profiles ``found`` and the exact profiles ``expected`` are the same set (to 1e-9)."""
    if len(found) != len(expected):
        return False
    left = sorted(tuple(float(p) for p in (*x, *y)) for x, y in found)
    right = sorted(tuple(float(p) for p in (*x, *y)) for x, y in expected)
    return all(np.allclose(a, b, atol=1e-9) for a, b in zip(left, right, strict=True))


#: Seeds whose game is within the path's size (the draw runs up to 5 x 5).
SEEDS = [seed for seed in range(200) if single.fits(*small_game(seed)[0].shape)][:120]


@pytest.mark.parametrize("seed", SEEDS)
def test_answers_match_gambit_and_degenerate_games_are_left_alone(seed):
    # odd seeds: payoffs 0..2, ties everywhere (mostly degenerate); even seeds: 0..99, mostly generic
    A, B = small_game(seed, 0, 3, generic=(0, 100))
    game = bargain.Game(A.tolist(), B.tolist())
    found = single.equilibria(game, 1e-9)
    expected = gambit_equilibria(A.tolist(), B.tolist())
    if found is None:
        return  # unsure: the general solver takes the game (its own tests check it)
    assert not bargain.solve(game, exact=True).degenerate, "a degenerate game must be left to the general solver"
    assert _close([eq.profile for eq in found], expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_removing_dominated_actions_keeps_every_equilibrium(seed):
    A, B = small_game(seed, 0, 3, generic=(0, 100))
    game = bargain.Game(A.tolist(), B.tolist())
    found = single.reduced_equilibria(game, 1e-9)
    whole = single.equilibria(game, 1e-9)
    if found is None:
        assert whole is None  # removing actions only ever adds games the path can answer
        return
    equilibria, certified = found
    assert certified == (whole is not None)
    assert _close([eq.profile for eq in equilibria], gambit_equilibria(A.tolist(), B.tolist()))


def test_a_game_degenerate_only_in_dominated_actions_is_answered_and_reported_degenerate():
    rng = np.random.default_rng(11)
    answered = 0
    for m, n in [(1, 2), (2, 3), (3, 3), (3, 4), (4, 3), (4, 4)] * 3:
        A, B = rng.integers(0, 10**4, (m, n)), rng.integers(0, 10**4, (m, n))
        # one more row, beaten everywhere by row 0, against which the column player is indifferent
        A, B = np.vstack([A, A[0] - 5]), np.vstack([B, np.full(n, 7)])
        game = bargain.Game(A.tolist(), B.tolist())
        assert single.equilibria(game, 1e-9) is None
        found = single.reduced_equilibria(game, 1e-9)
        if found is None:
            continue
        answered += 1
        equilibria, certified = found
        assert not certified
        expected = gambit_equilibria(A.tolist(), B.tolist())
        assert _close([eq.profile for eq in equilibria], expected)
        solution = bargain.solve(game)
        assert solution.method == "auto:support" and _close([eq.profile for eq in solution], expected)
        assert solution.degenerate and bargain.solve(game, exact=True).degenerate
    assert answered >= 12


def test_generic_games_are_answered():
    rng = np.random.default_rng(3)
    answered = 0
    for m, n in [(2, 2), (2, 3), (3, 3), (3, 4), (4, 4), (2, 7)]:
        for _ in range(5):
            A, B = rng.integers(0, 10**6, (m, n)), rng.integers(0, 10**6, (m, n))
            found = single.equilibria(bargain.Game(A.tolist(), B.tolist()), 1e-9)
            if found is not None:
                answered += 1
                assert _close([eq.profile for eq in found], gambit_equilibria(A.tolist(), B.tolist()))
    assert answered >= 28  # payoffs up to a million: ties are rare


def test_the_mixed_equilibrium_of_a_coordination_game_is_the_closed_form():
    # battle of the sexes 3 x 3: (2, 1) on the diagonal; each diagonal pure pair, each pair of diagonals
    # and the full support mix; the fully mixed one makes each player indifferent: x_i proportional to 1/b_i
    a, b = [2, 3, 5], [1, 4, 6]
    A = [[a[i] if i == j else 0 for j in range(3)] for i in range(3)]
    B = [[b[i] if i == j else 0 for j in range(3)] for i in range(3)]
    found = single.equilibria(bargain.Game(A, B), 1e-9)
    assert found is not None and len(found) == 7  # 2^3 - 1 supports
    full = [eq for eq in found if all(p > 0 for p in eq.profile[0])]
    x = [Fraction(1, v) / sum(Fraction(1, w) for w in b) for v in b]
    y = [Fraction(1, v) / sum(Fraction(1, w) for w in a) for v in a]
    assert np.allclose(full[0].profile[0], [float(p) for p in x])
    assert np.allclose(full[0].profile[1], [float(p) for p in y])


def test_degenerate_games_are_refused():
    tied = [[1, 1, 0], [0, 0, 1], [0, 1, 0]]  # against row 1 the column player has two best replies
    assert single.equilibria(bargain.Game(tied, tied), 1e-9) is None
    assert single.candidates([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]) is None


def test_size_limit():
    assert single.fits(4, 4) and single.fits(5, 5) and single.fits(2, 10) and not single.fits(6, 6)
    assert not single.fits(2, 20)  # few pairs, but too long a side
    assert all(pair_count(m, n) <= single.MAX_PAIRS for m in range(1, 6) for n in range(1, 6))


def test_four_by_four_cramer_matches_numpy():
    """Each determinant with one column replaced by ones, against numpy's LU determinant."""
    rng = np.random.default_rng(7)
    for _ in range(200):
        M = rng.integers(-5, 6, (4, 4)).astype(float) if rng.random() < 0.5 else rng.standard_normal((4, 4))
        det, replaced = _indifference.cramer4(M.tolist())
        assert det == pytest.approx(np.linalg.det(M), abs=1e-9)
        for j in range(4):
            ones = M.copy()
            ones[:, j] = 1.0
            assert replaced[j] == pytest.approx(np.linalg.det(ones), abs=1e-9)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_written_out_systems_solve_the_bordered_system(k):
    """The closed forms for two, three and four actions against numpy's solve of the bordered system
    ``R[I, J] w - v = 0, sum(w) = 1``, and their verdicts against the payoffs of the responders outside ``I``."""
    written = {2: _indifference.system2, 3: _indifference.system3, 4: _indifference.system4}[k]
    rng = np.random.default_rng(k)
    solved = ruled_out = 0
    for _ in range(300):
        R = rng.random((6, 6))
        I, J = sorted(rng.choice(6, k, replace=False)), sorted(rng.choice(6, k, replace=False))  # noqa: E741
        others = tuple(r for r in range(6) if r not in I)
        found = written(R.tolist(), tuple(I), tuple(J), others)
        bordered = np.zeros((k + 1, k + 1))
        bordered[:k, :k], bordered[:k, k], bordered[k, :k] = R[np.ix_(I, J)], -1.0, 1.0
        z = np.linalg.solve(bordered, np.eye(k + 1)[k])
        w, value = z[:k], z[k]
        if w.min() < -1e-6:
            assert found is None
            ruled_out += 1
            continue
        excess = R[np.ix_(others, J)] @ w - value
        ties = [abs(e) <= 1e-7 and r > I[-1] for r, e in zip(others, excess, strict=True)]
        if any(ties) and excess.max() <= 1e-7:
            assert found is False
            continue
        weights, low, gap = found
        assert np.allclose(weights, w, atol=1e-9) and low == pytest.approx(w.min(), abs=1e-9)
        assert gap == pytest.approx(excess.max(), abs=1e-9)
        solved += 1
    assert solved > 20 and ruled_out > 20


@pytest.mark.parametrize("k", [2, 3, 4])
def test_written_out_systems_decide_as_the_general_system(k):
    """On small-integer payoffs, where singular systems and ties at the top are common, the written-out forms
    give every verdict of :func:`~bargain.equilibria._indifference.system` (no solution or a clearly negative
    weight, unsure, a candidate) and the same candidate."""
    written = {2: _indifference.system2, 3: _indifference.system3, 4: _indifference.system4}[k]
    rng = np.random.default_rng(10 + k)
    seen = {"out": 0, "unsure": 0, "candidate": 0}
    for _ in range(3000):
        R = (rng.integers(0, 4, (6, 6)) / 3).tolist()
        I = tuple(sorted(rng.choice(6, k, replace=False).tolist()))  # noqa: E741
        J = tuple(sorted(rng.choice(6, k, replace=False).tolist()))
        others = tuple(r for r in range(6) if r not in I)
        found, general = written(R, I, J, others), _indifference.system(R, I, J, others)
        if general is None or general is False:
            assert found is general
            seen["out" if general is None else "unsure"] += 1
            continue
        weights, low, gap = found
        assert weights == pytest.approx(general[0], abs=1e-12)
        assert low == pytest.approx(general[1], abs=1e-12) and gap == pytest.approx(general[2], abs=1e-12)
        seen["candidate"] += 1
    assert min(seen.values()) > 30, seen
