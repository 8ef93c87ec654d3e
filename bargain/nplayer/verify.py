"""The one verifier every n-player equilibrium passes through before it leaves a solver.

Three kinds of profile are checked:

* floats: round-off below the tolerance is cleaned, then the largest gain any
  player can make by a pure deviation (the *regret*) must be at most
  ``tol * payoff_scale(game)``;
* fractions: the regret must be exactly zero, in rational arithmetic;
* algebraic points (:class:`~bargain.results.algebraic.AlgebraicPoint`): every
  probability and every deviation gain is a polynomial in one real algebraic
  number; the probabilities must be non-negative and sum to one, and every
  gain non-positive, each sign decided exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from bargain.errors import SolverError
from bargain.games.strategic import StrategicGame
from bargain.results.algebraic import AlgebraicPoint
from bargain.results.solution import Equilibrium

from . import _univariate as uni

DEFAULT_TOL = 1e-9


def payoff_scale(game: StrategicGame) -> float:
    """Size of the payoffs, used to turn a relative tolerance into an absolute one.

    >>> payoff_scale(StrategicGame([[[-3, 2]], [[0, 1]]]))
    3.0
    """
    return max(1.0, *(float(np.abs(u).max()) for u in game.payoffs))


def action_values(payoff: np.ndarray, profile, player: int) -> np.ndarray:
    """Expected payoff of each of ``player``'s actions when the others play ``profile``.

    Works on float arrays and on object arrays (of Fractions, or of anything
    with ``+`` and ``*``).

    >>> U = np.arange(8.).reshape(2, 2, 2)
    >>> action_values(U, [None, [0.5, 0.5], [1.0, 0.0]], 0).tolist()
    [1.0, 5.0]
    """
    out = payoff
    for j in reversed(range(payoff.ndim)):
        if j != player:
            weights = np.empty(len(profile[j]), dtype=object if payoff.dtype == object else float)
            weights[:] = list(profile[j])
            out = np.tensordot(out, weights, axes=([j], [0]))
    return out


def regrets(arrays, profile) -> list:
    """Each player's largest gain from a pure deviation (floats or Fractions, as the inputs).

    >>> A = np.array([[1., 0.], [0., 1.]])
    >>> regrets([A, A], [[1., 0.], [0., 1.]])
    [1.0, 1.0]
    """
    out = []
    for k, payoff in enumerate(arrays):
        values = action_values(payoff, profile, k)
        mix = list(profile[k])
        gap = max(values) - sum(p * v for p, v in zip(mix, values, strict=True))
        out.append(gap.item() if isinstance(gap, np.generic) else gap)
    return out


def expected_payoffs(arrays, profile) -> list:
    """Each player's expected payoff at ``profile``."""
    out = []
    for k, payoff in enumerate(arrays):
        values = action_values(payoff, profile, k)
        value = sum(p * v for p, v in zip(profile[k], values, strict=True))
        out.append(value.item() if isinstance(value, np.generic) else value)
    return out


def clean(p: np.ndarray, tol: float) -> np.ndarray:
    """Zero out round-off below ``tol`` and renormalise to sum to one."""
    q = np.where(p > tol, p, 0.0)
    total = q.sum()
    if not np.isfinite(total) or total <= 0:
        raise SolverError("a solver produced a strategy with no positive probability")
    return q / total


def _check_shapes(game: StrategicGame, profile) -> None:
    if len(profile) != game.n_players:
        raise SolverError(f"a profile of {len(profile)} strategies does not fit a {game.n_players}-player game")
    for k, mix in enumerate(profile):
        if len(mix) != game.shape[k]:
            raise SolverError(f"strategy of {game.players[k]} has {len(mix)} entries, expected {game.shape[k]}")


def verify_profile(game: StrategicGame, profile, tol: float = DEFAULT_TOL) -> Equilibrium | None:
    """Check a mixed profile and return it as an :class:`Equilibrium`, or ``None``.

    Parameters
    ----------
    game : StrategicGame
    profile : sequence of sequences
        One probability vector per player. When every entry is a
        :class:`~fractions.Fraction` the check is exact; otherwise floats are
        cleaned of round-off below ``tol`` and the regret may be at most
        ``tol * payoff_scale(game)``.
    tol : float

    Examples
    --------
    >>> g = StrategicGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> verify_profile(g, [[0.5, 0.5], [0.5, 0.5]]).payoffs
    (0.5, 0.5)
    >>> verify_profile(g, [[1, 0], [0, 1]]) is None
    True
    >>> verify_profile(g, [[Fraction(1), Fraction(0)], [Fraction(1), Fraction(0)]]).regret
    Fraction(0, 1)
    """
    _check_shapes(game, profile)
    if all(isinstance(v, Fraction) for mix in profile for v in mix):
        return _verify_exact(game, [list(mix) for mix in profile])
    mixes = [clean(np.asarray(mix, dtype=float), tol) for mix in profile]
    gaps = regrets(game.payoffs, mixes)
    gap = max(float(g) for g in gaps)
    if not gap <= tol * payoff_scale(game):
        return None
    payoffs = tuple(float(v) for v in expected_payoffs(game.payoffs, mixes))
    return Equilibrium(game, tuple(tuple(m.tolist()) for m in mixes), payoffs, max(gap, 0.0))


def _verify_exact(game: StrategicGame, profile: list[list[Fraction]]) -> Equilibrium | None:
    if any(p < 0 for mix in profile for p in mix) or any(sum(mix) != 1 for mix in profile):
        return None
    # Integers throughout: each payoff array and each strategy scaled by the lcm of its denominators
    # (positive scalings, so every comparison keeps its sign).
    payoff_scales = []
    integer_arrays = []
    for u in game.exact_payoff_arrays():
        scale = math.lcm(*(v.denominator for v in u.flat))
        payoff_scales.append(scale)
        integer_arrays.append(np.vectorize(lambda v, s=scale: int(v * s), otypes=[object])(u))
    weights = []
    denominators = []
    for mix in profile:
        d = math.lcm(*(p.denominator for p in mix))
        denominators.append(d)
        weights.append([int(p * d) for p in mix])
    payoffs = []
    for k, u in enumerate(integer_arrays):
        values = action_values(u, weights, k)
        current = sum(w * v for w, v in zip(weights[k], values, strict=True))
        if max(values) * denominators[k] != current:
            return None
        others = math.prod(d for j, d in enumerate(denominators) if j != k)
        payoffs.append(Fraction(current, denominators[k] * others * payoff_scales[k]))
    return Equilibrium(game, tuple(tuple(mix) for mix in profile), tuple(payoffs), Fraction(0))


class _Residue:
    """A polynomial in ``alpha`` modulo its minimal polynomial, usable inside numpy object arrays.

    Arithmetic is done by python-flint's exact rational polynomials.
    """

    __slots__ = ("poly", "modulus")

    def __init__(self, poly, modulus):
        self.poly = poly % modulus if poly.degree() >= modulus.degree() else poly
        self.modulus = modulus

    def _lift(self, other):
        if isinstance(other, _Residue):
            return other.poly
        import flint

        other = Fraction(other)
        return flint.fmpq_poly([flint.fmpq(other.numerator, other.denominator)])

    def __add__(self, other):
        return _Residue(self.poly + self._lift(other), self.modulus)

    __radd__ = __add__

    def __sub__(self, other):
        return _Residue(self.poly - self._lift(other), self.modulus)

    def __rsub__(self, other):
        return _Residue(self._lift(other) - self.poly, self.modulus)

    def __mul__(self, other):
        return _Residue(self.poly * self._lift(other), self.modulus)

    __rmul__ = __mul__

    @property
    def coefficients(self) -> tuple[Fraction, ...]:
        return uni.trim(Fraction(int(c.p), int(c.q)) for c in self.poly.coeffs())


def _flint_poly(coefficients):
    import flint

    return flint.fmpq_poly([flint.fmpq(Fraction(c).numerator, Fraction(c).denominator) for c in coefficients])


def verify_algebraic(game: StrategicGame, point: AlgebraicPoint) -> Equilibrium | None:
    """Check an equilibrium with irrational probabilities exactly; return it, or ``None``.

    Every probability is a polynomial in one algebraic number ``alpha``; the
    check computes each player's payoffs and deviation gains as polynomials in
    ``alpha`` modulo its minimal polynomial and decides each sign exactly
    (:func:`~bargain.nplayer._univariate.sign_at_root`).

    Examples
    --------
    A three-player game whose only equilibrium is irrational (Nau et al. 2004):
    see ``tests/test_nplayer_enumpoly.py``; here a one-player check that an
    irrational mixture of two equally good actions is optimal.

    >>> f, box = (Fraction(-2), Fraction(0), Fraction(1)), (Fraction(1), Fraction(2))
    >>> point = AlgebraicPoint(f, box, (((Fraction(-1), Fraction(1)), (Fraction(2), Fraction(-1))),))
    >>> eq = verify_algebraic(StrategicGame([[3, 3]]), point)
    >>> eq.certified, eq.exact, round(eq.profile[0][0], 6)
    (True, False, 0.414214)
    >>> verify_algebraic(StrategicGame([[3, 4]]), point) is None
    True
    """
    f = uni.trim(point.polynomial)
    if len(f) < 3:
        raise SolverError("an algebraic point needs a minimal polynomial of degree 2 or more")
    _check_shapes(game, point.coordinates)
    interval = point.interval
    lo, hi = interval
    if uni.sign(uni.value(f, lo)) * uni.sign(uni.value(f, hi)) >= 0:
        return None
    modulus = _flint_poly(f)
    zero = _Residue(_flint_poly(()), modulus)
    mixes = [[_Residue(_flint_poly(g), modulus) for g in mix] for mix in point.coordinates]
    for mix in mixes:
        if sum(mix[1:], mix[0]).coefficients != (Fraction(1),):
            return None
        if any(uni.sign_at_root(p.coefficients, f, interval) < 0 for p in mix):
            return None
    arrays = game.exact_payoff_arrays()
    payoff_polys = []
    for k, payoff in enumerate(arrays):
        values = [zero + v for v in action_values(payoff, mixes, k)]
        current = sum((p * v for p, v in zip(mixes[k], values, strict=True)), zero)
        for v in values:
            if uni.sign_at_root((v - current).coefficients, f, interval) > 0:
                return None
        payoff_polys.append(current.coefficients)
    floats = point.floats()
    lo, hi = point.refined()
    payoffs = tuple(float(sum(uni.interval_value(p, lo, hi)) / 2) for p in payoff_polys)
    gap = max(float(g) for g in regrets(game.payoffs, [np.array(m) for m in floats]))
    return Equilibrium(game, floats, payoffs, max(gap, 0.0), algebraic=point)


__all__ = ["DEFAULT_TOL", "action_values", "clean", "expected_payoffs", "payoff_scale", "regrets",
           "verify_algebraic", "verify_profile"]
