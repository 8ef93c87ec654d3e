"""Sequential model files: the bundled august-deadline tree and the format's checks."""

from __future__ import annotations

import math
import textwrap
import warnings

import numpy as np
import pytest

from bargain import solve
from bargain.errors import ModelError
from bargain.model import RangeWarning, load_model
from bargain.model.sources import check_sources
from bargain.model.tree import SequentialModel


@pytest.fixture(scope="module")
def august():
    return load_model("august-deadline")


def test_loads_as_a_sequential_model(august):
    assert isinstance(august, SequentialModel)
    assert august.kind == "sequential"
    assert august.players == ("US", "China")
    assert august.root == "london"
    assert set(august.leaves) == {
        "deal", "kept_retaliated", "kept_absorbed", "slowed_extended", "no_deal", "slowed_absorbed",
    }


def test_every_parameter_is_cited_or_assumed_and_quotes_are_found(august):
    checks = check_sources(august)
    assert {c.parameter for c in checks} == set(august.parameters)
    assert all(c.found is not False for c in checks)
    cited = {c.parameter for c in checks if c.found}
    assert {"china_share", "sp500_drawdown", "may_export_fall", "truce_rally_share"} <= cited


def closed_form_leaves(v: dict) -> dict[str, tuple[float, float]]:
    """Each leaf's (US, China) payoff, written out by hand from the model's description."""
    s, c, e = v["china_share"], v["licence_coverage"], v["eda_relief_in_force"]
    f = min(1.0, (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"]))
    window = 1 - v["truce_days"] / 365
    market = v["us_wealth_effect"] * (v["sp500_drawdown"] - v["sp500_gap"]) * v["truce_rally_share"] * f
    exports = v["cn_us_exports"] * v["may_export_fall"] * f
    S, K, V, R = v["us_shortage_cost"], v["us_chip_security_cost"], v["cn_chip_value"], v["cn_rare_earth_sales"]

    def after_snap(held: float) -> tuple[float, float]:
        # one settlement at the next deadline, forced by either lever: China's with the damage its cut does as a
        # share of the most it could do, the US's with the tariffs' share of the April damage; in it China restores
        # what it holds back and the US restores the relief and rolls the tariffs back
        settle = window * (1 - (1 - held**2) * (1 - f))
        us = -S * held**2 - market + settle * (S * held**2 - K + market)
        cn = -R * (1 - s) * held / s - exports + settle * (V + exports + R * (1 - s) * held / s)
        return us, cn

    return {
        "deal": (-K * e, V * e),
        "slowed_extended": (-S * (s * (1 - c)) ** 2 - K * e, -R * (1 - s) * (1 - c) + V * e),
        "kept_absorbed": (-market, -exports),
        "kept_retaliated": after_snap(s),
        "no_deal": after_snap(s),
        "slowed_absorbed": after_snap(s * (1 - c)),
    }


def closed_form_path(leaves) -> list[str]:
    """Backward induction by hand on the six leaves; a tie goes to the move listed first at its node."""
    def prefer(first: float, second: float) -> bool:
        return first >= second - 1e-9

    def reply(retaliated, absorbed):
        return ("retaliate", leaves[retaliated]) if prefer(leaves[retaliated][1], leaves[absorbed][1]) else \
            ("absorb", leaves[absorbed])

    def us(extended, snapped):
        return ("extend", leaves[extended], None) if prefer(leaves[extended][0], snapped[1][0]) else \
            ("snap-back", snapped[1], snapped[0])

    kept = us("deal", reply("kept_retaliated", "kept_absorbed"))
    slowed = us("slowed_extended", reply("no_deal", "slowed_absorbed"))
    first, branch = ("deliver", kept) if prefer(kept[1][1], slowed[1][1]) else ("slow-walk", slowed)
    return [first, branch[0]] + ([branch[2]] if branch[2] else [])


def test_leaf_payoffs_match_the_closed_form(august):
    for share in (0.85, 0.9, 0.99):
        values = august.values(china_share=share)
        expected = closed_form_leaves(values)
        for leaf, pair in august.payoffs(china_share=share).items():
            assert pair == pytest.approx(expected[leaf], abs=1e-12), leaf


def test_terms_sum_to_leaf_payoffs(august):
    terms, payoffs = august.terms(), august.payoffs()
    for leaf, (us, china) in payoffs.items():
        assert math.isclose(sum(terms[leaf]["US"].values()), us)
        assert math.isclose(sum(terms[leaf]["China"].values()), china)
    # the truce carrying on with supply flowing: only the EDA relief granted in London
    assert terms["deal"] == {"US": {"chip-control concession": -0.2}, "China": {"chip-software access": 0.2}}


def test_china_share_sets_the_cost_of_retaliation(august):
    name = "rare-earth shortage"
    for share in (0.85, 0.99):
        assert august.terms(china_share=share)["kept_retaliated"]["US"][name] == pytest.approx(-1.0 * share**2)


def test_subgame_perfect_path_at_the_cited_values(august):
    result = august.tree().backward_induction()
    assert result.unique and result.ties == ()
    assert [s.move for s in result.path] == closed_form_path(closed_form_leaves(august.values()))
    assert [(s.node, s.player, s.move) for s in result.path] == [
        ("london", "China", "deliver"),
        ("august_kept", "US", "extend"),
    ]
    assert result.strategies["China"] == {"london": "deliver", "reply_kept": "retaliate", "reply_slowed": "retaliate"}
    assert result.strategies["US"] == {"august_kept": "extend", "august_slowed": "snap-back"}


@pytest.mark.parametrize("share", [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.85, 0.9, 0.99])
def test_backward_induction_matches_the_closed_form_over_shares(august, share):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        result = august.tree(china_share=share).backward_induction()
        expected = closed_form_path(closed_form_leaves(august.values(china_share=share)))
    assert [s.move for s in result.path] == expected


def test_a_small_share_makes_the_snap_back_pay_even_after_delivery(august):
    """Far below the articles' range, the shortage China can threaten is smaller than the relief is worth to the
    US, so the US snaps back whatever China does; China then slow-walks and absorbs the tariffs."""
    with pytest.warns(RangeWarning):
        result = august.tree(china_share=0.2).backward_induction()
    assert [s.move for s in result.path] == ["slow-walk", "snap-back", "absorb"]
    assert result.strategies["US"] == {"august_kept": "snap-back", "august_slowed": "snap-back"}


def test_the_threat_equilibrium_is_flagged_non_credible(august):
    tree = august.tree()
    game = august.game()
    assert game.shape == (4, 4)
    assert "extend/snap-back" in game.actions[0]
    assert "deliver/retaliate/*" in game.actions[1]
    verdicts = {v.labels: v for v in tree.classify(solve(game)) if v.labels}
    # the threat to snap back after a slow-walk is credible; the promise to extend after one is not
    assert verdicts[("extend/snap-back", "deliver/retaliate/*")].subgame_perfect
    promise = verdicts[("extend/extend", "deliver/retaliate/*")]
    assert promise.status == "non-credible"
    assert [(t.node, t.move) for t in promise.threats] == [("august_slowed", "extend")]
    assert sum(v.subgame_perfect for v in verdicts.values()) == 1


def retaliation_roots(v: dict) -> list[float]:
    """Shares s in (0, 1) at which China, after a snap-back on delivered supply, is indifferent between
    retaliating and absorbing: what the settlement at the next deadline then gives it,
    W p (G + R (1 - s)), equals the sales a cut loses, R (1 - s), where p = f + s^2 (1 - f) is the chance
    that either lever forces the settlement and G = V + L f the relief and the tariffs rolled back (a
    cubic in s)."""
    f = (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"])
    window = 1 - v["truce_days"] / 365
    gain = v["cn_chip_value"] + v["cn_us_exports"] * v["may_export_fall"] * f
    sales = v["cn_rare_earth_sales"]
    chance = np.poly1d([window * (1 - f), 0.0, window * f])
    poly = chance * np.poly1d([-sales, gain + sales]) - np.poly1d([-sales, sales])
    return sorted(r.real for r in poly.r if abs(r.imag) < 1e-12 and 0 < r.real < 1)


@pytest.mark.parametrize("sales", [0.1, 0.2, 0.5])
def test_retaliation_threshold_in_closed_form(august, sales):
    """Where rare-earth sales are large against what the settlement gives, a small share makes China absorb;
    above the root of the cubic it retaliates."""
    [threshold] = retaliation_roots(august.values(cn_rare_earth_sales=sales))
    assert 0.05 < threshold < 0.85
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        below, above = (august.tree(china_share=x, cn_rare_earth_sales=sales).backward_induction()
                        .strategies["China"]["reply_kept"] for x in (threshold - 0.005, threshold + 0.005))
    assert (below, above) == ("absorb", "retaliate")


@pytest.mark.parametrize("sales", [0.01, 0.03])
def test_with_small_sales_china_retaliates_at_every_share(august, sales):
    """The cubic has no root in (0, 1): the tariffs' own chance of forcing a settlement that rolls them back
    outweighs the sales a cut loses, whatever the share."""
    assert retaliation_roots(august.values(cn_rare_earth_sales=sales)) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        for share in (0.05, 0.2, 0.5, 0.9):
            tree = august.tree(china_share=share, cn_rare_earth_sales=sales)
            assert tree.backward_induction().strategies["China"]["reply_kept"] == "retaliate"


def test_deadline_terms(august):
    terms = august.deadline(china_share=0.8)
    payoffs = august.payoffs(china_share=0.8)
    assert terms.deal == payoffs["deal"]
    assert terms.disagreement == payoffs["no_deal"]
    assert terms.discounts == pytest.approx((1 - 0.1 * 0.8, 0.95))
    assert (terms.rounds, terms.first) == (3, "US")


# --- the format's checks --------------------------------------------------------------------

HEADER = textwrap.dedent("""
    kind = "sequential"
    name = "toy"
    title = "Toy"
    date = "2025-06-10"
    description = "A toy tree."
    units = "points"
    sign_convention = "higher is better"
    players = ["A", "B"]

    [parameters.p]
    value = 0.25
    range = [0, 1]
    unit = "probability"
    description = "chance of a storm"
    assumption = "made up"
""")

TREE = textwrap.dedent("""
    [tree]
    root = "start"

    [tree.nodes.start]
    player = "A"
    moves = { go = "weather", stay = "home" }

    [tree.nodes.weather]
    chance = true
    moves = { calm = "sea", storm = "wreck" }
    probabilities = { calm = "1 - p", storm = "p" }

    [[terms]]
    name = "voyage"
    player = "A"
    expression = "4"
    when = ["go"]

    [[terms]]
    name = "loss"
    player = "A"
    expression = "-8"
    when = ["weather:storm"]

    [tree.leaves.home]
    B = "1"
""")


def write(tmp_path, text):
    path = tmp_path / "toy.toml"
    path.write_text(text)
    return path


def test_chance_and_leaf_payoffs(tmp_path):
    model = load_model(write(tmp_path, HEADER + TREE))
    assert model.payoffs() == {"sea": (4.0, 0.0), "wreck": (-4.0, 0.0), "home": (0.0, 1.0)}
    result = model.tree().backward_induction()
    assert result.payoffs == pytest.approx((2.0, 0.0))  # 4 - 8 * 0.25
    assert model.tree(p=0.5).backward_induction().ties  # 4 - 8/2 = 0: go and stay tie


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (('player = "A"\nmoves = { go', 'player = "C"\nmoves = { go'), "tree.nodes.start.player", "unknown player"),
        (('root = "start"', 'root = "nowhere"'), "tree.root", "not one of the nodes"),
        (('when = ["go"]', 'when = ["fly"]'), "terms[0].when", "no node has a move 'fly'"),
        (('when = ["weather:storm"]', 'when = ["start:storm"]'), "terms[1].when", "has no move 'storm'"),
        (('storm = "p" }', 'storm = "q" }'), "tree.nodes.weather.probabilities.storm", "unknown name 'q'"),
        (('storm = "wreck"', 'storm = "home"'), "tree.nodes.start.moves.stay", "reached twice"),
        (('[tree.leaves.home]', '[tree.leaves.attic]'), "tree.leaves.attic", "not a leaf"),
    ],
)
def test_malformed_trees_name_the_field(tmp_path, change, where, message):
    old, new = change
    text = HEADER + TREE
    assert old in text
    with pytest.raises(ModelError, match=message) as error:
        load_model(write(tmp_path, text.replace(old, new)))
    assert error.value.where == where


def test_unreachable_node_rejected(tmp_path):
    text = HEADER + TREE + '\n[tree.nodes.orphan]\nplayer = "B"\nmoves = { x = "y" }\n'
    with pytest.raises(ModelError, match="cannot be reached"):
        load_model(write(tmp_path, text))


def test_probabilities_that_do_not_sum_to_one_rejected(tmp_path):
    text = (HEADER + TREE).replace('calm = "1 - p"', 'calm = "0.5"')
    model = load_model(write(tmp_path, text))
    with pytest.raises(ModelError, match="sum to"):
        model.tree()


def test_bargaining_table_checked(tmp_path):
    text = HEADER + TREE + textwrap.dedent("""
        [bargaining]
        deal = "sea"
        no_deal = "nowhere"
        first = "A"
        rounds = 2
        discount = { A = "0.9", B = "0.9" }
    """)
    with pytest.raises(ModelError, match="'nowhere' is not a leaf") as error:
        load_model(write(tmp_path, text))
    assert error.value.where == "bargaining.no_deal"
