"""Benchmark: a 1,001-point sweep of china_share on london-2025 against a plain nashpy loop.

Run with ``python tests/benchmarks/bench_sweep.py [--points N] [--repeat R]``; ``--per-point N``
times sweeps and Monte Carlo per point against QuantEcon's per-game solve, ``--workers 20000,100000``
(with ``--many 100,400``) times serial against two local worker processes on london-2025 and
green-passage-2025.
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


def cpu_of(run) -> tuple[object, float]:
    """``run()`` and the CPU seconds it took in this process and its (finished) child processes."""
    import resource

    def spent() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    start = spent()
    result = run()
    return result, spent() - start


def workers(sizes: list[int], many: list[int]) -> None:
    """Wall time of serial and two-worker runs (local processes forced), and the machine's own speed-up.

    Sweeps of china_share and Monte Carlo runs over every parameter: of london-2025 (two players,
    solved in batches) at ``sizes`` points, of green-passage-2025 (three players, each point on its
    own) at ``many`` points. Each timing is the best of two; the runs must give the same results.
    """
    from concurrent.futures import ProcessPoolExecutor

    from bargain.model import RangeWarning, load_model
    from bargain.sensitivity import linspace, montecarlo, sweep

    warnings.simplefilter("ignore", RangeWarning)

    def machine() -> float:
        start = time.perf_counter()
        spin(10_000_000), spin(10_000_000)
        serial = time.perf_counter() - start
        with ProcessPoolExecutor(2) as pool:
            pool.submit(spin, 1).result()
            start = time.perf_counter()
            list(pool.map(spin, [10_000_000, 10_000_000]))
            parallel = time.perf_counter() - start
        return serial / parallel

    print(f"two processes of pure Python work on this machine now: {machine():.2f} x one")
    for name, counts in (("london-2025", sizes), ("green-passage-2025", many)):
        model = load_model(name)
        for n in counts:
            values = linspace(0.3, 1.0, n)
            runs = {
                "sweep": lambda w, values=values, model=model: sweep(
                    model, "china_share", values, workers=w, backend="processes" if w > 1 else None),
                "Monte Carlo": lambda w, n=n, model=model: montecarlo(
                    model, n, seed=1, workers=w, backend="processes" if w > 1 else None),
            }
            for kind, run in runs.items():
                (one, a), cpu_one = cpu_of(lambda run=run: best_of(2, lambda: run(1)))
                (two, b), cpu_two = cpu_of(lambda run=run: best_of(2, lambda: run(2)))
                assert a == b, f"{name} {kind}: workers and serial differ"
                print(f"  {name:<19} {kind:<11} {n:>7,} points: serial {one:7.2f} s, "
                      f"2 workers {two:7.2f} s ({one / two:.2f} x); CPU of all processes "
                      f"{cpu_two / cpu_one:.2f} x serial's", flush=True)
    print(f"two processes of pure Python work on this machine now: {machine():.2f} x one")


if __name__ == "__main__":
    import sys

    if "--per-point" in sys.argv:
        per_point(int(sys.argv[sys.argv.index("--per-point") + 1]), 3)
    elif "--workers" in sys.argv:
        many = sys.argv[sys.argv.index("--many") + 1] if "--many" in sys.argv else "100,400"
        workers([int(v) for v in sys.argv[sys.argv.index("--workers") + 1].split(",")],
                [int(v) for v in many.split(",")])
    else:
        main()
