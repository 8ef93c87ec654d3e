"""Nash and Kalai-Smorodinsky bargaining, and alternating offers, against closed forms."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Game
from bargain.bargaining import (
    alternating_offers,
    disagreement_point,
    kalai_smorodinsky,
    nash_bargaining,
    pareto_frontier,
    rubinstein_share,
)
from bargain.errors import BargainError

F = Fraction

# u1 + u2 <= 1, u >= 0: corners (1, 0), (0, 1), (0, 0)
TRIANGLE = Game([[1, 0], [0, 0]], [[0, 1], [0, 0]], actions=(["a", "b"], ["x", "y"]))


# --- the feasible set ------------------------------------------------------------------------


def test_frontier_of_triangle():
    assert [v.payoffs for v in pareto_frontier(TRIANGLE)] == [(0, 1), (1, 0)]
    assert pareto_frontier(TRIANGLE)[0].profiles == (("a", "y"),)


def test_frontier_drops_dominated_and_weakly_pareto_corners():
    # (2, 2) dominates (1, 1); (2, 0) and (0, 2) are only weakly Pareto (on edges through (2, 2))
    g = Game([[2, 1], [2, 0]], [[2, 1], [0, 2]])
    assert [v.payoffs for v in pareto_frontier(g)] == [(2, 2)]


def test_frontier_skips_collinear_middle_point():
    g = Game([[0, 1, 2]], [[2, 1, 0]])
    assert [v.payoffs for v in pareto_frontier(g)] == [(0, 2), (2, 0)]


def test_disagreement_point_forms():
    pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["c", "d"], ["c", "d"]))
    assert disagreement_point(pd) == (1, 1)  # mixed maximin of the prisoners' dilemma
    assert disagreement_point(pd, ("c", "c")) == (3, 3)
    assert disagreement_point(pd, (0, "1/2")) == (0, F(1, 2))
    assert disagreement_point(pd, {"Column": 2, "Row": 1}) == (1, 2)
    pennies = Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert disagreement_point(pennies) == (0, 0)
    assert disagreement_point(pennies, "pure-maximin") == (-1, -1)


def test_bad_disagreement_point_is_a_clear_error():
    with pytest.raises(BargainError, match="disagreement point"):
        disagreement_point(TRIANGLE, ("nope", "never"))
    with pytest.raises(BargainError, match="exactly the players"):
        disagreement_point(TRIANGLE, {"Row": 0})
    with pytest.raises(BargainError, match="no feasible payoff"):
        nash_bargaining(TRIANGLE, (1, 1))


# --- Nash bargaining ---------------------------------------------------------------------


def test_nash_on_triangle_splits_evenly():
    solution = nash_bargaining(TRIANGLE, (0, 0))
    assert solution.payoffs == (F(1, 2), F(1, 2))
    assert dict(solution.lottery) == {("a", "y"): F(1, 2), ("a", "x"): F(1, 2)}
    assert solution.method == "nash"


def test_nash_with_asymmetric_disagreement_splits_what_is_left():
    # gains split the surplus 1 - d1 - d2 evenly: u = d + (1 - d1 - d2)/2
    solution = nash_bargaining(TRIANGLE, (F(1, 5), F(1, 10)))
    assert solution.payoffs == (F(1, 5) + F(7, 20), F(1, 10) + F(7, 20))
    assert solution.gains == (F(7, 20), F(7, 20))


def test_nash_at_a_corner():
    # corners (0, 3), (1, 2), (3, 0): the product peaks at (3/2, 3/2) on the second segment
    g = Game([[0, 1, 3]], [[3, 2, 0]])
    assert nash_bargaining(g, (0, 0)).payoffs == (F(3, 2), F(3, 2))
    # with a high d2 only the first segment's top is acceptable to player 2
    assert nash_bargaining(g, (0, F(5, 2))).payoffs == (F(1, 4), F(11, 4))


def test_nash_with_float_payoffs():
    g = Game([[2.0, 0.0], [0.0, 0.0]], [[0.0, 1.0], [0.0, 0.0]])
    u = nash_bargaining(g, (0.0, 0.0)).payoffs
    # frontier u1/2 + u2 = 1: max u1 (1 - u1/2) at u1 = 1
    assert u == pytest.approx((1.0, 0.5))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=2, max_size=6),
)
def test_nash_beats_every_feasible_point(points):
    g = Game([[p[0] for p in points]], [[p[1] for p in points]])
    d = disagreement_point(g, "pure-maximin")
    solution = nash_bargaining(g, d)
    best = (solution.payoffs[0] - d[0]) * (solution.payoffs[1] - d[1])
    assert solution.payoffs[0] >= d[0] and solution.payoffs[1] >= d[1]
    for i in range(len(points)):
        for j in range(len(points)):
            for w in (F(0), F(1, 3), F(1, 2), F(1)):
                u = [w * points[i][k] + (1 - w) * points[j][k] for k in (0, 1)]
                if u[0] >= d[0] and u[1] >= d[1]:
                    assert (u[0] - d[0]) * (u[1] - d[1]) <= best
    weights = sum(weight for _, weight in solution.lottery)
    assert weights == 1


# --- Kalai-Smorodinsky --------------------------------------------------------------------


def test_ks_on_triangle_matches_nash():
    assert kalai_smorodinsky(TRIANGLE, (0, 0)).payoffs == (F(1, 2), F(1, 2))


def test_ks_on_a_set_where_it_differs_from_nash():
    # corners (0, 0), (1, 0), (1/2, 1), (0, 1): ideal (1, 1), KS on the diagonal at 2/3
    g = Game([[1, F(1, 2)], [0, 0]], [[0, 1], [1, 0]])
    ks = kalai_smorodinsky(g, (0, 0))
    assert ks.ideal == (1, 1)
    assert ks.payoffs == (F(2, 3), F(2, 3))
    assert nash_bargaining(g, (0, 0)).payoffs == (F(1, 2), 1)


def test_ks_gains_are_proportional_to_ideal_gains():
    # frontier u2 = 2 - 2 u1 on [0, 1]; d = (0, 0): ideal (1, 2), KS (1/2, 1)
    g = Game([[0, 1]], [[2, 0]])
    ks = kalai_smorodinsky(g, (0, 0))
    assert ks.ideal == (1, 2)
    assert ks.payoffs == (F(1, 2), 1)
    # with d = (1/2, 0): ideal (1, 1), gains in ratio 1/2 : 1
    ks = kalai_smorodinsky(g, (F(1, 2), 0))
    assert ks.ideal == (1, 1)
    g1, g2 = ks.gains
    assert g2 == 2 * g1 and ks.payoffs[1] == 2 - 2 * ks.payoffs[0]


# --- alternating offers ------------------------------------------------------------------


def test_ultimatum_proposer_takes_all():
    result = alternating_offers((F(9, 10), F(9, 10)), rounds=1, players=("P", "R"))
    assert result.shares == {"P": 1, "R": 0}
    assert result.offers[0].proposer == "P"


def test_three_rounds_by_hand():
    d1, d2 = F(1, 2), F(2, 3)
    result = alternating_offers((d1, d2), rounds=3)
    # round 3: player 1 takes all; round 2: player 2 offers d1 * 1 -> keeps 1 - d1 = 1/2;
    # round 1: player 1 offers d2 * (1/2) = 1/3 -> keeps 2/3
    assert [o.proposer for o in result.offers] == ["1", "2", "1"]
    assert [o.proposer_share for o in result.offers] == [F(2, 3), F(1, 2), F(1)]
    assert result.shares == {"1": F(2, 3), "2": F(1, 3)}


def test_second_player_can_propose_first():
    result = alternating_offers((F(1, 2), F(2, 3)), rounds=2, first="2")
    # round 2: player 1 takes all; round 1: player 2 offers d1 = 1/2
    assert result.shares == {"2": F(1, 2), "1": F(1, 2)}


def test_finite_horizon_approaches_rubinstein():
    d1, d2 = 0.9, 0.95
    limit = (1 - d2) / (1 - d1 * d2)
    gaps = [abs(alternating_offers((d1, d2), rounds=T).shares["1"] - limit) for T in (2, 10, 50, 400)]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-9
    assert alternating_offers((d1, d2), rounds=None).shares["1"] == pytest.approx(limit)


def test_infinite_horizon_closed_form_exact():
    result = alternating_offers((F(9, 10), F(19, 20)))
    assert result.rounds is None
    assert result.shares["1"] == (1 - F(19, 20)) / (1 - F(9, 10) * F(19, 20))
    assert result.limit == result.shares["1"]
    assert rubinstein_share(F(1, 2), F(1, 2)) == F(2, 3)


def test_surplus_over_disagreement():
    result = alternating_offers(
        {"US": F(1, 2), "China": F(1, 2)}, rounds=2, players=("US", "China"), surplus=10, disagreement=(-3, 1)
    )
    # round 2: China takes all; round 1: US offers China 1/2 of the surplus
    assert result.payoffs == {"US": -3 + 5, "China": 1 + 5}


@pytest.mark.parametrize("bad", [(0, 0.5), (1.5, 0.5), ("x", 0.5)])
def test_bad_discounts_rejected(bad):
    with pytest.raises(BargainError):
        alternating_offers(bad, rounds=3)


def test_bad_rounds_and_infinite_patience_rejected():
    with pytest.raises(BargainError, match="rounds"):
        alternating_offers((0.5, 0.5), rounds=0)
    with pytest.raises(BargainError, match="below 1"):
        alternating_offers((1, 1))
    assert alternating_offers((1, 1), rounds=2).shares == {"1": 0, "2": 1}


# --- bargaining over a model -----------------------------------------------------------------


def test_parse_command_line_forms():
    from bargain.cli.options import parse_assignments, parse_disagreement

    assert parse_assignments("US=0.9,China=1/2", "--discount") == {"US": 0.9, "China": 0.5}
    assert parse_disagreement("maximin") == "maximin"
    assert parse_disagreement("a,x") == ("a", "x")
    assert parse_disagreement("Row=1, Column=-2") == {"Row": 1.0, "Column": -2.0}
    with pytest.raises(BargainError, match="NAME=VALUE"):
        parse_assignments("US=", "--discount")
    with pytest.raises(BargainError, match="not a number"):
        parse_assignments("US=fast", "--discount")
    with pytest.raises(BargainError, match="--disagreement"):
        parse_disagreement("one")


def test_model_nash_picks_the_deal_against_no_deal():
    from bargain.bargaining import bargain_model
    from bargain.model import load_model

    model = load_model("august-deadline")
    result = bargain_model(model, "nash")
    values = model.values()
    assert result.payoffs == pytest.approx((-values["us_chip_security_cost"], values["cn_chip_value"]))
    assert result.lottery[0][0] == ("extend/extend", "deliver/retaliate/*")
    with pytest.raises(BargainError, match="rubinstein solution only"):
        bargain_model(load_model("august-deadline"), "nash", rounds=3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=2, max_size=6))
def test_ks_is_on_the_ideal_line_and_not_dominated(points):
    g = Game([[p[0] for p in points]], [[p[1] for p in points]])
    d = disagreement_point(g, "pure-maximin")
    ks = kalai_smorodinsky(g, d)
    u, ideal = ks.payoffs, ks.ideal
    assert u[0] >= d[0] and u[1] >= d[1]
    # on the segment from d to the ideal point
    assert (u[0] - d[0]) * (ideal[1] - d[1]) == (u[1] - d[1]) * (ideal[0] - d[0])
    # no lottery over two profiles is strictly better for both
    for i in range(len(points)):
        for j in range(len(points)):
            for w in (F(0), F(1, 4), F(1, 2), F(1)):
                v = [w * points[i][k] + (1 - w) * points[j][k] for k in (0, 1)]
                assert not (v[0] > u[0] and v[1] > u[1])
    # the lottery delivers the point
    reached = [sum(w * g.payoff(*profile)[k] for profile, w in ks.lottery) for k in (0, 1)]
    assert reached == pytest.approx([float(x) for x in u])
