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
    assert "path of play: China deliver (london) → US extend (august_kept)" in out
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
    assert [step["move"] for step in only["path"]] == ["deliver", "extend"]
    assert only["strategies"]["US"] == {"august_kept": "extend", "august_slowed": "snap-back"}
    values = data["parameters"]
    assert only["payoffs"]["China"] == pytest.approx(values["cn_chip_value"] * values["eda_relief_in_force"])
    verdicts = [eq["verdict"] for eq in data["normal_form"]["equilibria"]]
    assert verdicts.count("subgame-perfect") == 1
    assert "non-credible" in verdicts
    threats = [eq["threats"] for eq in data["normal_form"]["equilibria"] if eq["verdict"] == "non-credible"]
    assert all(threats)


@pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")
def test_solve_tree_with_a_parameter_override_flips_the_path():
    data = json.loads(run("solve", "august-deadline", "--set", "china_share=0.2", "--format", "json"))
    path = data["subgame_perfect"]["equilibria"][0]["path"]
    assert [step["move"] for step in path] == ["slow-walk", "snap-back", "absorb"]
    assert data["parameters"]["china_share"] == 0.2


def test_solve_tree_csv_lists_every_decision_node():
    lines = run("solve", "august-deadline", "--format", "csv").splitlines()
    assert lines[0] == "equilibrium,node,player,move,on_path"
    assert "0,london,China,deliver,True" in lines
    assert len(lines) == 1 + 5


def test_solve_matrix_model_is_unchanged():
    data = json.loads(run("solve", "rare-earth-chicken", "--format", "json"))
    assert "kind" not in data and data["equilibria"]


def test_bargain_nash_json():
    data = json.loads(run("bargain", "august-deadline", "--format", "json"))
    assert data["solution"] == "nash"
    from bargain.model import load_model

    values = load_model("august-deadline").values()
    # the deal leaf: the US pays for the relief, China gets it
    assert data["payoffs"] == pytest.approx({"US": -values["us_chip_security_cost"], "China": values["cn_chip_value"]})
    f = (values["snapback_tariff"] - 0.10) / (values["april_tariff"] - 0.10)
    market = values["us_wealth_effect"] * (values["sp500_drawdown"] - values["sp500_gap"]) * values["truce_rally_share"]
    s2, window = values["china_share"] ** 2, 1 - 90 / 365
    shortage, relief = values["us_shortage_cost"] * s2, values["us_chip_security_cost"]
    settle = 1 - (1 - s2) * (1 - f)  # the settlement at the next deadline, forced by either lever
    no_deal_us = -shortage - market * f + window * settle * (shortage - relief + market * f)
    assert data["disagreement"]["US"] == pytest.approx(no_deal_us)
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
    # Backward induction, computed here by linear programmes over lotteries of the game's pure
    # payoff pairs: in round 2 China proposes its best point that leaves the US no worse than no
    # deal; in round 1 the US proposes its best point that leaves China 0.8 of its round-2 gain.
    import numpy as np
    from scipy.optimize import linprog

    from bargain.model import load_model

    game = load_model("august-deadline").game()
    P = np.column_stack([np.ravel(game.A).astype(float), np.ravel(game.B).astype(float)])
    d = np.array([data["disagreement"]["US"], data["disagreement"]["China"]])

    def best(k: int, floor_player: int, floor: float) -> np.ndarray:
        lp = linprog(-P[:, k], A_ub=[-P[:, floor_player]], b_ub=[-floor],
                     A_eq=[np.ones(len(P))], b_eq=[1.0], bounds=(0, None))
        assert lp.status == 0
        return P.T @ lp.x

    second = best(1, 0, d[0])
    first = best(0, 1, d[1] + 0.8 * (second[1] - d[1]))
    assert [o["proposer"] for o in data["offers"]] == ["US", "China"]
    assert data["offers"][1]["payoffs"]["China"] == pytest.approx(second[1], abs=1e-9)
    assert data["payoffs"] == {"US": pytest.approx(first[0], abs=1e-9), "China": pytest.approx(first[1], abs=1e-9)}


def test_bargain_rubinstein_without_deadline_table():
    out = run("bargain", "august-deadline", "--solution", "rubinstein", "--rounds", "inf")
    assert "no deadline" in out
    # Check the printed offers against the stationary conditions of alternating offers without
    # transfers, and that each is a feasible payoff pair of the game (an LP over its pure payoffs).
    import numpy as np
    from scipy.optimize import linprog

    from bargain.bargaining import bargain_model
    from bargain.model import load_model

    model = load_model("august-deadline")
    result = bargain_model(model, "rubinstein", rounds=None)
    x, y = (tuple(float(v) for v in offer.payoffs) for offer in result.offers[:2])
    d = [float(v) for v in result.disagreement]
    delta = [float(v) for v in result.discounts]
    i = result.players.index(result.offers[0].proposer)
    j = 1 - i
    game = model.game()
    points = np.column_stack([np.ravel(game.A).astype(float), np.ravel(game.B).astype(float)])

    def best(k: int, floor: float) -> float:
        """Player k's best payoff over lotteries of pure payoff pairs leaving the other at least ``floor``."""
        lp = linprog(-points[:, k], A_ub=[-points[:, 1 - k]], b_ub=[-floor],
                     A_eq=[np.ones(len(points))], b_eq=[1.0], bounds=(0, None))
        assert lp.status == 0
        return -lp.fun

    # Each proposer takes its best point that leaves the responder at least its discounted gain
    # from proposing next round: the stationary conditions of alternating offers without transfers.
    assert x[i] == pytest.approx(best(i, d[j] + delta[j] * (y[j] - d[j])), abs=1e-9)
    assert y[j] == pytest.approx(best(j, d[i] + delta[i] * (x[i] - d[i])), abs=1e-9)
    assert x[j] >= d[j] + delta[j] * (y[j] - d[j]) - 1e-9 and y[i] >= d[i] + delta[i] * (x[i] - d[i]) - 1e-9
    assert f"{x[0]:.4g}" in out or f"{round(x[0], 4):g}" in out


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
