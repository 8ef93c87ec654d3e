"""Benchmark: a 1,001-point sweep of china_share on london-2025 against a plain nashpy loop.

Run with ``python tests/benchmarks/bench_sweep.py [--points N] [--repeat R]``; ``--per-point N``
times sweeps and Monte Carlo per point against QuantEcon's per-game solve, ``--workers 20000,100000``
times serial against two local worker processes.
Both sides find every equilibrium at every point. The nashpy side is timed on
games built beforehand (building them is not counted against it); the bargain
side is timed end to end: building the games, solving, verifying, tracking.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings


def best_of(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1001)
    parser.add_argument("--low", type=float, default=0.3)
    parser.add_argument("--high", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import nashpy

    from bargain.model import RangeWarning, load_model
    from bargain.sensitivity import linspace, sweep

    warnings.simplefilter("ignore", RangeWarning)
    model = load_model("london-2025")
    values = linspace(args.low, args.high, args.points)

    start = time.perf_counter()
    first = sweep(model, "china_share", values)
    cold = time.perf_counter() - start
    fast, result = best_of(args.repeat, lambda: sweep(model, "china_share", values))
    two, parallel = best_of(args.repeat, lambda: sweep(model, "china_share", values, workers=2))
    plain, unbatched = best_of(1, lambda: sweep(model, "china_share", values, fast=False))

    games = [model.game(china_share=v) for v in values]

    def nashpy_loop():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nashpy warns on every degenerate game
            return [list(nashpy.Game(g.A, g.B).support_enumeration()) for g in games]

    reference, equilibria = best_of(1, nashpy_loop)

    counts = [len(result.at(k)) for k in range(len(values))]
    disagree = sum(len(e) != c for e, c in zip(equilibria, counts, strict=True))
    assert first == result == parallel, "results differ between runs or backends"
    assert [s.count for s in unbatched.signatures] == counts, "batched and point-by-point solving disagree"

    print(f"london-2025, china_share {args.low}..{args.high}, {args.points} points, {os.cpu_count()} cores")
    print(f"  equilibria found: {sum(counts)} (per point {min(counts)}..{max(counts)}), "
          f"{len(result.tracks)} tracks")
    print(f"  bargain sweep, first call (imports, warm-up): {cold:8.3f} s")
    print(f"  bargain sweep, serial (best of {args.repeat}):          {fast:8.3f} s")
    print(f"  bargain sweep, --workers 2 (best of {args.repeat}):     {two:8.3f} s")
    print(f"  bargain sweep, bargain.solve at every point:  {plain:8.3f} s")
    print(f"  nashpy support_enumeration loop:             {reference:8.3f} s")
    print(f"  speed-up over nashpy: {reference / fast:5.1f}x serial, {reference / two:5.1f}x with 2 workers, "
          f"{reference / plain:5.1f}x point by point")
    print(f"  points where nashpy reports a different number of equilibria (degenerate games): {disagree}")
    goal = fast < 2.0 and reference / fast >= 20
    print(f"  goal (>= 20x nashpy and under 2 s): {'met' if goal else 'NOT met'}")


def per_point(points: int, rounds: int) -> None:
    """CPU seconds per point of a sweep and per sample of Monte Carlo, against QuantEcon's per-game solve.

    QuantEcon's ``support_enumeration`` solves the same kind of game (london-2025 at random
    parameter values) one by one; its time per game is the reference. Medians over ``rounds``.
    """
    import statistics

    import quantecon.game_theory as qe

    from bargain.model import RangeWarning, load_model
    from bargain.sensitivity import linspace, montecarlo, sweep
    from bargain.sensitivity.monte_carlo import draw

    warnings.simplefilter("ignore", RangeWarning)
    model = load_model("london-2025")
    values = linspace(0.3, 1.0, points)
    names, draws = draw(model, 500, seed=3)
    games = [model.game_at(dict(zip(names, d, strict=True))) for d in draws]

    def quantecon_per_game() -> float:
        start = time.process_time()
        for g in games:
            qe.support_enumeration(qe.NormalFormGame((qe.Player(g.A), qe.Player(g.B.T))))
        return (time.process_time() - start) / len(games)

    def cpu(run) -> float:
        start = time.process_time()
        run()
        return (time.process_time() - start) / points

    quantecon_per_game()  # compile
    sweep(model, "china_share", values[:200])
    rows = []
    for _ in range(rounds):
        q = quantecon_per_game()
        s = cpu(lambda: sweep(model, "china_share", values))
        m = cpu(lambda: montecarlo(model, points, seed=1))
        rows.append((q, s, m, s / q, m / q))
    q, s, m, rs, rm = (statistics.median(c) for c in zip(*rows, strict=True))
    print(f"london-2025, {points} points, median of {rounds} rounds, CPU time")
    print(f"  QuantEcon support_enumeration, one game: {q * 1e6:7.1f} us")
    print(f"  sweep of china_share, per point:          {s * 1e6:7.1f} us  ({rs:.2f} x QuantEcon)")
    print(f"  Monte Carlo over every parameter, sample: {m * 1e6:7.1f} us  ({rm:.2f} x QuantEcon)")


def spin(n: int) -> int:
    """Pure Python work, for the machine's own two-process speed-up (module level, so workers can run it)."""
    total = 0
    for i in range(n):
        total += i
    return total


def workers(sizes: list[int]) -> None:
    """Wall time of serial and two-worker sweeps (local processes forced), and the machine's own speed-up."""
    from concurrent.futures import ProcessPoolExecutor

    from bargain.model import RangeWarning, load_model
    from bargain.sensitivity import linspace, sweep

    warnings.simplefilter("ignore", RangeWarning)
    model = load_model("london-2025")

    start = time.perf_counter()
    spin(10_000_000), spin(10_000_000)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        pool.submit(spin, 1).result()
        start = time.perf_counter()
        list(pool.map(spin, [10_000_000, 10_000_000]))
        parallel = time.perf_counter() - start
    print(f"two processes of pure Python work on this machine now: {serial / parallel:.2f} x one")
    for n in sizes:
        values = linspace(0.3, 1.0, n)
        one, _ = best_of(2, lambda values=values: sweep(model, "china_share", values))
        two, _ = best_of(2, lambda values=values: sweep(model, "china_share", values, workers=2, backend="processes"))
        print(f"  {n:>7,} points: serial {one:6.2f} s, 2 workers {two:6.2f} s ({one / two:.2f} x)")


if __name__ == "__main__":
    import sys

    if "--per-point" in sys.argv:
        per_point(int(sys.argv[sys.argv.index("--per-point") + 1]), 3)
    elif "--workers" in sys.argv:
        workers([int(v) for v in sys.argv[sys.argv.index("--workers") + 1].split(",")])
    else:
        main()
