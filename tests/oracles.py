"""Independent solvers the tests compare against: pygambit and lrsnash.

Neither is needed to use the package. When the environment variable
``BARGAIN_REQUIRE_ORACLES`` is set (CI sets it), a missing oracle fails the
test run instead of skipping, so a skipped oracle can never hide a failure.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import tempfile
from fractions import Fraction

import pytest

REQUIRED = bool(os.environ.get("BARGAIN_REQUIRE_ORACLES"))


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


Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def gambit_solve(A, B) -> tuple[set[Profile], set[frozenset[Profile]]]:
    """Extreme equilibria and maximal cliques by pygambit's exact ``enummixed``."""
    gbt = require("pygambit")
    import numpy as np

    game = gbt.StrategicGame.from_arrays(
        np.array([[gbt.Rational(str(v)) for v in row] for row in A], dtype=object),
        np.array([[gbt.Rational(str(v)) for v in row] for row in B], dtype=object),
    )
    result = gbt.nash.enummixed_solve(game, rational=True, cliques=True)
    labels = list(game.players)

    def key(profile) -> Profile:
        return tuple(
            tuple(Fraction(str(value)) for _, value in profile[player]) for player in labels
        )

    equilibria = {key(p) for p in result.equilibria}
    cliques = {frozenset(key(p) for p in clique) for clique in result.cliques}
    return equilibria, cliques


def lrsnash_solve(A, B) -> set[Profile]:
    """Extreme equilibria by ``lrsnash`` (exact, lrslib)."""
    path = require_lrsnash()
    m, n = len(A), len(A[0])
    lines = [f"{m} {n}", ""]
    lines += [" ".join(str(v) for v in row) for row in A]
    lines.append("")
    lines += [" ".join(str(v) for v in row) for row in B]
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
    return found
