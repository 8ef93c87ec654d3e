"""Solve a system of polynomial equations with rational coefficients exactly.

The system is reduced to a Gröbner basis (python-flint, graded reverse
lexicographic order). When it has finitely many complex solutions, the
quotient ring is a finite-dimensional vector space; multiplication by each
variable is a rational matrix on it. From these matrices the solutions are
read off exactly:

1. the ideal is made radical by adding the square-free part of each
   variable's minimal polynomial (Seidenberg's lemma), so that every solution
   counts once;
2. a linear form ``t`` that takes a different value at every solution is found
   (its minimal polynomial then has the full degree);
3. every variable is written as a polynomial in ``t`` (one linear solve), and
   the minimal polynomial of ``t`` is factored over the rationals: linear
   factors give rational solutions, the real roots of the others algebraic
   ones, each isolated in a rational interval.

When the solutions form a set of positive dimension, the dimension and a set
of variables that can be chosen freely on it are returned instead.

Polynomials are dictionaries ``{exponents: Fraction}`` with one exponent per
variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from math import lcm

from bargain.results.algebraic import signed_sum

from . import _univariate as uni

Polynomial = dict[tuple[int, ...], Fraction]

#: Give up (and say so) on a system whose quotient ring is larger than this.
MAX_SOLUTIONS = 400
#: Limits passed to flint's Buchberger: basis length, terms per polynomial, coefficient bits.
BUCHBERGER_LIMITS = (4000, 20000, 20000)


@dataclass(frozen=True)
class RealSolutions:
    """The real solutions of a polynomial system, or why they could not be listed.

    Attributes
    ----------
    kind : str
        ``"finite"`` (the lists below are every real solution), ``"empty"``
        (no complex solution at all), ``"positive"`` (infinitely many complex
        solutions) or ``"failed"`` (a resource limit was hit).
    rational : list of tuples of Fraction
    algebraic : list of (polynomial, interval, coordinates)
        A real root ``alpha`` of the irreducible ``polynomial`` isolated by
        ``interval``, and one polynomial per variable giving its value from ``alpha``.
    dimension : int
        Dimension of the solution set (for ``"positive"``).
    free : tuple of int
        Variables that can be chosen freely on the solution set (for ``"positive"``).
    basis : list of Polynomial
        The reduced Gröbner basis (for ``"positive"``).
    detail : str
        What went wrong (for ``"failed"``).
    """

    kind: str
    rational: list = field(default_factory=list)
    algebraic: list = field(default_factory=list)
    dimension: int = 0
    free: tuple[int, ...] = ()
    basis: list = field(default_factory=list)
    detail: str = ""


def _grevlex_key(e: tuple[int, ...]):
    return (sum(e), tuple(-x for x in reversed(e)))


def _divides(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(x <= y for x, y in zip(a, b, strict=True))


def _clean(p: Polynomial) -> Polynomial:
    return {e: Fraction(c) for e, c in p.items() if c != 0}


def groebner(equations: list[Polynomial], k: int) -> list[Polynomial] | None:
    """The reduced Gröbner basis (monic, grevlex) of ``equations`` in ``k`` variables, or ``None`` at a limit.

    >>> groebner([{(1, 0): Fraction(1), (0, 1): Fraction(-1)}, {(0, 2): Fraction(1), (0, 0): Fraction(-2)}], 2)
    [{(1, 0): Fraction(1, 1), (0, 1): Fraction(-1, 1)}, {(0, 2): Fraction(1, 1), (0, 0): Fraction(-2, 1)}]
    """
    import flint

    equations = [p for p in (_clean(q) for q in equations) if p]
    if not equations:
        return []
    if any(all(x == 0 for x in e) for p in equations if len(p) == 1 for e in p):
        return [{(0,) * k: Fraction(1)}]
    names = tuple(f"x{j}" for j in range(k))
    ctx = flint.fmpz_mpoly_ctx.get(names, "degrevlex")
    polys = []
    for p in equations:
        scale = lcm(*(c.denominator for c in p.values()))
        polys.append(ctx.from_dict({e: int(c * scale) for e, c in p.items()}))
    basis, ok = flint.fmpz_mpoly_vec(polys, ctx).buchberger_naive(limits=BUCHBERGER_LIMITS)
    if not ok:
        return None
    reduced = basis.autoreduction()
    out = []
    for q in reduced:
        terms = {tuple(int(x) for x in e): Fraction(int(c)) for e, c in zip(q.monoms(), q.coeffs(), strict=True)}
        if not terms:
            continue
        lead = max(terms, key=_grevlex_key)
        c = terms[lead]
        out.append({e: v / c for e, v in sorted(terms.items(), key=lambda t: _grevlex_key(t[0]), reverse=True)})
    out.sort(key=lambda p: _grevlex_key(next(iter(p))))
    return out


def _leading(p: Polynomial) -> tuple[int, ...]:
    return next(iter(p))  # dictionaries built by groebner() list the leading term first


def dimension(leads: list[tuple[int, ...]], k: int) -> tuple[int, tuple[int, ...]]:
    """Dimension of the solution set and a largest set of free variables, from the leading monomials.

    A set of variables is free when no leading monomial uses only them.

    >>> dimension([(1, 0, 0)], 3)
    (2, (1, 2))
    """
    for size in range(k, -1, -1):
        for subset in combinations(range(k), size):
            chosen = set(subset)
            if not any(all(j in chosen for j, x in enumerate(e) if x) for e in leads):
                return size, subset
    return 0, ()  # pragma: no cover - the empty set is always free unless 1 is in the ideal


def standard_monomials(leads: list[tuple[int, ...]], k: int, limit: int) -> list[tuple[int, ...]] | None:
    """Monomials divisible by no leading monomial, in increasing grevlex order (``None`` beyond ``limit``)."""
    seen = {(0,) * k}
    frontier = [(0,) * k]
    while frontier:
        nxt = []
        for m in frontier:
            for j in range(k):
                e = tuple(x + (i == j) for i, x in enumerate(m))
                if e not in seen and not any(_divides(lead, e) for lead in leads):
                    seen.add(e)
                    nxt.append(e)
                    if len(seen) > limit:
                        return None
        frontier = nxt
    return sorted(seen, key=_grevlex_key)


class _NormalForms:
    """Normal forms of monomials modulo a reduced Gröbner basis, as vectors over the standard monomials."""

    def __init__(self, basis: list[Polynomial], standard: list[tuple[int, ...]]):
        self.monomials = standard
        self.position = {m: i for i, m in enumerate(standard)}
        self.by_lead = {_leading(g): g for g in basis}
        self.leads = list(self.by_lead)
        self.memo: dict[tuple[int, ...], dict[int, Fraction]] = {}

    def of(self, m: tuple[int, ...]) -> dict[int, Fraction]:
        if m in self.position:
            return {self.position[m]: Fraction(1)}
        if m in self.memo:
            return self.memo[m]
        if m in self.by_lead:
            g = self.by_lead[m]
            result = {self.position[e]: -c for e, c in g.items() if e != m}
        else:
            j, c = self._split(m)
            result = {}
            for i, coefficient in self.of(c).items():
                for r, v in self.times(j, i).items():
                    result[r] = result.get(r, 0) + coefficient * v
            result = {r: v for r, v in result.items() if v != 0}
        self.memo[m] = result
        return result

    def _split(self, m):
        """``m = x_j * c`` with ``c`` still divisible by some leading monomial."""
        for lead in self.leads:
            if _divides(lead, m) and lead != m:
                for j, x in enumerate(m):
                    if x > lead[j]:
                        return j, tuple(y - (i == j) for i, y in enumerate(m))
        raise AssertionError("monomial is neither standard nor reducible")  # pragma: no cover

    def times(self, j: int, i: int) -> dict[int, Fraction]:
        """Normal form of variable ``j`` times the ``i``-th standard monomial."""
        m = self.monomials[i]
        return self.of(tuple(x + (r == j) for r, x in enumerate(m)))


def _matrices(basis, standard, k):
    import flint

    forms = _NormalForms(basis, standard)
    D = len(standard)
    matrices = []
    for j in range(k):
        entries = [[Fraction(0)] * D for _ in range(D)]
        for i in range(D):
            for r, v in forms.times(j, i).items():
                entries[r][i] = v
        matrices.append(flint.fmpq_mat(D, D, [_q(v) for row in entries for v in row]))
    return matrices


def _q(v: Fraction):
    import flint

    return flint.fmpq(v.numerator, v.denominator)


def _fraction(q) -> Fraction:
    return Fraction(int(q.p), int(q.q))


def _poly_fractions(p) -> tuple[Fraction, ...]:
    return uni.trim(_fraction(c) for c in p.coeffs())


def _squarefree(p):
    return p / p.gcd(p.derivative()) if p.degree() > 0 else p


def solve_system(equations: list[Polynomial], k: int, *, max_solutions: int = MAX_SOLUTIONS) -> RealSolutions:
    """Every real solution of ``equations`` (polynomials in ``k`` variables), exactly.

    Examples
    --------
    ``x = y`` and ``y^2 = 2``: two irrational solutions. ``x = 1/2``, ``y^2 = 1/4``:
    two rational ones. ``x*y = 0`` alone: a set of dimension one.

    >>> s = solve_system([{(1, 0): 1, (0, 1): -1}, {(0, 2): 1, (0, 0): -2}], 2)
    >>> s.kind, s.rational, len(s.algebraic)
    ('finite', [], 2)
    >>> sorted(solve_system([{(1, 0): 2, (0, 0): -1}, {(0, 2): 4, (0, 0): -1}], 2).rational)
    [(Fraction(1, 2), Fraction(-1, 2)), (Fraction(1, 2), Fraction(1, 2))]
    >>> s = solve_system([{(1, 1): 1}], 2)
    >>> s.kind, s.dimension
    ('positive', 1)
    """
    equations = [{tuple(e): Fraction(c) for e, c in p.items()} for p in equations]
    if k == 0:
        constant = any(c != 0 for p in equations for c in p.values())
        return RealSolutions("empty") if constant else RealSolutions("finite", rational=[()])
    if all(sum(e) <= 1 for p in equations for e in p):
        return _linear(equations, k)
    for _ in range(3):
        basis = groebner(equations, k)
        if basis is None:
            return RealSolutions("failed", detail="the Gröbner basis computation hit its size limits")
        if any(all(x == 0 for x in _leading(g)) for g in basis):
            return RealSolutions("empty")
        leads = [_leading(g) for g in basis]
        dim, free = dimension(leads, k)
        if dim > 0:
            return RealSolutions("positive", dimension=dim, free=free, basis=basis)
        standard = standard_monomials(leads, k, max_solutions)
        if standard is None:
            return RealSolutions("failed", detail=f"more than {max_solutions} complex solutions")
        matrices = _matrices(basis, standard, k)
        extra = []
        for j, M in enumerate(matrices):
            mu = M.minpoly()
            sq = _squarefree(mu)
            if sq.degree() < mu.degree():
                extra.append({tuple(d * (i == j) for i in range(k)): c
                              for d, c in enumerate(_poly_fractions(sq)) if c != 0})
        if not extra:
            return _points(matrices, standard, k)
        equations = basis + extra
    return RealSolutions("failed", detail="could not make the ideal radical")  # pragma: no cover


def _linear(equations: list[Polynomial], k: int) -> RealSolutions:
    """A system of linear equations, by exact row reduction; the reduced rows are its reduced Gröbner basis."""
    import flint

    rows = [p for p in (_clean(q) for q in equations) if p]
    if not rows:
        return RealSolutions("positive", dimension=k, free=tuple(range(k)), basis=[])
    unit = [tuple(int(i == j) for i in range(k)) for j in range(k)]
    entries = [[p.get(unit[j], Fraction(0)) for j in range(k)] + [p.get((0,) * k, Fraction(0))] for p in rows]
    reduced, rank = flint.fmpq_mat(len(rows), k + 1, [_q(v) for row in entries for v in row]).rref()
    basis, pivots = [], []
    for r in range(rank):
        pivot = next(c for c in range(k + 1) if reduced[r, c] != 0)
        if pivot == k:
            return RealSolutions("empty")
        pivots.append(pivot)
        g = {unit[c]: _fraction(reduced[r, c]) for c in range(pivot, k) if reduced[r, c] != 0}
        constant = _fraction(reduced[r, k])
        if constant:
            g[(0,) * k] = constant
        basis.append(g)
    if rank == k:
        return RealSolutions("finite", rational=[tuple(-g.get((0,) * k, Fraction(0)) for g in basis)])
    basis.sort(key=lambda g: _grevlex_key(next(iter(g))))
    dim, free = dimension([_leading(g) for g in basis], k)
    return RealSolutions("positive", dimension=dim, free=free, basis=basis)


def _points(matrices, standard, k) -> RealSolutions:
    import flint

    D = len(standard)
    one = standard.index((0,) * k)
    for trial in range(40):
        weights = [1] + [((trial + 1) * (j + 3) ** 2 + trial * j) % (7 + 4 * trial) - 3 - trial
                         for j in range(1, k)] if trial else [1] * k
        weights = [w if w else 1 for w in weights]
        Mt = matrices[0] * weights[0]
        for w, M in zip(weights[1:], matrices[1:], strict=True):
            Mt = Mt + M * w
        mu = Mt.minpoly()
        if mu.degree() == D:
            break
    else:  # pragma: no cover - a separating form exists and random ones find it with probability one
        return RealSolutions("failed", detail="no separating linear form found")
    unit = flint.fmpq_mat(D, 1, [1 if i == one else 0 for i in range(D)])
    columns = [unit]
    for _ in range(D - 1):
        columns.append(Mt * columns[-1])
    krylov = flint.fmpq_mat(D, D, [columns[c][r, 0] for r in range(D) for c in range(D)])
    images = [M * unit for M in matrices]
    rhs = flint.fmpq_mat(D, k, [images[j][r, 0] for r in range(D) for j in range(k)])
    solved = krylov.solve(rhs, algorithm="dixon")
    coordinates = [uni.trim(_fraction(solved[r, j]) for r in range(D)) for j in range(k)]
    rational, algebraic = [], []
    _, factors = mu.factor()
    for f, _mult in factors:
        f_coeffs = _poly_fractions(f)
        if len(f_coeffs) == 2:
            root = -f_coeffs[0] / f_coeffs[1]
            rational.append(tuple(uni.value(g, root) for g in coordinates))
            continue
        reduced = [uni.remainder(g, f_coeffs) for g in coordinates]
        for interval in real_root_intervals(f_coeffs):
            algebraic.append((f_coeffs, interval, reduced))
    return RealSolutions("finite", rational=rational, algebraic=algebraic)


def real_root_intervals(f: tuple[Fraction, ...]) -> list[tuple[Fraction, Fraction]]:
    """Disjoint rational intervals, each holding exactly one real root of the square-free ``f``.

    >>> boxes = real_root_intervals((Fraction(-2), Fraction(0), Fraction(1)))
    >>> [(float(lo) <= r <= float(hi)) for (lo, hi), r in zip(boxes, (-2 ** 0.5, 2 ** 0.5))]
    [True, True]
    """
    import flint

    poly = flint.fmpq_poly([_q(c) for c in f])
    out = []
    for root, _ in poly.complex_roots():
        if not root.imag.is_zero():
            continue
        mid = _dyadic(root.real.mid())
        rad = _dyadic(root.real.rad())
        lo, hi = mid - rad, mid + rad
        for _ in range(60):
            if uni.sign(uni.value(f, lo)) * uni.sign(uni.value(f, hi)) < 0:
                break
            if uni.value(f, lo) == 0 or uni.value(f, hi) == 0:  # pragma: no cover - f has no rational roots
                break
            lo, hi = lo - rad - Fraction(1, 2**200), hi + rad + Fraction(1, 2**200)
            rad *= 2
        out.append((lo, hi))
    return out


def _dyadic(x) -> Fraction:
    mantissa, exponent = x.man_exp()
    mantissa, exponent = int(mantissa), int(exponent)
    return Fraction(mantissa) * 2**exponent if exponent >= 0 else Fraction(mantissa, 2**-exponent)


#: At most this many branches are made by factoring the equations.
MAX_BRANCHES = 64


def branches(equations: list[Polynomial], k: int) -> list[list[Polynomial]]:
    """Split a system whose equations factor into systems of irreducible equations.

    ``f * g = 0`` holds where ``f = 0`` or ``g = 0``, so a system with a
    reducible equation is the union of the systems with one factor in its
    place. Splitting this way lets a solution set that is a curve in one
    branch leave the isolated solutions of the others in plain sight.

    >>> parts = branches([{(1, 1): 1, (1, 0): -1, (0, 1): -1, (0, 0): 1}], 2)  # (x - 1)(y - 1)
    >>> sorted(sorted(p[0]) for p in parts)
    [[(0, 0), (0, 1)], [(0, 0), (1, 0)]]
    """
    import flint

    if k == 0:
        return [equations]
    ctx = flint.fmpq_mpoly_ctx.get(tuple(f"x{j}" for j in range(k)), "degrevlex")
    options = []
    for p in equations:
        p = _clean(p)
        if not p or all(x == 0 for e in p for x in e):
            options.append([p])
            continue
        poly = ctx.from_dict({e: flint.fmpq(c.numerator, c.denominator) for e, c in p.items()})
        _, factors = poly.factor()
        parts = []
        for factor, _mult in factors:
            parts.append({tuple(int(x) for x in e): Fraction(int(c.p), int(c.q))
                          for e, c in factor.to_dict().items()})
        options.append(parts or [p])
    count = 1
    for parts in options:
        count *= len(parts)
    if count == 1 or count > MAX_BRANCHES:
        return [equations]
    out, seen = [], set()
    for choice in product(*options):
        key = frozenset(frozenset(q.items()) for q in choice)
        if key not in seen:
            seen.add(key)
            out.append(list(choice))
    return out


def substitute(p: Polynomial, fixed: dict[int, Fraction], k: int) -> Polynomial:
    """``p`` with the variables in ``fixed`` replaced by their values, over the remaining variables (in order).

    >>> substitute({(1, 1): Fraction(2), (0, 0): Fraction(1)}, {0: Fraction(1, 2)}, 2)
    {(1,): Fraction(1, 1), (0,): Fraction(1, 1)}
    """
    keep = [j for j in range(k) if j not in fixed]
    out: Polynomial = {}
    for e, c in p.items():
        for j, v in fixed.items():
            c *= v ** e[j]
        key = tuple(e[j] for j in keep)
        out[key] = out.get(key, 0) + c
    return {e: c for e, c in out.items() if c != 0}


def polynomial_text(p: Polynomial, names: list[str]) -> str:
    """Readable text of a multivariate polynomial."""
    terms = []
    for e, c in p.items():
        factors = [n if x == 1 else f"{n}^{x}" for n, x in zip(names, e, strict=True) if x]
        body = "*".join(factors)
        size = abs(c)
        text = body if body and size == 1 else (f"{size}*{body}" if body else str(size))
        terms.append(("-" if c < 0 else "+", text))
    return signed_sum(terms) + " = 0"
