"""Model files: players, actions, cited parameters and payoff terms, read into a model.

The only package that knows both model kinds: :class:`Model` (``matrix``, in
:mod:`~bargain.model.matrix`) and :class:`~bargain.model.tree.SequentialModel`
(``sequential``, in :mod:`~bargain.model.tree`). It knows nothing of solving.

Modules: :mod:`~bargain.model.expr` (the safe expression evaluator),
:mod:`~bargain.model.parameters` (parameters, ranges, the checks both kinds
share), :mod:`~bargain.model.reader` (reading TOML fields), the two kinds,
:mod:`~bargain.model.files` (finding and loading files) and
:mod:`~bargain.model.sources` (checking quotes against the articles).
"""

from __future__ import annotations

from .files import bundled_dir, bundled_names, list_models, load_model, parse_overrides
from .matrix import Model, Term, model_from_data
from .parameters import SHARE_UNITS, Citation, OutOfRange, Parameter, RangeWarning
from .reader import KINDS, MAX_FILE_BYTES, UnsupportedKindError, read_model_file
from .tree import SequentialModel

__all__ = [
    "KINDS",
    "MAX_FILE_BYTES",
    "SHARE_UNITS",
    "Citation",
    "Model",
    "OutOfRange",
    "Parameter",
    "RangeWarning",
    "SequentialModel",
    "Term",
    "UnsupportedKindError",
    "bundled_dir",
    "bundled_names",
    "list_models",
    "load_model",
    "model_from_data",
    "parse_overrides",
    "read_model_file",
]
