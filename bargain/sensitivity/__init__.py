"""How the equilibria move when the assumptions move.

Four questions, four functions:

* :func:`sweep` solves a model at every value of one parameter (or on a grid of
  two) and follows each equilibrium from one value to the next;
* :func:`thresholds` finds the parameter values where the set of equilibria
  changes, bracketed on a grid and then bisected to ``1e-9``;
* :func:`montecarlo` draws every parameter from its plausible range and reports
  how often each outcome holds, with confidence intervals;
* :func:`prediction_at` and :func:`predict_robustness` say which equilibrium each
  selection criterion picks, and how often it picks each outcome over the ranges.
* :func:`drivers` says which parameters decide the answer: each one's flip
  points inside its range, and a global ranking by Sobol' indices.

How the points are solved (method, tolerance, workers, a dask cluster, a
progress bar) is one value, :class:`SolveOptions`, or its fields as keywords.

A game tree (:class:`bargain.model.SequentialModel`) is analysed through its
subgame-perfect path (:mod:`~bargain.sensitivity.paths`): ``montecarlo`` counts
how often each path is played, ``sweep`` records the path at every point
(``Sweep.paths``) besides the equilibria of the reduced strategic form, and
``thresholds(..., of="spe-path")`` finds where the path changes.

A *model* here is anything with a ``parameters`` mapping (name to an object
with ``value``, ``low``, ``high`` and ``unit``) and a ``game(**overrides)``
method returning a :class:`~bargain.games.Game` (or a
:class:`~bargain.games.strategic.StrategicGame` of any number of players, solved point by
point by :mod:`bargain.nplayer`; see :mod:`~bargain.sensitivity.many`) -- a
:class:`bargain.model.Model` or a small class of your own.

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
:mod:`~bargain.sensitivity.threshold` with :mod:`~bargain.sensitivity.brackets`
(bisection), :mod:`~bargain.sensitivity.many` (games of three or more players),
:mod:`~bargain.sensitivity.monte_carlo`
with :mod:`~bargain.sensitivity.stats`, :mod:`~bargain.sensitivity.affine`
and :mod:`~bargain.sensitivity.vectorised` (payoffs at many points at once),
:mod:`~bargain.sensitivity.paths` with :mod:`~bargain.sensitivity.trees`
(game trees), :mod:`~bargain.sensitivity.progress` (progress bars),
:mod:`~bargain.sensitivity.cluster` (connecting to dask),
:mod:`~bargain.sensitivity.importance` (:func:`drivers`) with
:mod:`~bargain.sensitivity.sobol` (Sobol' indices through SALib).
"""

from __future__ import annotations

from .engine import CHUNK, linspace, solve_points
from .held import Held, hold
from .importance import Drivers, ParameterDrivers, Ranking, drivers
from .monte_carlo import DISTRIBUTIONS, MAX_SAMPLES, OUTCOMES, Interrupted, MonteCarlo, check_seed, draw, montecarlo
from .options import COMPLETE_METHODS, SensitivityError, SolveOptions
from .paths import PathSignature, is_tree, path_label, path_signature
from .prediction import Prediction, Robustness, predict_robustness, prediction_at
from .signature import Signature, Support, support_label
from .sobol import Index
from .stats import Z95, Frequency, Mean, mean_interval, wilson
from .sweeps import MAX_POINTS, Sweep, SweepRecord, sweep, sweep2
from .threshold import THRESHOLD_TOL, Threshold, thresholds
from .trees import solve_paths

__all__ = [
    "CHUNK",
    "COMPLETE_METHODS",
    "DISTRIBUTIONS",
    "Drivers",
    "MAX_POINTS",
    "MAX_SAMPLES",
    "OUTCOMES",
    "THRESHOLD_TOL",
    "Z95",
    "Frequency",
    "Held",
    "Index",
    "Interrupted",
    "Mean",
    "Prediction",
    "Robustness",
    "MonteCarlo",
    "ParameterDrivers",
    "PathSignature",
    "Ranking",
    "SensitivityError",
    "Signature",
    "SolveOptions",
    "Support",
    "Sweep",
    "SweepRecord",
    "Threshold",
    "check_seed",
    "draw",
    "drivers",
    "hold",
    "is_tree",
    "linspace",
    "mean_interval",
    "montecarlo",
    "predict_robustness",
    "prediction_at",
    "path_label",
    "path_signature",
    "solve_paths",
    "solve_points",
    "support_label",
    "sweep",
    "sweep2",
    "thresholds",
    "wilson",
]
