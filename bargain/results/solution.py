"""What a solver returns: labelled, verified equilibria and their grouping."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

from bargain.games.normal_form import Game

Number = float | Fraction


def _number(value) -> Number:
    return value if isinstance(value, Fraction) else float(value)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One Nash equilibrium, checked by the verifier.

    Attributes
    ----------
    game : Game
        The game it belongs to (for labels).
    profile : pair of tuples
        Probability of each action, row player then column player. Floats, or
        :class:`~fractions.Fraction` in exact mode.
    payoffs : pair of numbers
        Expected payoff of each player.
    regret : number
        The largest gain either player could make by deviating to a pure
        action, as measured by the verifier (0 in exact mode).

    Examples
    --------
    >>> from bargain import Game, solve
    >>> pennies = Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("Even", "Odd"),
    ...                actions=(["heads", "tails"], ["heads", "tails"]))
    >>> eq = solve(pennies, exact=True)[0]
    >>> eq.strategies["Odd"], eq.payoff["Even"]
    ({'heads': Fraction(1, 2), 'tails': Fraction(1, 2)}, Fraction(0, 1))
    >>> eq.supports, eq.pure, eq.regret
    ((('heads', 'tails'), ('heads', 'tails')), False, Fraction(0, 1))
    """

    game: Game = field(repr=False)
    profile: tuple[tuple[Number, ...], tuple[Number, ...]]
    payoffs: tuple[Number, Number]
    regret: Number

    @property
    def row(self) -> np.ndarray:
        """Row player's mixed strategy as a float array."""
        return np.array([float(p) for p in self.profile[0]])

    @property
    def col(self) -> np.ndarray:
        """Column player's mixed strategy as a float array."""
        return np.array([float(p) for p in self.profile[1]])

    @property
    def exact(self) -> bool:
        """True when the probabilities are exact fractions."""
        return isinstance(self.regret, Fraction)

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
    def supports(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Labels of the actions played with positive probability, per player."""
        return tuple(
            tuple(a for a, p in zip(self.game.actions[k], self.profile[k], strict=True) if p > 0)
            for k in (0, 1)
        )

    @property
    def support_indices(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Indices of the actions played with positive probability, per player."""
        return tuple(tuple(i for i, p in enumerate(self.profile[k]) if p > 0) for k in (0, 1))

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
class Solution(Sequence):
    """Every equilibrium a method found, with how it was found.

    A :class:`Solution` is a sequence of :class:`Equilibrium`. For the complete
    methods (``auto``, ``vertex``, ``support``) these are all the extreme
    equilibria, and :attr:`components` lists the maximal convex sets of them:
    each component is a tuple of indices into the solution, and every convex
    combination of its row strategies with its column strategies is again an
    equilibrium.

    Attributes
    ----------
    game : Game
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
        True when the method guarantees that every extreme equilibrium is listed.
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
    >>> sol.complete, sol.exact
    (True, True)
    """

    game: Game
    method: str
    equilibria: tuple[Equilibrium, ...]
    components: tuple[tuple[int, ...], ...] = ()
    degenerate_hint: bool | Callable[[], bool] | None = None
    complete: bool = True
    tolerance: float = 0.0
    options: dict = field(default_factory=dict)
    eliminated: tuple[tuple[str, str], ...] = ()
    stopped: str | None = None

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
        """True when some component has more than one extreme point, so the game has
        infinitely many equilibria."""
        return any(len(c) > 1 for c in self.components)

    @property
    def exact(self) -> bool:
        """True when the equilibria are exact fractions."""
        return bool(self.equilibria) and self.equilibria[0].exact

    @property
    def verified(self) -> bool:
        """False when float arithmetic could not certify the equilibria (``options["float_trouble"]`` says why).

        A game whose payoff differences floats cannot resolve is solved exactly
        instead when it is small; a larger one keeps its float results, marked
        unverified.
        """
        return self.options.get("verified", True)

    def __repr__(self) -> str:
        return (
            f"Solution({len(self)} equilibria of {self.game!r}, method={self.method!r}, "
            f"components={len(self.components)}, degenerate={self.degenerate})"
        )
