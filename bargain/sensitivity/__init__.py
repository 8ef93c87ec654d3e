"""How the answer moves with the assumptions: sweeps, exact thresholds, Monte Carlo."""

from __future__ import annotations

from .engine import *  # noqa: F403
from .engine import __all__  # noqa: F401
