"""Alternating offers (Rubinstein) with a deadline, and bargaining over a model.

:func:`alternating_offers` is Rubinstein's game with a deadline: the players
take turns proposing a split of a surplus, payoffs shrink by each player's
discount factor per round, and when the last round's offer is refused both get
the disagreement payoffs. It is solved by backward induction; with
``rounds=None`` it gives the infinite-horizon split. That pie is transferable
(one good, in one unit for both players). Over a game, whose players' payoffs
need not share a unit, use :func:`bargain.bargaining.alternating.rubinstein`:
the same game played over the feasible set, without transfers.

:func:`bargain_model` bargains over a model at given parameter values, by any
of the three solutions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real
from typing import NamedTuple

from bargain.errors import BargainError
from bargain.games.normal_form import to_fraction

from .axiomatic import kalai_smorodinsky, nash_bargaining
from .feasible import discount_factor as _factor

Number = Fraction | float


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
    BargainingSolution or ~bargain.bargaining.alternating.Rubinstein
        Rubinstein's alternating offers run over the game's feasible set with
        non-transferable utility (see :func:`bargain.bargaining.alternating.rubinstein`).

    Examples
    --------
    Rounds before the August deadline, over the game's feasible set (US, China);
    a larger supply share moves the deal towards China:

    >>> from bargain.model import load_model
    >>> m = load_model("august-deadline")
    >>> [[round(v, 3) for v in bargain_model(m, "rubinstein", china_share=s).payoffs] for s in (0.85, 0.99)]
    [[-0.164, 0.105], [-0.186, 0.164]]
    """
    if solution not in SOLUTIONS:
        raise BargainError(f"unknown bargaining solution {solution!r}; choose one of: {', '.join(SOLUTIONS)}")
    values = model.values(**overrides)
    if solution != "rubinstein":
        if rounds != "model" or discounts:
            raise BargainError("rounds and discount factors apply to the rubinstein solution only")
        game = model.game_at(values)
        point = disagreement if disagreement is not None else _no_deal(model, values)
        method = nash_bargaining if solution == "nash" else kalai_smorodinsky
        return method(game, point)
    return _model_offers(model, values, rounds, discounts, disagreement)


def _model_offers(model, values, rounds, discounts, disagreement):
    """Alternating offers over the model's game: its feasible set, no transfers between the players."""
    from .alternating import rubinstein

    players = model.players
    game = model.game_at(values)
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
        raise BargainError(f"a discount factor names {unknown[0]!r}, not a player; players are: {', '.join(players)}")
    missing = [p for p in players if p not in merged]
    if missing:
        raise BargainError(f"no discount factor for {missing[0]}; give one for each player, e.g. "
                           + ",".join(f"{p}=0.9" for p in players))
    horizon = default_rounds if rounds == "model" else rounds
    return rubinstein(game, merged, horizon, first=first, disagreement=base)
