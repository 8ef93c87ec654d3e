"""The feasible set of a two-player game and the disagreement point bargaining starts from.

The feasible set is the convex hull of the pure payoff pairs of a
:class:`~bargain.games.Game`: every payoff pair some lottery over action
profiles can deliver. Its Pareto frontier is where bargaining ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real
from typing import NamedTuple

from bargain.errors import BargainError
from bargain.games.normal_form import Game, to_fraction

Number = Fraction | float


class Vertex(NamedTuple):
    """A corner of the feasible set and the pure profiles that reach it."""

    payoffs: tuple[Number, Number]
    profiles: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BargainingSolution:
    """A point chosen by an axiomatic bargaining solution.

    Attributes
    ----------
    method : str
        ``"nash"`` or ``"kalai-smorodinsky"``.
    players : pair of str
    payoffs : pair of numbers
        The agreed payoffs.
    disagreement : pair of numbers
        The disagreement point it was measured against.
    lottery : tuple of ``((row action, column action), weight)``
        A lottery over pure profiles that delivers :attr:`payoffs` (at most two
        profiles, the ends of the frontier segment the point lies on).
    frontier : tuple of Vertex
        The Pareto frontier of the feasible set, by increasing payoff of the
        first player.
    ideal : pair of numbers or None
        The ideal point (Kalai--Smorodinsky only).

    Examples
    --------
    >>> from bargain.bargaining import nash_bargaining
    >>> g = Game([[3, 0], [0, 1]], [[1, 0], [0, 3]], players=("US", "China"))
    >>> deal = nash_bargaining(g, (0, 0))
    >>> deal.payoff, deal.gains
    ({'US': Fraction(2, 1), 'China': Fraction(2, 1)}, (Fraction(2, 1), Fraction(2, 1)))
    >>> deal.lottery  # a fair coin between the two pure agreements
    ((('r2', 'c2'), Fraction(1, 2)), (('r1', 'c1'), Fraction(1, 2)))
    """

    method: str
    players: tuple[str, str]
    payoffs: tuple[Number, Number]
    disagreement: tuple[Number, Number]
    lottery: tuple[tuple[tuple[str, str], Number], ...]
    frontier: tuple[Vertex, ...] = field(repr=False)
    ideal: tuple[Number, Number] | None = None

    @property
    def gains(self) -> tuple[Number, Number]:
        """Each player's gain over the disagreement point."""
        return tuple(u - d for u, d in zip(self.payoffs, self.disagreement, strict=True))

    @property
    def payoff(self) -> dict[str, Number]:
        """``{player: agreed payoff}``."""
        return dict(zip(self.players, self.payoffs, strict=True))


# --- the feasible set ------------------------------------------------------------------


def _points(game: Game) -> list[Vertex]:
    A, B = game.exact_payoffs() if game.is_exact else (game.A.tolist(), game.B.tolist())
    found: dict[tuple, list] = {}
    for i, row in enumerate(game.actions[0]):
        for j, col in enumerate(game.actions[1]):
            found.setdefault((A[i][j], B[i][j]), []).append((row, col))
    return [Vertex(point, tuple(profiles)) for point, profiles in found.items()]


def cross(o, a, b) -> Number:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _hull(points: list[Vertex]) -> list[Vertex]:
    """Vertices of the convex hull, counter-clockwise, without collinear points."""
    ordered = sorted(points, key=lambda v: v.payoffs)
    if len(ordered) <= 2:
        return ordered

    def chain(seq):
        out: list[Vertex] = []
        for v in seq:
            while len(out) >= 2 and cross(out[-2].payoffs, out[-1].payoffs, v.payoffs) <= 0:
                out.pop()
            out.append(v)
        return out

    lower, upper = chain(ordered), chain(reversed(ordered))
    return lower[:-1] + upper[:-1]


def pareto_frontier(game: Game) -> tuple[Vertex, ...]:
    """The Pareto-optimal corners of the feasible set, by increasing first payoff.

    Consecutive corners bound a segment of the frontier; every point of it is
    a lottery over the two corners' profiles.

    >>> g = Game([[2, 0], [0, 1]], [[1, 0], [0, 2]], actions=(["a", "b"], ["a", "b"]))
    >>> [v.payoffs for v in pareto_frontier(g)]
    [(Fraction(1, 1), Fraction(2, 1)), (Fraction(2, 1), Fraction(1, 1))]
    """
    hull = _hull(_points(game))
    if len(hull) == 1:
        return tuple(hull)
    east = max(range(len(hull)), key=lambda k: hull[k].payoffs)
    north = max(range(len(hull)), key=lambda k: (hull[k].payoffs[1], hull[k].payoffs[0]))
    chain = [hull[east]]
    k = east
    while k != north:
        k = (k + 1) % len(hull)
        chain.append(hull[k])
    return tuple(reversed(chain))


# --- disagreement point -------------------------------------------------------------------


def _security(game: Game, k: int) -> Number:
    """Player ``k``'s mixed maximin value: what they can guarantee whatever the other does."""
    from bargain.equilibria import solve

    if game.is_exact:
        matrix = [list(row) for row in game.exact_payoffs()[k]]
    else:
        matrix = (game.A if k == 0 else game.B).tolist()
    if k == 1:
        matrix = [list(col) for col in zip(*matrix, strict=True)]
    zero_sum = Game(matrix, [[-v for v in row] for row in matrix])
    solution = solve(zero_sum, exact=game.is_exact)
    return solution[0].payoffs[0]


def disagreement_point(game: Game, spec=None) -> tuple[Number, Number]:
    """Resolve a disagreement point.

    Parameters
    ----------
    game : Game
    spec : None, str, pair or mapping
        ``None`` or ``"maximin"``: each player's mixed security level (the
        payoff they can guarantee alone -- the natural no-deal outcome when no
        profile is designated). ``"pure-maximin"``: the same over pure
        actions. A pair of action labels ``(row, column)``: the payoffs of that
        profile. A pair of numbers, or ``{player: number}``: the point itself.

    Examples
    --------
    >>> g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["c", "d"], ["c", "d"]))
    >>> disagreement_point(g, ("d", "d")), disagreement_point(g, "pure-maximin")
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(1, 1)))
    >>> disagreement_point(g, {"Row": 0, "Column": "1/2"})
    (Fraction(0, 1), Fraction(1, 2))
    """
    exact = game.is_exact
    if spec is None or spec == "maximin":
        return _security(game, 0), _security(game, 1)
    if spec == "pure-maximin":
        A, B = game.exact_payoffs() if exact else (game.A.tolist(), game.B.tolist())
        row = max(min(r) for r in A)
        col = max(min(B[i][j] for i in range(len(B))) for j in range(len(B[0])))
        return row, col
    if isinstance(spec, Mapping):
        missing = [p for p in game.players if p not in spec]
        extra = [p for p in spec if p not in game.players]
        if missing or extra:
            raise BargainError(
                f"disagreement point needs exactly the players {', '.join(game.players)}; "
                f"got {', '.join(map(str, spec)) or 'none'}"
            )
        spec = tuple(spec[p] for p in game.players)
    if isinstance(spec, Sequence) and not isinstance(spec, str) and len(spec) == 2:
        if all(isinstance(s, str) for s in spec) and all(
            s in game.actions[k] for k, s in enumerate(spec)
        ):
            i, j = game.index(0, spec[0]), game.index(1, spec[1])
            if exact:
                A, B = game.exact_payoffs()
                return A[i][j], B[i][j]
            return float(game.A[i, j]), float(game.B[i, j])
        try:
            values = tuple(to_fraction(v) for v in spec)
        except BargainError:
            raise BargainError(
                f"disagreement point {spec!r} is neither two numbers nor a (row, column) action pair"
            ) from None
        if all(isinstance(v, (int, Fraction, str)) for v in spec):
            return values
        return tuple(float(v) for v in values)
    raise BargainError(
        f"disagreement point {spec!r}: use 'maximin', 'pure-maximin', a (row, column) action pair "
        "or two numbers"
    )


def discount_factor(value, name: str) -> Number:
    """A discount factor in (0, 1], kept exact when given exactly; ``name`` says whose it is in errors."""
    if isinstance(value, bool) or not isinstance(value, (Real, str)):
        raise BargainError(f"discount factor of {name} must be a number, got {value!r}")
    exact = to_fraction(value)
    number = exact if not isinstance(value, float) else float(value)
    if not 0 < number <= 1:
        raise BargainError(f"discount factor of {name} is {value}; it must lie in (0, 1]")
    return number
