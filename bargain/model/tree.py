"""Sequential models: a game tree written in TOML, with cited parameters and named payoff terms.

A file with ``kind = "sequential"`` shares the header, ``[[players]]`` (names
only) and ``[parameters.*]`` tables of a matrix model (see
:mod:`bargain.model`) and replaces actions and payoff tables by a tree::

    kind = "sequential"
    players = ["US", "China"]            # or [[players]] tables with a name

    [tree]
    root = "london"

    [tree.nodes.london]                  # a decision node
    player = "China"
    text = "Do the promised licences flow?"
    moves = { deliver = "august", slow-walk = "breakdown" }   # move -> next node or leaf name

    [tree.nodes.weather]                 # a chance node
    chance = true
    moves = { calm = "leaf_a", storm = "leaf_b" }
    probabilities = { calm = "1 - p_storm", storm = "p_storm" }

    [[terms]]                            # added to `player` at every leaf whose history has all `when` moves
    name = "tariff burden"
    player = "China"
    expression = "-tariff_cost"
    when = ["snap-back"]                 # a move label, or "node:move" for one node's move

    [tree.leaves.leaf_a]                 # optional: payoffs given per leaf, as expressions
    US = "1"
    China = "0"

    [bargaining]                         # optional: alternating offers before the deadline
    deal = "deal"                        # the leaf an agreement delivers
    no_deal = "breakdown"                # the leaf reached if the deadline passes
    first = "US"
    rounds = 3
    discount = { US = "0.9", China = "1 - tariff_pressure" }

A name a move leads to that is not a node is a leaf of that name. The tree
must be a tree: every node is reached from the root exactly once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bargain.errors import ModelError
from bargain.games.normal_form import Game
from bargain.games.sequential import Chance, Decision, Leaf, SequentialGame, Step

from .expr import Expression, ExpressionError
from .parameters import Parameter, ParameterValues


@dataclass(frozen=True, eq=False)
class NodeSpec:
    """One inner node as written: owner (``None`` for chance), moves to node or leaf names."""

    name: str
    player: str | None
    text: str
    moves: tuple[tuple[str, str], ...]
    probabilities: tuple[Expression, ...] | None = None


@dataclass(frozen=True, eq=False)
class TreeTerm:
    """A named payoff term that counts at every leaf whose history contains all of ``when``.

    ``when`` holds ``(node, move)`` pairs; ``node`` is ``None`` when any node's
    move of that label counts.
    """

    name: str
    player: str
    expression: Expression
    when: tuple[tuple[str | None, str], ...]
    description: str = ""

    def applies(self, history: Sequence[Step]) -> bool:
        """True when every condition is met by some move of ``history``."""
        return all(
            any(step.move == move and (node is None or step.node == node) for step in history)
            for node, move in self.when
        )


@dataclass(frozen=True)
class BargainingSpec:
    """The ``[bargaining]`` table: deal and no-deal leaves, first proposer, rounds, discount factors."""

    deal: str
    no_deal: str
    first: str
    rounds: int
    discounts: tuple[Expression, Expression]


@dataclass(frozen=True)
class DeadlineTerms:
    """What alternating offers before the deadline need, at given parameter values.

    Alternating offers run over the game's feasible set without transfers, so
    the deal and no-deal leaves are kept per player and never summed.
    """

    players: tuple[str, str]
    deal: tuple[float, float]
    disagreement: tuple[float, float]
    discounts: tuple[float, float]
    rounds: int
    first: str


@dataclass(frozen=True, eq=False)
class SequentialModel(ParameterValues):
    """A game tree read from a ``kind = "sequential"`` model file.

    :meth:`tree` gives the :class:`~bargain.games.sequential.SequentialGame`,
    :meth:`game` its reduced normal form, :meth:`terms` each leaf's payoff
    broken into named terms, :meth:`deadline` the inputs of alternating offers.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> model = load_model("august-deadline")
    >>> model.kind, model.players
    ('sequential', ('US', 'China'))
    >>> [(s.node, s.move) for s in model.tree().backward_induction().path]
    [('london', 'deliver'), ('august_kept', 'extend')]
    >>> model.game().shape
    (4, 4)
    """

    name: str
    title: str
    date: str
    description: str
    units: str
    sign_convention: str
    players: tuple[str, str]
    parameters: Mapping[str, Parameter]
    root: str
    nodes: Mapping[str, NodeSpec]
    leaves: tuple[str, ...]
    payoff_terms: tuple[TreeTerm, ...]
    bargaining: BargainingSpec | None = None
    path: Path | None = None
    kind: str = field(default="sequential")

    @property
    def source(self) -> str:
        """The file name used in messages."""
        return str(self.path) if self.path is not None else self.name

    def histories(self) -> dict[str, tuple[Step, ...]]:
        """``{leaf: the moves that lead to it}``, leaves in depth-first order."""
        found: dict[str, tuple[Step, ...]] = {}

        def visit(name: str, history: tuple[Step, ...]) -> None:
            node = self.nodes.get(name)
            if node is None:
                found[name] = history
                return
            for label, target in node.moves:
                visit(target, (*history, Step(name, node.player or "chance", label)))

        visit(self.root, ())
        return found

    def terms(self, **overrides: float) -> dict[str, dict[str, dict[str, float]]]:
        """Every leaf's payoffs broken into named terms: ``{leaf: {player: {term: value}}}``.

        Each player's terms at a leaf sum to that player's payoff there.

        >>> from bargain.model import load_model
        >>> sorted(load_model("august-deadline").terms()["no_deal"]["China"])
        ['EDA relief extracted', 'customers lost', 'sales regained', 'tariff loss', 'tariff rollback extracted']
        """
        return self._terms(self.values(**overrides))

    def _terms(self, values: Mapping[str, float]) -> dict[str, dict[str, dict[str, float]]]:
        table: dict[str, dict[str, dict[str, float]]] = {}
        for leaf, history in self.histories().items():
            table[leaf] = {player: {} for player in self.players}
            for index, term in enumerate(self.payoff_terms):
                if term.applies(history):
                    previous = table[leaf][term.player].get(term.name, 0.0)
                    table[leaf][term.player][term.name] = previous + self._evaluate(term.expression, values,
                                                                                   f"terms[{index}]")
        return table

    def payoffs(self, **overrides: float) -> dict[str, tuple[float, float]]:
        """``{leaf: (first player's payoff, second player's payoff)}``."""
        return self._payoffs(self.values(**overrides))

    def _payoffs(self, values: Mapping[str, float]) -> dict[str, tuple[float, float]]:
        breakdown = self._terms(values)
        result = {}
        for leaf, parts in breakdown.items():
            pair = tuple(math.fsum(parts[p].values()) for p in self.players)
            for player, value in zip(self.players, pair, strict=True):
                if not math.isfinite(value):
                    raise ModelError(f"payoff of {player} at leaf {leaf!r} is {value}", source=self.source)
            result[leaf] = pair
        return result

    def tree(self, **overrides: float) -> SequentialGame:
        """The :class:`~bargain.games.sequential.SequentialGame` at the given parameter values.

        A value outside its plausible range is allowed, with a
        :class:`~bargain.model.RangeWarning` (:meth:`tree_at` builds the same tree without it).
        """
        self.warn_out_of_range(overrides)
        return self.tree_at(overrides)

    def tree_at(self, values: Mapping[str, float]) -> SequentialGame:
        """The game tree at ``{parameter: value}``, without range warnings."""
        values = self.values(**values)
        payoffs = self._payoffs(values)

        def build(name: str):
            spec = self.nodes.get(name)
            if spec is None:
                return Leaf(payoffs[name], name=name)
            children = [(label, build(target)) for label, target in spec.moves]
            if spec.player is None:
                probs = [self._evaluate(e, values, f"tree.nodes.{name}.probabilities") for e in spec.probabilities]
                return Chance(name, [(label, p, child) for (label, child), p in zip(children, probs, strict=True)])
            return Decision(name, spec.player, children)

        try:
            return SequentialGame(self.players, build(self.root))
        except ModelError:
            raise
        except ValueError as error:  # SequentialError from bad evaluated probabilities
            raise ModelError(str(error), source=self.source, where="tree") from None

    def game(self, **overrides: float) -> Game:
        """The reduced normal form of :meth:`tree`, as a :class:`~bargain.games.Game`."""
        self.warn_out_of_range(overrides)
        return self.game_at(overrides)

    def game_at(self, values: Mapping[str, float]) -> Game:
        """The reduced normal form at ``{parameter: value}``, without range warnings."""
        return self.tree_at(values).to_game()

    def deadline(self, **overrides: float) -> DeadlineTerms:
        """The inputs of alternating offers before the deadline, from ``[bargaining]``.

        >>> from bargain.model import load_model
        >>> terms = load_model("august-deadline").deadline(china_share=0.9)
        >>> terms.rounds, terms.first, round(terms.discounts[0], 3)
        (3, 'US', 0.91)
        """
        spec = self.bargaining
        if spec is None:
            raise ModelError("the model has no [bargaining] table", source=self.source)
        values = self.values(**overrides)
        payoffs = self._payoffs(values)
        deal, no_deal = payoffs[spec.deal], payoffs[spec.no_deal]
        discounts = tuple(
            self._evaluate(e, values, f"bargaining.discount.{p}")
            for e, p in zip(spec.discounts, self.players, strict=True)
        )
        for player, delta in zip(self.players, discounts, strict=True):
            if not 0 < delta <= 1:
                raise ModelError(f"discount factor of {player} evaluates to {delta:g}, outside (0, 1]",
                                 source=self.source, where="bargaining.discount")
        return DeadlineTerms(self.players, deal, no_deal, discounts, spec.rounds, spec.first)

    def _evaluate(self, expression: Expression, values, where: str) -> float:
        try:
            return expression(values)
        except ExpressionError as error:
            raise ModelError(error.detail, source=self.source, where=where) from None

    def __repr__(self) -> str:
        return f"SequentialModel({self.name!r}, {len(self.nodes)} nodes, {len(self.parameters)} parameters)"


__all__ = ["BargainingSpec", "DeadlineTerms", "NodeSpec", "SequentialModel", "TreeTerm"]
