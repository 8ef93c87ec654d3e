"""Speed of finding all extreme equilibria, side by side with other solvers, in one run.

Run: ``python tests/benchmarks/bench_solver.py`` (needs the ``test`` and ``bench`` extras,
and Debian's ``lrsnash`` on the path). Options: ``--sizes``, ``--games``, ``--rounds``,
``--budget``, ``--gambit DIR`` (a Gambit source tree, for ``contrib/games/tim.efg``,
``e16.efg`` and ``bcp3.efg``), ``--markdown`` (print the README table too).

Every measurement runs in a forked child process that times itself in CPU seconds
(``time.process_time``; ``lrsnash`` by the child-process resource usage), so a solver
stuck in C code can be stopped at the budget and a busy machine (other processes
taking the CPU) does not count against anyone. Each game is solved in batches of at
least :data:`BATCH` seconds until :data:`MINIMUM` seconds have been spent, and the
time per solve of the fastest batch is reported: the cost of the code rather than
the load of the moment (on these virtual machines the same solve of a small game
takes 75 or 120 microseconds from one second to the next, whichever solver runs).
For the same reason the solvers take turns game by game, so the times a ratio
compares were taken seconds apart.
Sizes: seeded random games with integer payoffs 0-99; named games: von Stengel's
6x6 game with 75 equilibria, the 15x15 coordination game (2^15 - 1 = 32,767
equilibria: the identity matrix for both players), and Gambit's ``tim``, ``e16``,
``bcp3`` when given. Equilibrium counts are compared with ``lrsnash``'s exact count
on the same game ("misses" = games where a solver's count differs). A round solves
every game with every solver; the table reports, per solver, the median over rounds
of the median time per game, and the ratio to a reference solver in the same round.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

import bargain

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it happens

DATA = Path(__file__).resolve().parents[1] / "data"


# ---------------------------------------------------------------- solvers


def solvers() -> dict:
    import nashpy
    import pygambit as gbt
    import quantecon.game_theory as qe

    def ours(A, B):
        return len(bargain.solve(bargain.Game(A, B)))

    def ours_exact(A, B):
        return len(bargain.solve(bargain.Game(A, B), exact=True))

    def qe_game(A, B):
        return qe.NormalFormGame((qe.Player(np.asarray(A, float)), qe.Player(np.asarray(B, float).T)))

    def quantecon_support(A, B):
        return len(qe.support_enumeration(qe_game(A, B)))

    def quantecon_vertex(A, B):
        return len(qe.vertex_enumeration(qe_game(A, B)))

    def gambit(rational):
        def run(A, B):
            if rational:
                A = np.array([[gbt.Rational(str(v)) for v in row] for row in A], dtype=object)
                B = np.array([[gbt.Rational(str(v)) for v in row] for row in B], dtype=object)
            else:
                A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
            game = gbt.StrategicGame.from_arrays(A, B)
            return len(gbt.nash.enummixed_solve(game, rational=rational).equilibria)
        return run

    def nashpy_support(A, B):
        return len(list(nashpy.Game(np.asarray(A, float), np.asarray(B, float)).support_enumeration()))

    def nashpy_vertex(A, B):
        return len(list(nashpy.Game(np.asarray(A, float), np.asarray(B, float)).vertex_enumeration()))

    return {
        "bargain auto": ours,
        "bargain exact": ours_exact,
        "QuantEcon support": quantecon_support,
        "QuantEcon vertex": quantecon_vertex,
        "pygambit float": gambit(False),
        "pygambit rational": gambit(True),
        "nashpy support": nashpy_support,
        "nashpy vertex": nashpy_vertex,
        "lrsnash": None,  # a separate program: see lrsnash()
    }


def lrsnash(A, B, budget: float) -> tuple[float, int | None]:
    """CPU seconds of one ``lrsnash`` run and its count of equilibria (pairs), or (inf, None)."""
    lines = [f"{len(A)} {len(A[0])}", ""] + [" ".join(map(str, r)) for r in A] + [""]
    lines += [" ".join(map(str, r)) for r in B]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(["lrsnash", handle.name], capture_output=True, text=True, timeout=budget).stdout
    except subprocess.TimeoutExpired:
        return float("inf"), None
    finally:
        os.unlink(handle.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    count = next((int(line.split()[-1]) for line in out.splitlines() if "Number of equilibria" in line), None)
    return seconds, count


#: Seconds a child spends solving one game (after one untimed solve), and the least length of a batch.
MINIMUM, BATCH = 0.05, 0.005


def _child(solve, A, B, minimum, pipe) -> None:
    if minimum > 0:  # one untimed solve first: lazy imports, caches, first touches of copied memory
        solve(A, B)
    total, reps, count, best = 0.0, 0, None, float("inf")
    while total < minimum and reps < 2000:
        start = time.process_time()
        batch = 0
        while True:
            count = solve(A, B)
            batch += 1
            spent = time.process_time() - start
            if spent >= BATCH or reps + batch >= 2000:
                break
        best = min(best, spent / batch)
        total += spent
        reps += batch
    pipe.send((best, count))


def measure(solve, A, B, budget: float, minimum: float = MINIMUM) -> tuple[float, int | None]:
    """CPU seconds per solve in the fastest batch, in a forked child stopped at ``budget`` wall seconds; the count."""
    receive, send = mp.Pipe(duplex=False)
    child = mp.get_context("fork").Process(target=_child, args=(solve, A, B, minimum, send))
    child.start()
    send.close()
    if receive.poll(budget):
        try:
            result = receive.recv()
        except EOFError:  # the solver raised
            result = (float("inf"), None)
    else:
        result = (float("inf"), None)
    child.kill()
    child.join()
    return result


# ---------------------------------------------------------------- games


def random_games(shape, count: int, seed: int):
    rng = np.random.default_rng(seed + 1000 * shape[0] + shape[1])
    return [(rng.integers(0, 100, shape).tolist(), rng.integers(0, 100, shape).tolist()) for _ in range(count)]


def named_games(gambit_dir: str | None) -> dict:
    from bargain.games.nfg import read_nfg

    games = {}
    vs = read_nfg(DATA / "vonstengel1999_6x6_75_equilibria.nfg").exact_payoffs()
    games["von Stengel 6x6 (75 eq.)"] = tuple([[_plain(v) for v in row] for row in M] for M in vs)
    eye = np.eye(15, dtype=int).tolist()
    games["coordination 15x15 (32,767 eq.)"] = (eye, eye)
    if gambit_dir:
        import pygambit as gbt

        for name in ("bcp3", "tim", "e16"):
            path = Path(gambit_dir) / "contrib" / "games" / f"{name}.efg"
            A, B = gbt.read_efg(str(path)).to_arrays()  # the reduced strategic form
            shape = A.shape
            games[f"Gambit {name} {shape[0]}x{shape[1]}"] = tuple(
                [[_plain(v) for v in row] for row in M] for M in (A, B))
    return games


def _plain(value):
    from fractions import Fraction

    value = Fraction(str(value))
    return int(value) if value.denominator == 1 else value


# ---------------------------------------------------------------- runs


def run_set(label, games, table, names, budget, rounds, reference, too_slow=frozenset()) -> dict:
    """Every solver on every game, ``rounds`` times; prints and returns the summary of this set.

    Solvers in ``too_slow`` (over budget on a smaller size) are not run; the set of
    solvers over budget here is returned with the summary."""
    truth = []
    for A, B in games:
        seconds, count = lrsnash(A, B, budget)
        truth.append(count)
    per_round: dict[str, list[float]] = {n: [] for n in names}
    ratios: dict[str, list[float]] = {n: [] for n in names}
    counts: dict[str, list] = {n: [] for n in names}
    skipped: set[str] = set(too_slow)
    for r in range(rounds):
        times: dict[str, list[float]] = {n: [] for n in names}
        found: dict[str, list] = {n: [] for n in names}
        for A, B in games:  # the solvers in turn on each game
            for name in names:
                if name in skipped:
                    continue
                if name == "lrsnash":
                    seconds, count = lrsnash(A, B, budget)
                else:
                    seconds, count = measure(table[name], A, B, budget)
                times[name].append(seconds)
                found[name].append(count)
                if seconds == float("inf"):
                    skipped.add(name)  # over budget once: not run again in this set
        medians = {n: statistics.median(times[n]) if len(times[n]) == len(games) and n not in skipped
                   else float("inf") for n in names}
        for name in names:
            if r == 0:
                counts[name] = found[name]
            per_round[name].append(medians[name])
            ratios[name].append(medians[name] / medians[reference] if medians[reference] > 0 else float("nan"))
    summary = {}
    print(f"\n{label}: {len(games)} game(s), {rounds} round(s); exact counts (lrsnash): {truth[:6]}")
    for name in names:
        t = statistics.median(per_round[name])
        ratio = statistics.median(ratios[name])
        found = counts[name]
        misses = sum(1 for c, e in zip(found, truth, strict=False) if c is not None and c != e)
        done = sum(1 for c in found if c is not None)
        summary[name] = (t, ratio, misses, done)
        shown = "over budget" if t == float("inf") else f"{t * 1e3:10.3f} ms  {ratio:9.2f} x {reference}"
        print(f"  {name:20s} {shown}   count differs from lrsnash on {misses} of {done}")
    return summary, skipped


def markdown(results: dict, names: list[str]) -> str:
    head = "| game | " + " | ".join(names) + " |"
    lines = [head, "|---" * (len(names) + 1) + "|"]
    for label, (summary, reference) in results.items():
        cells = []
        for name in names:
            t, ratio, misses, done = summary[name]
            if t == float("inf"):
                cells.append("—")
                continue
            cell = f"{t * 1e3:.3g} ms" if name == reference else f"{ratio:.2g}×"
            if misses:
                cell += f" ({misses}/{done} wrong)"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,3,4,6,8,10,12,14,16,8x16")
    parser.add_argument("--games", type=int, default=9, help="random games per size")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0, help="wall seconds per solve before giving up")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--gambit", default=None, help="a Gambit source tree (for tim, e16, bcp3)")
    parser.add_argument("--named-only", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # nashpy warns on every degenerate game it meets
    table = solvers()
    names = list(table)
    A, B = random_games((3, 3), 1, 0)[0]
    for solve in table.values():  # compile QuantEcon's numba code, load every module, before forking
        if solve is not None:
            solve(A, B)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"bargain {bargain.__version__}")
    results = {}
    too_slow: set[str] = set()
    if not args.named_only:
        for size in args.sizes.split(","):
            shape = tuple(int(v) for v in size.split("x")) if "x" in size else (int(size), int(size))
            reference = "QuantEcon support" if max(shape) <= 4 else "QuantEcon vertex"
            games = random_games(shape, args.games if max(shape) <= 8 else max(3, args.games // 2), args.seed)
            label = f"{shape[0]}×{shape[1]}"
            summary, slow = run_set(label, games, table, names, args.budget, args.rounds, reference,
                                    too_slow if shape[0] == shape[1] else set())
            if shape[0] == shape[1]:
                too_slow |= slow
            results[label] = (summary, reference)
    for label, game in named_games(args.gambit).items():
        summary, _ = run_set(label, [game], table, names, args.budget, args.rounds, "lrsnash")
        results[label] = (summary, "lrsnash")
    if args.markdown:
        print()
        print(markdown(results, names))


if __name__ == "__main__":
    main()
