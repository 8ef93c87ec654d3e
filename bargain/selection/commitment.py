"""Commitment readings of a two-player game: what happens when one side moves first.

The leader commits to a pure action, the follower sees it and best-responds,
and the leader, foreseeing that, picks the action that serves it best: the
subgame-perfect outcome of the game played in sequence (von Stackelberg). When
the follower is indifferent between replies the outcome can depend on which one
it takes; both readings are reported, the follower breaking ties in the
leader's favour and against it.
"""

from __future__ import annotations

import numpy as np

from ._deps import SelectionError
from .problem import Problem, as_problem, pure_profile
from .result import Selection, fmt

COMMITMENT = "commitment"


def _reading(problem: Problem, leader: int, favour: bool) -> dict:
    """One leader's subgame-perfect outcome with ties broken for (``favour``) or against it."""
    follower = 1 - leader
    UL = problem.payoffs[leader] if leader == 0 else problem.payoffs[leader].T
    UF = problem.payoffs[follower] if leader == 0 else problem.payoffs[follower].T
    tol = 1e-9 * problem.scale
    replies, values = [], []
    for a in range(UL.shape[0]):
        best = np.nonzero(UF[a] >= UF[a].max() - tol)[0]
        pick = best[np.argmax(UL[a, best])] if favour else best[np.argmin(UL[a, best])]
        replies.append((a, [int(b) for b in best], int(pick)))
        values.append(UL[a, pick])
    values = np.array(values)
    top = [int(a) for a in np.nonzero(values >= values.max() - tol)[0]]
    outcomes = [(a, replies[a][2]) if leader == 0 else (replies[a][2], a) for a in top]
    return {"actions": outcomes[0], "all": outcomes, "leader_actions": top, "replies": replies, "values": values}


def _outcome(problem: Problem, actions) -> dict:
    profile = pure_profile(problem.shape, actions)
    return {
        "outcome": problem.describe(profile),
        "payoffs": dict(zip(problem.players, problem.payoff_of(profile), strict=True)),
        "equilibrium_index": problem.match(profile),
    }


def commitment_readings(source) -> list[dict]:
    """Each player's move-first outcome, with the follower's ties broken both ways.

    Returns
    -------
    list of dict
        One per leader: ``leader``, ``follower``, ``favourable`` and ``adverse``
        (each ``{"outcome", "payoffs", "equilibrium_index"}``; the index is null when
        the outcome is no Nash equilibrium of the simultaneous game), ``tie_matters``,
        ``leader_ties`` (leader actions that do equally well, by label) and
        ``replies``: per leader action its label, the follower's best replies, the
        reply under each tie-break and the leader's payoff under each.

    Examples
    --------
    >>> from bargain import Game
    >>> battle = Game([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Ann", "Bob"),
    ...               actions=(["opera", "match"], ["opera", "match"]))
    >>> [(r["leader"], r["favourable"]["outcome"]) for r in commitment_readings(battle)]
    [('Ann', 'opera / opera'), ('Bob', 'match / match')]
    """
    problem = as_problem(source)
    if problem.n != 2:
        raise SelectionError("commitment readings are defined for two-player games")
    out = []
    for leader in (0, 1):
        follower = 1 - leader
        good, bad = _reading(problem, leader, True), _reading(problem, leader, False)
        replies = []
        for (a, best, pick_good), (_, _, pick_bad) in zip(good["replies"], bad["replies"], strict=True):
            replies.append({
                "action": problem.actions[leader][a],
                "best_replies": [problem.actions[follower][b] for b in best],
                "reply_favourable": problem.actions[follower][pick_good],
                "reply_adverse": problem.actions[follower][pick_bad],
                "leader_payoff_favourable": float(good["values"][a]),
                "leader_payoff_adverse": float(bad["values"][a]),
            })
        out.append({
            "leader": problem.players[leader],
            "follower": problem.players[follower],
            "favourable": _outcome(problem, good["actions"]),
            "adverse": _outcome(problem, bad["actions"]),
            "tie_matters": good["actions"] != bad["actions"],
            "leader_ties": [problem.actions[leader][a] for a in good["leader_actions"]],
            "replies": replies,
            "_actions": tuple(good["all"]) + tuple(bad["all"]),
        })
    return out


def commitment(source) -> Selection:
    """The outcome when either side moves first, if the two orders agree.

    Each player in turn commits to a pure action and the other best-responds
    (ties broken for the leader and against it). The pick is the outcome every
    one of these readings gives; otherwise nothing is picked and the reason
    lists them. The outcome need not be a Nash equilibrium of the simultaneous
    game; ``index`` says whether it is.

    Details
    -------
    ``readings``: as :func:`commitment_readings`; ``agree``: whether all readings
    give one outcome.

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> s = commitment(stag)
    >>> s.label, s.index
    ('stag / stag', 0)
    """
    problem = as_problem(source)
    if problem.n != 2:
        return Selection(COMMITMENT, None, None, "commitment readings are defined here for two-player games only",
                         {"readings": [], "agree": False}, problem)
    readings = commitment_readings(problem)
    outcomes = {actions for r in readings for actions in r.pop("_actions")}
    details = {"readings": readings, "agree": len(outcomes) == 1}
    parts = []
    for r in readings:
        text = f"{r['leader']} first: {r['favourable']['outcome']}"
        if len(r["leader_ties"]) > 1:
            text += f" (or {', '.join(r['leader_ties'][1:])}, which serve {r['leader']} equally)"
        if r["tie_matters"]:
            text += f" ({r['adverse']['outcome']} if {r['follower']} breaks its tie against {r['leader']})"
        lp = r["favourable"]["payoffs"][r["leader"]]
        text += f", {r['leader']} gets {fmt(lp)}"
        parts.append(text)
    if len(outcomes) == 1:
        actions = outcomes.pop()
        profile = pure_profile(problem.shape, actions)
        index = problem.match(profile)
        note = "" if index is not None else "; it is not a Nash equilibrium of the simultaneous game"
        reason = f"whichever side moves first, the outcome is {problem.describe(profile)} ({'; '.join(parts)}){note}"
        return Selection(COMMITMENT, profile, index, reason, details, problem)
    reason = f"the outcome depends on who moves first: {'; '.join(parts)}"
    return Selection(COMMITMENT, None, None, reason, details, problem)
