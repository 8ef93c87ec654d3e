"""Which equilibrium at one point continues which equilibrium at the point before."""

from __future__ import annotations

from collections.abc import Sequence

from .many import profile_of
from .signature import support_masks as _support


def _distance(a, b) -> float:
    """Largest gap between two profiles' probabilities."""
    return max(abs(p - q) for x, y in zip(a, b, strict=True) for p, q in zip(x, y, strict=True))


def _match(previous: Sequence[tuple], current: Sequence[tuple], old_supports=None, new_supports=None
           ) -> dict[int, int]:
    """``{index in current: index in previous}`` for the equilibria that continue one another."""
    if old_supports is None:
        old_supports = [_support(e) for e in previous]
    if new_supports is None:
        new_supports = [_support(e) for e in current]
    unique = set(new_supports)
    if len(unique) == len(new_supports) == len(old_supports) and (old_supports == new_supports
                                                                   or set(old_supports) == unique):
        # the same supports on both sides, each once: identical supports are always matched first
        where = {s: i for i, s in enumerate(old_supports)}
        return {j: where[s] for j, s in enumerate(new_supports)}
    candidates = []
    for i, old in enumerate(previous):
        s_old = old_supports[i]
        for j, new in enumerate(current):
            s_new = new_supports[j]
            if all(a & b for a, b in zip(s_old, s_new, strict=True)):
                candidates.append((s_old != s_new, _distance(profile_of(old), profile_of(new)), i, j))
    candidates.sort()
    used_old, pairs = set(), {}
    for _, _, i, j in candidates:
        if i not in used_old and j not in pairs:
            used_old.add(i)
            pairs[j] = i
    return pairs


def track(results: Sequence[Sequence[tuple]], links: Sequence[int | None], supports=None) -> list[list[int]]:
    """Track ids of every equilibrium at every point; ``links[k]`` is the point ``k`` continues (``supports``,
    optional: each equilibrium's :func:`~.signature.support_masks`, one list per point; ``&`` of two masks is
    zero when they share no action)."""
    tracks: list[list[int]] = []
    next_id = 0
    if supports is None:  # once per point, not per link
        supports = [[_support(e) for e in equilibria] for equilibria in results]
    for k, equilibria in enumerate(results):
        ids: list[int] = []
        j = links[k]
        if j is not None and len(supports[k]) == 1 and supports[j] == supports[k]:
            tracks.append(list(tracks[j]))  # one equilibrium on the same supports: it continues
            continue
        pairs = _match(results[j], equilibria, supports[j], supports[k]) if j is not None else {}
        for j in range(len(equilibria)):
            if j in pairs:
                ids.append(tracks[links[k]][pairs[j]])
            else:
                ids.append(next_id)
                next_id += 1
        tracks.append(ids)
    return tracks


# ---------------------------------------------------------------------------- thresholds
