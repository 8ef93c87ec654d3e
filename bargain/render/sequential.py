"""Text for game trees and bargaining results: a table for people, JSON for programs.

The JSON form of a solved tree (``bargain solve TREE-MODEL --format json``) is::

    {"model": str, "parameters": {name: value},          # when it came from a model
     "kind": "sequential", "players": [..],
     "subgame_perfect": {
        "unique": bool,
        "ties": [{"node": str, "player": str, "moves": [..]}],
        "equilibria": [{"path": [{"node": str, "player": str, "move": str}],
                        "outcomes": [{"history": [..same as path..], "probability": number}],
                        "strategies": {player: {node: move}},
                        "payoffs": {player: value}}]},
     "normal_form": {...the JSON of `bargain solve` for the reduced normal form...,
                     each equilibrium with "verdict": "subgame-perfect" | "non-credible" | "mixed"
                     and "threats": [{"node", "player", "move", "better": [..]}]}}

The JSON form of a bargaining result (``bargain bargain``) is::

    {"model": str, "parameters": {..}, "solution": "nash" | "kalai-smorodinsky",
     "players": [..], "payoffs": {player: value}, "disagreement": {player: value},
     "gains": {player: value}, "ideal": {player: value} | null,
     "lottery": [{"profile": {player: action}, "weight": number}],
     "frontier": [{"payoffs": {player: value}, "profiles": [{player: action}]}]}

or, for alternating offers over the feasible set (no transfers between the players)::

    {"model": str, "parameters": {..}, "solution": "rubinstein", "players": [..],
     "rounds": int | null, "first": str, "discounts": {player: value},
     "disagreement": {player: value}, "payoffs": {player: value}, "gains": {player: value},
     "lottery": [{"profile": {player: action}, "weight": number}],
     "limit": {player: value} | null,   # the first proposer's proposal without a deadline
     "offers": [{"round": int, "proposer": str, "responder": str, "payoffs": {player: value},
                 "lottery": [..as above..]}],
     "frontier": [..as above..]}

Exact numbers are strings such as ``"1/3"``; floats are rounded to 12 digits.
"""

from __future__ import annotations

import io
import json

from bargain.numbers import number

from .console import text_console
from .solution import mixed, short, solution_dict


def _steps(history) -> list[dict]:
    return [{"node": s.node, "player": s.player, "move": s.move} for s in history]


def _by_player(players, values) -> dict:
    return {p: number(v) for p, v in zip(players, values, strict=True)}


# --- trees ---------------------------------------------------------------------------------


def sequential_dict(tree, solution, *, model=None, parameters=None) -> dict:
    """The JSON contract of a solved tree as a Python dictionary."""
    induction = tree.backward_induction()
    verdicts = tree.classify(solution)
    data: dict = {}
    if model is not None:
        data["model"] = model.name
        data["parameters"] = {k: number(v) for k, v in (parameters or {}).items()}
    data["kind"] = "sequential"
    data["players"] = list(tree.players)
    data["subgame_perfect"] = {
        "unique": induction.unique,
        "ties": [{"node": t.node, "player": t.player, "moves": list(t.moves)} for t in induction.ties],
        "equilibria": [
            {
                "path": _steps(spe.path),
                "outcomes": [{"history": _steps(h), "probability": number(p)} for h, p in spe.outcomes],
                "strategies": spe.strategies,
                "payoffs": _by_player(tree.players, spe.payoffs),
            }
            for spe in induction
        ],
    }
    normal = solution_dict(solution)
    for entry, verdict in zip(normal["equilibria"], verdicts, strict=True):
        entry["verdict"] = verdict.status
        entry["threats"] = [
            {"node": t.node, "player": t.player, "move": t.move, "better": list(t.better)} for t in verdict.threats
        ]
    data["normal_form"] = normal
    return data


def sequential(tree, solution, fmt: str = "table", *, model=None, parameters=None) -> str:
    """Render a tree's subgame-perfect equilibria and its normal-form verdicts as ``table`` or ``json``.

    ``solution`` holds the equilibria of ``tree.to_game()``. CSV lists one row
    per decision node of each subgame-perfect equilibrium.
    """
    if fmt == "json":
        return json.dumps(sequential_dict(tree, solution, model=model, parameters=parameters), indent=2) + "\n"
    if fmt == "csv":
        return _tree_csv(tree)
    return _tree_table(tree, solution, model)


def _tree_csv(tree) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["equilibrium", "node", "player", "move", "on_path"])
    for k, spe in enumerate(tree.backward_induction()):
        on_path = {(s.node, s.move) for h, _ in spe.outcomes for s in h}
        for node in tree.decision_nodes():
            move = spe.choices[node.name]
            writer.writerow([k, node.name, node.player, move, (node.name, move) in on_path])
    return out.getvalue()


def _describe_path(path, texts) -> str:
    if not path:
        return "(decided by chance from the start)"
    return " → ".join(f"{s.player} {s.move}" + (f" ({s.node})" if s.node else "") for s in path)


def _tree_table(tree, solution, model) -> str:
    from rich.table import Table

    induction = tree.backward_induction()
    texts = {name: spec.text for name, spec in getattr(model, "nodes", {}).items()}
    console = text_console(120)
    title = f"{model.title} — " if model is not None else ""
    count = len(induction)
    console.print(f"{title}{count} subgame-perfect equilibri{'um' if count == 1 else 'a'} (backward induction)")
    for k, spe in enumerate(induction):
        console.print()
        console.print(f"[{k}] path of play: {_describe_path(spe.path, texts)}")
        if len(spe.outcomes) > 1:
            for history, p in spe.outcomes:
                console.print(f"    with probability {short(p)}: {_describe_path(history, texts)}")
        console.print("    payoffs: " + ", ".join(f"{p} {short(v)}" for p, v in spe.payoff.items()))
        on_path = {(s.node, s.move) for h, _ in spe.outcomes for s in h}
        table = Table(show_header=True, box=None, padding=(0, 2, 0, 4))
        for column in ("node", "player", "move", "", "situation"):
            table.add_column(column)
        for node in tree.decision_nodes():
            move = spe.choices[node.name]
            table.add_row(node.name, node.player, move, "on path" if (node.name, move) in on_path else "off path",
                          texts.get(node.name, ""))
        console.print(table)
    if induction.ties:
        console.print()
        for tie in induction.ties:
            console.print(f"tie: {tie.player} is indifferent at {tie.node} between {', '.join(tie.moves)} "
                          "(every choice is listed above)")
    else:
        console.print("no ties: every player strictly prefers the move chosen at every node")
    console.print()
    verdicts = tree.classify(solution)
    game = solution.game
    table = Table(title=f"Reduced normal form: {len(solution)} Nash equilibri{'um' if len(solution) == 1 else 'a'}",
                  title_justify="left")
    table.add_column("#", justify="right")
    for player in game.players:
        table.add_column(player)
    for player in game.players:
        table.add_column(f"payoff {player}", justify="right")
    table.add_column("verdict")
    for k, (eq, verdict) in enumerate(zip(solution, verdicts, strict=True)):
        note = verdict.status
        if verdict.threats:
            note += ": " + "; ".join(
                f"{t.player} would not {t.move} at {t.node} (prefers {', '.join(t.better)})" for t in verdict.threats
            )
        table.add_row(str(k), *(mixed(eq.strategies[p]) for p in game.players),
                      *(short(eq.payoff[p]) for p in game.players), note)
    console.print(table)
    console.print("strategy labels: one move per own decision node, in the order "
                  + "; ".join(f"{p}: {', '.join(n.name for n in tree.decision_nodes(p))}" for p in tree.players)
                  + " (* = a node the player's own earlier move rules out)")
    return console.file.getvalue()


# --- bargaining ------------------------------------------------------------------------------


def _lottery(players, lottery) -> list[dict]:
    return [{"profile": dict(zip(players, profile, strict=True)), "weight": number(w)} for profile, w in lottery]


def _frontier(players, frontier) -> list[dict]:
    return [
        {"payoffs": _by_player(players, v.payoffs),
         "profiles": [dict(zip(players, p, strict=True)) for p in v.profiles]}
        for v in frontier
    ]


def bargaining_dict(result, *, model=None, parameters=None) -> dict:
    """The JSON contract of a bargaining result as a Python dictionary."""
    from bargain.bargaining.alternating import Rubinstein

    data: dict = {}
    if model is not None:
        data["model"] = model.name
        data["parameters"] = {k: number(v) for k, v in (parameters or {}).items()}
    players = list(result.players)
    if isinstance(result, Rubinstein):
        data.update({
            "solution": "rubinstein",
            "players": players,
            "rounds": result.rounds,
            "first": result.first,
            "discounts": _by_player(players, result.discounts),
            "disagreement": _by_player(players, result.disagreement),
            "payoffs": _by_player(players, result.payoffs),
            "gains": _by_player(players, result.gains),
            "lottery": _lottery(players, result.lottery),
            "limit": _by_player(players, result.limit) if result.limit is not None else None,
            "offers": [
                {"round": o.round, "proposer": o.proposer, "responder": o.responder,
                 "payoffs": _by_player(players, o.payoffs), "lottery": _lottery(players, o.lottery)}
                for o in result.offers
            ],
            "frontier": _frontier(players, result.frontier),
        })
        return data
    data.update({
        "solution": result.method,
        "players": players,
        "payoffs": _by_player(players, result.payoffs),
        "disagreement": _by_player(players, result.disagreement),
        "gains": _by_player(players, result.gains),
        "ideal": _by_player(players, result.ideal) if result.ideal is not None else None,
        "lottery": _lottery(players, result.lottery),
        "frontier": _frontier(players, result.frontier),
    })
    return data


def bargaining(result, fmt: str = "table", *, model=None, parameters=None) -> str:
    """Render a :class:`~bargain.bargaining.BargainingSolution` or
    :class:`~bargain.bargaining.alternating.Rubinstein` as ``table`` or ``json``."""
    if fmt == "json":
        return json.dumps(bargaining_dict(result, model=model, parameters=parameters), indent=2) + "\n"
    from bargain.bargaining.alternating import Rubinstein

    console = text_console(120)
    title = f"{model.title} — " if model is not None else ""
    if isinstance(result, Rubinstein):
        _offers_table(console, result, title)
    else:
        _point_table(console, result, title)
    return console.file.getvalue()


def _point_table(console, result, title: str) -> None:
    names = {"nash": "Nash bargaining solution", "kalai-smorodinsky": "Kalai–Smorodinsky solution"}
    console.print(f"{title}{names.get(result.method, result.method)}")
    players = result.players
    for label, values in (("agreed payoffs", result.payoffs), ("disagreement point", result.disagreement),
                          ("gains", result.gains)) + ((("ideal point", result.ideal),) if result.ideal else ()):
        console.print(f"  {label + ':':<20}" + ", ".join(f"{p} {short(v)}" for p, v in zip(players, values,
                                                                                            strict=True)))
    lottery = "; ".join(f"{short(w)} × ({', '.join(profile)})" for profile, w in result.lottery)
    console.print(f"  {'reached by:':<20}{lottery}")
    console.print("  Pareto frontier of the feasible set (lotteries over profiles): "
                  + " — ".join(f"({short(v.payoffs[0])}, {short(v.payoffs[1])})" for v in result.frontier))


def _offers_table(console, result, title: str) -> None:
    from rich.table import Table

    players = result.players
    horizon = f"{result.rounds} round{'s' if result.rounds != 1 else ''} before the deadline" \
        if result.rounds is not None else "no deadline (stationary offers)"
    console.print(f"{title}alternating offers over the feasible set, {horizon}; {result.first} proposes first")
    console.print("  discount factors per round: "
                  + ", ".join(f"{p} {short(d)}" for p, d in zip(players, result.discounts, strict=True))
                  + "; disagreement: "
                  + ", ".join(f"{p} {short(d)}" for p, d in zip(players, result.disagreement, strict=True)))
    table = Table(box=None, padding=(0, 2, 0, 2))
    for column in ("round", "proposer", *(f"payoff {p}" for p in players), "lottery over profiles"):
        table.add_column(column, justify="left" if column in ("proposer", "lottery over profiles") else "right")
    offers = list(result.offers)
    shown = offers if len(offers) <= 12 else offers[:6] + [None] + offers[-5:]
    for o in shown:
        if o is None:
            table.add_row("…", f"{len(offers) - 11} more rounds", "", "", "")
            continue
        lottery = "; ".join(f"{short(w)} × ({', '.join(profile)})" for profile, w in o.lottery)
        table.add_row(str(o.round), o.proposer, *(short(v) for v in o.payoffs), lottery)
    console.print(table)
    console.print("  agreement in round 1: " + ", ".join(f"{p} {short(v)}" for p, v in result.payoff.items())
                  + "; gains " + ", ".join(f"{p} {short(v)}" for p, v in zip(players, result.gains, strict=True)))
    if result.rounds is not None and result.limit is not None:
        console.print(f"  without a deadline {result.first} would propose "
                      + ", ".join(f"{p} {short(v)}" for p, v in zip(players, result.limit, strict=True)))
    console.print("  Pareto frontier of the feasible set (lotteries over profiles): "
                  + " — ".join(f"({short(v.payoffs[0])}, {short(v.payoffs[1])})" for v in result.frontier))
