"""Alternating offers over a game's feasible set (no transferable utility), against independent checks.

Oracles: convex-hull membership and Pareto optimality by scipy's linear programming;
the asymmetric Nash bargaining solution by scipy's constrained optimisation (the
Binmore-Rubinstein-Wolinsky limit); the split-the-pie closed form; the
stationary conditions written out directly.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Game
from bargain.bargaining import bargain_model, disagreement_point
from bargain.bargaining.alternating import MAX_ROUNDS, rubinstein
from bargain.errors import BargainError
from bargain.model import load_model

from .entry_point import run_main

F = Fraction


def payoff_points(game: Game) -> np.ndarray:
    return np.column_stack([np.asarray(game.A, float).ravel(), np.asarray(game.B, float).ravel()])


def hull_distance(points: np.ndarray, target) -> float:
    """Smallest max-norm distance from ``target`` to the convex hull of ``points`` (an LP)."""
    from scipy.optimize import linprog

    k = len(points)
    # variables: k weights, then e; minimise e subject to |sum w p - target| <= e, sum w = 1, w >= 0
    c = np.r_[np.zeros(k), 1.0]
    rows, bounds = [], []
    for axis in (0, 1):
        rows.append(np.r_[points[:, axis], -1.0])
        bounds.append(float(target[axis]))
        rows.append(np.r_[-points[:, axis], -1.0])
        bounds.append(-float(target[axis]))
    result = linprog(c, A_ub=np.array(rows), b_ub=np.array(bounds), A_eq=[np.r_[np.ones(k), 0.0]], b_eq=[1.0],
                     bounds=[(0, None)] * (k + 1), method="highs")
    assert result.status == 0
    return float(result.fun)


def dominating_gain(points: np.ndarray, target) -> float:
    """The most both players could gain together at once over ``target`` inside the hull (an LP)."""
    from scipy.optimize import linprog

    k = len(points)
    # maximise e subject to sum w p >= target + e (both coordinates)
    c = np.r_[np.zeros(k), -1.0]
    rows = [np.r_[-points[:, axis], 1.0] for axis in (0, 1)]
    result = linprog(c, A_ub=np.array(rows), b_ub=-np.asarray(target, float), A_eq=[np.r_[np.ones(k), 0.0]],
                     b_eq=[1.0], bounds=[(0, None)] * k + [(None, None)], method="highs")
    assert result.status == 0
    return -float(result.fun)


def asymmetric_nash(points: np.ndarray, d, weight: float) -> np.ndarray:
    """argmax of ``weight * log(u1 - d1) + (1 - weight) * log(u2 - d2)`` over the hull, by SLSQP."""
    from scipy.optimize import minimize

    k = len(points)
    d = np.asarray(d, float)

    def objective(w):
        gains = w @ points - d
        return -(weight * math.log(max(gains[0], 1e-300)) + (1 - weight) * math.log(max(gains[1], 1e-300)))

    constraints = [{"type": "eq", "fun": lambda w: w.sum() - 1},
                   {"type": "ineq", "fun": lambda w: w @ points - d - 1e-9}]
    best = None
    for start in range(k):  # a few starts: the objective is concave in the point, not strictly in w
        w0 = np.full(k, 0.5 / k)
        w0[start] += 0.5
        result = minimize(objective, w0, method="SLSQP", bounds=[(0, 1)] * k, constraints=constraints,
                          options={"ftol": 1e-15, "maxiter": 500})
        if result.success and (best is None or result.fun < best.fun):
            best = result
    return best.x @ points


def delivered(game: Game, lottery) -> np.ndarray:
    return sum(float(w) * np.array(game.payoff(*profile), float) for profile, w in lottery)


# --- split the pie: the closed form ------------------------------------------------------------------

PIE = Game([[1, 0]], [[0, 1]], players=("P", "R"))


@pytest.mark.parametrize("d1, d2", [(F(9, 10), F(19, 20)), (F(1, 2), F(1, 2)), (F(1), F(1, 3)), (F(2, 7), F(6, 7))])
def test_split_the_pie_closed_form(d1, d2):
    deal = rubinstein(PIE, (d1, d2), disagreement=(0, 0))
    share = (1 - d2) / (1 - d1 * d2)
    assert deal.payoffs == (share, 1 - share)
    assert deal.offers[1].payoffs == (1 - (1 - d1) / (1 - d1 * d2), (1 - d1) / (1 - d1 * d2))
    other = rubinstein(PIE, (d1, d2), first="R", disagreement=(0, 0))
    assert other.payoffs[1] == (1 - d1) / (1 - d1 * d2)


def test_pie_with_a_deadline_by_hand():
    d1, d2 = F(1, 2), F(2, 3)
    deal = rubinstein(PIE, (d1, d2), rounds=3, disagreement=(0, 0))
    # round 3: P takes all; round 2: R offers P d1 * 1 = 1/2; round 1: P offers R d2 * 1/2 = 1/3
    assert [o.payoffs for o in deal.offers] == [(F(2, 3), F(1, 3)), (F(1, 2), F(1, 2)), (F(1), F(0))]
    assert [o.proposer for o in deal.offers] == ["P", "R", "P"]
    assert rubinstein(PIE, (d1, d2), rounds=1, disagreement=(0, 0)).payoffs == (1, 0)


def test_pie_scaled_and_shifted_by_the_disagreement_point():
    pie = Game([[7, -3]], [[1, 11]])  # the segment from (7, 1) to (-3, 11): u1 + u2 = 8
    deal = rubinstein(pie, (F(1, 2), F(1, 2)), disagreement=(-1, 1))
    # the pie over d = (-1, 1) is 8 - 0 = 8; the first proposer gains 2/3 of it
    assert deal.gains == (F(16, 3), F(8, 3))
    assert deal.payoffs == (F(13, 3), F(11, 3))


# --- feasibility, invariance, the stationary conditions ----------------------------------------------

payoff = st.integers(-6, 6)
factor = st.sampled_from([F(1, 10), F(1, 2), F(9, 10), F(19, 20), F(99, 100), F(1)])


@st.composite
def bargaining_games(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    A = draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m))
    return Game(A, B)


@settings(max_examples=120, deadline=None)
@given(bargaining_games(), factor, factor, st.sampled_from([None, 1, 2, 3, 8]), st.booleans())
def test_every_offer_is_feasible_pareto_optimal_and_delivered_by_its_lottery(game, d1, d2, rounds, first):
    if rounds is None and d1 * d2 == 1:
        return
    d = disagreement_point(game)
    deal = rubinstein(game, (d1, d2), rounds, first=int(first))
    points = payoff_points(game)
    scale = max(1.0, np.abs(points).max())
    for offer in deal.offers:
        u = np.array(offer.payoffs, float)
        assert hull_distance(points, u) <= 1e-9 * scale
        assert dominating_gain(points, u) <= 1e-9 * scale  # on the Pareto frontier
        assert np.all(u >= np.array(d, float) - 1e-12 * scale)  # individually rational
        assert np.allclose(delivered(game, offer.lottery), u, atol=1e-9 * scale)
        assert sum(w for _, w in offer.lottery) == 1 and all(w >= 0 for _, w in offer.lottery)


@settings(max_examples=80, deadline=None)
@given(bargaining_games(), factor, factor, st.booleans())
def test_stationary_offers_satisfy_the_indifference_conditions(game, d1, d2, first):
    """x by player 1, y by player 2: g2(x) = d2 g2(y) unless x is 1's best point, and vice versa."""
    if d1 * d2 == 1:
        return
    deal = rubinstein(game, (d1, d2), first=int(first))
    d = deal.disagreement
    by = {o.proposer: o.payoffs for o in deal.offers}
    x, y = by[game.players[0]], by[game.players[1]]
    gx, gy = (x[0] - d[0], x[1] - d[1]), (y[0] - d[0], y[1] - d[1])
    best1 = rubinstein(game, (d1, d2), rounds=1, first=0).payoffs
    best2 = rubinstein(game, (d1, d2), rounds=1, first=1).payoffs
    assert gx[1] == d2 * gy[1] or (x == best1 and gx[1] >= d2 * gy[1])
    assert gy[0] == d1 * gx[0] or (y == best2 and gy[0] >= d1 * gx[0])


@settings(max_examples=80, deadline=None)
@given(bargaining_games(), st.integers(1, 9), st.integers(-9, 9), factor, factor, st.sampled_from([None, 1, 4]))
def test_rescaling_one_players_payoffs_rescales_the_answer(game, scale, shift, d1, d2, rounds):
    if rounds is None and d1 * d2 == 1:
        return
    A, B = game.exact_payoffs()
    scaled = Game(A, [[scale * v + shift for v in row] for row in B])
    before = rubinstein(game, (d1, d2), rounds)
    after = rubinstein(scaled, (d1, d2), rounds)
    assert [o.payoffs for o in after.offers] == [(u1, scale * u2 + shift) for u1, u2 in
                                                  (o.payoffs for o in before.offers)]


def test_finite_horizons_approach_the_stationary_offer_within_the_stated_bound():
    game = Game([[0, 4, 3, 1]], [[5, 0, 3, 4]])
    deltas = (F(9, 10), F(4, 5))
    limit = rubinstein(game, deltas, disagreement=(0, 0)).payoffs
    for rounds in (1, 2, 3, 10, 41, 200):
        deal = rubinstein(game, deltas, rounds, disagreement=(0, 0))
        assert deal.limit == limit
        bound = (deltas[0] * deltas[1]) ** ((rounds - 1) // 2) * 5
        assert abs(deal.payoffs[0] - limit[0]) <= bound


# --- the limit of frequent offers: the asymmetric Nash solution --------------------------------------


@pytest.mark.parametrize("rates", [(1.0, 1.0), (1.0, 3.0), (2.5, 0.5)])
def test_frequent_offers_converge_to_the_asymmetric_nash_solution(rates):
    # a curved frontier: (0, 6), (2, 5.5), (4, 4), (5.5, 1.5), (6, 0), and points inside
    game = Game([[0, 2, 4], [5.5, 6, 1]], [[6, 5.5, 4], [1.5, 0, 1]])
    d = (0.5, 0.25)
    points = payoff_points(game)
    target = asymmetric_nash(points, d, weight=rates[1] / (rates[0] + rates[1]))
    errors = []
    for step in (1e-1, 1e-2, 1e-3, 1e-4):
        deltas = tuple(math.exp(-r * step) for r in rates)
        deal = rubinstein(game, deltas, disagreement=d)
        for offer in deal.offers:
            assert hull_distance(points, np.array(offer.payoffs)) <= 1e-9
        errors.append(max(np.abs(np.array(o.payoffs) - target).max() for o in deal.offers))
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1e-3


# --- models and the command line (these printed payoffs outside the feasible set) --------------------


def test_august_deadline_agreement_is_feasible():
    model = load_model("august-deadline")
    game = model.game()
    for rounds in ("model", None, 1, 2, 5):
        deal = bargain_model(model, "rubinstein", rounds=rounds)
        assert hull_distance(payoff_points(game), np.array(deal.payoffs)) <= 1e-9
        assert deal.payoffs[0] <= 0  # the US can get at most 0 in this game
        assert deal.disagreement == model.payoffs()["no_deal"]


def test_cli_rubinstein_results_lie_in_the_feasible_set(capsys):
    for model, extra in (("august-deadline", ()), ("london-2025", ("--discount", "China=0.95,United States=0.9"))):
        code, out, err = run_main(capsys, "bargain", model, "--solution", "rubinstein", *extra, "--format", "json")
        assert code == 0, err
        data = json.loads(out)
        game = load_model(model).game()
        payoffs = [float(data["payoffs"][p]) for p in game.players]
        assert hull_distance(payoff_points(game), np.array(payoffs)) <= 1e-9
        for offer in data["offers"]:
            u = [float(offer["payoffs"][p]) for p in game.players]
            assert hull_distance(payoff_points(game), np.array(u)) <= 1e-9
    assert max(float(v["payoffs"]["China"]) for v in data["frontier"]) <= 0.74 + 1e-12


def test_model_leverage_lowers_what_the_us_gets_without_a_deadline():
    model = load_model("august-deadline")
    us = [bargain_model(model, "rubinstein", rounds=None, china_share=s).payoffs[0] for s in (0.62, 0.7, 0.9)]
    assert us == sorted(us, reverse=True) and us[-1] < us[0]


def test_model_discounts_and_rounds_can_be_overridden():
    model = load_model("august-deadline")
    one = bargain_model(model, "rubinstein", rounds=1, discounts={"US": 0.5})
    assert one.discounts == (0.5, 0.95)
    # An ultimatum: the US proposes its best feasible point that leaves China no worse than no deal
    # (a linear programme over lotteries of the game's pure payoff pairs).
    from scipy.optimize import linprog

    game = model.game()
    P = np.column_stack([np.ravel(game.A).astype(float), np.ravel(game.B).astype(float)])
    lp = linprog(-P[:, 0], A_ub=[-P[:, 1]], b_ub=[-float(one.disagreement[1])],
                 A_eq=[np.ones(len(P))], b_eq=[1.0], bounds=(0, None))
    assert one.payoffs[0] == pytest.approx(-lp.fun, abs=1e-9)


def test_matrix_model_needs_discounts():
    model = load_model("rare-earth-chicken")
    with pytest.raises(BargainError, match="no discount factor"):
        bargain_model(model, "rubinstein")
    deal = bargain_model(model, "rubinstein", discounts={p: 0.9 for p in model.players})
    assert deal.rounds is None
    assert hull_distance(payoff_points(model.game()), np.array(deal.payoffs)) <= 1e-9


def test_a_million_rounds_are_refused_at_once_with_one_line(capsys):
    code, out, err = run_main(capsys, "bargain", "london-2025", "--solution", "rubinstein",
                              "--discount", "China=0.95,United States=0.9", "--rounds", "1000000")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"{MAX_ROUNDS:,}" in err and "--rounds inf" in err
    with pytest.raises(BargainError, match="no no-deadline limit"):
        rubinstein(PIE, (1, 1), rounds=MAX_ROUNDS + 1)
    assert rubinstein(PIE, (1, 1), rounds=MAX_ROUNDS).payoffs == (0, 1)  # R proposes last and takes all


@pytest.mark.parametrize("bad, message", [
    (dict(discounts=(0, F(1, 2))), "discount factor"),
    (dict(discounts=(F(1, 2),)), "one discount factor per player"),
    (dict(discounts=(1, 1)), "below 1"),
    (dict(discounts=(F(1, 2), F(1, 2)), rounds=0), "rounds"),
    (dict(discounts=(F(1, 2), F(1, 2)), first="Q"), "first proposer"),
])
def test_bad_arguments_are_clear_errors(bad, message):
    with pytest.raises(BargainError, match=message):
        rubinstein(PIE, **bad)
