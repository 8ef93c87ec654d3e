"""The model commands of the command line: models, show, check, sources."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bargain.cli import cli
from bargain.model import load_model

from .entry_point import run_main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)




def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in fragments:
        assert fragment in lines[0]


# --------------------------------------------------------------------------- models


def test_models_lists_each_bundled_model_on_one_line():
    result = run("models")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    by_name = {line.split()[0]: line for line in lines}
    assert "3x3" in by_name["london-2025"] and load_model("london-2025").title in by_name["london-2025"]
    assert "2x2" in by_name["rare-earth-chicken"]


# --------------------------------------------------------------------------- show


def test_show_prints_players_actions_parameters_payoffs_and_terms():
    result = run("show", "london-2025")
    assert result.exit_code == 0
    out = result.output
    model = load_model("london-2025")
    for label in (*model.actions[0], *model.actions[1]):
        assert label in out
    for name in model.parameters:
        assert name in out
    for term in model.payoff_terms:
        assert term.expression.text.split(" * ")[0] in out
    for text in ("Payoffs (China, United States)", "rare-earth shortage", "chip-software access",
                 "003_5b13dbd250ddda8c.txt", model.units.split(";")[0]):
        assert text in out


def test_show_payoff_cells_match_the_game():
    game = load_model("rare-earth-chicken").game(china_share=0.7)
    result = run("show", "rare-earth-chicken", "--set", "china_share=0.7")
    a, b = game.payoff("escalate", "concede")
    assert f"{a:.4g}, {b:.4g}" in result.output
    assert "0.7*" in result.output  # the overridden value is marked


def test_show_json_matches_the_api():
    result = run("show", "london-2025", "--format", "json", "--set", "china_share=0.7")
    data = json.loads(result.output)
    model = load_model("london-2025")
    game = model.game(china_share=0.7)
    assert data["name"] == "london-2025" and data["players"] == list(model.players)
    assert data["parameters"]["china_share"] == {**data["parameters"]["china_share"], "value": 0.7, "default": 0.9}
    assert data["payoffs"]["China"] == game.A.tolist()
    assert data["payoffs"]["United States"] == game.B.tolist()
    total = sum(t["value"] for t in data["terms"]
                if t["profile"] == ["license", "ease-and-extend"] and t["player"] == "China")
    assert total == pytest.approx(game.payoff("license", "ease-and-extend")[0])
    definitions = data["term_definitions"]
    assert len(definitions) == len(model.payoff_terms)
    snap = next(d for d in definitions if d["name"] == "tariff loss")
    assert snap["when"] == {"China": list(model.actions[0]), "United States": ["snap-back"]}
    assert snap["expression"].startswith("-cn_us_exports * may_export_fall * min(1, (snapback_tariff - base_tariff)")


def test_show_a_file_path():
    result = run("show", str(REPO / "models" / "rare-earth-chicken.toml"))
    assert result.exit_code == 0 and "concession won" in result.output


def test_show_out_of_range_warns_on_one_line(capsys):
    code, out, err = run_main(capsys, "show", "london-2025", "--set", "china_share=0.5")
    assert code == 0 and "china_share" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("warning: ") and "china_share = 0.5 lies outside its plausible range" in lines[0]


def test_solve_out_of_range_warns_once(capsys):
    code, out, err = run_main(capsys, "solve", "london-2025", "--set", "china_share=0.4")
    assert code == 0
    assert err.count("warning: ") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["show", "no-such-model"], ["unknown model 'no-such-model'", "london-2025"]),
        (["show", "london-2025", "--set", "nope=1"], ["unknown parameter 'nope'"]),
        (["show", "london-2025", "--set", "china_share=lots"], ["'lots' is not a number"]),
        (["show", "london-2025", "--set", "china_share=1.5"], ["parameters.china_share", "[0, 1]"]),
        (["show", "london-2025", "--set", "china_share"], ["NAME=VALUE"]),
        (["sources", "no-such-model"], ["unknown model"]),
        (["solve", "london-2025", "--set", "china_share=-0.1"], ["[0, 1]"]),
    ],
)
def test_errors_are_one_line(capsys, args, fragments):
    code, _, err = run_main(capsys, *args)
    assert code == 2
    assert_one_line_error(code, err, *fragments)


# --------------------------------------------------------------------------- check


def test_check_ok_for_every_bundled_model(capsys):
    for path in sorted((REPO / "models").glob("*.toml")):
        code, out, err = run_main(capsys, "check", str(path))
        assert code == 0, err
        *findings, last = out.splitlines()
        assert last.startswith(f"ok: {path}") and err == ""
        assert all(line.startswith(f"warning: {path}: terms[") for line in findings), findings


def standalone_chicken() -> str:
    """rare-earth-chicken with the shared fact it includes written into the file, so a copy works anywhere."""
    text = (REPO / "models" / "rare-earth-chicken.toml").read_text(encoding="utf-8")
    facts = (REPO / "models" / "shared" / "facts.toml").read_text(encoding="utf-8")
    share = facts[facts.index("[parameters.china_share]"):facts.index("# --- tariffs")]
    assert 'include = ["shared/facts.toml"]\n' in text
    return text.replace('include = ["shared/facts.toml"]\n', "") + "\n" + share


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, list[str]]]:
    good = standalone_chicken()
    cases = {
        "toml": (good.replace('unit = "% of US GDP per year"', 'unit = "% of US GDP per year'),
                 ["invalid TOML", "line "]),
        "unknown-name": (good.replace('expression = "-china_standoff_cost"', 'expression = "-china_standof_cost"'),
                         ["terms[2].expression", "unknown name 'china_standof_cost'"]),
        "hostile": (good.replace('expression = "-china_standoff_cost"', 'expression = "__import__(\'os\')"'),
                    ["terms[2].expression"]),
        "power": (good.replace('expression = "-china_standoff_cost"', 'expression = "9**9**9"'), ["exponent"]),
        "missing-field": (good.replace(f'units = "{load_model("rare-earth-chicken").units}"\n', ""),
                          ["units: required field is missing"]),
        "quote": (good.replace("over 90% of the processing capacity", "over 95% of the processing capacity"),
                  ["parameters.china_share.sources", "quote does not occur"]),
        "share": (good.replace("value = 0.9\n", "value = 1.9\n", 1), ["parameters.china_share"]),
    }
    paths = {}
    for name, (text, fragments) in cases.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        paths[name] = (path, fragments)
    return paths


def test_check_reports_each_problem_on_one_line(capsys, tmp_path):
    for name, (path, fragments) in bad_files(tmp_path).items():
        code, out, err = run_main(capsys, "check", str(path))
        assert code == 2, name
        assert out == ""
        assert_one_line_error(code, err, str(path), *fragments)


def test_check_refuses_a_huge_file_quickly(capsys, tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    code, _, err = run_main(capsys, "check", str(path))
    assert_one_line_error(code, err, "larger than")


def test_check_refuses_a_deep_expression(capsys, tmp_path):
    good = standalone_chicken()
    deep = "(" * 10_000 + "1" + ")" * 10_000
    path = tmp_path / "deep.toml"
    path.write_text(good.replace('expression = "-china_standoff_cost"', f'expression = "{deep}"'), encoding="utf-8")
    code, _, err = run_main(capsys, "check", str(path))
    assert_one_line_error(code, err, "terms[2].expression")


def test_check_as_a_subprocess_has_no_traceback(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\nplayers = [\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bargain.cli", "check", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line_error(done.returncode, done.stderr, "invalid TOML")


# --------------------------------------------------------------------------- files that are not models


GAMBIT = REPO / "tests" / "data" / "gambit"


@pytest.mark.parametrize("command", [("show",), ("sweep", "--param", "x"), ("bargain",), ("check",)])
def test_model_commands_say_what_a_file_is_and_what_they_take(capsys, tmp_path, command):
    csv_file = tmp_path / "table.csv"
    csv_file.write_text("a,b\n1,2\n")
    cases = [
        (GAMBIT / "large_payoff_game.efg", ["extensive-form", "does not read .efg files yet",
                                            "pygambit.read_efg(", ".to_nfg(", "bargain solve"]),
        (GAMBIT / "deg1.nfg", ["strategic-form game, not a model", f"bargain solve {GAMBIT / 'deg1.nfg'}"]),
        (csv_file, ["CSV file, not a model", "bundled model name", ".toml"]),
        (tmp_path, ["is a directory"] + (["bundled model name"] if command[0] != "check" else [])),
    ]
    for path, fragments in cases:
        code, out, err = run_main(capsys, command[0], str(path), *command[1:])
        assert out == ""
        assert_one_line_error(code, err, str(path), *fragments)
        assert "invalid TOML" not in err and "unknown model" not in err


def test_a_directory_named_like_a_model_is_called_a_directory(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    code, _, err = run_main(capsys, "show", "models")
    assert_one_line_error(code, err, "'models' is a directory", "london-2025")


def test_solve_says_what_it_takes(capsys, tmp_path):
    csv_file = tmp_path / "table.csv"
    csv_file.write_text("a,b\n")
    for path, fragment in ((csv_file, "a CSV file is not a game"), (tmp_path, "is a directory"),
                           (GAMBIT / "large_payoff_game.efg", "does not read .efg files yet")):
        code, out, err = run_main(capsys, "solve", str(path))
        assert_one_line_error(code, err, str(path), fragment)
    code, out, err = run_main(capsys, "solve", str(csv_file))
    assert "a model .toml file or a Gambit .nfg file" in err


def test_solve_reads_gambit_files_with_repeated_labels_and_says_so(capsys):
    code, out, err = run_main(capsys, "solve", str(GAMBIT / "2x2_bimatrix_all_zero_payoffs.nfg"))
    assert code == 0
    assert "defect#2" in out
    assert err.strip() == ("warning: " + str(GAMBIT / "2x2_bimatrix_all_zero_payoffs.nfg")
                           + ": Dan has strategies with the same label; read as 'defect' -> 'defect#2'")


# --------------------------------------------------------------------------- sources


def test_sources_lists_every_parameter_and_finds_every_quote():
    result = run("sources", "london-2025")
    assert result.exit_code == 0
    model = load_model("london-2025")
    for name in model.parameters:
        assert name in result.output
    assert "  ✗ " not in result.output
    cited = sum(len(p.sources) for p in model.parameters.values())
    assert result.output.count("  ✓ ") == cited
    assert f"{cited} quotes found, 0 not found" in result.output


def test_sources_json():
    data = json.loads(run("sources", "rare-earth-chicken", "--format", "json").output)
    assert data["model"] == "rare-earth-chicken"
    rows = data["sources"]
    assert {row["parameter"] for row in rows} == set(load_model("rare-earth-chicken").parameters)
    assert all(row["found"] for row in rows if row["file"])


def test_sources_exit_1_when_a_quote_is_missing(tmp_path):
    good = standalone_chicken()
    path = tmp_path / "misquoted.toml"
    path.write_text(good.replace("over 90% of the processing capacity", "over 99% of the processing capacity"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", str(path)])
    assert result.exit_code == 1
    assert "  ✗ " in result.output and "over 99% of the processing capacity" in result.output
    assert "1 not found" in result.output

