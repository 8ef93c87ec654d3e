"""What the tests compare against, in one place: independent solvers, regret, seeded games.

- Oracles: pygambit's exact ``enummixed`` (with cliques), pygambit's float
  ``enummixed``, and Debian's ``lrsnash``. Each answer is cached for the run,
  keyed on the game's payoffs, so a game solved by several tests is solved
  by the oracle once.
- Regret computed directly from the definition (numpy floats or exact
  fractions), never by the package's own verifier.
- The seeded game generators the solver tests share.

Neither oracle is needed to use the package. When the environment variable
``BARGAIN_REQUIRE_ORACLES`` is set (CI sets it), a missing oracle fails the
test run instead of skipping, so a skipped oracle can never hide a failure.
"""

from __future__ import annotations

import functools
import importlib
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

REQUIRED = bool(os.environ.get("BARGAIN_REQUIRE_ORACLES"))

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
Key = tuple[tuple[str, ...], ...]

#: Oracle calls made and answered from the cache in this run (reported by conftest).
CALLS: Counter[str] = Counter()


def require(module_name: str):
    """Import ``module_name``; skip the test if absent, or fail when oracles are required."""
    if REQUIRED:
        return importlib.import_module(module_name)
    return pytest.importorskip(module_name)


def require_lrsnash() -> str:
    """Path of the ``lrsnash`` executable (Debian package ``lrslib``)."""
    path = shutil.which("lrsnash")
    if path is None:
        if REQUIRED:
            pytest.fail("lrsnash not found (install Debian's lrslib) and BARGAIN_REQUIRE_ORACLES is set")
        pytest.skip("lrsnash not installed")
    return path


# ---------------------------------------------------------------- keys and caching


def _text(value) -> str:
    """An exact decimal or fraction spelling of one payoff (floats read as their shortest decimal)."""
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(Fraction(value)) if not isinstance(value, str) else value


def game_key(A, B) -> tuple[Key, Key]:
    """The game's payoffs as nested tuples of exact strings: equal games, equal keys."""
    return tuple(tuple(_text(v) for v in row) for row in A), tuple(tuple(_text(v) for v in row) for row in B)


def _cached(name: str):
    """Cache an oracle on :func:`game_key` and count calls and hits in :data:`CALLS`."""

    def wrap(solver):
        inner = functools.cache(solver)

        @functools.wraps(solver)
        def call(A, B):
            key = game_key(A, B)
            before = inner.cache_info().hits
            answer = inner(key)
            CALLS[f"{name} cached" if inner.cache_info().hits > before else name] += 1
            return answer

        call.cache_clear = inner.cache_clear
        return call

    return wrap


def _gambit_game(key):
    gbt = require("pygambit")
    A, B = key
    return gbt, gbt.StrategicGame.from_arrays(
        np.array([[gbt.Rational(v) for v in row] for row in A], dtype=object),
        np.array([[gbt.Rational(v) for v in row] for row in B], dtype=object),
    )


# ---------------------------------------------------------------- oracles


@_cached("pygambit enummixed (exact)")
def gambit_solve(key) -> tuple[frozenset[Profile], frozenset[frozenset[Profile]]]:
    """Extreme equilibria and maximal cliques by pygambit's exact ``enummixed``.

    Called as ``gambit_solve(A, B)`` with any exact payoffs (ints, fractions,
    numpy integers; floats are read as decimals).
    """
    gbt, game = _gambit_game(key)
    result = gbt.nash.enummixed_solve(game, rational=True, cliques=True)
    players = list(game.players)

    def profile(p) -> Profile:
        return tuple(tuple(Fraction(str(value)) for _, value in p[player]) for player in players)

    equilibria = frozenset(profile(p) for p in result.equilibria)
    cliques = frozenset(frozenset(profile(p) for p in clique) for clique in result.cliques)
    return equilibria, cliques


def gambit_equilibria(A, B) -> frozenset[Profile]:
    """Extreme equilibria by pygambit's exact ``enummixed`` (cached with :func:`gambit_solve`)."""
    return gambit_solve(A, B)[0]


@_cached("pygambit enummixed (float)")
def gambit_float_equilibria(key) -> tuple[np.ndarray, ...]:
    """Extreme equilibria by pygambit's double-precision ``enummixed``, each one ``concat(x, y)``.

    An independent float implementation, fast where the exact one is slow (10x10 and up).
    """
    gbt, game = _gambit_game(key)
    result = gbt.nash.enummixed_solve(game, rational=False)
    players = list(game.players)
    return tuple(
        np.array([float(value) for player in players for _, value in p[player]]) for p in result.equilibria
    )


@_cached("lrsnash")
def lrsnash_solve(key) -> frozenset[Profile]:
    """Extreme equilibria by ``lrsnash`` (exact, lrslib). Called as ``lrsnash_solve(A, B)``."""
    path = require_lrsnash()
    A, B = key
    lines = [f"{len(A)} {len(A[0])}", ""]
    lines += [" ".join(row) for row in A]
    lines.append("")
    lines += [" ".join(row) for row in B]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
        name = handle.name
    try:
        out = subprocess.run([path, name], capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        os.unlink(name)
    found: set[Profile] = set()
    ys: list[tuple[Fraction, ...]] = []
    xs: list[tuple[Fraction, ...]] = []
    for line in out.splitlines() + [""]:
        fields = line.split()
        if not fields or line.startswith("*"):
            found |= {(x, y) for x in xs for y in ys}
            xs, ys = [], []
            continue
        values = tuple(Fraction(v) for v in fields[1:-1])
        (ys if fields[0] == "2" else xs).append(values)
    return frozenset(found)


# ---------------------------------------------------------------- regret from the definition


def regret(A, B, x, y) -> float:
    """Largest gain from a pure deviation, computed directly with numpy floats."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    x, y = np.array([float(v) for v in x]), np.array([float(v) for v in y])
    return float(max((A @ y).max() - x @ A @ y, (x @ B).max() - x @ B @ y))


def exact_regret(A, B, x, y) -> Fraction:
    """Largest gain from a pure deviation, in exact rational arithmetic."""
    m, n = len(A), len(A[0])
    x, y = [Fraction(v) for v in x], [Fraction(v) for v in y]
    row = [sum(Fraction(A[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col = [sum(Fraction(B[i][j]) * x[i] for i in range(m)) for j in range(n)]
    return max(max(row) - sum(x[i] * row[i] for i in range(m)), max(col) - sum(y[j] * col[j] for j in range(n)))


def is_distribution(p, exact: bool = False) -> bool:
    """Non-negative and summing to one (exactly, with Fractions, when ``exact``)."""
    if exact:
        return all(isinstance(v, Fraction) and v >= 0 for v in p) and sum(p) == 1
    p = np.asarray(p, dtype=float)
    return bool((p >= 0).all() and abs(p.sum() - 1) < 1e-12)


# ---------------------------------------------------------------- seeded games

KINDS = ("generic", "small-integers", "duplicated", "constant-column", "zero-sum")


def mixed_kind_game(seed: int) -> tuple[list, list, str]:
    """A seeded game from 1x1 to 8x8 whose kind cycles with the seed; many are degenerate.

    Kinds: generic (integers 0-99), small integers (0-2, ties everywhere), a
    duplicated first row and column, a constant column for each player, zero-sum.
    """
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 9, 2))
    kind = KINDS[seed % 5]
    if kind == "generic":
        A, B = rng.integers(0, 100, (m, n)), rng.integers(0, 100, (m, n))
    elif kind == "small-integers":
        A, B = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    elif kind == "duplicated":
        A, B = rng.integers(0, 10, (m, n)), rng.integers(0, 10, (m, n))
        if n > 1:
            A[:, -1], B[:, -1] = A[:, 0], B[:, 0]
        if m > 1:
            A[-1, :], B[-1, :] = A[0, :], B[0, :]
    elif kind == "constant-column":
        A, B = rng.integers(0, 10, (m, n)), rng.integers(0, 10, (m, n))
        B[:, rng.integers(n)] = 5
        A[:, rng.integers(n)] = 3
    else:
        A = rng.integers(-9, 10, (m, n))
        B = -A
    return A.tolist(), B.tolist(), kind


def small_game(seed: int, low: int = 0, high: int = 3, generic: tuple[int, int] | None = None):
    """A seeded game from 1x1 to 5x5 as numpy integer arrays.

    Payoffs are drawn from ``[low, high)``; when ``generic`` is given, even
    seeds draw from that wider range instead (so odd seeds are degenerate-prone
    and even seeds mostly generic).
    """
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(1, 6, size=2))
    if generic is not None and seed % 2 == 0:
        low, high = generic
    return rng.integers(low, high, size=(m, n)), rng.integers(low, high, size=(m, n))


def repeated_game(seed: int):
    """Seeded games made degenerate on purpose: a repeated row, a repeated column, constant lines."""
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 6, size=2))
    A, B = rng.integers(-2, 3, size=(m, n)), rng.integers(-2, 3, size=(m, n))
    A[1], B[:, 1] = A[0], B[:, 0]
    if seed % 3 == 0:
        B[0] = 0
    if seed % 5 == 0:
        A[:, 0] = 1
    return A, B


# ---------------------------------------------------------------- n players: pygambit enumpoly and enumpure


def nplayer_key(arrays) -> tuple:
    """An n-player game's payoff arrays as (shape, exact strings): equal games, equal keys."""
    arrays = [np.asarray(a) for a in arrays]
    return arrays[0].shape, tuple(tuple(_text(v) for v in a.flat) for a in arrays)


@functools.cache
def _gambit_nplayer(key) -> tuple[tuple[tuple[tuple[float, ...], ...], ...], tuple[tuple[int, ...], ...]]:
    gbt = require("pygambit")
    shape, flats = key
    arrays = [np.array([gbt.Rational(str(Fraction(v))) for v in flat], dtype=object).reshape(shape)
              for flat in flats]
    game = gbt.StrategicGame.from_arrays(*arrays)
    mixed = tuple(tuple(tuple(float(v) for _, v in eq[p]) for p in game.players)
                  for eq in gbt.nash.enumpoly_solve(game).equilibria)
    pure = tuple(sorted(tuple(int(np.argmax([float(v) for _, v in eq[p]])) for p in game.players)
                        for eq in gbt.nash.enumpure_solve(game).equilibria))
    return mixed, pure


def gambit_nplayer(arrays):
    """pygambit's ``enumpoly_solve`` (float profiles) and ``enumpure_solve`` (pure profiles as action
    indices) on a game of any number of players, cached for the run on the exact payoffs."""
    key = nplayer_key(arrays)
    before = _gambit_nplayer.cache_info().hits
    answer = _gambit_nplayer(key)
    CALLS["pygambit enumpoly+enumpure (n players)" if _gambit_nplayer.cache_info().hits == before
          else "pygambit enumpoly+enumpure (n players) cached"] += 1
    return answer
