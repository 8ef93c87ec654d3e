"""Game trees: validation, backward induction, ties, reduced normal form, credibility."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargain import Game, solve
from bargain.errors import BargainError, SequentialError
from bargain.games.sequential import Chance, Decision, Leaf, SequentialGame, classify


def entry_deterrence(fight=(-1, -1)):
    return SequentialGame(
        ("Entrant", "Incumbent"),
        Decision("entrant", "Entrant", {
            "out": Leaf((0, 2)),
            "in": Decision("incumbent", "Incumbent", {"fight": Leaf(fight), "accommodate": Leaf((1, 1))}),
        }),
    )


def centipede():
    """A moves, B moves, A moves; stopping early is subgame perfect."""
    return SequentialGame(
        ("A", "B"),
        Decision("a1", "A", {
            "stop": Leaf((1, 0)),
            "go": Decision("b1", "B", {
                "stop": Leaf((0, 2)),
                "go": Decision("a2", "A", {"stop": Leaf((3, 1)), "go": Leaf((2, 4))}),
            }),
        }),
    )


# --- validation --------------------------------------------------------------------------


def test_duplicate_move_labels_rejected():
    with pytest.raises(SequentialError, match="duplicate move label"):
        Decision("n", "A", [("x", Leaf((0, 0))), ("x", Leaf((1, 1)))])


def test_unknown_player_rejected():
    with pytest.raises(SequentialError, match="'C'.*not one of the players"):
        SequentialGame(("A", "B"), Decision("n", "C", {"x": Leaf((0, 0))}))


def test_three_players_rejected():
    with pytest.raises(SequentialError, match="needs 2 players"):
        SequentialGame(("A", "B", "C"), Leaf((0, 0)))


def test_duplicate_node_names_rejected():
    root = Decision("n", "A", {"x": Decision("n", "B", {"y": Leaf((0, 0))})})
    with pytest.raises(SequentialError, match="used twice"):
        SequentialGame(("A", "B"), root)


def test_shared_subtree_rejected():
    shared = Decision("m", "B", {"y": Leaf((0, 0))})
    with pytest.raises(SequentialError, match="appears twice"):
        SequentialGame(("A", "B"), Decision("n", "A", {"x": shared, "z": shared}))


def test_probabilities_must_sum_to_one():
    with pytest.raises(SequentialError, match="sum to 3/4"):
        Chance("c", {"a": ("1/2", Leaf((0, 0))), "b": ("1/4", Leaf((0, 0)))})
    with pytest.raises(SequentialError, match="outside"):
        Chance("c", {"a": (2, Leaf((0, 0))), "b": (-1, Leaf((0, 0)))})


def test_float_probabilities_within_tolerance_accepted():
    node = Chance("c", {"a": (0.1, Leaf((0, 0))), "b": (0.2, Leaf((0, 0))), "c": (0.7, Leaf((0, 0)))})
    assert [p for _, p, _ in node.moves] == [0.1, 0.2, 0.7]


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), "abc", True, None])
def test_payoffs_must_be_finite_numbers(bad):
    with pytest.raises(SequentialError):
        Leaf((0, bad))


def test_errors_belong_to_one_family():
    assert issubclass(SequentialError, BargainError)


def test_nodes_are_frozen():
    leaf = Leaf((1, 2))
    with pytest.raises(AttributeError):
        leaf.payoffs = (3, 4)


# --- backward induction ------------------------------------------------------------------


def test_entry_deterrence_spe_is_enter_accommodate():
    result = entry_deterrence().backward_induction()
    assert result.unique
    assert [(s.node, s.player, s.move) for s in result.path] == [
        ("entrant", "Entrant", "in"),
        ("incumbent", "Incumbent", "accommodate"),
    ]
    assert result.strategies == {"Entrant": {"entrant": "in"}, "Incumbent": {"incumbent": "accommodate"}}
    assert result.payoffs == (1, 1)
    assert result.ties == ()


def test_off_path_moves_are_part_of_the_strategy():
    result = centipede().backward_induction()
    assert result.unique
    assert result.strategies == {"A": {"a1": "stop", "a2": "stop"}, "B": {"b1": "stop"}}
    assert [s.move for s in result.path] == ["stop"]
    assert result.payoffs == (1, 0)


def test_ties_are_reported_and_all_profiles_enumerated():
    tree = SequentialGame(("A", "B"), Decision("a", "A", {
        "left": Decision("b", "B", {"x": Leaf((2, 0)), "y": Leaf((0, 0))}),
        "right": Leaf((1, 1)),
    }))
    result = tree.backward_induction()
    assert [(t.node, t.player, t.moves) for t in result.ties] == [("b", "B", ("x", "y"))]
    profiles = sorted((spe.choices["a"], spe.choices["b"]) for spe in result)
    assert profiles == [("left", "x"), ("right", "y")]
    assert not result.unique
    # the first profile breaks the tie towards the first-listed move
    assert result[0].choices["b"] == "x"


def test_tie_at_root_gives_two_paths():
    tree = SequentialGame(("A", "B"), Decision("a", "A", {"l": Leaf((1, 0)), "r": Leaf((1, 5))}))
    result = tree.backward_induction()
    assert result.ties[0].moves == ("l", "r")
    assert sorted(spe.payoffs for spe in result) == [(1, 0), (1, 5)]


def test_float_ties_use_a_tolerance():
    tree = SequentialGame(("A", "B"), Decision("a", "A", {"l": Leaf((0.1 + 0.2, 0)), "r": Leaf((0.3, 1))}))
    assert len(tree.backward_induction().ties) == 1


def test_chance_nodes_average_exactly():
    tree = SequentialGame(("A", "B"), Decision("a", "A", {
        "safe": Leaf((1, 0)),
        "gamble": Chance("luck", {"win": ("1/3", Leaf((4, 0))), "lose": ("2/3", Leaf(("-1/2", 3)))}),
    }))
    result = tree.backward_induction()
    # gamble is worth 4/3 - 1/3 = 1 to A, exactly the value of safe: a tie, both listed
    assert result.ties and result.ties[0].moves == ("safe", "gamble")
    assert result.payoffs == (1, 0)
    gamble = [spe for spe in result if spe.choices["a"] == "gamble"][0]
    assert gamble.payoffs == (Fraction(1), Fraction(2))
    assert gamble.path == (("a", "A", "gamble"),)
    assert sorted(p for _, p in gamble.outcomes) == [Fraction(1, 3), Fraction(2, 3)]


def test_subgame_perfect_profile_survives_one_shot_deviations():
    tree = centipede()
    spe = tree.backward_induction()[0]
    for node in tree.decision_nodes():
        k = tree.players.index(node.player)
        mine = tree.value(spe.choices, node)[k]
        for label, _ in node.moves:
            assert tree.value({**spe.choices, node.name: label}, node)[k] <= mine


# --- reduced normal form -----------------------------------------------------------------


def test_reduced_normal_form_of_entry_deterrence():
    g = entry_deterrence().to_game()
    assert g.players == ("Entrant", "Incumbent")
    assert g.actions == (("out", "in"), ("fight", "accommodate"))
    assert g.payoff("out", "fight") == (0, 2)
    assert g.payoff("in", "fight") == (-1, -1)
    assert g.payoff("in", "accommodate") == (1, 1)
    assert g.is_exact


def test_reduction_merges_strategies_cut_off_by_own_moves():
    g = centipede().to_game()
    # A has 4 full strategies, but stop-at-a1 makes a2 irrelevant: 3 reduced ones
    assert g.actions[0] == ("stop/*", "go/stop", "go/go")
    assert g.actions[1] == ("stop", "go")
    assert g.payoff("stop/*", "go") == (1, 0)
    assert g.payoff("go/go", "go") == (2, 4)
    assert g.payoff("go/stop", "go") == (3, 1)


def test_chance_gives_expected_payoffs_in_normal_form():
    tree = SequentialGame(("A", "B"), Chance("nature", {
        "hi": ("1/4", Decision("a_hi", "A", {"x": Leaf((4, 0)), "y": Leaf((0, 4))})),
        "lo": ("3/4", Decision("a_lo", "A", {"x": Leaf((0, 0)), "y": Leaf((8, 8))})),
    }))
    g = tree.to_game()
    assert g.actions[0] == ("x/x", "x/y", "y/x", "y/y")
    assert g.exact_payoffs()[0] == [[1], [7], [0], [6]]


def test_label_clash_falls_back_to_named_moves():
    tree = SequentialGame(("A", "B"), Decision("b", "B", {
        "l": Decision("q", "A", {"x/y": Leaf((0, 0)), "x": Leaf((1, 0))}),
        "r": Decision("r", "A", {"z": Leaf((0, 1)), "y/z": Leaf((1, 1))}),
    }))
    labels = [label for label, _ in tree.reduced_strategies("A")]
    assert len(set(labels)) == 4  # "x/y" + "z" and "x" + "y/z" would both read "x/y/z"
    assert "q=x/y, r=z" in labels


# --- which Nash equilibria are credible ----------------------------------------------------


def test_entry_deterrence_out_fight_is_not_subgame_perfect():
    tree = entry_deterrence()
    solution = solve(tree.to_game())
    verdicts = {v.labels: v for v in classify(tree, solution) if v.labels}
    assert set(verdicts) == {("out", "fight"), ("in", "accommodate")}
    assert verdicts[("in", "accommodate")].subgame_perfect
    threat = verdicts[("out", "fight")]
    assert threat.status == "non-credible"
    assert [(t.node, t.player, t.move, t.better) for t in threat.threats] == [
        ("incumbent", "Incumbent", "fight", ("accommodate",))
    ]


def test_mixed_equilibria_are_not_judged():
    # the incumbent is indifferent between fighting and accommodating: both pure equilibria are
    # subgame perfect, and two extreme equilibria mix (fight with probability 1/2)
    tree = entry_deterrence(fight=(-1, 1))
    solution = solve(tree.to_game(), exact=True)
    verdicts = tree.classify(solution)
    assert len(verdicts) == len(solution) == 4
    for eq, verdict in zip(solution, verdicts, strict=True):
        assert verdict.equilibrium is eq
        if eq.pure:
            assert verdict.status == "subgame-perfect" and verdict.labels == tuple(s[0] for s in eq.supports)
        else:
            assert (verdict.status, verdict.labels, verdict.threats) == ("mixed", None, ())
            assert not verdict.subgame_perfect
    assert sorted(v.labels for v in verdicts if v.labels) == [("in", "accommodate"), ("out", "fight")]
    assert sum(v.status == "mixed" for v in verdicts) == 2


def test_every_spe_appears_among_pure_nash_equilibria():
    tree = centipede()
    solution = solve(tree.to_game(), method="pure")
    verdicts = tree.classify(solution)
    perfect = [v.labels for v in verdicts if v.subgame_perfect]
    assert perfect == [("stop/*", "stop")]


def test_classify_rejects_a_foreign_game():
    tree = entry_deterrence()
    other = Game([[1]], [[1]], actions=(["zzz"], ["www"]))
    with pytest.raises(SequentialError, match="does not belong"):
        tree.classify(solve(other))


def test_threat_found_where_the_follower_plan_is_left_open():
    # China delivers (ends) or slow-walks; the US then extends or snaps back; China then
    # retaliates or absorbs. Delivering leaves China's reply open ("*"), yet the US threat
    # to snap back is still exposed, judged against China's credible reply (retaliate).
    tree = SequentialGame(("US", "China"), Decision("london", "China", {
        "deliver": Leaf((0, 1)),
        "slow-walk": Decision("august", "US", {
            "extend": Leaf((-1, 2)),
            "snap-back": Decision("reply", "China", {"retaliate": Leaf((-3, -1)), "absorb": Leaf((1, -2))}),
        }),
    }))
    spe = tree.backward_induction()
    assert [s.move for s in spe.path] == ["slow-walk", "extend"]
    verdicts = {v.labels: v for v in tree.classify(solve(tree.to_game(), method="pure"))}
    assert verdicts[("extend", "slow-walk/retaliate")].subgame_perfect
    bluff = verdicts[("snap-back", "deliver/*")]
    assert bluff.status == "non-credible"
    assert [(t.node, t.move, t.better) for t in bluff.threats] == [("august", "snap-back", ("extend",))]


# --- properties on random trees ----------------------------------------------------------------

@st.composite
def trees(draw, max_depth: int = 3):
    counter = iter(range(10_000))

    def build(depth: int):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            return Leaf((draw(st.integers(-2, 2)), draw(st.integers(-2, 2))))
        name = f"n{next(counter)}"
        width = draw(st.integers(2, 3))
        if draw(st.integers(0, 5)) == 0:
            weights = [draw(st.integers(1, 3)) for _ in range(width)]
            total = sum(weights)
            return Chance(name, [(f"c{k}", Fraction(w, total), build(depth - 1)) for k, w in enumerate(weights)])
        player = draw(st.sampled_from(["A", "B"]))
        return Decision(name, player, [(f"m{k}", build(depth - 1)) for k in range(width)])

    return SequentialGame(("A", "B"), build(max_depth))


def _is_spe(tree: SequentialGame, choices) -> bool:
    for node in tree.decision_nodes():
        k = tree.players.index(node.player)
        mine = tree.value(choices, node)[k]
        if any(tree.value({**choices, node.name: label}, node)[k] > mine for label, _ in node.moves):
            return False
    return True


@settings(max_examples=100, deadline=None)
@given(trees())
def test_backward_induction_finds_exactly_the_brute_force_spe(tree):
    nodes = tree.decision_nodes()
    assume(math.prod(len(n.moves) for n in nodes) <= 2000)
    brute = set()
    for moves in itertools.product(*[[label for label, _ in n.moves] for n in nodes]):
        choices = dict(zip((n.name for n in nodes), moves, strict=True))
        if _is_spe(tree, choices):
            brute.add(tuple(sorted(choices.items())))
    found = [tuple(sorted(spe.choices.items())) for spe in tree.backward_induction()]
    assert len(found) == len(set(found))
    assert set(found) == brute
    assert (len(found) > 1) <= bool(tree.backward_induction().ties)


@settings(max_examples=100, deadline=None)
@given(trees())
def test_every_spe_is_a_pure_nash_equilibrium_of_the_reduced_normal_form(tree):
    game = tree.to_game()
    A, B = game.exact_payoffs()
    labels = [dict((tuple(sorted(p.items())), label) for label, p in tree.reduced_strategies(k)) for k in (0, 1)]
    for spe in tree.backward_induction():
        i = game.actions[0].index(labels[0][tuple(sorted(tree.reduce(0, spe.choices).items()))])
        j = game.actions[1].index(labels[1][tuple(sorted(tree.reduce(1, spe.choices).items()))])
        assert (A[i][j], B[i][j]) == spe.payoffs
        assert A[i][j] == max(row[j] for row in A)
        assert B[i][j] == max(B[i])
    verdicts = tree.classify(solve(game, method="pure"))
    assert sum(v.subgame_perfect for v in verdicts) >= 1


def test_normal_form_too_large_is_refused_but_induction_works():
    # after chance picks one of 13 states, B moves once: 2**13 reduced strategies for B
    states = {
        f"s{k}": (Fraction(1, 13), Decision(f"b{k}", "B", {"l": Leaf((1, 0)), "r": Leaf((0, 1))}))
        for k in range(13)
    }
    tree = SequentialGame(("A", "B"), Decision("top", "A", {"x": Chance("state", states), "y": Leaf((-1, 0))}))
    result = tree.backward_induction()
    assert result.unique and result.strategies["A"] == {"top": "x"}
    with pytest.raises(SequentialError, match="more than 5000 reduced strategies"):
        tree.to_game()
