"""Alternating offers over a game's feasible set, without transferable utility.

Rubinstein's game played over the payoffs a two-player :class:`~bargain.game.Game`
can actually deliver: the players take turns proposing a point of the feasible
set (every lottery over action profiles), the other accepts or refuses, and an
agreement reached in round ``t`` is worth ``delta_i ** (t - 1)`` times player
``i``'s *gain* over the disagreement point. Nothing is summed across the two
players, so their payoffs may be in different units (each side's own GDP or
stock market): utility is not transferable.

Only the individually rational part of the Pareto frontier matters: a point
below it leaves something both could take. Measure payoffs as gains ``g`` over
the disagreement point; on that part of the frontier player 2's gain is a
decreasing, concave, piecewise-linear function ``f`` of player 1's.

With a deadline (``rounds=T``), backward induction: the proposer of round ``T``
takes their best point that leaves the responder no worse than disagreement;
the proposer of round ``t < T`` takes their best point that gives the
responder ``delta_responder`` times the responder's gain in round ``t + 1``.

Without a deadline, the stationary subgame-perfect equilibrium (Rubinstein
1982; Binmore, Rubinstein and Wolinsky 1986): player 1 proposes ``x``, player 2
proposes ``y``, both on the frontier, with ``g2(x) = delta2 * g2(y)`` and
``g1(y) = delta1 * g1(x)`` -- each proposer leaves the responder exactly the
discounted value of the responder's own proposal -- except where a proposer's
best point already gives the responder more (a corner). In player 1's gain
``s = g1(x)`` this is one equation ``s = T(s)`` with
``T(s) = f^-1(max(delta2 * f(max(delta1 * s, L1)), L2))``, where ``L1`` and
``L2`` are the smallest gains on the frontier. ``T`` is increasing with slope at
most ``delta1 * delta2 < 1`` (the frontier is concave and ``y`` lies left of
``x``), so the fixed point is unique. ``T`` is affine on each pair of frontier
edges holding ``y`` and ``x``, so the fixed point has a closed form per edge
pair: every pair (and each corner case) gives one candidate, and the candidate
that satisfies ``s = T(s)`` is the answer -- exact for exact games and exact
discount factors. The same contraction bounds how far the first offer with a
deadline ``T`` rounds away can be from the stationary one: by a factor
``(delta1 * delta2) ** ((T - 1) // 2)``.

As offers become frequent (``delta_i = exp(-r_i * step)``, ``step -> 0``) both
proposals converge to the asymmetric Nash bargaining solution with weights
``1 / r_i``; on a linear frontier (splitting a pie) the first proposer gains
the share ``(1 - delta2) / (1 - delta1 * delta2)`` of the pie.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bargain.errors import BargainError
from bargain.games.normal_form import Game

Number = Fraction | float

#: The most rounds solved one by one; beyond it the deadline is too far away to matter (see the error).
MAX_ROUNDS = 1_000


@dataclass(frozen=True)
class Proposal:
    """What the proposer of one round offers in the subgame-perfect equilibrium.

    Attributes
    ----------
    round : int
        The round, from 1.
    proposer, responder : str
    payoffs : pair of numbers
        The proposed payoffs, in the game's player order.
    lottery : tuple of ``((row action, column action), weight)``
        A lottery over (at most two) pure profiles that delivers :attr:`payoffs`.
    """

    round: int
    proposer: str
    responder: str
    payoffs: tuple[Number, Number]
    lottery: tuple[tuple[tuple[str, str], Number], ...]


@dataclass(frozen=True)
class Rubinstein:
    """The subgame-perfect outcome of alternating offers over a game's feasible set.

    Attributes
    ----------
    players : pair of str
    discounts : pair of numbers
        Per-round discount factors, in player order.
    rounds : int or None
        Rounds before the deadline (``None``: no deadline).
    first : str
        Who proposes in round 1.
    disagreement : pair of numbers
        Payoffs if no agreement is ever reached (or the deadline passes).
    offers : tuple of Proposal
        The equilibrium proposal of every round (the one of round 1 is
        accepted at once; the later ones are why). Without a deadline, the two
        stationary proposals, the first proposer's first.
    frontier : tuple of Vertex
        The Pareto frontier of the feasible set.
    limit : pair of numbers or None
        The first proposer's stationary proposal without a deadline (``None``
        when both discount factors are 1).

    Examples
    --------
    A pie of 10 over disagreement ``(0, 0)``, discount factors 9/10 and 4/5,
    the first player proposing: they gain ``(1 - 4/5) / (1 - 9/10 * 4/5) = 5/7``
    of it without a deadline.

    >>> pie = Game([[10, 0]], [[0, 10]], players=("US", "China"))
    >>> deal = rubinstein(pie, ("9/10", "4/5"), disagreement=(0, 0))
    >>> deal.payoff
    {'US': Fraction(50, 7), 'China': Fraction(20, 7)}
    >>> [o.proposer for o in deal.offers]
    ['US', 'China']
    """

    players: tuple[str, str]
    discounts: tuple[Number, Number]
    rounds: int | None
    first: str
    disagreement: tuple[Number, Number]
    offers: tuple[Proposal, ...]
    frontier: tuple = field(repr=False)
    limit: tuple[Number, Number] | None = None

    @property
    def payoffs(self) -> tuple[Number, Number]:
        """The agreed payoffs (the proposal of round 1, accepted at once)."""
        return self.offers[0].payoffs

    @property
    def payoff(self) -> dict[str, Number]:
        """``{player: agreed payoff}``."""
        return dict(zip(self.players, self.payoffs, strict=True))

    @property
    def gains(self) -> tuple[Number, Number]:
        """Each player's gain over the disagreement point."""
        return tuple(u - d for u, d in zip(self.payoffs, self.disagreement, strict=True))

    @property
    def lottery(self) -> tuple:
        """The lottery over pure profiles that delivers the agreement."""
        return self.offers[0].lottery


# --- the individually rational frontier, in gains ------------------------------------------------


class _Frontier:
    """The frontier from the disagreement point's view: corners in gains, by increasing gain of player 1."""

    def __init__(self, d, pieces, single, zero, one):
        from .axiomatic import _at, _lottery

        self.d, self.zero, self.one = d, zero, one
        self.edges: list = []
        if single is not None:  # the whole frontier is one point
            points, self.point = [single.payoffs], ((single.profiles[0], one),)
        else:
            points = [_at(pieces[0][0], pieces[0][1], pieces[0][2])]
            self.point = _lottery(pieces[0][0], pieces[0][1], pieces[0][2])
            for P, Q, _lo, hi in pieces:
                end = _at(P, Q, hi)
                if end != points[-1]:
                    points.append(end)
                    self.edges.append((P, Q))
        self.corners = [(u[0] - d[0], u[1] - d[1]) for u in points]

    @property
    def low(self) -> tuple[Number, Number]:
        """``(L1, L2)``: each player's smallest gain on the frontier."""
        return self.corners[0][0], self.corners[-1][1]

    def g2_of(self, s):
        """Player 2's gain at the frontier point where player 1 gains ``s``."""
        c = self.corners
        if len(c) == 1 or s <= c[0][0]:
            return c[0][1]
        for (a0, b0), (a1, b1) in zip(c, c[1:], strict=False):
            if s <= a1:
                return b0 + (s - a0) * (b1 - b0) / (a1 - a0)
        return c[-1][1]

    def g1_of(self, t):
        """Player 1's gain at the frontier point where player 2 gains ``t``."""
        c = self.corners
        if len(c) == 1 or t <= c[-1][1]:
            return c[-1][0]
        for (a0, b0), (a1, b1) in zip(c, c[1:], strict=False):
            if t >= b1:
                return a0 + (t - b0) * (a1 - a0) / (b1 - b0)
        return c[0][0]

    def best(self, proposer: int, floor):
        """The proposer's best frontier point that gives the responder a gain of at least ``floor``."""
        if proposer == 0:
            t = max(floor, self.low[1])
            return self.g1_of(t), t
        s = max(floor, self.low[0])
        return s, self.g2_of(s)

    def proposal(self, gains, k: int, players) -> Proposal:
        """A :class:`Proposal` for the frontier point where player 1 gains ``gains[0]``.

        The payoffs are interpolated on the frontier edge in the game's own
        payoffs (so a corner is reported with exactly the corner's payoffs).
        """
        from .axiomatic import _at, _lottery

        if not self.edges:
            payoffs = (self.corners[0][0] + self.d[0], self.corners[0][1] + self.d[1])
            return Proposal(0, players[k], players[1 - k], payoffs, self.point)
        u1 = gains[0] + self.d[0]
        for n, (P, Q) in enumerate(self.edges):
            if gains[0] <= self.corners[n + 1][0] or n == len(self.edges) - 1:
                t = min(max((u1 - P.payoffs[0]) / (Q.payoffs[0] - P.payoffs[0]), self.zero), self.one)
                return Proposal(0, players[k], players[1 - k], _at(P, Q, t), _lottery(P, Q, t))
        raise AssertionError("unreachable")  # pragma: no cover


# --- solving ---------------------------------------------------------------------------------------


def _stationary(front: _Frontier, d1, d2):
    """Player 1's gain ``s`` in the stationary equilibrium: the fixed point of ``T`` (see the module)."""
    c = front.corners
    L1, L2 = front.low
    G1, G2 = c[-1][0], c[0][1]

    def T(s):
        return front.g1_of(max(d2 * front.g2_of(max(d1 * s, L1)), L2))

    candidates = [front.g1_of(max(d2 * G2, L2)), G1]  # y at player 2's best point; x at player 1's
    edges = list(zip(c, c[1:], strict=False))
    for p, ((ap, bp), (ap1, bp1)) in enumerate(edges):
        mp = (bp1 - bp) / (ap1 - ap)
        for (aq, bq), (aq1, bq1) in edges[p:]:
            mq = (bq1 - bq) / (aq1 - aq)
            # f(s) = d2 * f(d1 * s) with s on edge q and d1 * s on edge p
            s = (d2 * (bp - ap * mp) - (bq - aq * mq)) / (mq - d1 * d2 * mp)
            if L1 <= s <= G1:
                candidates.append(s)
    return min(candidates, key=lambda s: abs(T(s) - s))


def _rounds_error(rounds, deltas) -> BargainError:
    product = deltas[0] * deltas[1]
    if product >= 1:
        return BargainError(
            f"rounds={rounds:,} is more than {MAX_ROUNDS:,}, the most solved round by round, and with both "
            "discount factors 1 there is no no-deadline limit to use instead"
        )
    exponent = (rounds - 1) // 2 * math.log10(float(product))
    return BargainError(
        f"rounds={rounds:,} is more than {MAX_ROUNDS:,}, the most solved round by round; a deadline that far "
        f"away moves the first offer by at most a factor (δ1·δ2)^{(rounds - 1) // 2:,} ≈ 1e{exponent:.0f} of "
        "the frontier's range: solve without a deadline instead (rounds=None, --rounds inf)"
    )


def _discounts(discounts, players) -> tuple:
    from .feasible import discount_factor as _factor

    if isinstance(discounts, Mapping):
        unknown = [p for p in discounts if p not in players]
        if unknown or len(discounts) != 2:
            raise BargainError(f"discount factors must be given for exactly {players[0]} and {players[1]}")
        discounts = tuple(discounts[p] for p in players)
    if isinstance(discounts, str) or not isinstance(discounts, Sequence) or len(discounts) != 2:
        raise BargainError("give one discount factor per player")
    return tuple(_factor(v, players[k]) for k, v in enumerate(discounts))


def rubinstein(
    game: Game,
    discounts,
    rounds: int | None = None,
    *,
    first: str | int = 0,
    disagreement=None,
) -> Rubinstein:
    """Alternating offers over the feasible set of ``game``, solved for the subgame-perfect equilibrium.

    Parameters
    ----------
    game : Game
        Its feasible set (every lottery over action profiles) is what can be agreed.
    discounts : pair of numbers or {player: number}
        Per-round discount factors in ``(0, 1]``, applied to gains over the
        disagreement point.
    rounds : int or None
        Rounds before the deadline, at most :data:`MAX_ROUNDS`; ``None`` for no
        deadline (then at least one factor must be below 1).
    first : str or int
        Who proposes in round 1.
    disagreement : see :func:`~bargain.bargaining.disagreement_point` (default: maximin values)

    Returns
    -------
    Rubinstein
        Every payoff it reports lies on the Pareto frontier of the feasible set.

    Examples
    --------
    On the triangle ``u1 + u2 <= 1`` a single round is an ultimatum; without a
    deadline equal patience gives the first proposer ``1 / (1 + delta)``.

    >>> g = Game([[1, 0], [0, 0]], [[0, 1], [0, 0]], players=("US", "China"))
    >>> rubinstein(g, ("1/2", "1/2"), rounds=1, disagreement=(0, 0)).payoffs
    (Fraction(1, 1), Fraction(0, 1))
    >>> rubinstein(g, {"US": "1/2", "China": "1/2"}, disagreement=(0, 0)).payoffs
    (Fraction(2, 3), Fraction(1, 3))
    """
    from .axiomatic import _setup

    players = tuple(game.players) if isinstance(game, Game) else ("1", "2")
    deltas = _discounts(discounts, players)
    k0 = players.index(first) if isinstance(first, str) and first in players else first
    if isinstance(k0, bool) or k0 not in (0, 1):
        raise BargainError(f"first proposer {first!r} is not one of {players[0]}, {players[1]}")
    if rounds is not None and (isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1):
        raise BargainError(f"rounds must be a positive whole number or None, got {rounds!r}")
    if rounds is None and deltas[0] * deltas[1] == 1:
        raise BargainError("without a deadline at least one discount factor must be below 1")
    if rounds is not None and rounds > MAX_ROUNDS:
        raise _rounds_error(rounds, deltas)
    d, frontier, pieces, single = _setup(game, disagreement)
    exact = all(isinstance(v, Fraction) for v in (*d, *deltas))
    if not exact:
        from .feasible import Vertex

        d = tuple(float(v) for v in d)
        deltas = tuple(float(v) for v in deltas)
        frontier = tuple(Vertex(tuple(float(x) for x in v.payoffs), v.profiles) for v in frontier)
        if single is not None:
            single = frontier[0]
        pieces = [(Vertex(tuple(float(x) for x in P.payoffs), P.profiles),
                   Vertex(tuple(float(x) for x in Q.payoffs), Q.profiles), float(lo), float(hi))
                  for P, Q, lo, hi in pieces]
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    front = _Frontier(d, pieces, single, zero, one)

    def stationary() -> tuple[tuple, tuple]:
        s = _stationary(front, deltas[0], deltas[1])
        x = (s, front.g2_of(s))
        r = max(deltas[0] * s, front.low[0])
        return x, (r, front.g2_of(r))

    limit = None
    if deltas[0] * deltas[1] < 1:
        s = _stationary(front, deltas[0], deltas[1])
        r = max(deltas[0] * s, front.low[0])
        stationary = [((s, front.g2_of(s)), 0), ((r, front.g2_of(r)), 1)][:: 1 if k0 == 0 else -1]
        limit = front.proposal(*stationary[0], players).payoffs
    if rounds is None:
        offers = [front.proposal(point, k, players) for point, k in stationary]
    else:
        proposers = [(k0 + t) % 2 for t in range(rounds)]
        points = [front.best(proposers[-1], zero)]
        for t in range(rounds - 2, -1, -1):
            responder = 1 - proposers[t]
            points.append(front.best(proposers[t], deltas[responder] * points[-1][responder]))
        points.reverse()
        offers = [front.proposal(point, k, players) for point, k in zip(points, proposers, strict=True)]
    offers = tuple(
        Proposal(t + 1, o.proposer, o.responder, o.payoffs, o.lottery) for t, o in enumerate(offers)
    )
    return Rubinstein(players, deltas, rounds, players[k0], d, offers, frontier, limit)


__all__ = ["MAX_ROUNDS", "Proposal", "Rubinstein", "rubinstein"]
