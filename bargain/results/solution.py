"""What a solver returns, for any number of players: labelled, verified equilibria, their grouping, and the sets
of equilibria that cannot be listed one by one.

:class:`Equilibrium` holds strategies by player and action, payoffs by player,
supports and regret; an irrational one carries its exact form
(:class:`~bargain.results.algebraic.AlgebraicPoint`). :class:`Solution` is the
sequence of them with how they were found; for two players its
``components`` are the convex sets of extreme equilibria, for more its
``continua`` (:class:`Continuum`) the supports with infinitely many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

from bargain.games.strategic import StrategicGame

from .algebraic import AlgebraicPoint

Number = float | Fraction


def _number(value) -> Number:
    return value if isinstance(value, Fraction) else float(value)


@dataclass(frozen=True, eq=False, init=False)
class Equilibrium:
    """One Nash equilibrium of a game with any number of players, checked by the verifier.

    Attributes
    ----------
    game : StrategicGame
        The game it belongs to (for labels); a :class:`~bargain.games.Game` for two players.
    profile : tuple of tuples
        Probability of each action, one tuple per player (row player then
        column player for two). Floats, or :class:`~fractions.Fraction` when
        the equilibrium is rational and was solved exactly.
    payoffs : tuple of numbers
        Expected payoff of each player.
    regret : number
        The largest gain any player could make by deviating to a pure
        action, as measured by the verifier (exactly ``Fraction(0)`` in exact mode).
    algebraic : AlgebraicPoint or None
        For an equilibrium with irrational probabilities found by exact
        methods: its exact form, which the verifier checked in exact arithmetic.
        ``profile`` then holds the nearest floats.

    Examples
    --------
    >>> from bargain import Game, solve
    >>> pennies = Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("Even", "Odd"),
    ...                actions=(["heads", "tails"], ["heads", "tails"]))
    >>> eq = solve(pennies, exact=True)[0]
    >>> eq.strategies["Odd"], eq.payoff["Even"]
    ({'heads': Fraction(1, 2), 'tails': Fraction(1, 2)}, Fraction(0, 1))
    >>> eq.supports, eq.pure, eq.regret, eq.certified
    ((('heads', 'tails'), ('heads', 'tails')), False, Fraction(0, 1), True)
    """

    game: StrategicGame = field(repr=False)
    profile: tuple[tuple[Number, ...], ...]
    payoffs: tuple[Number, ...]
    regret: Number
    algebraic: AlgebraicPoint | None = field(default=None, repr=False)

    def __init__(self, game, profile, payoffs, regret, algebraic=None):
        vars(self).update(game=game, profile=profile, payoffs=payoffs, regret=regret, algebraic=algebraic)

    def strategy(self, player: int | str) -> np.ndarray:
        """One player's mixed strategy (by name or index) as a float array."""
        return np.array([float(p) for p in self.profile[self.game.player_index(player)]])

    @property
    def row(self) -> np.ndarray:
        """Row (first) player's mixed strategy as a float array."""
        return np.array([float(p) for p in self.profile[0]])

    @property
    def col(self) -> np.ndarray:
        """Column (second) player's mixed strategy as a float array."""
        return np.array([float(p) for p in self.profile[1]])

    @property
    def exact(self) -> bool:
        """True when the probabilities are exact fractions."""
        return isinstance(self.regret, Fraction)

    @property
    def certified(self) -> bool:
        """True when the equilibrium was checked in exact arithmetic (rational or algebraic)."""
        return self.exact or self.algebraic is not None

    @property
    def strategies(self) -> dict[str, dict[str, Number]]:
        """``{player: {action: probability}}`` for both players."""
        return {
            player: dict(zip(self.game.actions[k], self.profile[k], strict=True))
            for k, player in enumerate(self.game.players)
        }

    @property
    def payoff(self) -> dict[str, Number]:
        """``{player: expected payoff}``."""
        return dict(zip(self.game.players, self.payoffs, strict=True))

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """Labels of the actions played with positive probability, per player."""
        return tuple(
            tuple(a for a, p in zip(actions, mix, strict=True) if p > 0)
            for actions, mix in zip(self.game.actions, self.profile, strict=True)
        )

    @property
    def support_indices(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the actions played with positive probability, per player."""
        return tuple(tuple(i for i, p in enumerate(mix) if p > 0) for mix in self.profile)

    @property
    def pure(self) -> bool:
        """True when each player puts all weight on one action."""
        return all(len(s) == 1 for s in self.support_indices)

    def __repr__(self) -> str:
        parts = []
        for player, strategy in self.strategies.items():
            mix = ", ".join(f"{a}={p}" for a, p in strategy.items() if p > 0)
            parts.append(f"{player}: {mix}")
        return f"Equilibrium({'; '.join(parts)})"


@dataclass(frozen=True, eq=False)
class Continuum:
    """A support profile whose equilibrium conditions have infinitely many solutions.

    The indifference equations of the support have a solution set of positive
    dimension. When :attr:`samples` is not empty, those verified equilibria lie
    on it, so the game has a continuum of equilibria there; when it is empty,
    no sampled point satisfied the inequalities and the support is left
    undecided (the :class:`Solution` is then not ``complete``).

    Attributes
    ----------
    support : tuple of tuples of str
        Actions played with positive probability, per player.
    dimension : int
        Dimension of the (complex) solution set of the equations (-1 when the
        equations could not be solved exactly, so it is unknown).
    free : tuple of str
        Probabilities that can be chosen freely on it (as ``"player:action"``).
    equations : tuple of str
        The equations that cut it out (a reduced Gröbner basis), in the
        probability variables ``p[player:action]``.
    samples : tuple of Equilibrium
        Verified equilibria on the set.
    reason : str
        Why the support is listed here.
    """

    support: tuple[tuple[str, ...], ...]
    dimension: int
    free: tuple[str, ...]
    equations: tuple[str, ...]
    samples: tuple[Equilibrium, ...] = ()
    reason: str = "the equilibrium conditions of this support have infinitely many solutions"
    #: The unknowns of :attr:`basis`: (player index, action index) of each probability.
    variables: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    #: The equations as polynomials ``{exponents: Fraction}`` in :attr:`variables`.
    basis: tuple[dict, ...] = field(default=(), repr=False)

    @property
    def decided(self) -> bool:
        """True when verified equilibria were found on the set."""
        return bool(self.samples)

    def contains(self, game: StrategicGame, profile, tol: float = 1e-9) -> bool:
        """True when ``profile`` has exactly this support and solves the equations (within ``tol``).

        Together with the verifier this tells whether an equilibrium found
        elsewhere lies on this set.
        """
        support = tuple(tuple(game.actions[k][a] for a, p in enumerate(mix) if p > tol)
                        for k, mix in enumerate(profile))
        if support != self.support or not self.variables:
            return False
        values = [profile[k][a] for k, a in self.variables]
        for poly in self.basis:
            total = 0
            for e, c in poly.items():
                term = c
                for v, x in zip(values, e, strict=True):
                    term = term * v**x if x else term
                total += term
            if abs(total) > tol:
                return False
        return True


@dataclass(frozen=True, eq=False, init=False)
class Solution(Sequence):
    """Every equilibrium a method found, with how it was found, for any number of players.

    A :class:`Solution` is a sequence of :class:`Equilibrium`. For two players
    and the complete methods (``auto``, ``vertex``, ``support``) these are all
    the extreme equilibria, and :attr:`components` lists the maximal convex sets
    of them: each component is a tuple of indices into the solution, and every
    convex combination of its row strategies with its column strategies is again
    an equilibrium. For more players (``enumpoly``) they are the isolated
    equilibria, each found once, and sets of equilibria of positive dimension
    are in :attr:`continua`, each with verified sample points.

    Attributes
    ----------
    game : StrategicGame
        A :class:`~bargain.games.Game` for two players.
    method : str
        The method that produced the result, as resolved (``auto`` names
        the path it took, e.g. ``"auto:exact"``).
    equilibria : tuple of Equilibrium
    components : tuple of tuples of int
    degenerate : bool
        Whether the game is degenerate (some mixed strategy has more pure best
        responses than actions in its support). The solver stores it in
        ``degenerate_hint``: a bool when it settled the question while solving,
        else a function of no arguments that settles it on first access (so a
        solve that never asks pays nothing). ``None`` when nobody said.
    complete : bool
        True when the method guarantees that every extreme equilibrium is listed
        (for more than two players: listed, or lying in a decided continuum).
    tolerance : float
        The regret the verifier accepted (0 in exact mode).
    options : dict
        Parameters the method was called with, for provenance; in float mode,
        ``"float_trouble"`` when floats could not certify the game (see
        :attr:`verified`).
    eliminated : tuple of (player, action) pairs
        For iterated dominance: the actions removed, in order.
    stopped : str or None
        Why a complete method ended before it was done, in words (a time limit
        or an interrupt, and how far the search had come); :attr:`complete` is
        then False and the equilibria listed are the verified ones found so
        far. ``None`` when it ran to the end.
    continua : tuple of Continuum
        Supports with infinitely many equilibria (``samples`` verified), or
        undecided (no sample found; see :attr:`undecided`).
    stats : dict
        Counters of the run (support profiles examined, pruned, solved...).
    interrupted : bool
        True when an n-player enumeration was stopped before the end (so
        ``complete`` is False).

    Examples
    --------
    A degenerate game: against ``up`` the column player is indifferent, so
    ``up`` with any mixture of ``left`` and ``right`` is an equilibrium. The
    two extreme equilibria form one component, a continuum.

    >>> from bargain import Game, solve
    >>> g = Game([[1, 1], [0, 0]], [[1, 1], [0, 0]], actions=(["up", "down"], ["left", "right"]))
    >>> sol = solve(g, exact=True)
    >>> len(sol), sol.components, sol.continuum, sol.degenerate
    (2, ((0, 1),), True, True)
    >>> [eq.supports for eq in sol]
    [(('up',), ('left',)), (('up',), ('right',))]
    >>> sol.complete, sol.exact, sol.undecided
    (True, True, ())

    Three players, the third indifferent between its two actions: two pure
    equilibria, and every mixture of the third player's between them is one
    too, a continuum with verified samples.

    >>> from bargain.nplayer import StrategicGame, solve as solve_n
    >>> sol = solve_n(StrategicGame([[[[1, 0]]], [[[0, 1]]], [[[1, 1]]]]))
    >>> len(sol), sol.continuum, sol.degenerate, sol.undecided, sol.continua[0].support
    (2, True, True, (), (('a1',), ('a1',), ('a1', 'a2')))
    """

    game: StrategicGame
    method: str
    equilibria: tuple[Equilibrium, ...]
    components: tuple[tuple[int, ...], ...] = ()
    degenerate_hint: bool | Callable[[], bool] | None = None
    complete: bool = True
    tolerance: float = 0.0
    options: dict = field(default_factory=dict)
    eliminated: tuple[tuple[str, str], ...] = ()
    stopped: str | None = None
    continua: tuple[Continuum, ...] = ()
    stats: dict = field(default_factory=dict)
    interrupted: bool = False

    def __init__(self, game, method, equilibria, components=(), degenerate_hint=None, complete=True,
                 tolerance=0.0, options=None, eliminated=(), stopped=None, continua=(), stats=None,
                 interrupted=False):
        # the fields set in one step (a solve of a small game is a few dozen microseconds)
        vars(self).update(game=game, method=method, equilibria=equilibria, components=components,
                          degenerate_hint=degenerate_hint, complete=complete, tolerance=tolerance,
                          options={} if options is None else options, eliminated=eliminated, stopped=stopped,
                          continua=continua, stats={} if stats is None else stats, interrupted=interrupted)

    def __getitem__(self, index):
        return self.equilibria[index]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    @cached_property
    def degenerate(self) -> bool | None:
        """True when the game is degenerate (see the class docstring)."""
        hint = self.degenerate_hint
        return bool(hint()) if callable(hint) else hint

    @property
    def continuum(self) -> bool:
        """True when the game was shown to have infinitely many equilibria: some component has more than one
        extreme point, or some continuum has verified equilibria on it."""
        return any(len(c) > 1 for c in self.components) or any(c.decided for c in self.continua)

    @property
    def undecided(self) -> tuple[Continuum, ...]:
        """The supports whose sets of solutions could not be decided."""
        return tuple(c for c in self.continua if not c.decided)

    @property
    def exact(self) -> bool:
        """True when every equilibrium is an exact rational one."""
        return bool(self.equilibria) and all(eq.exact for eq in self.equilibria)

    @property
    def verified(self) -> bool:
        """False when float arithmetic could not certify the equilibria (``options["float_trouble"]`` says why).

        A game whose payoff differences floats cannot resolve is solved exactly
        instead when it is small; a larger one keeps its float results, marked
        unverified.
        """
        return self.options.get("verified", True)

    def __repr__(self) -> str:
        extra = f", continua={len(self.continua)}" if self.continua else ""
        return (
            f"Solution({len(self)} equilibria of {self.game!r}, method={self.method!r}, "
            f"components={len(self.components)}, degenerate={self.degenerate}{extra})"
        )


__all__ = ["AlgebraicPoint", "Continuum", "Equilibrium", "Number", "Solution"]
