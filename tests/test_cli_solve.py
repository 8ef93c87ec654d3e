"""The `bargain solve` command on .nfg files: formats, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from bargain.cli import cli

BOS = 'NFG 1 R "battle" { "US" "China" } { { "ease" "hold" } { "restore" "withhold" } }\n\n3 2 0 0 0 0 2 3\n'


@pytest.fixture
def nfg(tmp_path):
    path = tmp_path / "bos.nfg"
    path.write_text(BOS)
    return path


def run(*args):
    """Run the real console entry point in a subprocess: exit code, stdout, stderr."""
    done = subprocess.run([sys.executable, "-m", "bargain.cli", *map(str, args)], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def test_table_lists_every_equilibrium(nfg):
    result = CliRunner().invoke(cli, ["solve", str(nfg)])
    assert result.exit_code == 0
    assert "3 equilibria" in result.output and "ease 0.6, hold 0.4" in result.output


def test_json_follows_the_contract(nfg):
    result = CliRunner().invoke(cli, ["solve", str(nfg), "--format", "json"])
    data = json.loads(result.output)
    assert data["players"] == ["US", "China"]
    assert data["actions"] == {"US": ["ease", "hold"], "China": ["restore", "withhold"]}
    assert data["degenerate"] is False and data["complete"] is True
    assert len(data["equilibria"]) == 3
    mixed = [e for e in data["equilibria"] if not e["pure"]][0]
    assert mixed["strategies"]["US"] == {"ease": 0.6, "hold": 0.4}
    assert mixed["payoffs"] == {"US": 1.2, "China": 1.2}
    assert data["components"] == [[0], [1], [2]]


def test_exact_json_prints_fractions(nfg):
    data = json.loads(CliRunner().invoke(cli, ["solve", str(nfg), "--exact", "--format", "json"]).output)
    mixed = [e for e in data["equilibria"] if not e["pure"]][0]
    assert mixed["strategies"]["China"] == {"restore": "2/5", "withhold": "3/5"}
    assert data["exact"] is True


def test_csv_has_one_row_per_action(nfg):
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["solve", str(nfg), "--format", "csv"]).output)))
    assert len(rows) == 3 * 4
    assert {r["player"] for r in rows} == {"US", "China"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["solve", "missing.nfg"], "missing.nfg: file not found"),
        (["solve", "{nfg}", "--method", "magic"], "unknown method 'magic'"),
        (["solve", "{bad}"], "line 4: malformed number 'zero'"),
        (["solve", "{nfg}", "--format", "xml"], "'xml' is not one of"),
        (["solve", "{nfg}", "--set", "x=1"], "--set applies to models"),
    ],
)
def test_errors_are_one_line_and_exit_nonzero(tmp_path, nfg, args, expected):
    bad = tmp_path / "bad.nfg"
    bad.write_text(BOS.replace("3 2 0 0 0 0 2 3", "3 2 0 0\n0 zero 2 3"))
    args = [a.format(nfg=nfg, bad=bad) for a in args]
    code, out, err = run(*args)
    assert code != 0
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
