"""How sure is the London answer? Monte Carlo over the figures the articles disagree on.

The articles give China 62%, 70% or over 90% of the world's rare earths, and
read May's 34% fall in exports in two ways; the S&P 500 figures are "nearly"
and "about". The model keeps each such figure's plausible range. This example
draws those figures at random from their ranges, solves the London game at
every draw, and counts how often each equilibrium exists, with 95% (Wilson)
confidence intervals. Then it does the same with the model's assumptions drawn
too, to show how much more they matter than the disputed figures.

The draws are seeded: the same seed gives the same numbers.

Run it with::

    python examples/uncertainty.py
    python examples/uncertainty.py --samples 5000 --seed 7
"""

from __future__ import annotations

import argparse

import bargain
from bargain.sensitivity import MonteCarlo, montecarlo


def report(result: MonteCarlo, top: int = 6) -> None:
    """Print how often each equilibrium exists, most frequent first, with its 95% interval."""
    drawn = ", ".join(result.params) if len(result.params) <= 4 else f"all {len(result.params)} parameters"
    print(f"{result.samples} draws of {drawn} (seed {result.seed}, {result.distribution})")
    print("  how often each equilibrium exists:")
    for f in result.equilibria[:top]:
        print(f"    {f.frequency:6.1%}  [{f.low:6.1%}, {f.high:6.1%}]  {f.label}")
    if len(result.equilibria) > top:
        print(f"    ... and {len(result.equilibria) - top} rarer ones")
    single = sum(1 for signature in result.signatures if signature.count == 1)
    print(f"  draws with a single equilibrium: {single / result.samples:.1%}")


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
