"""Finite two-player games in extensive form with perfect information.

A :class:`SequentialGame` is a tree. Its inner nodes are :class:`Decision`
nodes, each owned by one of the two players, or :class:`Chance` nodes that pick
a move with given probabilities; its leaves (:class:`Leaf`) carry a payoff pair.
Every decision node has a unique name, so a strategy is simply a move at each of
a player's decision nodes.

Three questions are answered here:

* :meth:`SequentialGame.backward_induction` -- every subgame-perfect equilibrium
  in pure strategies, with the nodes where a player is indifferent (ties are
  reported and every way of breaking them is enumerated, never silently
  resolved);
* :meth:`SequentialGame.to_game` -- the reduced normal form as a
  :class:`~bargain.games.Game`, for :func:`bargain.solve`;
* :meth:`SequentialGame.classify` -- which pure Nash equilibria of that normal
  form are subgame perfect and which rest on threats that would not be carried
  out.

Payoffs and probabilities given as ints, :class:`~fractions.Fraction` or
strings such as ``"1/3"`` stay exact; floats stay floats, and then ties are
judged with a small relative tolerance.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from bargain.errors import SequentialError

from .nodes import (
    CHANCE,
    FLOAT_TOL,
    Chance,
    Decision,
    Leaf,
    Node,
    Number,
    Step,
    Threat,
    Tie,
    children,
    expect,
    walk,
)
from .normal_form import Game
from .subgame import BackwardInduction, SubgamePerfect, Verdict, classify

#: Most pure subgame-perfect profiles :meth:`SequentialGame.backward_induction` will list.
MAX_PROFILES = 10_000
#: Most reduced strategies :meth:`SequentialGame.to_game` will build for one player.
MAX_STRATEGIES = 5_000
#: Label of a move at a node the player's own earlier moves have made unreachable.
IRRELEVANT = "*"



@dataclass(frozen=True, eq=False, init=False)
class SequentialGame:
    """A finite two-player game tree with perfect information.

    Parameters
    ----------
    players : pair of str
        The two player names; every :class:`Decision` names one of them.
    root : Leaf, Decision or Chance
        The first node. Node names (decision, chance and named leaves) must be
        unique across the tree.

    Examples
    --------
    Entry deterrence: the entrant stays out or enters; the incumbent then
    fights or accommodates.

    >>> tree = SequentialGame(("Entrant", "Incumbent"), Decision("entrant", "Entrant", {
    ...     "out": Leaf((0, 2)),
    ...     "in": Decision("incumbent", "Incumbent", {"fight": Leaf((-1, -1)),
    ...                                              "accommodate": Leaf((1, 1))})}))
    >>> spe = tree.backward_induction()
    >>> [(s.node, s.move) for s in spe.path], spe.payoffs
    ([('entrant', 'in'), ('incumbent', 'accommodate')], (Fraction(1, 1), Fraction(1, 1)))
    >>> tree.to_game().actions
    (('out', 'in'), ('fight', 'accommodate'))
    """

    players: tuple[str, str]
    root: Node
    nodes: Mapping[str, Node] = field(repr=False)

    def __init__(self, players: Sequence[str], root: Node):
        names = tuple(players)
        if len(names) != 2:
            raise SequentialError(f"a sequential game needs 2 players, got {len(names)}")
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise SequentialError(f"player name {name!r} must be a non-empty string")
        if names[0] == names[1]:
            raise SequentialError(f"the two players must have different names, both are {names[0]!r}")
        if not isinstance(root, (Leaf, Decision, Chance)):
            raise SequentialError(f"the root must be a Leaf, Decision or Chance node, got {root!r}")
        table: dict[str, Node] = {}
        for node in walk(root):
            if isinstance(node, Decision) and node.player not in names:
                raise SequentialError(
                    f"decision node {node.name!r} belongs to {node.player!r}, who is not one of the "
                    f"players {names[0]!r}, {names[1]!r}"
                )
            name = node.name
            if name is None:
                continue
            if name in table and table[name] is not node:
                raise SequentialError(f"node name {name!r} is used twice in the tree")
            if name in table:
                raise SequentialError(f"node {name!r} appears twice: a tree cannot share subtrees")
            table[name] = node
        object.__setattr__(self, "players", names)
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "nodes", MappingProxyType(table))

    # --- structure -----------------------------------------------------------------

    def decision_nodes(self, player: str | int | None = None) -> tuple[Decision, ...]:
        """The decision nodes (of ``player``, if given), in depth-first order."""
        owner = self._player(player) if player is not None else None
        return tuple(
            node for node in walk(self.root)
            if isinstance(node, Decision) and (owner is None or node.player == owner)
        )

    def node(self, name: str) -> Node:
        """The node called ``name``."""
        try:
            return self.nodes[name]
        except KeyError:
            raise SequentialError(f"the tree has no node {name!r}") from None

    @property
    def exact(self) -> bool:
        """True when every payoff and probability is rational."""
        for node in walk(self.root):
            if isinstance(node, Leaf) and not all(isinstance(v, Fraction) for v in node.payoffs):
                return False
            if isinstance(node, Chance) and not all(isinstance(p, Fraction) for _, p, _ in node.moves):
                return False
        return True

    def _player(self, player: str | int) -> str:
        if isinstance(player, int) and not isinstance(player, bool) and player in (0, 1):
            return self.players[player]
        if player in self.players:
            return player
        raise SequentialError(f"no player {player!r}; the players are {self.players[0]!r}, {self.players[1]!r}")

    def _tolerance(self) -> float:
        if self.exact:
            return 0  # an int keeps Fraction comparisons exact (Fraction - 0.0 would be a float)
        scale = max(
            [1.0] + [abs(float(v)) for n in walk(self.root) if isinstance(n, Leaf) for v in n.payoffs]
        )
        return FLOAT_TOL * scale

    # --- playing a profile -------------------------------------------------------------

    def value(self, choices: Mapping[str, str], node: Node | None = None) -> tuple[Number, Number]:
        """Expected payoffs when play follows ``choices`` (node name -> move) from ``node``.

        ``choices`` must give a move at every decision node play can reach.
        """
        node = self.root if node is None else node
        if isinstance(node, Leaf):
            return node.payoffs
        if isinstance(node, Chance):
            return expect((p, self.value(choices, child)) for _, p, child in node.moves)
        move = choices.get(node.name)
        if move is None or move == IRRELEVANT:
            raise SequentialError(f"no move given at reachable decision node {node.name!r}")
        return self.value(choices, self._child(node, move))

    def outcomes(self, choices: Mapping[str, str]) -> tuple[tuple[tuple[Step, ...], Number], ...]:
        """Every terminal history ``choices`` can produce, with its probability."""
        found: list[tuple[tuple[Step, ...], Number]] = []

        def visit(node: Node, history: tuple[Step, ...], prob: Number) -> None:
            if isinstance(node, Leaf):
                found.append((history, prob))
            elif isinstance(node, Chance):
                for label, p, child in node.moves:
                    if p > 0:
                        visit(child, (*history, Step(node.name, CHANCE, label)), prob * p)
            else:
                move = choices[node.name]
                visit(self._child(node, move), (*history, Step(node.name, node.player, move)), prob)

        visit(self.root, (), Fraction(1))
        return tuple(found)

    def _child(self, node: Decision, move: str) -> Node:
        for label, child in node.moves:
            if label == move:
                return child
        raise SequentialError(f"decision node {node.name!r} has no move {move!r}")

    # --- backward induction -------------------------------------------------------------

    def backward_induction(self) -> BackwardInduction:
        """Every pure subgame-perfect equilibrium, found by backward induction.

        At each decision node the owner picks a move that maximises their
        expected payoff in the subgame. Where several moves do equally well the
        node is recorded in :attr:`BackwardInduction.ties` and each of the tied
        moves starts its own branch of the enumeration, so the result lists
        *all* pure subgame-perfect profiles. They are ordered so that the first
        one breaks every tie in favour of the move listed first at the node.

        Returns
        -------
        BackwardInduction

        Raises
        ------
        SequentialError
            When ties multiply into more than :data:`MAX_PROFILES` profiles.

        Examples
        --------
        >>> tree = SequentialGame(("A", "B"), Decision("a", "A", {
        ...     "left": Decision("b", "B", {"x": Leaf((2, 0)), "y": Leaf((0, 0))}),
        ...     "right": Leaf((1, 1))}))
        >>> result = tree.backward_induction()
        >>> result.ties
        (Tie(node='b', player='B', moves=('x', 'y')),)
        >>> [(spe.strategies["A"]["a"], spe.strategies["B"]["b"]) for spe in result]
        [('left', 'x'), ('right', 'y')]
        """
        tol = self._tolerance()
        ties: dict[tuple[str, tuple[str, ...]], Tie] = {}
        profiles = self._induce(self.root, tol, ties)
        equilibria = tuple(SubgamePerfect(self, MappingProxyType(dict(c)), v) for c, v in profiles)
        return BackwardInduction(self, equilibria, tuple(ties.values()))

    def _induce(self, node: Node, tol: float, ties: dict) -> list[tuple[dict[str, str], tuple]]:
        if isinstance(node, Leaf):
            return [({}, node.payoffs)]
        branches = [self._induce(child, tol, ties) for _, child in children(node)]
        combos = 1
        for branch in branches:
            combos *= len(branch)
        if combos > MAX_PROFILES:
            raise SequentialError(
                f"ties at and below node {node.name!r} give more than {MAX_PROFILES} subgame-perfect "
                "profiles; perturb the payoffs to break them"
            )
        found = []
        for combo in itertools.product(*branches):
            merged: dict[str, str] = {}
            for choices, _ in combo:
                merged.update(choices)
            values = [v for _, v in combo]
            if isinstance(node, Chance):
                found.append((merged, expect(zip((p for _, p, _ in node.moves), values, strict=True))))
                continue
            k = self.players.index(node.player)
            best = max(v[k] for v in values)
            optimal = [i for i, v in enumerate(values) if v[k] >= best - tol]
            if len(optimal) > 1:
                moves = tuple(node.moves[i][0] for i in optimal)
                ties.setdefault((node.name, moves), Tie(node.name, node.player, moves))
            for i in optimal:
                found.append(({**merged, node.name: node.moves[i][0]}, values[i]))
        if len(found) > MAX_PROFILES:
            raise SequentialError(
                f"ties give more than {MAX_PROFILES} subgame-perfect profiles; perturb the payoffs"
            )
        return found

    # --- reduced normal form -----------------------------------------------------------

    def reduced_strategies(self, player: str | int) -> tuple[tuple[str, Mapping[str, str]], ...]:
        """The reduced pure strategies of ``player`` as ``(label, plan)`` pairs.

        A plan names a move at each of the player's decision nodes that their
        own earlier moves leave reachable; nodes they have cut off themselves are
        left out (shown as ``*`` in the label). The label joins the moves at the
        player's decision nodes, in depth-first order, with ``/``.

        >>> tree = SequentialGame(("A", "B"), Decision("a1", "A", {
        ...     "stop": Leaf((0, 0)),
        ...     "go": Decision("b", "B", {"go": Decision("a2", "A", {"l": Leaf((1, 1)), "r": Leaf((2, 0))}),
        ...                               "stop": Leaf((3, 3))})}))
        >>> [label for label, _ in tree.reduced_strategies("A")]
        ['stop/*', 'go/l', 'go/r']
        """
        owner = self._player(player)
        order = [n.name for n in self.decision_nodes(owner)]
        plans = [dict(p) for p in self._plans(self.root, owner)]
        labels = [self._label(plan, order, "/") for plan in plans]
        if len(set(labels)) < len(labels):
            labels = [self._label(plan, order, ", ", named=True) for plan in plans]
        if not order:
            labels = ["(no move)"]
        return tuple((label, MappingProxyType(plan)) for label, plan in zip(labels, plans, strict=True))

    @staticmethod
    def _label(plan: Mapping[str, str], order: list[str], sep: str, named: bool = False) -> str:
        if named:
            return sep.join(f"{n}={plan.get(n, IRRELEVANT)}" for n in order)
        return sep.join(plan.get(n, IRRELEVANT) for n in order)

    def _plans(self, node: Node, owner: str) -> list[dict[str, str]]:
        if isinstance(node, Leaf):
            return [{}]
        if isinstance(node, Decision) and node.player == owner:
            return [{node.name: label, **rest} for label, child in node.moves for rest in self._plans(child, owner)]
        result: list[dict[str, str]] = [{}]
        for _, child in children(node):
            below = self._plans(child, owner)
            if len(result) * len(below) > MAX_STRATEGIES:
                raise SequentialError(
                    f"{owner} has more than {MAX_STRATEGIES} reduced strategies; the normal form of this "
                    "tree is too large to build (backward induction still works)"
                )
            result = [{**a, **b} for a in result for b in below]
        return result

    def reduce(self, player: str | int, choices: Mapping[str, str]) -> dict[str, str]:
        """The part of a full strategy that ``player``'s own moves leave relevant."""
        owner = self._player(player)
        kept: dict[str, str] = {}

        def visit(node: Node) -> None:
            if isinstance(node, Decision) and node.player == owner:
                move = choices[node.name]
                kept[node.name] = move
                visit(self._child(node, move))
            else:
                for _, child in children(node):
                    visit(child)

        visit(self.root)
        return kept

    def to_game(self) -> Game:
        """The reduced normal form as a :class:`~bargain.games.Game`.

        Each player's strategies are :meth:`reduced_strategies`; a cell holds
        the expected payoffs (chance nodes averaged) of the two plans. Exact
        payoffs stay exact.

        >>> tree = SequentialGame(("A", "B"), Decision("a", "A", {
        ...     "safe": Leaf((1, 1)),
        ...     "risky": Chance("luck", {"win": ("1/3", Leaf((4, 0))), "lose": ("2/3", Leaf((0, 2)))})}))
        >>> g = tree.to_game()
        >>> g.actions, g.exact[0]
        ((('safe', 'risky'), ('(no move)',)), ((Fraction(1, 1),), (Fraction(4, 3),)))
        """
        rows, cols = self.reduced_strategies(0), self.reduced_strategies(1)
        A, B = [], []
        for _, row_plan in rows:
            cells = [self.value({**row_plan, **col_plan}) for _, col_plan in cols]
            A.append([c[0] for c in cells])
            B.append([c[1] for c in cells])
        return Game(A, B, players=self.players, actions=([r for r, _ in rows], [c for c, _ in cols]))

    # --- which Nash equilibria are subgame perfect --------------------------------------

    def classify(self, solution) -> tuple[Verdict, ...]:
        """Say which equilibria of the reduced normal form are subgame perfect.

        Parameters
        ----------
        solution : iterable of Equilibrium
            Equilibria of :meth:`to_game` (for example ``bargain.solve(tree.to_game())``).

        Returns
        -------
        tuple of Verdict
            One per equilibrium, in order. A pure equilibrium is
            ``"subgame-perfect"`` when it is the reduced form of some pure
            subgame-perfect profile, and ``"non-credible"`` otherwise, with the
            :class:`Threat` s that give it away: moves a player would not make
            if the node were reached, judged with the rest of the profile and,
            at nodes the profile leaves open, subgame-perfect play. Mixed
            equilibria are ``"mixed"`` and not judged.

        Examples
        --------
        >>> tree = SequentialGame(("Entrant", "Incumbent"), Decision("entrant", "Entrant", {
        ...     "out": Leaf((0, 2)),
        ...     "in": Decision("incumbent", "Incumbent", {"fight": Leaf((-1, -1)),
        ...                                              "accommodate": Leaf((1, 1))})}))
        >>> from bargain import solve
        >>> for v in tree.classify(solve(tree.to_game(), method="pure")):
        ...     print(v.labels, v.status, [t.move for t in v.threats])
        ('out', 'fight') non-credible ['fight']
        ('in', 'accommodate') subgame-perfect []
        """
        plans = [dict(self.reduced_strategies(k)) for k in (0, 1)]
        induced = self.backward_induction()
        perfect = {
            tuple(tuple(sorted(self.reduce(k, spe.choices).items())) for k in (0, 1)) for spe in induced
        }
        verdicts = []
        for eq in solution:
            if not eq.pure:
                verdicts.append(Verdict(eq, None, "mixed", ()))
                continue
            labels = tuple(eq.supports[k][0] for k in (0, 1))
            try:
                profile = [plans[k][labels[k]] for k in (0, 1)]
            except KeyError:
                raise SequentialError(
                    f"equilibrium {labels} does not belong to this tree's reduced normal form"
                ) from None
            key = tuple(tuple(sorted(p.items())) for p in profile)
            if key in perfect:
                verdicts.append(Verdict(eq, labels, "subgame-perfect", ()))
            else:
                threats = self._threats({**profile[0], **profile[1]}, induced[0].choices)
                verdicts.append(Verdict(eq, labels, "non-credible", threats))
        return tuple(verdicts)

    def _threats(self, profile: Mapping[str, str], credible: Mapping[str, str]) -> tuple[Threat, ...]:
        """Profitable one-shot deviations from ``profile`` at the nodes it prescribes a move.

        Nodes the profile leaves open (cut off by their owner's own moves) are
        played as in the subgame-perfect profile ``credible``.
        """
        tol = self._tolerance()
        choices = {**credible, **profile}
        found = []
        for node in self.decision_nodes():
            if node.name not in profile:
                continue
            values = {label: self.value(choices, child) for label, child in node.moves}
            k = self.players.index(node.player)
            mine = values[choices[node.name]][k]
            better = tuple(label for label, v in values.items() if v[k] > mine + tol)
            if better:
                found.append(Threat(node.name, node.player, choices[node.name], better))
        return tuple(found)


__all__ = [
    "BackwardInduction",
    "Chance",
    "Decision",
    "Leaf",
    "SequentialGame",
    "Step",
    "SubgamePerfect",
    "Threat",
    "Tie",
    "Verdict",
    "classify",
]
