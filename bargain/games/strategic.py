"""Labelled strategic-form games with any number of players.

A :class:`StrategicGame` holds one payoff array per player, all of shape
``(m1, ..., mn)`` where ``mk`` is the number of actions of player ``k``, with
the player names and the action labels. It is immutable and validated when
built, keeps the exact rational payoffs it was given, and converts to and from
the two-player :class:`~bargain.games.Game`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Rational, Real

import numpy as np

from bargain.errors import GameError

from .normal_form import Game, to_fraction

#: Refuse games with more payoff cells than this (per player) before allocating them.
MAX_CELLS = 5_000_000


def _is_exact_entry(value) -> bool:
    return isinstance(value, (Rational, np.integer, str)) and not isinstance(value, (bool, np.bool_))


def _as_array(values, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Float array of ``values`` and, when every entry is rational, its exact twin of Fractions."""
    try:
        raw = np.array(values, dtype=object)
    except ValueError:
        raise GameError(f"payoffs of {name} are ragged (rows of different lengths)") from None
    if raw.size > MAX_CELLS:
        raise GameError(f"payoffs of {name} have {raw.size} cells, more than the limit {MAX_CELLS}")
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in raw.flat):
        raise GameError(f"payoffs of {name} are ragged (rows of different lengths)")
    floats = np.empty(raw.shape, dtype=float)
    for index, value in np.ndenumerate(raw):
        where = "".join(f"[{k}]" for k in index)
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number, str)):
            raise GameError(f"payoff of {name}{where} = {value!r} is not a number")
        try:
            number = float(Fraction(value.strip())) if isinstance(value, str) else float(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise GameError(f"payoff of {name}{where} = {value!r} is not a number") from None
        if not math.isfinite(number):
            raise GameError(f"payoff of {name}{where} = {value!r} is not a finite number")
        floats[index] = number
    floats.setflags(write=False)
    exact = None
    if all(_is_exact_entry(v) for v in raw.flat):
        exact = np.empty(raw.shape, dtype=object)
        for index, value in np.ndenumerate(raw):
            exact[index] = to_fraction(value)
        exact.setflags(write=False)
    return floats, exact


def _labels(given, count: int, default, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(default(k) for k in range(count))
    if isinstance(given, str):
        raise GameError(f"{what}: expected a list of labels, got the string {given!r}")
    labels = tuple(given)
    if len(labels) != count:
        raise GameError(f"{what}: {len(labels)} labels given for {count}")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise GameError(f"{what}: label {label!r} must be a non-empty string")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise GameError(f"{what}: duplicate label(s) {', '.join(map(repr, duplicates))}")
    return labels


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
        names = _labels(players, n, lambda k: f"Player {k + 1}", "players")
        built = [_as_array(a, repr(names[k])) for k, a in enumerate(arrays)]
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
        labels = tuple(
            _labels(actions[k], shape[k], lambda j: f"a{j + 1}", f"actions of {names[k]}") for k in range(n)
        )
        object.__setattr__(self, "payoffs", tuple(f for f, _ in built))
        object.__setattr__(self, "players", names)
        object.__setattr__(self, "actions", labels)
        object.__setattr__(self, "exact_arrays", tuple(e for _, e in built))

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

    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """Every player's payoffs as object arrays of :class:`~fractions.Fraction`.

        Arrays given exactly are returned as they are; float arrays are
        converted by :func:`~bargain.games.normal_form.to_fraction` (``0.1`` becomes ``1/10``).

        >>> StrategicGame([[0.5, 1]], players=["solo"]).exact_payoffs()[0].tolist()
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
        return [e if e is not None else f for f, e in zip(self.payoffs, self.exact_arrays, strict=True)]

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
        return StrategicGame(
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
        return StrategicGame(
            [u[grid] for u in self._inputs()],
            players=self.players,
            actions=[[self.actions[k][a] for a in o] for k, o in enumerate(orders)],
        )

    # ------------------------------------------------------------------ two-player bridge

    @classmethod
    def from_game(cls, game: Game) -> StrategicGame:
        """The :class:`StrategicGame` of a two-player :class:`~bargain.games.Game` (labels and exactness kept).

        >>> g = StrategicGame.from_game(Game([[1, 0]], [["1/2", 2]], players=("US", "China")))
        >>> g.players, g.shape, g.is_exact, g.exact_arrays[1][0, 0]
        (('US', 'China'), (1, 2), True, Fraction(1, 2))
        """
        if not isinstance(game, Game):
            raise GameError(f"expected a bargain.Game, got {type(game).__name__}")
        inputs = [
            np.array(rows, dtype=object) if rows is not None else M
            for rows, M in zip(game.exact_rows, (game.A, game.B), strict=True)
        ]
        return cls(inputs, players=game.players, actions=game.actions)

    def to_game(self) -> Game:
        """The two-player :class:`~bargain.games.Game` of this game (only when it has two players).

        >>> StrategicGame([[[1, 2]], [[3, 4]]], players=["P", "Q"]).to_game()
        Game('P' 1 actions x 'Q' 2 actions)
        """
        if self.n_players != 2:
            raise GameError(f"only a two-player game converts to Game; this one has {self.n_players} players")
        A, B = self._inputs()
        return Game(A, B, players=self.players, actions=self.actions)

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
    """``game`` as a :class:`StrategicGame` (a two-player :class:`~bargain.games.Game` is converted).

    >>> as_strategic(Game([[1]], [[2]])).players
    ('Row', 'Column')
    """
    if isinstance(game, StrategicGame):
        return game
    if isinstance(game, Game):
        return StrategicGame.from_game(game)
    raise GameError(f"expected a StrategicGame or a bargain.Game, got {type(game).__name__}")


__all__ = ["MAX_CELLS", "StrategicGame", "as_strategic"]
