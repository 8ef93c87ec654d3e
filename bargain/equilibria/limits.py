"""How much work a complete method would do, known before any of it is done.

This module imports nothing heavy, so :func:`~bargain.equilibria.solve` can
refuse a hopeless request at once, before Qhull and the linear algebra load.
"""

from __future__ import annotations

from math import comb

#: Most square subsystems method ``support`` solves per polytope.
MAX_SUBSYSTEMS = 20_000_000

#: Largest smaller dimension at which method ``auto`` is comfortably quick (about 3 s at 16 x 16 here;
#: its work grows about tenfold for every two more actions of the smaller player).
AUTO_COMFORTABLE = 16


def subsystem_count(k: int, d: int) -> int:
    """How many square subsystems support enumeration solves for a ``k x d`` constraint matrix.

    >>> subsystem_count(2, 2), subsystem_count(15, 15)
    (5, 155117519)
    """
    return sum(comb(d, size) * comb(k, size) for size in range(1, min(k, d) + 1))


def what_works(m: int, n: int) -> str:
    """An honest pointer to the methods that will finish on an ``m x n`` game.

    >>> what_works(10, 10)
    "method 'auto' lists every extreme equilibrium of a game this size"
    >>> what_works(200, 200)  # doctest: +ELLIPSIS
    "no complete method finishes on a 200x200 game in reasonable time and memory ...; method ..."
    """
    if min(m, n) <= AUTO_COMFORTABLE:
        return "method 'auto' lists every extreme equilibrium of a game this size"
    return (f"no complete method finishes on a {m}x{n} game in reasonable time and memory (the work of "
            f"'auto' grows about tenfold for every two actions beyond {AUTO_COMFORTABLE}x{AUTO_COMFORTABLE}); "
            "method 'lemke-howson' finds some equilibria and method 'pure' the pure ones")


def support_refusal(m: int, n: int) -> str | None:
    """Why method ``support`` refuses an ``m x n`` game, or ``None`` when it takes it.

    >>> print(support_refusal(15, 15))
    method 'support' would solve 155,117,519 linear systems for this game (limit 20,000,000);
    method 'auto' lists every extreme equilibrium of a game this size
    """
    total = subsystem_count(m, n)
    if total <= MAX_SUBSYSTEMS:
        return None
    count = f"{total:,}" if total < 10**15 else f"about 10^{len(str(total)) - 1}"
    return (f"method 'support' would solve {count} linear systems for this game "
            f"(limit {MAX_SUBSYSTEMS:,}); {what_works(m, n)}")
