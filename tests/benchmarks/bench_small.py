"""Small games against QuantEcon's ``support_enumeration``, game by game in turns, in one process.

Run: ``python tests/benchmarks/bench_small.py [--sizes 2,3,4] [--games 9] [--rounds 40]``
(needs the ``test`` and ``bench`` extras).

``bench_solver.py`` times every solver in forked children, one solver after the
other. At 2x2 to 4x4 a solve takes tens of microseconds, and the machine's drift
between those children moves a ratio by a tenth or more from one run to the next.
Here bargain and QuantEcon take turns on each game, a few dozen solves at a time,
and each keeps its fastest turn (CPU time), which leaves the cost of the code
rather than the load of the moment. The games are ``bench_solver.py``'s (seeded,
integer payoffs 0-99) and so is the work: bargain builds the ``Game``, solves,
verifies and labels; QuantEcon builds its ``NormalFormGame`` and enumerates.
The ratio is of the median times over the games, as in ``bench_solver.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

import bargain

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_solver import random_games  # noqa: E402 - the sibling benchmark's games


def per_solve(solve, repeats: int) -> float:
    """CPU microseconds per call of ``solve``, over ``repeats`` calls."""
    start = time.process_time()
    for _ in range(repeats):
        solve()
    return (time.process_time() - start) / repeats * 1e6


def sizes(text: str) -> list[int]:
    """``"2,3,4"`` as square game sizes from 1 to 12."""
    try:
        found = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of sizes such as 2,3,4") from None
    if not all(1 <= k <= 12 for k in found):
        raise argparse.ArgumentTypeError(f"{text!r}: sizes run from 1 to 12")
    return found


def count(text: str) -> int:
    """A whole number from 1 to 10,000."""
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 10000")
    return int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default="2,3,4")
    parser.add_argument("--games", type=count, default=9)
    parser.add_argument("--rounds", type=count, default=40)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    import quantecon.game_theory as qe

    def ours(A, B):
        return lambda: bargain.solve(bargain.Game(A, B))

    def theirs(A, B):
        return lambda: qe.support_enumeration(
            qe.NormalFormGame((qe.Player(np.asarray(A, float)), qe.Player(np.asarray(B, float).T))))

    print(f"python {sys.version.split()[0]}; fastest of {args.rounds} turns per game, CPU time")
    for k in args.sizes:
        games = random_games((k, k), args.games, args.seed)
        pairs = [(ours(A, B), theirs(A, B)) for A, B in games]
        for a, b in pairs:  # first calls: compiling, caches
            a(), b()
        best = [[float("inf"), float("inf")] for _ in pairs]
        for _ in range(args.rounds):
            for fastest, (a, b) in zip(best, pairs, strict=True):
                fastest[0] = min(fastest[0], per_solve(a, 30))
                fastest[1] = min(fastest[1], per_solve(b, 30))
        mine = statistics.median(f[0] for f in best)
        other = statistics.median(f[1] for f in best)
        spread = sorted(f[0] / f[1] for f in best)
        print(f"{k}x{k}: bargain {mine:6.1f} us, QuantEcon support {other:6.1f} us, ratio {mine / other:.2f} "
              f"(per game {spread[0]:.2f}-{spread[-1]:.2f})")


if __name__ == "__main__":
    main()
