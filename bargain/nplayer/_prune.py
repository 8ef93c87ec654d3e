"""Cheap, exact reasons why a support profile holds no equilibrium, tried before any polynomial solving.

Two tests, both sound (a support they reject has no equilibrium with exactly
that support) and both decided in exact arithmetic:

* **conditional dominance** (:class:`Dominance`): an action in the support that
  does no better than another action of the same player against every pure
  profile of the others' supports, and worse against one, is never a best
  reply there. The answer depends only on the player and the others' supports,
  so it is computed once per such pair and kept.
* **a linear certificate** (:func:`linear_certificate`): at an equilibrium with
  these supports, the product distribution ``P(s) = prod_k sigma_k(s_k)`` over
  the pure profiles ``s`` of the supports is strictly positive, and for every
  player ``k``, own supported action ``c`` and other action ``b``,
  ``sum_{s: s_k = c} P(s) * (u_k(b, s_-k) - u_k(a, s_-k))`` is zero when ``b``
  is supported and at most zero when it is not (``a`` the first supported
  action; this is ``sigma_k(c)`` times ``b``'s gain over ``a``). These are
  linear in ``P``. If multipliers (non-negative on the inequalities) combine
  them into a form whose coefficients are all non-negative and not all zero,
  the form is positive at every positive ``P`` and at most zero at an
  equilibrium: there is none. The multipliers come from a non-negative
  least-squares fit in floating point and are then checked in rational arithmetic, so
  a rounding error can only make the test decline, never reject wrongly.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import lcm

import numpy as np


def integer_payoffs(arrays) -> list[np.ndarray]:
    """Each player's exact payoffs times the common denominator: object arrays of Python integers.

    A positive rescaling of one player's payoffs changes no equilibrium.

    >>> integer_payoffs([np.array([Fraction(1, 2), Fraction(1, 3)], dtype=object)])[0].tolist()
    [3, 2]
    """
    out = []
    for u in arrays:
        values = [Fraction(v) for v in u.flat]
        scale = lcm(*(v.denominator for v in values)) if values else 1
        ints = np.empty(u.shape, dtype=object)
        ints.flat[:] = [int(v * scale) for v in values]
        out.append(ints)
    return out


class Dominance:
    """Conditional dominance of supported actions, computed once per player and set of others' supports.

    Parameters
    ----------
    ranks : list of numpy.ndarray
        Each player's payoffs as integers in the same order as the exact ones,
        with that player's own axis first.

    Examples
    --------
    Player 0's second action is worse against everything the other plays:

    >>> ranks = [np.array([[2, 1], [1, 0]]), np.array([[0, 0], [0, 0]])]
    >>> d = Dominance(ranks)
    >>> d.dominated(((0,), (0,))), d.dominated(((1,), (0,)))
    (False, True)
    """

    def __init__(self, ranks: list[np.ndarray]):
        # For each player and action, its payoff (rank) at each pure profile of the others, as a dictionary.
        self.values = []
        for u in ranks:
            others = [range(m) for m in u.shape[1:]]
            self.values.append([dict(zip(product(*others), row.reshape(-1).tolist(), strict=True)) for row in u])
        self.memo: dict = {}

    def beaten(self, player: int, others) -> frozenset[int]:
        """Actions of ``player`` that some other action weakly beats, strictly once, on ``others``."""
        key = (player, others)
        found = self.memo.get(key)
        if found is None:
            cells = list(product(*others))
            block = [[v[c] for c in cells] for v in self.values[player]]
            found = frozenset(
                a for a, row in enumerate(block)
                if any(all(x >= y for x, y in zip(other, row, strict=True)) and other != row for other in block))
            self.memo[key] = found
        return found

    def dominated(self, support) -> bool:
        """True when some supported action is conditionally dominated given the others' supports."""
        for k, own in enumerate(support):
            beaten = self.beaten(k, support[:k] + support[k + 1:])
            if beaten and not beaten.isdisjoint(own):
                return True
        return False


class LinearCertificate:
    """The linear certificate test for the support profiles of one game.

    Parameters
    ----------
    ints : list of numpy.ndarray
        The players' payoffs as integers (:func:`integer_payoffs`).

    Examples
    --------
    Matching pennies has no equilibrium in pure strategies, and one with both
    players mixing:

    >>> ints = [np.array([[1, -1], [-1, 1]], dtype=object), np.array([[-1, 1], [1, -1]], dtype=object)]
    >>> test = LinearCertificate(ints)
    >>> test.rules_out(((0,), (0,))), test.rules_out(((0, 1), (0, 1)))
    (True, False)
    """

    def __init__(self, ints: list[np.ndarray]):
        small = all(abs(int(v)) < 2**40 for u in ints for v in u.flat)
        # Each player's payoffs with the player's own axis first; machine integers when they are small
        # (differences of two then fit easily), Python integers otherwise.
        self.own_first = [np.moveaxis(u.astype(np.int64) if small else u, k, 0) for k, u in enumerate(ints)]
        #: Differences of each action's payoffs from those of one supported action, per player, that action
        #: and the others' supports (shared by many support profiles).
        self.memo: dict = {}

    def rows(self, support) -> tuple[np.ndarray, int]:
        """The conditions as an integer matrix, one row per condition and one column per pure profile of
        the supports (in the order of ``itertools.product``), inequality rows first; and their number."""
        sizes = tuple(len(s) for s in support)
        inequalities, equalities = [], []
        for k, own in enumerate(support):
            key = (k, own[0], support[:k] + support[k + 1:])
            if key not in self.memo:
                u = self.own_first[k]
                block = u[np.ix_(range(u.shape[0]), *key[2])]
                diff = block - block[own[0]]
                self.memo[key] = diff, [b for b in range(u.shape[0]) if b != own[0] and diff[b].any()]
            diff, keep = self.memo[key]
            if not keep:
                continue
            rows = np.zeros((len(keep), sizes[k]) + sizes, dtype=diff.dtype)
            view = np.moveaxis(rows, 2 + k, 2)  # (condition, own action c, c again, others...)
            at = np.arange(sizes[k])
            view[:, at, at] = diff[keep][:, None]
            rows = rows.reshape(len(keep), sizes[k], -1)
            for r, b in enumerate(keep):
                (equalities if b in own else inequalities).append(rows[r])
        n_ineq = sum(len(r) for r in inequalities)
        if not inequalities and not equalities:
            return np.zeros((0, int(np.prod(sizes))), dtype=np.int64), 0
        return np.concatenate(inequalities + equalities), n_ineq

    def rules_out(self, support) -> bool:
        """True when an exactly checked linear certificate shows no equilibrium has exactly this support."""
        rows, n_ineq = self.rows(support)
        return certify(rows, n_ineq)


def certify(rows: np.ndarray, n_ineq: int) -> bool:
    """True when multipliers (non-negative on the first ``n_ineq`` rows) combine the integer ``rows`` into a
    vector with every entry non-negative and one positive, found in floating point and checked exactly.

    Each row holds a condition's coefficients in a basis of functions that are all positive where the
    equilibria are sought; the first ``n_ineq`` conditions are at most zero there, the others zero.
    """
    from scipy.optimize import nnls

    if not len(rows):
        return False
    A = rows.astype(float).T  # one row per basis function, one column per condition
    # Multipliers y (non-negative on the inequalities; the free ones split in two non-negative parts) and
    # slacks h >= 0 with A y - h = 0 and sum(h) = 1, as a non-negative least-squares fit of zero residual.
    cells, n_rows = A.shape
    n_free = n_rows - n_ineq
    M = np.zeros((cells + 1, n_rows + n_free + cells))
    M[:cells, :n_rows] = A
    M[:cells, n_rows:n_rows + n_free] = -A[:, n_ineq:]
    M[:cells, n_rows + n_free:] = -np.eye(cells)
    M[cells, n_rows + n_free:] = 1.0
    target = np.zeros(cells + 1)
    target[cells] = 1.0
    try:
        z, residual = nnls(M, target, maxiter=50 * M.shape[1])
    except RuntimeError:  # pragma: no cover - iteration limit
        return False
    if not residual < 1e-7:
        return False
    y = z[:n_rows].copy()
    y[n_ineq:] -= z[n_rows:n_rows + n_free]
    return _exact_multipliers(rows, n_ineq, A, y)


def _exact_multipliers(rows: np.ndarray, n_ineq: int, A: np.ndarray, y: np.ndarray) -> bool:
    """Recover exact multipliers from the floating-point ones and check them in rational arithmetic.

    The multipliers that vanish and the profiles where the combined form
    vanishes are read from ``y``; the exact multipliers solve the same linear
    equations (those forms zero, their sum one) in rational arithmetic, with
    every multiplier ``y`` sets to zero kept at zero.
    """
    import flint

    h = A @ y
    used = np.flatnonzero(np.abs(y) > 1e-12 * max(1.0, np.abs(y).max()))
    active = np.flatnonzero(h <= 1e-9 * max(h.max(), 1e-300))
    if not len(used):
        return False
    sub = rows[used]
    system = np.zeros((len(active) + 1, len(used) + 1), dtype=object)
    system[:-1, :-1] = sub[:, active].T
    system[-1, :-1] = sub.sum(axis=1)
    system[-1, -1] = 1
    m, n = system.shape
    reduced, rank = flint.fmpq_mat(m, n, [int(v) for v in system.flat]).rref()
    exact = [flint.fmpq(0)] * len(used)
    for r in range(rank):
        pivot = next(c for c in range(n) if reduced[r, c] != 0)
        if pivot == n - 1:
            return False  # inconsistent: no exact multipliers with this pattern
        exact[pivot] = reduced[r, n - 1]
    if any(w < 0 for w, i in zip(exact, used, strict=True) if i < n_ineq):
        return False
    combined = flint.fmpq_mat(sub.shape[1], sub.shape[0], [int(v) for v in sub.T.flat]) * \
        flint.fmpq_mat(len(used), 1, exact)
    values = [combined[c, 0] for c in range(sub.shape[1])]
    return all(v >= 0 for v in values) and any(v > 0 for v in values)


def linear_certificate(ints: list[np.ndarray], support) -> bool:
    """True when an exactly checked linear certificate shows no equilibrium has exactly this support.

    ``ints`` are the players' payoffs as integers (:func:`integer_payoffs`); see :class:`LinearCertificate`.

    >>> ints = [np.array([[1, -1], [-1, 1]], dtype=object), np.array([[-1, 1], [1, -1]], dtype=object)]
    >>> linear_certificate(ints, ((0,), (0,))), linear_certificate(ints, ((0, 1), (0, 1)))
    (True, False)
    """
    return LinearCertificate(ints).rules_out(support)


__all__ = ["Dominance", "LinearCertificate", "certify", "integer_payoffs", "linear_certificate"]
