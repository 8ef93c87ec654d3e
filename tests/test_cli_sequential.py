"""The command line for game trees (`bargain solve TREE`) and bargaining (`bargain bargain`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bargain.cli import cli, main


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def fail(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    return err


def test_solve_tree_table_shows_path_strategies_and_verdicts():
    out = run("solve", "august-deadline")
    assert "1 subgame-perfect equilibrium" in out
    assert "path of play: China slow-walk (london) → US extend (august_slowed)" in out
    assert "reply_slowed" in out and "off path" in out
    assert "subgame-perfect" in out
    flat = " ".join(out.replace("│", " ").split())
    assert "non-credible: US would not" in flat and "(prefers extend)" in flat


def test_solve_tree_json():
    data = json.loads(run("solve", "august-deadline", "--format", "json"))
    assert data["kind"] == "sequential"
    assert data["model"] == "august-deadline"
    spe = data["subgame_perfect"]
    assert spe["unique"] is True and spe["ties"] == []
    (only,) = spe["equilibria"]
    assert [step["move"] for step in only["path"]] == ["slow-walk", "extend"]
    assert only["strategies"]["US"] == {"august_kept": "extend", "august_slowed": "extend"}
    assert only["payoffs"]["China"] == pytest.approx(5.8)
    verdicts = [eq["verdict"] for eq in data["normal_form"]["equilibria"]]
    assert verdicts.count("subgame-perfect") == 1
    assert "non-credible" in verdicts
    threats = [eq["threats"] for eq in data["normal_form"]["equilibria"] if eq["verdict"] == "non-credible"]
    assert all(threats)


@pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")
def test_solve_tree_with_a_parameter_override_flips_the_path():
    data = json.loads(run("solve", "august-deadline", "--set", "china_share=0.45", "--format", "json"))
    path = data["subgame_perfect"]["equilibria"][0]["path"]
    assert [step["move"] for step in path] == ["deliver", "extend"]
    assert data["parameters"]["china_share"] == 0.45


def test_solve_tree_csv_lists_every_decision_node():
    lines = run("solve", "august-deadline", "--format", "csv").splitlines()
    assert lines[0] == "equilibrium,node,player,move,on_path"
    assert "0,london,China,slow-walk,True" in lines
    assert len(lines) == 1 + 5


def test_solve_matrix_model_is_unchanged():
    data = json.loads(run("solve", "rare-earth-chicken", "--format", "json"))
    assert "kind" not in data and data["equilibria"]


def test_bargain_nash_json():
    data = json.loads(run("bargain", "august-deadline", "--format", "json"))
    assert data["solution"] == "nash"
    assert data["payoffs"] == {"US": 0.0, "China": 3.0}
    assert data["disagreement"]["US"] == pytest.approx(-8.76)
    assert data["lottery"] == [{"profile": {"US": "extend/extend", "China": "deliver/retaliate/*"}, "weight": 1.0}]


def test_bargain_ks_with_explicit_disagreement():
    data = json.loads(run("bargain", "august-deadline", "--solution", "ks",
                          "--disagreement", "US=-10,China=-10", "--format", "json"))
    assert data["solution"] == "kalai-smorodinsky"
    assert data["disagreement"] == {"US": -10.0, "China": -10.0}
    ideal, d, u = data["ideal"], data["disagreement"], data["payoffs"]
    # gains are in the ratio of the ideal gains
    assert (u["US"] - d["US"]) * (ideal["China"] - d["China"]) == pytest.approx(
        (u["China"] - d["China"]) * (ideal["US"] - d["US"]))


def test_bargain_rubinstein_rounds_and_discounts():
    data = json.loads(run("bargain", "august-deadline", "--solution", "rubinstein", "--rounds", "2",
                          "--discount", "US=0.9,China=0.8", "--format", "json"))
    assert data["rounds"] == 2 and data["first"] == "US"
    # frontier (-4.76, 5.8) -- (0, 3), no deal (-8.76, -6). Round 2: China takes its best point
    # (-4.76, 5.8), a gain of 11.8; round 1: the US leaves China 0.8 * 11.8 = 9.44, that is 3.44,
    # the frontier point with US payoff -0.44 * 4.76 / 2.8 = -0.748.
    assert [o["proposer"] for o in data["offers"]] == ["US", "China"]
    assert data["offers"][1]["payoffs"] == {"US": pytest.approx(-4.76), "China": pytest.approx(5.8)}
    assert data["payoffs"] == {"US": pytest.approx(-0.748), "China": pytest.approx(3.44)}
    assert {p: float(v) for p, v in data["gains"].items()} == {"US": pytest.approx(8.012), "China": pytest.approx(9.44)}


def test_bargain_rubinstein_without_deadline_table():
    out = run("bargain", "august-deadline", "--solution", "rubinstein", "--rounds", "inf")
    assert "no deadline" in out
    # the US proposes its best point (0, 3): China's gain there, 9, is more than 0.95 times
    # China's gain in its own proposal, which leaves the US 0.93 * 8.76 = 8.1468 (payoff -0.6132)
    lines = [line.split() for line in out.splitlines() if line.split()[:1] in (["1"], ["2"])]
    assert lines[0][:4] == ["1", "US", "0", "3"]
    assert lines[1][:4] == ["2", "China", "-0.6132", "3.3607"]


def test_bargain_matrix_model_with_profile_disagreement():
    data = json.loads(run("bargain", "rare-earth-chicken", "--disagreement", "escalate,escalate",
                          "--format", "json"))
    assert data["solution"] == "nash"
    assert all(data["payoffs"][p] >= data["disagreement"][p] for p in data["players"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bargain", "august-deadline", "--rounds", "3"), "rubinstein solution only"),
        (("bargain", "august-deadline", "--solution", "rubinstein", "--rounds", "zero"), "--rounds"),
        (("bargain", "august-deadline", "--solution", "rubinstein", "--discount", "US=2"), "discount factor"),
        (("bargain", "august-deadline", "--solution", "rubinstein", "--discount", "Japan=0.5"), "not a player"),
        (("bargain", "august-deadline", "--disagreement", "nonsense"), "--disagreement"),
        (("bargain", "august-deadline", "--disagreement", "US=99,China=99"), "no feasible payoff"),
        (("bargain", "no-such-model"), "unknown model"),
        (("solve", "august-deadline", "--set", "china_share=2"), "not a share"),
    ],
)
def test_bad_input_is_one_error_line(capsys, args, message):
    assert message in fail(capsys, *args)
