"""The predict command: output that parses, the documented JSON, seeds, and one-line errors."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bargain.cli import cli
from bargain.selection import FIELDS

from .entry_point import run_main
from .oracles import require

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")

DATA = Path(__file__).parent / "data"
STAG_HUNT = str(DATA / "stag-hunt.toml")
ENTRY = str(DATA / "entry-deterrence.toml")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "selection.md"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


_cache: dict[tuple[str, ...], str] = {}


def cached(*args: str) -> str:
    """The output of one command line, computed once per test run."""
    if args not in _cache:
        _cache[args] = run(*args)
    return _cache[args]


def stag_json(seed: str = "2") -> dict:
    return json.loads(cached("predict", STAG_HUNT, "--set", "k=2", "-n", "40", "--seed", seed, "--format", "json"))


def test_json_has_the_documented_top_level_fields():
    data = stag_json()
    assert list(data) == ["model", "kind", "values", "held", "criteria", "selections", "agreement", "robustness"]
    assert data["model"] == "stag-hunt" and data["kind"] == "matrix"
    assert data["held"] == {"k": 2} and data["values"] == {"s": 5, "h": 2, "k": 2}
    assert data["criteria"] == ["payoff-dominance", "risk-dominance", "qre", "tracing", "commitment"]


def test_json_selections_are_selection_dicts_with_their_support():
    data = stag_json()
    assert list(data["selections"]) == data["criteria"]
    for name, selection in data["selections"].items():
        assert set(selection) == set(FIELDS) | {"support"}
        assert selection["criterion"] == name
        assert isinstance(selection["reason"], str) and selection["reason"]
    # at s=5, h=2, k=2: (5 - 2)(2 - 1) = 3 > 2, so stag risk-dominates
    assert data["selections"]["risk-dominance"]["support"] == "Row stag / Column stag"
    assert data["selections"]["risk-dominance"]["equilibrium_index"] == 0
    assert data["agreement"]["unanimous"] is True
    assert set(data["agreement"]) == {"outcomes", "undefined", "unanimous", "leading", "summary"}


def test_json_robustness_counts_add_up_and_match_the_closed_form():
    robustness = stag_json()["robustness"]
    assert robustness["samples"] == 40 and robustness["seed"] == 2 and robustness["distribution"] == "uniform"
    assert robustness["parameters"] == ["s", "h"]  # k is held by --set
    rng = np.random.default_rng(2)
    s, h = rng.uniform(3, 7, 40), rng.uniform(1, 3, 40)
    stag = int(np.sum(s - h > h))
    risk = {e["outcome"]: e for e in robustness["criteria"]["risk-dominance"]}
    assert risk["Row stag / Column stag"]["count"] == stag
    assert risk.get("Row hare / Column hare", {"count": 0})["count"] == 40 - stag
    for entries in robustness["criteria"].values():
        assert sum(e["count"] for e in entries) == 40
        for e in entries:
            assert e["frequency"] == pytest.approx(e["count"] / 40)
            assert e["ci95"][0] <= e["frequency"] <= e["ci95"][1]
    assert robustness["unanimous"]["count"] == stag


def test_every_json_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## `bargain predict` JSON"):]
    section = section[: section.index("\n## ", 4)] if "\n## " in section[4:] else section
    documented = {word for path in re.findall(r"`([a-z_0-9.]+)`", section) for word in path.split(".")}
    data = stag_json()
    keys = set(data) | set(data["robustness"]) | set(data["robustness"]["unanimous"])
    keys |= set(data["agreement"])
    keys |= set(data["robustness"]["criteria"]["qre"][0]) | {"support"}
    assert keys <= documented, sorted(keys - documented)


def test_same_seed_same_output_other_seed_other_draws():
    assert run("predict", STAG_HUNT, "--set", "k=2", "-n", "40", "--seed", "2", "--format", "json") == \
        cached("predict", STAG_HUNT, "--set", "k=2", "-n", "40", "--seed", "2", "--format", "json")
    assert stag_json("3")["robustness"] != stag_json("2")["robustness"]


def test_csv_parses_with_picks_then_frequencies():
    out = run("predict", STAG_HUNT, "-n", "12", "--seed", "1", "--format", "csv", "-c", "risk-dominance", "-c", "qre")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["kind", "criterion", "outcome", "equilibrium_index", "count", "samples", "frequency",
                             "low", "high", "reason"]
    picks = [r for r in rows if r["kind"] == "pick"]
    assert [r["criterion"] for r in picks] == ["risk-dominance", "qre"]
    assert all(r["reason"] for r in picks)
    for criterion in ("risk-dominance", "qre"):
        counts = [int(r["count"]) for r in rows if r["kind"] == "frequency" and r["criterion"] == criterion]
        assert sum(counts) == 12
    shares = {r["outcome"]: r for r in rows if r["kind"] == "share"}
    assert list(shares) == ["unanimous", "multiple equilibria", "unanimous when multiple"]
    assert int(shares["multiple equilibria"]["count"]) == 12  # a stag hunt always has three
    for row in shares.values():
        assert float(row["low"]) <= float(row["frequency"]) <= float(row["high"])


def test_table_shows_picks_agreement_and_frequencies():
    out = run("predict", STAG_HUNT, "-n", "10", "--seed", "1")
    for criterion in ("payoff-dominance", "risk-dominance", "qre", "tracing", "commitment"):
        assert criterion in out
    assert "agreement:" in out
    assert "95% interval (Wilson)" in out and "10 draws" in out
    assert "Row stag / Column stag" in out


def test_a_tree_reports_the_subgame_perfect_path():
    data = json.loads(run("predict", ENTRY, "-n", "10", "--seed", "4", "--format", "json", "--set", "r=3"))
    assert data["kind"] == "sequential" and data["criteria"][-1] == "subgame-perfect"
    assert data["selections"]["subgame-perfect"]["support"] == "Entrant out / Incumbent fight"
    assert data["robustness"] is None  # r, the only parameter, is held: nothing to draw


def test_with_every_parameter_held_the_table_says_nothing_is_drawn():
    out = run("predict", ENTRY, "--set", "r=1.5")
    assert "Entrant in / Incumbent accommodate" in out
    assert "every parameter is held" in out


def test_criterion_option_restricts_and_keeps_order():
    data = json.loads(run("predict", ENTRY, "-n", "5", "--format", "json", "-c", "subgame-perfect", "-c", "qre"))
    assert data["criteria"] == ["subgame-perfect", "qre"]
    assert list(data["robustness"]["criteria"]) == ["subgame-perfect", "qre"]


def test_plot_writes_the_qre_path(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "qre.png"
    run("predict", STAG_HUNT, "-n", "3", "-c", "qre", "--plot", str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("-c", "nash-product"), "unknown criterion 'nash-product'"),
        (("-c", "subgame-perfect"), "subgame-perfect needs a game tree"),
        (("--samples", "0"), "--samples"),
        (("--seed", "-1"), "--seed"),
        (("--set", "s=abc"), "--set"),
        (("--set", "s=4", "--param", "s"), "both drawn (--param) and held (--set)"),
        (("--param", "zz"), "unknown parameter"),
        (("--format", "xml"), "--format"),
    ],
)
def test_bad_input_is_one_line_and_a_nonzero_exit(capsys, args, needle):
    code, out, err = run_main(capsys, "predict", STAG_HUNT, "-n", "3", *args)
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], err
    assert "Traceback" not in err


def test_an_unknown_model_is_one_line(capsys):
    code, _, err = run_main(capsys, "predict", "no-such-model")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unwritable_plot_fails_before_the_draws(capsys, monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    import bargain.sensitivity

    def never(*args, **kwargs):
        raise AssertionError("the draws ran before the plot failed")

    monkeypatch.setattr(bargain.sensitivity, "predict_robustness", never)
    code, _, err = run_main(capsys, "predict", STAG_HUNT, "--plot", str(tmp_path / "missing" / "qre.png"))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "cannot write the plot" in err


def test_ctrl_c_is_one_clean_line(capsys, monkeypatch):
    import bargain.sensitivity

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bargain.sensitivity, "predict_robustness", interrupted)
    code, out, err = run_main(capsys, "predict", STAG_HUNT)
    assert code == 130 and out == ""
    assert err.strip() == "error: interrupted"


# --- bargain sweep --select -----------------------------------------------------------------------------


def sweep_json(*args: str) -> dict:
    return json.loads(run("sweep", STAG_HUNT, "-p", "s", "--format", "json", *args))


@pytest.mark.parametrize(("h", "k"), [(2.0, 2.5), (1.5, 3.0), (2.5, 1.7)])
def test_risk_dominance_flips_where_the_nash_products_are_equal(h, k):
    # (s - h)(k - 1) = h * 1  at  s = h + h / (k - 1)
    closed = h + h / (k - 1)
    data = sweep_json("--from", str(h + 0.25), "--to", "9", "--steps", "15", "--set", f"h={h}", "--set", f"k={k}",
                      "--select", "risk-dominance")
    selection = data["selection"]
    (flip,) = selection["flips"]
    low, high = flip["bracket"]
    assert low <= closed <= high
    assert high - low <= 3e-9 * max(1.0, closed)  # two brackets of 1e-9 and the tie between them
    assert abs(flip["value"] - closed) <= 3e-9 * max(1.0, closed)
    assert (flip["left"], flip["right"]) == ("Row hare / Column hare", "Row stag / Column stag")
    assert [o == "Row stag / Column stag" for o in selection["outcomes"]] == [v > closed for v in selection["values"]]
    assert data["records"]  # the sweep itself is still there


def test_tracing_flips_at_the_symmetric_tie_through_the_mixed_equilibrium():
    selection = sweep_json("--steps", "5", "--set", "h=2", "--set", "k=2", "--select", "tracing")["selection"]
    (flip,) = selection["flips"]
    assert flip["value"] == 4.0  # s = 2h: fewest decimals in a bracket around it
    assert flip["at"] == "Row stag+hare / Column stag+hare"


@functools.cache
def gambit_logit_row_stag(s: float, h: float, k: float) -> float:
    gbt = require("pygambit")
    game = gbt.StrategicGame.from_arrays(np.array([[s, 0.0], [h, h]]), np.array([[k, 1.0], [0.0, 1.0]]))
    result = gbt.nash.logit_solve(game)
    assert result.success
    return [float(p) for _, p in result.equilibrium[list(game.players)[0]]][0]


def test_qre_flip_separates_pygambits_limits():
    selection = sweep_json("--from", "2.5", "--to", "7", "--steps", "10", "--set", "h=2", "--set", "k=2.5",
                           "--select", "qre")["selection"]
    (flip,) = selection["flips"]
    value = flip["value"]
    assert gambit_logit_row_stag(value - 1e-3, 2.0, 2.5) < 0.5 < gambit_logit_row_stag(value + 1e-3, 2.0, 2.5)


def test_sweep_select_csv_is_one_row_per_value():
    out = run("sweep", STAG_HUNT, "-p", "s", "--steps", "7", "--set", "k=2", "--select", "risk-dominance",
              "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["s", "point", "criterion", "outcome"] and len(rows) == 7
    for row in rows:
        stag = float(row["s"]) > 4.0
        assert row["outcome"] == ("Row stag / Column stag" if stag else "Row hare / Column hare")


def test_sweep_select_table_names_the_flip_first():
    out = run("sweep", STAG_HUNT, "-p", "s", "--steps", "7", "--set", "k=2", "--select", "risk-dominance")
    assert out.startswith("risk-dominance along s: 1 flip")
    assert "what risk-dominance selects" in out and "equilibria at each point" in out


def test_sweep_select_of_a_tree_follows_subgame_perfection():
    data = json.loads(run("sweep", ENTRY, "-p", "r", "--steps", "7", "--select", "subgame-perfect",
                          "--format", "json"))
    (flip,) = data["selection"]["flips"]
    assert flip["value"] == 2.0 and flip["right"] == "Entrant out / Incumbent fight"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("-p", "s", "--select", "nash-product"), "--select unknown criterion 'nash-product'"),
        (("-p", "s", "-p", "h", "--select", "qre"), "--select follows one parameter"),
        (("-p", "s", "--select", "subgame-perfect"), "needs a game tree"),
    ],
)
def test_sweep_select_bad_input_is_one_line(capsys, args, needle):
    code, out, err = run_main(capsys, "sweep", STAG_HUNT, *args)
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in err
