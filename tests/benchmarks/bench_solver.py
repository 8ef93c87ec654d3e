"""Speed of finding all extreme equilibria, side by side with other solvers in one run.

Run: ``python tests/benchmarks/bench_solver.py`` (needs the ``bench`` extra and pygambit).
Seeded random n x n games (n = 4 ... 12) and 8 x 16, integer payoffs 0-99. For every
solver: the median time per game and how many equilibria it returned, compared with
the exact count from Gambit's rational enumeration. Ratios are against QuantEcon's
``vertex_enumeration``, the fastest peer here.
"""

from __future__ import annotations

import argparse
import functools
import signal
import statistics
import time
from contextlib import contextmanager

import numpy as np

import bargain

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it happens


class TimeUp(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    def stop(*_):
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def solvers():
    import nashpy
    import pygambit as gbt
    import quantecon.game_theory as qe

    def ours(A, B):
        return len(bargain.solve(bargain.Game(A, B)))

    def nashpy_support(A, B):
        return len(list(nashpy.Game(A, B).support_enumeration()))

    def nashpy_vertex(A, B):
        return len(list(nashpy.Game(A, B).vertex_enumeration()))

    def gambit_float(A, B):
        return len(gbt.nash.enummixed_solve(gbt.StrategicGame.from_arrays(A, B), rational=False).equilibria)

    def quantecon(A, B):
        return len(qe.vertex_enumeration(qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))))

    return {
        "bargain auto": ours,
        "QuantEcon vertex_enumeration": quantecon,
        "pygambit enummixed (float)": gambit_float,
        "nashpy vertex_enumeration": nashpy_vertex,
        "nashpy support_enumeration": nashpy_support,
    }


def exact_count(A, B) -> int:
    import pygambit as gbt

    return len(gbt.nash.enummixed_solve(gbt.StrategicGame.from_arrays(A, B), rational=True).equilibria)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=15, help="games per size")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per solver per size")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    shapes = [(n, n) for n in (4, 6, 8, 10, 12)] + [(8, 16)]
    table = solvers()
    rng = np.random.default_rng(args.seed)
    for shape in shapes:
        games = [(rng.integers(0, 100, shape).astype(float), rng.integers(0, 100, shape).astype(float))
                 for _ in range(args.games)]
        truth = [exact_count(A, B) for A, B in games[:3]] if shape[0] * shape[1] <= 100 else "not computed"
        for solve in table.values():  # warm up imports and JIT compilation
            try:
                with time_limit(30):
                    solve(*games[0])
            except TimeUp:
                pass
        print(f"\n{shape[0]}x{shape[1]}  ({args.games} games; exact counts of the first three: {truth})")
        medians = {}
        for name, solve in table.items():
            times, counts, spent = [], [], 0.0
            for A, B in games:
                if spent > args.budget:
                    break
                start = time.perf_counter()
                try:
                    with time_limit(max(1.0, args.budget - spent)):
                        counts.append(solve(A, B))
                except TimeUp:
                    times.append(float("inf"))
                    break
                times.append(time.perf_counter() - start)
                spent += times[-1]
            medians[name] = statistics.median(times)
            found = "".join(f"{c:>3}" for c in counts[:5])
            print(f"  {name:32s} median {medians[name] * 1e3:10.2f} ms over {len(times):2d} games;"
                  f" counts of the first five:{found}")
        peer = medians["QuantEcon vertex_enumeration"]
        for name, value in medians.items():
            print(f"  {name:32s} {value / peer:8.2f} x QuantEcon")


if __name__ == "__main__":
    main()
