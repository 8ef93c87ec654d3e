"""Labelled strategic-form games with any number of players.

A :class:`StrategicGame` holds one payoff array per player, all of shape
``(m1, ..., mn)`` where ``mk`` is the number of actions of player ``k``, with
the player names and the action labels. It is immutable and validated when
built (by :mod:`bargain.games.payoffs`) and keeps the exact rational payoffs it
was given. The two-player :class:`~bargain.games.Game` is a special case of it:
everything here works on a ``Game`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from bargain.errors import GameError

from .payoffs import labels, payoff_array, to_fraction

#: Refuse games with more payoff cells than this (per player) before allocating them.
MAX_CELLS = 5_000_000


def _fractions(exact: np.ndarray) -> np.ndarray:
    """``exact`` (ints or Fractions) as a read-only object array of Fractions."""
    if exact.dtype == object and all(type(v) is Fraction for v in exact.flat):
        return exact
    out = np.empty(exact.shape, dtype=object)
    for index, value in np.ndenumerate(exact):
        out[index] = value if type(value) is Fraction else Fraction(int(value))
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False, init=False)
class StrategicGame:
    """An immutable, labelled strategic-form game with any number of players.

    Parameters
    ----------
    payoffs : sequence of array_like
        One payoff array per player, each of shape ``(m1, ..., mn)``: entry
        ``payoffs[k][a1, ..., an]`` is what player ``k`` gets when player ``j``
        plays action ``aj``. Entries may be ints, floats,
        :class:`~fractions.Fraction` or strings such as ``"1/3"``; an array whose
        entries are all rational is also kept exactly.
    players : sequence of str, optional
        Player names (default ``"Player 1"``, ``"Player 2"``, ...).
    actions : sequence of sequences of str, optional
        Action labels of each player (default ``"a1"``, ``"a2"``, ...).

    Examples
    --------
    Three firms each choose to enter a market or stay out; entering pays 2
    alone, 1 with one rival and -1 with two.

    >>> import numpy as np
    >>> entrants = np.add.outer(np.add.outer([1, 0], [1, 0]), [1, 0])
    >>> value = {0: 0, 1: 2, 2: 1, 3: -1}
    >>> pay = [np.vectorize(lambda k, mine: value[k] if mine else 0)(entrants, np.moveaxis(
    ...        np.broadcast_to(np.array([1, 0]).reshape(2, 1, 1), (2, 2, 2)), 0, p)) for p in range(3)]
    >>> g = StrategicGame(pay, players=["A", "B", "C"], actions=[["in", "out"]] * 3)
    >>> g.shape, g.n_players, g.is_exact
    ((2, 2, 2), 3, True)
    >>> g.payoff("in", "in", "out")
    (1.0, 1.0, 0.0)
    """

    payoffs: tuple[np.ndarray, ...]
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    #: Per player, the exact payoff array (object array of Fractions) when every entry is rational, else None.
    exact_arrays: tuple[np.ndarray | None, ...] = field(repr=False)

    def __init__(self, payoffs, players: Sequence[str] | None = None, actions=None):
        if isinstance(payoffs, np.ndarray) and payoffs.dtype != object:
            payoffs = list(payoffs)
        try:
            arrays = list(payoffs)
        except TypeError:
            raise GameError("payoffs: expected one payoff array per player") from None
        n = len(arrays)
        if n == 0:
            raise GameError("payoffs: a game needs at least one player")
        names = labels(players, n, "Player ", "players", "players")
        built = [payoff_array(a, f"payoffs of {names[k]!r}", f"payoff of {names[k]!r}", max_cells=MAX_CELLS)
                 for k, a in enumerate(arrays)]
        shape = built[0][0].shape
        for k, (floats, _) in enumerate(built):
            if floats.ndim != n:
                raise GameError(f"payoffs of {names[k]!r} have {floats.ndim} dimensions, expected {n} (one per player)")
            if floats.shape != shape:
                raise GameError(f"payoff arrays disagree in shape: {names[0]!r} has {shape}, "
                                f"{names[k]!r} has {floats.shape}")
        if 0 in shape:
            raise GameError(f"every player needs at least one action, got shape {shape}")
        if actions is None:
            actions = [None] * n
        if isinstance(actions, str) or len(actions) != n:
            raise GameError(f"actions: need one label list per player ({n}), got {len(actions)}")
        object.__setattr__(self, "payoffs", tuple(f for f, _ in built))
        object.__setattr__(self, "players", names)
        object.__setattr__(self, "actions", tuple(
            labels(actions[k], shape[k], "a", f"actions of {names[k]}") for k in range(n)))
        object.__setattr__(self, "exact_arrays", tuple(None if e is None else _fractions(e) for _, e in built))

    # ------------------------------------------------------------------ shape and lookup

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player, ``(m1, ..., mn)``."""
        return self.payoffs[0].shape

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        """True when every payoff is rational, so exact solving is possible."""
        return all(e is not None for e in self.exact_arrays)

    def exact_payoff_arrays(self) -> tuple[np.ndarray, ...]:
        """Every player's payoffs as object arrays of :class:`~fractions.Fraction`, whatever the number of players.

        Arrays given exactly are returned as they are; float arrays are
        converted by :func:`~bargain.games.payoffs.to_fraction` (``0.1`` becomes ``1/10``).
        The n-player solvers read this (a two-player :class:`~bargain.games.Game`
        answers :meth:`exact_payoffs` with lists of rows instead).

        >>> StrategicGame([[0.5, 1]], players=["solo"]).exact_payoff_arrays()[0].tolist()
        [Fraction(1, 2), Fraction(1, 1)]
        """
        out = []
        for floats, exact in zip(self.payoffs, self.exact_arrays, strict=True):
            if exact is None:
                exact = np.empty(floats.shape, dtype=object)
                for index, value in np.ndenumerate(floats):
                    exact[index] = to_fraction(float(value))
                exact.setflags(write=False)
            out.append(exact)
        return tuple(out)

    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """Every player's payoffs as object arrays of :class:`~fractions.Fraction` (see :meth:`exact_payoff_arrays`).

        >>> StrategicGame([[0.5, 1]], players=["solo"]).exact_payoffs()[0].tolist()
        [Fraction(1, 2), Fraction(1, 1)]
        """
        return self.exact_payoff_arrays()

    def player_index(self, player: int | str) -> int:
        """Position of ``player`` (a name or an index).

        >>> StrategicGame([[1, 2]] * 1, players=["solo"]).player_index("solo")
        0
        """
        if isinstance(player, str):
            try:
                return self.players.index(player)
            except ValueError:
                raise GameError(f"no player {player!r} (players: {', '.join(self.players)})") from None
        k = int(player)
        if not 0 <= k < self.n_players:
            raise GameError(f"player index {k} out of range (0 to {self.n_players - 1})")
        return k

    def index(self, player: int | str, action: int | str) -> int:
        """Position of ``action`` among the actions of ``player``.

        >>> g = StrategicGame([np.zeros((2, 1, 3))] * 3, actions=[["u", "d"], ["x"], ["l", "m", "r"]])
        >>> g.index(2, "r"), g.index("Player 1", "d")
        (2, 1)
        """
        p = self.player_index(player)
        if isinstance(action, str):
            try:
                return self.actions[p].index(action)
            except ValueError:
                raise GameError(f"{self.players[p]} has no action {action!r}") from None
        a = int(action)
        if not 0 <= a < self.shape[p]:
            raise GameError(f"{self.players[p]} has no action number {a} (0 to {self.shape[p] - 1})")
        return a

    def payoff(self, *profile: int | str) -> tuple[float, ...]:
        """Payoffs of every player at one pure action profile (one action per player).

        >>> g = StrategicGame([[[1, 2]], [[3, 4]]], players=["P", "Q"], actions=[["a"], ["x", "y"]])
        >>> g.payoff("a", "y")
        (2.0, 4.0)
        """
        if len(profile) != self.n_players:
            raise GameError(f"a pure profile names {self.n_players} actions, got {len(profile)}")
        cell = tuple(self.index(k, a) for k, a in enumerate(profile))
        return tuple(float(u[cell]) for u in self.payoffs)

    # ------------------------------------------------------------------ transformations

    def _inputs(self) -> list[np.ndarray]:
        """Each player's payoffs as the constructor takes them again: exact where they were given exactly."""
        return [e if e is not None else f for f, e in zip(self.payoffs, self.exact_arrays, strict=True)]

    def _rebuild(self, payoffs, players, actions) -> StrategicGame:
        """A game of the same kind as this one (a two-player ``Game`` stays one)."""
        return StrategicGame(payoffs, players=players, actions=actions)

    def permute_players(self, order: Sequence[int]) -> StrategicGame:
        """The same game with the players reordered: new player ``k`` is old player ``order[k]``.

        >>> g = StrategicGame([np.arange(6).reshape(2, 3), -np.arange(6).reshape(2, 3)], players=["P", "Q"])
        >>> h = g.permute_players([1, 0])
        >>> h.players, h.shape, h.payoff("a3", "a2") == g.payoff("a2", "a3")[::-1]
        (('Q', 'P'), (3, 2), True)
        """
        order = [int(k) for k in order]
        if sorted(order) != list(range(self.n_players)):
            raise GameError(f"player order {order} is not a permutation of 0..{self.n_players - 1}")
        inputs = self._inputs()
        return self._rebuild(
            [np.transpose(inputs[k], order) for k in order],
            players=[self.players[k] for k in order],
            actions=[self.actions[k] for k in order],
        )

    def permute_actions(self, orders: Sequence[Sequence[int]]) -> StrategicGame:
        """The same game with each player's actions reordered (``orders[k][j]`` becomes action ``j``).

        >>> g = StrategicGame([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        >>> g.permute_actions([[1, 0], [0, 1]]).payoffs[0].tolist()
        [[3.0, 4.0], [1.0, 2.0]]
        """
        if len(orders) != self.n_players:
            raise GameError(f"need one action order per player ({self.n_players}), got {len(orders)}")
        orders = [[int(a) for a in o] for o in orders]
        for k, o in enumerate(orders):
            if sorted(o) != list(range(self.shape[k])):
                raise GameError(f"action order {o} of {self.players[k]} is not a permutation")
        grid = np.ix_(*orders)
        return self._rebuild(
            [u[grid] for u in self._inputs()],
            players=self.players,
            actions=[[self.actions[k][a] for a in o] for k, o in enumerate(orders)],
        )

    # ------------------------------------------------------------------ dunder

    def __eq__(self, other) -> bool:
        if not isinstance(other, StrategicGame):
            return NotImplemented
        return (
            self.players == other.players
            and self.actions == other.actions
            and all(np.array_equal(a, b) for a, b in zip(self.payoffs, other.payoffs, strict=True))
            and all(
                (a is None) == (b is None) and (a is None or bool(np.all(a == b)))
                for a, b in zip(self.exact_arrays, other.exact_arrays, strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        sizes = " x ".join(f"{p!r} {m}" for p, m in zip(self.players, self.shape, strict=True))
        return f"StrategicGame({sizes} actions)"


def as_strategic(game) -> StrategicGame:
    """``game`` itself when it is a strategic-form game of any number of players (a ``Game`` is one).

    >>> from bargain.games import Game
    >>> as_strategic(Game([[1]], [[2]])).players
    ('Row', 'Column')
    >>> as_strategic("chicken")
    Traceback (most recent call last):
    bargain.errors.GameError: expected a StrategicGame or a bargain.Game, got str
    """
    if isinstance(game, StrategicGame):
        return game
    raise GameError(f"expected a StrategicGame or a bargain.Game, got {type(game).__name__}")


__all__ = ["MAX_CELLS", "StrategicGame", "as_strategic"]
