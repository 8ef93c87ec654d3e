"""Axiomatic bargaining over the feasible set: Nash and Kalai-Smorodinsky.

* :func:`nash_bargaining` maximises the product of the two players' gains over
  the disagreement point;
* :func:`kalai_smorodinsky` takes the Pareto point on the line from the
  disagreement point to the ideal point (each player's best feasible gain).

Both work segment by segment on the Pareto frontier of the hull with closed
forms (a concave quadratic on each segment for Nash, a line intersection for
Kalai--Smorodinsky), so exact payoffs give exact answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from bargain.errors import BargainError
from bargain.games.normal_form import Game

from .feasible import BargainingSolution, Number, Vertex, cross, disagreement_point, pareto_frontier


def _clipped(frontier: Sequence[Vertex], d) -> list[tuple[Vertex, Vertex, Number, Number]]:
    """Frontier segments with the parameter range ``[lo, hi]`` where both gains are >= 0."""
    pieces = []
    for P, Q in zip(frontier, frontier[1:], strict=False):
        p, q = P.payoffs, Q.payoffs
        lo = max(Fraction(0) if not isinstance(p[0], float) else 0.0, (d[0] - p[0]) / (q[0] - p[0]))
        hi = min(Fraction(1) if not isinstance(p[0], float) else 1.0, (p[1] - d[1]) / (p[1] - q[1]))
        if lo <= hi:
            pieces.append((P, Q, lo, hi))
    return pieces


def _at(P: Vertex, Q: Vertex, t) -> tuple[Number, Number]:
    p, q = P.payoffs, Q.payoffs
    return p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])


def _lottery(P: Vertex, Q: Vertex, t) -> tuple:
    if t == 0:
        return ((P.profiles[0], 1 - t),)
    if t == 1:
        return ((Q.profiles[0], t),)
    return ((P.profiles[0], 1 - t), (Q.profiles[0], t))


def _setup(game: Game, disagreement):
    if not isinstance(game, Game):
        raise BargainError(f"bargaining needs a bargain.Game, got {type(game).__name__}")
    d = disagreement_point(game, disagreement)
    frontier = pareto_frontier(game)
    if not game.is_exact or not all(isinstance(v, Fraction) for v in d):
        d = tuple(float(v) for v in d)
        frontier = tuple(Vertex(tuple(float(x) for x in v.payoffs), v.profiles) for v in frontier)
    if len(frontier) == 1:
        point = frontier[0].payoffs
        if point[0] < d[0] or point[1] < d[1]:
            raise _infeasible(d)
        return d, frontier, [], frontier[0]
    pieces = _clipped(frontier, d)
    if not pieces:
        raise _infeasible(d)
    return d, frontier, pieces, None


def _infeasible(d) -> BargainError:
    return BargainError(
        f"no feasible payoff pair gives both players at least the disagreement point "
        f"({float(d[0]):g}, {float(d[1]):g})"
    )


def nash_bargaining(game: Game, disagreement=None) -> BargainingSolution:
    """The Nash bargaining solution over the feasible set of ``game``.

    Maximises ``(u1 - d1) * (u2 - d2)`` over the feasible payoff pairs that give
    each player at least the disagreement payoff ``d``. On each frontier
    segment the product is a concave quadratic in the segment parameter, so
    its maximiser has a closed form.

    Parameters
    ----------
    game : Game
    disagreement : see :func:`disagreement_point` (default: maximin values)

    Returns
    -------
    BargainingSolution

    Examples
    --------
    The triangle ``u1 + u2 <= 1`` with ``d = (0, 0)`` splits evenly; moving
    the disagreement point to ``(1/2, 0)`` gives the first player half of
    what is left on top of it.

    >>> g = Game([[1, 0], [0, 0]], [[0, 1], [0, 0]])
    >>> nash_bargaining(g, (0, 0)).payoffs
    (Fraction(1, 2), Fraction(1, 2))
    >>> nash_bargaining(g, ("1/2", 0)).payoffs
    (Fraction(3, 4), Fraction(1, 4))
    """
    d, frontier, pieces, single = _setup(game, disagreement)
    if single is not None:
        return BargainingSolution("nash", game.players, single.payoffs, d, ((single.profiles[0], 1),), frontier)
    best = None
    for P, Q, lo, hi in pieces:
        a = (P.payoffs[0] - d[0], P.payoffs[1] - d[1])
        b = (Q.payoffs[0] - P.payoffs[0], Q.payoffs[1] - P.payoffs[1])
        t = -(a[0] * b[1] + a[1] * b[0]) / (2 * b[0] * b[1])
        t = min(max(t, lo), hi)
        point = _at(P, Q, t)
        score = (point[0] - d[0]) * (point[1] - d[1])
        if best is None or score > best[0]:
            best = (score, point, _lottery(P, Q, t))
    return BargainingSolution("nash", game.players, best[1], d, best[2], frontier)


def kalai_smorodinsky(game: Game, disagreement=None) -> BargainingSolution:
    """The Kalai--Smorodinsky solution over the feasible set of ``game``.

    The ideal point gives each player the most they can get in a feasible
    agreement that leaves the other at least their disagreement payoff; the
    solution is the Pareto point on the segment from the disagreement point
    towards the ideal point, so gains stay in the ratio of the ideal gains.

    Parameters
    ----------
    game : Game
    disagreement : see :func:`disagreement_point` (default: maximin values)

    Returns
    -------
    BargainingSolution

    Examples
    --------
    On the set with corners ``(0, 0), (1, 0), (1/2, 1), (0, 1)`` (Nash gives
    ``(1/2, 1)``) the ideal point is ``(1, 1)`` and the solution ``(2/3, 2/3)``.

    >>> g = Game([[1, "1/2"], [0, 0]], [[0, 1], [1, 0]])
    >>> ks = kalai_smorodinsky(g, (0, 0))
    >>> ks.ideal, ks.payoffs
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(2, 3), Fraction(2, 3)))
    """
    d, frontier, pieces, single = _setup(game, disagreement)
    if single is not None:
        return BargainingSolution(
            "kalai-smorodinsky", game.players, single.payoffs, d, ((single.profiles[0], 1),), frontier,
            single.payoffs,
        )
    first = _at(pieces[0][0], pieces[0][1], pieces[0][2])
    last = _at(pieces[-1][0], pieces[-1][1], pieces[-1][3])
    ideal = (last[0], first[1])
    c = (ideal[0] - d[0], ideal[1] - d[1])
    best = None
    for P, Q, lo, hi in pieces:
        b = (Q.payoffs[0] - P.payoffs[0], Q.payoffs[1] - P.payoffs[1])
        r = (d[0] - P.payoffs[0], d[1] - P.payoffs[1])
        det = -b[0] * c[1] + c[0] * b[1]
        if det == 0:
            continue
        t = (-r[0] * c[1] + c[0] * r[1]) / det
        s = (b[0] * r[1] - b[1] * r[0]) / det
        if lo <= t <= hi and s >= 0 and (best is None or s > best[0]):
            best = (s, _at(P, Q, t), _lottery(P, Q, t))
    if best is None:  # the ray meets the frontier only at a corner lost to round-off
        corner = min(pieces, key=lambda piece: abs(cross(d, ideal, piece[0].payoffs)))[0]
        best = (None, corner.payoffs, ((corner.profiles[0], 1),))
    return BargainingSolution("kalai-smorodinsky", game.players, best[1], d, best[2], frontier, ideal)
