"""The one verifier every equilibrium passes through before it leaves a solver."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games.normal_form import Game
from ..results.solution import Equilibrium

DEFAULT_TOL = 1e-9

#: Two float payoffs closer than this fraction of the larger one are taken as equal (round-off).
ROUND_OFF = 2.0**-40


def payoff_scale(game: Game) -> float:
    """Size of the payoffs, used to turn a relative tolerance into an absolute one."""
    return max(1.0, float(np.abs(game.A).max()), float(np.abs(game.B).max()))


#: Float mode merges probabilities closer than this many tolerances (see ``_dispatch._unique``).
MERGE_FACTOR = 1e3


def float_trouble(game: Game, tol: float = DEFAULT_TOL, *, strict: bool = False) -> str | None:
    """Why float arithmetic cannot certify the equilibria of ``game``, or ``None`` if it can.

    Float mode accepts a profile when no deviation gains more than
    ``tau = tol * payoff_scale(game)``, and takes two probabilities within
    ``MERGE_FACTOR * tol`` for equal. What decides best responses are the
    differences ``g`` between two payoffs of one player against the same action
    of the other; let ``M`` be the largest payoff.

    * ``g <= MERGE_FACTOR * tol * M`` (a millionth of ``M``): a profitable
      deviation can hide inside the regret tolerance, and extreme equilibria
      whose probabilities (ratios of such differences to ``M``) cannot be told
      apart get merged. Floats cannot certify the game.
    * ``strict``, also ``g <= sqrt(tol) * M`` (about 3e-5 of ``M``): a mixed
      profile's regret is a payoff difference times a probability, and both can
      be that small, so a profile that misses being an equilibrium by
      ``g * g / M <= tau`` passes the float verifier. Cheap to rule out on a
      small game by solving it exactly.

    Payoffs near 1e19 beside payoffs near 1 (Gambit's large-payoff game), or a
    model parameter set to 1e9, are such games. Float differences count as
    round-off, and so as ties, when the two payoffs agree to ``ROUND_OFF``
    (about 12 digits); exact payoffs (integers, fractions, a Gambit file) are
    compared exactly, so values that doubles cannot tell apart (beyond 2**53)
    count too.

    Examples
    --------
    >>> float_trouble(Game([[1, 0], [0, 2]], [[2, 0], [0, 1]])) is None
    True
    >>> print(float_trouble(Game([[10**12, 1], [0, 0]], [[0, 0], [0, 1]])))
    payoffs of Row against Column's c2 differ by 1, less than 1e-06 × the largest payoff (1e+12):
    floats cannot certify this game
    >>> float_trouble(Game([[10**5, 1], [0, 0]], [[0, 0], [0, 1]])) is None
    True
    >>> print(float_trouble(Game([[10**5, 1], [0, 0]], [[0, 0], [0, 1]]), strict=True))
    payoffs of Row against Column's c2 differ by 1, less than 3e-05 × the largest payoff (1e+05):
    floats may take near-misses for equilibria
    """
    scale = payoff_scale(game)
    share = max(MERGE_FACTOR * tol, tol**0.5) if strict else MERGE_FACTOR * tol
    found = _exact_gap(game, share * scale) if game.is_exact else _float_gap(game, share * scale)
    if found is None:
        return None
    k, j, gap = found
    other = game.players[1 - k]
    verdict = ("floats cannot certify this game" if gap <= MERGE_FACTOR * tol * scale
               else "floats may take near-misses for equilibria")
    return (f"payoffs of {game.players[k]} against {other}'s {game.actions[1 - k][j]} differ by {float(gap):.3g}, "
            f"less than {share:.0e} × the largest payoff ({scale:.3g}): {verdict}")


def _float_gap(game: Game, limit: float):
    """``(player, opponent action, gap)`` of a best-response difference in ``(round-off, limit]``, or None."""
    for k, matrix in enumerate((game.A, game.B.T)):  # columns: one opponent action each
        ordered = np.sort(matrix, axis=0)
        gaps = np.diff(ordered, axis=0)
        floor = ROUND_OFF * np.maximum(np.abs(ordered[:-1]), np.abs(ordered[1:]))
        hits = np.argwhere((gaps > floor) & (gaps <= limit))
        if hits.size:
            i, j = hits[0]
            return k, int(j), float(gaps[i, j])
    return None


def _exact_gap(game: Game, limit: float):
    """As :func:`_float_gap`, comparing the exact payoffs exactly."""
    A, B = game.exact_payoffs()
    if limit < 1 and all(v.denominator == 1 for row in (*A, *B) for v in row):
        return None  # distinct integers differ by at least 1
    columns = ([[row[j] for row in A] for j in range(len(A[0]))], [list(row) for row in B])
    for k, lines in enumerate(columns):
        for j, line in enumerate(lines):
            ordered = sorted(line)
            for low, high in zip(ordered, ordered[1:], strict=False):
                if 0 < high - low <= limit:
                    return k, j, high - low
    return None


def regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Largest gain available to either player from a pure deviation.

    >>> A = np.array([[1., 0.], [0., 1.]])
    >>> regret(A, A, np.array([1., 0.]), np.array([0., 1.]))
    1.0
    """
    Ay, xB = A @ y, x @ B
    return float(max(Ay.max() - x @ Ay, xB.max() - xB @ y))


def exact_regret(A, B, x, y) -> Fraction:
    """:func:`regret` in exact arithmetic on lists of Fractions."""
    Ay = [sum((a * q for a, q in zip(row, y, strict=True)), Fraction(0)) for row in A]
    xB = [sum((B[i][j] * x[i] for i in range(len(x))), Fraction(0)) for j in range(len(y))]
    u = sum((p * v for p, v in zip(x, Ay, strict=True)), Fraction(0))
    w = sum((q * v for q, v in zip(y, xB, strict=True)), Fraction(0))
    return max(max(Ay) - u, max(xB) - w)


def clean(p: np.ndarray, tol: float) -> np.ndarray:
    """Zero out round-off below ``tol`` and renormalise to sum to one."""
    q = np.where(p > tol, p, 0.0)
    total = q.sum()
    if not np.isfinite(total) or total <= 0:
        raise SolverError("a solver produced a strategy with no positive probability")
    return q / total


def verify_profile(game: Game, x, y, tol: float = DEFAULT_TOL) -> Equilibrium | None:
    """Check ``(x, y)`` and return it as an :class:`Equilibrium`, or ``None``.

    Floats are cleaned of round-off first; a profile is accepted when it is a
    probability vector per player and no player gains more than
    ``tol * payoff_scale(game)`` by deviating. Fractions are checked exactly.

    >>> g = Game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> verify_profile(g, [0.5, 0.5], [0.5, 0.5]).payoffs
    (0.5, 0.5)
    >>> verify_profile(g, [1, 0], [0, 1]) is None
    True
    """
    if all(isinstance(v, Fraction) for v in (*x, *y)):
        return _verify_exact(game, list(x), list(y))
    x = clean(np.asarray(x, dtype=float), tol)
    y = clean(np.asarray(y, dtype=float), tol)
    if x.shape != (game.shape[0],) or y.shape != (game.shape[1],):
        raise SolverError(f"profile shapes {x.shape}, {y.shape} do not fit a {game.shape} game")
    gap = regret(game.A, game.B, x, y)
    if not gap <= tol * payoff_scale(game):
        return None
    payoffs = (float(x @ game.A @ y), float(x @ game.B @ y))
    return Equilibrium(game, (tuple(x.tolist()), tuple(y.tolist())), payoffs, max(gap, 0.0))


def _verify_exact(game: Game, x: list[Fraction], y: list[Fraction]) -> Equilibrium | None:
    if len(x) != game.shape[0] or len(y) != game.shape[1]:
        raise SolverError(f"profile lengths {len(x)}, {len(y)} do not fit a {game.shape} game")
    if min(x) < 0 or min(y) < 0 or sum(x) != 1 or sum(y) != 1:
        return None
    A, B = game.exact_payoffs()
    if exact_regret(A, B, x, y) != 0:
        return None
    u = sum((x[i] * A[i][j] * y[j] for i in range(len(x)) for j in range(len(y))), Fraction(0))
    w = sum((x[i] * B[i][j] * y[j] for i in range(len(x)) for j in range(len(y))), Fraction(0))
    return Equilibrium(game, (tuple(x), tuple(y)), (u, w), Fraction(0))
