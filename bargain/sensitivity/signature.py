"""The shape of an equilibrium set: the supports of its extreme equilibria."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

#: The actions each player uses, one tuple of labels per player.
Support = tuple[tuple[str, ...], ...]

#: The bit of each action, for supports held as bit masks (longer strategies are handled one by one).
_BITS = tuple(1 << i for i in range(256))


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


def support_masks(equilibrium: tuple) -> tuple[int, ...]:
    """Each player's support in one equilibrium tuple (see :func:`signature_of`) as a bit mask.

    >>> support_masks(((1.0, 0.0), (0.5, 0.5), (2.0, 1.0), 0.0, 0))
    (1, 3)
    """
    # probabilities are never negative, so "positive" is "nonzero": compress tests that in C
    if len(equilibrium) == 5 and len(equilibrium[0]) <= 256 and len(equilibrium[1]) <= 256:  # two players
        return sum(compress(_BITS, equilibrium[0])), sum(compress(_BITS, equilibrium[1]))
    return tuple(sum(compress(_BITS, mix)) if len(mix) <= 256 else sum(1 << i for i, p in enumerate(mix) if p)
                 for mix in equilibrium[:-3])


class Signatures:
    """:func:`signature_of` for the points of a run, each support pattern worked out once (kept across calls).

    A signature depends only on which actions each equilibrium uses, so points
    whose equilibria have the same supports in the same order share one
    :class:`Signature` object; a run over thousands of points has a handful of
    them. Equal signatures reached from supports listed in another order are one
    object too.

    >>> eq = ((1.0, 0.0), (0.5, 0.5), (2.0, 1.0), 0.0, 0)
    >>> known = Signatures(("A", "B"), (("x", "y"), ("u", "v")))
    >>> first, = known.of([(eq,)])
    >>> second, = known.of([(eq,)])
    >>> first is second, first.label()
    (True, 'A x / B u+v')
    """

    def __init__(self, players, actions):
        self.players, self.actions = players, actions
        self._by_masks: dict = {}
        self._by_value: dict = {}

    def of(self, results, masks=None) -> list[Signature]:
        """The signature at each point of ``results`` (``masks``, optional: :func:`support_masks` of every
        equilibrium, one list per point)."""
        if masks is None:
            results = results if isinstance(results, list | tuple) else list(results)  # read twice below
            masks = [[support_masks(eq) for eq in equilibria] for equilibria in results]
        by_masks = self._by_masks
        found = []
        for equilibria, point in zip(results, masks, strict=True):
            key = tuple(point)
            signature = by_masks.get(key)
            if signature is None:
                signature = signature_of(self.players, self.actions, equilibria)
                signature = by_masks[key] = self._by_value.setdefault(signature, signature)
            found.append(signature)
        return found


def signatures_of(players, actions, results, masks=None) -> list[Signature]:
    """:func:`signature_of` at every point of one run, by :class:`Signatures`.

    >>> eq = ((1.0, 0.0), (0.5, 0.5), (2.0, 1.0), 0.0, 0)
    >>> first, second = signatures_of(("A", "B"), (("x", "y"), ("u", "v")), [(eq,), (eq,)])
    >>> first is second
    True
    """
    return Signatures(players, actions).of(results, masks)
