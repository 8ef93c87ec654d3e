"""Payoff expressions evaluated on arrays of parameter values, lane by lane.

The same arithmetic as :mod:`bargain.model.expr`, with numpy arrays in place of
numbers, so that one evaluation of a term gives its value at many parameter
points at once. Anything it does not handle raises :class:`Unsupported`; the
callers then build the games one by one with the model itself.
"""

from __future__ import annotations

import numpy as np


class Unsupported(Exception):
    """An expression this vectorised evaluator does not handle (the caller then builds games one by one)."""


def unwrap(model):
    """The model underneath holding-wrappers and stand-ins, and the values held on the way down."""
    held: dict = {}
    while getattr(model, "payoff_terms", None) is None and hasattr(model, "model"):
        held = dict(getattr(model, "held", ())) | held
        model = model.model
    return model, held


VECTOR_BINARY = {"Add": np.add, "Sub": np.subtract, "Mult": np.multiply, "Div": np.divide, "Pow": np.power}
VECTOR_COMPARE = {"Lt": np.less, "LtE": np.less_equal, "Gt": np.greater, "GtE": np.greater_equal,
                   "Eq": np.equal, "NotEq": np.not_equal}


def evaluate(node, env):
    """Evaluate an expression tree with arrays (or floats) as parameter values."""
    import ast

    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op).__name__ in VECTOR_BINARY:
        left, right = evaluate(node.left, env), evaluate(node.right, env)
        return VECTOR_BINARY[type(node.op).__name__](np.asarray(left, float), np.asarray(right, float))
    if isinstance(node, ast.UnaryOp):
        operand = np.asarray(evaluate(node.operand, env), float)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return (operand == 0).astype(float)
    if isinstance(node, ast.BoolOp):
        parts = [np.asarray(evaluate(v, env), float) != 0 for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        result = parts[0]
        for part in parts[1:]:
            result = combine(result, part)
        return result.astype(float)
    if isinstance(node, ast.Compare):
        left = np.asarray(evaluate(node.left, env), float)
        result = np.ones(np.shape(left), dtype=bool)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(op).__name__ not in VECTOR_COMPARE:
                raise Unsupported(type(op).__name__)
            right = np.asarray(evaluate(comparator, env), float)
            result = result & VECTOR_COMPARE[type(op).__name__](left, right)
            left = right
        return result.astype(float)
    if isinstance(node, ast.IfExp):
        test = np.asarray(evaluate(node.test, env), float) != 0
        return np.where(test, evaluate(node.body, env), evaluate(node.orelse, env))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        args = [np.asarray(evaluate(a, env), float) for a in node.args]
        if node.func.id == "abs" and len(args) == 1:
            return np.abs(args[0])
        if node.func.id in ("min", "max") and len(args) >= 2:
            reduce = np.minimum if node.func.id == "min" else np.maximum
            result = args[0]
            for arg in args[1:]:
                result = reduce(result, arg)
            return result
    raise Unsupported(type(node).__name__)
