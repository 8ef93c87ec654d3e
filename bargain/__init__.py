"""bargain: turn a negotiation into a game, solve it completely, and watch the answer move.

>>> import bargain
>>> g = bargain.Game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
>>> len(bargain.solve(g))
3
"""

from __future__ import annotations

from importlib import import_module

from .errors import BargainError, FormatError, GameError, ModelError, SolverError, SourceError
from .games.normal_form import Game
from .games.strategic import StrategicGame
from .results.solution import Equilibrium, Solution

__version__ = "0.1.0"

# Heavier parts load on first use, so `import bargain` and the CLI start fast.
_LAZY = {
    "solve": ("bargain.equilibria", "solve"),
    "verify": ("bargain.equilibria.verify", "verify_profile"),
    "load_model": ("bargain.model", "load_model"),
    "list_models": ("bargain.model", "list_models"),
    "Model": ("bargain.model", "Model"),
    "read_nfg": ("bargain.games.nfg", "read_nfg"),
    "write_nfg": ("bargain.games.nfg", "write_nfg"),
    "sweep": ("bargain.sensitivity", "sweep"),
    "thresholds": ("bargain.sensitivity", "thresholds"),
    "montecarlo": ("bargain.sensitivity", "montecarlo"),
    "prediction_at": ("bargain.sensitivity", "prediction_at"),
    "predict_robustness": ("bargain.sensitivity", "predict_robustness"),
    "drivers": ("bargain.sensitivity", "drivers"),
    "SequentialGame": ("bargain.games.sequential", "SequentialGame"),
    "nash_bargaining": ("bargain.bargaining", "nash_bargaining"),
    "kalai_smorodinsky": ("bargain.bargaining", "kalai_smorodinsky"),
    "alternating_offers": ("bargain.bargaining", "alternating_offers"),
    "select": ("bargain.selection", "select"),
    "predict": ("bargain.selection", "predict"),
    "Selection": ("bargain.selection", "Selection"),
    "qre_path": ("bargain.selection", "qre_path"),
    "qre_at": ("bargain.selection", "qre_at"),
    "rubinstein": ("bargain.bargaining.alternating", "rubinstein"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bargain' has no attribute {name!r}")


__all__ = [
    "BargainError",
    "Equilibrium",
    "FormatError",
    "Game",
    "GameError",
    "ModelError",
    "Solution",
    "SolverError",
    "SourceError",
    "StrategicGame",
    *_LAZY,
]
