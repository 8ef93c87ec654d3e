"""Speed of following the logit QRE principal branch, side by side with pygambit's ``logit_solve``.

Run: ``python tests/benchmarks/bench_qre.py [--games 30] [--size 10] [--repeat 3]``
(needs pygambit). Seeded random ``size x size`` games with standard normal
payoffs. Both follow the branch from the centroid until the profile is a Nash
equilibrium to within 1e-8 of the payoff range (Gambit's default criterion,
also ours). Per game, the best of ``--repeat`` runs of each, interleaved so
both see the same machine load; the report gives the median per game, the
ratio of medians (ours / Gambit's) and how often the two limits agree.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pygambit as gbt

from bargain.selection import qre_path


def best_time(function, repeat: int) -> tuple[float, object]:
    best, result = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=30)
    parser.add_argument("--size", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    games = [(rng.normal(size=(args.size, args.size)), rng.normal(size=(args.size, args.size)))
             for _ in range(args.games)]
    qre_path(games[0])  # warm up imports on both sides
    gbt.nash.logit_solve(gbt.StrategicGame.from_arrays(*games[0]))

    ours, theirs, agree, our_steps = [], [], 0, []
    for A, B in games:
        game = gbt.StrategicGame.from_arrays(A, B)
        t_gambit, result = best_time(lambda game=game: gbt.nash.logit_solve(game), args.repeat)
        t_ours, path = best_time(lambda A=A, B=B: qre_path([A, B]), args.repeat)
        theirs.append(t_gambit)
        ours.append(t_ours)
        our_steps.append(len(path) - 1)
        limit = [np.array([float(v) for _, v in result.equilibrium[p]]) for p in game.players]
        agree += max(float(np.abs(a - b).max()) for a, b in zip(limit, path.limit, strict=True)) < 1e-3

    mine, gambit = statistics.median(ours), statistics.median(theirs)
    print(f"{args.games} random {args.size}x{args.size} games, best of {args.repeat} runs each")
    print(f"{'solver':<28}{'median ms':>10}{'total s':>10}")
    print(f"{'pygambit logit_solve':<28}{1e3 * gambit:>10.2f}{sum(theirs):>10.3f}")
    print(f"{'bargain qre_path':<28}{1e3 * mine:>10.2f}{sum(ours):>10.3f}")
    print(f"ratio of medians (ours / gambit): {mine / gambit:.2f}; of totals: {sum(ours) / sum(theirs):.2f}")
    print(f"same limit in {agree} of {args.games} games; our median steps: {statistics.median(our_steps):.0f}")


if __name__ == "__main__":
    main()
