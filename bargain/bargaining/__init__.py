"""Bargaining over the feasible set of a game: Nash, Kalai-Smorodinsky, alternating offers."""

from __future__ import annotations

from .rubinstein import *  # noqa: F403
from .rubinstein import __all__  # noqa: F401
