"""The lint: fixtures with known inert terms and parameters, the bundled models, and `bargain check`."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.model import bundled_dir, load_model, model_from_data
from bargain.model.lint import Finding, lint, quoted_numbers
from bargain.model.sources import check_sources

from .entry_point import run_main
from .oracles import gambit_solve

LINT = Path(__file__).resolve().parent / "data" / "lint"
BUNDLED = sorted(p.stem for p in bundled_dir("models").glob("*.toml"))


def codes(name: str) -> set[tuple[str, str, str]]:
    return {(f.severity, f.code, f.where) for f in lint(load_model(LINT / f"{name}.toml"))}


# --------------------------------------------------------------------------- fixtures with known answers


def test_a_clean_model_has_no_findings():
    assert codes("clean") == set()


def test_a_cited_share_in_a_term_fixed_by_the_other_side_is_an_error():
    # the US shortage depends on China's action only: it adds the same to both US actions
    assert codes("inert_cited") == {
        ("error", "inert-parameter", "parameters.china_share"),
        ("warning", "inert-term", "terms[0]"),
    }


def test_an_assumed_cost_on_every_own_action_is_a_warning():
    # China's tariff loss applies whatever China does: inert term, inert assumption
    assert codes("inert_assumption") == {
        ("warning", "inert-term", "terms[2]"),
        ("warning", "inert-parameter", "parameters.tariff_loss"),
    }


def test_a_parameter_that_never_changes_a_payoff_is_found_numerically():
    # the term applies to one China action, so it is not structurally inert; its value is always 0
    findings = lint(load_model(LINT / "numerically_inert.toml"))
    assert [(f.code, f.where) for f in findings] == [("inert-parameter", "parameters.tariff_loss")]
    assert "numerically inert" in findings[0].message


def test_an_unused_parameter_is_flagged():
    assert codes("unused") == {("warning", "unused-parameter", "parameters.tariff_loss")}


def test_a_cited_number_no_quote_states_is_an_error():
    assert codes("quote_lacks_number") == {("error", "quote-lacks-number", "parameters.china_share")}


def test_in_a_tree_a_term_only_the_first_mover_decides_is_inert_for_the_second():
    assert codes("inert_tree") == {("warning", "inert-term", "terms[0]")}


def test_a_range_that_excludes_the_value_is_an_error():
    import dataclasses

    model = load_model(LINT / "clean.toml")
    share = dataclasses.replace(model.parameters["china_share"], value=0.5)
    broken = dataclasses.replace(model, parameters={"china_share": share})
    assert ("error", "range-excludes-value", "parameters.china_share") in {
        (f.severity, f.code, f.where) for f in lint(broken)
    }


@pytest.mark.parametrize("quote, value", [
    ("over 90% of the processing capacity", 0.9),
    ("fell 34% in May", 0.34),
    ("a 90-day deal", 90),
    ("The final third of that rally", 0.333),
    ("down nearly 18 percent", 0.18),
    ("exports worth 1,200 million", 1200),
])
def test_quoted_numbers_read_decimals_percents_and_fraction_words(quote, value):
    assert any(abs(n - value) <= 0.02 * value for n in quoted_numbers(quote))


def test_quoted_numbers_do_not_invent_numbers():
    assert quoted_numbers("a near-monopoly on rare earth magnets") == []
    assert 0.62 not in quoted_numbers("over 90% of the processing capacity")


# --------------------------------------------------------------------------- the verdicts mean what they say


def _game_with_term(base, rows, cols, value):
    """A 3x3 model: base payoffs as a payoff table, plus one term of the row player worth ``x``."""
    actions = (["a", "b", "c"], ["x", "y", "z"])
    data = {
        "name": "t", "title": "t", "date": "2025-06-09", "description": "t", "units": "u",
        "sign_convention": "s",
        "players": [{"name": "Row", "actions": actions[0]}, {"name": "Col", "actions": actions[1]}],
        "parameters": {"x": {"value": value, "range": [-5.0, 5.0], "unit": "u", "description": "d",
                             "assumption": "test"}},
        "payoffs": [{"profile": [r, c], "values": [str(base[0][i][j]), str(base[1][i][j])]}
                    for i, r in enumerate(actions[0]) for j, c in enumerate(actions[1])],
        "terms": [{"name": "extra", "player": "Row", "expression": "x",
                   "when": {"Row": [actions[0][i] for i in rows], "Col": [actions[1][j] for j in cols]}}],
    }
    return model_from_data(data)


@functools.cache
def _equilibria(A, B):
    return gambit_solve([list(r) for r in A], [list(r) for r in B])[0]


subsets = st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True)
payoffs = st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=3, max_size=3)


@settings(max_examples=40, deadline=None)
@given(payoffs, payoffs, subsets, subsets)
def test_a_term_flagged_inert_never_changes_the_equilibria(A, B, rows, cols):
    """Checked with pygambit's exact enumeration at both ends of the term's range."""
    model = _game_with_term((A, B), rows, cols, 1.0)
    inert = any(f.code == "inert-term" for f in lint(model))
    assert inert == (len(rows) == 3)  # structurally: it applies to every row action, or it does not
    if inert:
        games = [model.game(x=x) for x in (-5.0, 5.0)]
        found = [_equilibria(tuple(map(tuple, g.A.tolist())), tuple(map(tuple, g.B.tolist()))) for g in games]
        assert found[0] == found[1]


def test_a_term_not_flagged_can_change_the_equilibria():
    """A row term on one action, worth enough, makes that action dominant."""
    base = ([[0, 0, 0], [1, 1, 1], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    model = _game_with_term(base, [0], [0, 1, 2], 1.0)
    assert not any(f.code == "inert-term" for f in lint(model))
    low, high = (model.game(x=x) for x in (-5.0, 5.0))
    rows = [{eq[0] for eq in _equilibria(tuple(map(tuple, g.A.tolist())), tuple(map(tuple, g.B.tolist())))}
            for g in (low, high)]
    assert rows[0] != rows[1]


# --------------------------------------------------------------------------- the bundled models


@pytest.mark.parametrize("name", BUNDLED)
def test_no_bundled_model_has_a_lint_error(name):
    """No cited parameter is inert or unused, and every cited number is in its quote."""
    errors = [str(f) for f in lint(load_model(name)) if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_parameter_is_cited_or_an_assumption_with_range_and_reason(name):
    model = load_model(name)
    found = {row.parameter for row in check_sources(model) if row.found}
    for parameter in model.parameters.values():
        assert parameter.low <= parameter.value <= parameter.high
        assert parameter.description.strip()
        if parameter.assumption is None:
            assert parameter.name in found, f"{name}: {parameter.name} has no assumption and no found quote"
        else:
            assert len(parameter.assumption.split()) >= 5, f"{name}: {parameter.name}: give the reason"
    inert = [f.where for f in lint(model) if f.code in ("inert-parameter", "unused-parameter")]
    assert inert == [], f"{name}: parameters that decide nothing: {inert}"


# --------------------------------------------------------------------------- bargain check


def test_check_prints_one_line_per_finding_and_exits_1_on_errors(capsys):
    path = str(LINT / "inert_cited.toml")
    code, out, err = run_main(capsys, "check", path)
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {path}: parameters.china_share: cited parameter 'china_share'")
    assert lines[1].startswith(f"warning: {path}: terms[0]: ")


def test_check_with_warnings_only_ends_ok(capsys):
    path = str(LINT / "inert_assumption.toml")
    code, out, _ = run_main(capsys, "check", path)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert all(line.startswith("warning: ") for line in lines[:2]) and lines[2].startswith(f"ok: {path}")


def test_finding_prints_as_one_line():
    finding = Finding("error", "inert-parameter", "parameters.x", "cannot move an equilibrium")
    assert str(finding) == "error: parameters.x: cannot move an equilibrium"
    assert "\n" not in str(finding)


def test_every_fixture_is_covered():
    tested = {"clean", "inert_cited", "inert_assumption", "numerically_inert", "unused", "quote_lacks_number",
              "inert_tree"}
    assert {p.stem for p in LINT.glob("*.toml")} == tested
