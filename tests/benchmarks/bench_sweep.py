"""Benchmark: a 1,001-point sweep of china_share on london-2025 against a plain nashpy loop.

Run with ``python tests/benchmarks/bench_sweep.py [--points N] [--repeat R]``.
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


if __name__ == "__main__":
    main()
