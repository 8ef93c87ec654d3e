"""The JSON contract for n-player solutions: the two-player keys, plus what only n players need.

Every key of the two-player contract (``players``, ``actions``, ``method``,
``complete``, ``exact``, ``tolerance``, ``verified``, ``float_trouble``, ``degenerate``, ``equilibria`` with
``strategies``/``payoffs``/``pure``/``regret``, ``components``) keeps its
meaning; strategies and payoffs were already keyed by player name, so a reader
written for two players reads an n-player document unchanged. Added keys, which
such a reader ignores:

* ``"n_players"``;
* per equilibrium, ``"certified"`` (checked in exact arithmetic) and, for an
  irrational one, ``"exact_form"``: the minimal polynomial of ``alpha``
  (coefficients as ``"p/q"`` strings, constant term first), an isolating
  interval, and each probability as a polynomial in ``alpha``;
* ``"continua"``: supports with infinitely many equilibria (``decided``:
  verified samples found) or left undecided, each with its equations and
  samples;
* ``"interrupted"`` and ``"stats"``;
* ``"model"`` and ``"parameters"`` (name and values) first, when the game came
  from a model file, as in the two-player contract.
"""

from __future__ import annotations

from fractions import Fraction

from bargain.nplayer.solution import Equilibrium, Solution


def number(value, digits: int = 12):
    """A JSON-ready number: Fractions as ``"p/q"`` strings, floats rounded to ``digits``.

    >>> number(Fraction(1, 3)), number(0.49999999999999994)
    ('1/3', 0.5)
    """
    if isinstance(value, Fraction):
        return str(value)
    rounded = round(float(value), digits)
    return 0.0 if rounded == 0 else rounded


def equilibrium_dict(eq: Equilibrium) -> dict:
    """One equilibrium in the contract's form."""
    data = {
        "strategies": {p: {a: number(v) for a, v in s.items()} for p, s in eq.strategies.items()},
        "payoffs": {p: number(v) for p, v in eq.payoff.items()},
        "pure": eq.pure,
        "regret": number(eq.regret, 15),
        "certified": eq.certified,
    }
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


def solution_dict(solution: Solution, *, model=None, parameters=None) -> dict:
    """The whole solution in the contract's form (with ``model`` and ``parameters`` when from a model).

    >>> from bargain.nplayer import StrategicGame, solve
    >>> doc = solution_dict(solve(StrategicGame([[[[1, 0]]], [[[0, 1]]], [[[1, 1]]]])))
    >>> doc["players"], doc["equilibria"][0]["strategies"]["Player 3"], doc["continua"][0]["decided"]
    (['Player 1', 'Player 2', 'Player 3'], {'a1': '1', 'a2': '0'}, True)
    """
    game = solution.game
    head = {} if model is None else {
        "model": model.name,
        "parameters": {k: number(v) for k, v in (parameters or {}).items()},
    }
    return head | {
        "players": list(game.players),
        "actions": {p: list(a) for p, a in zip(game.players, game.actions, strict=True)},
        "n_players": game.n_players,
        "method": solution.method,
        "complete": solution.complete,
        "exact": solution.exact,
        "tolerance": solution.tolerance,
        "verified": solution.verified,
        "float_trouble": solution.options.get("float_trouble"),
        "degenerate": solution.degenerate,
        "equilibria": [equilibrium_dict(eq) for eq in solution],
        "components": [list(c) for c in solution.components],
        "continua": [
            {
                "support": {p: list(s) for p, s in zip(game.players, c.support, strict=True)},
                "dimension": c.dimension,
                "decided": c.decided,
                "free": list(c.free),
                "equations": list(c.equations),
                "samples": [equilibrium_dict(eq) for eq in c.samples],
                "reason": c.reason,
            }
            for c in solution.continua
        ],
        "interrupted": solution.interrupted,
        "stats": dict(solution.stats),
    }


__all__ = ["equilibrium_dict", "number", "solution_dict"]
