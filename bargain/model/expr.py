"""A small, safe evaluator for payoff expressions.

Model files write payoffs as arithmetic over their parameters, for example
``"-us_shortage_cost * china_share * (1 - licence_coverage)"``. The text is
parsed with :mod:`ast` and evaluated by walking the tree, accepting only an
allow-list of node types; nothing is ever handed to ``eval``, ``exec`` or
``compile``.

What an expression may contain:

* numbers, parameter names and parentheses;
* ``+ - * / **``, unary ``+`` and ``-``;
* comparisons (``< <= > >= == !=``, chained too), ``and``, ``or``, ``not``;
* the conditional ``a if condition else b``;
* calls to ``min``, ``max`` and ``abs`` (positional arguments only).

Every value is a float; a comparison is ``1.0`` when true and ``0.0`` when false.
Hostile input is refused cheaply: text longer than :data:`MAX_LENGTH`
characters or nested deeper than :data:`MAX_DEPTH` levels, exponents larger
than :data:`MAX_EXPONENT` in magnitude, and any result that is not a finite
float (overflow, ``0/0``, a negative number to a fractional power).

>>> evaluate("2 * a + max(b, 1)", {"a": 1.5, "b": 0.5})
4.0
>>> evaluate("1 if s > 0.5 else 0", {"s": 0.9})
1.0
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bargain.errors import ModelError

#: Longest expression text accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting accepted (brackets, operators and calls all count).
MAX_DEPTH = 64
#: Largest exponent magnitude accepted by ``**``.
MAX_EXPONENT = 1000.0
#: Functions an expression may call.
FUNCTIONS = {"min": min, "max": max, "abs": abs}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: None,  # guarded, see _power
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: lambda x: float(not x)}
_COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Name, ast.Constant, ast.Load, ast.And, ast.Or, *_BINARY, *_UNARY, *_COMPARE,
)


class ExpressionError(ModelError):
    """An expression is malformed, unsafe, or does not evaluate to a finite number."""


@dataclass(frozen=True, eq=False)
class Expression:
    """A parsed, checked expression, ready to evaluate many times.

    Attributes
    ----------
    text : str
        The expression as written.
    names : frozenset of str
        The parameter names it uses.

    >>> e = parse_expression("-cost * share", names=["cost", "share"])
    >>> sorted(e.names), e({"cost": 2.0, "share": 0.5})
    (['cost', 'share'], -1.0)
    """

    text: str
    names: frozenset[str]
    tree: ast.Expression

    def __call__(self, values: Mapping[str, float]) -> float:
        """Evaluate with ``values`` (a mapping of every name in :attr:`names`)."""
        return _finite(_eval(self.tree.body, values), self.text)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def _show(text: str, limit: int = 80) -> str:
    """``text`` quoted for a message, shortened when long."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _tree_depth(tree: ast.AST) -> int:
    """Depth of ``tree``, measured without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH + 2:
            return depth
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _check_node(node: ast.AST, text: str, known: frozenset[str] | None) -> None:
    if not isinstance(node, _ALLOWED):
        raise ExpressionError(f"{type(node).__name__} is not allowed in an expression: {_show(text)}")
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"only numbers may appear as constants, not {node.value!r}: {_show(text)}")
        try:
            number = float(node.value)
        except OverflowError:
            raise ExpressionError(f"number too large in {_show(text)}") from None
        if not math.isfinite(number):
            raise ExpressionError(f"number {node.value!r} is not finite in {_show(text)}")
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise ExpressionError(f"only min, max and abs may be called, in {_show(text)}")
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(f"{node.func.id}() takes plain positional arguments, in {_show(text)}")
        if node.func.id == "abs" and len(node.args) != 1:
            raise ExpressionError(f"abs() takes one argument, in {_show(text)}")
    elif isinstance(node, ast.Name) and known is not None and node.id not in known:
        raise ExpressionError(
            f"unknown name {node.id!r} in {_show(text)}; known parameters: {', '.join(sorted(known)) or '(none)'}"
        )


def parse_expression(text: str, names: Iterable[str] | None = None) -> Expression:
    """Parse and check ``text``; every name it uses must be in ``names`` (when given).

    Parameters
    ----------
    text : str
        The expression.
    names : iterable of str, optional
        The parameter names it may use.

    Returns
    -------
    Expression

    Raises
    ------
    ExpressionError
        When the text is too long or too deep, is not valid syntax, uses a
        construct outside the allow-list, or names an unknown parameter.

    Examples
    --------
    >>> e = parse_expression("a * (1 - b)", names=["a", "b"])
    >>> sorted(e.names), e({"a": 2, "b": 0.25})
    (['a', 'b'], 1.5)
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be a string, got {type(text).__name__} {text!r:.80}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    if not text.strip():
        raise ExpressionError("expression is empty")
    if _bracket_depth(text) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"invalid syntax in {_show(text)}: {error.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(f"expression is nested too deeply or is too large: {_show(text)}") from None
    if _tree_depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
    known = frozenset(names) if names is not None else None
    nodes = list(ast.walk(tree))
    functions = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
    for node in nodes:
        if id(node) not in functions:
            _check_node(node, text, known)
    for node in nodes:
        if isinstance(node, ast.Call):
            _check_node(node, text, None)
    used = {node.id for node in nodes if isinstance(node, ast.Name) and id(node) not in functions}
    return Expression(text=text, names=frozenset(used), tree=tree)


def evaluate(expression: str | Expression, values: Mapping[str, float]) -> float:
    """Evaluate ``expression`` with the parameter ``values``; return a finite float.

    Examples
    --------
    >>> evaluate("-(a ** 2) / b", {"a": 3, "b": 2})
    -4.5
    >>> evaluate("1 / (a - a)", {"a": 1})
    Traceback (most recent call last):
    ...
    bargain.model.expr.ExpressionError: division by zero in '1 / (a - a)'
    """
    parsed = expression if isinstance(expression, Expression) else parse_expression(expression, values)
    return parsed(values)


def _finite(value: float, where: str | ast.AST) -> float:
    """``value`` as a float, or an error naming the (sub)expression ``where``."""
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    text = where if isinstance(where, str) else ast.unparse(where)
    if not isinstance(value, (int, float)):
        raise ExpressionError(f"{_show(text)} does not evaluate to a real number")
    raise ExpressionError(f"{_show(text)} evaluates to {value}, not a finite number")


def _power(base: float, exponent: float, where: ast.AST) -> float:
    """``base ** exponent``, or an error naming the expression ``where`` (written out only then)."""
    if abs(exponent) > MAX_EXPONENT:
        raise ExpressionError(f"exponent {exponent:g} is larger than {MAX_EXPONENT:g} in {_show(ast.unparse(where))}")
    if base == 0 and exponent < 0:
        raise ExpressionError(f"division by zero (0 to a negative power) in {_show(ast.unparse(where))}")
    if base < 0 and not float(exponent).is_integer():
        raise ExpressionError(f"a negative number to a fractional power in {_show(ast.unparse(where))}")
    try:
        return math.pow(base, exponent)
    except OverflowError:
        raise ExpressionError(f"{_show(ast.unparse(where))} overflows (result too large)") from None


def _eval(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        try:
            return float(values[node.id])
        except KeyError:
            raise ExpressionError(f"no value for parameter {node.id!r}") from None
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Pow):
            result = _power(left, right, node)
        elif isinstance(node.op, ast.Div) and right == 0:
            raise ExpressionError(f"division by zero in {ast.unparse(node)!r}")
        else:
            result = _BINARY[type(node.op)](left, right)
        return _finite(result, node)
    if isinstance(node, ast.UnaryOp):
        return float(_UNARY[type(node.op)](_eval(node.operand, values)))
    if isinstance(node, ast.BoolOp):
        results = (_eval(v, values) for v in node.values)
        return float(all(results) if isinstance(node.op, ast.And) else any(results))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return 0.0
            left = right
        return 1.0
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, values) else node.orelse, values)
    if isinstance(node, ast.Call):
        return float(FUNCTIONS[node.func.id](*(_eval(a, values) for a in node.args)))
    raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")
