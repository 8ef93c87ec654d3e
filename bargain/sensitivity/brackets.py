"""Narrowing a change along one parameter: bisection of brackets, and the value to report for each.

:func:`~bargain.sensitivity.thresholds` (where the set of equilibria changes) and
:func:`~bargain.sensitivity.prediction.selected_along` (where a criterion's pick
changes) both look for the values at which some label of a point -- a
signature, an outcome -- changes. They share the search here: :func:`bisect`
narrows a bracket, :func:`group_touching` joins brackets that touch, and
:func:`short_decimal` names the value inside a final bracket.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

Label = TypeVar("Label", bound=Hashable)
#: ``(a, b, left, right)``: ``left`` holds at ``a``, ``right`` at ``b``.
Bracket = tuple[float, float, Label, Label]


def narrow_enough(a: float, b: float, rtol: float) -> bool:
    """True when ``[a, b]`` is at most ``rtol * max(1, |a|, |b|)`` wide.

    >>> narrow_enough(1.0, 1.0 + 1e-10, 1e-9), narrow_enough(1.0, 1.1, 1e-9)
    (True, False)
    """
    return b - a <= rtol * max(1.0, abs(a), abs(b))


def short_decimal(a: float, b: float) -> float:
    """The value with the fewest decimals in ``[a, b]`` (the midpoint if none is shorter).

    >>> short_decimal(0.99999999, 1.00000002), short_decimal(0.123, 0.124)
    (1.0, 0.12)
    """
    for digits in range(0, 17):
        candidate = round((a + b) / 2, digits)
        if a <= candidate <= b:
            return candidate
    return (a + b) / 2


def bisect(label_at: Callable[[float], Label], a: float, b: float, left: Label, right: Label,
           rtol: float) -> list[Bracket]:
    """Narrow ``[a, b]`` (``left`` at ``a``, ``right`` at ``b``) to brackets at most ``rtol`` wide (relative).

    ``label_at(value)`` labels a point. A third label met at a midpoint splits
    the search in two, so every change between ``a`` and ``b`` that the
    midpoints meet is found. The brackets come back in increasing order.

    >>> bisect(lambda x: "low" if x < 0.3 else "high", 0.0, 1.0, "low", "high", 1e-6)[0][2:]
    ('low', 'high')
    >>> [round(c[0], 4) for c in bisect(lambda x: int(4 * x), 0.0, 0.9, 0, 3, 1e-9)]
    [0.25, 0.5, 0.75]
    """
    stack, found = [(a, b, left, right)], []
    while stack:
        a, b, left, right = stack.pop()
        while not narrow_enough(a, b, rtol):
            middle = (a + b) / 2
            if middle <= a or middle >= b:
                break
            label = label_at(middle)
            if label == left:
                a = middle
            elif label == right:
                b = middle
            else:
                stack.append((middle, b, label, right))
                b, right = middle, label
        found.append((a, b, left, right))
    return sorted(found, key=lambda c: c[0])


def group_touching(brackets: Sequence[Bracket], gap: float) -> list[list[Bracket]]:
    """Brackets in increasing order, in groups whose neighbours lie within ``gap * max(1, |value|)``.

    A degenerate point seen from both sides gives two brackets that touch: they
    are one change.

    >>> [len(g) for g in group_touching([(0.0, 0.1, 0, 1), (0.1, 0.2, 1, 2), (0.5, 0.6, 2, 3)], 1e-9)]
    [2, 1]
    """
    groups: list[list[Bracket]] = []
    for bracket in sorted(brackets, key=lambda c: c[0]):
        if groups and bracket[0] - groups[-1][-1][1] <= gap * max(1.0, abs(bracket[0])):
            groups[-1].append(bracket)
        else:
            groups.append([bracket])
    return groups


__all__ = ["Bracket", "bisect", "group_touching", "narrow_enough", "short_decimal"]
