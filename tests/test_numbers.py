"""The one number grammar, and the places that read it."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from bargain.cli import cli
from bargain.cli.options import parse_range
from bargain.numbers import NumberError, parse_exact, parse_number


@pytest.mark.parametrize(
    "text, value",
    [("2/3", Fraction(2, 3)), ("0.5", Fraction(1, 2)), ("1e-3", Fraction(1, 1000)), ("-1", Fraction(-1)),
     (" 3 ", Fraction(3)), ("-7/14", Fraction(-1, 2)), ("2.5E2", Fraction(250))],
)
def test_grammar(text, value):
    assert parse_exact(text) == value
    assert parse_number(text) == float(value)


@pytest.mark.parametrize("text, message", [("two", "is not a number"), ("1/0", "is not a number"),
                                           ("", "is not a number"), ("inf", "not a finite number"),
                                           ("nan", "not a finite number"), ("1e999", "not a finite number")])
def test_not_numbers(text, message):
    with pytest.raises(NumberError, match=message):
        parse_number(text)


def test_range_option_reads_fractions():
    assert parse_range("china_share=1/3:1:4") == ("china_share", 1 / 3, 1.0, 4)


def test_from_and_range_accept_fractions_on_the_command_line():
    runner = CliRunner()
    by_from = runner.invoke(cli, ["sweep", "rare-earth-chicken", "-p", "china_share", "--from", "2/3", "--to", "1",
                                  "--steps", "4", "--format", "json"])
    by_range = runner.invoke(cli, ["sweep", "rare-earth-chicken", "-p", "china_share", "--range",
                                   "china_share=2/3:1:4", "--format", "json"])
    assert by_from.exit_code == 0 and by_range.exit_code == 0, by_from.output + by_range.output
    values = json.loads(by_from.stdout)["parameters"][0]["values"]
    assert values[0] == pytest.approx(2 / 3) and values[-1] == 1
    assert json.loads(by_range.stdout)["parameters"] == json.loads(by_from.stdout)["parameters"]


def test_model_file_values_may_be_written_as_fractions(tmp_path):
    from bargain.model import load_model

    text = (Path(__file__).parent / "data" / "stag-hunt.toml").read_text(encoding="utf-8")
    assert "[parameters.s]\nvalue = 5\n" in text
    path = tmp_path / "stag.toml"
    path.write_text(text.replace("[parameters.s]\nvalue = 5\n", '[parameters.s]\nvalue = "15/3"\n', 1),
                    encoding="utf-8")
    assert load_model(path).parameters["s"].value == 5
