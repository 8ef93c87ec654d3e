"""Bargaining over a two-player game or a model.

:mod:`~bargain.bargaining.feasible` (the feasible set, its Pareto frontier, the
disagreement point), :mod:`~bargain.bargaining.axiomatic` (Nash and
Kalai-Smorodinsky) and :mod:`~bargain.bargaining.rubinstein` (alternating
offers before a deadline, and :func:`bargain_model` over a model).
"""

from __future__ import annotations

from .axiomatic import kalai_smorodinsky, nash_bargaining
from .feasible import BargainingSolution, Vertex, disagreement_point, pareto_frontier
from .rubinstein import SOLUTIONS, AlternatingOffers, Offer, alternating_offers, bargain_model, rubinstein_share

__all__ = [
    "SOLUTIONS",
    "AlternatingOffers",
    "BargainingSolution",
    "Offer",
    "Vertex",
    "alternating_offers",
    "bargain_model",
    "disagreement_point",
    "kalai_smorodinsky",
    "nash_bargaining",
    "pareto_frontier",
    "rubinstein_share",
]
