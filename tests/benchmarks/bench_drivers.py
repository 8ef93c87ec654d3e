"""Benchmark: ``bargain drivers london-2025`` -- flip points and Sobol' rankings -- end to end.

Run with ``python tests/benchmarks/bench_drivers.py [--model NAME] [--samples N] [--repeat R] [--workers W]``.

The goal: at least 10,000 model evaluations for the Sobol' ranking, and the
whole command (flip points of every parameter, the Saltelli design solved
point by point in batches, the indices with their bootstrap intervals) in
under 10 s on a 2-core machine. The command is run as a user runs it, in a
fresh process, so imports and start-up count too; the wall-clock and CPU time
of each run are printed (on a machine shared with other work the CPU time
says what the run itself cost).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_once(args: list[str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of one ``bargain drivers`` run in a fresh process, and its output."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from bargain.cli import main; main()", "drivers", *args],
                          capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="london-2025")
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    import json

    command = [args.model, "--samples", str(args.samples), "--format", "json", "--workers", str(args.workers)]
    runs = [run_once(command) for _ in range(args.repeat)]
    data = json.loads(runs[0][2])
    assert all(json.loads(out) == data for _, _, out in runs), "runs with the same seed differ"
    best_wall = min(wall for wall, _, _ in runs)
    best_cpu = min(cpu for _, cpu, _ in runs)
    flips = sum(len(p["flips"]) for p in data["parameters"])
    print(f"bargain drivers {args.model}: {len(data['parameters'])} parameters, {data['evaluations']:,} model "
          f"evaluations for the ranking ({data['samples']:,} base samples), {flips} flip points, "
          f"{os.cpu_count()} cores, {args.workers} worker(s), load average {os.getloadavg()[0]:.1f}")
    for k, (wall, cpu, _) in enumerate(runs, 1):
        print(f"  run {k}: {wall:6.2f} s wall clock, {cpu:6.2f} s CPU")
    top = data["existence"]["ranking"][:3]
    print("  top drivers: " + ", ".join(f"{r['parameter']} (total {r['total']:.2f})" for r in top))
    goal = data["evaluations"] >= 10_000 and best_wall < 10.0
    print(f"  goal (>= 10,000 evaluations, under 10 s wall clock, best of {args.repeat}): "
          f"{'met' if goal else 'NOT met'} ({best_wall:.2f} s; CPU {best_cpu:.2f} s)")


if __name__ == "__main__":
    main()
