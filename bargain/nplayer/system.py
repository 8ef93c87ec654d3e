"""The polynomial system of one support profile: indifference within supports, probabilities summing to one.

Used by :mod:`bargain.nplayer.enumpoly` (every equilibrium) and :mod:`bargain.nplayer.path` (finishing an
approximate point exactly).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np

from bargain.games.strategic import StrategicGame
from bargain.results.algebraic import AlgebraicPoint

from . import _univariate as uni


class System:
    """The indifference equations of one support profile, in the probabilities of all but the first
    supported action of each player (that one is one minus the others)."""

    def __init__(self, game: StrategicGame, arrays, support):
        self.game, self.support, self.arrays = game, support, arrays
        self.variables = [(k, a) for k, s in enumerate(support) for a in s[1:]]
        self.k = len(self.variables)
        index = {v: j for j, v in enumerate(self.variables)}
        zero = (0,) * self.k
        # sigma[k][a]: the probability of action a of player k as a linear polynomial.
        self.sigma = []
        for p, s in enumerate(support):
            forms = {}
            if len(s) == 1:
                forms[s[0]] = {zero: Fraction(1)}
            else:
                first = {zero: Fraction(1)}
                for a in s[1:]:
                    e = tuple(int(j == index[(p, a)]) for j in range(self.k))
                    forms[a] = {e: Fraction(1)}
                    first[e] = Fraction(-1)
                forms[s[0]] = first
            self.sigma.append(forms)
        self.equations = []
        for p, s in enumerate(support):
            if len(s) < 2:
                continue
            others = [j for j in range(game.n_players) if j != p]
            for a in s[1:]:
                self.equations.append(self._difference(arrays[p], p, a, s[0], others))

    def _difference(self, payoff, p, a, b, others):
        """Payoff of action ``a`` minus that of ``b`` for player ``p``, as a polynomial."""
        total: dict = {}
        for cell in product(*(self.support[j] for j in others)):
            index_a, index_b = [0] * len(self.support), [0] * len(self.support)
            for j, c in zip(others, cell, strict=True):
                index_a[j] = index_b[j] = c
            index_a[p], index_b[p] = a, b
            weight = payoff[tuple(index_a)] - payoff[tuple(index_b)]
            if weight == 0:
                continue
            term = {(0,) * self.k: weight}
            for j, c in zip(others, cell, strict=True):
                term = _multiply(term, self.sigma[j][c])
            for e, v in term.items():
                total[e] = total.get(e, 0) + v
        return {e: v for e, v in total.items() if v != 0}

    def positive(self) -> list[dict]:
        """The supported probabilities, each of which must be positive."""
        return [self.sigma[p][a] for p, s in enumerate(self.support) for a in s if len(s) > 1]

    def gains(self) -> list[dict]:
        """For each player and unsupported action, its payoff minus the supported ones' (must be <= 0)."""
        out = []
        for p, s in enumerate(self.support):
            others = [j for j in range(self.game.n_players) if j != p]
            for b in range(self.game.shape[p]):
                if b not in s:
                    out.append(self._difference(self.arrays[p], p, b, s[0], others))
        return out

    def ruled_out(self, extra: list[dict] = ()) -> bool:
        """True when a certificate shows that no profile with exactly this support is an equilibrium.

        On such a profile every pure profile ``s`` of the supports has positive
        probability ``P(s)``; every indifference equation (and every polynomial
        in ``extra``, which must vanish on the solutions too) is zero, and every
        deviation gain is at most zero. A polynomial of degree at most one in
        each player's probabilities is a linear form in the ``P(s)`` (multiply
        each missing player's part by the sum of their probabilities, one). If
        some combination ``h = sum(mu * gain) + sum(lambda * equation)`` with
        ``mu >= 0`` has only non-negative coefficients, not all zero, then
        ``h > 0`` everywhere on the support while ``h <= 0`` at any equilibrium:
        there is none. The combination is found by a linear programme in
        floating point and then checked in exact arithmetic.
        """
        from scipy.optimize import linprog

        gains = [v for v in (self._cells(g) for g in self.gains()) if v is not None]
        equations = [v for v in (self._cells(e) for e in (*self.equations, *extra)) if v is not None]
        rows = gains + equations
        if not rows:
            return False
        A = np.array([[float(x) for x in row] for row in rows]).T
        bounds = [(0, None)] * len(gains) + [(None, None)] * len(equations)
        result = linprog(np.zeros(A.shape[1]), A_ub=-A, b_ub=np.zeros(A.shape[0]),
                         A_eq=A.sum(axis=0, keepdims=True), b_eq=[1.0], bounds=bounds, method="highs")
        if result.status != 0:
            return False
        weights = [Fraction(float(w)).limit_denominator(10**6) for w in result.x]
        if any(w < 0 for w in weights[:len(gains)]):
            return False
        combined = [sum((w * row[c] for w, row in zip(weights, rows, strict=True) if w), Fraction(0))
                    for c in range(A.shape[0])]
        return all(v >= 0 for v in combined) and any(v > 0 for v in combined)

    def _cells(self, poly: dict) -> list[Fraction] | None:
        """``poly`` as a linear form in the probabilities of the supports' pure profiles, or None when
        it has degree two or more in one player's probabilities."""
        cells = list(product(*self.support))
        out = [Fraction(0)] * len(cells)
        for e, c in poly.items():
            chosen = {}
            for j, x in enumerate(e):
                if x:
                    player, action = self.variables[j]
                    if x > 1 or player in chosen:
                        return None
                    chosen[player] = action
            for i, cell in enumerate(cells):
                if all(cell[p] == a for p, a in chosen.items()):
                    out[i] += c
        return out

    def profile(self, values) -> list[list[Fraction]]:
        """The full mixed profile (zeros off the support) at a rational solution."""
        out = []
        for p, s in enumerate(self.support):
            mix = [type(values[0])(0) if len(values) else Fraction(0)] * self.game.shape[p]
            for a in s:
                mix[a] = _evaluate(self.sigma[p][a], values)
            out.append(mix)
        return out

    def algebraic(self, f, interval, coordinates) -> AlgebraicPoint:
        """The full profile at an algebraic solution, each probability a polynomial in ``alpha``."""
        out = []
        for p, s in enumerate(self.support):
            mix = [()] * self.game.shape[p]
            for a in s:
                poly: tuple = ()
                for e, c in self.sigma[p][a].items():
                    j = next((j for j, x in enumerate(e) if x), None)
                    poly = uni.add(poly, uni.scale(coordinates[j], c) if j is not None else (c,))
                mix[a] = poly
            out.append(tuple(mix))
        return AlgebraicPoint(tuple(f), tuple(interval), tuple(out))

    def labels(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(self.game.actions[p][a] for a in s) for p, s in enumerate(self.support))

    def names(self) -> list[str]:
        return [f"{self.game.players[p]}:{self.game.actions[p][a]}" for p, a in self.variables]


def _multiply(p: dict, q: dict) -> dict:
    out: dict = {}
    for e1, c1 in p.items():
        for e2, c2 in q.items():
            e = tuple(x + y for x, y in zip(e1, e2, strict=True))
            out[e] = out.get(e, 0) + c1 * c2
    return out


def _evaluate(p: dict, values) -> Fraction:
    total = Fraction(0)
    for e, c in p.items():
        term = c
        for x, v in zip(e, values, strict=True):
            if x:
                term *= v**x
        total += term
    return total


__all__ = ["System"]
