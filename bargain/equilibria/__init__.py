"""Equilibrium solvers for two-player games, behind one entry point :func:`solve`.

Each algorithm lives in a module of its own and returns raw candidate
profiles; :func:`solve` passes every candidate through the verifier
(:mod:`bargain.equilibria.verify`) and wraps the survivors in a
:class:`~bargain.results.Solution`.

=================  =========================================================  =========
method             what it returns                                            complete
=================  =========================================================  =========
``auto``           every extreme equilibrium, by the fastest complete path    yes
``vertex``         every extreme equilibrium, by enumerating both polytopes   yes
``support``        every extreme equilibrium, by enumerating support pairs    yes
``pure``           the pure-strategy equilibria                               pure only
``lemke-howson``   one equilibrium per starting label (duplicates merged)     no
``zero-sum``       the minimax (maximin) equilibrium of a constant-sum game   no
``dominance``      iterated elimination of strictly dominated actions, then   yes
                   ``auto`` on what is left
=================  =========================================================  =========
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import SolverError
from ..games.normal_form import Game, as_game
from ..games.strategic import StrategicGame
from ..results.solution import Solution
from .collector import gc_paused
from .exact_search import INTERRUPTIBLE_FROM
from .verify import DEFAULT_TOL

if TYPE_CHECKING:
    from .exact_search import Progress

#: Games of at least this many cells are solved with the cyclic garbage collector held off
#: (:mod:`~bargain.equilibria.collector`); smaller ones keep a few dozen objects.
COLLECTOR_PAUSED_FROM = 36

METHODS = ("auto", "vertex", "support", "pure", "lemke-howson", "zero-sum", "dominance")


def solve(
    game: Game,
    method: str = "auto",
    *,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
    timeout: float | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> Solution:
    """Find the Nash equilibria of ``game`` and verify each one.

    Parameters
    ----------
    game : Game
        Or a :class:`~bargain.games.strategic.StrategicGame` with two players.
    method : str
        One of :data:`METHODS` (see the module docstring).
    exact : bool
        Solve in rational arithmetic and verify exactly; probabilities and
        payoffs come back as :class:`~fractions.Fraction`. Float payoffs are read
        as the shortest decimal that prints as them.
    tol : float
        Relative tolerance of the verifier: a profile is accepted when no player
        can gain more than ``tol`` times the largest absolute payoff (at least 1)
        by deviating.
    timeout : float, optional
        Seconds after which a long enumeration stops and returns the verified
        equilibria found so far, with ``complete`` False and ``stopped`` saying
        why. Ctrl-C stops it the same way. It bounds exact mode, and ``auto`` on
        games of at least :data:`INTERRUPTIBLE_FROM` actions per player, which then
        use the interruptible reverse search (exact pivots, results in floats)
        instead of one Qhull call that cannot be stopped (smaller games finish
        within a second or two either way).
    progress : callable, optional
        Called about ten times a second during that search with a
        :class:`~bargain.equilibria.exact_search.Progress` (vertices visited,
        equilibria found, seconds).

    Returns
    -------
    Solution

    Examples
    --------
    >>> from bargain import Game
    >>> chicken = Game([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...                actions=(["swerve", "straight"], ["swerve", "straight"]))
    >>> sol = solve(chicken, exact=True)
    >>> [eq.strategies["Row"]["straight"] for eq in sol]
    [Fraction(0, 1), Fraction(1, 10), Fraction(1, 1)]
    """
    if not isinstance(game, Game):
        if not isinstance(game, StrategicGame):
            raise SolverError(f"solve() needs a bargain.Game, got {type(game).__name__}")
        if game.n_players != 2:
            raise SolverError(f"this solver takes two-player games; this one has {game.n_players} players "
                              "(bargain.nplayer.solve takes any number)")
        game = as_game(game)
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    if not (0 < tol < 1):
        raise SolverError(f"tolerance {tol!r} must lie strictly between 0 and 1")
    if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0):
        raise SolverError(f"timeout {timeout!r} must be a positive number of seconds")
    if method == "support":  # refuse at once, before the heavy modules load
        from .limits import support_refusal

        refusal = support_refusal(*game.shape)
        if refusal is not None:
            raise SolverError(refusal)
    from . import _dispatch

    limits = _dispatch.Limits.start(timeout, progress)
    if game.A.size < COLLECTOR_PAUSED_FROM:
        return _dispatch.run(game, method, exact=exact, tol=tol, limits=limits)
    with gc_paused():  # a large solve keeps many objects, none in a cycle (see .collector)
        return _dispatch.run(game, method, exact=exact, tol=tol, limits=limits)


__all__ = ["INTERRUPTIBLE_FROM", "METHODS", "solve"]
