"""Turn results into text: a table for people, JSON and CSV for programs.

The JSON form of a solution is a stable contract (documented in the README)::

    {"players": [..], "actions": {player: [..]},
     "degenerate": bool | null,   # null: not checked (the method did not need it and the game is large)
     "method": str, "complete": bool, "exact": bool, "tolerance": number,
     "verified": bool,            # false: float results that floats could not certify
     "float_trouble": str | null, # why floats could not certify the game (then solved exactly if small)
     "equilibria": [{"strategies": {player: {action: probability}},
                     "payoffs": {player: value}, "pure": bool, "regret": number}],
     "components": [[index, ...], ...]}

plus ``"model"`` and ``"parameters"`` when the game came from a model, and
``"stopped"`` (why, in words) when a time limit or an interrupt ended the search
early (``"complete"`` is then false, and ``"degenerate"`` null unless already
seen). In exact mode probabilities and payoffs are strings such as ``"1/3"``.

A game of any other number of players (or an n-player solve, ``n_player=True``)
keeps every key above with its meaning -- strategies and payoffs are keyed by
player name, so a reader written for two players reads it unchanged -- and adds
keys such a reader ignores:

* ``"n_players"``;
* per equilibrium, ``"certified"`` (checked in exact arithmetic) and, for an
  irrational one, ``"exact_form"``: the minimal polynomial of ``alpha``
  (coefficients as ``"p/q"`` strings, constant term first), an isolating
  interval, and each probability as a polynomial in ``alpha``;
* ``"continua"``: supports with infinitely many equilibria (``decided``:
  verified samples found) or left undecided, each with its equations and
  samples;
* ``"interrupted"`` and ``"stats"``.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from bargain.numbers import number
from bargain.results.solution import Continuum, Equilibrium, Solution


def short(value, digits: int = 4) -> str:
    """A compact human-readable number.

    >>> short(Fraction(1, 3)), short(0.3333333333), short(1.0)
    ('1/3', '0.3333', '1')
    """
    if isinstance(value, Fraction):
        return str(value)
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Largest game (rows x columns) whose degeneracy a report computes when the method did not settle it.
CHEAP_DEGENERACY_CELLS = 64


def known_degeneracy(solution: Solution) -> bool | None:
    """Whether the game is degenerate, when the method settled it or the game is small; else ``None``.

    Deciding degeneracy enumerates the best-response polytopes, work a method
    such as ``pure`` never needs: a report does it only for small games.

    >>> from bargain import Game, solve
    >>> known_degeneracy(solve(Game([[1, 1], [0, 0]], [[1, 1], [0, 0]]), "pure"))
    True
    """
    hint = getattr(solution, "degenerate_hint", None)
    if isinstance(hint, bool):
        return hint
    if solution.game.n_players != 2:  # n players: what the solver recorded, if anything
        return None
    m, n = solution.game.shape
    if m * n > CHEAP_DEGENERACY_CELLS:
        return None
    from bargain.errors import SolverError

    try:
        return bool(solution.degenerate)
    except SolverError:
        return None


def equilibrium_dict(eq: Equilibrium, *, n_player: bool = False) -> dict:
    """One equilibrium in the contract's form (with ``certified`` and ``exact_form`` when ``n_player``)."""
    data = {
        "strategies": {p: {a: number(v) for a, v in s.items()} for p, s in eq.strategies.items()},
        "payoffs": {p: number(v) for p, v in eq.payoff.items()},
        "pure": eq.pure,
        "regret": number(eq.regret, 15),
    }
    if not n_player:
        return data
    data["certified"] = eq.certified
    if eq.algebraic is not None:
        point = eq.algebraic
        data["exact_form"] = {
            "polynomial": [str(c) for c in point.polynomial],
            "interval": [str(point.interval[0]), str(point.interval[1])],
            "probabilities": {
                player: {a: [str(c) for c in g] for a, g in zip(eq.game.actions[k], point.coordinates[k],
                                                                   strict=True)}
                for k, player in enumerate(eq.game.players)
            },
        }
    return data


def _continuum_dict(c: Continuum, players) -> dict:
    return {
        "support": {p: list(s) for p, s in zip(players, c.support, strict=True)},
        "dimension": c.dimension,
        "decided": c.decided,
        "free": list(c.free),
        "equations": list(c.equations),
        "samples": [equilibrium_dict(eq, n_player=True) for eq in c.samples],
        "reason": c.reason,
    }


def solution_dict(solution: Solution, *, model=None, parameters=None, n_player: bool | None = None) -> dict:
    """The JSON contract as a Python dictionary.

    ``n_player`` adds the keys of games of any number of players (default: when
    the game has other than two).

    >>> from bargain.nplayer import StrategicGame, solve
    >>> doc = solution_dict(solve(StrategicGame([[[[1, 0]]], [[[0, 1]]], [[[1, 1]]]])))
    >>> doc["players"], doc["equilibria"][0]["strategies"]["Player 3"], doc["continua"][0]["decided"]
    (['Player 1', 'Player 2', 'Player 3'], {'a1': '1', 'a2': '0'}, True)
    """
    game = solution.game
    n_player = game.n_players != 2 if n_player is None else n_player
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
            "verified": solution.verified,
            "float_trouble": solution.options.get("float_trouble"),
            "degenerate": known_degeneracy(solution),
            "equilibria": [equilibrium_dict(eq, n_player=n_player) for eq in solution],
            "components": [list(c) for c in solution.components],
        }
    )
    if solution.eliminated:
        data["eliminated"] = [{"player": p, "action": a} for p, a in solution.eliminated]
    if solution.stopped:
        data["stopped"] = solution.stopped
    if n_player:
        data["n_players"] = game.n_players
        data["continua"] = [_continuum_dict(c, game.players) for c in solution.continua]
        data["interrupted"] = solution.interrupted
        data["stats"] = dict(solution.stats)
    return data


def mixed(strategy: dict, fmt=short) -> str:
    """``"a 0.5, b 0.5"`` for the actions played with positive probability."""
    return ", ".join(f"{a}" if v == 1 else f"{a} {fmt(v)}" for a, v in strategy.items() if v > 0)


def significant(value) -> str:
    """Four significant digits, for exact numbers shown where floats were asked for.

    >>> significant(Fraction(1, 10**19)), significant(Fraction(7400000000000001, 10**16))
    ('1e-19', '0.74')
    """
    return f"{float(value):.4g}"


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
    # solved exactly because floats could not certify the game: significant digits, so a probability
    # of 1e-19 does not print as 0 (and exact fractions print as decimals, as asked)
    fmt = significant if solution.options.get("float_trouble") else short
    for k, eq in enumerate(solution):
        strategies = eq.strategies
        table.add_row(
            str(k),
            *(mixed(strategies[p], fmt) for p in game.players),
            *(fmt(eq.payoff[p]) for p in game.players),
            "pure" if eq.pure else "mixed",
            f"{float(eq.regret):.1e}" if not eq.exact else "0 (exact)",
        )
    console = text_console(120)
    console.print(table)
    trouble = solution.options.get("float_trouble")
    if not solution.verified:
        notes = [f"method {solution.method}; NOT verified: {trouble}; solve with --exact"]
    elif solution.exact:
        notes = [f"method {solution.method}; every equilibrium verified exactly"]
    else:
        notes = [f"method {solution.method}; every equilibrium verified (regret ≤ {solution.tolerance:.1e})"]
    if trouble and solution.verified:
        notes.append(f"solved exactly because {trouble}")
    if solution.complete:
        notes.append("complete: every extreme equilibrium is listed")
    if solution.stopped:
        notes.append(f"incomplete: {solution.stopped}; the {len(solution)} equilibria listed are verified, "
                     "others may exist")
    degenerate = known_degeneracy(solution)
    if degenerate is None:
        notes.append("degeneracy not known (the run stopped early)" if solution.stopped else
                     "degeneracy not checked (the method did not need it)")
    else:
        notes.append("degenerate game" if degenerate else "nondegenerate game")
    groups = "; ".join("{" + ", ".join(map(str, c)) + "}" for c in solution.components if len(c) > 1)
    if groups:
        notes.append(f"continuum of equilibria: every mixture within {groups} is an equilibrium")
    if solution.eliminated:
        notes.append("eliminated (in order): " + ", ".join(f"{p}:{a}" for p, a in solution.eliminated))
    if solution.continua:
        count = len(solution.continua)
        notes.append(f"{count} set{'s' if count > 1 else ''} of infinitely many equilibria: each listed with its "
                     "support, equations and verified samples in --format json")
    for note in notes:
        console.print(note, highlight=False)
    return console.file.getvalue()
