"""What an n-player solver returns: labelled, verified equilibria, and the sets it could not list.

The classes here keep the attribute names of the two-player
:class:`bargain.solution.Equilibrium` and :class:`bargain.solution.Solution`
(``profile``, ``payoffs``, ``regret``, ``strategies``, ``payoff``,
``supports``, ``pure``, ``exact``, ``method``, ``complete``, ``components``…),
with one tuple entry per player instead of a pair, so code written against
the two-player results reads these unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from bargain.games.strategic import StrategicGame

Number = float | Fraction


@dataclass(frozen=True)
class AlgebraicPoint:
    """Exact form of an equilibrium whose probabilities are irrational.

    Every probability is ``g(alpha)`` for one polynomial ``g`` with rational
    coefficients, where ``alpha`` is the only root of the irreducible
    polynomial :attr:`polynomial` inside :attr:`interval`.

    Attributes
    ----------
    polynomial : tuple of Fraction
        Coefficients of the minimal polynomial of ``alpha``, constant term first.
    interval : pair of Fraction
        An interval ``(lo, hi)`` holding exactly one real root of it, ``alpha``.
    coordinates : tuple of tuples of tuples of Fraction
        ``coordinates[player][action]`` are the coefficients (constant term first)
        of the polynomial that gives that probability from ``alpha``.

    Examples
    --------
    ``alpha = sqrt(2)`` and a strategy ``(alpha - 1, 2 - alpha)``:

    >>> point = AlgebraicPoint((Fraction(-2), Fraction(0), Fraction(1)), (Fraction(1), Fraction(2)),
    ...                        (((Fraction(-1), Fraction(1)), (Fraction(2), Fraction(-1))),))
    >>> [round(p, 12) for p in point.floats()[0]]
    [0.414213562373, 0.585786437627]
    >>> point.describe()
    ('alpha = 1.41421356237309, the root of alpha^2 - 2 between 1.41421356237309 and 1.41421356237309', \
'p[0][0] = alpha - 1', 'p[0][1] = -alpha + 2')
    """

    polynomial: tuple[Fraction, ...]
    interval: tuple[Fraction, Fraction]
    coordinates: tuple[tuple[tuple[Fraction, ...], ...], ...]

    def refined(self, width: Fraction = Fraction(1, 2**64)) -> tuple[Fraction, Fraction]:
        """An isolating interval of ``alpha`` no wider than ``width``, by exact bisection."""
        from ._univariate import bisect

        return bisect(self.polynomial, self.interval, width)

    def floats(self) -> tuple[tuple[float, ...], ...]:
        """The probabilities as the nearest floats (errors below 1e-17 before rounding)."""
        from ._univariate import interval_value

        lo, hi = self.refined()
        out = []
        for player in self.coordinates:
            values = []
            for g in player:
                a, b = interval_value(g, lo, hi)
                values.append(float((a + b) / 2))
            out.append(tuple(values))
        return tuple(out)

    def describe(self) -> tuple[str, ...]:
        """Readable lines: what ``alpha`` is, then each probability as a polynomial in it."""
        from ._univariate import poly_text

        lo, hi = self.refined(Fraction(1, 10**15))
        lines = [f"alpha = {float((lo + hi) / 2):.15g}, the root of {poly_text(self.polynomial, 'alpha')} "
                 f"between {float(lo):.15g} and {float(hi):.15g}"]
        for k, mix in enumerate(self.coordinates):
            for a, g in enumerate(mix):
                if len(g) > 1:
                    lines.append(f"p[{k}][{a}] = {poly_text(g, 'alpha')}")
        return tuple(lines)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One Nash equilibrium of a game with any number of players, checked by the verifier.

    Attributes
    ----------
    game : StrategicGame
        The game it belongs to (for labels).
    profile : tuple of tuples
        Probability of each action, one tuple per player. Fractions when the
        equilibrium is rational and was solved exactly, floats otherwise.
    payoffs : tuple of numbers
        Expected payoff of each player.
    regret : number
        The largest gain any player could make by deviating to a pure action,
        as measured by the verifier (exactly ``Fraction(0)`` in exact mode).
    algebraic : AlgebraicPoint or None
        For an equilibrium with irrational probabilities found by exact
        methods: its exact form, which the verifier checked in exact arithmetic.
        ``profile`` then holds the nearest floats.

    Examples
    --------
    >>> from bargain.nplayer import StrategicGame, solve
    >>> g = StrategicGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], players=["Even", "Odd"],
    ...                   actions=[["heads", "tails"], ["heads", "tails"]])
    >>> eq = solve(g)[0]
    >>> eq.strategies["Odd"], eq.payoff["Even"]
    ({'heads': Fraction(1, 2), 'tails': Fraction(1, 2)}, Fraction(0, 1))
    >>> eq.supports, eq.pure, eq.exact, eq.certified
    ((('heads', 'tails'), ('heads', 'tails')), False, True, True)
    """

    game: StrategicGame = field(repr=False)
    profile: tuple[tuple[Number, ...], ...]
    payoffs: tuple[Number, ...]
    regret: Number
    algebraic: AlgebraicPoint | None = field(default=None, repr=False)

    @property
    def exact(self) -> bool:
        """True when the probabilities are exact fractions."""
        return isinstance(self.regret, Fraction)

    @property
    def certified(self) -> bool:
        """True when the equilibrium was checked in exact arithmetic (rational or algebraic)."""
        return self.exact or self.algebraic is not None

    def strategy(self, player: int | str) -> np.ndarray:
        """One player's mixed strategy as a float array."""
        return np.array([float(p) for p in self.profile[self.game.player_index(player)]])

    @property
    def row(self) -> np.ndarray:
        """First player's strategy as a float array (as in the two-player results)."""
        return self.strategy(0)

    @property
    def col(self) -> np.ndarray:
        """Second player's strategy as a float array (as in the two-player results)."""
        return self.strategy(1)

    @property
    def strategies(self) -> dict[str, dict[str, Number]]:
        """``{player: {action: probability}}``."""
        return {
            player: dict(zip(self.game.actions[k], self.profile[k], strict=True))
            for k, player in enumerate(self.game.players)
        }

    @property
    def payoff(self) -> dict[str, Number]:
        """``{player: expected payoff}``."""
        return dict(zip(self.game.players, self.payoffs, strict=True))

    @property
    def support_indices(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the actions played with positive probability, per player."""
        return tuple(tuple(i for i, p in enumerate(mix) if p > 0) for mix in self.profile)

    @property
    def supports(self) -> tuple[tuple[str, ...], ...]:
        """Labels of the actions played with positive probability, per player."""
        return tuple(
            tuple(self.game.actions[k][i] for i in support) for k, support in enumerate(self.support_indices)
        )

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


@dataclass(frozen=True, eq=False)
class Solution(Sequence):
    """Every equilibrium a method found in an n-player game, with how it was found.

    A sequence of :class:`Equilibrium`. For ``enumpoly`` these are the
    isolated equilibria (each found exactly once, in its own support); sets of
    equilibria with positive dimension are in :attr:`continua`, each with
    verified sample points.

    Attributes
    ----------
    game : StrategicGame
    method : str
    equilibria : tuple of Equilibrium
    continua : tuple of Continuum
        Supports with infinitely many equilibria (``samples`` verified), or
        undecided (no sample found).
    complete : bool
        True when the method guarantees every equilibrium is listed here or
        lies in one of the decided continua.
    tolerance : float
        The regret the verifier accepted for float equilibria (0 when all exact).
    options : dict
        Parameters of the call, for provenance.
    stats : dict
        Counters of the run (support profiles examined, pruned, solved...).
    interrupted : bool
        True when the run was stopped before the end (so ``complete`` is False).
    components : tuple of tuples of int
        For two-player games solved by the polytope methods: the convex sets of
        extreme equilibria, as in :class:`bargain.solution.Solution`.

    Examples
    --------
    >>> from bargain.nplayer import StrategicGame, solve
    >>> g = StrategicGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], players=["A", "B"])
    >>> sol = solve(g)
    >>> len(sol), sol.complete, sol.exact, sol.continuum
    (3, True, True, False)
    """

    game: StrategicGame
    method: str
    equilibria: tuple[Equilibrium, ...]
    continua: tuple[Continuum, ...] = ()
    complete: bool = True
    tolerance: float = 0.0
    options: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    interrupted: bool = False
    components: tuple[tuple[int, ...], ...] = ()
    #: As in the two-player :class:`bargain.solution.Solution` (no method here eliminates actions).
    eliminated: tuple[tuple[str, str], ...] = ()

    @property
    def verified(self) -> bool:
        """True: every equilibrium listed passed the verifier (exactly, or within :attr:`tolerance`)."""
        return True

    def __getitem__(self, index):
        return self.equilibria[index]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    @property
    def exact(self) -> bool:
        """True when every equilibrium is an exact rational one."""
        return bool(self.equilibria) and all(eq.exact for eq in self.equilibria)

    @property
    def continuum(self) -> bool:
        """True when the game was shown to have infinitely many equilibria."""
        return any(c.decided for c in self.continua) or any(len(c) > 1 for c in self.components)

    @property
    def degenerate(self) -> bool:
        """True when some support's equilibrium conditions had infinitely many solutions (for two
        players: the polytope solver's degeneracy test)."""
        if "degenerate" in self.stats:
            return bool(self.stats["degenerate"])
        return bool(self.stats.get("positive_dimensional")) or bool(self.continua)

    @property
    def undecided(self) -> tuple[Continuum, ...]:
        """The supports whose sets of solutions could not be decided."""
        return tuple(c for c in self.continua if not c.decided)

    def __repr__(self) -> str:
        extra = f", continua={len(self.continua)}" if self.continua else ""
        return (f"Solution({len(self)} equilibria of {self.game!r}, method={self.method!r}, "
                f"complete={self.complete}{extra})")


__all__ = ["AlgebraicPoint", "Continuum", "Equilibrium", "Number", "Solution"]
