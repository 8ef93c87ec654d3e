"""How sure is the London answer? Monte Carlo over the figures and the judgement calls.

The articles agree that China processes about 90% of the world's rare earths, but
the S&P 500 figures are "nearly" and "about", the May export fall "over 34%", and
the tariff the White House would reinstate has two readings. Every such figure
keeps a plausible range in the model, and so does every judgement call. This
example draws the articles' figures at random from their ranges, solves the
London game at every draw, and counts how often each equilibrium exists, with
95% (Wilson) confidence intervals; then it does the same with the judgement
calls drawn too. Last, it draws every parameter of the two sequential readings of
London and of the August model and counts how often each subgame-perfect path of
play comes out.

The draws are seeded: the same seed gives the same numbers.

Run it with::

    python examples/uncertainty.py
    python examples/uncertainty.py --samples 2000 --seed 1     # the shares the README states
"""

from __future__ import annotations

import argparse
from collections import Counter

import bargain
from bargain.sensitivity import MonteCarlo, draw, montecarlo, wilson

#: The game trees whose paths of play are counted.
TREES = ("london-2025-us-first", "london-2025-china-first", "august-deadline")


def report(result: MonteCarlo, top: int = 6) -> None:
    """Print how often each equilibrium exists, most frequent first, with its 95% interval."""
    drawn = ", ".join(result.params) if len(result.params) <= 6 else f"all {len(result.params)} parameters"
    print(f"{result.samples} draws of {drawn} (seed {result.seed}, {result.distribution})")
    print("  how often each equilibrium exists:")
    for f in result.equilibria[:top]:
        print(f"    {f.frequency:6.1%}  [{f.low:6.1%}, {f.high:6.1%}]  {f.label}")
    if len(result.equilibria) > top:
        print(f"    ... and {len(result.equilibria) - top} rarer ones")
    single = sum(1 for signature in result.signatures if signature.count == 1)
    print(f"  draws with a single equilibrium: {single / result.samples:.1%}")


def paths_of_play(model, samples: int, seed: int) -> Counter:
    """How often each subgame-perfect path of play comes out when every parameter is drawn.

    A path is the tuple of moves; a draw with ties counts the path that breaks
    them towards the move listed first at each node.
    """
    names, values = draw(model, samples, seed)
    counts: Counter = Counter()
    for row in values:
        result = model.tree_at(dict(zip(names, row, strict=True))).backward_induction()
        counts[tuple(step.move for step in result.path)] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000, help="draws per run (default 1000)")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the random draws (default 2025)")
    args = parser.parse_args(argv)

    model = bargain.load_model("london-2025")

    # The figures that come from the articles are the parameters without a stated assumption.
    cited = [name for name, p in model.parameters.items() if p.assumption is None]
    for name in cited:
        p = model.parameters[name]
        print(f"{name}: model value {p.value:g}, drawn uniformly from [{p.low:g}, {p.high:g}] ({p.unit})")

    # 1. Only the articles' figures vary; every assumption stays at its value.
    print()
    report(montecarlo(model, args.samples, args.seed, params=cited))

    # 2. Everything varies, assumptions included, each over its plausible range.
    print()
    report(montecarlo(model, args.samples, args.seed))

    # 3. The same terms played in turn, and the August deadline: subgame-perfect paths of play.
    for name in TREES:
        tree = bargain.load_model(name)
        counts = paths_of_play(tree, args.samples, args.seed)
        print(f"\n{name}: subgame-perfect path of play in {args.samples} draws of every parameter "
              f"(seed {args.seed})")
        for path, count in counts.most_common():
            low, high = wilson(count, args.samples)
            print(f"    {count / args.samples:6.1%}  [{low:6.1%}, {high:6.1%}]  {' -> '.join(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
