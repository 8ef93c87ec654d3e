"""Sweeps, thresholds, Monte Carlo, drivers and predictions on models of three players.

Checked against closed forms (a game whose equilibrium changes at ``t = 1`` exactly; a mixed
equilibrium whose probability is ``1/2 - 1/(8t)``; a frequency equal to the share of draws above a
value) and against pygambit's ``enumpoly_solve`` at sample points of a sweep.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain import sensitivity
from bargain.games.strategic import StrategicGame
from bargain.model import load_model
from bargain.selection import as_problem, select
from bargain.sensitivity.many import solve_many
from bargain.sensitivity.selected import selected_along
from tests.nplayer_models import duo_model, pennies_game, pennies_model
from tests.oracles import gambit_nplayer
from tests.test_nplayer_enumpoly import fraction_regret

DATA = Path(__file__).parent / "data" / "models_nplayer"
AAA = "Ann a / Bob a / Cy a"
BBB = "Ann b / Bob b / Cy b"


@pytest.fixture(scope="module")
def chain():
    """The follow-the-leader game as a model file, read by the package's reader."""
    return load_model(DATA / "chain.toml")


@pytest.fixture(scope="module")
def pennies():
    return pennies_model()


def test_the_model_file_gives_a_three_player_game(chain):
    game = chain.game_at({"t": 0.5})
    assert isinstance(game, StrategicGame) and game.n_players == 3
    assert game.payoff("a", "a", "a") == (0.5, 1.0, 1.0)


# ---------------------------------------------------------------- sweeps and thresholds against a closed form


def test_sweep_signatures_follow_the_closed_form(chain):
    values = sensitivity.linspace(0.0, 3.0, 13)
    result = sensitivity.sweep(chain, "t", values)
    for value, signature in zip(values, result.signatures, strict=True):
        if value < 1:
            assert signature.label() == BBB
        elif value > 1:
            assert signature.label() == AAA
        else:  # Ann indifferent: both pure equilibria and sets of mixed ones
            assert {AAA, BBB} <= {signature.item_label(s) for s in signature.supports}
            assert signature.count > 2
    records = result.at(0)
    assert records[0].profile == ((0.0, 1.0), (0.0, 1.0), (0.0, 1.0))
    assert records[0].payoff == {"Ann": 1.0, "Bob": 1.0, "Cy": 1.0}
    assert records[0].supports == (("b",), ("b",), ("b",)) and records[0].pure


def test_sweep_records_are_verified_equilibria(chain):
    result = sensitivity.sweep(chain, "t", [0.25, 1.0, 2.5])
    for record in result.records:
        game = chain.game_at({"t": record.values[0]})
        profile = [[Fraction(p) for p in mix] for mix in record.profile]
        arrays = [np.vectorize(Fraction)(a) for a in game.payoffs]
        assert fraction_regret(arrays, profile) <= Fraction(1, 10**9)


@pytest.mark.parametrize("exact", [True, False])
def test_threshold_is_at_one(chain, exact):
    (found,) = sensitivity.thresholds(chain, "t", 0.0, 3.0, grid=31, exact=exact)
    assert found.value == 1.0
    assert found.bracket[0] <= 1.0 <= found.bracket[1]
    assert found.bracket[1] - found.bracket[0] <= 1e-9
    assert found.left.label() == BBB and found.right.label() == AAA
    assert found.degenerate  # at t = 1 itself Ann is indifferent: sets of equilibria
    assert found.appears == (((("a",), ("a",), ("a",))),) and found.vanishes == (((("b",), ("b",), ("b",))),)


def test_a_parameter_that_changes_nothing_has_no_threshold(chain):
    assert sensitivity.thresholds(chain, "s", -0.5, 0.5, grid=11) == ()


def test_two_parameter_map(chain):
    result = sensitivity.sweep2(chain, ("t", [0.5, 2.0]), ("s", [-0.5, 0.5]))
    assert [s.label() for s in result.signatures] == [BBB, AAA, BBB, AAA]


# ---------------------------------------------------------------- mixed equilibria against pygambit and a closed form


PENNIES_POINTS = [0.5, 1.25, 2.0, 3.0]


@pytest.fixture(scope="module")
def pennies_sweep(pennies):
    return sensitivity.sweep(pennies, "t", PENNIES_POINTS)


@pytest.mark.parametrize("k", range(len(PENNIES_POINTS)))
def test_sweep_matches_pygambit_enumpoly(pennies_sweep, k):
    game = pennies_game(PENNIES_POINTS[k])
    expected, pure = gambit_nplayer(list(game.payoffs))
    ours = pennies_sweep.at(k)
    assert len(ours) == len(expected) and not pure
    for profile in expected:
        gaps = [max(abs(p - q) for a, b in zip(profile, r.profile, strict=True) for p, q in zip(a, b, strict=True))
                for r in ours]
        assert min(gaps) < 1e-9


def test_mixed_equilibrium_follows_its_closed_form(pennies_sweep):
    """With Cy on h, Ann's indifference gives Bob's probability of h as 1/2 - 1/(8t); the sweep's tracking
    keeps that equilibrium on one track."""
    on_h = [r for r in pennies_sweep.records if r.profile[2] == (1.0, 0.0)]
    assert [r.values[0] for r in on_h] == PENNIES_POINTS
    assert len({r.track for r in on_h}) == 1
    for r in on_h:
        assert r.profile[1][0] == pytest.approx(0.5 - 1 / (8 * r.values[0]), abs=1e-12)
        assert r.profile[0] == pytest.approx((0.5, 0.5), abs=1e-12)


def test_sweep_csv_and_json_name_every_player(pennies_sweep):
    header = pennies_sweep.to_csv().splitlines()[0].split(",")
    assert header[4:13] == ["Ann:h", "Ann:t", "Bob:h", "Bob:t", "Cy:h", "Cy:t", "payoff:Ann", "payoff:Bob",
                            "payoff:Cy"]
    data = pennies_sweep.to_dict()
    assert data["players"] == ["Ann", "Bob", "Cy"]
    assert set(data["records"][0]["strategies"]) == {"Ann", "Bob", "Cy"}


# ---------------------------------------------------------------- Monte Carlo against a closed-form probability


def test_montecarlo_frequency_is_the_share_of_draws_above_one(chain):
    """t ~ U[0, 3]: the set is a/a/a exactly when t > 1, with probability 2/3."""
    result = sensitivity.montecarlo(chain, 600, seed=5, params=["t"])
    above = sum(1 for (t,) in result.draws if t > 1)
    frequency = {f.label: f for f in result.sets}
    assert frequency[AAA].count == above and frequency[BBB].count == 600 - above
    assert frequency[AAA].low <= 2 / 3 <= frequency[AAA].high
    ann_a = next(m for m in result.means if (m.player, m.action) == ("Ann", "a"))
    assert ann_a.mean == pytest.approx(above / 600)
    assert [m.player for m in result.payoffs] == ["Ann", "Bob", "Cy"]


def test_montecarlo_with_workers_gives_the_same_counts(chain):
    one = sensitivity.montecarlo(chain, 40, seed=2, params=["t"])
    two = sensitivity.montecarlo(chain, 40, seed=2, params=["t"], workers=2, backend="processes")
    assert [(f.label, f.count) for f in one.sets] == [(f.label, f.count) for f in two.sets]


# ---------------------------------------------------------------- drivers and predictions


def test_drivers_find_the_flip_point_and_rank_t_first(chain):
    result = sensitivity.drivers(chain, samples=32, seed=1)
    by_name = {p.name: p for p in result.parameters}
    assert [f.value for f in by_name["t"].flips] == [1.0]
    assert by_name["s"].flips == ()
    assert result.existence.indices[0].param == "t"


def test_predictions_over_draws_count_the_closed_form(chain):
    result = sensitivity.predict_robustness(chain, 60, seed=3, params=["t"], criteria=["payoff-dominance"])
    above = sum(1 for (t,) in result.draws if t > 1)
    assert result.frequency("payoff-dominance", AAA).count == above


def test_selection_flip_along_t(chain):
    along = selected_along(chain, "t", [0.5, 2.0], "payoff-dominance")
    assert len(along.flips) == 1
    flip = along.flips[0]
    assert flip.value == pytest.approx(1.0, abs=1e-6)
    assert (flip.left, flip.right) == (BBB, AAA)


def stag_hunt(players: int = 3) -> StrategicGame:
    """Stag pays 4 when everyone hunts stag, else 0; hare pays 3 whatever the others do."""
    shape = (2,) * players
    arrays = []
    for k in range(players):
        pay = np.zeros(shape)
        for cell in np.ndindex(*shape):
            pay[cell] = 3.0 if cell[k] == 1 else (4.0 if not any(cell) else 0.0)
        arrays.append(pay)
    return StrategicGame(arrays, players=["Ann", "Bob", "Cy"], actions=[["stag", "hare"]] * 3)


def test_select_on_a_three_player_game_solves_it_completely():
    game = pennies_game(2.0)
    problem = as_problem(game)
    expected, _ = gambit_nplayer(list(game.payoffs))
    assert problem.complete and len(problem.equilibria) == len(expected)


def test_risk_and_payoff_dominance_in_a_three_player_stag_hunt():
    """Deviation losses: 4 - 3 = 1 per player at all-stag (product 1), 3 - 0 = 3 at all-hare (product 27)."""
    picks = select(stag_hunt())
    assert picks["payoff-dominance"].label == "stag / stag / stag"
    risk = picks["risk-dominance"]
    assert risk.label == "hare / hare / hare"
    products = {risk.details["comparisons"][0]["product_a"], risk.details["comparisons"][0]["product_b"]}
    assert products == {1.0, 27.0}
    assert not picks["commitment"].defined and "two-player" in picks["commitment"].reason


def test_prediction_at_names_outcomes_by_three_supports(chain):
    prediction = sensitivity.prediction_at(chain, {"t": 0.5})
    assert prediction.outcomes["payoff-dominance"] == BBB
    assert prediction.outcomes["commitment"] == "undefined"
    assert set(prediction.to_dict()["selections"]["qre"]["strategies"]) == {"Ann", "Bob", "Cy"}


def test_a_two_player_strategic_game_takes_the_two_player_path():
    """Coordination paying t and 1: pure (a, a), (b, b), and each mixing a with probability 1/(1 + t)."""
    result = sensitivity.sweep(duo_model(), "t", [0.5, 2.0, 3.0])
    for k, t in enumerate([0.5, 2.0, 3.0]):
        mixed = [r for r in result.at(k) if not r.pure]
        assert len(result.at(k)) == 3 and len(mixed) == 1
        assert mixed[0].profile[0][0] == pytest.approx(1 / (1 + t), abs=1e-12)
    assert sensitivity.thresholds(duo_model(), "t", 0.5, 3.0, grid=11) == ()


def test_selection_predict_takes_a_three_player_game():
    from bargain.selection import predict

    picks = predict(stag_hunt())
    assert picks["risk-dominance"].label == "hare / hare / hare"
    assert not picks["commitment"].defined


# ---------------------------------------------------------------- what is refused


def test_two_player_methods_are_refused_for_three_players(chain):
    with pytest.raises(sensitivity.SensitivityError, match="'vertex' solves two-player games only"):
        sensitivity.sweep(chain, "t", [0.5, 2.0], method="vertex")


def test_an_undecided_set_is_an_error_not_a_silent_gap(monkeypatch):
    from bargain.results.solution import Continuum, Solution

    game = pennies_game(1.0)
    undecided = Solution(game, "enumpoly", (), continua=(Continuum(((("h",),) * 3), -1, (), ()),), complete=False)
    monkeypatch.setattr("bargain.nplayer.solve", lambda *a, **k: undecided)
    with pytest.raises(sensitivity.SensitivityError, match="Ann h / Bob h / Cy h could not be decided"):
        solve_many(game, "auto", 1e-9)


# ---------------------------------------------------------------- the bundled three-party model


def test_green_passage_draws_match_pygambit_enumpoly():
    """Monte Carlo on green-passage-2025: at every draw, the equilibria pygambit's enumpoly finds."""
    model = load_model("green-passage-2025")
    result = sensitivity.montecarlo(model, 3, seed=11)
    names, values = sensitivity.draw(model, 3, 11)
    for row, signature in zip(values, result.signatures, strict=True):
        game = model.game_at(dict(zip(names, (float(v) for v in row), strict=True)))
        mixed, _ = gambit_nplayer(list(game.payoffs))
        supports = sorted(tuple(tuple(a for a, p in zip(game.actions[k], mix, strict=True) if p > 1e-9)
                                for k, mix in enumerate(profile)) for profile in mixed)
        assert list(signature.supports) == supports


def test_a_set_of_equilibria_is_marked_as_one_point_of_it(chain):
    """At t = 1 Ann is indifferent: the two pure equilibria are isolated, the five mixed supports are sets."""
    result = sensitivity.sweep(chain, "t", [1.0])
    isolated = [r for r in result.records if not r.on_a_set]
    sets = [r for r in result.records if r.on_a_set]
    assert sorted(r.supports for r in isolated) == [(("a",),) * 3, (("b",),) * 3]
    assert len(sets) == 5 and sorted(r.component for r in sets) == [-5, -4, -3, -2, -1]
    assert all(r.supports[0] == ("a", "b") for r in sets)
