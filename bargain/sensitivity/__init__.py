"""How the equilibria move when the assumptions move.

Three questions, three functions:

* :func:`sweep` solves a model at every value of one parameter (or on a grid of
  two) and follows each equilibrium from one value to the next;
* :func:`thresholds` finds the parameter values where the set of equilibria
  changes, bracketed on a grid and then bisected to ``1e-9``;
* :func:`montecarlo` draws every parameter from its plausible range and reports
  how often each outcome holds, with confidence intervals;
* :func:`prediction_at` and :func:`predict_robustness` say which equilibrium each
  selection criterion picks, and how often it picks each outcome over the ranges.

How the points are solved (method, tolerance, workers, a dask cluster, a
progress bar) is one value, :class:`SolveOptions`, or its fields as keywords.

A *model* here is anything with a ``parameters`` mapping (name to an object
with ``value``, ``low``, ``high`` and ``unit``) and a ``game(**overrides)``
method returning a :class:`~bargain.games.Game` -- a :class:`bargain.model.Model`
or a small class of your own.

Every solve is complete (all extreme equilibria) and verified. Points are
solved in batches (:mod:`bargain.equilibria.batch`: vectorised support
enumeration with a nondegeneracy certificate; any point it is unsure of goes to
:func:`bargain.solve`). The work can run serially, on local processes
(``workers=N``) or on a dask cluster (``backend="tcp://host:8786"`` or a
``distributed.Client``); the results are the same, in the same order,
whichever runs them, because the batches are the same and the tracking and
counting happen afterwards in one place. See ``docs/sensitivity.md``.

Modules: :mod:`~bargain.sensitivity.options` (:class:`SolveOptions`),
:mod:`~bargain.sensitivity.engine` (solving many points),
:mod:`~bargain.sensitivity.held`, :mod:`~bargain.sensitivity.signature`,
:mod:`~bargain.sensitivity.sweeps` with :mod:`~bargain.sensitivity.tracking`,
:mod:`~bargain.sensitivity.threshold`, :mod:`~bargain.sensitivity.monte_carlo`
with :mod:`~bargain.sensitivity.stats`, and :mod:`~bargain.sensitivity.affine`
(payoffs at many points at once).
"""

from __future__ import annotations

from .engine import CHUNK, linspace, solve_points
from .held import Held, hold
from .monte_carlo import DISTRIBUTIONS, MonteCarlo, draw, montecarlo
from .options import COMPLETE_METHODS, SensitivityError, SolveOptions
from .prediction import Prediction, Robustness, predict_robustness, prediction_at
from .signature import Signature, Support, support_label
from .stats import Z95, Frequency, Mean, mean_interval, wilson
from .sweeps import Sweep, SweepRecord, sweep, sweep2
from .threshold import THRESHOLD_TOL, Threshold, thresholds

__all__ = [
    "CHUNK",
    "COMPLETE_METHODS",
    "DISTRIBUTIONS",
    "THRESHOLD_TOL",
    "Z95",
    "Frequency",
    "Held",
    "Mean",
    "Prediction",
    "Robustness",
    "MonteCarlo",
    "SensitivityError",
    "Signature",
    "SolveOptions",
    "Support",
    "Sweep",
    "SweepRecord",
    "Threshold",
    "draw",
    "hold",
    "linspace",
    "mean_interval",
    "montecarlo",
    "predict_robustness",
    "prediction_at",
    "solve_points",
    "support_label",
    "sweep",
    "sweep2",
    "thresholds",
    "wilson",
]
