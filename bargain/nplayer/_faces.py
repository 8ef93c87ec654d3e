"""Deciding a support whose equations cut out a flat set of dimension two or more.

When a support's equations are linear (for instance when at most two
players mix, or when ties make every equation vanish) their solutions form an
affine set ``V``; on it every probability is an affine function of the free
variables. Let ``S`` be the equilibria on the support: the points of ``V``
with every supported probability positive (an open convex set ``C``) and every
deviation gain ``g_j`` at most zero (a closed condition).

Take one exact point ``x`` of ``C`` (and a grid of others). If every gain
is negative at one of them, a neighbourhood of it in ``V`` lies in ``S``: a
continuum of full dimension. Otherwise ``S`` is not all of ``C``; being
closed in the connected set ``C``, it is then empty exactly when it has no
point where some gain is zero. Those parts, on the sets ``g_j = 0`` (each of
lower dimension: a gain that is not constant on ``V`` cuts it down by one),
are solved exactly: finitely many points, a rationally parametrised curve, or
again a flat set, recursively. When an equilibrium found there has neighbours
off its face where every gain is negative (a step against the gradients of
the gains that vanish), ``S`` has a full-dimensional part after all and is
recorded as such; otherwise what the faces hold is recorded (a full-dimensional
part that this step misses would be described by its edges, still with
verified samples). Anything else leaves the support undecided, as before.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np

from . import _polysys
from .system import _evaluate as _value

_GRID = [Fraction(i, 8) for i in range(1, 8)]
#: Rational points tried around an interior point to sample a full-dimensional continuum.
_OFFSETS = (Fraction(0), Fraction(1, 97), Fraction(-1, 89), Fraction(1, 53))


def _linear(polys) -> bool:
    return all(sum(e) <= 1 for p in polys for e in p)


def _affine_forms(basis, k: int, free: tuple[int, ...]) -> list[dict[int, Fraction]]:
    """Every variable as ``{free position: coefficient, -1: constant}`` on the flat set of ``basis``."""
    forms: list[dict[int, Fraction] | None] = [None] * k
    for i, j in enumerate(free):
        forms[j] = {i: Fraction(1)}
    for g in basis:
        lead = next(iter(g))
        p = lead.index(1)
        form: dict[int, Fraction] = {}
        for e, c in g.items():
            if e == lead:
                continue
            key = e.index(1) if any(e) else -1
            key = free.index(key) if key >= 0 else -1
            form[key] = -c / g[lead]
        forms[p] = form
    return forms  # type: ignore[return-value]


def _compose(poly: dict, forms, d: int) -> dict[tuple[int, ...], Fraction]:
    """``poly`` (in the original variables) on the flat set, as a polynomial in the ``d`` free variables."""
    out: dict[tuple[int, ...], Fraction] = {}
    for e, c in poly.items():
        term = {(0,) * d: Fraction(c)}
        for j, x in enumerate(e):
            for _ in range(x):
                nxt: dict = {}
                for m, v in term.items():
                    for key, w in forms[j].items():
                        m2 = m if key < 0 else tuple(a + (i == key) for i, a in enumerate(m))
                        nxt[m2] = nxt.get(m2, 0) + v * w
                term = nxt
        for m, v in term.items():
            out[m] = out.get(m, 0) + v
    return {m: v for m, v in out.items() if v != 0}


def _interior_point(positive, d: int) -> list[Fraction] | None:
    """An exact point where every affine ``positive`` form is positive, or None if none was found."""
    from scipy.optimize import linprog

    unit = [tuple(int(i == j) for i in range(d)) for j in range(d)]
    A = np.array([[-float(p.get(unit[j], 0)) for j in range(d)] + [1.0] for p in positive])
    b = np.array([float(p.get((0,) * d, 0)) for p in positive])
    result = linprog(np.r_[np.zeros(d), -1.0], A_ub=A, b_ub=b, bounds=[(None, None)] * d + [(None, 1.0)],
                     method="highs")
    if result.status != 0 or result.x[-1] <= 1e-9:
        return None
    for limit in (10**3, 10**6, 10**9):
        point = [Fraction(float(v)).limit_denominator(limit) for v in result.x[:d]]
        if all(_value(p, point) > 0 for p in positive):
            return point
    return None  # pragma: no cover - the margin makes some rounding work


def decide(run, system, result) -> bool:
    """Decide the flat solution set of ``result`` exactly, recording what it holds in ``run``; False when it
    cannot (then nothing is recorded)."""
    if not _linear(result.basis):
        return False
    equilibria, continua = len(run.equilibria), len(run.continua)
    ok = _decide(run, system, result, depth=0)
    if not ok:
        del run.equilibria[equilibria:]
        del run.continua[continua:]
    else:
        run.equilibria[equilibria:] = distinct(run.equilibria[equilibria:])
    return ok


def _decide(run, system, result, depth: int) -> bool:
    k, free, d = system.k, tuple(result.free), result.dimension
    forms = _affine_forms(result.basis, k, free)
    positive = [_compose(p, forms, d) for p in system.positive()]
    if any(not p or (set(p) == {(0,) * d} and p[(0,) * d] <= 0) for p in positive):
        return True  # some supported probability is zero or negative throughout: nothing here
    gains = []
    for g in system.gains():
        reduced = _compose(g, forms, d)
        if not reduced:
            continue  # zero on the whole set: no condition
        if set(reduced) == {(0,) * d}:
            if reduced[(0,) * d] > 0:
                return True  # a deviation gains everywhere: nothing here
            continue
        gains.append((g, reduced))
    point = _interior_point(positive, d)
    if point is None:
        return False
    # Any point of C where every gain is negative shows a full-dimensional part; try a grid of them too.
    for trial in product(_GRID, repeat=d) if d <= 3 else ():
        if all(_value(p, trial) > 0 for p in positive) and all(_value(r, trial) < 0 for _, r in gains):
            point = list(trial)
            break
    if all(_value(r, point) < 0 for _, r in gains):
        trials = [tuple(v + off for v in point) for off in _OFFSETS]
        samples = run._samples(system, result, trials)
        if not samples:
            return False  # pragma: no cover - the interior point itself is an equilibrium
        run.record_continuum(system, result, samples)
        return True
    equilibria, continua = len(run.equilibria), len(run.continua)
    found, seen = [], set()
    for g, reduced in gains:
        lead = reduced[max(reduced)]
        key = frozenset((m, v / lead) for m, v in reduced.items())
        if key in seen:
            continue  # the same face as a gain already taken (a multiple of it on this set)
        seen.add(key)
        face = _polysys.solve_system([*result.basis, g], k)
        if face.kind == "empty":
            continue
        if face.kind == "finite":
            found.extend(run._points(system, face))
        elif face.kind == "positive" and face.dimension == 1:
            if not run._line(system, face):
                return False
        elif face.kind == "positive" and _linear(face.basis) and depth < k:
            if not _decide(run, system, face, depth + 1):
                return False
        else:
            return False
    # Equilibria on a face whose neighbours off the face have every gain negative show a full-dimensional
    # part too small for the grid: then the set is recorded as such.
    on_faces = [*found, *run.equilibria[equilibria:], *(e for c in run.continua[continua:] for e in c.samples)]
    for eq in on_faces:
        inner = _probe(positive, [r for _, r in gains], [Fraction(eq.profile[p][a]) if eq.exact else
                                                         Fraction(float(eq.profile[p][a]))
                                                         for p, a in (system.variables[j] for j in free)])
        if inner is not None:
            samples = run._samples(system, result, [tuple(inner)])
            if samples:
                del run.equilibria[equilibria:]
                del run.continua[continua:]
                run.record_continuum(system, result, samples)
                return True
    run.equilibria.extend(distinct(found))
    return True


def _gradient(poly: dict, point) -> list[float]:
    out = []
    for i in range(len(point)):
        total = 0.0
        for e, c in poly.items():
            if e[i]:
                term = float(c) * e[i] * float(point[i]) ** (e[i] - 1)
                for j, x in enumerate(e):
                    if j != i and x:
                        term *= float(point[j]) ** x
                total += term
        out.append(total)
    return out


def _probe(positive, gains, point) -> list[Fraction] | None:
    """A rational point near ``point`` with every ``positive`` form positive and every gain negative, found by
    stepping against the gradients of the gains that vanish there; None if none is found."""
    zero = [r for r in gains if _value(r, point) >= 0]
    if not zero:
        return None
    direction = np.zeros(len(point))
    for r in zero:
        grad = np.array(_gradient(r, point))
        size = np.linalg.norm(grad)
        if size == 0:
            return None
        direction -= grad / size
    for step in (1e-2, 1e-3, 1e-4, 1e-6):
        trial = [Fraction(float(v) + step * w).limit_denominator(10**9) for v, w in zip(point, direction,
                                                                                          strict=True)]
        if all(_value(p, trial) > 0 for p in positive) and all(_value(r, trial) < 0 for r in gains):
            return trial
    return None


def distinct(equilibria: list) -> list:
    """Drop repeats (the same point found in two branches of one support)."""
    out: list = []
    for eq in equilibria:
        point = np.array([float(p) for mix in eq.profile for p in mix])
        if not any(np.abs(point - np.array([float(p) for mix in o.profile for p in mix])).max() <= 1e-12
                   for o in out):
            out.append(eq)
    return out


__all__ = ["decide", "distinct"]
