"""The safe expression evaluator: what it computes and everything it refuses."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.errors import ModelError
from bargain.model.expr import MAX_DEPTH, MAX_LENGTH, ExpressionError, evaluate, parse_expression

VALUES = {"a": 2.0, "b": 0.5, "s": 0.9}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a + b", 2.5),
        ("a - b * 2", 1.0),
        ("(a - b) * 2", 3.0),
        ("a / 4", 0.5),
        ("a ** 3", 8.0),
        ("-a", -2.0),
        ("+b", 0.5),
        ("--a", 2.0),
        ("2 ** -1", 0.5),
        ("min(a, b, 1)", 0.5),
        ("max(a, b)", 2.0),
        ("abs(b - a)", 1.5),
        ("1 if s > 0.5 else 0", 1.0),
        ("1 if s > 0.95 else 0", 0.0),
        ("a > b", 1.0),
        ("0 < b < 1", 1.0),
        ("0 < a < 1", 0.0),
        ("a == 2", 1.0),
        ("a != 2", 0.0),
        ("s >= 0.9 and a <= 2", 1.0),
        ("s > 1 or b > 1", 0.0),
        ("not (a > b)", 0.0),
        ("1e-3 * a", 0.002),
        ("3", 3.0),
    ],
)
def test_arithmetic(text, expected):
    result = evaluate(text, VALUES)
    assert isinstance(result, float)
    assert result == pytest.approx(expected)


def test_names_are_collected_and_functions_are_not_names():
    expression = parse_expression("max(a, b) * s", names=VALUES)
    assert expression.names == {"a", "b", "s"}


def test_parsed_expression_is_reusable():
    expression = parse_expression("a * s", names=["a", "s"])
    assert expression({"a": 1, "s": 2}) == 2.0
    assert expression({"a": 3, "s": 2}) == 6.0


def test_errors_belong_to_the_model_error_family():
    with pytest.raises(ModelError):
        evaluate("a +", VALUES)


def test_unknown_name_is_named():
    with pytest.raises(ExpressionError, match="unknown name 'zeta'"):
        parse_expression("a * zeta", names=["a"])


@pytest.mark.parametrize(
    "text, message",
    [
        ("__import__('os')", "only min, max and abs"),
        ("__import__('os').system('true')", "not allowed|only min"),
        ("a.real", "Attribute is not allowed"),
        ("().__class__", "not allowed"),
        ("open('x')", "only min, max and abs"),
        ("eval('1')", "only min, max and abs"),
        ("a[0]", "Subscript is not allowed"),
        ("lambda: 1", "Lambda is not allowed"),
        ("'text'", "only numbers"),
        ("b'x'", "only numbers"),
        ("True", "only numbers"),
        ("None", "only numbers"),
        ("1j", "only numbers"),
        ("[1, 2]", "List is not allowed"),
        ("{1: 2}", "Dict is not allowed"),
        ("(1, 2)", "Tuple is not allowed"),
        ("[x for x in a]", "not allowed"),
        ("a := 1", "invalid syntax|not allowed"),
        ("f'{a}'", "not allowed"),
        ("a // 2", "FloorDiv is not allowed"),
        ("a % 2", "Mod is not allowed"),
        ("a << 2", "LShift is not allowed"),
        ("a in b", "In is not allowed"),
        ("a is b", "Is is not allowed"),
        ("max(*a)", "positional"),
        ("max(a, key=b)", "positional"),
        ("max()", "positional"),
        ("abs(a, b)", "one argument"),
        ("(min or max)(a)", "only min, max and abs"),
        ("a = 1", "invalid syntax"),
        ("import os", "invalid syntax"),
        ("a +", "invalid syntax"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_refused(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text, names=VALUES)


def test_non_string_is_refused():
    with pytest.raises(ExpressionError, match="must be a string"):
        parse_expression(12, names=VALUES)


@pytest.mark.parametrize("text", ["9**9**9", "10 ** 10000", "a ** 1e9", "(9**9)**(9**9)"])
def test_huge_powers_are_refused(text):
    with pytest.raises(ExpressionError, match="exponent|overflow|finite"):
        evaluate(text, VALUES)


def test_large_but_finite_power_is_fine():
    assert evaluate("2 ** 1000", {}) == 2.0**1000


@pytest.mark.parametrize("text", ["1e308 * 10", "1e308 + 1e308", "-1e308 * 10", "2 ** 999 * 2 ** 999"])
def test_overflow_is_refused(text):
    with pytest.raises(ExpressionError, match="not a finite number"):
        evaluate(text, {})


def test_infinite_literal_is_refused():
    with pytest.raises(ExpressionError, match="not finite"):
        parse_expression("1e999")


@pytest.mark.parametrize("text", ["1 / 0", "a / (b - b)", "0 ** -1", "1 / (s - 0.9)"])
def test_division_by_zero(text):
    with pytest.raises(ExpressionError, match="division by zero"):
        evaluate(text, VALUES)


def test_negative_number_to_fractional_power():
    with pytest.raises(ExpressionError, match="fractional power"):
        evaluate("(-8) ** (1 / 3)", {})


def test_nan_parameter_value_is_refused():
    with pytest.raises(ExpressionError, match="finite"):
        evaluate("a * 1", {"a": math.nan})


def test_missing_value_at_evaluation():
    expression = parse_expression("a * q")
    with pytest.raises(ExpressionError, match="no value for parameter 'q'"):
        expression({"a": 1.0})


def test_too_long_is_refused_before_parsing():
    text = "a + " * (MAX_LENGTH // 4) + "a"
    with pytest.raises(ExpressionError, match="characters long"):
        parse_expression(text, names=VALUES)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000 + "1" + ")" * 10_000,
        "-" * 10_000 + "1",
        "+".join(["1"] * 10_000),
        "max(" * 10_000 + "1" + ")" * 10_000,
    ],
)
def test_ten_thousand_deep_is_refused(text):
    with pytest.raises(ExpressionError):
        parse_expression(text, names=VALUES)


@pytest.mark.parametrize(
    "text",
    ["(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "-" * (MAX_DEPTH + 5) + "1", "+".join(["a"] * 200)],
)
def test_deep_but_short_is_refused(text):
    assert len(text) <= MAX_LENGTH
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression(text, names=VALUES)


def test_moderate_nesting_is_fine():
    text = "(" * 20 + "a" + ")" * 20
    assert evaluate(text, VALUES) == 2.0


@settings(deadline=None)
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
def test_matches_python_arithmetic(x, y):
    values = {"x": x, "y": y}
    assert evaluate("x + y * 2 - x * y", values) == pytest.approx(x + y * 2 - x * y)
    assert evaluate("max(x, y) - min(x, y)", values) == pytest.approx(abs(x - y))
    assert evaluate("x if x > y else y", values) == max(x, y)
