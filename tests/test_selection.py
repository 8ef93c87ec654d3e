"""Payoff and risk dominance, commitment readings, and the select / predict / agreement API.

Risk dominance is checked against the closed form on random 2x2 games, and both
dominance criteria for invariance to relabelling actions and to positive affine
changes of one player's payoffs. The bundled london-2025 model is checked
against expectations computed here from its matrices, not against stored numbers.
"""

from __future__ import annotations

import json
from itertools import product

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bargain
from bargain import Game
from bargain.selection import (
    CRITERIA,
    FIELDS,
    SelectionError,
    agreement,
    commitment,
    commitment_readings,
    payoff_dominance,
    predict,
    qre,
    risk_dominance,
    select,
)

from .oracles import require

payoff = st.integers(-20, 20).map(float) | st.floats(-10, 10, allow_nan=False, allow_infinity=False)
loss = st.integers(1, 20).map(float) | st.floats(0.01, 10)


@st.composite
def two_strict(draw):
    """A 2x2 game with two strict equilibria, in any arrangement of rows and columns."""
    a12, a21, b12, b21 = (draw(payoff) for _ in range(4))
    u1, u2, v1, v2 = (draw(loss) for _ in range(4))
    A = np.array([[a21 + u1, a12], [a21, a12 + u2]])
    B = np.array([[b12 + v1, b12], [b21, b21 + v2]])
    rows, cols = draw(st.permutations([0, 1])), draw(st.permutations([0, 1]))
    return A[np.ix_(rows, cols)], B[np.ix_(rows, cols)]


def strict_pure(A, B):
    """Strict pure equilibria of a bimatrix game, by brute force."""
    out = []
    m, n = A.shape
    for i, j in product(range(m), range(n)):
        if all(A[i, j] > A[k, j] for k in range(m) if k != i) and all(B[i, j] > B[i, k] for k in range(n) if k != j):
            out.append((i, j))
    return out


def closed_form_risk(A, B):
    """Harsanyi-Selten for 2x2 games with two strict equilibria: the larger product of deviation losses."""
    (i, j), (k, c) = strict_pure(A, B)
    first = (A[i, j] - A[k, j]) * (B[i, j] - B[i, c])
    second = (A[k, c] - A[i, c]) * (B[k, c] - B[k, j])
    return (i, j) if first > second else (k, c), first, second


def pure_of(selection):
    return tuple(int(np.argmax(p)) for p in selection.profile)


@settings(max_examples=300, deadline=None)
@given(two_strict())
def test_risk_dominance_matches_the_closed_form(game):
    A, B = game
    assume(len(strict_pure(A, B)) == 2)  # float rounding can close a gap
    pick, first, second = closed_form_risk(A, B)
    assume(abs(first - second) > 1e-6 * max(abs(first), abs(second), 1))
    s = risk_dominance(Game(A, B))
    assert s.defined and pure_of(s) == pick
    row = s.details["comparisons"][0]
    assert sorted([row["product_a"], row["product_b"]]) == pytest.approx(sorted([first, second]))


@settings(max_examples=200, deadline=None)
@given(two_strict(), st.permutations([0, 1]), st.permutations([0, 1]),
       st.floats(0.01, 100), st.floats(-50, 50), st.booleans())
def test_dominance_criteria_are_invariant(game, rows, cols, scale, shift, first_player):
    A, B = game
    assume(len(strict_pure(A, B)) == 2)
    _, first, second = closed_form_risk(A, B)
    assume(abs(first - second) > 1e-6 * max(abs(first), abs(second), 1))
    labels = (["r0", "r1"], ["c0", "c1"])
    g = Game(A, B, actions=labels)
    relabelled = g.permute(rows, cols)
    A2, B2 = (scale * A + shift, B) if first_player else (A, scale * B + shift)
    rescaled = Game(A2, B2, actions=labels)
    for criterion in (risk_dominance, payoff_dominance):
        base = criterion(g)
        for other in (criterion(relabelled), criterion(rescaled)):
            assert base.label == other.label


def test_stag_hunt_by_hand():
    stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    assert payoff_dominance(stag).label == "stag / stag"
    s = risk_dominance(stag)
    assert s.label == "hare / hare"
    # losses at stag: 4 - 3 for each; at hare: 3 - 0 for each
    row = s.details["comparisons"][0]
    assert (row["product_a"], row["product_b"]) == (1.0, 9.0)
    assert "9 vs 1" in s.reason


def test_payoff_dominance_without_a_unique_best():
    battle = Game([[2, 0], [0, 1]], [[1, 0], [0, 2]], actions=(["opera", "match"], ["opera", "match"]))
    s = payoff_dominance(battle)
    assert not s.defined
    assert s.details["undominated"] == [0, 2]  # the mixed equilibrium (index 1) is beaten by both
    assert "2 are undominated" in s.reason


def test_risk_dominance_needs_two_strict_equilibria():
    pennies = Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    s = risk_dominance(pennies)
    assert s.defined  # the only equilibrium
    chicken_like = Game([[1, 1], [0, 2]], [[1, 1], [0, 2]])  # (r1, c1) is not strict
    s = risk_dominance(chicken_like)
    assert not s.defined and "strict" in s.reason


def test_cyclic_risk_dominance_is_reported():
    # symmetric game: e_k beats e_j iff A[j, k] < A[k, j]; 0 > 1 > 2 > 0
    A = np.array([[10.0, 5.0, 1.0], [1.0, 10.0, 5.0], [5.0, 1.0, 10.0]])
    s = risk_dominance(Game(A, A.T))
    assert not s.defined
    assert s.details["cycle"] is not None and len(s.details["cycle"]) == 4
    assert "cyclic" in s.reason


def test_risk_dominance_three_players_by_hand():
    # a 2x2x2 game with strict equilibria (0,0,0) and (1,1,1)
    U = [np.zeros((2, 2, 2)) for _ in range(3)]
    for i, (a, b) in enumerate([(3.0, 1.0), (2.0, 2.0), (1.0, 4.0)]):
        U[i][0, 0, 0], U[i][1, 1, 1] = a, b
    s = risk_dominance(U)
    assert s.details["comparisons"][0]["product_a"] == 3.0 * 2.0 * 1.0
    assert s.details["comparisons"][0]["product_b"] == 1.0 * 2.0 * 4.0
    assert pure_of(s) == (1, 1, 1)


def test_commitment_readings_and_ties():
    battle = Game([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Ann", "Bob"),
                  actions=(["opera", "match"], ["opera", "match"]))
    s = commitment(battle)
    assert not s.defined and "depends on who moves first" in s.reason
    # Bob is indifferent after "up"; Ann gets 3 or 0 depending on how he breaks the tie
    tie = Game([[3, 0], [1, 1]], [[1, 1], [0, 2]], players=("Ann", "Bob"), actions=(["up", "down"], ["L", "R"]))
    ann_first = commitment_readings(tie)[0]
    assert ann_first["tie_matters"]
    assert ann_first["favourable"]["outcome"] == "up / L"
    assert ann_first["adverse"]["outcome"] == "down / R"


def test_commitment_outcome_need_not_be_an_equilibrium():
    # the leader's commitment to a strictly dominated-in-the-simultaneous-game action pays
    A = np.array([[2.0, 4.0], [1.0, 3.0]])  # row: top dominates
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    readings = commitment_readings(Game(A, B))
    assert readings[0]["favourable"]["outcome"] == "r2 / c2"
    assert readings[0]["favourable"]["equilibrium_index"] is None


def test_select_and_predict_api():
    stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    everything = select(stag)
    assert tuple(everything) == CRITERIA
    assert select(bargain.solve(stag), "payoff-dominance").label == "stag / stag"
    with pytest.raises(SelectionError, match="unknown criterion 'best'"):
        select(stag, "best")
    data = {name: s.to_dict() for name, s in predict(stag).items()}
    json.dumps(data)
    assert all(list(d) == list(FIELDS) for d in data.values())
    summary = agreement(everything)
    assert summary.to_dict()["outcomes"] == {
        "stag / stag": ["payoff-dominance", "commitment"],
        "hare / hare": ["risk-dominance", "qre", "tracing"],
    }


def test_n_player_arrays_are_accepted():
    rng = np.random.default_rng(3)
    U = [rng.normal(size=(2, 3, 2)) for _ in range(3)]
    result = select(U)
    assert set(result) == set(CRITERIA)
    assert not result["commitment"].defined
    with pytest.raises(SelectionError, match="one axis per player"):
        select([np.zeros((2, 2))] * 3)


# --- the bundled London model: expectations computed from its matrices ----------------------------


@pytest.fixture(scope="module", params=["rare-earth-chicken", "london-2025"])
def london(request):
    # The bundled matrix models: chicken has two strict equilibria; London at its cited values one.
    game = bargain.load_model(request.param).game()
    return game, bargain.solve(game)


def test_london_payoff_dominance(london):
    game, solution = london
    values = np.array([eq.payoffs for eq in solution], dtype=float)
    expected = [e for e in range(len(values))
                if all(np.all(values[e] >= values[f]) and np.any(values[e] > values[f])
                       for f in range(len(values)) if f != e)]
    s = payoff_dominance(solution)
    assert (s.index if s.defined else None) == (expected[0] if expected else None)


def test_london_risk_dominance_by_hand(london):
    game, solution = london
    A, B = game.A, game.B
    strict = strict_pure(A, B)
    if len(strict) == 1:  # a single strict equilibrium is trivially the risk-dominant one
        s = risk_dominance(solution)
        assert s.defined and pure_of(s) == strict[0]
        return
    (i, j), (k, c) = strict
    at_first = (A[i, j] - A[k, j]) * (B[i, j] - B[i, c])
    at_second = (A[k, c] - A[i, c]) * (B[k, c] - B[k, j])
    s = risk_dominance(solution)
    assert pure_of(s) == ((i, j) if at_first > at_second else (k, c))
    row = s.details["comparisons"][0]
    assert {round(row["product_a"], 12), round(row["product_b"], 12)} == {round(at_first, 12), round(at_second, 12)}


def test_london_qre_against_gambit(london):
    gbt = require("pygambit")
    game, solution = london
    g = gbt.StrategicGame.from_arrays(game.A, game.B)
    result = gbt.nash.logit_solve(g)
    theirs = [np.array([float(v) for _, v in result.equilibrium[p]]) for p in g.players]
    gaps = [max(np.abs(theirs[0] - eq.row).max(), np.abs(theirs[1] - eq.col).max()) for eq in solution]
    assert qre(solution).index == int(np.argmin(gaps))


def test_london_criteria_disagree_as_the_issue_describes(london):
    # Whatever the current numbers, the report must say which criteria agree.
    game, solution = london
    picks = predict(solution)
    summary = agreement(picks)
    assert sum(len(c) for _, c in summary.groups) + len(summary.undefined) == len(CRITERIA)
    for s in picks.values():
        assert s.reason


def test_a_continuum_is_named_when_a_path_ends_inside_it():
    # the column player is indifferent everywhere: (up, any mixture) are all equilibria
    g = Game([[1, 1], [0, 0]], [[1, 1], [0, 0]], actions=(["up", "down"], ["left", "right"]))
    for s in (qre(g), select(g, "tracing")):
        assert s.index is None and s.details["component"] == [0, 1]
        assert "continuum" in s.reason
        assert s.profile[0].tolist() == pytest.approx([1.0, 0.0], abs=1e-9)


def test_options_reach_the_criterion():
    stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    assert select(stag, "tracing", prior=[[0.9, 0.1], [0.9, 0.1]]).label == "stag / stag"
    with pytest.raises(SelectionError, match="single criterion"):
        select(stag, prior=[[0.9, 0.1], [0.9, 0.1]])
