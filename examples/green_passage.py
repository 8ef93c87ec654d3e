"""What the two-player London model misses: the EU as a third party.

Article 001 reports China's "green passage", a fast-track for rare-earth exports to the EU "under
certain conditions"; article 003 reports "calls for coordinated responses among US allies". The
model green-passage-2025 adds the European Union to london-2025's terms: China can offer the EU the
track while keeping the April controls on the US, offer the track and license the US, license both,
or withhold from both; the EU can take the track or join the US in a common front. This example
solves it completely (every equilibrium of the 4x3x2 game, by support enumeration), sets it beside
london-2025, prices the front the EU declines at the model's values, and draws every parameter over
its plausible range to count how often each set of equilibria holds, with 95% (Wilson) intervals,
and how often the EU joins the front where the snap-back tariff is above 70% and where it is not.

Run it with::

    python examples/green_passage.py
    python examples/green_passage.py --samples 2000 --seed 1     # the shares the README states
"""

from __future__ import annotations

import argparse
from collections import Counter

import bargain
from bargain.nplayer import solve
from bargain.sensitivity import draw, wilson


def label(players, equilibrium) -> str:
    """``"China offer-track / United States snap-back / ..."``, with ``+`` joining a mixed support."""
    return " / ".join(f"{p} {'+'.join(s)}" for p, s in zip(players, equilibrium.supports, strict=True))


def signature(model, values: dict) -> str:
    """Every equilibrium of the model at ``values``, as one label (``;`` between equilibria)."""
    solution = solve(model.game_at(values))
    text = "; ".join(sorted(label(model.players, eq) for eq in solution))
    return text + ("; and a continuum" if solution.continua else "")


def payoffs(players, numbers) -> str:
    return ", ".join(f"{p} {float(v):.3f}" for p, v in zip(players, numbers, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500, help="draws of every parameter (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random draws (default 1)")
    args = parser.parse_args(argv)

    model = bargain.load_model("green-passage-2025")
    london = bargain.load_model("london-2025")

    # 1. Both games at the cited values.
    print("green-passage-2025 at the model's values:")
    for eq in solve(model.game()):
        print(f"  {label(model.players, eq)}")
        print(f"    payoffs: {payoffs(model.players, eq.payoff.values())}")
    print("london-2025 at the same values:")
    for eq in bargain.solve(london.game()):
        print(f"  {label(london.players, eq)}")
        print(f"    payoffs: {payoffs(london.players, eq.payoff.values())}")

    # 2. The common front the US seeks: what it would give each side against the same choices.
    game = model.game()
    front = game.payoff("offer-track", "snap-back", "coordinate")
    print("if the EU joined the front instead (China offer-track, US snap-back):")
    print(f"    payoffs: {payoffs(model.players, front)}")

    # 3. Every parameter drawn over its range.
    names, values = draw(model, args.samples, args.seed)
    counts: Counter = Counter()
    tariff = names.index("snapback_tariff")
    front: Counter = Counter()
    draws: Counter = Counter()
    for row in values:
        found = signature(model, dict(zip(names, row, strict=True)))
        counts[found] += 1
        side = "above 70%" if row[tariff] > 0.7 else "at most 70%"
        draws[side] += 1
        front[side] += "European Union coordinate" in found
    print(f"\n{args.samples} draws of all {len(names)} parameters (seed {args.seed}, uniform): "
          "how often each set of equilibria holds")
    for found, count in counts.most_common():
        low, high = wilson(count, args.samples)
        print(f"    {count / args.samples:6.1%}  [{low:6.1%}, {high:6.1%}]  {found}")
    for side in ("above 70%", "at most 70%"):
        if draws[side]:
            low, high = wilson(front[side], draws[side])
            print(f"  the EU joins the front in {front[side] / draws[side]:.1%} [{low:.1%}, {high:.1%}] of the "
                  f"{draws[side]} draws where the snap-back tariff is {side}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
