"""The nodes of a game tree: decisions, chance moves and leaves, and the steps of a history."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational, Real
from typing import NamedTuple

from bargain.errors import SequentialError
from bargain.numbers import NumberError, parse_exact

Number = Fraction | float

#: Relative tolerance for ties among float payoffs.
FLOAT_TOL = 1e-9


def _number(value, what: str) -> Number:
    """``value`` as a Fraction when it is rational, else as a finite float."""
    if isinstance(value, bool):
        raise SequentialError(f"{what}: {value!r} is a boolean, not a number")
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, str):
        try:
            return parse_exact(value)
        except NumberError:
            raise SequentialError(f"{what}: {value!r} is not a number") from None
    if isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number):
            raise SequentialError(f"{what}: {value!r} is not a finite number")
        return number
    raise SequentialError(f"{what}: {value!r} is not a number")


def _pairs(moves, what: str) -> list[tuple]:
    items = list(moves.items()) if isinstance(moves, Mapping) else [tuple(m) for m in moves]
    if not items:
        raise SequentialError(f"{what} has no moves")
    labels = [item[0] for item in items]
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise SequentialError(f"{what}: move label {label!r} must be a non-empty string")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise SequentialError(f"{what}: duplicate move label(s) {', '.join(map(repr, duplicates))}")
    return items


@dataclass(frozen=True)
class Leaf:
    """A terminal node: the payoffs ``(first player, second player)``.

    >>> Leaf((1, "1/2")).payoffs
    (Fraction(1, 1), Fraction(1, 2))
    """

    payoffs: tuple[Number, Number]
    name: str | None = None

    def __post_init__(self):
        where = f"leaf {self.name!r}" if self.name else "leaf"
        values = tuple(self.payoffs) if isinstance(self.payoffs, Sequence) else None
        if values is None or len(values) != 2:
            raise SequentialError(f"{where}: payoffs must be a pair of numbers, got {self.payoffs!r}")
        object.__setattr__(self, "payoffs", tuple(_number(v, f"{where} payoff") for v in values))


@dataclass(frozen=True)
class Decision:
    """A node where ``player`` picks one of ``moves``.

    ``moves`` is a mapping (or a sequence of pairs) from move label to child
    node; labels must be unique at the node.

    >>> node = Decision("entry", "Entrant", {"in": Leaf((1, 1)), "out": Leaf((0, 2))})
    >>> [label for label, _ in node.moves]
    ['in', 'out']
    """

    name: str
    player: str
    moves: tuple[tuple[str, Node], ...]

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise SequentialError(f"decision node name {self.name!r} must be a non-empty string")
        items = _pairs(self.moves, f"decision node {self.name!r}")
        for label, *rest in items:
            if len(rest) != 1 or not isinstance(rest[0], (Leaf, Decision, Chance)):
                raise SequentialError(f"decision node {self.name!r}: move {label!r} must lead to a node")
        object.__setattr__(self, "moves", tuple((label, child) for label, child in items))


@dataclass(frozen=True)
class Chance:
    """A node where nature picks a move: ``moves`` holds ``(label, probability, child)``.

    A mapping ``{label: (probability, child)}`` is accepted too. Probabilities
    must be non-negative and sum to one (exactly, when all are rational).

    >>> coin = Chance("coin", {"heads": ("1/2", Leaf((1, -1))), "tails": ("1/2", Leaf((-1, 1)))})
    >>> [p for _, p, _ in coin.moves]
    [Fraction(1, 2), Fraction(1, 2)]
    """

    name: str
    moves: tuple[tuple[str, Number, Node], ...]

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise SequentialError(f"chance node name {self.name!r} must be a non-empty string")
        where = f"chance node {self.name!r}"
        raw = self.moves
        if isinstance(raw, Mapping):
            raw = [(label, *pair) for label, pair in raw.items()]
        items = _pairs(raw, where)
        moves = []
        for item in items:
            if len(item) != 3 or not isinstance(item[2], (Leaf, Decision, Chance)):
                raise SequentialError(f"{where}: move {item[0]!r} needs a probability and a child node")
            p = _number(item[1], f"{where} probability of {item[0]!r}")
            if p < 0 or p > 1:
                raise SequentialError(f"{where}: probability of {item[0]!r} is {p}, outside [0, 1]")
            moves.append((item[0], p, item[2]))
        total = sum(p for _, p, _ in moves)
        exact = all(isinstance(p, Fraction) for _, p, _ in moves)
        if (total != 1) if exact else abs(total - 1) > FLOAT_TOL:
            raise SequentialError(f"{where}: probabilities sum to {total}, not 1")
        object.__setattr__(self, "moves", tuple(moves))


Node = Leaf | Decision | Chance

CHANCE = "chance"


class Step(NamedTuple):
    """One move in a history: the node, who moved (a player or ``"chance"``), the move."""

    node: str
    player: str
    move: str


class Tie(NamedTuple):
    """A decision node where ``player`` is indifferent between ``moves`` (all optimal)."""

    node: str
    player: str
    moves: tuple[str, ...]


class Threat(NamedTuple):
    """A move a profile prescribes at ``node`` that ``player`` would not carry out there.

    ``better`` lists the moves that do strictly better for ``player`` in the
    subgame at ``node``, given the rest of the profile.
    """

    node: str
    player: str
    move: str
    better: tuple[str, ...]


def walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Decision):
        for _, child in node.moves:
            yield from walk(child)
    elif isinstance(node, Chance):
        for _, _, child in node.moves:
            yield from walk(child)


def children(node: Node) -> list[tuple[str, Node]]:
    if isinstance(node, Decision):
        return list(node.moves)
    if isinstance(node, Chance):
        return [(label, child) for label, _, child in node.moves]
    return []


def expect(pairs) -> tuple[Number, Number]:
    pairs = list(pairs)
    first = sum((p * v[0] for p, v in pairs), Fraction(0))
    second = sum((p * v[1] for p, v in pairs), Fraction(0))
    return first, second
