"""Square systems of one to three integer equations, solved exactly by Cramer's rule in Python integers.

The partner step of :mod:`.exact_search` solves one such system per vertex;
at these sizes a handful of integer products costs less than building and
converting a python-flint matrix.
"""

from __future__ import annotations

#: Largest system solved here.
LARGEST = 3


def solve(rows: list[list[int]], rhs: list[int], K: list[int], T: list[int]) -> tuple[list[int], int] | None:
    """``(w, den)`` with ``den > 0`` and ``sum_c rows[K[a]][T[c]] * w[c] == rhs[K[a]] * den`` for every ``a``.

    ``len(K) == len(T) <= LARGEST``. None when the system is singular.

    >>> solve([[2, 1], [1, 3]], [1, 1], [0, 1], [0, 1])
    ([2, 1], 5)
    """
    size = len(K)
    if size == 1:
        a, b = rows[K[0]][T[0]], rhs[K[0]]
        if a == 0:
            return None
        return ([b], a) if a > 0 else ([-b], -a)
    if size == 2:
        (r0, r1), (j0, j1) = (rows[K[0]], rows[K[1]]), T
        a, b, c, d = r0[j0], r0[j1], r1[j0], r1[j1]
        e, f = rhs[K[0]], rhs[K[1]]
        den = a * d - b * c
        w = [d * e - b * f, a * f - c * e]
    else:
        r0, r1, r2 = rows[K[0]], rows[K[1]], rows[K[2]]
        j0, j1, j2 = T
        a, b, c = r0[j0], r0[j1], r0[j2]
        d, e, f = r1[j0], r1[j1], r1[j2]
        g, h, i = r2[j0], r2[j1], r2[j2]
        p, q, r = rhs[K[0]], rhs[K[1]], rhs[K[2]]
        m0, m1, m2 = e * i - f * h, f * g - d * i, d * h - e * g  # cofactors of the first row
        den = a * m0 + b * m1 + c * m2
        w = [p * m0 + q * (c * h - b * i) + r * (b * f - c * e),
             p * m1 + q * (a * i - c * g) + r * (c * d - a * f),
             p * m2 + q * (b * g - a * h) + r * (a * e - b * d)]
    if den == 0:
        return None
    return (w, den) if den > 0 else ([-v for v in w], -den)
