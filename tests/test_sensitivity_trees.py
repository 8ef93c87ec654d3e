"""Sweeps, thresholds and Monte Carlo on game trees, against a backward induction written here.

The oracle below walks the tree a model builds at each point and keeps, at every
decision node, every move that is optimal in exact arithmetic; the distinct
paths of play it finds are what the package must report.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain.games.sequential import Chance, Decision, Leaf
from bargain.model import load_model
from bargain.sensitivity import (
    PathSignature,
    SensitivityError,
    hold,
    montecarlo,
    solve_paths,
    sweep,
    thresholds,
)

from .entry_point import run_main

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


def oracle_paths(model, values) -> set:
    """Every distinct subgame-perfect path of ``model`` at ``values``, by exact backward induction."""
    tree = model.tree_at(values)

    def solve(node):  # -> list of (payoffs, histories reached with positive probability)
        if isinstance(node, Leaf):
            return [(tuple(Fraction(v) for v in node.payoffs), ((),))]
        if isinstance(node, Decision):
            # a subgame-perfect profile fixes one such profile in every subgame; then the mover picks a best move
            k = tree.players.index(node.player)
            found = []
            for combo in itertools.product(*(solve(child) for _, child in node.moves)):
                best = max(value[k] for value, _ in combo)
                found += [(value, tuple(((node.name, node.player, move), *h) for h in histories))
                          for (move, _), (value, histories) in zip(node.moves, combo, strict=True)
                          if value[k] == best]
            return found
        assert isinstance(node, Chance)
        combos = [((Fraction(0), Fraction(0)), ())]
        for move, p, child in node.moves:
            p = Fraction(p)
            combos = [
                ((v[0] + p * w[0], v[1] + p * w[1]),
                 h + (tuple(((node.name, "chance", move), *x) for x in g) if p > 0 else ()))
                for v, h in combos for w, g in solve(child)
            ]
        return combos

    return {histories for _, histories in solve(tree.root)}


@pytest.fixture(scope="module")
def august():
    return load_model("august-deadline")


@pytest.fixture(scope="module")
def tie_tree():
    return load_model(DATA / "tie-tree.toml")


@pytest.fixture(scope="module")
def chance_tree():
    return load_model(DATA / "chance-tree.toml")


def uniform_points(model, names, count, seed):
    rng = np.random.default_rng(seed)
    lows = np.array([model.parameters[n].low for n in names])
    highs = np.array([model.parameters[n].high for n in names])
    return [tuple(row) for row in rng.uniform(lows, highs, (count, len(names)))]


@pytest.mark.parametrize("name", ["august", "tie_tree", "chance_tree"])
def test_paths_at_many_points_match_backward_induction(name, request):
    model = request.getfixturevalue(name)
    names = list(model.parameters)
    points = uniform_points(model, names, 400, seed=3)
    found = solve_paths(model, names, points)
    for point, signature in zip(points, found, strict=True):
        assert set(signature.paths) == oracle_paths(model, dict(zip(names, point, strict=True)))
    assert found == solve_paths(model, names, points, fast=False), "vectorised and one-by-one agree"


def test_a_tie_on_the_way_gives_every_path(tie_tree):
    (signature,) = solve_paths(tie_tree, ["x"], [(-1.0,)])
    assert signature.count == 2
    assert set(signature.paths) == oracle_paths(tie_tree, {"x": -1.0})


def brute_changes(model, param, count=201):
    """Brackets ``(a, b)`` of a fine grid across which the oracle's paths change."""
    p = model.parameters[param]
    grid = np.linspace(p.low, p.high, count)
    paths = [oracle_paths(model, {param: float(v)}) for v in grid]
    return [(grid[k], grid[k + 1]) for k in range(count - 1) if paths[k] != paths[k + 1]]


@pytest.mark.parametrize("name", ["august", "tie_tree", "chance_tree"])
def test_path_thresholds_agree_with_a_brute_force_sweep(name, request):
    model = request.getfixturevalue(name)
    for param, parameter in model.parameters.items():
        if parameter.high <= parameter.low:
            continue  # a fixed parameter has no range to search
        found = thresholds(model, param, of="spe-path")
        brackets = brute_changes(model, param)
        for a, b in brackets:
            assert any(a <= t.value <= b for t in found), (param, a, b, [t.value for t in found])
        for t in found:
            assert any(a <= t.value <= b for a, b in brackets), (param, t.value, brackets)
            assert set(t.left.paths) == oracle_paths(model, {param: t.bracket[0]})
            assert set(t.right.paths) == oracle_paths(model, {param: t.bracket[1]})
            assert t.bracket[1] - t.bracket[0] <= 1e-9 * max(1.0, abs(t.value))


def test_a_threshold_at_a_tie_reports_both_paths(tie_tree):
    (t,) = thresholds(tie_tree, "y", of="spe-path")
    assert t.value == -1.0
    assert t.at is not None and set(t.at.paths) == oracle_paths(tie_tree, {"y": -1.0})
    assert t.at.count == 2


def test_path_thresholds_need_a_tree():
    with pytest.raises(SensitivityError, match="not a game tree"):
        thresholds(load_model("rare-earth-chicken"), "china_share", of="spe-path")


def test_montecarlo_on_a_tree_counts_subgame_perfect_paths(august):
    mc = montecarlo(august, 300, seed=5)
    assert mc.outcome == "spe-path" and mc.samples == 300
    for draw, signature in zip(mc.draws, mc.signatures, strict=True):
        assert isinstance(signature, PathSignature)
        assert set(signature.paths) == oracle_paths(august, dict(zip(mc.params, draw, strict=True)))
    counts: dict = {}
    for signature in mc.signatures:
        counts[signature.label()] = counts.get(signature.label(), 0) + 1
    assert {f.label: f.count for f in mc.sets} == counts
    assert sum(f.count for f in mc.sets) == 300
    data = json.loads(mc.to_json())
    assert data["outcome"] == "spe-path" and data["samples"] == 300


def test_montecarlo_on_a_held_tree(august):
    held = hold(august, us_shortage_cost=0.5)
    mc = montecarlo(held, 50, seed=2, params=["china_share"])
    for draw, signature in zip(mc.draws, mc.signatures, strict=True):
        assert set(signature.paths) == oracle_paths(august, {"us_shortage_cost": 0.5, "china_share": draw[0]})


def test_montecarlo_can_count_the_normal_form_equilibria_of_a_tree(tie_tree):
    mc = montecarlo(tie_tree, 20, seed=1, outcome="equilibria")
    assert mc.outcome == "equilibria" and sum(f.count for f in mc.sets) == 20


def test_sweep_of_a_tree_records_the_path_at_every_point(august):
    values = list(np.linspace(0.05, 0.99, 25))  # wider than the articles' range: the path changes twice
    result = sweep(august, "china_share", values)
    assert len(result.paths) == len(values)
    for v, signature in zip(values, result.paths, strict=True):
        assert set(signature.paths) == oracle_paths(august, {"china_share": v})
    assert len(result.to_dict()["spe_paths"]) == len(values)
    via_grid = thresholds(august, "china_share", grid=result, of="spe-path")
    direct = thresholds(august, "china_share", 0.05, 0.99, of="spe-path")
    assert len(direct) == 2 and [t.value for t in via_grid] == pytest.approx([t.value for t in direct], abs=2e-9)


def test_cli_montecarlo_on_a_tree(capsys):
    code, out, err = run_main(capsys, "montecarlo", "august-deadline", "-n", "40", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"] == "spe-path" and sum(f["count"] for f in data["sets"]) == 40
    code, out, err = run_main(capsys, "montecarlo", "august-deadline", "-n", "40")
    assert code == 0 and "subgame-perfect path" in out


def test_cli_sweep_of_a_tree_shows_where_the_path_changes(capsys, august):
    code, out, err = run_main(capsys, "sweep", "august-deadline", "--param", "china_share", "--from", "0.05",
                              "--to", "0.99", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    expected = thresholds(august, "china_share", 0.05, 0.99, of="spe-path")
    assert [t["value"] for t in data["spe_path_thresholds"]] == [t.value for t in expected]
    code, out, err = run_main(capsys, "sweep", "august-deadline", "--param", "china_share", "--from", "0.05",
                              "--to", "0.99")
    assert code == 0 and "subgame-perfect path" in out


def test_a_chance_probability_is_not_taken_as_affine(chance_tree):
    """The strategic form mixes payoffs with chance probabilities: sweeping q must build each game."""
    values = list(np.linspace(0.0, 1.0, 21))
    fast, slow = sweep(chance_tree, "q", values), sweep(chance_tree, "q", values, fast=False)
    assert fast.signatures == slow.signatures and fast.paths == slow.paths
    for v, record_set in zip(values, (fast.at(k) for k in range(len(values))), strict=True):
        game = chance_tree.game_at({"q": v})
        for record in record_set:
            assert record.payoffs[0] == pytest.approx(float(np.asarray(record.profile[0]) @ game.A
                                                            @ np.asarray(record.profile[1])))
