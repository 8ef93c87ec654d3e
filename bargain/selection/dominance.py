"""Payoff dominance and risk dominance (Harsanyi and Selten 1988).

Payoff dominance compares the equilibria's payoff vectors. Risk dominance
compares two strict pure equilibria by the product of the players' losses from
deviating unilaterally from each, in the game restricted to the two actions each
player uses in them. For two players that is Harsanyi and Selten's definition;
for more players the same product is the usual generalisation (their own
definition then goes through the tracing procedure from a bicentric prior).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from .problem import Problem, as_problem, pure_equilibria, pure_profile
from .result import Selection, fmt, picked, undefined

PAYOFF = "payoff-dominance"
RISK = "risk-dominance"


def _only_one(criterion: str, problem: Problem) -> Selection | None:
    if len(problem.equilibria) == 0:
        return undefined(criterion, problem, "the game has no equilibria listed to choose among")
    if len(problem.equilibria) == 1:
        return picked(criterion, problem, 0, f"{problem.describe(problem.equilibria[0])} is the only equilibrium")
    return None


def _among(problem: Problem) -> str:
    return "" if problem.complete else " (among the equilibria found, which may not be all)"


def payoff_dominance(source) -> Selection:
    """The equilibrium that gives every player at least as much as every other one.

    Equilibrium ``e`` payoff-dominates ``f`` when no player gets less at ``e`` and
    some player gets more (payoffs equal within ``1e-9`` times the payoff scale
    count as equal). The pick is the equilibrium that dominates every other; when
    there is none, the reason names the undominated ones.

    Details
    -------
    ``payoffs``: per equilibrium, its index, label and payoffs; ``dominates``:
    pairs ``[e, f, kind]`` with kind ``"strict"`` (everyone gains, Harsanyi and
    Selten's sense) or ``"weak"``; ``undominated``: indices no other equilibrium dominates.

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> s = payoff_dominance(stag)
    >>> s.label, s.details["undominated"]
    ('stag / stag', [0])
    """
    problem = as_problem(source)
    trivial = _only_one(PAYOFF, problem)
    if trivial is not None:
        return trivial
    values = np.array([problem.payoff_of(eq) for eq in problem.equilibria])
    tol = 1e-9 * problem.scale
    k = len(values)
    pairs, beats = [], np.zeros((k, k), dtype=bool)
    for e in range(k):
        for f in range(k):
            if e != f and np.all(values[e] >= values[f] - tol) and np.any(values[e] > values[f] + tol):
                beats[e, f] = True
                pairs.append([e, f, "strict" if np.all(values[e] > values[f] + tol) else "weak"])
    undominated = [e for e in range(k) if not beats[:, e].any()]
    details = {
        "payoffs": [
            {
                "equilibrium": e,
                "label": problem.describe(eq),
                "payoffs": dict(zip(problem.players, values[e], strict=True)),
            }
            for e, eq in enumerate(problem.equilibria)
        ],
        "dominates": pairs,
        "undominated": undominated,
    }
    winners = [e for e in range(k) if all(beats[e, f] for f in range(k) if f != e)]
    if winners:
        e = winners[0]
        comparison = "; ".join(
            f"{player} {fmt(values[e, i])} vs {', '.join(fmt(values[f, i]) for f in range(k) if f != e)}"
            for i, player in enumerate(problem.players)
        )
        reason = (
            f"{problem.describe(problem.equilibria[e])} gives no player less and some player more than every "
            f"other equilibrium{_among(problem)}: {comparison}"
        )
        return picked(PAYOFF, problem, e, reason, **details)
    names = ", ".join(problem.describe(problem.equilibria[e]) for e in undominated)
    reason = (
        f"no equilibrium payoff-dominates all the others{_among(problem)}; "
        f"{len(undominated)} are undominated: {names}"
    )
    return undefined(PAYOFF, problem, reason, **details)


def deviation_losses(payoffs, e: tuple[int, ...], f: tuple[int, ...]) -> np.ndarray:
    """What each player loses by switching alone from their action in ``e`` to their action in ``f``.

    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])
    >>> deviation_losses([A, A.T], (0, 0), (1, 1)), deviation_losses([A, A.T], (1, 1), (0, 0))
    (array([1., 1.]), array([3., 3.]))
    """
    out = []
    for i, U in enumerate(payoffs):
        moved = list(e)
        moved[i] = f[i]
        out.append(float(U[tuple(e)] - U[tuple(moved)]))
    return np.array(out)


def _cycle(order: np.ndarray) -> list[int] | None:
    """A directed cycle in the 'risk-dominates' relation, if there is one."""
    k = len(order)
    colour = [0] * k
    stack: list[int] = []

    def visit(u: int) -> list[int] | None:
        colour[u] = 1
        stack.append(u)
        for v in range(k):
            if order[u, v]:
                if colour[v] == 1:
                    return stack[stack.index(v):] + [v]
                if colour[v] == 0:
                    found = visit(v)
                    if found:
                        return found
        stack.pop()
        colour[u] = 2
        return None

    for u in range(k):
        if colour[u] == 0:
            found = visit(u)
            if found:
                return found
    return None


def risk_dominance(source) -> Selection:
    """The strict equilibrium that risk-dominates every other strict equilibrium.

    For each pair of strict pure equilibria ``e`` and ``f``, each player's loss
    from deviating alone from ``e`` towards ``f`` (and back) is computed; ``e``
    risk-dominates ``f`` when the product of the losses at ``e`` is larger
    (relative tolerance ``1e-9``). Mixed and non-strict equilibria are not
    compared: the product is not defined for them. The relation can fail to have
    a top element (ties) or be cyclic with three or more strict equilibria; then
    nothing is picked and the reason says which.

    Details
    -------
    ``method``: what was compared; ``strict``: indices of the strict pure equilibria;
    ``not_compared``: the other equilibria; ``comparisons``: per pair ``{"a", "b",
    "losses_a", "losses_b", "product_a", "product_b", "winner"}`` (winner an index or
    null on a tie); ``cycle``: indices around a cycle, or null.

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> s = risk_dominance(stag)
    >>> s.label, s.details["comparisons"][0]["product_a"], s.details["comparisons"][0]["product_b"]
    ('hare / hare', 1.0, 9.0)
    """
    problem = as_problem(source)
    trivial = _only_one(RISK, problem)
    if trivial is not None:
        return trivial
    strict = []
    for actions, is_strict in pure_equilibria(problem.payoffs):
        if is_strict:
            index = problem.match(pure_profile(problem.shape, actions))
            strict.append((actions, index))
    method = (
        "Nash product of deviation losses (Harsanyi-Selten)"
        if problem.n == 2
        else "Nash product of deviation losses (the n-player generalisation of Harsanyi-Selten's 2-player rule)"
    )
    listed = [i for _, i in strict if i is not None]
    details = {
        "method": method,
        "strict": listed,
        "not_compared": [e for e in range(len(problem.equilibria)) if e not in listed],
        "comparisons": [],
        "cycle": None,
    }
    if len(strict) < 2:
        what = "no strict pure equilibrium" if not strict else "only one strict pure equilibrium"
        reason = f"risk dominance compares strict pure equilibria; the game has {what}"
        return undefined(RISK, problem, reason, **details)
    k = len(strict)
    order = np.zeros((k, k), dtype=bool)
    rows = []
    for a, b in combinations(range(k), 2):
        (ea, ia), (eb, ib) = strict[a], strict[b]
        la, lb = deviation_losses(problem.payoffs, ea, eb), deviation_losses(problem.payoffs, eb, ea)
        pa, pb = float(np.prod(la)), float(np.prod(lb))
        winner = None
        if pa > pb * (1 + 1e-9):
            order[a, b], winner = True, ia
        elif pb > pa * (1 + 1e-9):
            order[b, a], winner = True, ib
        rows.append({
            "a": ia, "b": ib,
            "losses_a": dict(zip(problem.players, la, strict=True)),
            "losses_b": dict(zip(problem.players, lb, strict=True)),
            "product_a": pa, "product_b": pb, "winner": winner,
        })
    details["comparisons"] = rows
    top = [a for a in range(k) if all(order[a, b] for b in range(k) if b != a)]
    if top:
        a = top[0]
        ea, ia = strict[a]
        parts = []
        for (x, y), row in zip(combinations(range(k), 2), rows, strict=True):
            if a not in (x, y):
                continue
            me, them = ("a", "b") if a == x else ("b", "a")
            other = strict[y if a == x else x][0]
            parts.append(
                f"{fmt(row['product_' + me])} vs {fmt(row['product_' + them])} against "
                f"{problem.describe(pure_profile(problem.shape, other))} "
                f"({' x '.join(f'{p} {fmt(v)}' for p, v in row['losses_' + me].items())} vs "
                f"{' x '.join(f'{p} {fmt(v)}' for p, v in row['losses_' + them].items())})"
            )
        label = problem.describe(pure_profile(problem.shape, ea))
        reason = (
            f"{label} risk-dominates every other strict equilibrium: "
            f"Nash product of deviation losses {'; '.join(parts)}"
        )
        if ia is None:
            return Selection(RISK, pure_profile(problem.shape, ea), None, reason, details, problem)
        return picked(RISK, problem, ia, reason, **details)
    cycle = _cycle(order)
    if cycle is not None:
        details["cycle"] = [strict[c][1] for c in cycle]
        names = " > ".join(problem.describe(pure_profile(problem.shape, strict[c][0])) for c in cycle)
        reason = f"risk dominance is cyclic here ({names}), so it picks nothing"
    else:
        reason = "no strict equilibrium risk-dominates all the others (the products tie)"
    return undefined(RISK, problem, reason, **details)
