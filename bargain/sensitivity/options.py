"""How the many games of a sweep, a threshold search or a Monte Carlo run are solved: one value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from bargain.equilibria.verify import DEFAULT_TOL
from bargain.errors import BargainError

#: Solver methods that find every extreme equilibrium, the only ones a sensitivity analysis can use.
COMPLETE_METHODS = ("auto", "vertex", "support")


class SensitivityError(BargainError, ValueError):
    """A sweep, threshold search or Monte Carlo run was asked for something impossible."""


@dataclass(frozen=True)
class SolveOptions:
    """How to solve the points of :func:`~bargain.sensitivity.sweep`, :func:`~bargain.sensitivity.thresholds`
    and :func:`~bargain.sensitivity.montecarlo`.

    Attributes
    ----------
    method : str
        A complete solver method of :func:`bargain.solve`: ``auto``, ``vertex`` or ``support``.
    tol : float
        Relative tolerance of the verifier.
    workers : int
        Local processes to use (1 = in this process).
    backend
        ``None`` (serial when ``workers == 1``, else local processes), ``"serial"``,
        ``"processes"``, a dask scheduler address such as ``"tcp://127.0.0.1:8786"``
        or a ``distributed.Client``.
    progress : bool or callable
        Show a progress bar, or call back with the number of points just finished.
    fast : bool
        Solve the points of a task together (vectorised support enumeration with a
        nondegeneracy certificate); ``False`` calls :func:`bargain.solve` at every point.

    The functions also take these as keywords (``sweep(m, p, v, workers=4)``),
    which override the fields of ``options``.

    >>> SolveOptions(workers=4).with_keywords(method="vertex")
    SolveOptions(method='vertex', tol=1e-09, workers=4, backend=None, progress=False, fast=True)
    """

    method: str = "auto"
    tol: float = DEFAULT_TOL
    workers: int = 1
    backend: Any = None
    progress: bool | Callable[[int], None] = False
    fast: bool = True

    def __post_init__(self) -> None:
        if self.method not in COMPLETE_METHODS:
            raise SensitivityError(f"method {self.method!r} is not complete; use 'auto', 'vertex' or 'support'")
        if isinstance(self.workers, bool) or int(self.workers) != self.workers or self.workers < 1:
            raise SensitivityError(f"workers must be at least 1, got {self.workers}")

    def with_keywords(self, **keywords) -> SolveOptions:
        """These options with the given fields replaced; an unknown keyword is an error."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(keywords) - known)
        if unknown:
            raise TypeError(f"unexpected keyword argument {unknown[0]!r}; SolveOptions fields are: {', '.join(known)}")
        return replace(self, **keywords) if keywords else self


def resolve(options: SolveOptions | None, keywords: Mapping[str, Any]) -> SolveOptions:
    """``options`` (default :class:`SolveOptions`) with ``keywords`` applied on top."""
    if options is not None and not isinstance(options, SolveOptions):
        raise SensitivityError(f"options must be a SolveOptions, got {type(options).__name__}")
    return (options or SolveOptions()).with_keywords(**keywords)


__all__ = ["COMPLETE_METHODS", "SensitivityError", "SolveOptions", "resolve"]
