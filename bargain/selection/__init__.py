"""Which equilibrium to expect, and why: selection criteria with their reasons in numbers.

=====================  ===================================================================
criterion              picks
=====================  ===================================================================
``payoff-dominance``   the equilibrium no other one beats for any player (if unique)
``risk-dominance``     the strict equilibrium with the largest Nash product of deviation
                       losses against every other strict equilibrium (Harsanyi-Selten)
``qre``                the limit of the logit quantal response equilibrium branch that
                       starts at the centroid (McKelvey-Palfrey; followed as Turocy 2005)
``tracing``            the end of the Harsanyi-Selten tracing procedure from a prior
``commitment``         the subgame-perfect outcome when either side moves first, if the
                       two orders agree
=====================  ===================================================================

A game tree has one more reading, :func:`subgame_perfect` (``"subgame-perfect"``):
backward induction, located among the equilibria of the tree's reduced normal form.

Every criterion works on payoff arrays for any number of players (commitment:
two players); a :class:`~bargain.Game` or :class:`~bargain.Solution` is read
with its labels.

>>> from bargain import Game
>>> from bargain.selection import select, agreement
>>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
>>> select(stag, "risk-dominance").label
'hare / hare'
"""

from __future__ import annotations

from ._deps import SelectionError
from ._homotopy import PathError, StepControl
from .api import CRITERIA, Agreement, agreement, predict, select
from .commitment import commitment, commitment_readings
from .dominance import deviation_losses, payoff_dominance, risk_dominance
from .problem import Problem, as_problem, pure_equilibria
from .qre import QREPath, qre, qre_at, qre_path
from .result import FIELDS, Selection
from .subgame_perfect import SUBGAME_PERFECT, subgame_perfect
from .tracing import tracing, tracing_path

__all__ = [
    "CRITERIA",
    "FIELDS",
    "Agreement",
    "PathError",
    "Problem",
    "QREPath",
    "Selection",
    "SUBGAME_PERFECT",
    "SelectionError",
    "StepControl",
    "agreement",
    "as_problem",
    "commitment",
    "commitment_readings",
    "deviation_losses",
    "payoff_dominance",
    "predict",
    "pure_equilibria",
    "qre",
    "qre_at",
    "qre_path",
    "risk_dominance",
    "select",
    "subgame_perfect",
    "tracing",
    "tracing_path",
]
