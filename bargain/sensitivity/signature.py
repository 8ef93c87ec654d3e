"""The shape of an equilibrium set: the supports of its extreme equilibria."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

#: The actions each player uses, one tuple of labels per player.
Support = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, order=True)
class Signature:
    """The shape of an equilibrium set: the supports of its extreme equilibria.

    Two parameter values have the same signature when they have the same number
    of extreme equilibria with the same supports. ``supports`` is sorted, so
    signatures compare and hash as values.

    >>> s = Signature(("China", "US"), ((("a",), ("b",)), (("a", "b"), ("a", "b"))))
    >>> s.count
    2
    >>> s.label()
    'China a / US b; China a+b / US a+b'
    """

    players: tuple[str, ...]
    supports: tuple[Support, ...]

    @property
    def count(self) -> int:
        """Number of extreme equilibria."""
        return len(self.supports)

    def item_label(self, support: Support) -> str:
        """One equilibrium of the set named by its supports (see :func:`support_label`)."""
        return support_label(self.players, support)

    def label(self) -> str:
        """One line naming every equilibrium by its supports (``+`` joins a mixture)."""
        if not self.supports:
            return "no equilibrium"
        return "; ".join(support_label(self.players, s) for s in self.supports)


def support_label(players: Sequence[str], support: Support) -> str:
    """``"China escalate / US concede"``; a mixed support joins its actions with ``+``.

    >>> support_label(("China", "US"), (("escalate",), ("escalate", "concede")))
    'China escalate / US escalate+concede'
    """
    return " / ".join(f"{p} {'+'.join(s)}" for p, s in zip(players, support, strict=True))


def signature_of(players, actions, equilibria) -> Signature:
    """The signature of one point's equilibria (plain tuples, players' probabilities first).

    >>> signature_of(("A", "B", "C"), (("x", "y"),) * 3, [((1.0, 0.0), (0.5, 0.5), (0.0, 1.0), (1, 1, 1), 0.0, 0)])
    Signature(players=('A', 'B', 'C'), supports=((('x',), ('x', 'y'), ('y',)),))
    """
    # probabilities are never negative, so "positive" is "nonzero": compress tests that in C
    if len(players) == 2:
        supports = [(tuple(compress(actions[0], row)), tuple(compress(actions[1], col)))
                    for row, col, *_ in equilibria]
    else:
        supports = [tuple(tuple(compress(labels, mix)) for labels, mix in zip(actions, eq, strict=False))
                    for eq in equilibria]
    return Signature(tuple(players), tuple(sorted(supports)))
