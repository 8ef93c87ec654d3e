"""``bargain report`` on models of three players: the page's data against pygambit's enumpoly and a closed
form. The page itself is tested in a real browser in test_report_browser.py (one browser session for all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargain.model import load_model
from bargain.report import ReportOptions, build_report

from .entry_point import run_main
from .oracles import gambit_nplayer

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")

CHAIN = str(Path(__file__).parent / "data" / "models_nplayer" / "chain.toml")
SMALL = ReportOptions(points=11, samples=120, map_points=5)


@pytest.fixture(scope="module")
def chain():
    model = load_model(CHAIN)
    return model, build_report(model, options=SMALL)


@pytest.fixture(scope="module")
def green():
    model = load_model("green-passage-2025")
    return model, build_report(model, options=ReportOptions(points=5, samples=20, map_points=0))


def same_as_gambit(game, point) -> None:
    expected, _ = gambit_nplayer(list(game.payoffs))
    shown = [eq["s"] for eq in point["eq"]]
    assert len(shown) == len(expected)
    for profile in expected:
        assert min(max(abs(p - q) for a, b in zip(profile, s, strict=True) for p, q in zip(a, b, strict=True))
                   for s in shown) < 1e-9


def test_the_base_point_holds_what_enumpoly_finds(chain, green):
    for model, data in (chain, green):
        assert data["players"] == list(model.players)
        same_as_gambit(model.game_at({}), data["base"]["point"])
        assert data["base"]["solution"]["method"] == "enumpoly" and data["base"]["solution"]["complete"]


def test_the_slider_has_its_flip_point_at_one(chain):
    model, data = chain
    grid = data["grids"]["t"]
    (mark,) = grid["thresholds"]
    assert mark["value"] == 1.0 and mark["left"] == "Ann b / Bob b / Cy b" and mark["right"] == "Ann a / Bob a / Cy a"
    assert mark["at"] is not None  # Ann indifferent at t = 1: sets of equilibria
    for value in (mark["below"], mark["above"], grid["values"][0], grid["values"][-1]):
        same_as_gambit(model.game_at({"t": value}), grid["points"][grid["values"].index(value)])
    assert data["grids"]["s"]["thresholds"] == []
    at = grid["points"][grid["values"].index(1.0)]["eq"]
    assert sum(1 for eq in at if eq.get("set")) == 5 and sum(1 for eq in at if not eq.get("set")) == 2


def test_map_and_montecarlo_follow_the_closed_form(chain):
    model, data = chain
    cells = data["map"]
    assert cells["params"] == ["t", "s"]
    for k, region in enumerate(cells["cells"]):
        t = cells["x"][k % len(cells["x"])]
        if t != 1.0:
            assert cells["labels"][region] == ("Ann a / Bob a / Cy a" if t > 1 else "Ann b / Bob b / Cy b")
    from bargain.sensitivity import draw

    names, draws = draw(model, SMALL.samples, SMALL.seed, params=data["montecarlo"]["params"])
    above = int((draws[:, list(names).index("t")] > 1).sum())
    counts = {f["label"]: f["count"] for f in data["montecarlo"]["equilibria"]}
    assert counts == {"Ann a / Bob a / Cy a": above, "Ann b / Bob b / Cy b": SMALL.samples - above}


def test_the_command_writes_the_page_with_selection(capsys, tmp_path):
    out = tmp_path / "chain.html"
    code, stdout, err = run_main(capsys, "report", CHAIN, "-o", str(out), "--points", "5", "--samples", "10",
                                 "--map-points", "0")
    assert code == 0, err
    assert "wrote" in stdout and out.stat().st_size > 0
    assert "commitment readings are defined here for two-player games only" in out.read_text(encoding="utf-8")
