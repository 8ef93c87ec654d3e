"""Game trees at many parameter points at once: leaf payoffs, backward induction, the normal form.

Every payoff term of a :class:`bargain.model.SequentialModel` is evaluated
once on arrays of values (:mod:`~bargain.sensitivity.vectorised`), which gives
each leaf's payoffs at every point. From them:

* :func:`vector_paths` runs backward induction on the arrays (one ``argmax``
  per decision node) and reads each point's subgame-perfect path, behind
  :func:`solve_paths`, the entry point;
* :func:`vector_normal_form` fills the reduced normal form of every point
  (for the equilibria of a tree model's strategic form).

Both only speed things up: they answer ``None`` for a point (or for all of
them) whenever they cannot be sure, and the caller then solves it the slow,
exact way. Both are spot-checked against the model itself at the first and
last point.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .held import model_name
from .options import SensitivityError, SolveOptions, resolve
from .paths import PathSignature, is_tree, path_at
from .progress import progress_bar
from .vectorised import Unsupported, evaluate, unwrap

#: A choice whose best and second-best moves differ by at most this (relative to the payoff scale) is
#: re-solved exactly at that point.
TIE_MARGIN = 1e-9 * 1e3


def leaf_payoffs(model, names: Sequence[str], points: Sequence[Sequence[float]]):
    """``(inner model, {leaf: array (points, 2)}, env)`` for a tree model, or None when it cannot be read.

    ``env`` holds every parameter's value (arrays for ``names``); the leaf
    arrays are the sum of the payoff terms that apply at each leaf.
    """
    inner, held = unwrap(model)
    if not (callable(getattr(inner, "histories", None)) and getattr(inner, "payoff_terms", None) is not None):
        return None
    try:
        base = inner.values(**held)
        histories = inner.histories()
        n = len(points)
        columns = np.array(points, dtype=float).reshape(n, len(names))
        env = dict(base) | {name: columns[:, k] for k, name in enumerate(names)}
        payoffs = {leaf: np.zeros((n, 2)) for leaf in histories}
        with np.errstate(all="ignore"):
            for term in inner.payoff_terms:
                value = np.broadcast_to(evaluate(term.expression.tree.body, env), (n,))
                k = inner.players.index(term.player)
                for leaf, history in histories.items():
                    if term.applies(history):
                        payoffs[leaf][:, k] += value
    except (Unsupported, AttributeError, KeyError, TypeError, ValueError):
        return None
    if not all(np.isfinite(v).all() for v in payoffs.values()):
        return None
    return inner, payoffs, env


def vector_paths(model, names: Sequence[str], points: Sequence[Sequence[float]]) -> list | None:
    """The :class:`~bargain.sensitivity.paths.PathSignature` at each point, ``None`` where unsure.

    Returns None altogether when the model cannot be read this way or the spot
    check fails.
    """
    if not points:
        return []
    read = leaf_payoffs(model, names, points)
    if read is None:
        return None
    inner, payoffs, env = read
    n = len(points)
    scale = np.maximum(1.0, np.max([np.abs(v).max(axis=1) for v in payoffs.values()], axis=0))
    choices: dict[str, np.ndarray] = {}
    positive: dict[str, np.ndarray] = {}
    unsure = np.zeros(n, dtype=bool)
    try:
        with np.errstate(all="ignore"):
            _induce(inner, inner.root, payoffs, env, scale, choices, positive, unsure)
    except (Unsupported, AttributeError, KeyError, TypeError, ValueError):
        return None
    keys = np.column_stack([choices[k] for k in sorted(choices)] + [positive[k] for k in sorted(positive)]
                           or [np.zeros(n, dtype=int)]).astype(np.int64)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    signatures = []
    for row in unique:
        at = dict(zip(sorted(choices), row[:len(choices)], strict=True))
        chance = {k: row[len(choices) + j] for j, k in enumerate(sorted(positive))}
        signatures.append(PathSignature(tuple(inner.players), (_walk(inner, at, chance),)))
    result = [None if unsure[k] else signatures[i] for k, i in enumerate(inverse.reshape(-1))]
    for k in {0, n - 1}:
        if result[k] is not None and result[k] != path_at(model, names, points[k]):
            return None
    return result


def _induce(inner, name: str, payoffs, env, scale, choices, positive, unsure) -> np.ndarray:
    """Values (points, 2) of the subgame at ``name``, recording every decision node's best move."""
    spec = inner.nodes.get(name)
    if spec is None:
        return payoffs[name]
    values = np.stack([_induce(inner, target, payoffs, env, scale, choices, positive, unsure)
                       for _, target in spec.moves], axis=1)
    n = values.shape[0]
    if spec.player is None:
        probabilities = np.column_stack([np.broadcast_to(evaluate(e.tree.body, env), (n,))
                                         for e in spec.probabilities])
        if not np.isfinite(probabilities).all():
            raise ValueError(f"chance probabilities at {name!r} are not finite")
        unsure |= ((probabilities > 0) & (probabilities < 1e-12)).any(axis=1)
        for j in range(len(spec.moves)):
            positive[f"{name}\x00{j}"] = probabilities[:, j] > 0
        return np.einsum("nm,nmk->nk", probabilities, values)
    own = values[:, :, inner.players.index(spec.player)]
    best = own.argmax(axis=1)
    if own.shape[1] > 1:
        ordered = np.sort(own, axis=1)
        unsure |= ordered[:, -1] - ordered[:, -2] <= TIE_MARGIN * scale
    choices[name] = best
    return values[np.arange(n), best]


def _walk(inner, choices, positive) -> tuple:
    """The terminal histories the recorded choices reach (several only across chance moves)."""
    found: list[tuple] = []

    def visit(name: str, history: tuple) -> None:
        spec = inner.nodes.get(name)
        if spec is None:
            found.append(history)
            return
        if spec.player is None:
            for j, (label, target) in enumerate(spec.moves):
                if positive[f"{name}\x00{j}"]:
                    visit(target, (*history, (name, "chance", label)))
            return
        label, target = spec.moves[int(choices[name])]
        visit(target, (*history, (name, spec.player, label)))

    visit(inner.root, ())
    return tuple(found)


def vector_normal_form(model, names: Sequence[str], points: Sequence[Sequence[float]]):
    """Both matrices of the reduced normal form at every point, arrays (points, m, n); or None.

    Only for trees without chance nodes (each pair of reduced strategies then
    reaches one leaf, whatever the parameters); None otherwise, or when the
    model cannot be read this way.
    """
    read = leaf_payoffs(model, names, points)
    if read is None:
        return None
    inner, payoffs, _ = read
    if any(spec.player is None for spec in inner.nodes.values()):
        return None
    try:
        template = inner.tree_at({})
        rows, cols = template.reduced_strategies(0), template.reduced_strategies(1)
        leaf_of = {tuple((s.node, s.move) for s in h): leaf for leaf, h in inner.histories().items()}
        n = len(points)
        A, B = np.zeros((n, len(rows), len(cols))), np.zeros((n, len(rows), len(cols)))
        for i, (_, row_plan) in enumerate(rows):
            for j, (_, col_plan) in enumerate(cols):
                (history, _), = template.outcomes({**row_plan, **col_plan})
                leaf = leaf_of[tuple((s.node, s.move) for s in history)]
                A[:, i, j], B[:, i, j] = payoffs[leaf][:, 0], payoffs[leaf][:, 1]
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return A, B


def solve_paths(
    model,
    names: Sequence[str],
    points: Sequence[Sequence[float]],
    options: SolveOptions | None = None,
    *,
    description: str = "backward induction",
    **keywords,
) -> list[PathSignature]:
    """The subgame-perfect paths of a tree model at each point, in order.

    With ``fast`` (the default) the points are solved together: every leaf
    payoff is evaluated once on arrays of values and backward induction runs
    on the arrays (:func:`vector_paths`);
    a point where a choice on the way is a near tie, and every point when the
    vectorised path cannot read the model, is solved on its own, exactly.
    The work is light, so it runs in this process whatever ``workers`` or
    ``backend`` say; ``progress`` is honoured.

    >>> from bargain.model import load_model
    >>> found = solve_paths(load_model("august-deadline"), ["china_share"], [(0.65,), (0.7,), (0.75,)])
    >>> [s.count for s in found]
    [1, 1, 1]
    """
    options = resolve(options, keywords)
    names, points = tuple(names), [tuple(float(v) for v in p) for p in points]
    if not is_tree(model):
        raise SensitivityError(f"model {model_name(model)!r} is not a game tree: it has no subgame-perfect path")
    results: list[PathSignature] = []
    block = 8192
    with progress_bar(options.progress, len(points), description) as advance:
        for start in range(0, len(points), block):
            chunk = points[start:start + block]
            fast = vector_paths(model, names, chunk) if options.fast else None
            if fast is None:
                fast = [None] * len(chunk)
            results.extend(sig if sig is not None else path_at(model, names, point)
                           for sig, point in zip(fast, chunk, strict=True))
            advance(len(chunk))
    return results


__all__ = ["TIE_MARGIN", "leaf_payoffs", "solve_paths", "vector_normal_form", "vector_paths"]
