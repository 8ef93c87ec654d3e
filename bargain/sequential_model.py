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
from types import MappingProxyType

from .errors import ModelError
from .expr import Expression, ExpressionError
from .game import Game
from .model import Model, Parameter, _expression, _parameter, _Reader, term_entries
from .sequential import Chance, Decision, Leaf, SequentialGame, Step

_TOP_KEYS = {
    "kind", "name", "title", "date", "description", "units", "sign_convention",
    "players", "parameters", "tree", "terms", "bargaining",
}
_REQUIRED_TOP = ("name", "title", "date", "description", "units", "sign_convention", "players", "parameters", "tree")
_NODE_KEYS = {"player", "chance", "text", "moves", "probabilities"}
_BARGAINING_KEYS = {"deal", "no_deal", "first", "rounds", "discount"}


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

    ``surplus`` is what the deal adds over the no-deal leaf, summed over the two
    players (payoffs are taken as transferable in the model's one unit).
    """

    players: tuple[str, str]
    deal: tuple[float, float]
    disagreement: tuple[float, float]
    surplus: float
    discounts: tuple[float, float]
    rounds: int
    first: str


@dataclass(frozen=True, eq=False)
class SequentialModel:
    """A game tree read from a ``kind = "sequential"`` model file.

    :meth:`tree` gives the :class:`~bargain.sequential.SequentialGame`,
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

    # The parameter handling of matrix models applies unchanged.
    values = Model.values
    _checked = Model._checked

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
        """The :class:`~bargain.sequential.SequentialGame` at the given parameter values."""
        values = self.values(**overrides)
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
        """The reduced normal form of :meth:`tree`, as a :class:`~bargain.game.Game`."""
        return self.tree(**overrides).to_game()

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
        surplus = math.fsum(deal) - math.fsum(no_deal)
        if surplus < 0:
            raise ModelError(f"the deal is worth {surplus:g} less in total than no deal; nothing to split",
                             source=self.source, where="bargaining.deal")
        return DeadlineTerms(self.players, deal, no_deal, surplus, discounts, spec.rounds, spec.first)

    def _evaluate(self, expression: Expression, values, where: str) -> float:
        try:
            return expression(values)
        except ExpressionError as error:
            raise ModelError(error.detail, source=self.source, where=where) from None

    def __repr__(self) -> str:
        return f"SequentialModel({self.name!r}, {len(self.nodes)} nodes, {len(self.parameters)} parameters)"


# --------------------------------------------------------------------------- reading


def _players(read: _Reader, entries) -> tuple[str, str]:
    if not isinstance(entries, list) or len(entries) != 2:
        read.fail("players", "must list exactly two players")
    names = []
    for k, entry in enumerate(entries):
        if isinstance(entry, dict):
            read.keys(entry, {"name", "description"}, f"players[{k}].")
            entry = read.text(entry, "name", f"players[{k}].")
        if not isinstance(entry, str) or not entry.strip():
            read.fail(f"players[{k}]", "must be a non-empty name")
        names.append(entry.strip())
    if names[0] == names[1]:
        read.fail("players[1]", f"both players are called {names[0]!r}")
    return names[0], names[1]


def _node(read: _Reader, name: str, entry, players, parameters) -> NodeSpec:
    where = f"tree.nodes.{name}"
    entry = read.table(entry, where)
    read.keys(entry, _NODE_KEYS, f"{where}.")
    moves = entry.get("moves")
    if not isinstance(moves, dict) or not moves:
        read.fail(f"{where}.moves", "must be a non-empty table of move = \"next node or leaf\"")
    for label, target in moves.items():
        if not isinstance(target, str) or not target.strip():
            read.fail(f"{where}.moves.{label}", "must name the next node or leaf")
    pairs = tuple((label, target.strip()) for label, target in moves.items())
    text = read.text(entry, "text", f"{where}.", required=False) or ""
    chance = entry.get("chance", False)
    if not isinstance(chance, bool):
        read.fail(f"{where}.chance", "must be true or false")
    if chance:
        if "player" in entry:
            read.fail(f"{where}.player", "a chance node has no player")
        probs = read.table(entry.get("probabilities"), f"{where}.probabilities")
        if set(probs) != set(moves):
            read.fail(f"{where}.probabilities", f"needs exactly one probability per move: {', '.join(moves)}")
        expressions = tuple(
            _expression(read, probs[label], parameters, f"{where}.probabilities.{label}") for label, _ in pairs
        )
        return NodeSpec(name, None, text, pairs, expressions)
    if "probabilities" in entry:
        read.fail(f"{where}.probabilities", "only chance nodes (chance = true) have probabilities")
    player = read.text(entry, "player", f"{where}.").strip()
    if player not in players:
        read.fail(f"{where}.player", f"unknown player {player!r}; players are: {', '.join(players)}")
    return NodeSpec(name, player, text, pairs)


def _tree(read: _Reader, data, players, parameters):
    tree = read.table(data, "tree")
    read.keys(tree, {"root", "nodes", "leaves"}, "tree.")
    root = read.text(tree, "root", "tree.").strip()
    table = read.table(tree.get("nodes", {}), "tree.nodes")
    nodes = {name: _node(read, name, entry, players, parameters) for name, entry in table.items()}
    if root not in nodes:
        read.fail("tree.root", f"{root!r} is not one of the nodes under [tree.nodes]")
    seen, leaves = {root}, []

    def visit(name: str) -> None:
        for label, target in nodes[name].moves:
            if target in seen or target in leaves:
                read.fail(f"tree.nodes.{name}.moves.{label}",
                          f"{target!r} is reached twice; a tree needs a distinct node or leaf name per move")
            if target in nodes:
                seen.add(target)
                visit(target)
            else:
                leaves.append(target)

    visit(root)
    unreachable = sorted(set(nodes) - seen)
    if unreachable:
        read.fail(f"tree.nodes.{unreachable[0]}", "cannot be reached from the root")
    return root, nodes, leaves, read.table(tree.get("leaves", {}), "tree.leaves")


def _conditions(read: _Reader, when, nodes, where: str) -> tuple[tuple[str | None, str], ...]:
    if when is None:
        return ()
    when = [when] if isinstance(when, str) else when
    if not isinstance(when, list) or not all(isinstance(w, str) for w in when):
        read.fail(where, "must be a list of moves (\"move\" or \"node:move\")")
    labels = {label for spec in nodes.values() for label, _ in spec.moves}
    result = []
    for item in when:
        node, sep, move = item.rpartition(":")
        node, move = node.strip(), move.strip()
        if sep:
            if node not in nodes:
                read.fail(where, f"no node {node!r} (in {item!r})")
            if move not in dict(nodes[node].moves):
                read.fail(where, f"node {node!r} has no move {move!r}; its moves: "
                                 f"{', '.join(label for label, _ in nodes[node].moves)}")
            result.append((node, move))
        else:
            if move not in labels:
                read.fail(where, f"no node has a move {move!r}; moves are: {', '.join(sorted(labels))}")
            result.append((None, move))
    return tuple(result)


def _tree_terms(read: _Reader, data, players, root, nodes, leaves, leaf_table, parameters) -> tuple[TreeTerm, ...]:
    terms = []
    for where, entry, name, player, expression, description in term_entries(read, data, players, parameters):
        when = _conditions(read, entry.get("when"), nodes, f"{where}.when")
        terms.append(TreeTerm(name, player, expression, when, description))
    for leaf, entry in leaf_table.items():
        where = f"tree.leaves.{leaf}"
        if leaf not in leaves:
            read.fail(where, f"{leaf!r} is not a leaf of the tree")
        entry = read.table(entry, where)
        read.keys(entry, set(players), f"{where}.")
        for player, text in entry.items():
            expression = _expression(read, text, parameters, f"{where}.{player}")
            terms.append(TreeTerm(f"payoff at {leaf}", player, expression, (("", ""),)))
    if not terms:
        read.fail("terms", "the model has no payoffs: give [[terms]] or [tree.leaves] tables")
    return tuple(_pin_leaf_terms(terms, root, nodes))


def _pin_leaf_terms(terms: list[TreeTerm], root: str, nodes) -> list[TreeTerm]:
    """Turn the per-leaf payoff terms into conditions on the full path to their leaf."""
    paths: dict[str, tuple] = {}

    def visit(name: str, history: tuple) -> None:
        if name not in nodes:
            paths[name] = history
            return
        for label, target in nodes[name].moves:
            visit(target, (*history, (name, label)))

    visit(root, ())
    pinned = []
    for term in terms:
        if term.when == (("", ""),):
            leaf = term.name.removeprefix("payoff at ")
            term = TreeTerm(term.name, term.player, term.expression, paths[leaf], term.description)
        pinned.append(term)
    return pinned


def _bargaining(read: _Reader, entry, players, leaves, parameters) -> BargainingSpec | None:
    if entry is None:
        return None
    entry = read.table(entry, "bargaining")
    read.keys(entry, _BARGAINING_KEYS, "bargaining.")
    deal = read.text(entry, "deal", "bargaining.").strip()
    no_deal = read.text(entry, "no_deal", "bargaining.").strip()
    for key, leaf in (("deal", deal), ("no_deal", no_deal)):
        if leaf not in leaves:
            read.fail(f"bargaining.{key}", f"{leaf!r} is not a leaf; leaves are: {', '.join(leaves)}")
    first = read.text(entry, "first", "bargaining.").strip()
    if first not in players:
        read.fail("bargaining.first", f"unknown player {first!r}; players are: {', '.join(players)}")
    rounds = entry.get("rounds")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        read.fail("bargaining.rounds", f"must be a positive whole number, not {rounds!r}")
    discount = read.table(entry.get("discount"), "bargaining.discount")
    if set(discount) != set(players):
        read.fail("bargaining.discount", f"needs one discount factor for each of {', '.join(players)}")
    discounts = tuple(_expression(read, discount[p], parameters, f"bargaining.discount.{p}") for p in players)
    return BargainingSpec(deal, no_deal, first, rounds, discounts)


def sequential_model_from_data(data: Mapping, path: str | Path | None = None) -> SequentialModel:
    """Build a :class:`SequentialModel` from a parsed TOML ``data`` dict (``path`` is for messages).

    Raises
    ------
    ModelError
        With ``source`` the file and ``where`` the field at fault.
    """
    source = str(path) if path is not None else "<model>"
    read = _Reader(source)
    if data.get("kind") != "sequential":
        read.fail("kind", f"expected kind = \"sequential\", got {data.get('kind')!r}")
    read.keys(data, _TOP_KEYS, "")
    for key in _REQUIRED_TOP:
        if key not in data:
            read.fail(key, "required field is missing")
    header = {key: read.text(data, key, "") for key in ("name", "title", "date", "description",
                                                       "units", "sign_convention")}
    players = _players(read, data["players"])
    parameters_table = read.table(data["parameters"], "parameters")
    parameters = {name: _parameter(read, name, entry) for name, entry in parameters_table.items()}
    root, nodes, leaves, leaf_table = _tree(read, data["tree"], players, parameters)
    terms = _tree_terms(read, data, players, root, nodes, leaves, leaf_table, parameters)
    bargaining = _bargaining(read, data.get("bargaining"), players, leaves, parameters)
    return SequentialModel(
        **header,
        players=players,
        parameters=MappingProxyType(parameters),
        root=root,
        nodes=MappingProxyType(nodes),
        leaves=tuple(leaves),
        payoff_terms=terms,
        bargaining=bargaining,
        path=Path(path) if path is not None else None,
    )


__all__ = ["BargainingSpec", "DeadlineTerms", "NodeSpec", "SequentialModel", "TreeTerm", "sequential_model_from_data"]
