"""One entry point for n-player games: :func:`solve`.

=============  ====================================================  ==========
method         what it returns                                       complete
=============  ====================================================  ==========
``auto``       ``enumpoly`` when the game is small enough, else      small games
               ``simpdiv`` (two-player games: the polytope methods)
``enumpoly``   every equilibrium, by support enumeration and exact   yes
               polynomial solving; continua flagged with samples
``pure``       the pure-strategy equilibria                          pure only
``simpdiv``    one equilibrium, by simplicial subdivision, refined   no
               to an exact one where possible
=============  ====================================================  ==========
"""

from __future__ import annotations

from bargain.errors import SolverError
from bargain.games.strategic import as_strategic
from bargain.results.solution import Solution

from .enumpoly import MAX_SUPPORT_PROFILES, enumerate_equilibria, support_profile_count
from .path import simplicial_equilibrium
from .pure import pure_equilibria
from .verify import DEFAULT_TOL

METHODS = ("auto", "enumpoly", "pure", "simpdiv")


def solve(game, method: str = "auto", *, exact: bool | None = None, tol: float = DEFAULT_TOL,
          max_profiles: int = MAX_SUPPORT_PROFILES, progress=None) -> Solution:
    """Find and verify the equilibria of a game with any number of players.

    Parameters
    ----------
    game : StrategicGame or bargain.Game
    method : str
        One of :data:`METHODS` (see the module docstring).
    exact : bool, optional
        Exact results (default: when every payoff is rational).
    tol : float
        Relative tolerance of the float verifier.
    max_profiles : int
        Largest number of support profiles ``enumpoly`` accepts (``auto``
        switches to ``simpdiv`` beyond it; ``enumpoly`` refuses).
    progress : callable, optional
        ``progress(done, total)`` during ``enumpoly``.

    Examples
    --------
    >>> from bargain.nplayer import read_nfg
    >>> sol = solve(read_nfg("tests/data/nplayer/nau2004-sec4.nfg"))
    >>> len(sol), sol[0].exact, sol[0].certified
    (1, False, True)
    >>> [round(float(p), 6) for p in sol[0].strategy("Player 1")]
    [0.619233, 0.380767]
    >>> sol[0].algebraic.describe()[0].startswith("alpha = ")
    True
    """
    game = as_strategic(game)
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    if not 0 < tol < 1:
        raise SolverError(f"tolerance {tol!r} must lie strictly between 0 and 1")
    if method == "pure":
        return pure_equilibria(game, exact=exact, tol=tol)
    if method == "simpdiv":
        return simplicial_equilibrium(game, exact=exact, tol=tol)
    if method == "auto" and game.n_players > 2 and support_profile_count(game.shape) > max_profiles:
        from dataclasses import replace

        solution = simplicial_equilibrium(game, exact=exact, tol=tol)
        options = dict(solution.options, reason=f"{support_profile_count(game.shape)} support profiles "
                                                f"exceed {max_profiles}")
        return replace(solution, method="auto:simpdiv", options=options)
    return enumerate_equilibria(game, exact=exact, tol=tol, max_profiles=max_profiles, progress=progress)


__all__ = ["METHODS", "solve"]
