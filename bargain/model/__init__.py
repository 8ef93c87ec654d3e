"""Model files: players, actions, cited parameters and payoff terms, read into a :class:`Model`.

The only package that knows both model kinds (``matrix`` and ``sequential``);
it knows nothing of solving.
"""

from __future__ import annotations

from .matrix import (
    KINDS,
    MAX_FILE_BYTES,
    SHARE_UNITS,
    Citation,
    Model,
    Parameter,
    RangeWarning,
    Term,
    UnsupportedKindError,
    bundled_dir,
    bundled_names,
    describe,
    list_models,
    load_model,
    model_from_data,
    parse_overrides,
    read_model_file,
    term_definitions,
)

__all__ = [
    "KINDS",
    "MAX_FILE_BYTES",
    "SHARE_UNITS",
    "Citation",
    "Model",
    "Parameter",
    "RangeWarning",
    "Term",
    "UnsupportedKindError",
    "bundled_dir",
    "bundled_names",
    "describe",
    "list_models",
    "load_model",
    "model_from_data",
    "parse_overrides",
    "read_model_file",
    "term_definitions",
]
