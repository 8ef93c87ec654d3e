"""Solve many games of the same shape at once: the hot core of a sweep.

A sweep solves hundreds of small games that differ only in their payoffs. Here
support enumeration runs on all of them together, each support pair as one
batched linear solve over the whole stack, and a certificate of
nondegeneracy is checked at every point from the same solves:

* in a nondegenerate game every equilibrium has supports of equal size and
  is the unique solution of its support pair's indifference equations, so
  enumerating the square support pairs finds all of them;
* a game is degenerate exactly when some strategy with ``k`` actions in its
  support has ``k + 1`` pure best responses; for a support ``I`` and best
  responses ``J + {j}`` that strategy is the one making ``J`` indifferent
  (already solved for the pair ``(I, J)``), so testing ``j`` costs one product.

A point is answered here only when the certificate holds and every candidate
is clearly an equilibrium or clearly not one (probabilities above
:data:`PROBABILITY_MARGIN`, payoff gaps above :data:`PAYOFF_MARGIN` times the
payoff scale). Every other point -- degenerate, near a threshold, or with a
singular support system -- is returned as ``None`` for the caller to hand to
:func:`bargain.solve`, which handles every case. Accepted equilibria are
checked with the verifier's own criterion (regret at most ``tol`` times the
payoff scale) and ordered as :func:`bargain.solve` orders them.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

#: Smallest probability of an action in a support for the fast path to trust it.
PROBABILITY_MARGIN = 1e-5
#: Smallest payoff gap (relative to the payoff scale) for the fast path to trust a best-response comparison.
PAYOFF_MARGIN = 1e-7
#: Largest number of support pairs worth enumerating; bigger games go to the general solver.
MAX_SUPPORT_PAIRS = 2000


def support_pairs(m: int, n: int) -> int:
    """Number of square support pairs of an ``m x n`` game.

    >>> support_pairs(2, 2), support_pairs(3, 3)
    (5, 19)
    """
    from math import comb

    return sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))


def _indifference(M: np.ndarray, scale: np.ndarray):
    """Solve ``M s = w 1, sum(s) = 1`` for every matrix of the stack ``M`` (N, k, k).

    Returns ``(s, w, singular, continuum)``. A singular system has no solution
    (then no strategy on this support makes these actions indifferent) or a
    continuum of them (``continuum``, a degenerate game); either way its ``s``
    is zero.
    """
    N, k, _ = M.shape
    S = np.zeros((N, k + 1, k + 1))
    S[:, :k, :k] = M
    S[:, :k, k] = -1.0
    S[:, k, :k] = 1.0
    det = np.linalg.det(S)
    singular = ~(np.abs(det) > 1e-10 * scale**k)
    rhs = np.zeros((N, k + 1, 1))
    rhs[:, k, 0] = 1.0
    continuum = np.zeros(N, dtype=bool)
    if singular.any():
        T = S[singular]
        z = np.linalg.pinv(T) @ rhs[singular]
        continuum[singular] = np.abs(T @ z - rhs[singular]).max(axis=(1, 2)) <= 1e-8
        S[singular] = np.eye(k + 1)
    z = np.linalg.solve(S, rhs)[:, :, 0]
    z[singular] = 0.0
    return z[:, :k], z[:, k], singular, continuum


def solve_family(A: np.ndarray, B: np.ndarray, tol: float = 1e-9) -> list[tuple | None]:
    """Every equilibrium of each game ``(A[p], B[p])`` of a stack, or None where unsure.

    Parameters
    ----------
    A, B : ndarray of shape (N, m, n)
        Payoffs of the row and the column player in each of ``N`` games.
    tol : float
        The verifier's relative tolerance.

    Returns
    -------
    list
        Per game, a tuple of equilibria ``(row probabilities, column
        probabilities, (payoff row, payoff column), regret, component)`` in the
        order :func:`bargain.solve` gives them; or ``None`` when the game must
        go to :func:`bargain.solve` (see the module docstring).

    Examples
    --------
    >>> A = np.array([[[3.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> [len(r) for r in solve_family(A, A.copy())]
    [3, 3]
    >>> solve_family(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)))  # degenerate: left to the general solver
    [None]
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    N, m, n = A.shape
    if support_pairs(m, n) > MAX_SUPPORT_PAIRS:
        return [None] * N
    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(1, 2)), np.abs(B).max(axis=(1, 2))))
    slack = PAYOFF_MARGIN * scale
    unsure = np.zeros(N, dtype=bool)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (games, row strategies, column strategies)
    for k in range(1, min(m, n) + 1):
        for rows_in in combinations(range(m), k):
            outside_rows = [i for i in range(m) if i not in rows_in]
            for cols_in in combinations(range(n), k):
                outside_cols = [j for j in range(n) if j not in cols_in]
                y, u, bad_y, loose_y = _indifference(A[:, rows_in][:, :, cols_in], scale)
                x, v, bad_x, loose_x = _indifference(np.swapaxes(B[:, rows_in][:, :, cols_in], 1, 2), scale)
                unsure |= loose_x | loose_y
                Ay = np.einsum("pij,pj->pi", A[:, :, cols_in], y)  # every row's payoff against y
                xB = np.einsum("pi,pij->pj", x, B[:, rows_in, :])  # every column's payoff against x
                _certify(unsure, x, v, xB, cols_in, n, slack, bad_x)
                _certify(unsure, y, u, Ay, rows_in, m, slack, bad_y)
                low = np.minimum(x.min(axis=1), y.min(axis=1))
                row_gap = (Ay[:, outside_rows].max(axis=1) - u) if outside_rows else np.full(N, -np.inf)
                col_gap = (xB[:, outside_cols].max(axis=1) - v) if outside_cols else np.full(N, -np.inf)
                clearly_in = (low > PROBABILITY_MARGIN) & (row_gap < -slack) & (col_gap < -slack)
                clearly_out = (low < -PROBABILITY_MARGIN) | (row_gap > slack) | (col_gap > slack)
                ok = ~(bad_x | bad_y)
                unsure |= ok & ~clearly_in & ~clearly_out
                hits = np.nonzero(ok & clearly_in)[0]
                if hits.size:
                    row, col = np.zeros((hits.size, m)), np.zeros((hits.size, n))
                    row[:, list(rows_in)], col[:, list(cols_in)] = x[hits], y[hits]
                    found.append((hits, row, col))
    return _finish(A, B, found, unsure, tol * scale)


def _certify(unsure, s, w, payoffs, support, size, slack, singular) -> None:
    """Mark games where the strategy ``s`` (making ``support`` indifferent at ``w``) has an extra best response.

    Only responses after the support's last index are tried: each larger set is then tested once.
    """
    if len(support) >= size:
        return
    nonnegative = s.min(axis=1) >= -PROBABILITY_MARGIN
    for j in range(max(support) + 1, size):
        tie = np.abs(payoffs[:, j] - w) <= slack
        rest = [c for c in range(size) if c not in support and c != j]
        best = (payoffs[:, rest].max(axis=1) <= w + slack) if rest else np.ones(len(w), dtype=bool)
        unsure |= tie & nonnegative & best & ~singular


def _finish(A, B, found, unsure, absolute_tol) -> list[tuple | None]:
    """Verify, price and order the equilibria of every game (as the verifier and ``solve`` do)."""
    N = A.shape[0]
    results: list[tuple | None] = [None] * N
    if found:
        games = np.concatenate([f[0] for f in found])
        X = np.concatenate([f[1] for f in found])
        Y = np.concatenate([f[2] for f in found])
    else:
        games, X, Y = np.zeros(0, dtype=int), np.zeros((0, A.shape[1])), np.zeros((0, A.shape[2]))
    X = X / X.sum(axis=1, keepdims=True)
    Y = Y / Y.sum(axis=1, keepdims=True)
    Ay = np.einsum("eij,ej->ei", A[games], Y)
    xB = np.einsum("ei,eij->ej", X, B[games])
    row_value, col_value = (X * Ay).sum(axis=1), (xB * Y).sum(axis=1)
    regret = np.maximum(Ay.max(axis=1) - row_value, xB.max(axis=1) - col_value)
    failed = np.zeros(N, dtype=bool)
    np.logical_or.at(failed, games, ~(regret <= absolute_tol[games]))
    keys = (-np.round(np.hstack([X, Y]), 9)).tolist()
    rows, cols = X.tolist(), Y.tolist()
    payoffs = np.column_stack([row_value, col_value]).tolist()
    regret = np.maximum(regret, 0.0).tolist()
    per_game: list[list[int]] = [[] for _ in range(N)]
    for e, g in enumerate(games.tolist()):
        per_game[g].append(e)
    for g in range(N):
        if unsure[g] or failed[g]:
            continue
        members = sorted(per_game[g], key=keys.__getitem__)
        results[g] = tuple(
            (tuple(rows[e]), tuple(cols[e]), tuple(payoffs[e]), regret[e], k) for k, e in enumerate(members)
        )
    return results


# ---------------------------------------------------------------------------- affine families


def affine_in(model, name: str) -> bool:
    """True when every payoff of ``model`` is affine in the parameter ``name``.

    Decided from the model's payoff expressions (a :class:`bargain.model.Model`
    or a :class:`bargain.sensitivity.Held` wrapping one): sums, differences,
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


class _Unsupported(Exception):
    """An expression this vectorised evaluator does not handle (the caller then builds games one by one)."""


def _unwrap(model):
    """The model underneath holding-wrappers and stand-ins, and the values held on the way down."""
    held: dict = {}
    while getattr(model, "payoff_terms", None) is None and hasattr(model, "model"):
        held = dict(getattr(model, "held", ())) | held
        model = model.model
    return model, held


def vector_payoffs(model, names, points) -> tuple[np.ndarray, np.ndarray] | None:
    """Both payoff matrices at many parameter points at once, from the model's payoff terms.

    Each term's expression is evaluated once with arrays of values (same
    arithmetic as :mod:`bargain.expr`, lane by lane). Returns arrays of shape
    (points, m, n), or None when the model is not built of terms, an expression
    uses something this evaluator does not handle, a payoff is not finite, or
    a spot check against ``model.game`` at the first and last point fails --
    then the caller builds the games one by one and gets the model's own errors.
    """
    import warnings

    inner, held = _unwrap(model)
    terms = getattr(inner, "payoff_terms", None)
    if terms is None or not points or getattr(inner, "kind", "matrix") != "matrix":
        return None
    try:
        from .model import RangeWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RangeWarning)
            base = inner.values(**held)
    except Exception:  # noqa: BLE001 - any failure here means: take the slow, well-checked path
        return None
    columns = np.array(points, dtype=float).reshape(len(points), len(names))
    env = dict(base) | {name: columns[:, k] for k, name in enumerate(names)}
    m, n = len(inner.actions[0]), len(inner.actions[1])
    A, B = np.zeros((len(points), m, n)), np.zeros((len(points), m, n))
    rows = {a: i for i, a in enumerate(inner.actions[0])}
    cols = {a: j for j, a in enumerate(inner.actions[1])}
    try:
        with np.errstate(all="ignore"):
            for term in terms:
                value = np.broadcast_to(_vector_eval(term.expression.tree.body, env), (len(points),))
                target = A if term.player == inner.players[0] else B
                for r in term.rows:
                    for c in term.cols:
                        target[:, rows[r], cols[c]] += value
    except (_Unsupported, AttributeError, KeyError, TypeError):
        return None
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        return None
    for k in {0, len(points) - 1}:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RangeWarning)
            game = model.game(**dict(zip(names, points[k], strict=True)))
        scale = max(1.0, float(np.abs(game.A).max()), float(np.abs(game.B).max()))
        if not (np.allclose(A[k], game.A, rtol=0, atol=1e-12 * scale)
                and np.allclose(B[k], game.B, rtol=0, atol=1e-12 * scale)):
            return None
    return A, B


_VECTOR_BINARY = {"Add": np.add, "Sub": np.subtract, "Mult": np.multiply, "Div": np.divide, "Pow": np.power}
_VECTOR_COMPARE = {"Lt": np.less, "LtE": np.less_equal, "Gt": np.greater, "GtE": np.greater_equal,
                   "Eq": np.equal, "NotEq": np.not_equal}


def _vector_eval(node, env):
    """Evaluate an expression tree with arrays (or floats) as parameter values."""
    import ast

    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op).__name__ in _VECTOR_BINARY:
        left, right = _vector_eval(node.left, env), _vector_eval(node.right, env)
        return _VECTOR_BINARY[type(node.op).__name__](np.asarray(left, float), np.asarray(right, float))
    if isinstance(node, ast.UnaryOp):
        operand = np.asarray(_vector_eval(node.operand, env), float)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return (operand == 0).astype(float)
    if isinstance(node, ast.BoolOp):
        parts = [np.asarray(_vector_eval(v, env), float) != 0 for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        result = parts[0]
        for part in parts[1:]:
            result = combine(result, part)
        return result.astype(float)
    if isinstance(node, ast.Compare):
        left = np.asarray(_vector_eval(node.left, env), float)
        result = np.ones(np.shape(left), dtype=bool)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(op).__name__ not in _VECTOR_COMPARE:
                raise _Unsupported(type(op).__name__)
            right = np.asarray(_vector_eval(comparator, env), float)
            result = result & _VECTOR_COMPARE[type(op).__name__](left, right)
            left = right
        return result.astype(float)
    if isinstance(node, ast.IfExp):
        test = np.asarray(_vector_eval(node.test, env), float) != 0
        return np.where(test, _vector_eval(node.body, env), _vector_eval(node.orelse, env))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        args = [np.asarray(_vector_eval(a, env), float) for a in node.args]
        if node.func.id == "abs" and len(args) == 1:
            return np.abs(args[0])
        if node.func.id in ("min", "max") and len(args) >= 2:
            reduce = np.minimum if node.func.id == "min" else np.maximum
            result = args[0]
            for arg in args[1:]:
                result = reduce(result, arg)
            return result
    raise _Unsupported(type(node).__name__)
