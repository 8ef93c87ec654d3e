"""Sequential model files: the bundled august-deadline tree and the format's checks."""

from __future__ import annotations

import math
import textwrap

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
    assert {"china_share", "slow_walk_cut", "market_drop"} <= cited


def test_terms_sum_to_leaf_payoffs(august):
    terms, payoffs = august.terms(), august.payoffs()
    for leaf, (us, china) in payoffs.items():
        assert math.isclose(sum(terms[leaf]["US"].values()), us)
        assert math.isclose(sum(terms[leaf]["China"].values()), china)
    # the truce carrying on with licences flowing: only the chip relief term
    assert terms["deal"] == {"US": {}, "China": {"chip-design-software relief under the truce": 3.0}}


def test_china_share_sets_the_cost_of_retaliation(august):
    low, high = august.terms(china_share=0.62), august.terms(china_share=0.9)
    name = "rare-earth shortage from Chinese retaliation"
    assert low["kept_retaliated"]["US"][name] == pytest.approx(-20 * 0.62 * 0.5)
    assert high["kept_retaliated"]["US"][name] == pytest.approx(-20 * 0.9 * 0.5)


def test_subgame_perfect_path_at_the_cited_values(august):
    result = august.tree().backward_induction()
    assert result.unique and result.ties == ()
    assert [(s.node, s.player, s.move) for s in result.path] == [
        ("london", "China", "slow-walk"),
        ("august_slowed", "US", "extend"),
    ]
    assert result.strategies["China"] == {"london": "slow-walk", "reply_kept": "retaliate", "reply_slowed": "retaliate"}
    assert result.strategies["US"] == {"august_kept": "extend", "august_slowed": "extend"}


def test_a_small_share_makes_the_snap_back_threat_credible(august):
    with pytest.warns(RangeWarning):
        result = august.tree(china_share=0.45).backward_induction()
    assert [s.move for s in result.path] == ["deliver", "extend"]
    assert result.strategies["US"]["august_slowed"] == "snap-back"
    assert result.strategies["China"]["reply_slowed"] == "absorb"


def test_the_threat_equilibrium_is_flagged_non_credible(august):
    tree = august.tree()
    game = august.game()
    assert game.shape == (4, 4)
    assert "extend/snap-back" in game.actions[0]
    assert "deliver/retaliate/*" in game.actions[1]
    verdicts = {v.labels: v for v in tree.classify(solve(game)) if v.labels}
    assert verdicts[("extend/extend", "slow-walk/*/retaliate")].subgame_perfect
    bluff = verdicts[("extend/snap-back", "deliver/retaliate/*")]
    assert bluff.status == "non-credible"
    assert [(t.node, t.move) for t in bluff.threats] == [("august_slowed", "snap-back")]
    assert sum(v.subgame_perfect for v in verdicts.values()) == 1


def test_deadline_terms(august):
    terms = august.deadline(china_share=0.8)
    payoffs = august.payoffs(china_share=0.8)
    assert terms.deal == payoffs["deal"]
    assert terms.disagreement == payoffs["no_deal"]
    assert terms.surplus == pytest.approx(sum(payoffs["deal"]) - sum(payoffs["no_deal"]))
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


@pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")
@pytest.mark.parametrize("export_loss", [2.0, 3.0, 4.0])
def test_threshold_share_is_export_loss_over_counter_leverage(august, export_loss):
    # China retaliates iff counter_leverage * share > export_loss; only then is the US snap-back
    # threat empty and slow-walking pays.
    threshold = export_loss / 6.0
    below = august.tree(china_share=threshold - 0.01, export_loss=export_loss).backward_induction()
    above = august.tree(china_share=threshold + 0.01, export_loss=export_loss).backward_induction()
    assert below.path[0].move == "deliver"
    assert above.path[0].move == "slow-walk"
    at = august.tree(china_share=0.5, export_loss=3.0).backward_induction()
    assert {t.node for t in at.ties} == {"reply_kept", "reply_slowed"}
