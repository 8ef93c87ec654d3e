"""Split a positive-dimensional solution set by the Jacobian: isolated regular points, and the rest.

A support's equations are as many as its unknowns. Where the Jacobian
determinant ``det J`` of the equations is not zero, the implicit function
theorem leaves no other solution nearby: those solutions are isolated points
of the solution set, and the system with one more unknown ``w`` and one more
equation ``w * det J = 1`` has exactly them as its solutions (finitely many,
solved exactly). Every other solution, in particular every point of a curve
or surface of solutions, satisfies ``det J = 0``: adding that equation gives a
second system, solved or ruled out by the usual means. Together the two
account for every solution.
"""

from __future__ import annotations

from fractions import Fraction

from . import _bernstein, _polysys

#: Expanding the determinant costs k! products; give up beyond this many unknowns.
MAX_UNKNOWNS = 6


def jacobian_determinant(equations: list[dict], k: int) -> dict | None:
    """``det J`` of ``k`` equations in ``k`` unknowns as a polynomial, or None when it cannot be formed.

    >>> F = Fraction
    >>> jacobian_determinant([{(1, 1): F(1)}, {(1, 0): F(1), (0, 1): F(-1)}], 2)  # xy, x - y
    {(1, 0): Fraction(-1, 1), (0, 1): Fraction(-1, 1)}
    """
    import flint

    if len(equations) != k or not 0 < k <= MAX_UNKNOWNS or any(not p for p in equations):
        return None
    ctx = flint.fmpq_mpoly_ctx.get(tuple(f"x{j}" for j in range(k)), "degrevlex")
    polys = [ctx.from_dict({e: flint.fmpq(Fraction(c).numerator, Fraction(c).denominator) for e, c in p.items()})
             for p in equations]
    J = [[p.derivative(j) for j in range(k)] for p in polys]

    def det(rows: list[int], cols: list[int]):
        if len(rows) == 1:
            return J[rows[0]][cols[0]]
        total = ctx.from_dict({})
        for i, c in enumerate(cols):
            entry = J[rows[0]][c]
            if entry.is_zero():
                continue
            minor = det(rows[1:], cols[:i] + cols[i + 1:])
            total = total + entry * minor if i % 2 == 0 else total - entry * minor
        return total

    value = det(list(range(k)), list(range(k)))
    return {tuple(int(x) for x in e): Fraction(int(c.p), int(c.q)) for e, c in value.to_dict().items()}


def regular_points(basis: list[dict], determinant: dict, k: int):
    """The solutions of ``basis`` where ``determinant`` is not zero, as :class:`~bargain.nplayer._polysys.
    RealSolutions` over the ``k`` unknowns (or None when they could not be listed)."""
    lift = [{e + (0,): c for e, c in p.items()} for p in basis]
    inverse = {e + (1,): c for e, c in determinant.items()}
    inverse[(0,) * (k + 1)] = inverse.get((0,) * (k + 1), 0) - 1
    found = _polysys.solve_system([*lift, inverse], k + 1)
    if found.kind == "empty":
        return _polysys.RealSolutions("empty")
    if found.kind != "finite":
        return None
    return _polysys.RealSolutions(
        "finite", rational=[point[:k] for point in found.rational],
        algebraic=[(f, interval, coordinates[:k]) for f, interval, coordinates in found.algebraic])


def decide(run, system, result) -> bool:
    """Decide the solution set of ``result`` by the Jacobian split, recording its equilibria in ``run``;
    False (nothing recorded) when one of the two parts cannot be decided.

    The regular points are finitely many and checked exactly. The rest must
    be finitely many points too, or shown to miss the open box of
    probabilities by a certificate in Bernstein form.
    """
    determinant = jacobian_determinant(system.equations, system.k)
    if not determinant:
        return False
    regular = regular_points(result.basis, determinant, system.k)
    if regular is None:
        return False
    rest = _polysys.solve_system([*result.basis, determinant], system.k)
    if rest.kind == "finite":
        extra = run._points(system, rest)
    elif rest.kind == "empty" or any(_bernstein.rules_out([*eqs, determinant], system.gains(), system.k)
                                     for eqs in (system.equations, result.basis)):
        extra = []
    else:
        return False
    found = run._points(system, regular) if regular.kind == "finite" else []
    run.equilibria.extend([*found, *extra])
    run.stats["split_by_jacobian"] = run.stats.get("split_by_jacobian", 0) + 1
    return True


__all__ = ["decide", "jacobian_determinant", "regular_points"]
