"""London, June 2025: the equilibria, the sourced figures behind them, the timing, and where they change.

Loads the bundled model ``london-2025``, prints its equilibria, breaks each
pure equilibrium's payoffs into their named terms, lists every parameter with
what it rests on (value and range; file and verbatim quote, each quote checked
against the article; or the stated assumption), plays the same terms in turn
(the US first, as the articles describe, and China first), finds the values of
China's supply share where the set of equilibria changes, and saves a plot of
the equilibria along that share.

Run it with::

    python examples/london_scenario.py                    # writes ./london_share.png
    python examples/london_scenario.py --out figures      # writes figures/london_share.png
    python examples/london_scenario.py share.png          # writes share.png
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import bargain
from bargain.model.sources import check_sources
from bargain.render.plots import plot_sweep
from bargain.sensitivity import linspace, support_label, sweep, thresholds

#: China's supply share is swept from 0.3 to 1.0, far wider than its plausible range [0.85, 0.99], to show
#: what would change if the share fell below every figure in the articles (as other suppliers grow).
SHARE_RANGE = (0.3, 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", nargs="?", type=Path, help="where to save the plot (default: OUT/london_share.png)")
    parser.add_argument("--out", type=Path, default=Path("."), help="directory for the plot (default: .)")
    args = parser.parse_args(argv)

    model = bargain.load_model("london-2025")
    print(model.title)
    print(f"payoffs in {model.units}\n")

    # 1. Every equilibrium at the model's values, each one verified.
    game = model.game()
    solution = bargain.solve(game)
    print(f"{len(solution)} equilibria:")
    for k, eq in enumerate(solution):
        plays = "; ".join(
            f"{player} " + ", ".join(f"{a} {p:.3g}" if p < 1 else a for a, p in eq.strategies[player].items() if p > 0)
            for player in game.players
        )
        payoffs = ", ".join(f"{player} {value:+.3f}" for player, value in eq.payoff.items())
        print(f"  [{k}] {'pure ' if eq.pure else 'mixed'} {plays}   payoffs {payoffs}")

    # 2. Why: each pure equilibrium's payoffs as the sum of their named terms.
    breakdown = model.terms()
    for eq in solution:
        if not eq.pure:
            continue
        profile = (eq.supports[0][0], eq.supports[1][0])
        print(f"\nat China {profile[0]} / United States {profile[1]}:")
        for player, terms in breakdown[profile].items():
            parts = ", ".join(f"{name} {value:+.3f}" for name, value in terms.items()) or "nothing"
            print(f"  {player}: {parts}")

    # 3. What every number rests on: its value, range and unit; each quote (file and verbatim text,
    #    checked against the article in seeds/); and, where no article gives the number, the assumption.
    print("\nparameters and their sources (quotes checked verbatim against seeds/):")
    checks = check_sources(model)
    for name, parameter in model.parameters.items():
        kind = "from the articles" if parameter.assumption is None else "assumed"
        print(f"  {name} = {parameter.value:g} [{parameter.low:g}, {parameter.high:g}] {parameter.unit}; {kind}")
        for row in checks:
            if row.parameter == name and row.file is not None:
                quote = textwrap.shorten(row.quote, 90, placeholder=" ...")
                print(f"      {row.file} [{'found' if row.found else 'NOT FOUND'}]: \"{quote}\"")
        if parameter.assumption is not None:
            print(f"      assumption: {textwrap.shorten(parameter.assumption, 90, placeholder=' ...')}")

    # 4. The same terms played in turn: who moves first changes the answer.
    print("\nthe same terms played in turn (subgame-perfect path of play):")
    for name in ("london-2025-us-first", "london-2025-china-first"):
        tree = bargain.load_model(name)
        path = tree.tree().backward_induction().path
        print(f"  {name}: " + "  ->  ".join(f"{step.player} {step.move}" for step in path))

    # 5. Where the equilibria change as China's share moves (bisected to 1e-9, exact solves).
    low, high = SHARE_RANGE
    found = thresholds(model, "china_share", low, high)
    print(f"\nthresholds in china_share over [{low:g}, {high:g}]: {len(found)}")
    for t in found:
        print(f"  china_share = {t.value:.10g}: {t.left.count} -> {t.right.count} equilibria")
        for support in t.appears:
            print(f"      appears:  {support_label(game.players, support)}")
        for support in t.vanishes:
            print(f"      vanishes: {support_label(game.players, support)}")
        if t.at is not None:
            print(f"      at the value itself (degenerate): {t.at.count} extreme equilibria")

    # 6. The equilibria along the share, thresholds marked, saved as a PNG.
    path = args.png if args.png is not None else args.out / "london_share.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    along = sweep(model, "china_share", linspace(low, high, 141))
    plot_sweep(along, found, path, title="London, June 2025: equilibria as China's rare-earth share varies")
    print(f"\nsaved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
