"""``bargain sweep / montecarlo / drivers / predict`` on a model file of three players: every format parses
and carries the closed-form answer; bad input is one error line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bargain.cli import cli
from bargain.model import load_model
from bargain.sensitivity import draw

from .entry_point import run_main

CHAIN = str(Path(__file__).parent / "data" / "models_nplayer" / "chain.toml")
AAA = "Ann a / Bob a / Cy a"
BBB = "Ann b / Bob b / Cy b"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sweep_json_has_the_threshold_at_one():
    data = json.loads(run("sweep", CHAIN, "-p", "t", "--steps", "13", "--format", "json"))
    assert data["players"] == ["Ann", "Bob", "Cy"]
    assert [t["value"] for t in data["thresholds"]] == [1.0]
    assert data["signatures"][0] == BBB and data["signatures"][-1] == AAA
    assert set(data["records"][0]["strategies"]) == {"Ann", "Bob", "Cy"}


def test_sweep_csv_has_a_column_per_player_and_action():
    rows = list(csv.DictReader(io.StringIO(run("sweep", CHAIN, "-p", "t", "--steps", "4", "--format", "csv"))))
    by_value: dict[str, list[str]] = {}
    for r in rows:
        by_value.setdefault(r["t"], []).append(r["support"])
    assert by_value["0.0"] == [BBB] and by_value["2.0"] == [AAA] and by_value["3.0"] == [AAA]
    assert len(by_value["1.0"]) == 7  # Ann indifferent: both pure equilibria and five sets of mixed ones
    assert {"Cy:a", "Cy:b", "payoff:Cy"} <= set(rows[0])


def test_sweep_table_and_plot(tmp_path):
    out = run("sweep", CHAIN, "-p", "t", "--steps", "7", "--plot", str(tmp_path / "sweep.png"))
    assert "1 threshold" in out and "Cy" in out
    assert (tmp_path / "sweep.png").stat().st_size > 0


def test_sweep_with_a_selection_criterion():
    data = json.loads(run("sweep", CHAIN, "-p", "t", "--steps", "4", "--select", "payoff-dominance",
                          "--format", "json"))
    flips = data["selection"]["flips"]
    assert len(flips) == 1 and flips[0]["value"] == pytest.approx(1.0, abs=1e-6)


def test_montecarlo_json_and_csv():
    data = json.loads(run("montecarlo", CHAIN, "-n", "90", "--seed", "4", "-p", "t", "--format", "json"))
    shares = {e["outcome"]: e for e in data["sets"]}
    assert set(shares) == {AAA, BBB}
    _, draws = draw(load_model(CHAIN), 90, 4, params=["t"])
    assert shares[AAA]["count"] == int((draws[:, 0] > 1).sum())  # a/a/a exactly when t > 1
    rows = list(csv.DictReader(io.StringIO(run("montecarlo", CHAIN, "-n", "30", "--format", "csv"))))
    assert {r["player"] for r in rows if r["kind"] == "payoff"} == {"Ann", "Bob", "Cy"}


def test_drivers_json_ranks_t_with_its_flip_point():
    data = json.loads(run("drivers", CHAIN, "-n", "16", "--seed", "1", "--format", "json"))
    flips = {p["name"]: [f["value"] for f in p["flips"]] for p in data["parameters"]}
    assert flips == {"t": [1.0], "s": []}


def test_predict_json_and_csv():
    data = json.loads(run("predict", CHAIN, "--set", "t=0.5", "-n", "10", "--format", "json"))
    assert data["selections"]["payoff-dominance"]["support"] == BBB
    assert "two-player" in data["selections"]["commitment"]["reason"]
    rows = list(csv.DictReader(io.StringIO(run("predict", CHAIN, "-n", "10", "--seed", "2", "--format", "csv"))))
    assert any(r["kind"] == "pick" and r["outcome"] == AAA for r in rows)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("sweep", CHAIN, "--param", "nope"), "unknown parameter 'nope'"),
        (("sweep", CHAIN, "--param", "t", "--from", "2", "--to", "1"), "above its end"),
        (("sweep", CHAIN, "--param", "t", "--select", "nope"), "unknown criterion 'nope'"),
        (("montecarlo", CHAIN, "--outcome", "spe-path"), "not a game tree"),
        (("montecarlo", CHAIN, "-p", "nope"), "unknown parameter 'nope'"),
        (("drivers", CHAIN, "-p", "nope"), "nope"),
        (("predict", CHAIN, "-c", "subgame-perfect"), "needs a game tree"),
        (("predict", CHAIN, "--set", "t=x"), "t"),
        (("report", CHAIN, "--map", "t,nope"), "nope"),
    ],
)
def test_bad_input_is_one_error_line(capsys, tmp_path, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(capsys, *args)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert not (tmp_path / "never-written.html").exists()
