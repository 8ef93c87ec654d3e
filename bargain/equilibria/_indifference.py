"""The indifference systems of the one-game small path (:mod:`~bargain.equilibria.single`), in plain Python.

For a support pair ``(I, J)``, the strategy on ``J`` that makes the responders
``I`` indifferent, and what it shows about the pair: a candidate, clearly not an
equilibrium, or a reason to leave the game to the general solver (see
:func:`system`). The small path uses :func:`system2`, :func:`system3` and
:func:`system4`, written out for speed, for two to four actions, and
:func:`system` (elimination) above. :func:`system` also has closed forms for up
to four actions: they are the plain statement of the same decisions, against
which the written-out forms are tested.
"""

from __future__ import annotations

from .small import PAYOFF_MARGIN, PROBABILITY_MARGIN, REGULAR

#: Where a gap starts before any responder outside the support is seen.
_NO_GAP = float("-inf")


def system(R: list[list[float]], I: tuple[int, ...], J: tuple[int, ...], others: tuple[int, ...]):  # noqa: E741
    """The strategy on ``J`` making the responders ``I`` of ``R`` indifferent, and what it shows
    (``others``: the responders outside ``I``, in order).

    Returns ``(weights, smallest weight, gap)`` (``gap``: best payoff of a
    responder outside ``I`` minus the common value); ``None`` when the pair is
    clearly not an equilibrium (no solution, or a clearly negative weight);
    ``False`` when the game is unsure (a system or comparison inside its
    margin, or a witness of degeneracy: ``J``'s strategy with a responder after
    ``I``'s last tied with the value while ``I`` are best responses).
    """
    solved = solve(R, I, J)
    if solved is None or solved is False:
        return solved
    weights, value = solved
    low = min(weights)
    if low < -PROBABILITY_MARGIN:
        return None  # the pair is clearly out, and this side is no witness
    gap = _NO_GAP
    tie = False
    last = I[-1]
    for r in others:
        row = R[r]
        payoff = sum(row[j] * w for j, w in zip(J, weights))  # noqa: B905 - one weight per action of J
        if payoff - value > gap:
            gap = payoff - value
        if r > last and abs(payoff - value) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False  # a strategy on k actions with k + 1 best responses: degenerate (or too close to call)
    return weights, low, gap


def system2(R, I, J, others: tuple[int, ...]):  # noqa: E741
    """:func:`system` for two actions, written out."""
    i0, i1 = I
    j0, j1 = J
    r0, r1 = R[i0], R[i1]
    a, b, c, d = r0[j0], r0[j1], r1[j0], r1[j1]
    first, second = d - b, a - c  # the adjugate times ones
    bordered = first + second
    if abs(bordered) <= REGULAR:
        return False if max(abs(first), abs(second), abs(a * d - b * c)) <= 1e-6 else None
    w0, w1 = first / bordered, second / bordered
    low = w0 if w0 < w1 else w1
    if low < -PROBABILITY_MARGIN:
        return None
    value = (a * d - b * c) / bordered
    gap = _NO_GAP
    tie = False
    for r in others:
        row = R[r]
        excess = row[j0] * w0 + row[j1] * w1 - value
        if excess > gap:
            gap = excess
        if r > i1 and abs(excess) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False
    return [w0, w1], low, gap


def system3(R, I, J, others: tuple[int, ...]):  # noqa: E741
    """:func:`system` for three actions, written out (the adjugate of a 3 x 3 block)."""
    i0, i1, i2 = I
    j0, j1, j2 = J
    r0, r1, r2 = R[i0], R[i1], R[i2]
    a, b, c, d, e, f, g, h, i = r0[j0], r0[j1], r0[j2], r1[j0], r1[j1], r1[j2], r2[j0], r2[j1], r2[j2]
    ei_fh, di_fg, dh_eg = e * i - f * h, d * i - f * g, d * h - e * g
    p = ei_fh - (b * i - c * h) + (b * f - c * e)
    q = -di_fg + (a * i - c * g) - (a * f - c * d)
    s = dh_eg - (a * h - b * g) + (a * e - b * d)
    bordered = p + q + s
    if abs(bordered) <= REGULAR:
        det = a * ei_fh - b * di_fg + c * dh_eg
        return False if max(abs(p), abs(q), abs(s), abs(det)) <= 1e-6 else None
    w0, w1, w2 = p / bordered, q / bordered, s / bordered
    low = w0 if w0 < w1 else w1
    if w2 < low:
        low = w2
    if low < -PROBABILITY_MARGIN:
        return None
    value = (a * ei_fh - b * di_fg + c * dh_eg) / bordered
    gap = _NO_GAP
    tie = False
    for r in others:
        row = R[r]
        excess = row[j0] * w0 + row[j1] * w1 + row[j2] * w2 - value
        if excess > gap:
            gap = excess
        if r > i2 and abs(excess) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False
    return [w0, w1, w2], low, gap


def system4(R, I, J, others: tuple[int, ...]):  # noqa: E741
    """:func:`system` for four actions, written out (determinants by :func:`cramer4`)."""
    i0, i1, i2, i3 = I
    j0, j1, j2, j3 = J
    r0, r1, r2, r3 = R[i0], R[i1], R[i2], R[i3]
    det, (p, q, s, t) = cramer4([[r0[j0], r0[j1], r0[j2], r0[j3]], [r1[j0], r1[j1], r1[j2], r1[j3]],
                                 [r2[j0], r2[j1], r2[j2], r2[j3]], [r3[j0], r3[j1], r3[j2], r3[j3]]])
    bordered = p + q + s + t  # column j replaced by ones: Cramer's rule for M w = 1
    if abs(bordered) <= REGULAR:
        return False if max(abs(p), abs(q), abs(s), abs(t), abs(det)) <= 1e-6 else None
    w0, w1, w2, w3 = p / bordered, q / bordered, s / bordered, t / bordered
    low = min(w0, w1, w2, w3)
    if low < -PROBABILITY_MARGIN:
        return None
    value = det / bordered
    gap = _NO_GAP
    tie = False
    for r in others:
        row = R[r]
        excess = row[j0] * w0 + row[j1] * w1 + row[j2] * w2 + row[j3] * w3 - value
        if excess > gap:
            gap = excess
        if r > i3 and abs(excess) <= PAYOFF_MARGIN:
            tie = True
    if tie and gap <= PAYOFF_MARGIN:
        return False
    return [w0, w1, w2, w3], low, gap


def solve(R, I, J):  # noqa: E741
    """Weights on ``J`` summing to one that give every responder of ``I`` the same payoff, and that payoff.

    ``None`` when the bordered system is clearly singular with no solution,
    ``False`` when it is singular or nearly so and might have many.
    """
    k = len(I)
    if k == 1:
        return [1.0], R[I[0]][J[0]]
    if k == 2:
        (a, b), (c, d) = [[R[i][j] for j in J] for i in I]
        first, second, det = d - b, a - c, a * d - b * c  # adjugate times ones, and the determinant
        bordered = first + second
        if abs(bordered) <= REGULAR:
            return False if max(abs(first), abs(second), abs(det)) <= 1e-6 else None
        return [first / bordered, second / bordered], det / bordered
    if k == 3:
        (a, b, c), (d, e, f), (g, h, i) = [[R[r][j] for j in J] for r in I]
        # the adjugate's rows summed (adj(M) times ones) and the determinant
        p = (e * i - f * h) - (b * i - c * h) + (b * f - c * e)
        q = -(d * i - f * g) + (a * i - c * g) - (a * f - c * d)
        s = (d * h - e * g) - (a * h - b * g) + (a * e - b * d)
        det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        bordered = p + q + s
        if abs(bordered) <= REGULAR:
            return False if max(abs(p), abs(q), abs(s), abs(det)) <= 1e-6 else None
        return [p / bordered, q / bordered, s / bordered], det / bordered
    if k == 4:
        det, adjugate = cramer4([[R[r][j] for j in J] for r in I])
        p, q, s, t = adjugate
        bordered = p + q + s + t  # column j replaced by ones: Cramer's rule for M w = 1
        if abs(bordered) <= REGULAR:
            return False if max(max(map(abs, adjugate)), abs(det)) <= 1e-6 else None
        return [a / bordered for a in adjugate], det / bordered
    return eliminate([[R[r][j] for j in J] + [-1.0] for r in I] + [[1.0] * k + [0.0]])


def cramer4(M: list[list[float]]) -> tuple[float, list[float]]:
    """``det M`` and, for each column ``j``, ``det M`` with column ``j`` replaced by ones.

    Each determinant is expanded along the 2 x 2 minors of the top two rows
    against those of the bottom two; the twelve minors of ``M`` are computed
    once, and a minor with a column of ones is a difference of two entries.
    """
    (a0, a1, a2, a3), (b0, b1, b2, b3), (c0, c1, c2, c3), (d0, d1, d2, d3) = M
    t01, t02, t03 = a0 * b1 - b0 * a1, a0 * b2 - b0 * a2, a0 * b3 - b0 * a3
    t12, t13, t23 = a1 * b2 - b1 * a2, a1 * b3 - b1 * a3, a2 * b3 - b2 * a3
    s01, s02, s03 = c0 * d1 - d0 * c1, c0 * d2 - d0 * c2, c0 * d3 - d0 * c3
    s12, s13, s23 = c1 * d2 - d1 * c2, c1 * d3 - d1 * c3, c2 * d3 - d2 * c3
    # minor (k, l) with column k of ones is b[l] - a[l] (u, bottom: v); with column l of ones, a[k] - b[k] (w, z)
    u1, u2, u3 = b1 - a1, b2 - a2, b3 - a3
    v1, v2, v3 = d1 - c1, d2 - c2, d3 - c3
    w0, w1, w2 = a0 - b0, a1 - b1, a2 - b2
    z0, z1, z2 = c0 - d0, c1 - d1, c2 - d2
    return expand(t01, t02, t03, t12, t13, t23, s01, s02, s03, s12, s13, s23), [
        expand(u1, u2, u3, t12, t13, t23, v1, v2, v3, s12, s13, s23),
        expand(w0, t02, t03, u2, u3, t23, z0, s02, s03, v2, v3, s23),
        expand(t01, w0, t03, w1, t13, u3, s01, z0, s03, z1, s13, v3),
        expand(t01, t02, w0, t12, w1, w2, s01, s02, z0, s12, z1, z2),
    ]


def expand(t01, t02, t03, t12, t13, t23, s01, s02, s03, s12, s13, s23) -> float:
    """A 4 x 4 determinant from the minors of its top two rows (``t``) and bottom two (``s``)."""
    return t01 * s23 - t02 * s13 + t03 * s12 + t12 * s03 - t13 * s02 + t23 * s01


def eliminate(S: list[list[float]]):
    """``S z = e_last`` by Gaussian elimination with partial pivoting: ``(weights, value)``, or ``False``
    when ``|det S|`` is within :data:`REGULAR` (left to the general solver, which handles every case)."""
    size = len(S)
    rhs = [0.0] * (size - 1) + [1.0]
    det = 1.0
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(S[r][col]))
        if S[pivot][col] == 0.0:
            return False
        if pivot != col:
            S[col], S[pivot] = S[pivot], S[col]
            rhs[col], rhs[pivot] = rhs[pivot], rhs[col]
            det = -det
        top = S[col]
        det *= top[col]
        for r in range(col + 1, size):
            factor = S[r][col] / top[col]
            if factor:
                row = S[r]
                for c in range(col, size):
                    row[c] -= factor * top[c]
                rhs[r] -= factor * rhs[col]
    if abs(det) <= REGULAR:
        return False
    z = [0.0] * size
    for r in range(size - 1, -1, -1):
        z[r] = (rhs[r] - sum(S[r][c] * z[c] for c in range(r + 1, size))) / S[r][r]
    return z[:-1], z[-1]
