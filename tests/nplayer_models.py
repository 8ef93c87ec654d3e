"""Small three-player models for the sensitivity tests: stand-ins exposing what the engine uses
(``name``, ``parameters`` with ``value``/``low``/``high``/``unit``, ``game(**overrides)``, ``game_at(values)``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bargain.games.strategic import StrategicGame


@dataclass(frozen=True)
class Parameter:
    value: float
    low: float
    high: float
    unit: str = "points"


@dataclass(frozen=True)
class ThreePlayerModel:
    """A model whose game is ``BUILDERS[kind](**values)``, a StrategicGame."""

    name: str
    parameters: dict = field(hash=False)
    kind: str = "pennies"

    def game_at(self, values) -> StrategicGame:
        merged = {k: p.value for k, p in self.parameters.items()} | dict(values)
        return BUILDERS[self.kind](**merged)

    def game(self, **overrides) -> StrategicGame:
        return self.game_at(overrides)


def pennies_game(t: float) -> StrategicGame:
    """A three-player game with a totally mixed equilibrium whose probabilities move with ``t``:
    Ann and Bob play matching pennies scaled by ``t``; Cy gains from matching Ann, and everyone's
    payoffs depend on Cy's action a little (so the game is a genuine three-player one)."""
    shape = (2, 2, 2)
    ann, bob, cy = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for a, b, c in np.ndindex(*shape):
        match = 1.0 if a == b else -1.0
        ann[a, b, c] = t * match + (0.5 if c == 0 else 0.0) * (a == 0)
        bob[a, b, c] = -match + (0.25 if c == 1 else 0.0) * (b == 1)
        cy[a, b, c] = (2.0 if a == c else 0.0) - (1.0 if b == c else 0.0)
    return StrategicGame([ann, bob, cy], players=["Ann", "Bob", "Cy"], actions=[["h", "t"]] * 3)


def duo_game(t: float) -> StrategicGame:
    """A two-player coordination game as a StrategicGame: (a, a) pays t to both, (b, b) pays 1."""
    pay = np.array([[t, 0.0], [0.0, 1.0]])
    return StrategicGame([pay, pay], players=["Ann", "Bob"], actions=[["a", "b"]] * 2)


BUILDERS = {"pennies": pennies_game, "duo": duo_game}


def pennies_model() -> ThreePlayerModel:
    return ThreePlayerModel("pennies-3", {"t": Parameter(1.0, 0.5, 3.0)}, "pennies")


def duo_model() -> ThreePlayerModel:
    return ThreePlayerModel("duo", {"t": Parameter(2.0, 0.5, 3.0)}, "duo")
