"""``bargain drivers``: flip points against brute-force sweeps, rankings against direct estimates.

* Flip points: every change a fine grid sees (solved by pygambit on rare-earth-chicken, by a fine batched
  sweep on the bigger models) lies at a reported flip point, and every flip point at a change.
* Rankings: on rare-earth-chicken the equilibrium set has a closed form -- for a 2x2 game it follows from
  the signs of four payoff differences, read here from the model's own payoffs -- and the Sobol' indices
  are estimated directly from it (independent random draws, the pick-freeze estimators written out for a
  categorical answer). On a model built so that one parameter decides everything, that parameter's total
  index is 1 and every other 0, within the reported intervals.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import bargain
from bargain.model import load_model
from bargain.sensitivity import SensitivityError, drivers, hold, linspace, solve_paths, sweep

from .entry_point import run_main
from .oracles import gambit_solve

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


@pytest.fixture(scope="module")
def chicken():
    return load_model("rare-earth-chicken")


def widened(model) -> dict[str, tuple[float, float]]:
    """Ranges for chicken's two cost parameters that straddle 1, where the game stops being chicken.

    The values come from the model's own range (kept where it starts below 1, else widened down to a
    third of its low end), so the equilibrium set changes inside them.
    """
    result = {}
    for name in ("china_standoff_cost", "us_standoff_cost"):
        p = model.parameters[name]
        result[name] = (min(p.low, p.low / 3), p.high)
    return result


# ---------------------------------------------------------------------------- the closed form of a 2x2 game


def closed_form_set(A, B) -> frozenset:
    """The equilibrium set of a generic 2x2 game from the signs of its payoff differences.

    Row prefers its first action against column j when d_j = A[0, j] - A[1, j] > 0; Column prefers its
    first action against row i when e_i = B[i, 0] - B[i, 1] > 0. A pure profile is an equilibrium when
    each action is a best reply; a fully mixed one exists exactly when both players' preferences flip
    with the other's action (d_0, d_1 of opposite signs, and e_0, e_1 too).
    """
    d = [A[0][j] - A[1][j] for j in (0, 1)]
    e = [B[i][0] - B[i][1] for i in (0, 1)]
    found = set()
    for i in (0, 1):
        for j in (0, 1):
            row_best = d[j] > 0 if i == 0 else d[j] < 0
            column_best = e[i] > 0 if j == 0 else e[i] < 0
            if row_best and column_best:
                found.add(((i,), (j,)))
    if d[0] * d[1] < 0 and e[0] * e[1] < 0:
        found.add(((0, 1), (0, 1)))
    return frozenset(found)


def test_the_closed_form_agrees_with_pygambit(chicken):
    rng = np.random.default_rng(5)
    ranges = {name: (p.low, p.high) for name, p in chicken.parameters.items()} | widened(chicken)
    for _ in range(25):
        values = {name: float(rng.uniform(*bounds)) for name, bounds in ranges.items()}
        game = chicken.game_at(values)
        equilibria, _ = gambit_solve(game.A.tolist(), game.B.tolist())
        supports = frozenset(tuple(tuple(k for k, p in enumerate(s) if p > 0) for s in eq) for eq in equilibria)
        assert supports == closed_form_set(game.A.tolist(), game.B.tolist()), values


@pytest.fixture(scope="module")
def chicken_direct(chicken):
    """Direct Monte Carlo estimates of the categorical Sobol' indices of chicken's closed-form answer.

    Independent uniform draws A and B; AB_i is A with column i from B. For a categorical answer Y the
    one-hot estimators reduce to:  V = 1 - sum_c p_c^2,  S_i = [P(Y_B = Y_ABi) - P(Y_B = Y_A)] / V,
    T_i = P(Y_A != Y_ABi) / V.  Returns ({name: (S, se_S, T, se_T)}, names, ranges).
    """
    ranges = {name: (p.low, p.high) for name, p in chicken.parameters.items()} | widened(chicken)
    names = list(ranges)
    lows, highs = np.array([ranges[n][0] for n in names]), np.array([ranges[n][1] for n in names])
    rng = np.random.default_rng(2024)
    n = 3000
    A, B = rng.uniform(lows, highs, (n, len(names))), rng.uniform(lows, highs, (n, len(names)))

    def answers(points):
        out = []
        for row in points:
            game = chicken.game_at(dict(zip(names, row, strict=True)))
            out.append(closed_form_set(game.A.tolist(), game.B.tolist()))
        return out

    ya, yb = answers(A), answers(B)
    pooled = ya + yb
    kinds = {k: pooled.count(k) / len(pooled) for k in set(pooled)}
    variance = 1 - sum(p * p for p in kinds.values())
    same_ab = np.array([a == b for a, b in zip(ya, yb, strict=True)], dtype=float)
    result = {}
    for i, name in enumerate(names):
        mixed = A.copy()
        mixed[:, i] = B[:, i]
        yab = answers(mixed)
        first_terms = np.array([b == x for b, x in zip(yb, yab, strict=True)], dtype=float) - same_ab
        total_terms = np.array([a != x for a, x in zip(ya, yab, strict=True)], dtype=float)
        result[name] = (first_terms.mean() / variance, first_terms.std(ddof=1) / np.sqrt(n) / variance,
                        total_terms.mean() / variance, total_terms.std(ddof=1) / np.sqrt(n) / variance)
    return result, names, ranges


@pytest.fixture(scope="module")
def chicken_drivers(chicken):
    return drivers(chicken, samples=1024, seed=3, ranges=widened(chicken))


def test_chicken_ranking_matches_the_direct_estimate(chicken_direct, chicken_drivers):
    direct, names, _ = chicken_direct
    assert set(chicken_drivers.varied) == set(names)
    for name in names:
        s, s_se, t, t_se = direct[name]
        index = chicken_drivers.existence.index(name)
        assert abs(index.first - s) <= index.first_ci + 4 * s_se + 0.02, (name, index, direct[name])
        assert abs(index.total - t) <= index.total_ci + 4 * t_se + 0.02, (name, index, direct[name])
    direct_order = sorted(names, key=lambda n: -direct[n][2])
    assert chicken_drivers.existence.ranked()[0].param == direct_order[0]
    # a parameter that can never change the answer scores zero in both
    for name in names:
        if direct[name][2] == 0:
            assert chicken_drivers.existence.index(name).total <= chicken_drivers.existence.index(name).total_ci


def test_chicken_answers_match_the_closed_form(chicken, chicken_drivers, chicken_direct):
    """The shares of the answers in the design agree with the closed form's shares."""
    _, _, _ = chicken_direct
    labels = {a for a, _ in chicken_drivers.existence.answers}
    assert len(labels) >= 2
    assert sum(s for _, s in chicken_drivers.existence.answers) == pytest.approx(1.0)


# ---------------------------------------------------------------------------- one parameter decides everything


@pytest.fixture(scope="module")
def one_decides():
    return load_model(DATA / "one-decides.toml")


def test_one_parameter_that_decides_everything_has_total_index_one(one_decides):
    result = drivers(one_decides, samples=512, seed=11)
    lever = result.existence.index("lever")
    assert abs(lever.total - 1) <= lever.total_ci + 1e-9
    assert abs(lever.first - 1) <= lever.first_ci + 1e-9
    for name in ("shift", "scale"):
        other = result.existence.index(name)
        assert abs(other.total) <= other.total_ci + 1e-9 and abs(other.first) <= other.first_ci + 1e-9
    assert [t.value for t in result.parameter("lever").flips] == [0.5]
    assert result.parameter("shift").flips == () and result.parameter("scale").flips == ()
    assert result.parameter("lever").cited and not result.parameter("shift").cited
    assert result.existence.ranked()[0].param == "lever"


# ---------------------------------------------------------------------------- flip points against brute force


def brackets(values, signatures):
    return [(values[k], values[k + 1]) for k in range(len(values) - 1) if signatures[k] != signatures[k + 1]]


def assert_flips_match(found, changes, name):
    """Every change of the grid has a flip point in its bracket, and every flip point a change around it.

    A grid point within 1e-9 of a flip point may see the degenerate answer there (float solvers
    treat a game that close to degenerate as degenerate), so brackets are widened by that much.
    """
    def near(t, a, b):
        slack = 1e-9 * max(1.0, abs(t.value))
        return a - slack <= t.value <= b + slack

    for a, b in changes:
        assert any(near(t, a, b) for t in found), (name, a, b, [t.value for t in found])
    for t in found:
        assert any(near(t, a, b) for a, b in changes), (name, t.value, changes)


def test_chicken_flip_points_against_pygambit(chicken):
    ranges = widened(chicken)
    result = drivers(chicken, samples=8, ranges=ranges)
    for p in result.parameters:
        values = list(np.linspace(p.low, p.high, 201))
        signatures = []
        for v in values:
            game = chicken.game_at({p.name: float(v)})
            equilibria, _ = gambit_solve([[Fraction(x) for x in row] for row in game.A.tolist()],
                                         [[Fraction(x) for x in row] for row in game.B.tolist()])
            signatures.append(frozenset(tuple(tuple(k for k, q in enumerate(s) if q > 0) for s in eq)
                                        for eq in equilibria))
        assert_flips_match(p.flips, brackets(values, signatures), p.name)
    assert any(p.flips for p in result.parameters)


@pytest.mark.parametrize("name", ["london-2025", "august-deadline"])
def test_flip_points_against_a_fine_sweep(name):
    model = load_model(name)
    result = drivers(model, samples=8)
    tree = result.kind == "tree"
    for p in result.parameters:
        if not p.varied:
            continue
        values = linspace(p.low, p.high, 1001)
        if tree:  # the paths alone: a tree's strategic form is degenerate and slow to sweep
            signatures = solve_paths(model, [p.name], [(v,) for v in values])
        else:
            signatures = sweep(model, p.name, values).signatures
        assert_flips_match(p.flips, brackets(values, signatures), p.name)
        for t in p.flips:
            assert t.bracket[1] - t.bracket[0] <= 1e-9 * max(1.0, abs(t.value))


# ---------------------------------------------------------------------------- every model kind, the outcome hook


def test_drivers_on_a_tree_rank_the_subgame_perfect_path():
    tree = load_model(DATA / "tie-tree.toml")
    result = drivers(tree, samples=256, seed=1)
    assert result.kind == "tree" and result.answer == "spe-path"
    assert [t.value for t in result.parameter("x").flips] == [-1.0]
    assert [t.value for t in result.parameter("y").flips] == [-1.0]
    labels = {a for a, _ in result.existence.answers}
    assert labels <= {"A safe", "A risky → B grab", "A risky → B share"}
    assert all(i.total > 0.1 for i in result.existence.indices)


def test_drivers_on_a_held_model(chicken):
    result = drivers(hold(chicken, china_share=0.8), samples=64, ranges=widened(chicken),
                     params=list(widened(chicken)))
    assert result.varied == tuple(widened(chicken))
    assert result.held == (("china_share", 0.8),)


def test_an_outcome_function_gives_the_selection_ranking(one_decides):
    calls = []

    def row_payoff_sign(game):
        calls.append(game)
        return "up pays" if game.A[0][0] > game.A[1][0] else "down pays"

    result = drivers(one_decides, samples=64, seed=2, outcome=row_payoff_sign, flips=False)
    assert len(calls) == result.evaluations
    assert result.outcome_function == "test_an_outcome_function_gives_the_selection_ranking.<locals>.row_payoff_sign"
    assert {a for a, _ in result.selection.answers} == {"up pays", "down pays"}
    # Row's payoff gap is lever - 1/2: the lever decides it, shift and scale do not
    assert result.selection.ranked()[0].param == "lever"
    assert result.selection.index("scale").total == 0.0
    constant = drivers(one_decides, samples=64, seed=2, outcome=lambda game: "same", flips=False)
    assert constant.selection.constant and all(i.total == 0 for i in constant.selection.indices)
    assert drivers(one_decides, samples=64, flips=False).selection is not None


def test_the_python_api_result_is_frozen_and_serialises(one_decides):
    result = bargain.drivers(one_decides, samples=32)
    data = json.loads(result.to_json())
    assert set(data) >= {"model", "kind", "answer", "samples", "evaluations", "seed", "parameters", "existence",
                         "selection"}
    assert data["evaluations"] == 32 * 5
    assert [p["name"] for p in data["parameters"]] == ["lever", "shift", "scale"]
    assert data["existence"]["ranking"][0]["parameter"] == "lever"
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert [r["parameter"] for r in rows] == ["lever", "shift", "scale"] and rows[0]["flips"] == "0.5"
    with pytest.raises(AttributeError):
        result.samples = 3


@pytest.mark.parametrize(("keywords", "message"), [
    ({"samples": 1000}, "power of two"),
    ({"samples": 4}, "power of two"),
    ({"params": ["nope"]}, "unknown parameter"),
    ({"ranges": {"lever": (1.0, 0.0)}}, "above"),
    ({"grid": 1}, "grid"),
    ({"seed": -3}, "seed"),
])
def test_bad_requests_are_named(one_decides, keywords, message):
    with pytest.raises(SensitivityError, match=message):
        drivers(one_decides, **keywords)


# ---------------------------------------------------------------------------- command line


def test_cli_drivers_json_csv_and_plot(capsys, tmp_path):
    model = str(DATA / "one-decides.toml")
    code, out, err = run_main(capsys, "drivers", model, "--samples", "64", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["existence"]["ranking"][0]["parameter"] == "lever"
    code, out, err = run_main(capsys, "drivers", model, "--samples", "64", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    path = tmp_path / "drivers.png"
    code, out, err = run_main(capsys, "drivers", model, "--samples", "64", "--plot", str(path))
    assert code == 0, err
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "cited figures" in out and "assumptions" in out


def test_cli_drivers_on_a_tree_with_a_held_value(capsys):
    code, out, err = run_main(capsys, "drivers", "august-deadline", "--samples", "32", "--set", "china_share=0.8",
                              "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["kind"] == "tree" and data["held"] == {"china_share": 0.8}
    assert "china_share" not in [r["parameter"] for r in data["existence"]["ranking"]]


@pytest.mark.parametrize(("args", "fragment"), [
    (("--samples", "1000"), "--samples 1000"),
    (("--range", "lever=1:0"), "above"),
    (("--param", "lever", "--range", "shift=0:1"), "--range"),
    (("--set", "lever=0.2", "--param", "lever"), "both held"),
])
def test_cli_drivers_errors_are_one_line(capsys, args, fragment):
    code, out, err = run_main(capsys, "drivers", str(DATA / "one-decides.toml"), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error:") and fragment in err
