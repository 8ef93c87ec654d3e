"""Shared files: ``include = [...]`` in a model file, its merging rules and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargain.errors import ModelError
from bargain.model import bundled_dir, load_model
from bargain.model.sources import check_sources

HEADER = '''
name = "{name}"
title = "A test game"
date = "2025-06-09"
description = "Two players, two actions each."
units = "points"
sign_convention = "higher is better"
include = {include}

[[players]]
name = "Row"
actions = ["up", "down"]

[[players]]
name = "Col"
actions = ["left", "right"]
'''

FACTS = '''
[parameters.gain]
value = 2.0
range = [1.0, 3.0]
unit = "points"
description = "what coordinating is worth"
assumption = "a round number"

[parameters.unused]
value = 5.0
range = [4.0, 6.0]
unit = "points"
description = "a fact no test model uses"
assumption = "for the test"
'''

TERMS = '''
[[terms]]
name = "coordination"
player = "Row"
expression = "gain"
when = { Row = "up", Col = "left" }

[[terms]]
name = "coordination"
player = "Col"
expression = "gain"
when = { Row = "up", Col = ["left", "right"] }
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_included_parameters_are_merged_and_unused_ones_left_out(tmp_path):
    write(tmp_path, "shared/facts.toml", FACTS)
    path = write(tmp_path, "game.toml", HEADER.format(name="game", include='["shared/facts.toml"]') + TERMS)
    model = load_model(path)
    assert list(model.parameters) == ["gain"]
    assert model.game().payoff("up", "left") == (2.0, 2.0)
    assert model.game(gain=3).payoff("up", "right") == (0.0, 3.0)


def test_a_parameter_defined_twice_names_both_files(tmp_path):
    facts = write(tmp_path, "shared/facts.toml", FACTS)
    own = FACTS.split("[parameters.unused]")[0]
    path = write(tmp_path, "game.toml", HEADER.format(name="game", include='["shared/facts.toml"]') + own + TERMS)
    with pytest.raises(ModelError, match="include") as caught:
        load_model(path)
    message = str(caught.value)
    assert "'gain' is defined in both" in message and str(facts.resolve()) in message and "game.toml" in message


def test_two_shared_files_defining_one_fact_clash(tmp_path):
    write(tmp_path, "a.toml", FACTS)
    write(tmp_path, "b.toml", FACTS)
    path = write(tmp_path, "game.toml", HEADER.format(name="game", include='["a.toml", "b.toml"]') + TERMS)
    with pytest.raises(ModelError, match=r"'gain' is defined in both .*a\.toml and .*b\.toml"):
        load_model(path)


def test_the_same_file_reached_twice_is_not_a_clash(tmp_path):
    write(tmp_path, "shared/facts.toml", FACTS)
    write(tmp_path, "shared/more.toml", 'include = ["facts.toml"]\n')
    path = write(tmp_path, "game.toml",
                 HEADER.format(name="game", include='["shared/facts.toml", "shared/more.toml"]') + TERMS)
    assert list(load_model(path).parameters) == ["gain"]


@pytest.mark.parametrize("include, message", [
    ('"shared/facts.toml"', "must be a list of file names"),
    ('["missing.toml"]', "no such model file"),
    ('["game.toml"]', "includes itself"),
])
def test_bad_includes_are_one_clear_error(tmp_path, include, message):
    write(tmp_path, "shared/facts.toml", FACTS)
    path = write(tmp_path, "game.toml", HEADER.format(name="game", include=include) + TERMS)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_a_missing_include_names_the_including_file_and_field(tmp_path):
    path = write(tmp_path, "game.toml", HEADER.format(name="game", include='["shared/gone.toml"]') + TERMS)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    text = str(caught.value)
    assert "game.toml" in text and "include" in text and "'shared/gone.toml'" in text


def test_a_tree_reuses_matrix_terms(tmp_path):
    """A matrix term's ``when`` table becomes tree moves; a list of actions becomes one term each."""
    write(tmp_path, "shared/facts.toml", FACTS)
    write(tmp_path, "matrix.toml", HEADER.format(name="matrix", include='["shared/facts.toml"]') + TERMS)
    tree = '''
kind = "sequential"
name = "tree"
title = "Row first"
date = "2025-06-09"
description = "The matrix game played in turn."
units = "points"
sign_convention = "higher is better"
players = ["Row", "Col"]
include = ["matrix.toml"]

[tree]
root = "row"

[tree.nodes.row]
player = "Row"
moves = { up = "col_up", down = "col_down" }

[tree.nodes.col_up]
player = "Col"
moves = { left = "up_left", right = "up_right" }

[tree.nodes.col_down]
player = "Col"
moves = { left = "down_left", right = "down_right" }
'''
    model = load_model(write(tmp_path, "tree.toml", tree))
    matrix = load_model(tmp_path / "matrix.toml").game(gain=2.5)
    payoffs = model.payoffs(gain=2.5)
    for row in ("up", "down"):
        for col in ("left", "right"):
            assert payoffs[f"{row}_{col}"] == matrix.payoff(row, col)
def test_bundled_models_share_one_definition_of_each_fact():
    """Every bundled model that uses China's share gets it from the shared facts file, unchanged."""
    shared = (bundled_dir("models") / "shared" / "facts.toml").read_text(encoding="utf-8")
    assert "[parameters.china_share]" in shared
    for path in sorted(bundled_dir("models").glob("*.toml")):
        assert "[parameters.china_share]" not in path.read_text(encoding="utf-8"), path.name
        model = load_model(path)
        share = model.parameters["china_share"]
        assert (share.value, share.low, share.high) == (0.9, 0.85, 0.99)
        assert all(row.found for row in check_sources(model) if row.parameter == "china_share")


def test_bundled_models_share_one_unit():
    for path in sorted(bundled_dir("models").glob("*.toml")):
        assert load_model(path).units.startswith("% of own GDP over the 12 months after the "), path.name


def test_an_installed_wheel_carries_the_shared_files():
    """The wheel maps the whole models folder (subfolders included), not a list of model files."""
    import tomllib

    config = tomllib.loads((bundled_dir("models").parent / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert mapping["models"] == "bargain/_data/models"
    assert (bundled_dir("models") / "shared" / "facts.toml").is_file()
