"""The sweep and montecarlo commands: output that parses, and one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from bargain.cli import cli
from bargain.model import load_model
from bargain.sensitivity import linspace, sweep, thresholds

from .entry_point import run_main

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout  # without warnings, which go to stderr




def test_sweep_json_matches_the_python_api():
    out = run("sweep", "london-2025", "--param", "china_share", "--from", "0.3", "--to", "1.0", "--steps", "36",
              "--format", "json")
    data = json.loads(out)
    model = load_model("london-2025")
    values = linspace(0.3, 1.0, 36)
    expected = sweep(model, "china_share", values)
    assert data["parameters"][0]["values"] == pytest.approx(list(values))
    assert len(data["records"]) == len(expected.records)
    assert [r["track"] for r in data["records"]] == [r.track for r in expected.records]
    found = thresholds(model, "china_share", grid=expected)
    assert [t["value"] for t in data["thresholds"]] == [t.value for t in found]
    assert all(t["bracket"][0] <= t["value"] <= t["bracket"][1] for t in data["thresholds"])
    assert data["held"] == {}


def test_sweep_csv_parses_one_row_per_equilibrium():
    out = run("sweep", "rare-earth-chicken", "-p", "china_share", "--steps", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 15  # five points, three equilibria each
    low, high = (load_model("rare-earth-chicken").parameters["china_share"].low,
                 load_model("rare-earth-chicken").parameters["china_share"].high)
    assert (low, high) == (0.85, 0.99)  # the shared processing share
    assert sorted({float(row["china_share"]) for row in rows}) == pytest.approx([0.85, 0.885, 0.92, 0.955, 0.99])
    for row in rows:
        assert float(row["China:escalate"]) + float(row["China:concede"]) == pytest.approx(1.0)


def test_sweep_table_prints_thresholds_first():
    out = run("sweep", "rare-earth-chicken", "-p", "us_standoff_cost", "--from", "0.5", "--to", "3", "--steps", "11")
    assert "1 threshold" in out
    threshold_section = out[: out.index("equilibria at each point")]
    (row,) = [line for line in threshold_section.splitlines() if "→" in line]
    assert row.split("│")[1].strip() == "1" and row.split("│")[2].strip() == "1 → 3"
    assert out.count("pure") > 0 and "mixed" in out


def test_sweep_table_without_thresholds_says_so():
    out = run("sweep", "rare-earth-chicken", "-p", "china_share", "--steps", "6")
    assert "no threshold between 0.85 and 0.99" in out


def test_sweep_and_montecarlo_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                       host="127.0.0.1", protocol="tcp")
    with cluster:
        address = cluster.scheduler_address
        args = ("sweep", "london-2025", "-p", "china_share", "--steps", "300", "--format", "json")
        assert run(*args, "--scheduler", address) == run(*args)
        args = ("montecarlo", "london-2025", "-n", "300", "--seed", "3", "--format", "json")
        assert run(*args, "--scheduler", address) == run(*args)


def test_two_parameter_sweep_with_ranges_and_a_map(tmp_path):
    path = tmp_path / "map.png"
    out = run("sweep", "london-2025", "-p", "china_share", "-p", "us_shortage_cost",
              "--range", "china_share=0.3:1.0:8", "--range", "us_shortage_cost=0.5:3:6", "--format", "json",
              "--plot", str(path))
    data = json.loads(out)
    assert [len(p["values"]) for p in data["parameters"]] == [8, 6]
    assert len(data["signatures"]) == 48
    assert "thresholds" not in data
    assert path.read_bytes()[:4] == b"\x89PNG" and path.stat().st_size > 10_000


def test_two_parameter_table_summarises_the_sets_of_equilibria():
    out = run("sweep", "rare-earth-chicken", "-p", "china_share", "-p", "us_standoff_cost",
              "--range", "china_share=0.7:0.9:3", "--range", "us_standoff_cost=0.5:3:6")
    assert ("18 points over china_share (share of world rare-earth processing and magnet output) × "
            "us_standoff_cost (% of US GDP per year)") in " ".join(out.split())
    rows = [line for line in out.splitlines() if line.startswith("│") and "%" in line]
    shares = sorted(float(line.split("│")[3].strip().rstrip("%")) for line in rows)
    # costs 0.5 and 1.0 (a third of the grid): below the stake or at it; above it, chicken
    assert shares[-1] == pytest.approx(100 * 12 / 18, abs=0.1)
    assert sum(shares) == pytest.approx(100.0, abs=0.2)


def test_sweep_holds_other_parameters_with_set():
    held = json.loads(run("sweep", "rare-earth-chicken", "-p", "china_share", "--steps", "3",
                          "--set", "us_standoff_cost=0.5", "--format", "json"))
    assert held["held"] == {"us_standoff_cost": 0.5}
    # with the US standoff cost below the stake, the US always escalates: one equilibrium per point
    assert len(held["records"]) == 3


def test_a_held_value_outside_its_range_warns_once(capsys):
    code, out, err = run_main(capsys, "sweep", "rare-earth-chicken", "-p", "china_share", "--steps", "50",
                              "--set", "us_standoff_cost=0.5", "--format", "csv")
    assert code == 0
    assert out.count("\n") == 1 + 50  # one equilibrium per point
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "us_standoff_cost = 0.5 lies outside" in warnings[0]


def test_sweep_plot_file(tmp_path):
    path = tmp_path / "share.png"
    run("sweep", "london-2025", "-p", "china_share", "--steps", "21", "--plot", str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 20_000


def test_sweep_with_workers_gives_the_same_json():
    args = ("sweep", "london-2025", "-p", "china_share", "--steps", "30", "--format", "json")
    assert run(*args, "--workers", "2") == run(*args)


def test_montecarlo_json_and_csv_parse():
    data = json.loads(run("montecarlo", "london-2025", "--samples", "40", "--seed", "4", "--format", "json"))
    assert data["samples"] == 40 and data["seed"] == 4 and data["distribution"] == "uniform"
    assert sum(s["count"] for s in data["sets"]) == 40
    for item in data["equilibria"]:
        low, high = item["ci95"]
        assert low <= item["frequency"] <= high
    again = json.loads(run("montecarlo", "london-2025", "--samples", "40", "--seed", "4", "--format", "json"))
    assert again == data
    other = json.loads(run("montecarlo", "london-2025", "--samples", "40", "--seed", "5", "--format", "json"))
    assert other != data
    rows = list(csv.DictReader(io.StringIO(run("montecarlo", "london-2025", "-n", "20", "--format", "csv",
                                               "--distribution", "triangular"))))
    assert {row["kind"] for row in rows} == {"equilibrium", "set", "probability", "payoff"}
    probabilities = [float(r["estimate"]) for r in rows if r["kind"] == "probability" and r["player"] == "China"]
    assert sum(probabilities) == pytest.approx(1.0)


def test_montecarlo_table_and_selected_parameters():
    out = run("montecarlo", "rare-earth-chicken", "-n", "25", "--seed", "2", "-p", "china_share")
    assert "25 samples" in out and "of china_share" in out
    assert "100.0%" in out  # the chicken game has the same three equilibria for every share in range
    assert "Wilson" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("sweep", "london-2025", "--param", "nope"), "unknown parameter 'nope'"),
        (("sweep", "london-2025", "--param", "china_share", "--from", "0.9", "--to", "0.3"), "above its end"),
        (("sweep", "london-2025", "--param", "china_share", "--steps", "1"), "at least 2"),
        (("sweep", "no-such-model", "--param", "china_share"), "unknown model 'no-such-model'"),
        (("sweep", "london-2025", "-p", "china_share", "--to", "1.5"), "not a share"),
        (("sweep", "london-2025", "-p", "china_share", "-p", "us_shortage_cost", "--from", "0.3"), "--range"),
        (("sweep", "london-2025", "-p", "china_share", "--range", "x=1:2"), "not swept"),
        (("sweep", "london-2025", "-p", "china_share", "--range", "china_share=0.3-1"), "NAME=LOW:HIGH"),
        (("sweep", "london-2025", "-p", "china_share", "--set", "china_share=0.5"), "both swept"),
        (("sweep", "london-2025", "-p", "a", "-p", "b", "-p", "c"), "one or two parameters"),
        (("sweep", "london-2025", "-p", "china_share", "--scheduler", "localhost"), "address"),
        (("montecarlo", "no-such-model"), "unknown model"),
        (("montecarlo", "london-2025", "--samples", "0"), "--samples"),
        (("montecarlo", "london-2025", "-p", "nope"), "unknown parameter 'nope'"),
    ],
)
def test_bad_input_is_one_error_line(capsys, args, fragment):
    code, out, err = run_main(capsys, *args)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert fragment in lines[0]


def test_no_progress_bar_when_output_is_not_a_terminal():
    out = run("sweep", "rare-earth-chicken", "-p", "china_share", "--steps", "250", "--format", "csv")
    assert "━" not in out and "sweeping" not in out
    assert out.count("\n") == 1 + 250 * 3
