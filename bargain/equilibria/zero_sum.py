"""Zero-sum (constant-sum) games solved as a pair of linear programmes.

In a game where ``A + B`` is constant, the equilibria are exactly the pairs of
maximin strategies, and every equilibrium pays the row player the value ``v``.
The row player's programme is

    maximise v  subject to  x^T A >= v (componentwise),  sum(x) = 1,  x >= 0,

and the column player's is the same for ``-A^T``. Both are solved with HiGHS
through :func:`scipy.optimize.linprog`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError


def is_constant_sum(A, B, tol: float = 0.0) -> bool:
    """True when every entry of ``A + B`` lies within ``tol`` (absolute) of the first one.

    >>> is_constant_sum([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    True
    >>> is_constant_sum([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    False
    """
    total = np.asarray(A, dtype=float) + np.asarray(B, dtype=float)
    return bool(np.abs(total - total.flat[0]).max() <= tol)


def _maximin(A: np.ndarray) -> tuple[np.ndarray, float]:
    """Maximin strategy of the row player and the value it guarantees."""
    m, n = A.shape
    shift = A.min()  # keep the value positive-ish; it does not change the strategy
    c = np.zeros(m + 1)
    c[-1] = -1.0  # maximise v
    A_ub = np.hstack([-(A - shift).T, np.ones((n, 1))])  # v - x^T A_j <= 0
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    result = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if result.status != 0:
        raise SolverError(f"zero-sum linear programme failed: {result.message}")
    x = np.clip(result.x[:m], 0.0, None)
    return x / x.sum(), float(result.x[-1] + shift)


def minimax(A) -> tuple[np.ndarray, np.ndarray, float]:
    """Optimal strategies and value of the zero-sum game with row payoffs ``A``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Payoffs of the row player; the column player receives ``-A`` (or any
        constant minus ``A``).

    Returns
    -------
    x, y : numpy.ndarray
        A maximin strategy of the row player and a minimax strategy of the
        column player; together they form a Nash equilibrium.
    value : float
        The row player's payoff in every equilibrium.

    Examples
    --------
    >>> x, y, v = minimax([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])  # rock-paper-scissors
    >>> np.round(x, 6).tolist(), np.round(y, 6).tolist(), round(v, 9) + 0.0
    ([0.333333, 0.333333, 0.333333], [0.333333, 0.333333, 0.333333], 0.0)
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.size == 0 or not np.isfinite(A).all():
        raise SolverError(f"minimax needs a non-empty finite 2-D payoff matrix, got shape {A.shape}")
    x, value = _maximin(A)
    y, minus_value = _maximin(-A.T)
    return x, y, (value - minus_value) / 2


__all__ = ["is_constant_sum", "minimax"]
