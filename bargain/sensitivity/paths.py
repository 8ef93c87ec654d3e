"""Game trees in a sensitivity analysis: the subgame-perfect path at every point.

For a tree model (a :class:`bargain.model.SequentialModel`) the question a sweep,
a threshold search or a Monte Carlo run asks is which path of play backward
induction predicts. :class:`PathSignature` is that answer at one point (every
distinct subgame-perfect path: one, unless a player reached on the way is
indifferent), and :func:`path_signature` computes it from a tree
(:func:`~bargain.sensitivity.trees.solve_paths` at many points at once).

Backward induction at one point runs on the tree with its float payoffs
converted exactly to fractions, so a tie is a true tie and never an artefact
of a tolerance (the same reason :func:`~bargain.sensitivity.thresholds`
bisects with exact solves).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .held import Held, ModelFile, model_name
from .options import SensitivityError

#: One step of a history: ``(node, player or "chance", move)``.
Step = tuple[str, str, str]
#: What a subgame-perfect equilibrium plays: every terminal history it reaches with positive probability
#: (one history when no chance node is met).
Outcome = tuple[tuple[Step, ...], ...]


@dataclass(frozen=True, order=True)
class PathSignature:
    """The subgame-perfect paths of a tree at one point: what backward induction predicts.

    ``paths`` holds one :data:`Outcome` per distinct path of play among the
    pure subgame-perfect equilibria, sorted, so that signatures compare and
    hash as values. More than one means a tie on the way.

    >>> s = PathSignature(("US", "China"), (((("london", "China", "slow-walk"), ("aug", "US", "extend")),),))
    >>> s.count, s.label()
    (1, 'China slow-walk → US extend')
    """

    players: tuple[str, str]
    paths: tuple[Outcome, ...]

    @property
    def count(self) -> int:
        """Number of distinct subgame-perfect paths (1 unless there is a tie on the way)."""
        return len(self.paths)

    @property
    def supports(self) -> tuple[Outcome, ...]:
        """The paths (the name :class:`~bargain.sensitivity.Threshold` uses for the items of any signature)."""
        return self.paths

    def item_label(self, path: Outcome) -> str:
        """One path as text: ``"China slow-walk → US extend"`` (`` | `` between chance branches)."""
        return path_label(path)

    def label(self) -> str:
        """Every path, ``"; "`` between them."""
        if not self.paths:
            return "no path"
        return "; ".join(path_label(p) for p in self.paths)


def path_label(path: Outcome) -> str:
    """``"China slow-walk → US extend"``; a chance move reads ``"chance: storm"``.

    >>> path_label(((("a", "A", "go"), ("w", "chance", "storm")),))
    'A go → chance: storm'
    """
    def step(s: Step) -> str:
        return f"chance: {s[2]}" if s[1] == "chance" else f"{s[1]} {s[2]}"

    return " | ".join(" → ".join(step(s) for s in history) for history in path) or "(no move)"


def is_tree(model) -> bool:
    """True when ``model`` (or the model under a :func:`~bargain.sensitivity.hold`) is a game tree.

    >>> from bargain.model import load_model
    >>> is_tree(load_model("august-deadline")), is_tree(load_model("rare-earth-chicken"))
    (True, False)
    """
    while isinstance(model, Held | ModelFile):
        model = model.model
    return callable(getattr(model, "tree_at", None))


def tree_at(model, values: Mapping[str, float]):
    """The game tree of a tree model at ``values``, without range warnings."""
    build = getattr(model, "tree_at", None)
    if build is None:
        raise SensitivityError(f"model {model_name(model)!r} is not a game tree")
    return build(dict(values))


def exact_tree(tree):
    """``tree`` with every float payoff and probability replaced by the fraction it equals.

    Chance probabilities are scaled to sum to exactly one (a change of the
    order of one float rounding).
    """
    from bargain.games.sequential import Chance, Decision, Leaf, SequentialGame

    def convert(node):
        if isinstance(node, Leaf):
            return Leaf(tuple(Fraction(v) for v in node.payoffs), name=node.name)
        if isinstance(node, Decision):
            return Decision(node.name, node.player, [(label, convert(child)) for label, child in node.moves])
        probabilities = [Fraction(p) for _, p, _ in node.moves]
        total = sum(probabilities)
        return Chance(node.name, [(label, p / total, convert(child))
                                  for (label, _, child), p in zip(node.moves, probabilities, strict=True)])

    if tree.exact:
        return tree
    return SequentialGame(tree.players, convert(tree.root))


def path_signature(tree, exact: bool = True) -> PathSignature:
    """The distinct subgame-perfect paths of ``tree`` (a :class:`~bargain.games.sequential.SequentialGame`).

    With ``exact`` (the default) backward induction runs on the tree's payoffs
    converted exactly to fractions.

    >>> from bargain.model import load_model
    >>> signature = path_signature(load_model("august-deadline").tree())
    >>> signature.count, signature.paths[0][0][0][:2]  # one path; China moves first, at "london"
    (1, ('london', 'China'))
    """
    game = exact_tree(tree) if exact else tree
    found = set()
    for spe in game.backward_induction():
        found.add(tuple(
            tuple((s.node, s.player, s.move) for s in history) for history, p in spe.outcomes if p > 0
        ))
    return PathSignature(tuple(tree.players), tuple(sorted(found)))


def path_at(model, names: Sequence[str], point: Sequence[float], exact: bool = True) -> PathSignature:
    """The :class:`PathSignature` of a tree model at one point (``names`` to ``point``)."""
    return path_signature(tree_at(model, dict(zip(names, point, strict=True))), exact)


__all__ = ["Outcome", "PathSignature", "exact_tree", "is_tree", "path_at", "path_label", "path_signature", "tree_at"]
