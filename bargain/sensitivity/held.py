"""Models with some parameters held, and models that travel to worker processes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .options import SensitivityError


def game_at(model, overrides: Mapping[str, float]):
    """The game of ``model`` at ``overrides``, without a warning for values outside the plausible range.

    A sweep leaves the plausible range on purpose (its plots shade that range
    instead): a model with a ``game_at(values)`` method builds the game
    through it; any other model through ``game(**overrides)``. A two-player
    :class:`~bargain.games.strategic.StrategicGame` comes back as a :class:`~bargain.games.Game`,
    so it takes the two-player solvers; a game of more players comes back as it is.
    """
    build = getattr(model, "game_at", None)
    game = build(dict(overrides)) if build is not None else model.game(**overrides)
    if getattr(game, "n_players", None) == 2:  # a two-player StrategicGame takes the two-player paths
        from bargain.games import as_game

        return as_game(game)
    return game


def parameter_of(model, name: str):
    parameters = getattr(model, "parameters", None)
    if parameters is None or not hasattr(model, "game"):
        raise SensitivityError(f"{model!r} is not a model: it needs .parameters and .game(**overrides)")
    if name not in parameters:
        raise SensitivityError(
            f"unknown parameter {name!r}; parameters are: {', '.join(parameters)}", source=model_name(model)
        )
    return parameters[name]


def model_name(model) -> str:
    return str(getattr(model, "name", type(model).__name__))


class ModelFile:
    """Stands in for a model that cannot be pickled: travels as its file path, re-read once per copy."""

    def __init__(self, path: str):
        self.path = path
        self._model = None

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.path, self._model = state["path"], None

    @property
    def model(self):
        """The model, read from its file on first use."""
        if self._model is None:
            from bargain.model import load_model

            self._model = load_model(self.path)
        return self._model

    def game(self, **overrides):
        """The model's game at ``overrides``."""
        return self.model.game(**overrides)

    def game_at(self, values: Mapping[str, float]):
        """The model's game at ``values``, without range warnings."""
        return game_at(self.model, values)

    def tree_at(self, values: Mapping[str, float]):
        """The model's game tree at ``values`` (a tree model only), without range warnings."""
        return self.model.tree_at(dict(values))


def portable(model):
    """``model`` itself when it pickles, else a stand-in that re-reads its file in the worker."""
    import pickle

    try:
        pickle.dumps(model)
        return model
    except Exception:  # noqa: BLE001 - any pickling failure means: send the path instead
        path = getattr(model, "path", None)
        if path is None:
            raise SensitivityError(
                f"model {model_name(model)!r} cannot be sent to worker processes (it does not pickle "
                "and has no file path); use workers=1"
            ) from None
        return ModelFile(str(path))


@dataclass(frozen=True, eq=False)
class Held:
    """A model with some parameters held at values other than its own (see :func:`hold`)."""

    model: Any
    held: tuple[tuple[str, float], ...]

    @property
    def parameters(self):
        """The model's parameters (a held parameter keeps its declared value and range here)."""
        return self.model.parameters

    @property
    def name(self) -> str:
        """The model's name."""
        return model_name(self.model)

    def game(self, **overrides):
        """The model's game with the held values, then ``overrides``, applied."""
        return self.model.game(**(dict(self.held) | overrides))

    def game_at(self, values: Mapping[str, float]):
        """The model's game with the held values, then ``values``, applied, without range warnings."""
        return game_at(self.model, dict(self.held) | dict(values))

    def tree_at(self, values: Mapping[str, float]):
        """The game tree (a tree model only) with the held values, then ``values``, applied."""
        return self.model.tree_at(dict(self.held) | dict(values))

    def __reduce__(self):
        return (Held, (portable(self.model), self.held))


def hold(model, **values: float) -> Held:
    """``model`` with the parameters in ``values`` held there for sweeps and Monte Carlo runs.

    >>> from bargain.model import load_model
    >>> held = hold(load_model("rare-earth-chicken"), us_standoff_cost=2.0)
    >>> held.game().payoff("escalate", "escalate")
    (-2.0, -1.8)
    """
    for name in values:
        parameter_of(model, name)
    game_at(model, values)  # a bad value fails here, once, with the model's own message
    return Held(model, tuple((k, float(v)) for k, v in values.items()))
