"""Model files: loading, validation, payoffs from named terms, and the bundled models."""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain.errors import ModelError
from bargain.games import Game
from bargain.games.strategic import StrategicGame
from bargain.model import (
    MAX_FILE_BYTES,
    Citation,
    Model,
    Parameter,
    RangeWarning,
    UnsupportedKindError,
    bundled_dir,
    list_models,
    load_model,
    model_from_data,
    parse_overrides,
)

REPO = Path(__file__).resolve().parents[1]

MINIMAL = '''
name = "tiny"
title = "A tiny test game"
date = "2025-06-09"
description = "Two players, two actions each."
units = "points"
sign_convention = "higher is better"

[[players]]
name = "Row"
actions = [ { label = "up", description = "go up" }, { label = "down", description = "go down" } ]

[[players]]
name = "Col"
actions = [ { label = "left", description = "go left" }, { label = "right", description = "go right" } ]

[parameters.gain]
value = 2.0
range = [1.0, 3.0]
unit = "points"
description = "what coordinating is worth"
assumption = "a round number"

[parameters.share]
value = 0.5
range = [0.2, 0.8]
unit = "share"
description = "a share"
sources = [ { file = "000_1011f9ae8b1619ee.txt", quote = "Rare earths aren't just materials" } ]

[[terms]]
name = "coordination"
player = "Row"
expression = "gain"
when = { Row = "up", Col = "left" }

[[terms]]
name = "coordination"
player = "Col"
expression = "gain * share"
when = { Row = "up", Col = "left" }

[[terms]]
name = "safety"
player = "Row"
expression = "1"
when = { Row = "down" }

[[terms]]
name = "safety"
player = "Col"
expression = "share"
when = { Col = "right" }
'''


def write(tmp_path: Path, text: str, name: str = "model.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> Model:
    return load_model(write(tmp_path, text))


def error_of(tmp_path: Path, text: str) -> ModelError:
    with pytest.raises(ModelError) as info:
        load_text(tmp_path, text)
    return info.value


# --------------------------------------------------------------------------- the format


def test_minimal_model_loads(tmp_path):
    model = load_text(tmp_path, MINIMAL)
    assert model.name == "tiny" and model.kind == "matrix"
    assert model.players == ("Row", "Col")
    assert model.actions == (("up", "down"), ("left", "right"))
    assert model.action_descriptions["Col"]["right"] == "go right"
    assert list(model.parameters) == ["gain", "share"]
    assert model.parameters["share"] == Parameter(
        "share", 0.5, 0.2, 0.8, "share", "a share",
        (Citation("000_1011f9ae8b1619ee.txt", "Rare earths aren't just materials"),), None,
    )
    assert model.parameters["gain"].assumption == "a round number"
    assert model.path == tmp_path / "model.toml"


def test_game_sums_the_terms(tmp_path):
    game = load_text(tmp_path, MINIMAL).game()
    assert isinstance(game, Game)
    assert game.players == ("Row", "Col")
    assert game.actions == (("up", "down"), ("left", "right"))
    np.testing.assert_allclose(game.A, [[2.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(game.B, [[1.0, 0.5], [0.0, 0.5]])


def test_overrides_change_the_game(tmp_path):
    model = load_text(tmp_path, MINIMAL)
    game = model.game(gain=3.0, share=0.25)
    assert game.payoff("up", "left") == (3.0, 0.75)
    assert model.values(gain=3)["gain"] == 3.0
    assert model.values()["gain"] == 2.0  # overrides do not stick


def test_terms_breakdown(tmp_path):
    breakdown = load_text(tmp_path, MINIMAL).terms()
    assert breakdown[("up", "left")] == {"Row": {"coordination": 2.0}, "Col": {"coordination": 1.0}}
    assert breakdown[("down", "right")] == {"Row": {"safety": 1.0}, "Col": {"safety": 0.5}}
    assert breakdown[("up", "right")]["Row"] == {}


def test_date_may_be_a_toml_date(tmp_path):
    model = load_text(tmp_path, MINIMAL.replace('date = "2025-06-09"', "date = 2025-06-09"))
    assert model.date == "2025-06-09"


def test_plain_payoff_table(tmp_path):
    text = MINIMAL.split("[[terms]]")[0] + '''
[[payoffs]]
profile = ["up", "left"]
values = ["gain", "gain * share"]
[[payoffs]]
profile = ["up", "right"]
values = ["0", "share"]
[[payoffs]]
profile = ["down", "left"]
values = [1, "0"]
[[payoffs]]
profile = ["down", "right"]
values = ["1", "share"]
'''
    game = load_text(tmp_path, text).game()
    np.testing.assert_allclose(game.A, [[2.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(game.B, [[1.0, 0.5], [0.0, 0.5]])


def test_payoff_table_missing_a_profile(tmp_path):
    text = MINIMAL.split("[[terms]]")[0] + '''
[[payoffs]]
profile = ["up", "left"]
values = ["gain", "gain"]
'''
    error = error_of(tmp_path, text)
    assert "missing profile (up, right)" in str(error) and "2 more" in str(error)


def test_payoff_table_duplicate_profile(tmp_path):
    text = MINIMAL.split("[[terms]]")[0] + '''
[[payoffs]]
profile = ["up", "left"]
values = ["gain", "gain"]
[[payoffs]]
profile = ["up", "left"]
values = ["gain", "gain"]
'''
    assert "given twice" in str(error_of(tmp_path, text))


def test_models_are_immutable(tmp_path):
    model = load_text(tmp_path, MINIMAL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.name = "other"
    with pytest.raises(TypeError):
        model.parameters["gain"] = None


# --------------------------------------------------------------------------- errors name file and field


@pytest.mark.parametrize(
    "old, new, where, message",
    [
        ('title = "A tiny test game"\n', "", "title", "required field is missing"),
        ('units = "points"\n', "", "units", "required field is missing"),
        ('title = "A tiny test game"', "title = 3", "title", "must be a string"),
        ('value = 2.0', 'value = "two"', "parameters.gain.value", "must be a number"),
        ('value = 2.0', "value = true", "parameters.gain.value", "must be a number"),
        ('value = 2.0', "value = nan", "parameters.gain.value", "finite"),
        ("range = [1.0, 3.0]", "range = [3.0, 1.0]", "parameters.gain.range", "above high"),
        ("range = [1.0, 3.0]", "range = [1.0]", "parameters.gain.range", "two numbers"),
        ("value = 2.0", "value = 5.0", "parameters.gain.value", "outside its own range"),
        ("range = [0.2, 0.8]", "range = [0.2, 1.5]", "parameters.share.range", "must lie in [0, 1]"),
        ('assumption = "a round number"', "", "parameters.gain", "neither sources nor an assumption"),
        ('assumption = "a round number"', 'assumptoin = "typo"', "parameters.gain.assumptoin", "unknown field"),
        ('description = "a share"', "", "parameters.share.description", "required field is missing"),
        ('expression = "gain"', 'expression = "gian"', "terms[0].expression", "unknown name 'gian'"),
        ('expression = "gain"', 'expression = "__import__(\'os\')"', "terms[0].expression", "only min"),
        ('expression = "gain"', "expression = true", "terms[0].expression", "expression string"),
        ('player = "Row"', 'player = "Nobody"', "terms[0].player", "unknown player"),
        ('when = { Row = "up", Col = "left" }', 'when = { Row = "sideways" }', "terms[0].when.Row",
         "no action 'sideways'"),
        ('when = { Row = "up", Col = "left" }', 'when = { Who = "up" }', "terms[0].when.Who", "unknown player"),
        ('{ label = "down", description = "go down" }', '{ label = "up", description = "again" }',
         "players[0].actions[1].label", "duplicate action"),
        ('name = "Col"', 'name = "Row"', "players[1].name", "both players"),
        ('[parameters.gain]', '[parameters.min]', "parameters.min", "cannot be a parameter name"),
        ('name = "tiny"', 'name = "tiny"\ncolour = "red"', "colour", "unknown field"),
    ],
)
def test_invalid_fields(tmp_path, old, new, where, message):
    assert old in MINIMAL
    error = error_of(tmp_path, MINIMAL.replace(old, new, 1))
    assert error.source == str(tmp_path / "model.toml")
    assert error.where == where
    assert message in str(error)
    assert "\n" not in str(error)


def test_term_applying_twice_is_refused(tmp_path):
    text = MINIMAL + '''
[[terms]]
name = "coordination"
player = "Row"
expression = "1"
'''
    assert "applies twice at (up, left)" in str(error_of(tmp_path, text))


def test_model_without_payoffs(tmp_path):
    assert "no payoffs" in str(error_of(tmp_path, MINIMAL.split("[[terms]]")[0]))


def test_a_third_player_gives_a_strategic_game(tmp_path):
    text = MINIMAL.replace("[parameters.gain]", '[[players]]\nname = "Third"\nactions = ["x"]\n\n[parameters.gain]')
    model = load_text(tmp_path, text)
    assert model.players == ("Row", "Col", "Third") and model.shape == (2, 2, 1)
    assert model.game().n_players == 3


def test_one_player_refused(tmp_path):
    start, end = MINIMAL.index("[[players]]\nname = \"Col\""), MINIMAL.index("[parameters.gain]")
    error = error_of(tmp_path, MINIMAL[:start] + MINIMAL[end:])
    assert error.where == "players" and "two or more" in str(error)


def test_malformed_toml_names_the_line(tmp_path):
    text = MINIMAL.replace('unit = "points"\ndescription = "what', 'unit = "points\ndescription = "what')
    error = error_of(tmp_path, text)
    line = next(k for k, row in enumerate(text.splitlines(), 1) if row == 'unit = "points')
    assert error.where == f"line {line}"
    assert "invalid TOML" in str(error) and str(tmp_path) in str(error)


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'name = "\xff\xfe"\n')
    with pytest.raises(ModelError, match="not UTF-8"):
        load_model(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "absent.toml")
    with pytest.raises(ModelError, match="directory"):
        load_model(tmp_path)


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.toml"
    chunk = b'x = "' + b"a" * (1 << 20) + b'"\n'
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(chunk)
    assert path.stat().st_size > 50_000_000
    with pytest.raises(ModelError, match="larger than"):
        load_model(path)


@pytest.mark.parametrize("nested", ["[" * 200_000 + "]" * 200_000, "{b = " * 100_000 + "1" + "}" * 100_000])
def test_deeply_nested_toml_is_refused(tmp_path, nested):
    path = write(tmp_path, f"a = {nested}\n")
    with pytest.raises(ModelError, match="nested too deeply"):
        load_model(path)


def test_file_just_over_the_limit_is_refused(tmp_path):
    path = write(tmp_path, MINIMAL + "#" * (MAX_FILE_BYTES - len(MINIMAL.encode()) + 1))
    with pytest.raises(ModelError, match="larger than"):
        load_model(path)


def test_hostile_expressions_in_a_file_are_refused(tmp_path):
    for hostile in ("9**9**9", "(" * 10_000 + "1" + ")" * 10_000, "gain.__class__"):
        text = MINIMAL.replace('expression = "gain"', f'expression = "{hostile}"')
        with pytest.raises(ModelError) as info:
            load_text(tmp_path, text).game()
        assert "\n" not in str(info.value)


def test_division_by_zero_at_evaluation(tmp_path):
    text = MINIMAL.replace('expression = "gain"', 'expression = "1 / (gain - 2.5)"')
    model = load_text(tmp_path, text)
    assert model.game().payoff("up", "left")[0] == pytest.approx(-2.0)
    with pytest.raises(ModelError, match="division by zero") as info:
        model.game(gain=2.5)
    assert info.value.where == "terms[0].expression"


def test_non_finite_payoff(tmp_path):
    text = MINIMAL.replace('expression = "gain"', 'expression = "gain * 1e308"')
    with pytest.raises(ModelError, match="not a finite number"):
        load_text(tmp_path, text).game()


def test_terms_overflowing_together(tmp_path):
    text = MINIMAL + '''
[[terms]]
name = "huge"
player = "Row"
expression = "1.5e308"
[[terms]]
name = "huger"
player = "Row"
expression = "1.5e308"
'''
    with pytest.raises(ModelError, match="not a finite number"):
        load_text(tmp_path, text).game()


def test_unknown_kind(tmp_path):
    error = error_of(tmp_path, 'kind = "hexagonal"\n' + MINIMAL)
    assert error.where == "kind" and "unknown kind 'hexagonal'" in str(error)


def test_matrix_reader_refuses_a_sequential_file_cleanly():
    with pytest.raises(UnsupportedKindError, match="not a matrix game") as info:
        model_from_data({"kind": "sequential", "name": "tree"}, "tree.toml")
    assert info.value.where == "kind" and info.value.source == "tree.toml"


# --------------------------------------------------------------------------- overrides


def test_parse_overrides(tmp_path):
    model = load_text(tmp_path, MINIMAL)
    assert parse_overrides(model, ["gain=2.5", " share = 1/4 "]) == {"gain": 2.5, "share": 0.25}
    assert parse_overrides(model, []) == {}


@pytest.mark.parametrize(
    "item, message",
    [
        ("gain", "NAME=VALUE"),
        ("=2", "NAME=VALUE"),
        ("gain=", "NAME=VALUE"),
        ("gian=2", "unknown parameter 'gian'"),
        ("gain=two", "is not a number"),
        ("gain=1/0", "is not a number"),
        ("gain=inf", "not a finite number"),
        ("gain=nan", "not a finite number"),
    ],
)
def test_bad_overrides(tmp_path, item, message):
    model = load_text(tmp_path, MINIMAL)
    with pytest.raises(ModelError, match=message) as info:
        parse_overrides(model, [item])
    assert str(tmp_path) in str(info.value)


def test_unknown_parameter_in_values(tmp_path):
    with pytest.raises(ModelError, match="unknown parameter 'zeta'; parameters are: gain, share"):
        load_text(tmp_path, MINIMAL).values(zeta=1.0)


@pytest.mark.parametrize("bad", ["2", True, None, float("inf")])
def test_non_numeric_values(tmp_path, bad):
    with pytest.raises(ModelError, match="number"):
        load_text(tmp_path, MINIMAL).values(gain=bad)


@pytest.mark.parametrize("value", [-0.1, 1.2])
def test_share_outside_unit_interval_is_an_error(tmp_path, value):
    with pytest.raises(ModelError, match="must lie in \\[0, 1\\]") as info:
        load_text(tmp_path, MINIMAL).game(share=value)
    assert info.value.where == "parameters.share"


def test_outside_declared_range_only_warns(tmp_path):
    model = load_text(tmp_path, MINIMAL)
    with pytest.warns(RangeWarning, match=r"share = 0.95 lies outside its plausible range \[0.2, 0.8\]"):
        game = model.game(share=0.95)
    assert game.payoff("up", "left")[1] == pytest.approx(1.9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.game(share=0.8)  # the bounds themselves are inside


# --------------------------------------------------------------------------- bundled models


def test_bundled_dirs_exist():
    assert (bundled_dir("models") / "london-2025.toml").is_file()
    assert any(bundled_dir("seeds").glob("*.txt"))
    with pytest.raises(ValueError):
        bundled_dir("elsewhere")


def test_list_models_has_the_matrix_models():
    models = list_models()
    names = [model.name for model in models]
    assert {"london-2025", "rare-earth-chicken"} <= set(names)
    assert names == sorted(names)
    for model in models:
        assert model.title and model.kind in ("matrix", "sequential")
        game = model.game()
        assert isinstance(game, Game if len(model.players) == 2 else StrategicGame)
        assert game.shape == tuple(len(labels) for labels in game.actions)


def test_unknown_model_lists_the_bundled_ones():
    with pytest.raises(ModelError, match="unknown model 'londn'; bundled models: .*london-2025"):
        load_model("londn")


def test_a_file_in_the_working_directory_is_found(tmp_path, monkeypatch):
    write(tmp_path, MINIMAL, "tiny.TOML")
    monkeypatch.chdir(tmp_path)
    assert load_model("tiny.TOML").name == "tiny"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_bundled_payoffs_are_finite_and_add_up_anywhere_in_range(data):
    for name in ("london-2025", "rare-earth-chicken"):
        model = load_model(name)
        values = {n: data.draw(st.floats(p.low, p.high), label=n) for n, p in model.parameters.items()}
        game = model.game(**values)
        breakdown = model.terms(**values)
        for i, row in enumerate(model.actions[0]):
            for j, col in enumerate(model.actions[1]):
                parts = breakdown[(row, col)]
                assert sum(parts[model.players[0]].values()) == pytest.approx(game.A[i, j])
                assert sum(parts[model.players[1]].values()) == pytest.approx(game.B[i, j])


def test_bundled_model_by_path_equals_by_name():
    by_name = load_model("london-2025")
    by_path = load_model(REPO / "models" / "london-2025.toml")
    assert by_name.game() == by_path.game()


@pytest.mark.parametrize("name", ["london-2025", "rare-earth-chicken"])
def test_bundled_terms_sum_to_payoffs(name):
    model = load_model(name)
    game = model.game()
    for (row, col), players in model.terms().items():
        i, j = game.index(0, row), game.index(1, col)
        assert sum(players[model.players[0]].values()) == pytest.approx(game.A[i, j])
        assert sum(players[model.players[1]].values()) == pytest.approx(game.B[i, j])


@pytest.mark.parametrize("name", ["london-2025", "rare-earth-chicken"])
def test_bundled_parameters_are_documented(name):
    model = load_model(name)
    assert model.units and model.sign_convention and model.description
    for parameter in model.parameters.values():
        assert parameter.description.strip()
        assert parameter.sources or parameter.assumption
        assert parameter.low <= parameter.value <= parameter.high
    for player, labels in zip(model.players, model.actions, strict=True):
        assert all(model.action_descriptions[player][label].strip() for label in labels)


@pytest.mark.parametrize("name", ["london-2025", "rare-earth-chicken"])
def test_bundled_games_at_range_ends_are_finite(name):
    model = load_model(name)
    for parameter in model.parameters.values():
        for value in (parameter.low, parameter.high):
            game = model.game(**{parameter.name: value})
            assert np.isfinite(game.A).all() and np.isfinite(game.B).all()


# --------------------------------------------------------------------------- london-2025


def pure_equilibria(game: Game) -> set[tuple[str, str]]:
    """Pure Nash equilibria by checking every profile's best responses (independent of the solvers)."""
    A, B = game.A, game.B
    found = set()
    for i, j in itertools.product(range(A.shape[0]), range(A.shape[1])):
        if A[i, j] >= A[:, j].max() - 1e-12 and B[i, j] >= B[i, :].max() - 1e-12:
            found.add((game.actions[0][i], game.actions[1][j]))
    return found


def test_london_actions():
    model = load_model("london-2025")
    assert model.players == ("China", "United States")
    assert model.actions[0] == ("restore", "license", "withhold")
    assert model.actions[1] == ("ease-and-extend", "hold-and-extend", "snap-back")
    assert model.parameters["china_share"].is_share


def test_london_china_share_decides_whether_the_snap_back_adds_enough_to_the_settlement():
    """Against a withholding China the US prefers the snap-back to holding exactly when
    W ((1 - x) (S x - K + r M) + x M) > M, x = s^2: holding leaves the settlement at the deadline to
    China's lever (chance x), a snap-back adds the tariffs' chance r on the rest, (1 - x) r, and ends the
    market stress in it (M the market value at stake at the snap-back tariff over r, S the full-cut
    shortage cost, K the relief's cost, W the part of the year after the deadline). A quadratic in x with
    two roots: the US snaps back between them, so both below the articles' range of the share and near its
    top the US holds. Checked against best responses on each side of each root."""
    model = load_model("london-2025")
    v = model.values()
    market = v["us_wealth_effect"] * (v["sp500_drawdown"] - v["sp500_gap"]) * v["truce_rally_share"]
    after = 1 - v["months_to_deadline"] / 12
    r = min(1.0, (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"]))
    shortage, relief = v["us_shortage_cost"], v["us_chip_security_cost"]
    # W (-S x^2 + (S + K + M - r M) x + (r M - K)) - M = 0
    a, b = -after * shortage, after * (shortage + relief + market - r * market)
    c = after * (r * market - relief) - market
    roots = sorted(((-b + sign * (b * b - 4 * a * c) ** 0.5) / (2 * a)) ** 0.5 for sign in (1, -1))
    low, high = model.parameters["china_share"].low, model.parameters["china_share"].high
    assert 0.3 < roots[0] < low < roots[1] < high
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        for root in roots:
            around = [pure_equilibria(model.game(china_share=root + step)) for step in (-0.005, 0.005)]
            assert {("withhold", "hold-and-extend"), ("withhold", "snap-back")} == {p for [p] in map(list, around)}
    assert pure_equilibria(model.game(china_share=low)) == {("withhold", "snap-back")}
    assert pure_equilibria(model.game(china_share=high)) == {("withhold", "hold-and-extend")}


def test_london_solver_agrees_with_best_responses():
    model = load_model("london-2025")
    for share in (0.4, 0.5, 0.85, 0.9, 0.99):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RangeWarning)
            game = model.game(china_share=share)
        solution = bargain.solve(game)
        pure = {(eq.supports[0][0], eq.supports[1][0]) for eq in solution if eq.pure}
        assert pure == pure_equilibria(game)


def test_london_snap_back_costs_china_what_may_did_scaled_by_the_tariff():
    model = load_model("london-2025")
    values = model.values()
    for tariff in (0.34, 0.7, 1.25):
        breakdown = model.terms(snapback_tariff=tariff)[("withhold", "snap-back")]
        scale = (tariff - 0.10) / (1.25 - 0.10)  # the rise above the 10% base, as a share of the April rise
        expected = -values["cn_us_exports"] * values["may_export_fall"] * scale
        assert breakdown["China"]["tariff loss"] == pytest.approx(expected)


def test_london_eda_relief_is_all_or_nothing():
    """China's value of eased controls does not depend on how much it licenses."""
    terms = load_model("london-2025").terms()
    values = {row: terms[(row, "ease-and-extend")]["China"]["chip-software access"] for row in
              ("restore", "license", "withhold")}
    assert len(set(values.values())) == 1


# --------------------------------------------------------------------------- rare-earth chicken


def chicken_closed_form(s: float, c_cn: float, c_us: float) -> tuple[float, float]:
    """Probabilities that (China, the United States) escalate in the mixed equilibrium."""
    return 1 / (1 + s * (c_us - 1)), s / (s + c_cn - 1)


@pytest.mark.parametrize(
    "s, c_cn, c_us",
    [(0.9, 2.0, 3.0), (0.62, 2.0, 3.0), (0.7, 1.5, 2.0), (1.0, 4.0, 5.0), (0.8, 3.0, 1.5)],
)
def test_chicken_mixed_equilibrium_matches_closed_form(s, c_cn, c_us):
    model = load_model("rare-earth-chicken")
    game = model.game(china_share=s, china_standoff_cost=c_cn, us_standoff_cost=c_us)
    solution = bargain.solve(game)
    assert len(solution) == 3
    mixed = [eq for eq in solution if not eq.pure]
    assert len(mixed) == 1
    china, us = chicken_closed_form(s, c_cn, c_us)
    assert float(mixed[0].strategies["China"]["escalate"]) == pytest.approx(china, abs=1e-9)
    assert float(mixed[0].strategies["United States"]["escalate"]) == pytest.approx(us, abs=1e-9)
    pure = {(eq.supports[0][0], eq.supports[1][0]) for eq in solution if eq.pure}
    assert pure == {("escalate", "concede"), ("concede", "escalate")}


def test_chicken_closed_form_is_stated_in_the_file():
    description = load_model("rare-earth-chicken").description
    assert "p = s / (s + c_cn - 1)" in description
    assert "r = 1 / (1 + s * (c_us - 1))" in description


def test_the_complete_small_example_of_the_format_guide_gives_both_players_payoffs(tmp_path):
    import re

    guide = (Path(__file__).resolve().parents[1] / "docs" / "model-format.md").read_text(encoding="utf-8")
    block = re.search(r"## A complete small example\n\n```toml\n(.*?)```", guide, re.S).group(1)
    path = tmp_path / "tiny.toml"
    path.write_text(block, encoding="utf-8")
    model = load_model(path)
    game = model.game()
    for k, player in enumerate(model.players):
        assert player in {t.player for t in model.payoff_terms}
        assert np.abs(game.A if k == 0 else game.B).max() > 0, f"{player} gets no payoffs"
    # chicken: each prefers to concede against escalation and to escalate against concession
    s, c, u = 0.9, 2.0, 2.5
    assert game.payoff("escalate", "concede") == pytest.approx((s, 0.0))
    assert game.payoff("concede", "escalate") == pytest.approx((0.0, 1.0))
    assert game.payoff("escalate", "escalate") == pytest.approx((-c, -u * s))
    assert len(bargain.solve(game)) == 3

