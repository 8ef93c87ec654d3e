"""Labelled two-player games in strategic form.

A :class:`Game` holds the two payoff matrices, the player names and the action
labels. It is immutable and validated when built; it knows nothing about files
or solvers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from numbers import Rational, Real

import numpy as np

from bargain.errors import GameError
from bargain.numbers import NumberError, parse_exact

DEFAULT_PLAYERS = ("Row", "Column")


def to_fraction(value) -> Fraction:
    """Return ``value`` as an exact :class:`~fractions.Fraction`.

    Integers and fractions are taken as they are. A float is read as the
    shortest decimal that prints as it (``0.1`` becomes ``1/10``), which is the
    number its author most likely meant.

    >>> to_fraction(0.1), to_fraction(3), to_fraction("2/3")
    (Fraction(1, 10), Fraction(3, 1), Fraction(2, 3))
    """
    if isinstance(value, (bool, np.bool_)):
        raise GameError(f"payoff {value!r} is a boolean, not a number")
    if isinstance(value, (Rational, np.integer)):
        return Fraction(int(value.numerator), int(value.denominator)) if isinstance(
            value, Rational
        ) else Fraction(int(value))
    if isinstance(value, (Real, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            raise GameError(f"payoff {value!r} is not a finite number")
        return Fraction(repr(number))
    if isinstance(value, str):
        try:
            return parse_exact(value)
        except NumberError:
            raise GameError(f"payoff {value!r} is not a number") from None
    raise GameError(f"payoff {value!r} is not a number")


_INTEGER_TYPES = frozenset({int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64})
_FLOAT_TYPES = frozenset({float, np.float16, np.float32, np.float64})


def _as_matrix(values, name: str) -> tuple[np.ndarray, tuple[tuple[Fraction, ...], ...] | None]:
    """Float matrix of ``values`` and, when every entry is rational, its exact twin."""
    quick = _quick_matrix(values)
    if quick is not None:
        return quick
    try:
        raw = np.array(values, dtype=object)
    except ValueError:
        raise GameError(f"payoff matrix {name} is ragged (rows of different lengths)") from None
    if raw.ndim == 1 and raw.size:
        if any(isinstance(v, (list, tuple, np.ndarray)) for v in raw):
            raise GameError(f"payoff matrix {name} is ragged (rows of different lengths)")
        raw = raw.reshape(1, -1)
    if raw.ndim != 2 or raw.shape[0] == 0 or raw.shape[1] == 0:
        raise GameError(f"payoff matrix {name} must be a non-empty 2-D table, got shape {raw.shape}")
    exact = all(
        isinstance(v, (Rational, np.integer, str)) and not isinstance(v, (bool, np.bool_)) for v in raw.flat
    )
    floats = np.empty(raw.shape, dtype=float)
    for index, value in np.ndenumerate(raw):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number, str)):
            raise GameError(f"payoff matrix {name}[{index[0]}][{index[1]}] = {value!r} is not a number")
        try:
            number = float(Fraction(value.strip())) if isinstance(value, str) else float(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise GameError(f"payoff matrix {name}[{index[0]}][{index[1]}] = {value!r} is not a number") from None
        if not math.isfinite(number):
            raise GameError(
                f"payoff matrix {name}[{index[0]}][{index[1]}] = {value!r} is not a finite number"
            )
        floats[index] = number
    floats.setflags(write=False)
    exact_rows = tuple(tuple(to_fraction(v) for v in row) for row in raw) if exact else None
    return floats, exact_rows


def _quick_matrix(values) -> tuple[np.ndarray, tuple[tuple[Fraction, ...], ...] | None] | None:
    """The common case checked in bulk: a rectangular table of plain ints and floats, all finite.

    Returns ``None`` for anything else (or anything wrong), which the entry-by-entry
    check of :func:`_as_matrix` then handles and names.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        raw = values
        integers = values.dtype.kind in "iu"
    else:
        try:
            raw = np.array(values, dtype=object)
        except ValueError:
            return None
        if raw.ndim != 2:
            return None
        kinds = set(map(type, raw.flat))
        integers = kinds <= _INTEGER_TYPES
        if not (integers or kinds <= _INTEGER_TYPES | _FLOAT_TYPES):
            return None
    if raw.ndim != 2 or raw.size == 0:
        return None
    try:
        floats = raw.astype(float)
    except OverflowError:
        return None
    if not np.isfinite(floats).all():
        return None
    floats.setflags(write=False)
    if not integers:
        return floats, None
    return floats, tuple(tuple(map(int, row)) for row in raw.tolist())


@lru_cache(maxsize=256)
def _default_labels(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(count))


def _labels(given: Sequence[str] | None, count: int, prefix: str, what: str) -> tuple[str, ...]:
    if given is None:
        return _default_labels(prefix, count)
    labels = tuple(given)
    if labels == DEFAULT_PLAYERS and count == 2:
        return labels
    if len(labels) != count:
        raise GameError(f"{what}: {len(labels)} labels given for {count} actions")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise GameError(f"{what}: label {label!r} must be a non-empty string")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise GameError(f"{what}: duplicate label(s) {', '.join(map(repr, duplicates))}")
    return labels


@dataclass(frozen=True, eq=False, init=False)
class Game:
    """An immutable, labelled two-player game in strategic form.

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
    >>> g.shape
    (2, 2)
    >>> g.payoff("defect", "cooperate")
    (5.0, 0.0)
    """

    A: np.ndarray
    B: np.ndarray
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    #: Per matrix, its exact entries (ints or :class:`~fractions.Fraction`) when every one of them is
    #: rational (else ``None``).
    exact_rows: tuple[tuple[tuple[Fraction, ...], ...] | None, tuple[tuple[Fraction, ...], ...] | None] = field(
        repr=False
    )

    def __init__(self, A, B, players: Sequence[str] | None = None, actions=None):
        fa, ea = _as_matrix(A, "A")
        fb, eb = _as_matrix(B, "B")
        if fa.shape != fb.shape:
            raise GameError(f"payoff matrices disagree in shape: A is {fa.shape}, B is {fb.shape}")
        names = tuple(players) if players is not None else DEFAULT_PLAYERS
        if len(names) != 2:
            raise GameError(f"a two-player game needs 2 player names, got {len(names)}")
        names = _labels(names, 2, "", "players")
        if actions is None:
            actions = (None, None)
        if len(actions) != 2:
            raise GameError(f"actions: need one label list per player, got {len(actions)}")
        rows = _labels(actions[0], fa.shape[0], "r", f"actions of {names[0]}")
        cols = _labels(actions[1], fa.shape[1], "c", f"actions of {names[1]}")
        object.__setattr__(self, "A", fa)
        object.__setattr__(self, "B", fb)
        object.__setattr__(self, "players", names)
        object.__setattr__(self, "actions", (rows, cols))
        object.__setattr__(self, "exact_rows", (ea, eb))

    @property
    def shape(self) -> tuple[int, int]:
        """Number of actions of each player, ``(m, n)``."""
        return self.A.shape

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
        entries is converted by :func:`to_fraction`.

        >>> Game([[0.5, 1]], [[0.1, 2]]).exact_payoffs()
        ([[Fraction(1, 2), Fraction(1, 1)]], [[Fraction(1, 10), Fraction(2, 1)]])
        """
        return tuple(
            [[v if type(v) is Fraction else Fraction(v) for v in r] for r in rows]
            if rows is not None
            else [[to_fraction(v) for v in r] for r in M.tolist()]
            for rows, M in zip(self.exact_rows, (self.A, self.B), strict=True)
        )

    def index(self, player: int | str, action: int | str) -> int:
        """Position of ``action`` among the actions of ``player`` (name or 0/1).

        >>> g = Game([[1, 2]], [[3, 4]], players=("US", "China"), actions=(["ease"], ["restore", "withhold"]))
        >>> g.index("China", "withhold"), g.index(0, "ease")
        (1, 0)
        """
        p = self.players.index(player) if isinstance(player, str) else int(player)
        if isinstance(action, str):
            try:
                return self.actions[p].index(action)
            except ValueError:
                raise GameError(f"{self.players[p]} has no action {action!r}") from None
        return int(action)

    def payoff(self, row: int | str, col: int | str) -> tuple[float, float]:
        """Payoffs ``(row player, column player)`` of one pure action profile.

        >>> Game([[1, 2]], [[3, 4]], actions=(["a"], ["x", "y"])).payoff("a", "y")
        (2.0, 4.0)
        """
        i, j = self.index(0, row), self.index(1, col)
        return float(self.A[i, j]), float(self.B[i, j])

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
