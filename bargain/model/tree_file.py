"""Reading a ``kind = "sequential"`` model file into a :class:`~bargain.model.tree.SequentialModel`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .reader import Reader, expression_entry, parameter_entry, term_entries
from .tree import BargainingSpec, NodeSpec, SequentialModel, TreeTerm

_TOP_KEYS = {
    "kind", "name", "title", "date", "description", "units", "sign_convention",
    "players", "parameters", "tree", "terms", "bargaining",
}
_REQUIRED_TOP = ("name", "title", "date", "description", "units", "sign_convention", "players", "parameters", "tree")
_NODE_KEYS = {"player", "chance", "text", "moves", "probabilities"}
_BARGAINING_KEYS = {"deal", "no_deal", "first", "rounds", "discount"}


def _players(read: Reader, entries) -> tuple[str, str]:
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


def _node(read: Reader, name: str, entry, players, parameters) -> NodeSpec:
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
            expression_entry(read, probs[label], parameters, f"{where}.probabilities.{label}") for label, _ in pairs
        )
        return NodeSpec(name, None, text, pairs, expressions)
    if "probabilities" in entry:
        read.fail(f"{where}.probabilities", "only chance nodes (chance = true) have probabilities")
    player = read.text(entry, "player", f"{where}.").strip()
    if player not in players:
        read.fail(f"{where}.player", f"unknown player {player!r}; players are: {', '.join(players)}")
    return NodeSpec(name, player, text, pairs)


def _tree(read: Reader, data, players, parameters):
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


def _conditions(read: Reader, when, nodes, where: str) -> tuple[tuple[str | None, str], ...]:
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


def _tree_terms(read: Reader, data, players, root, nodes, leaves, leaf_table, parameters) -> tuple[TreeTerm, ...]:
    terms = []
    for where, entry, name, player, expression, description in term_entries(read, data, players, parameters):
        when = _conditions(read, entry.get("when"), nodes, f"{where}.when")
        terms.append(TreeTerm(name, player, expression, when, description))
    paths = _leaf_paths(root, nodes)
    for leaf, entry in leaf_table.items():
        where = f"tree.leaves.{leaf}"
        if leaf not in leaves:
            read.fail(where, f"{leaf!r} is not a leaf of the tree")
        entry = read.table(entry, where)
        read.keys(entry, set(players), f"{where}.")
        for player, text in entry.items():
            expression = expression_entry(read, text, parameters, f"{where}.{player}")
            terms.append(TreeTerm(f"payoff at {leaf}", player, expression, paths[leaf]))
    if not terms:
        read.fail("terms", "the model has no payoffs: give [[terms]] or [tree.leaves] tables")
    return tuple(terms)


def _leaf_paths(root: str, nodes) -> dict[str, tuple[tuple[str, str], ...]]:
    """``{leaf: the (node, move) pairs on the path to it}``: a leaf's own payoff term applies there only."""
    paths: dict[str, tuple] = {}

    def visit(name: str, history: tuple) -> None:
        if name not in nodes:
            paths[name] = history
            return
        for label, target in nodes[name].moves:
            visit(target, (*history, (name, label)))

    visit(root, ())
    return paths


def _bargaining(read: Reader, entry, players, leaves, parameters) -> BargainingSpec | None:
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
    discounts = tuple(expression_entry(read, discount[p], parameters, f"bargaining.discount.{p}") for p in players)
    return BargainingSpec(deal, no_deal, first, rounds, discounts)


def sequential_model_from_data(data: Mapping, path: str | Path | None = None) -> SequentialModel:
    """Build a :class:`SequentialModel` from a parsed TOML ``data`` dict (``path`` is for messages).

    Raises
    ------
    ModelError
        With ``source`` the file and ``where`` the field at fault.
    """
    source = str(path) if path is not None else "<model>"
    read = Reader(source)
    if data.get("kind") != "sequential":
        read.fail("kind", f"expected kind = \"sequential\", got {data.get('kind')!r}")
    header = read.header(data, _TOP_KEYS, _REQUIRED_TOP)
    players = _players(read, data["players"])
    parameters_table = read.table(data["parameters"], "parameters")
    parameters = {name: parameter_entry(read, name, entry) for name, entry in parameters_table.items()}
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


__all__ = ["sequential_model_from_data"]
