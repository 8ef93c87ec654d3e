"""Every citation of every bundled model must occur verbatim in the article it cites."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargain.model import bundled_dir, bundled_names, load_model
from bargain.model.sources import check_sources, missing_sources, normalise, quote_found, seed_path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_quote_is_found(name):
    model = load_model(name)
    rows = check_sources(model)
    missing = [f"{row.parameter}: {row.file}: {row.quote!r} ({row.problem})" for row in rows if row.found is False]
    assert not missing, "quotes not found:\n" + "\n".join(missing)
    cited = [row for row in rows if row.file is not None]
    assert cited, f"{name} cites nothing"


@pytest.mark.parametrize("name", bundled_names())
def test_rows_cover_every_parameter(name):
    model = load_model(name)
    rows = check_sources(model)
    assert {row.parameter for row in rows} == set(model.parameters)
    for row in rows:
        parameter = model.parameters[row.parameter]
        assert (row.value, row.range, row.unit) == (parameter.value, (parameter.low, parameter.high), parameter.unit)
        if row.file is None:
            assert row.found is None and parameter.assumption


def test_bundled_seeds_are_the_repository_seeds():
    assert sorted(p.name for p in bundled_dir("seeds").glob("*.txt")) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_london_cites_all_five_articles():
    files = {c.file for p in load_model("london-2025").parameters.values() for c in p.sources}
    assert files == {p.name for p in SEEDS.glob("*.txt")}


def write_model(tmp_path: Path, quote: str, file: str = "000_1011f9ae8b1619ee.txt") -> Path:
    text = f'''
name = "quoting"
title = "t"
date = "2025-06-09"
description = "d"
units = "points"
sign_convention = "higher is better"
players = [ {{ name = "A", actions = ["x"] }}, {{ name = "B", actions = ["y"] }} ]
[parameters.p]
value = 0.7
range = [0.6, 0.9]
unit = "share"
description = "p"
sources = [ {{ file = "{file}", quote = {quote!r} }} ]
[[terms]]
name = "t"
player = "A"
expression = "p"
'''
    path = tmp_path / "quoting.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_quote_is_reported_not_found(tmp_path):
    model = load_model(write_model(tmp_path, "China controls 75% of global rare earth supply"))
    [row] = check_sources(model)
    assert row.found is False and row.problem == "quote does not occur in the file"
    assert missing_sources(model) == [row]


def test_right_quote_in_a_user_model_is_found(tmp_path):
    model = load_model(write_model(tmp_path, "China controls 70% of global rare earth supply"))
    [row] = check_sources(model)
    assert row.found is True and row.problem is None


def test_missing_article_is_reported(tmp_path):
    model = load_model(write_model(tmp_path, "anything", file="no-such-article.txt"))
    [row] = check_sources(model)
    assert row.found is False and "not found" in row.problem


def test_article_beside_the_model_is_used(tmp_path):
    (tmp_path / "mine.txt").write_text("A sentence of my own, with “curly” quotes.", encoding="utf-8")
    model = load_model(write_model(tmp_path, 'with "curly" quotes', file="mine.txt"))
    assert seed_path(model, "mine.txt") == tmp_path / "mine.txt"
    assert check_sources(model)[0].found is True


def test_normalisation_forgives_typography_and_spacing_only():
    text = "China’s export growth slowed—to a “three-month”\n   low"
    assert quote_found("China's export growth slowed-to a \"three-month\" low", text)
    assert quote_found("China’s  export", text)
    assert not quote_found("china's export", text)  # case matters
    assert not quote_found("Chinas export", text)  # punctuation matters
    assert not quote_found("China's exports", text)  # words matter
    assert not quote_found("", text)
    assert normalise("a\u00a0\u2013 b") == "a - b"
