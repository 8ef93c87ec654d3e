"""The three-party model green-passage-2025: its equilibria against pygambit, the EU's choice against
its closed form, its accounting against london-2025's terms, its sources and lint, and the CLI on it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

import bargain
from bargain.games.strategic import StrategicGame
from bargain.model import load_model
from bargain.model.lint import lint
from bargain.model.sources import check_sources
from bargain.nplayer import solve

from .entry_point import run_main
from .oracles import gambit_nplayer

REPO = Path(__file__).resolve().parents[1]
NAME = "green-passage-2025"
PLAYERS = ("China", "United States", "European Union")


@pytest.fixture(scope="module")
def model():
    return load_model(NAME)


def track_price_threshold(v: dict) -> float:
    """The EU's flip point in eu_track_price against China offering the track and a US snap-back,
    written out from the description: taking the track costs the price and leaves the EU short of
    1 - t of its supply, (s (1 - t))^2 x its shortage cost; joining the front leaves it on licences,
    (s (1 - c))^2 x that cost, of which the settlement wins back the part after the deadline with the chance
    that either lever forces it: China's, s^2 (offer-track holds all US supply back), or the front's,
    min(1, (1 + w) x the tariff's share of the April damage)."""
    after = 1 - v["months_to_deadline"] / 12
    tariff = min(1.0, (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"]))
    front = 1 - (1 - v["china_share"] ** 2) * (1 - min(1.0, (1 + v["eu_front_weight"]) * tariff))
    held = (v["china_share"] * (1 - v["licence_coverage"])) ** 2
    on_track = (v["china_share"] * (1 - v["track_coverage"])) ** 2
    return v["eu_shortage_cost"] * (held * (1 - after * front) - on_track)


def profiles(solution) -> list[tuple[str, ...]]:
    return sorted(tuple(s[0] for s in eq.supports) for eq in solution if eq.pure)


# --------------------------------------------------------------------------- the file


def test_three_players_one_unit_and_the_shared_facts(model):
    london = load_model("london-2025")
    assert model.players == PLAYERS and model.shape == (4, 3, 2)
    assert model.units == london.units and "12 months" in model.units
    for name, parameter in london.parameters.items():  # one definition of every shared fact
        assert model.parameters[name] == parameter, name
    assert isinstance(model.game(), StrategicGame)


def test_every_quote_is_found_and_every_parameter_is_cited_or_assumed_with_range_and_reason(model):
    rows = check_sources(model)
    assert rows and all(row.found is not False for row in rows)
    assert sum(1 for row in rows if row.found) == 30
    for p in model.parameters.values():
        assert p.sources or p.assumption, p.name
        assert p.low <= p.value <= p.high and p.description.strip()
        if p.assumption is not None:
            assert p.high > p.low and len(p.assumption) > 40, p.name


def test_no_cited_parameter_is_inert_and_every_term_is_described(model):
    findings = lint(model)
    assert not [f for f in findings if f.severity == "error"]
    assert not [f for f in findings if f.code in ("inert-parameter", "unused-parameter")]
    described = {(t.player, t.name) for t in model.payoff_terms if t.description}
    assert {(t.player, t.name) for t in model.payoff_terms} == described


def test_us_china_terms_are_london_2025s_where_the_eu_stays_out(model):
    """Against an EU that takes no part (accept-track), the US's payoffs are london-2025's, and China's are
    london-2025's plus its EU-side terms: offer-track is withhold towards the US, track-and-license is
    license."""
    london = load_model("london-2025")
    mine, theirs = model.terms(), london.terms()
    as_in_london = {"license": "license", "withhold": "withhold", "offer-track": "withhold",
                    "track-and-license": "license"}
    for china, there_china in as_in_london.items():
        for us in london.actions[1]:
            here, there = mine[(china, us, "accept-track")], theirs[(there_china, us)]
            assert here["United States"] == pytest.approx(there["United States"], abs=1e-12)
            us_side = {k: v for k, v in here["China"].items() if "EU" not in k and "conditions" not in k}
            assert us_side == pytest.approx({k.replace("customers lost", "customers lost (US buyers)")
                                             .replace("sales regained", "sales regained (US buyers)"): v
                                             for k, v in there["China"].items()}, abs=1e-12)


@pytest.mark.parametrize("cn, eu", [("green-passage conditions", "green-passage conditions"),
                                    ("conditions extracted", "conditions extracted"),
                                    ("sales regained (EU buyers)", "supply extracted by the front"),
                                    ("EU sales after concession", "supply after conceding")])
def test_what_one_side_concedes_or_regains_shows_up_on_the_other(model, cn, eu):
    where = {player: {profile for profile, parts in model.terms().items() if name in parts[player]}
             for player, name in (("China", cn), ("European Union", eu))}
    assert where["China"] and where["China"] == where["European Union"]


def test_what_the_eu_concedes_china_gains_in_part_converted_to_chinas_gdp(model):
    """The conditions are one transfer: China's gain is the EU's cost x the share that passes to China
    x the EU's GDP over China's, at the cited values and at a point far from them."""
    for values in ({}, {"eu_track_price": 0.1, "track_gain_share": 0.3, "eu_cn_gdp_ratio": 1.15}):
        v = model.values(**values)
        parts = model.terms(**values)[("offer-track", "hold-and-extend", "accept-track")]
        eu, cn = -parts["European Union"]["green-passage conditions"], parts["China"]["green-passage conditions"]
        assert eu == pytest.approx(v["eu_track_price"])
        assert cn == pytest.approx(eu * v["track_gain_share"] * v["eu_cn_gdp_ratio"])


def test_the_track_with_licences_for_the_us_is_the_track_towards_the_eu_and_licences_towards_the_us(model):
    """Towards the US track-and-license is license; towards an EU that takes the track it is offer-track.
    Against an EU in the front the two differ only through the deadline settlement, which restores the
    front's supply too and whose chance depends on the US supply held back: checked against its closed
    form."""
    game = model.game()
    v = model.values()
    rows = {a: i for i, a in enumerate(game.actions[0])}
    np.testing.assert_allclose(game.payoffs[1][rows["track-and-license"]], game.payoffs[1][rows["license"]])
    eu_tl, eu_ot = game.payoffs[2][rows["track-and-license"]], game.payoffs[2][rows["offer-track"]]
    np.testing.assert_allclose(eu_tl[:, 0], eu_ot[:, 0])
    horizon = 1 - v["months_to_deadline"] / 12
    lever_cn = {"ot": v["china_share"] ** 2, "tl": (v["china_share"] * (1 - v["licence_coverage"])) ** 2}
    rise = (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"])
    lever_us = {"ease-and-extend": None, "hold-and-extend": 0.0,
                "snap-back": min(1.0, (1 + v["eu_front_weight"]) * rise)}
    eu_held = v["eu_shortage_cost"] * (v["china_share"] * (1 - v["licence_coverage"])) ** 2
    for j, us in enumerate(model.actions[1]):
        if lever_us[us] is None:
            expected = 0.0
        else:
            chance = {k: 1 - (1 - c) * (1 - lever_us[us]) for k, c in lever_cn.items()}
            expected = horizon * (chance["tl"] - chance["ot"]) * eu_held
        assert eu_tl[j, 1] - eu_ot[j, 1] == pytest.approx(expected, abs=1e-12), us


def test_offering_the_track_is_never_worse_for_china_over_the_ranges(model):
    """The description says the structure decides China's EU choice: over 300 draws of every parameter,
    offer-track is at least as good as withhold and track-and-license as license against every choice
    of the others, strictly so against an EU that takes the track."""
    from bargain.sensitivity import draw

    names, values = draw(model, 300, 7)
    for row in values:
        china = model.game_at(dict(zip(names, row, strict=True))).payoffs[0]
        rows = dict(zip(model.actions[0], china, strict=True))
        for track, other in (("offer-track", "withhold"), ("track-and-license", "license")):
            assert np.all(rows[track] >= rows[other] - 1e-12)
            assert np.all(rows[track][:, 0] > rows[other][:, 0])


# --------------------------------------------------------------------------- equilibria


POINTS = [
    {},                                                              # the cited values: the EU takes the track
    {"licence_coverage": 0.6, "eu_track_price": 0.2},                # the EU joins the front
    # a high snap-back with the front, short of the certain settlement: at snapback_tariff = april_tariff with
    # eu_front_weight = 1 the front forces it surely, and China mixes over track-and-license and license, which
    # tie against the front: a segment of equilibria, not a generic point
    {"snapback_tariff": 1.0, "eu_front_weight": 0.2, "licence_coverage": 0.55, "eu_track_price": 0.15},
    {"track_gain_share": 0.3, "eu_track_price": 0.005, "cn_eu_rare_earth_sales": 0.01, "china_share": 0.99},
]


@pytest.mark.parametrize("values", POINTS, ids=range(len(POINTS)))
def test_equilibria_agree_with_pygambit(model, values):
    game = model.game_at(values)
    ours = solve(game)
    assert ours.complete and not ours.continua
    mixed, pure = gambit_nplayer(game.payoffs)
    assert sorted(tuple(int(np.argmax(eq.strategy(k))) for k in range(3)) for eq in ours if eq.pure) == sorted(pure)
    assert len(ours) == len(mixed)
    for profile in mixed:
        point = np.concatenate(profile)
        assert any(np.allclose(point, np.concatenate([np.asarray(eq.strategy(k), dtype=float) for k in range(3)]),
                               atol=1e-6) for eq in ours)


def test_at_the_cited_values_china_splits_the_west(model):
    assert profiles(solve(model.game())) == [("offer-track", "snap-back", "accept-track")]
    assert len(solve(model.game())) == 1


@pytest.mark.parametrize("coverage, tariff", [(0.5, 0.7), (0.6, 0.2)])
def test_the_eu_joins_the_front_once_the_price_passes_its_closed_form(model, coverage, tariff):
    at = {"licence_coverage": coverage, "snapback_tariff": tariff}
    price = track_price_threshold(model.values(**at))
    low, high = model.parameters["eu_track_price"].low, model.parameters["eu_track_price"].high
    assert low < price < high  # inside the range of eu_track_price
    below = solve(model.game_at({**at, "eu_track_price": price - 1e-4}))
    above = solve(model.game_at({**at, "eu_track_price": price + 1e-4}))
    assert profiles(below) == [("offer-track", "snap-back", "accept-track")] and len(below) == 1
    assert profiles(above) == [("offer-track", "snap-back", "coordinate")] and len(above) == 1


# --------------------------------------------------------------------------- the CLI


def test_solve_table_json_and_csv(capsys):
    code, out, err = run_main(capsys, "solve", NAME)
    assert code == 0, err
    assert "offer-track" in out and "snap-back" in out and "accept-track" in out and "1 equilibrium" in out
    code, out, err = run_main(capsys, "solve", NAME, "--set", "licence_coverage=0.6", "--set", "eu_track_price=0.2",
                              "--format", "json")
    data = json.loads(out)
    assert data["model"] == NAME and data["parameters"]["eu_track_price"] == 0.2
    assert data["players"] == list(PLAYERS) and data["n_players"] == 3 and data["complete"]
    [eq] = data["equilibria"]
    assert eq["pure"] and eq["strategies"]["European Union"] == {"accept-track": 0.0, "coordinate": 1.0}
    code, out, err = run_main(capsys, "solve", NAME, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9 and {r["player"] for r in rows} == set(PLAYERS)
    chosen = {r["player"]: r["action"] for r in rows if float(r["probability"]) == 1}
    assert chosen == {"China": "offer-track", "United States": "snap-back", "European Union": "accept-track"}


def test_show_check_and_sources(capsys):
    code, out, err = run_main(capsys, "show", NAME, "--format", "json")
    data = json.loads(out)
    assert code == 0 and np.asarray(data["payoffs"]["European Union"]).shape == (4, 3, 2)
    code, out, err = run_main(capsys, "check", str(REPO / "models" / f"{NAME}.toml"))
    assert code == 0 and out.strip().endswith(f"{NAME} (matrix, 4x3x2, 23 parameters, 30 quotes found)")
    code, out, err = run_main(capsys, "sources", NAME)
    assert code == 0 and "30 quotes found, 0 not found" in out


def test_the_numbers_the_readme_gives_at_the_cited_values(model):
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    game = model.game()
    [eq] = solve(game)
    [london] = bargain.solve(load_model("london-2025").game())
    front = game.payoff("offer-track", "snap-back", "coordinate")
    stated = {
        "China's payoff is higher than in the two-player model ({:.3f} against {:.3f})":
            (float(eq.payoff["China"]), float(london.payoff["China"])),
        "by what the EU's concession is worth to it ({:.1f} × {:.2f}% × {:.2f} of its GDP), less the EU buyers":
            tuple(model.values()[k] for k in ("track_gain_share", "eu_track_price", "eu_cn_gdp_ratio")),
        "worth {:.2f}% of GDP to the US (−{:.3f} against −{:.3f})":
            (front[1] - float(eq.payoff["United States"]), -front[1], -float(eq.payoff["United States"])),
        "cost the EU {:.2f}% (−{:.3f} against −{:.3f})":
            (float(eq.payoff["European Union"]) - front[2], -front[2], -float(eq.payoff["European Union"])),
        "more than {:.2f}% of its GDP, inside the range": (track_price_threshold(model.values()),),
    }
    for sentence, numbers in stated.items():
        assert sentence.format(*numbers) in readme
    v = model.values()
    still_lost = v["cn_eu_rare_earth_sales"] * (1 - v["china_share"]) * (1 - v["track_coverage"])
    assert float(eq.payoff["China"]) - float(london.payoff["China"]) == pytest.approx(
        v["track_gain_share"] * v["eu_track_price"] * v["eu_cn_gdp_ratio"] - still_lost, abs=1e-12)
    price, parameter = track_price_threshold(model.values()), model.parameters["eu_track_price"]
    assert parameter.low < price < parameter.high  # "inside the range"
    assert f"({parameter.low:g}–{parameter.high:g})" in readme
    for step, expected in ((-1e-3, "accept-track"), (1e-3, "coordinate")):
        at = {"eu_track_price": price + step}
        assert profiles(solve(model.game_at(at))) == [("offer-track", "snap-back", expected)]


def test_the_eu_joins_the_front_above_the_snap_back_tariff_the_readme_states(model):
    """Solve the closed form for the tariff at which the EU's flip price equals eu_track_price, with the
    others at their values: E (H (1 - W p) - T) = P, with p = 1 - (1 - s^2) (1 - min(1, (1 + w) k)) the chance
    of the settlement (China's lever on the US, s^2, or the front's), k the tariff's share of the April rise."""
    v = model.values()
    held = (v["china_share"] * (1 - v["licence_coverage"])) ** 2
    on_track = (v["china_share"] * (1 - v["track_coverage"])) ** 2
    after = 1 - v["months_to_deadline"] / 12
    chance = (1 - (v["eu_track_price"] / v["eu_shortage_cost"] + on_track) / held) / after
    front = 1 - (1 - chance) / (1 - v["china_share"] ** 2)
    tariff = v["base_tariff"] + front / (1 + v["eu_front_weight"]) * (v["april_tariff"] - v["base_tariff"])
    assert model.parameters["snapback_tariff"].low < tariff < model.parameters["snapback_tariff"].high
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"once the snap-back tariff passes {100 * tariff:.1f}%" in readme
    eu = [profiles(solve(model.game_at({"snapback_tariff": t})))[0][2] for t in (tariff - 1e-4, tariff + 1e-4)]
    assert eu == ["accept-track", "coordinate"]


@pytest.mark.parametrize("command", [
    ["bargain", NAME],
], ids=lambda c: c[0])
def test_commands_that_take_two_players_only_refuse_in_one_line(capsys, command):
    code, out, err = run_main(capsys, *command)
    assert code != 0 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")


@pytest.mark.parametrize("command", [
    ["sweep", NAME, "--param", "china_share", "--from", "0.85", "--to", "0.99", "--steps", "3"],
    ["montecarlo", NAME, "--samples", "10", "--seed", "1"],
    ["drivers", NAME, "--samples", "8", "--grid", "5", "-p", "eu_track_price", "-p", "eu_front_weight"],
    ["predict", NAME, "--samples", "3"],
], ids=lambda c: c[0])
def test_sensitivity_commands_take_the_three_party_model(capsys, command):
    code, out, err = run_main(capsys, *command)
    assert code == 0, err
    assert NAME in out


def test_a_reader_of_the_two_player_json_finds_every_key_it_knows(capsys):
    """Every key of london-2025's document (and of each equilibrium in it) is in green-passage-2025's,
    with the same kind of value; strategies and payoffs are keyed by player name in both."""
    documents = []
    for name in ("london-2025", NAME):
        code, out, err = run_main(capsys, "solve", name, "--format", "json")
        assert code == 0, err
        documents.append(json.loads(out))
    two, three = documents
    for key, value in two.items():
        assert key in three and type(three[key]) is type(value), key
    for key in two["equilibria"][0]:
        assert key in three["equilibria"][0], key
    assert three["model"] == NAME and set(three["parameters"]) == set(load_model(NAME).parameters)
    for eq in three["equilibria"]:
        assert set(eq["strategies"]) == set(eq["payoffs"]) == set(PLAYERS)
        for player, mix in eq["strategies"].items():
            assert list(mix) == three["actions"][player] and sum(mix.values()) == pytest.approx(1)


def test_show_prints_one_payoff_row_per_profile(capsys):
    code, out, err = run_main(capsys, "show", NAME)
    assert code == 0, err
    assert "Payoffs (China, United States, European Union)" in out
    start = out.index("Payoffs (China, United States, European Union)")
    table = out[start:out.index("Payoffs broken into named terms")]
    rows = [line for line in table.splitlines() if line.startswith("│ ")]
    assert len(rows) == 4 * 3 * 2
    for china in ("offer-track", "track-and-license", "license", "withhold"):
        assert sum(row.split("│")[1].strip() == china for row in rows) == 6, china
    assert "offer-track / snap-back /" in out  # the terms of a profile (the label wraps at this width)
