"""The logit QRE principal branch against pygambit's ``logit_solve`` and ``logit_solve_lambda``.

Seeded random games: 100 two-player games from 2x2 to 6x6 and 12 three-player
2x2x2 games. For each: the branch converges to the same equilibrium as Gambit's
(matched to an equilibrium list from an independent solver), and points of our
path agree with Gambit's QRE at the same lambda to 1e-6. Gambit answers are
computed once per run.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import bargain
from bargain.selection import PathError, QREPath, qre, qre_at, qre_path
from bargain.selection.problem import regrets

from .oracles import require

TWO_PLAYER = 100
THREE_PLAYER = 12


@functools.cache
def random_game(k: int) -> tuple[np.ndarray, ...]:
    """Game ``k`` of the test set: two-player first, then 2x2x2 three-player games."""
    rng = np.random.default_rng(1000 + k)
    if k < TWO_PLAYER:
        shape = tuple(int(m) for m in rng.integers(2, 7, size=2))
        if k % 4 == 0:  # some with integer payoffs, as models often have
            return tuple(rng.integers(-5, 10, size=shape).astype(float) + rng.normal(0, 1e-3, shape) for _ in range(2))
        return tuple(rng.normal(size=shape) for _ in range(2))
    return tuple(rng.normal(size=(2, 2, 2)) for _ in range(3))


def _gambit_game(arrays):
    gbt = require("pygambit")
    return gbt.StrategicGame.from_arrays(*[np.asarray(a, dtype=float) for a in arrays])


def _profile(game, profile) -> tuple[np.ndarray, ...]:
    return tuple(np.array([float(v) for _, v in profile[player]]) for player in game.players)


@functools.cache
def gambit_limit(k: int) -> tuple[np.ndarray, ...]:
    gbt = require("pygambit")
    game = _gambit_game(random_game(k))
    result = gbt.nash.logit_solve(game)
    assert result.success, f"gambit's logit_solve did not converge on game {k}"
    return _profile(game, result.equilibrium)


@functools.cache
def gambit_at(k: int, lambdas: tuple[float, ...]) -> tuple[tuple[np.ndarray, ...], ...]:
    gbt = require("pygambit")
    game = _gambit_game(random_game(k))
    return tuple(_profile(game, q.profile) for q in gbt.qre.logit_solve_lambda(game, list(lambdas)))


@functools.cache
def oracle_equilibria(k: int) -> tuple[tuple[np.ndarray, ...], ...]:
    """All equilibria by pygambit (enummixed for two players, enumpoly for three)."""
    gbt = require("pygambit")
    game = _gambit_game(random_game(k))
    if k < TWO_PLAYER:
        found = gbt.nash.enummixed_solve(game, rational=False).equilibria
    else:
        found = gbt.nash.enumpoly_solve(game).equilibria
    return tuple(_profile(game, p) for p in found)


@functools.cache
def our_path(k: int) -> QREPath:
    return qre_path(random_game(k))


def gap(p, q) -> float:
    return max(float(np.abs(np.asarray(a) - np.asarray(b)).max()) for a, b in zip(p, q, strict=True))


def nearest(profile, equilibria) -> int:
    return int(np.argmin([gap(profile, eq) for eq in equilibria]))


GAMES = range(TWO_PLAYER + THREE_PLAYER)


@pytest.mark.parametrize("k", GAMES)
def test_same_limit_as_gambit(k):
    path = our_path(k)
    assert path.converged and path.regret <= 1e-8
    equilibria = oracle_equilibria(k)
    ours, theirs = nearest(path.limit, equilibria), nearest(gambit_limit(k), equilibria)
    assert ours == theirs
    # near-ties in payoffs leave a little weight on a second action at the stopping point
    assert gap(path.limit, equilibria[ours]) < 1e-3
    others = [gap(path.limit, eq) for e, eq in enumerate(equilibria) if e != ours]
    assert all(d > 1e-2 for d in others)


def _early_points(path: QREPath, count: int = 6) -> list[int]:
    """Indices of path points before the first turning point (where lambda still names one QRE)."""
    increasing = np.nonzero(np.diff(path.lambdas) <= 0)[0]
    stop = int(increasing[0]) if len(increasing) else len(path) - 1
    return sorted(set(np.linspace(1, max(1, stop), count).astype(int).tolist()))


@pytest.mark.parametrize("k", GAMES)
def test_path_points_agree_with_gambit_at_matched_lambda(k):
    path = our_path(k)
    points = _early_points(path)
    lambdas = tuple(float(path.lambdas[i]) for i in points)
    for i, theirs in zip(points, gambit_at(k, lambdas), strict=True):
        assert gap(path.at(i), theirs) <= 1e-6, f"lambda = {path.lambdas[i]}"


def logit_residual(arrays, profile, lam) -> float:
    """How far ``profile`` is from satisfying the logit equations at ``lam`` (plain numpy)."""
    worst = 0.0
    n = len(arrays)
    for i in range(n):
        values = arrays[i]
        for j in reversed(range(n)):
            if j != i:
                values = np.tensordot(values, profile[j], axes=([j], [0]))
        weights = np.exp(lam * (values - values.max()))
        worst = max(worst, float(np.abs(weights / weights.sum() - profile[i]).max()))
    return worst


@pytest.mark.parametrize("k", range(0, TWO_PLAYER + THREE_PLAYER, 7))
def test_every_path_point_solves_the_logit_equations(k):
    arrays = random_game(k)
    path = our_path(k)
    size = max(float(np.abs(U).max()) for U in arrays)
    for i in range(len(path)):
        # far out, lambda times a payoff's rounding error bounds what any solver can reach
        rounding = 10 * np.finfo(float).eps * path.lambdas[i] * size
        assert logit_residual(arrays, path.at(i), path.lambdas[i]) <= 1e-9 + rounding


@pytest.mark.parametrize("k", [0, 5, 17, 42, 99, 100, 105])
def test_qre_at_matches_gambit(k):
    lambdas = (0.3, 1.7, 6.0)
    for lam, theirs in zip(lambdas, gambit_at(k, lambdas), strict=True):
        assert gap(qre_at(random_game(k), lam), theirs) <= 1e-6, f"lambda = {lam}"


def test_lambda_multiplies_payoffs_as_given():
    A, B = random_game(3)
    slow = qre_at([A, B], 2.0)
    fast = qre_at([10 * A, 10 * B], 0.2)
    assert gap(slow, fast) <= 1e-8
    assert logit_residual([A, B], slow, 2.0) <= 1e-10


def test_centroid_at_zero_and_matching_pennies_stays_there():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    for lam in (0.0, 0.5, 50.0):
        profile = qre_at([A, -A], lam)
        assert gap(profile, (np.full(2, 0.5), np.full(2, 0.5))) <= 1e-9


# A 6x2 game whose branch folds twice (an S shape) near lambda = 20..37: it runs
# forward to about 37, back to about 20, then forward again (seen in Gambit's branch).
FOLDED = (
    np.array([[1.128, 0.57], [0.771, 0.718], [2.004, -0.634], [0.158, 0.705], [1.247, -2.428], [-0.522, -0.208]]),
    np.array([[-1.029, 0.847], [0.219, -0.396], [-1.634, -1.324], [-0.985, 0.455], [-1.219, -2.069],
              [-1.453, -0.592]]),
)


def test_turning_points_are_followed_like_gambit():
    gbt = require("pygambit")
    game = _gambit_game(FOLDED)
    branch = gbt.qre.logit_solve_branch(game)
    gambit_lams = np.array([p.lam for p in branch])
    path = qre_path(FOLDED)
    assert (np.diff(gambit_lams) < 0).any(), "the oracle's branch should fold too"
    assert len(path.turning_points) >= 2
    assert path.converged
    assert gap(path.limit, _profile(game, gbt.nash.logit_solve(game).equilibrium)) <= 1e-4
    # the folds are where Gambit's sampled branch turns, to its step length
    bends = [gambit_lams[i] for i in range(1, len(gambit_lams) - 1)
             if (gambit_lams[i] - gambit_lams[i - 1]) * (gambit_lams[i + 1] - gambit_lams[i]) < 0]
    assert len(bends) == len(path.turning_points) == 2
    for ours, theirs in zip(path.turning_points, bends, strict=True):
        assert abs(ours - theirs) <= 0.02 * theirs
    # and where lambda names one QRE, the two branches agree point for point
    lambdas = (10.0, 15.0, 60.0, 200.0)
    for lam, point in zip(lambdas, gbt.qre.logit_solve_lambda(game, list(lambdas)), strict=True):
        assert gap(qre_at(FOLDED, lam), _profile(game, point.profile)) <= 1e-6


def test_london_qre_limit_matches_gambit():
    game = bargain.load_model("london-2025").game()
    gbt = require("pygambit")
    g = _gambit_game((game.A, game.B))
    theirs = _profile(g, gbt.nash.logit_solve(g).equilibrium)
    s = qre(game)
    equilibria = [(e.row, e.col) for e in bargain.solve(game)]
    assert s.index == nearest(theirs, equilibria)
    assert s.details["converged"]
    lambdas = (0.5, 2.0, 10.0)
    for lam, point in zip(lambdas, gbt.qre.logit_solve_lambda(g, list(lambdas)), strict=True):
        assert gap(qre_at(game, lam), _profile(g, point.profile)) <= 1e-6


def test_degenerate_game_stalls_but_names_the_nearby_equilibrium():
    # ties make the branch approach a non-quasi-strict equilibrium like 1/lambda;
    # Gambit's logit_solve stops short of its tolerance on this game as well
    game = bargain.Game([[1, 5, 8], [3, 6, 1], [9, 6, 1]], [[1, 7, 5], [3, 8, 1], [7, 2, 9]])
    s = qre(game)
    assert s.defined and s.index is not None
    assert regrets((game.A, game.B), s.profile).max() <= 1e-9
    assert s.details["distance"] <= 1e-3


def test_selection_to_dict_carries_the_path():
    A = np.array([[4.0, 0.0], [3.0, 3.0]])
    s = qre([A, A.T])
    data = s.to_dict()
    assert data["criterion"] == "qre" and data["outcome"] == "a2 / a2"
    path = data["details"]["path"]
    assert len(path["lambda"]) == len(path["probabilities"]["Player 1"]["a1"]) == data["details"]["steps"] + 1


def test_negative_lambda_is_rejected():
    with pytest.raises(PathError, match="lambda must be"):
        qre_at([np.eye(2), np.eye(2)], -1.0)


def test_plot_draws_one_panel_per_player():
    pytest.importorskip("matplotlib")
    from bargain.render.qre_plot import plot_qre_path

    fig = plot_qre_path(our_path(TWO_PLAYER))
    assert len(fig.axes) == 3
    assert all(len(axis.lines) >= 1 for axis in fig.axes)
