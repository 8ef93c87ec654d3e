"""Labelled two-player games in strategic form: the two-player case of :class:`StrategicGame`.

A :class:`Game` holds the two payoff matrices, the player names and the action
labels. It is a :class:`~bargain.games.strategic.StrategicGame` (payoffs per
player, ``players``, ``actions``, ``n_players``...) with the two-player names
on top (``A``, ``B``, ``transpose``, ``permute``), checked by the same code
(:mod:`bargain.games.payoffs`). It is immutable and validated when built; it
knows nothing about files or solvers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain

import numpy as np

from bargain.errors import GameError

from .payoffs import labels, payoff_array, to_fraction
from .strategic import StrategicGame

DEFAULT_PLAYERS = ("Row", "Column")
_LIST, _PLAIN, _INT = {list}, {int, float}, {int}


def _plain_tables(A, B) -> tuple[bool, bool] | None:
    """When ``A`` and ``B`` are lists of the same number of nonempty lists, all of one length, of plain ints and
    floats (checked in bulk): whether each holds ints only; else None."""
    if type(A) is not list or type(B) is not list or not A or len(A) != len(B):
        return None
    rows = A + B
    if set(map(type, rows)) != _LIST or len(set(map(len, rows))) != 1 or not rows[0]:
        return None
    kinds = set(map(type, chain.from_iterable(rows)))
    if kinds == _INT:
        return True, True
    if not kinds <= _PLAIN:
        return None
    return _INT >= set(map(type, chain.from_iterable(A))), _INT >= set(map(type, chain.from_iterable(B)))


def _matrices(A, B):
    """Both payoff matrices checked: read-only float arrays, their exact rows (``None`` for a matrix with a
    float entry), and whether both were read as tables of plain ints.

    Plain tables of one shape become one array (a view per player);
    anything else goes through :func:`~bargain.games.payoffs.payoff_array`,
    which names a bad entry.
    """
    plain = _plain_tables(A, B)
    if plain is not None:
        m, n = len(A), len(A[0])
        try:
            both = np.fromiter(chain.from_iterable(chain(A, B)), float, 2 * m * n).reshape(2, m, n)
        except OverflowError:  # an integer too large for a float: named below
            both = None
        integers_a, integers_b = plain
        if both is not None and ((integers_a and integers_b) or np.isfinite(both).all()):
            both.setflags(write=False)
            exact = tuple(map(tuple, A)) if integers_a else None, tuple(map(tuple, B)) if integers_b else None
            return (both[0], both[1]), exact, integers_a and integers_b
    fa, ea = payoff_array(A, "payoff matrix A", "payoff matrix A", ndim=2)
    fb, eb = payoff_array(B, "payoff matrix B", "payoff matrix B", ndim=2)
    return (fa, fb), (_rows(ea), _rows(eb)), False


def _rows(exact: np.ndarray | None) -> tuple[tuple[Fraction, ...], ...] | None:
    """The exact entries of a matrix as a tuple of rows: Fractions, or ints for a table of integers."""
    if exact is None:
        return None
    rows = exact.tolist()  # an integer array gives Python ints; an object array, what it holds
    if exact.dtype != object or type(rows[0][0]) is Fraction or {type(v) for row in rows for v in row} == {int}:
        return tuple(map(tuple, rows))
    return tuple(tuple(map(int, row)) for row in rows)


@dataclass(frozen=True, eq=False, init=False)
class Game(StrategicGame):
    """An immutable, labelled two-player game in strategic form.

    A :class:`~bargain.games.strategic.StrategicGame` with two players: its
    ``payoffs`` are ``(A, B)`` and everything that takes a strategic-form game of
    any number of players takes a ``Game``.

    Parameters
    ----------
    A, B : array_like
        Payoffs of the row player and of the column player, both ``m x n``.
        Entries may be ints, floats, :class:`~fractions.Fraction` or strings
        such as ``"1/3"``. When every entry is rational the exact values are
        kept too, for ``solve(..., exact=True)``.
    players : pair of str, optional
        The two player names (default ``("Row", "Column")``).
    actions : pair of sequences of str, optional
        Action labels of each player (default ``r1, r2, ...`` and ``c1, ...``).

    Examples
    --------
    >>> g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...          players=("Alice", "Bob"), actions=(["cooperate", "defect"], ["cooperate", "defect"]))
    >>> g.shape, g.n_players
    ((2, 2), 2)
    >>> g.payoff("defect", "cooperate")
    (5.0, 0.0)
    """

    A: np.ndarray
    B: np.ndarray
    #: Per matrix, its exact entries (ints or :class:`~fractions.Fraction`) when every one of them is
    #: rational (else ``None``).
    exact_rows: tuple[tuple[tuple[Fraction, ...], ...] | None, tuple[tuple[Fraction, ...], ...] | None] = field(
        repr=False
    )

    def __init__(self, A, B, players: Sequence[str] | None = None, actions=None):
        (fa, fb), (ea, eb), integers = _matrices(A, B)
        if fa.shape != fb.shape:
            raise GameError(f"payoff matrices disagree in shape: A is {fa.shape}, B is {fb.shape}")
        if players is None:
            names = DEFAULT_PLAYERS
        else:
            names = tuple(players)
            if len(names) != 2:
                raise GameError(f"a two-player game needs 2 player names, got {len(names)}")
            if names != DEFAULT_PLAYERS:
                names = labels(names, 2, "", "players", "players")
        if actions is None:
            rows, cols = labels(None, fa.shape[0], "r", ""), labels(None, fa.shape[1], "c", "")
        else:
            if len(actions) != 2:
                raise GameError(f"actions: need one label list per player, got {len(actions)}")
            rows = labels(actions[0], fa.shape[0], "r", f"actions of {names[0]}")
            cols = labels(actions[1], fa.shape[1], "c", f"actions of {names[1]}")
        vars(self).update(A=fa, B=fb, payoffs=(fa, fb), players=names, actions=(rows, cols),
                          exact_rows=(ea, eb))
        if integers:
            vars(self)["_integer_payoffs"] = True

    @property
    def exact_arrays(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Per player, the exact payoffs as an object array of Fractions when every entry is rational, else None."""
        cached = vars(self).get("_exact_arrays")
        if cached is None:
            cached = tuple(
                None if rows is None else _frozen(np.array([[Fraction(v) for v in row] for row in rows], dtype=object))
                for rows in self.exact_rows
            )
            vars(self)["_exact_arrays"] = cached
        return cached

    @property
    def integer_payoffs(self) -> bool:
        """True when every payoff is an integer (two different payoffs then differ by at least 1).

        >>> Game([[1, 2]], [[3, 4]]).integer_payoffs, Game([[1, 2.5]], [[3, 4]]).integer_payoffs
        (True, False)
        """
        known = vars(self).get("_integer_payoffs")
        if known is None:
            known = self.is_exact and set(map(type, chain.from_iterable(chain.from_iterable(self.exact_rows)))) == {int}
            vars(self)["_integer_payoffs"] = known
        return known

    @property
    def is_exact(self) -> bool:
        """True when every payoff is rational, so exact solving is possible."""
        return self.exact_rows[0] is not None and self.exact_rows[1] is not None

    @property
    def exact(self):
        """Both matrices' exact entries when every payoff is rational, else ``None``."""
        return self.exact_rows if self.is_exact else None

    def exact_payoffs(self) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        """Both payoff matrices as lists of :class:`~fractions.Fraction`.

        Each matrix keeps the exact entries it was given; a matrix with float
        entries is converted by :func:`to_fraction`. (:meth:`exact_payoff_arrays`
        gives them as arrays, as for any number of players.)

        >>> Game([[0.5, 1]], [[0.1, 2]]).exact_payoffs()
        ([[Fraction(1, 2), Fraction(1, 1)]], [[Fraction(1, 10), Fraction(2, 1)]])
        """
        return tuple(
            [[v if type(v) is Fraction else Fraction(v) for v in r] for r in rows]
            if rows is not None
            else [[to_fraction(v) for v in r] for r in M.tolist()]
            for rows, M in zip(self.exact_rows, (self.A, self.B), strict=True)
        )

    def exact_payoff_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Both payoff matrices as object arrays of :class:`~fractions.Fraction`.

        >>> Game([[0.5, 1]], [[1, 2]]).exact_payoff_arrays()[0].tolist()
        [[Fraction(1, 2), Fraction(1, 1)]]
        """
        return tuple(_frozen(np.array(M, dtype=object)) for M in self.exact_payoffs())

    def transpose(self) -> Game:
        """The same game with the players' roles swapped.

        >>> g = Game([[1, 2]], [[3, 4]], players=("US", "China")).transpose()
        >>> g.players, g.shape, g.payoff("c2", "r1")
        (('China', 'US'), (2, 1), (4.0, 2.0))
        """
        return Game(
            self._payoff_input(1).T,
            self._payoff_input(0).T,
            players=self.players[::-1],
            actions=self.actions[::-1],
        )

    def permute(self, rows: Sequence[int], cols: Sequence[int]) -> Game:
        """The same game with actions reordered (``rows[k]`` becomes the k-th row).

        A subset of the actions gives the game restricted to them.

        >>> g = Game([[1, 2], [3, 4]], [[0, 0], [0, 0]]).permute([1, 0], [0, 1])
        >>> g.actions[0], g.A.tolist()
        (('r2', 'r1'), [[3.0, 4.0], [1.0, 2.0]])
        """
        rows, cols = list(rows), list(cols)
        return Game(
            self._payoff_input(0)[np.ix_(rows, cols)],
            self._payoff_input(1)[np.ix_(rows, cols)],
            players=self.players,
            actions=([self.actions[0][i] for i in rows], [self.actions[1][j] for j in cols]),
        )

    def _payoff_input(self, k: int) -> np.ndarray:
        if self.exact_rows[k] is not None:
            return np.array(self.exact_rows[k], dtype=object)
        return (self.A, self.B)[k]

    def _inputs(self) -> list[np.ndarray]:
        return [self._payoff_input(0), self._payoff_input(1)]

    def _rebuild(self, payoffs, players, actions) -> Game:
        return Game(payoffs[0], payoffs[1], players=players, actions=actions)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.actions == other.actions
            and np.array_equal(self.A, other.A)
            and np.array_equal(self.B, other.B)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        m, n = self.shape
        return f"Game({self.players[0]!r} {m} actions x {self.players[1]!r} {n} actions)"


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def as_game(game: StrategicGame) -> Game:
    """The two-player :class:`Game` of a strategic-form game with two players (a ``Game`` is returned as it is).

    Labels and exact payoffs are kept.

    >>> as_game(StrategicGame([[[1, 2]], [["1/2", 4]]], players=["P", "Q"]))
    Game('P' 1 actions x 'Q' 2 actions)
    >>> as_game(StrategicGame([np.zeros((1, 1, 1))] * 3))
    Traceback (most recent call last):
    bargain.errors.GameError: only a two-player game converts to Game; this one has 3 players
    """
    if isinstance(game, Game):
        return game
    if not isinstance(game, StrategicGame):
        raise GameError(f"expected a bargain.Game or a StrategicGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise GameError(f"only a two-player game converts to Game; this one has {game.n_players} players")
    A, B = game._inputs()
    return Game(A, B, players=game.players, actions=game.actions)


__all__ = ["DEFAULT_PLAYERS", "Game", "StrategicGame", "as_game", "to_fraction"]
