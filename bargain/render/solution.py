"""Turn results into text: a table for people, JSON and CSV for programs.

The JSON form of a solution is a stable contract (documented in the README)::

    {"players": [..], "actions": {player: [..]}, "degenerate": bool,
     "method": str, "complete": bool, "exact": bool, "tolerance": number,
     "equilibria": [{"strategies": {player: {action: probability}},
                     "payoffs": {player: value}, "pure": bool, "regret": number}],
     "components": [[index, ...], ...]}

plus ``"model"`` and ``"parameters"`` when the game came from a model, and
``"stopped"`` (why, in words) when a time limit or an interrupt ended the search
early (``"complete"`` is then false, and ``"degenerate"`` null unless already
seen). In exact mode probabilities and payoffs are strings such as ``"1/3"``.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from bargain.numbers import number
from bargain.results.solution import Solution


def short(value, digits: int = 4) -> str:
    """A compact human-readable number.

    >>> short(Fraction(1, 3)), short(0.3333333333), short(1.0)
    ('1/3', '0.3333', '1')
    """
    if isinstance(value, Fraction):
        return str(value)
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def solution_dict(solution: Solution, *, model=None, parameters=None) -> dict:
    """The JSON contract as a Python dictionary."""
    game = solution.game
    data: dict = {}
    if model is not None:
        data["model"] = model.name
        data["parameters"] = {k: number(v) for k, v in (parameters or {}).items()}
    data.update(
        {
            "players": list(game.players),
            "actions": {p: list(a) for p, a in zip(game.players, game.actions, strict=True)},
            "method": solution.method,
            "complete": solution.complete,
            "exact": solution.exact,
            "tolerance": solution.tolerance,
            "degenerate": None if solution.degenerate is None else bool(solution.degenerate),
            "equilibria": [
                {
                    "strategies": {
                        p: {a: number(v) for a, v in s.items()} for p, s in eq.strategies.items()
                    },
                    "payoffs": {p: number(v) for p, v in eq.payoff.items()},
                    "pure": eq.pure,
                    "regret": number(eq.regret, 15),
                }
                for eq in solution
            ],
            "components": [list(c) for c in solution.components],
        }
    )
    if solution.eliminated:
        data["eliminated"] = [{"player": p, "action": a} for p, a in solution.eliminated]
    if solution.stopped:
        data["stopped"] = solution.stopped
    return data


def mixed(strategy: dict) -> str:
    """``"a 0.5, b 0.5"`` for the actions played with positive probability."""
    return ", ".join(f"{a}" if v == 1 else f"{a} {short(v)}" for a, v in strategy.items() if v > 0)


def solution(solution: Solution, fmt: str = "table", *, model=None, parameters=None) -> str:
    """Render ``solution`` as ``table``, ``json`` or ``csv`` text."""
    if fmt == "json":
        return json.dumps(solution_dict(solution, model=model, parameters=parameters), indent=2) + "\n"
    if fmt == "csv":
        return _csv(solution)
    return _table(solution, model)


def _csv(solution: Solution) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["equilibrium", "player", "action", "probability", "payoff", "pure", "regret", "component"])
    where = {k: c for c, members in enumerate(solution.components) for k in members}
    for k, eq in enumerate(solution):
        for player, strategy in eq.strategies.items():
            for action, p in strategy.items():
                writer.writerow(
                    [k, player, action, number(p), number(eq.payoff[player]), eq.pure, number(eq.regret, 15),
                     where.get(k, "")]
                )
    return out.getvalue()


def _table(solution: Solution, model=None) -> str:
    from rich.table import Table

    from .console import text_console

    game = solution.game
    title = f"{model.title} — " if model is not None else ""
    table = Table(title=f"{title}{len(solution)} equilibri{'um' if len(solution) == 1 else 'a'}", title_justify="left")
    table.add_column("#", justify="right")
    for player in game.players:
        table.add_column(player)
    for player in game.players:
        table.add_column(f"payoff {player}", justify="right")
    table.add_column("kind")
    table.add_column("regret", justify="right")
    for k, eq in enumerate(solution):
        strategies = eq.strategies
        table.add_row(
            str(k),
            *(mixed(strategies[p]) for p in game.players),
            *(short(eq.payoff[p]) for p in game.players),
            "pure" if eq.pure else "mixed",
            f"{float(eq.regret):.1e}" if not eq.exact else "0 (exact)",
        )
    console = text_console(120)
    console.print(table)
    notes = [f"method {solution.method}; every equilibrium verified "
             f"(regret ≤ {solution.tolerance:.1e})" if not solution.exact else
             f"method {solution.method}; every equilibrium verified exactly"]
    if solution.complete:
        notes.append("complete: every extreme equilibrium is listed")
    if solution.stopped:
        notes.append(f"incomplete: {solution.stopped}; the {len(solution)} equilibria listed are verified, "
                     "others may exist")
    if solution.degenerate is None:
        notes.append("degeneracy not determined")
    else:
        notes.append("degenerate game" if solution.degenerate else "nondegenerate game")
    if solution.continuum:
        groups = "; ".join("{" + ", ".join(map(str, c)) + "}" for c in solution.components if len(c) > 1)
        notes.append(f"continuum of equilibria: every mixture within {groups} is an equilibrium")
    if solution.eliminated:
        notes.append("eliminated (in order): " + ", ".join(f"{p}:{a}" for p, a in solution.eliminated))
    for note in notes:
        console.print(note, highlight=False)
    return console.file.getvalue()
