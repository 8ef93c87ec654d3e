"""Your own negotiation, your own numbers: build a Game, solve it, save it.

A supplier and a buyer haggle over a contract. The supplier can hold its price
(``firm``), meet the buyer part way (``flexible``) or cut the price to any
level to close (``desperate``); the buyer can ``accept`` the terms, ``haggle``
for more, or ``walk`` away. Payoffs are in hundreds of thousands of dollars
over each side's best alternative.

Run it with::

    python examples/custom_payoffs.py            # writes the .nfg file to a temporary directory
    python examples/custom_payoffs.py --out out  # ... or into ./out
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import bargain

PLAYERS = ("Supplier", "Buyer")
ACTIONS = (["firm", "flexible", "desperate"], ["accept", "haggle", "walk"])

# Rows are the supplier's actions, columns the buyer's.
SUPPLIER = [
    [5, 1, 0],
    [4, 3, -1],
    [3, 2, -2],
]
BUYER = [
    [1, 3, 0],
    [2, 1, 0],
    [3, 2, 0],
]


def mix(strategy: dict) -> str:
    """``"firm 1/3, flexible 2/3"``: the actions played, with their probabilities."""
    return ", ".join(f"{action} {p}" for action, p in strategy.items() if p > 0)


def show(solution: bargain.Solution) -> None:
    """Print every equilibrium: strategies by label, expected payoffs, supports."""
    for k, eq in enumerate(solution):
        kind = "pure" if eq.pure else "mixed"
        print(f"  [{k}] {kind}")
        for player in PLAYERS:
            print(f"      {player:<8} plays {mix(eq.strategies[player])}; expects {eq.payoff[player]}")
        print(f"      supports: {eq.supports[0]} x {eq.supports[1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="directory for contract.nfg (default: a temp dir)")
    args = parser.parse_args(argv)

    # 1. A labelled game. Integer payoffs are kept exact as well as in floats.
    game = bargain.Game(SUPPLIER, BUYER, players=PLAYERS, actions=ACTIONS)
    print(f"{game!r}")

    # 2. Solve in floating point (the default): every extreme equilibrium, each verified.
    solution = bargain.solve(game)
    print(f"\nequilibria found in floats: {len(solution)} (method {solution.method})")
    for eq in solution:
        print(f"  Supplier {mix({a: round(p, 4) for a, p in eq.strategies['Supplier'].items()})}; "
              f"Buyer {mix({a: round(p, 4) for a, p in eq.strategies['Buyer'].items()})}; "
              f"regret {eq.regret:.1e}")

    # 3. The same in exact rational arithmetic: probabilities come back as Fractions.
    exact = bargain.solve(game, exact=True)
    print(f"\nequilibria found exactly: {len(exact)}")
    show(exact)

    # 4. Iterated elimination of strictly dominated actions, then a complete solve of what is left.
    #    Cutting the price to close is dominated by meeting the buyer part way; walking by haggling.
    reduced = bargain.solve(game, method="dominance", exact=True)
    removed = ", ".join(f"{player} {action}" for player, action in reduced.eliminated)
    print(f"\niterated dominance removes: {removed}")
    print(f"equilibria left: {len(reduced)} (the same as above: {reduced[0].profile == exact[0].profile})")

    # 5. A degenerate variant: against a firm price the buyer gains the same whether it accepts or
    #    haggles. Then the equilibria form a continuum: every mixture of a component's extreme
    #    equilibria is an equilibrium too.
    indifferent = [[2, 2, 0], *BUYER[1:]]
    variant = bargain.solve(bargain.Game(SUPPLIER, indifferent, players=PLAYERS, actions=ACTIONS), exact=True)
    print(f"\ndegenerate variant: degenerate={variant.degenerate}, continuum={variant.continuum}, "
          f"{len(variant)} extreme equilibria in components {list(variant.components)}")
    show(variant)
    accept = sorted(variant[k].strategies["Buyer"]["accept"] for k in variant.components[0])
    print(f"  so the buyer may accept with any probability from {accept[0]} to {accept[-1]}")

    # 6. Export to Gambit's .nfg format and read it back.
    out = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="bargain-"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "contract.nfg"
    bargain.write_nfg(game, path, title="Supplier and buyer")
    again = bargain.read_nfg(path)
    print(f"\nwrote {path}")
    print(f"read back: equal to the original = {again == game}, exact = {again.is_exact}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
