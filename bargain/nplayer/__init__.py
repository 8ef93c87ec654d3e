"""Strategic games with any number of players: the game type, its solvers and its verifier.

The game type is :class:`bargain.games.strategic.StrategicGame` (a two-player
:class:`bargain.Game` is one) and its Gambit ``.nfg`` reader and writer are in
:mod:`bargain.games.nfg` (re-exported here); the results are the one result type of
:mod:`bargain.results` (:class:`Equilibrium`, :class:`Solution`,
:class:`Continuum`, :class:`AlgebraicPoint`, re-exported here). This package
solves such games: ``verify`` (the one verifier every n-player equilibrium
passes), ``pure`` (every pure equilibrium, vectorised), ``enumpoly`` (every
equilibrium of a small game, by support enumeration and exact solution of each
support's polynomial system), ``path`` (one equilibrium of a larger game, by
simplicial subdivision) and ``dispatch`` (:func:`solve`, the one entry point).
The JSON contract is :mod:`bargain.render.solution`.

>>> from bargain.nplayer import StrategicGame, solve
>>> g = StrategicGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
>>> len(solve(g))
3
"""

from __future__ import annotations

from importlib import import_module

from bargain.games.strategic import StrategicGame, as_strategic

_LAZY = {
    "Equilibrium": ("bargain.results.solution", "Equilibrium"),
    "Solution": ("bargain.results.solution", "Solution"),
    "Continuum": ("bargain.results.solution", "Continuum"),
    "AlgebraicPoint": ("bargain.results.algebraic", "AlgebraicPoint"),
    "verify_profile": ("bargain.nplayer.verify", "verify_profile"),
    "pure_equilibria": ("bargain.nplayer.pure", "pure_equilibria"),
    "enumerate_equilibria": ("bargain.nplayer.enumpoly", "enumerate_equilibria"),
    "SolveInterrupted": ("bargain.nplayer.enumpoly", "SolveInterrupted"),
    "simplicial_equilibrium": ("bargain.nplayer.path", "simplicial_equilibrium"),
    "solve": ("bargain.nplayer.dispatch", "solve"),
    "METHODS": ("bargain.nplayer.dispatch", "METHODS"),
    "read_nfg": ("bargain.games.nfg", "read_nfg"),
    "parse_nfg": ("bargain.games.nfg", "parse_nfg"),
    "write_nfg": ("bargain.games.nfg", "write_nfg"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bargain.nplayer' has no attribute {name!r}")


__all__ = ["StrategicGame", "as_strategic", *_LAZY]
