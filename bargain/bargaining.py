"""Cooperative and alternating-offers bargaining over a two-player game.

Two axiomatic solutions pick a point of the *feasible set* -- the convex hull of
the pure payoff pairs of a :class:`~bargain.game.Game`, that is every payoff
pair some lottery over action profiles can deliver -- against a *disagreement
point*:

* :func:`nash_bargaining` maximises the product of the two players' gains over
  the disagreement point;
* :func:`kalai_smorodinsky` takes the Pareto point on the line from the
  disagreement point to the ideal point (each player's best feasible gain).

Both work segment by segment on the Pareto frontier of the hull with closed
forms (a concave quadratic on each segment for Nash, a line intersection for
Kalai--Smorodinsky), so exact payoffs give exact answers.

:func:`alternating_offers` is Rubinstein's game with a deadline over a pie that
is transferable (one good, in one unit for both players): the players take
turns proposing a split of a surplus, payoffs shrink by each player's discount
factor per round, and when the last round's offer is refused both get the
disagreement payoffs. It is solved by backward induction; with ``rounds=None``
it gives the infinite-horizon split. Over a game, whose players' payoffs need
not share a unit, use :func:`bargain.alternating.rubinstein`: the same game
played over the feasible set, without transfers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real
from typing import NamedTuple

from .errors import BargainError
from .game import Game, to_fraction

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


def _cross(o, a, b) -> Number:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _hull(points: list[Vertex]) -> list[Vertex]:
    """Vertices of the convex hull, counter-clockwise, without collinear points."""
    ordered = sorted(points, key=lambda v: v.payoffs)
    if len(ordered) <= 2:
        return ordered

    def chain(seq):
        out: list[Vertex] = []
        for v in seq:
            while len(out) >= 2 and _cross(out[-2].payoffs, out[-1].payoffs, v.payoffs) <= 0:
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
    from .equilibria import solve

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


# --- the two axiomatic solutions ---------------------------------------------------------


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
        corner = min(pieces, key=lambda piece: abs(_cross(d, ideal, piece[0].payoffs)))[0]
        best = (None, corner.payoffs, ((corner.profiles[0], 1),))
    return BargainingSolution("kalai-smorodinsky", game.players, best[1], d, best[2], frontier, ideal)


# --- alternating offers ------------------------------------------------------------------


class Offer(NamedTuple):
    """The equilibrium proposal of one round: shares of the surplus, as of that round."""

    round: int
    proposer: str
    responder: str
    proposer_share: Number
    responder_share: Number


@dataclass(frozen=True)
class AlternatingOffers:
    """The subgame-perfect outcome of alternating offers with a deadline.

    Attributes
    ----------
    players : pair of str
    discounts : pair of numbers
        Per-round discount factors of the two players.
    rounds : int or None
        Rounds before the deadline (``None``: no deadline).
    first : str
        Who proposes in round 1.
    surplus : number
        What a deal adds over the disagreement point, in total.
    disagreement : pair of numbers
        Payoffs when the deadline passes without a deal.
    offers : tuple of Offer
        What the proposer of each round would offer there (the equilibrium
        offer of round 1 is accepted at once, the later ones are what makes it
        so). Without a deadline, the two stationary offers.

    Examples
    --------
    Two rounds, the US proposing first: China, proposer of the last round,
    could take everything then, so the US must offer it 4/5 of the surplus now.

    >>> deal = alternating_offers(("9/10", "4/5"), rounds=2, players=("US", "China"), surplus=10,
    ...                           disagreement=(-1, -2))
    >>> deal.shares, deal.payoffs
    ({'US': Fraction(1, 5), 'China': Fraction(4, 5)}, {'US': Fraction(1, 1), 'China': Fraction(6, 1)})
    >>> deal.limit  # the US share without a deadline
    Fraction(5, 7)
    """

    players: tuple[str, str]
    discounts: tuple[Number, Number]
    rounds: int | None
    first: str
    surplus: Number
    disagreement: tuple[Number, Number]
    offers: tuple[Offer, ...]

    @property
    def shares(self) -> dict[str, Number]:
        """Each player's share of the surplus in the deal struck in round 1."""
        offer = self.offers[0]
        return {offer.proposer: offer.proposer_share, offer.responder: offer.responder_share}

    @property
    def payoffs(self) -> dict[str, Number]:
        """Each player's payoff: disagreement payoff plus their share of the surplus."""
        shares = self.shares
        return {p: d + shares[p] * self.surplus for p, d in zip(self.players, self.disagreement, strict=True)}

    @property
    def limit(self) -> Number:
        """The first proposer's share without a deadline, ``(1 - dr) / (1 - dp * dr)``."""
        k = self.players.index(self.first)
        return rubinstein_share(self.discounts[k], self.discounts[1 - k])


def _factor(value, name: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (Real, str)):
        raise BargainError(f"discount factor of {name} must be a number, got {value!r}")
    exact = to_fraction(value)
    number = exact if not isinstance(value, float) else float(value)
    if not 0 < number <= 1:
        raise BargainError(f"discount factor of {name} is {value}; it must lie in (0, 1]")
    return number


def rubinstein_share(proposer_discount, responder_discount) -> Number:
    """The first proposer's share of a unit surplus without a deadline.

    ``(1 - d_r) / (1 - d_p * d_r)`` for discount factors ``d_p`` (proposer) and
    ``d_r`` (responder).

    >>> rubinstein_share(Fraction(9, 10), Fraction(9, 10))
    Fraction(10, 19)
    """
    dp, dr = _factor(proposer_discount, "the proposer"), _factor(responder_discount, "the responder")
    if dp * dr == 1:
        raise BargainError("without a deadline at least one discount factor must be below 1")
    return (1 - dr) / (1 - dp * dr)


def alternating_offers(
    discounts,
    rounds: int | None = None,
    *,
    players: Sequence[str] = ("1", "2"),
    first: str | int = 0,
    surplus=1,
    disagreement=(0, 0),
) -> AlternatingOffers:
    """Solve alternating offers over a surplus by backward induction.

    In round ``t`` (from 1) one player proposes a split of the surplus and the
    other accepts or refuses; refusing passes the proposal to them in round
    ``t + 1``. A deal in round ``t`` is worth ``delta_i ** (t - 1)`` times the
    share to player ``i``. If the offer of the last round (``rounds``) is
    refused, the deadline passes and both get their disagreement payoffs. A
    responder accepts when indifferent.

    So the proposer of the last round takes the whole surplus, and the proposer
    of round ``t`` offers the responder exactly what the responder would get as
    proposer in round ``t + 1``, discounted by one round:
    ``share(t) = 1 - delta_responder * share(t + 1)``.

    Parameters
    ----------
    discounts : pair of numbers or {player: number}
        Per-round discount factors in ``(0, 1]``.
    rounds : int or None
        Rounds before the deadline; ``None`` for no deadline (the stationary
        split ``(1 - d2) / (1 - d1 d2)`` for the first proposer).
    players : pair of str
    first : str or int
        Who proposes in round 1.
    surplus : number
        Size of the pie over the disagreement point.
    disagreement : pair of numbers
        Payoffs if the deadline passes; the agreed payoffs are these plus the
        shares of the surplus.

    Returns
    -------
    AlternatingOffers

    Examples
    --------
    One round is the ultimatum game; two rounds leave the responder what they
    could take next round, discounted.

    >>> alternating_offers((Fraction(1, 2), Fraction(1, 2)), rounds=1).shares
    {'1': Fraction(1, 1), '2': Fraction(0, 1)}
    >>> alternating_offers((Fraction(1, 2), Fraction(3, 4)), rounds=2).shares
    {'1': Fraction(1, 4), '2': Fraction(3, 4)}
    """
    names = tuple(players)
    if len(names) != 2 or names[0] == names[1]:
        raise BargainError(f"alternating offers needs two distinct players, got {names!r}")
    if isinstance(discounts, Mapping):
        unknown = [p for p in discounts if p not in names]
        if unknown or len(discounts) != 2:
            raise BargainError(f"discount factors must be given for exactly {names[0]} and {names[1]}")
        discounts = tuple(discounts[p] for p in names)
    if len(discounts) != 2:
        raise BargainError("give one discount factor per player")
    deltas = tuple(_factor(v, names[k]) for k, v in enumerate(discounts))
    k0 = names.index(first) if isinstance(first, str) else int(first)
    if isinstance(first, str) and first not in names or k0 not in (0, 1):
        raise BargainError(f"first proposer {first!r} is not one of {names[0]}, {names[1]}")
    pie = _exact_or_float(surplus, "surplus")
    if pie < 0:
        raise BargainError(f"surplus is {surplus}; it must not be negative")
    d = tuple(_exact_or_float(v, "disagreement payoff") for v in disagreement)
    if len(d) != 2:
        raise BargainError("give one disagreement payoff per player")
    if rounds is None:
        offers = []
        for k in (k0, 1 - k0):
            share = rubinstein_share(deltas[k], deltas[1 - k])
            offers.append(Offer(len(offers) + 1, names[k], names[1 - k], share, 1 - share))
        return AlternatingOffers(names, deltas, None, names[k0], pie, d, tuple(offers))
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise BargainError(f"rounds must be a positive whole number, got {rounds!r}")
    one = Fraction(1) if all(isinstance(x, Fraction) for x in deltas) else 1.0
    shares = [one] * rounds
    for t in range(rounds - 2, -1, -1):
        responder = (k0 + t + 1) % 2
        shares[t] = one - deltas[responder] * shares[t + 1]
    offers = tuple(
        Offer(t + 1, names[(k0 + t) % 2], names[(k0 + t + 1) % 2], s, one - s) for t, s in enumerate(shares)
    )
    return AlternatingOffers(names, deltas, rounds, names[k0], pie, d, offers)


def _exact_or_float(value, what: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (Real, str)):
        raise BargainError(f"{what} must be a number, got {value!r}")
    exact = to_fraction(value)
    return float(value) if isinstance(value, float) else exact


# --- models -------------------------------------------------------------------------------------

SOLUTIONS = ("nash", "ks", "rubinstein")


def parse_assignments(text: str, what: str) -> dict[str, float]:
    """Read ``"US=0.9,China=0.95"`` into ``{"US": 0.9, "China": 0.95}``.

    >>> parse_assignments("US=0.9, China=19/20", "--discount")
    {'US': 0.9, 'China': 0.95}
    """
    result: dict[str, float] = {}
    for item in text.split(","):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise BargainError(f"{what} expects NAME=VALUE[,NAME=VALUE], got {text!r}")
        try:
            result[name] = float(Fraction(value))
        except (ValueError, ZeroDivisionError):
            raise BargainError(f"{what}: {value!r} (for {name}) is not a number") from None
    return result


def parse_disagreement(text: str | None):
    """Read a disagreement point as written on the command line.

    ``maximin`` or ``pure-maximin``; ``ROW,COLUMN`` (an action profile);
    ``PLAYER=VALUE,PLAYER=VALUE`` (the point itself). ``None`` stays ``None``.

    >>> parse_disagreement("US=-2,China=1"), parse_disagreement("escalate,hold")
    ({'US': -2.0, 'China': 1.0}, ('escalate', 'hold'))
    """
    if text is None:
        return None
    text = text.strip()
    if text in ("maximin", "pure-maximin"):
        return text
    if "=" in text:
        return parse_assignments(text, "--disagreement")
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 2 and all(parts):
        return tuple(parts)
    raise BargainError(
        f"--disagreement {text!r}: use maximin, pure-maximin, ROW,COLUMN or PLAYER=VALUE,PLAYER=VALUE"
    )


def _no_deal(model, values) -> tuple[Number, Number] | None:
    spec = getattr(model, "bargaining", None)
    if spec is None:
        return None
    return model.payoffs(**values)[spec.no_deal]


def bargain_model(
    model,
    solution: str = "nash",
    *,
    rounds: int | None | str = "model",
    discounts: Mapping[str, float] | None = None,
    disagreement=None,
    **overrides: float,
):
    """Bargaining over a model at the given parameter values -- a plain function to sweep.

    Parameters
    ----------
    model : Model or SequentialModel
    solution : {"nash", "ks", "rubinstein"}
    rounds : int, None or "model"
        Rubinstein only: rounds before the deadline (``None``: no deadline;
        ``"model"``: the model's ``[bargaining]`` table, else no deadline).
    discounts : {player: factor}, optional
        Rubinstein only: per-round discount factors, replacing the model's.
    disagreement : optional
        As for :func:`disagreement_point`. Default: the model's no-deal leaf
        when it has a ``[bargaining]`` table, else the maximin values.
    **overrides
        Parameter values.

    Returns
    -------
    BargainingSolution or ~bargain.alternating.Rubinstein
        Rubinstein's alternating offers run over the game's feasible set with
        non-transferable utility (see :func:`bargain.alternating.rubinstein`).

    Examples
    --------
    Three monthly rounds before the August deadline, the US proposing first and
    last. At a 62% supply share the US takes its best feasible payoff, 0; at
    90% no deal costs the US more and China less, and the US concedes part of it.

    >>> from bargain.model import load_model
    >>> m = load_model("august-deadline")
    >>> [[round(v, 3) for v in bargain_model(m, "rubinstein", china_share=s).payoffs] for s in (0.62, 0.9)]
    [[0.0, 3.0], [-0.441, 3.26]]
    """
    if solution not in SOLUTIONS:
        raise BargainError(f"unknown bargaining solution {solution!r}; choose one of: {', '.join(SOLUTIONS)}")
    values = model.values(**overrides)
    if solution != "rubinstein":
        if rounds != "model" or discounts:
            raise BargainError("--rounds and --discount apply to the rubinstein solution only")
        game = model.game(**values)
        point = disagreement if disagreement is not None else _no_deal(model, values)
        method = nash_bargaining if solution == "nash" else kalai_smorodinsky
        return method(game, point)
    return _model_offers(model, values, rounds, discounts, disagreement)


def _model_offers(model, values, rounds, discounts, disagreement):
    """Alternating offers over the model's game: its feasible set, no transfers between the players."""
    from .alternating import rubinstein

    players = model.players
    game = model.game(**values)
    base, given, default_rounds, first = "maximin", {}, None, players[0]
    if getattr(model, "bargaining", None) is not None:
        terms = model.deadline(**values)
        base, given = terms.disagreement, dict(zip(players, terms.discounts, strict=True))
        default_rounds, first = terms.rounds, terms.first
    if disagreement is not None:
        base = disagreement
    merged = {**given, **(discounts or {})}
    unknown = [p for p in merged if p not in players]
    if unknown:
        raise BargainError(f"--discount names {unknown[0]!r}, not a player; players are: {', '.join(players)}")
    missing = [p for p in players if p not in merged]
    if missing:
        raise BargainError(f"no discount factor for {missing[0]}; give --discount "
                           + ",".join(f"{p}=0.9" for p in players))
    horizon = default_rounds if rounds == "model" else rounds
    return rubinstein(game, merged, horizon, first=first, disagreement=base)


__all__ = [
    "SOLUTIONS",
    "bargain_model",
    "parse_assignments",
    "parse_disagreement",
    "AlternatingOffers",
    "BargainingSolution",
    "Offer",
    "Vertex",
    "alternating_offers",
    "disagreement_point",
    "kalai_smorodinsky",
    "nash_bargaining",
    "pareto_frontier",
    "rubinstein_share",
]
