"""All equilibria of random three-player games: bargain's enumpoly against pygambit's, side by side.

Run: ``python tests/benchmarks/bench_nplayer.py [--games 20]`` (needs pygambit).
Seeded random 2x2x2 and 3x3x3 games with integer payoffs 0-99 (no ties within a
player's payoffs). For each size: the median time per game of each solver, the
ratio ours / pygambit, and how many equilibria each reported (ours are exact or
certified algebraic points; pygambit's enumpoly works in floating point). Then
Gambit's random 5x4x3 game (3,255 support profiles), once each.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time

import numpy as np

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it happens


def random_game(shape, seed):
    rng = np.random.default_rng([7, *shape, seed])
    cells = int(np.prod(shape))
    return [rng.permutation(100)[:cells].reshape(shape) for _ in shape]


def run_ours(arrays):
    from bargain.nplayer import StrategicGame
    from bargain.nplayer.enumpoly import enumerate_equilibria

    start = time.perf_counter()
    solution = enumerate_equilibria(StrategicGame(arrays))
    return time.perf_counter() - start, len(solution), solution.complete


def run_gambit(arrays):
    import pygambit as gbt

    game = gbt.StrategicGame.from_arrays(
        *[np.array([gbt.Rational(str(v)) for v in a.flat], dtype=object).reshape(a.shape) for a in arrays])
    start = time.perf_counter()
    result = gbt.nash.enumpoly_solve(game)
    return time.perf_counter() - start, len(result.equilibria)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=20, help="games per size (default 20)")
    args = parser.parse_args()
    import pygambit  # noqa: F401

    import bargain.nplayer.enumpoly  # noqa: F401 - imports are not timed

    run_ours(random_game((2, 2, 2), 10**6))  # warm up (lazy imports of flint and scipy)
    print(f"{'game':>7} {'ours s':>9} {'gambit s':>9} {'ratio':>7} {'eq ours':>8} {'eq gambit':>10} "
          f"{'more ours':>10}")
    for shape in [(2, 2, 2), (3, 3, 3)]:
        ours, theirs, more, counts = [], [], 0, [0, 0]
        for seed in range(args.games):
            arrays = random_game(shape, seed)
            t_ours, n_ours, complete = run_ours(arrays)
            t_gambit, n_gambit = run_gambit(arrays)
            assert complete
            ours.append(t_ours)
            theirs.append(t_gambit)
            counts[0] += n_ours
            counts[1] += n_gambit
            more += n_ours > n_gambit
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{'x'.join(map(str, shape)):>7} {a:9.4f} {b:9.4f} {a / b:7.1f} {counts[0]:8d} {counts[1]:10d} "
              f"{more:10d}")
    from pathlib import Path

    from bargain.nplayer import read_nfg

    named = Path(__file__).parents[1] / "data" / "nplayer" / "5x4x3.nfg"
    arrays = [np.asarray(a) for a in read_nfg(named).exact_payoffs()]
    t_ours, n_ours, complete = run_ours(arrays)
    t_gambit, n_gambit = run_gambit(arrays)
    assert complete
    print(f"{'5x4x3':>7} {t_ours:9.4f} {t_gambit:9.4f} {t_ours / t_gambit:7.1f} {n_ours:8d} {n_gambit:10d} "
          f"{int(n_ours > n_gambit):10d}")
    print("times are medians per game; 'more ours' counts games where pygambit's enumpoly reported fewer "
          "equilibria than ours (each of ours is verified exactly)")


if __name__ == "__main__":
    main()
