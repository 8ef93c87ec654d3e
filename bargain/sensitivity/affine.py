"""Payoffs of a model at many parameter values at once, read from its payoff expressions.

:func:`affine_in` tells when every payoff is affine in a parameter (then two
games span the whole sweep); :func:`vector_payoffs` evaluates the payoff terms
on arrays of values. Both only speed a sweep up: whenever they cannot answer,
the caller builds the games one by one with the model itself.
"""

from __future__ import annotations

import numpy as np

from .vectorised import Unsupported, evaluate, unwrap


def affine_in(model, name: str) -> bool:
    """True when every payoff of ``model`` is affine in the parameter ``name``.

    Decided from the model's payoff expressions (a :class:`bargain.model.Model`
    or a :class:`bargain.sensitivity.held.Held` wrapping one): sums, differences,
    products with at most one factor involving ``name``, and division by
    expressions free of it. Anything else (conditionals, ``min``/``max``,
    powers) involving ``name`` is not treated as affine.

    >>> from bargain.model import load_model
    >>> affine_in(load_model("london-2025"), "us_shortage_cost"), affine_in(load_model("london-2025"), "china_share")
    (True, False)
    """
    inner = getattr(model, "model", model)
    terms = getattr(inner, "payoff_terms", None)
    if terms is None:
        return False
    for node in getattr(inner, "nodes", {}).values():  # a tree: chance probabilities multiply payoffs
        for expression in getattr(node, "probabilities", None) or ():
            if name in getattr(expression, "names", {name}):
                return False
    for term in terms:
        expression = getattr(term, "expression", None)
        tree = getattr(expression, "tree", None)
        if tree is None:
            return False
        if name in getattr(expression, "names", {name}) and _degree(tree.body, name) is None:
            return False
    return True


def _degree(node, name: str) -> int | None:
    """Polynomial degree of an expression tree in ``name`` when at most 1, else None."""
    import ast

    if isinstance(node, ast.Constant):
        return 0
    if isinstance(node, ast.Name):
        return 1 if node.id == name else 0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        return _degree(node.operand, name)
    if isinstance(node, ast.BinOp):
        left, right = _degree(node.left, name), _degree(node.right, name)
        if left is None or right is None:
            return None
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return max(left, right)
        if isinstance(node.op, ast.Mult):
            return left + right if left + right <= 1 else None
        if isinstance(node.op, ast.Div):
            return left if right == 0 else None
        if isinstance(node.op, ast.Pow):
            return 0 if left == 0 and right == 0 else None
        return None
    children = list(ast.iter_child_nodes(node))
    if all(_degree(child, name) == 0 for child in children if isinstance(child, ast.expr)):
        return 0
    return None


# ---------------------------------------------------------------------------- many parameter values at once


def vector_payoffs(model, names, points) -> tuple[np.ndarray, np.ndarray] | None:
    """Both payoff matrices at many parameter points at once, from the model's payoff terms.

    Each term's expression is evaluated once with arrays of values (same
    arithmetic as :mod:`bargain.model.expr`, lane by lane). Returns arrays of shape
    (points, m, n), or None when the model is not built of terms, an expression
    uses something this evaluator does not handle, a payoff is not finite, or
    a spot check against ``model.game`` at the first and last point fails --
    then the caller builds the games one by one and gets the model's own errors.
    """
    from bargain.equilibria.verify import payoff_scale

    from .held import game_at

    inner, held = unwrap(model)
    terms = getattr(inner, "payoff_terms", None)
    if terms is None or not points or getattr(inner, "kind", "matrix") != "matrix" or len(inner.players) != 2:
        return None  # two payoff matrices only: other games are built one by one
    try:
        base = inner.values(**held)
    except Exception:  # noqa: BLE001 - any failure here means: take the slow, well-checked path
        return None
    stacked = _tree_stack(model, names, points) if callable(getattr(inner, "histories", None)) else \
        _matrix_stack(inner, terms, base, names, points)
    if stacked is None:
        return None
    A, B = stacked
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        return None
    for k in {0, len(points) - 1}:
        game = game_at(model, dict(zip(names, points[k], strict=True)))
        scale = payoff_scale(game)
        if not (np.allclose(A[k], game.A, rtol=0, atol=1e-12 * scale)
                and np.allclose(B[k], game.B, rtol=0, atol=1e-12 * scale)):
            return None
    return A, B


def _matrix_stack(inner, terms, base, names, points):
    """The payoff matrices of a matrix model at every point, from its terms; None when unreadable."""
    columns = np.array(points, dtype=float).reshape(len(points), len(names))
    env = dict(base) | {name: columns[:, k] for k, name in enumerate(names)}
    try:
        m, n = len(inner.actions[0]), len(inner.actions[1])
        A, B = np.zeros((len(points), m, n)), np.zeros((len(points), m, n))
        rows = {a: i for i, a in enumerate(inner.actions[0])}
        cols = {a: j for j, a in enumerate(inner.actions[1])}
        with np.errstate(all="ignore"):
            for term in terms:
                value = np.broadcast_to(evaluate(term.expression.tree.body, env), (len(points),))
                target = A if term.player == inner.players[0] else B
                for r in term.rows:
                    for c in term.cols:
                        target[:, rows[r], cols[c]] += value
    except (Unsupported, AttributeError, KeyError, TypeError):
        return None
    return A, B


def _tree_stack(model, names, points):
    """The reduced normal form of a tree model at every point (see :mod:`~bargain.sensitivity.trees`)."""
    from .trees import vector_normal_form

    return vector_normal_form(model, names, points)
