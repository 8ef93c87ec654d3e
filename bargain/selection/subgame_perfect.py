"""The subgame-perfect reading of a game tree, as a selection among the equilibria of its normal form.

A game tree (:class:`~bargain.games.sequential.SequentialGame`) has a reduced
normal form whose Nash equilibria include profiles held together by threats
that would not be carried out. Backward induction keeps the credible one: that
profile, located among the normal form's equilibria, is what this criterion
picks, so it can be set beside the other criteria applied to the same normal
form.
"""

from __future__ import annotations

from .problem import Problem, as_problem, pure_profile
from .result import Selection, fmt, picked, undefined

SUBGAME_PERFECT = "subgame-perfect"


def _profile_of(tree, problem: Problem, equilibrium) -> tuple[int, ...]:
    """The reduced-strategy indices that one subgame-perfect equilibrium plays in ``problem``."""
    indices = []
    for player in range(2):
        plan = tree.reduce(player, equilibrium.choices)
        plans = [dict(p) for _, p in tree.reduced_strategies(player)]
        indices.append(plans.index(plan))
    return tuple(indices)


def _path_text(equilibrium) -> str:
    steps = [f"{step.player} {step.move} ({step.node})" for step in equilibrium.path]
    return ", then ".join(steps) if steps else "no move is made for certain"


def subgame_perfect(tree, problem: Problem | None = None) -> Selection:
    """The subgame-perfect outcome of ``tree``, as a pick among the equilibria of its reduced normal form.

    Parameters
    ----------
    tree : SequentialGame
        A two-player game tree with perfect information.
    problem : Problem, optional
        The reduced normal form with its equilibria (default: built from
        ``tree.to_game()`` and solved). Pass it when the other criteria already
        have it, so that the indices agree.

    Returns
    -------
    Selection
        Criterion ``"subgame-perfect"``. Defined when backward induction gives
        one profile of the normal form; when the owner of a node is indifferent
        and the ways of breaking the tie lead to different profiles, nothing is
        picked and the reason lists them. ``details``: ``path`` (``[player,
        node, move]`` of the first equilibrium's path of play), ``strategies``
        (``{player: {node: move}}``), ``count`` (subgame-perfect equilibria in
        pure strategies), ``ties`` (``[node, player, [moves]]``).

    Examples
    --------
    >>> from bargain.games.sequential import Decision, Leaf, SequentialGame
    >>> tree = SequentialGame(("Entrant", "Incumbent"), Decision("entry", "Entrant", {
    ...     "out": Leaf((0, 2)),
    ...     "in": Decision("response", "Incumbent", {"fight": Leaf((-1, 0)), "accommodate": Leaf((1, 1))})}))
    >>> s = subgame_perfect(tree)
    >>> s.label, s.is_equilibrium
    ('in / accommodate', True)
    >>> s.reason
    'backward induction: Entrant in (entry), then Incumbent accommodate (response); payoffs Entrant 1, Incumbent 1'
    """
    problem = as_problem(tree.to_game()) if problem is None else problem
    result = tree.backward_induction()
    details = {
        "path": [[step.player, step.node, step.move] for step in result.path],
        "strategies": result.strategies,
        "count": len(result),
        "ties": [[tie.node, tie.player, list(tie.moves)] for tie in result.ties],
    }
    profiles = list(dict.fromkeys(_profile_of(tree, problem, e) for e in result))
    if len(profiles) > 1:
        shown = ", ".join(problem.describe(pure_profile(problem.shape, p)) for p in profiles)
        nodes = ", ".join(sorted({tie.node for tie in result.ties}))
        return undefined(SUBGAME_PERFECT, problem,
                         f"ties at {nodes} leave {len(profiles)} subgame-perfect profiles: {shown}", **details)
    profile = pure_profile(problem.shape, profiles[0])
    payoffs = ", ".join(f"{p} {fmt(float(v))}" for p, v in zip(tree.players, result.payoffs, strict=True))
    reason = f"backward induction: {_path_text(result[0])}; payoffs {payoffs}"
    index = problem.match(profile)
    if index is not None:
        return picked(SUBGAME_PERFECT, problem, index, reason, **details)
    # a pure profile of the normal form that the solver does not list (it lists extreme equilibria only)
    return Selection(SUBGAME_PERFECT, profile, None, reason + " (not among the listed equilibria)", details, problem)
