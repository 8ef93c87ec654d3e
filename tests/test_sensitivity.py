"""Sweeps, thresholds and Monte Carlo: against closed forms and independent regret checks."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

import numpy as np
import pytest

import bargain
from bargain.errors import BargainError
from bargain.model import load_model
from bargain.sensitivity import (
    SensitivityError,
    Signature,
    linspace,
    mean_interval,
    montecarlo,
    solve_points,
    sweep,
    sweep2,
    thresholds,
    wilson,
)

from .oracles import is_distribution, regret

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


@dataclass(frozen=True)
class Param:
    name: str
    value: float
    low: float
    high: float
    unit: str = "points"


class OutsideOption:
    """A coordination game (payoffs u and v) with an outside option worth h to the row player.

    Thresholds in h, in closed form: the mixed equilibrium (worth uv/(u+v) to Row)
    breaks at h = uv/(u+v); the pure equilibria (worth u and v) break at h = u and h = v.
    """

    name = "outside-option"

    def __init__(self, u: float = 1.0, v: float = 2.0):
        self.parameters = {
            "u": Param("u", u, 0.5, 3.0),
            "v": Param("v", v, 0.5, 3.0),
            "h": Param("h", 0.5, 0.0, 3.0),
        }

    def game(self, **overrides):
        x = {k: p.value for k, p in self.parameters.items()} | overrides
        u, v, h = x["u"], x["v"], x["h"]
        return bargain.Game(
            [[u, 0], [0, v], [h, h]],
            [[1, 0], [0, 1], [0, 0]],
            players=("Row", "Col"),
            actions=(["a", "b", "out"], ["a", "b"]),
        )


@pytest.fixture(scope="module")
def chicken():
    return load_model("rare-earth-chicken")


@pytest.fixture(scope="module")
def london():
    return load_model("london-2025")


def independent_regret(game, profile) -> float:
    """Largest gain from a pure deviation, from the definition (see tests/oracles.py)."""
    assert is_distribution(profile[0]) and is_distribution(profile[1])
    return regret(game.A, game.B, *profile)


def assert_all_verified(model, result):
    for record in result.records:
        game = model.game(**dict(zip(result.params, record.values, strict=True)))
        gap = independent_regret(game, record.profile)
        scale = max(1.0, np.abs(game.A).max(), np.abs(game.B).max())
        assert gap <= 1e-9 * scale, (record, gap)
        x, y = np.array(record.profile[0]), np.array(record.profile[1])
        assert record.payoffs == pytest.approx((x @ game.A @ y, x @ game.B @ y), abs=1e-12)


# ---------------------------------------------------------------------------- sweeps


def test_chicken_sweep_matches_the_closed_form_mixed_equilibrium(chicken):
    c_cn = chicken.parameters["china_standoff_cost"].value
    c_us = chicken.parameters["us_standoff_cost"].value
    values = linspace(0.05, 1.0, 39)
    result = sweep(chicken, "china_share", values)
    assert [s.count for s in result.signatures] == [3] * len(values)
    mixed = [r for r in result.records if not r.pure]
    assert len(mixed) == len(values)
    assert len({r.track for r in mixed}) == 1, "the mixed equilibrium is one track all along"
    for r in mixed:
        s = r.values[0]
        us_escalates = s / (s + c_cn - 1)
        china_escalates = 1 / (1 + s * (c_us - 1))
        assert r.strategies["United States"]["escalate"] == pytest.approx(us_escalates, abs=1e-12)
        assert r.strategies["China"]["escalate"] == pytest.approx(china_escalates, abs=1e-12)
    assert len(result.tracks) == 3
    assert_all_verified(chicken, result)


def test_every_equilibrium_of_a_london_sweep_is_verified_independently(london):
    result = sweep(london, "china_share", linspace(0.0, 1.0, 81))
    assert len(result.records) >= len(result.points)
    assert_all_verified(london, result)
    # each point's records agree with a direct solve
    for k in (0, 40, 80):
        direct = bargain.solve(london.game(china_share=result.points[k][0]))
        assert len(result.at(k)) == len(direct)
        for record, eq in zip(result.at(k), direct, strict=True):
            assert np.allclose(record.profile[0], eq.profile[0], atol=1e-12)
            assert np.allclose(record.profile[1], eq.profile[1], atol=1e-12)


def test_tracks_follow_equilibria_and_new_ones_get_new_ids():
    model = OutsideOption()
    result = sweep(model, "h", linspace(0.0, 3.0, 31))
    by_point = [{r.supports: r.track for r in result.at(k)} for k in range(len(result.points))]
    bb = (("b",), ("b",))
    # the pure equilibrium (b, b) keeps one track id from h = 0 until it vanishes at h = v = 2
    ids = {row[bb] for row, (h,) in zip(by_point, result.points, strict=True) if h <= 2.0}
    assert len(ids) == 1
    assert all(bb not in row for row, (h,) in zip(by_point, result.points, strict=True) if h > 2.0)
    # the mixed coordination equilibrium has no successor: a track that ends is never reused
    mixed = (("a", "b"), ("a", "b"))
    mixed_track = by_point[0][mixed]
    later = [row for row, (h,) in zip(by_point, result.points, strict=True) if h > 2 / 3]
    assert all(mixed_track not in row.values() for row in later)
    # track ids are unique within a point
    for k in range(len(result.points)):
        tracks = [r.track for r in result.at(k)]
        assert len(tracks) == len(set(tracks))
    assert_all_verified(model, result)


def test_sweep_exports_parse(chicken):
    result = sweep(chicken, "china_share", [0.7, 0.8, 0.9])
    data = json.loads(result.to_json())
    assert data["model"] == "rare-earth-chicken"
    assert data["parameters"][0]["name"] == "china_share"
    assert data["parameters"][0]["values"] == [0.7, 0.8, 0.9]
    assert len(data["records"]) == len(result.records) == 9
    first = data["records"][0]
    assert set(first) >= {"china_share", "point", "track", "strategies", "payoffs", "supports", "pure", "regret"}
    assert sum(first["strategies"]["China"].values()) == pytest.approx(1.0)
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert len(rows) == 9
    assert float(rows[0]["China:escalate"]) + float(rows[0]["China:concede"]) == pytest.approx(1.0)
    assert {float(r["china_share"]) for r in rows} == {0.7, 0.8, 0.9}
    assert result.to_records()[4]["track"] == result.records[4].track


def test_two_parameter_sweep_matches_single_solves(chicken):
    shares, costs = [0.7, 0.9], [0.5, 1.5, 3.0]
    result = sweep2(chicken, ("china_share", shares), ("us_standoff_cost", costs))
    assert result.params == ("china_share", "us_standoff_cost")
    assert len(result.points) == 6
    assert result.points[:3] == ((0.7, 0.5), (0.9, 0.5), (0.7, 1.5))
    for point, signature in zip(result.points, result.signatures, strict=True):
        direct = bargain.solve(chicken.game(china_share=point[0], us_standoff_cost=point[1]))
        assert signature.count == len(direct)
    assert [s.count for s in result.signatures] == [1, 1, 3, 3, 3, 3]
    same = sweep(chicken, ["china_share", "us_standoff_cost"], [shares, costs])
    assert same == result
    assert_all_verified(chicken, result)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m: sweep(m, "nope", [0.1, 0.2]), "unknown parameter 'nope'"),
        (lambda m: sweep(m, "china_share", []), "no values"),
        (lambda m: sweep(m, "china_share", [0.1, float("nan")]), "not a finite number"),
        (lambda m: sweep(m, ["china_share", "china_share"], [[0.1], [0.2]]), "distinct"),
        (lambda m: sweep(m, "china_share", [0.5], method="pure"), "not complete"),
        (lambda m: sweep(m, "china_share", [0.5, 1.5]), "share"),
        (lambda m: sweep(m, "china_share", [0.5], workers=0), "workers"),
        (lambda m: thresholds(m, "china_share", 0.9, 0.1), "above its end"),
        (lambda m: thresholds(m, "china_share", 0.1, 0.9, grid=1), "at least 2"),
        (lambda m: montecarlo(m, 0, seed=1), "samples"),
        (lambda m: montecarlo(m, 5, seed=1, distribution="normal"), "unknown distribution"),
        (lambda m: montecarlo(m, 5, seed=1, params=["nope"]), "unknown parameter"),
    ],
)
def test_bad_requests_raise_one_clear_error(chicken, call, message):
    with pytest.raises(BargainError, match=message):
        call(chicken)


def test_linspace_validates_its_input():
    assert linspace(0.3, 1.0, 8)[-1] == 1.0
    for args in [(1.0, 0.0, 5), (0.0, 1.0, 1), (0.0, 1.0, 2.5), (0.5, 0.5, 3), (0.0, math.inf, 3)]:
        with pytest.raises(SensitivityError):
            linspace(*args)


# ---------------------------------------------------------------------------- thresholds


def indifference_point(model, param, matrix, cell, other):
    """Where ``matrix[cell] == matrix[other]`` as ``param`` varies (the payoffs are affine in it)."""
    def gap(value):
        game = model.game(**{param: value})
        payoffs = game.A if matrix == "A" else game.B
        return payoffs[cell] - payoffs[other]

    return -gap(0.0) / (gap(1.0) - gap(0.0))


def test_chicken_thresholds_equal_the_closed_form(chicken):
    # Chicken needs a standoff to cost each side more than conceding does: against an escalating
    # opponent, China compares -c_cn with -1 and the US compares -s * c_us with -s. So the game
    # stops being chicken where China's cost c_cn = 1 and where the US's s * c_us = s; at those
    # points a side is indifferent and a continuum of equilibria appears.
    s = chicken.parameters["china_share"].value
    escalate, concede = 0, 1
    china_root = indifference_point(chicken, "china_standoff_cost", "A", (escalate, escalate), (concede, escalate))
    us_root = indifference_point(chicken, "us_standoff_cost", "B", (escalate, escalate), (escalate, concede))
    assert china_root == pytest.approx(1.0) and us_root == pytest.approx(s / s)
    for param, closed_form in [("china_standoff_cost", china_root), ("us_standoff_cost", us_root)]:
        found = thresholds(chicken, param, 0.3, 4.0, grid=53)
        assert len(found) == 1
        (t,) = found
        assert abs(t.value - closed_form) <= 1e-9
        assert t.bracket[0] <= closed_form <= t.bracket[1]
        assert t.bracket[1] - t.bracket[0] <= 1e-9
        assert t.left.count == 1 and t.right.count == 3
        assert t.degenerate and t.at.count == 3
        assert t.at not in (t.left, t.right)
        assert "escalate+concede" in t.describe()


def test_chicken_share_threshold_is_at_zero(chicken):
    # for every share s > 0 the game is chicken; at s = 0 the mixed equilibrium merges with a pure one
    (t,) = thresholds(chicken, "china_share", 0.0, 1.0, grid=11)
    assert t.value == pytest.approx(0.0, abs=1e-9)
    assert t.left.count == 2 and t.right.count == 3


@pytest.mark.parametrize(("u", "v"), [(1.0, 2.0), (2.0, 3.0), (0.7, 2.9), (1.3, 1.9)])
def test_outside_option_thresholds_equal_the_closed_form(u, v):
    model = OutsideOption(u, v)
    expected = sorted({u * v / (u + v), u, v})
    found = thresholds(model, "h", 0.0, 3.0, grid=37)
    assert [t.value for t in found] == pytest.approx(expected, abs=1e-9)
    for t in found:
        assert t.bracket[0] - 1e-12 <= t.value <= t.bracket[1] + 1e-12
        assert t.bracket[1] - t.bracket[0] <= 1e-9 * max(1.0, abs(t.value))
        assert t.left != t.right
        if t.value < 3.0:  # at the interval's end there is no right side to compare with
            assert t.degenerate
    # the mixed coordination equilibrium is what vanishes at the first threshold
    assert (("a", "b"), ("a", "b")) in found[0].vanishes


def test_thresholds_explain_every_change_on_a_sweep(london):
    values = linspace(0.0, 1.0, 201)
    result = sweep(london, "china_share", values)
    found = thresholds(london, "china_share", grid=result)
    assert found == thresholds(london, "china_share", 0.0, 1.0, grid=201)
    changes = [k for k in range(len(values) - 1) if result.signatures[k] != result.signatures[k + 1]]
    assert changes, "the London model changes equilibria somewhere on [0, 1]"
    for k in changes:
        inside = [t for t in found if values[k] - 1e-9 <= t.value <= values[k + 1] + 1e-9]
        assert inside, f"no threshold between {values[k]} and {values[k + 1]}"
    for t in found:
        assert t.bracket[1] - t.bracket[0] <= 1e-9 * max(1.0, abs(t.value))
        below = bargain.solve(london.game(china_share=t.bracket[0] - 1e-6))
        above = bargain.solve(london.game(china_share=t.bracket[1] + 1e-6))
        assert len(below) == t.left.count and len(above) == t.right.count


def test_signature_labels_name_supports():
    sig = Signature(("China", "US"), ((("a",), ("b",)),))
    assert sig.label() == "China a / US b"
    assert Signature(("China", "US"), ()).label() == "no equilibrium"


# ---------------------------------------------------------------------------- Monte Carlo


def test_montecarlo_is_reproducible_from_its_seed(london):
    one = montecarlo(london, 60, seed=11)
    two = montecarlo(london, 60, seed=11)
    other = montecarlo(london, 60, seed=12)
    assert one == two
    assert one.draws != other.draws
    assert one.samples == 60 and len(one.params) == len(london.parameters)


def test_montecarlo_frequencies_and_means(london):
    mc = montecarlo(london, 80, seed=3, distribution="triangular")
    for f in (*mc.equilibria, *mc.sets):
        assert 0 <= f.low <= f.frequency <= f.high <= 1
        assert (f.low, f.high) == pytest.approx(scipy_wilson(f.count, 80), abs=1e-12)
    assert sum(f.count for f in mc.sets) == 80, "each sample has exactly one set of equilibria"
    # recompute one mean by hand from the draws
    china_restore = []
    for draw in mc.draws:
        solution = bargain.solve(london.game(**dict(zip(mc.params, draw, strict=True))))
        china_restore.append(np.mean([eq.strategies["China"]["restore"] for eq in solution]))
    (mean,) = [m for m in mc.means if (m.player, m.action) == ("China", "restore")]
    assert mean.mean == pytest.approx(np.mean(china_restore), abs=1e-12)
    assert mean.low <= mean.mean <= mean.high
    for player in london.players:
        total = sum(m.mean for m in mc.means if m.player == player)
        assert total == pytest.approx(1.0)
    # triangular draws stay inside the ranges
    lows = np.array([london.parameters[p].low for p in mc.params])
    highs = np.array([london.parameters[p].high for p in mc.params])
    draws = np.array(mc.draws)
    assert np.all(draws >= lows) and np.all(draws <= highs)


def test_montecarlo_on_selected_parameters_keeps_the_others(chicken):
    mc = montecarlo(chicken, 30, seed=5, params=["us_standoff_cost"])
    assert mc.params == ("us_standoff_cost",)
    assert all(1.5 <= d[0] <= 5.0 for d in mc.draws)
    # with every cost in [1.5, 5] the game is always chicken: three equilibria in every sample
    assert [(f.count, f.frequency) for f in mc.sets] == [(30, 1.0)]
    data = json.loads(mc.to_json())
    assert data["samples"] == 30 and data["seed"] == 5
    rows = list(csv.DictReader(io.StringIO(mc.to_csv())))
    assert {r["kind"] for r in rows} == {"equilibrium", "set", "probability", "payoff"}


def scipy_wilson(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval by scipy, independent of the package's own."""
    from scipy.stats import binomtest

    interval = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return interval.low, interval.high


@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (8, 10), (10, 10), (0, 80), (3, 80), (40, 80), (79, 80),
                                  (1, 2000), (942, 2000), (1999, 2000)])
def test_wilson_interval_equals_scipys(k, n):
    assert wilson(k, n) == pytest.approx(scipy_wilson(k, n), abs=1e-12)


def test_mean_interval():
    mean, lo, hi = mean_interval([0.0, 1.0] * 50)
    assert mean == 0.5 and hi - lo == pytest.approx(2 * 1.959963984540054 * np.std([0, 1] * 50, ddof=1) / 10)


# ---------------------------------------------------------------------------- backends


def test_local_processes_give_identical_results(london, monkeypatch):
    from bargain.sensitivity import engine

    monkeypatch.setattr(engine, "CHUNK", 256)
    values = linspace(0.3, 1.0, 600)  # three batches, so the workers share them
    assert sweep(london, "china_share", values, workers=2, backend="processes") == sweep(london, "china_share", values)
    assert montecarlo(london, 600, seed=9, workers=2, backend="processes") == montecarlo(london, 600, seed=9)
    model = OutsideOption()
    assert sweep(model, "h", values, workers=2, backend="processes") == sweep(model, "h", values)


def test_few_points_are_solved_here_with_a_note(london):
    with pytest.warns(RuntimeWarning, match="40 points in this process"):
        result = sweep(london, "china_share", linspace(0.3, 1.0, 40), workers=2)
    assert result == sweep(london, "china_share", linspace(0.3, 1.0, 40))


def test_dask_cluster_gives_identical_results(london):
    distributed = pytest.importorskip("distributed")
    values = linspace(0.3, 1.0, 40)
    serial = sweep(london, "china_share", values)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                       host="127.0.0.1", protocol="tcp")
    with cluster, distributed.Client(cluster) as client:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert sweep(london, "china_share", values, backend=client) == serial
        assert sweep(london, "china_share", values, backend=cluster.scheduler_address) == serial
        assert montecarlo(london, 24, seed=9, backend=client) == montecarlo(london, 24, seed=9)


def test_a_progress_bar_runs_to_completion(chicken, terminal):
    values = linspace(0.1, 1.0, 300)
    assert sweep(chicken, "china_share", values, progress=True) == sweep(chicken, "china_share", values)
    screen = terminal.getvalue()
    assert "sweeping china_share" in screen
    assert screen.index("0/300") < screen.rindex("300/300")
    assert screen.rstrip().endswith("\x1b[2K"), "the bar is cleared when done"


def test_progress_callback_counts_every_point(chicken):
    seen = []
    solve_points(chicken, ["china_share"], [(v,) for v in linspace(0.1, 1.0, 7)], progress=seen.append)
    assert sum(seen) == 7


def test_unknown_backend_is_rejected(chicken):
    with pytest.raises(SensitivityError, match="unknown backend"):
        sweep(chicken, "china_share", [0.5], backend="threads")


def _reference_tracks(results, links):
    """The matching rule written plainly: supports as sets of action indices; pairs sharing an action on
    every side are candidates, identical supports first, then the closest profiles; greedy."""
    def support(eq):
        return tuple(frozenset(i for i, p in enumerate(mix) if p > 0) for mix in eq[:-3])

    tracks, next_id = [], 0
    for k, current in enumerate(results):
        pairs = {}
        if links[k] is not None:
            previous = results[links[k]]
            found = []
            for i, old in enumerate(previous):
                for j, new in enumerate(current):
                    a, b = support(old), support(new)
                    if all(x & y for x, y in zip(a, b, strict=True)):
                        gap = max(abs(p - q) for u, v in zip(old[:-3], new[:-3], strict=True)
                                  for p, q in zip(u, v, strict=True))
                        found.append((a != b, gap, i, j))
            used = set()
            for _, _, i, j in sorted(found):
                if i not in used and j not in pairs:
                    used.add(i)
                    pairs[j] = i
        ids = []
        for j in range(len(current)):
            if j in pairs:
                ids.append(tracks[links[k]][pairs[j]])
            else:
                ids.append(next_id)
                next_id += 1
        tracks.append(ids)
    return tracks


def test_tracks_follow_the_matching_rule_on_random_sequences():
    from bargain.sensitivity.tracking import track

    rng = np.random.default_rng(5)
    pool = [((1.0, 0.0, 0.0), (0.0, 1.0)), ((0.0, 1.0, 0.0), (0.0, 1.0)), ((0.5, 0.5, 0.0), (0.3, 0.7)),
            ((0.4, 0.6, 0.0), (0.2, 0.8)), ((0.0, 0.2, 0.8), (1.0, 0.0)), ((0.0, 0.0, 1.0), (1.0, 0.0))]
    for _ in range(200):
        length = int(rng.integers(2, 12))
        results = []
        for _ in range(length):
            chosen = rng.choice(len(pool), size=int(rng.integers(0, 4)), replace=False)
            results.append([(*pool[c], (0.0, 0.0), 0.0, 0) for c in chosen])
        links = [None] + [int(rng.integers(0, k)) if rng.random() < 0.3 else k - 1 for k in range(1, length)]
        assert track(results, links) == _reference_tracks(results, links)


def _random_equilibrium(rng, players, actions):
    """An equilibrium tuple with random supports (its numbers are not an equilibrium of anything)."""
    mixes = []
    for labels in actions:
        mix = rng.random(len(labels)) * (rng.random(len(labels)) < 0.6)
        if not mix.any():
            mix[rng.integers(len(labels))] = 1.0
        mixes.append(tuple((mix / mix.sum()).tolist()))
    return (*mixes, (0.0,) * len(players), 0.0, 0)


def test_signatures_of_many_points_equal_those_worked_out_one_by_one():
    from bargain.sensitivity.signature import Signatures, signature_of, signatures_of, support_masks

    rng = np.random.default_rng(11)
    for players, actions in ((("A", "B"), (("x", "y", "z"), ("u", "v"))),
                             (("A", "B", "C"), (("x", "y"), ("u", "v", "w"), ("p", "q")))):
        pool = [_random_equilibrium(rng, players, actions) for _ in range(6)]
        # the same sets recur, in different orders, some with an equilibrium twice (a point with two
        # equilibria on the same supports differs from one with one)
        results = [tuple(pool[c] for c in rng.choice(6, size=int(rng.integers(0, 4)), replace=rng.random() < 0.3))
                   for _ in range(300)]
        expected = [signature_of(players, actions, equilibria) for equilibria in results]
        assert signatures_of(players, actions, results) == expected
        assert signatures_of(players, actions, iter(results)) == expected
        masks = [[support_masks(eq) for eq in equilibria] for equilibria in results]
        assert signatures_of(players, actions, results, masks) == expected
        shapes = Signatures(players, actions)
        found = shapes.of(results[:150]) + shapes.of(results[150:])  # one cache across calls
        assert found == expected
        assert len({id(s) for s in found}) == len(set(expected))  # equal signatures are one object


def test_support_masks_mark_the_actions_played_at_any_length():
    from bargain.sensitivity.signature import support_masks

    rng = np.random.default_rng(12)
    for sizes in ((3, 2), (300, 2), (2, 257), (2, 3, 4)):
        mixes = [tuple(float(v) for v in rng.random(size) * (rng.random(size) < 0.5)) for size in sizes]
        expected = tuple(sum(1 << i for i, p in enumerate(mix) if p > 0) for mix in mixes)
        assert support_masks((*mixes, (0.0,) * len(sizes), 0.0, 0)) == expected


def test_montecarlo_frequencies_count_every_sample():
    from collections import Counter

    mc = montecarlo(load_model("london-2025"), 400, seed=3)
    assert len(mc.sets) > 2
    sets = Counter(mc.signatures)
    assert [(f.label, f.count) for f in mc.sets] == sorted(
        ((s.label(), c) for s, c in sets.items()), key=lambda lc: (-lc[1], lc[0]))
    items = Counter(item for s in mc.signatures for item in set(s.supports))
    label = mc.signatures[0].item_label
    assert [(f.label, f.count) for f in mc.equilibria] == sorted(
        ((label(i), c) for i, c in items.items()), key=lambda lc: (-lc[1], lc[0]))
