"""Draw the figures shown in the README into docs/figures/ (or another directory).

* ``london-share.png``: the equilibria of london-2025 as China's share of
  rare-earth supply goes from 0.3 to 1, thresholds marked;
* ``london-share-shortage-map.png``: which set of equilibria holds over China's
  share and what a full year's cut would cost the US;
* ``london-montecarlo.png``: how often each outcome holds in each reading of
  the timing (simultaneous, US first, China first) when every parameter is
  drawn from its range.

Run it from the repository root with::

    python examples/make_figures.py               # writes docs/figures/*.png
    python examples/make_figures.py --out /tmp/f  # somewhere else
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bargain
from bargain.render.plots import plot_map, plot_sweep
from bargain.sensitivity import linspace, montecarlo, sweep, sweep2, thresholds

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "figures"
TITLE = "London, June 2025"
SEED = 1


def share_sweep(model, path: Path) -> None:
    """Equilibrium strategies and payoffs along China's share, with its thresholds."""
    found = thresholds(model, "china_share", 0.3, 1.0)
    along = sweep(model, "china_share", linspace(0.3, 1.0, 141))
    figure = plot_sweep(along, found, title=f"{TITLE}: equilibria as China's rare-earth share varies")
    figure.axes[2].set_ylabel("expected payoff\n(% of own GDP, 12 months)")  # the model's unit, shortened to fit
    figure.savefig(path, dpi=100)


def share_shortage_map(model, path: Path) -> None:
    """The set of equilibria on a grid of China's share and the US cost of a full year's cut.

    The grid sizes are odd on purpose: a grid that lands exactly on a boundary
    shows the degenerate boundary point as a region of its own.
    """
    shortage = model.parameters["us_shortage_cost"]
    grid = sweep2(model, ("china_share", linspace(0.3, 1.0, 83)),
                  ("us_shortage_cost", linspace(shortage.low, shortage.high, 67)))
    figure = plot_map(grid, title=f"{TITLE}: equilibria over China's share and the US cost of a full cut")
    # The map spans the whole plausible range of the shortage cost, but only part of the share's: mark it.
    share = model.parameters["china_share"]
    ax = figure.axes[0]
    for edge in (share.low, share.high):
        ax.axvline(edge, color="white", lw=1.5, ls="--")
    ax.annotate(f"plausible range of china_share: {share.low:g} to {share.high:g} \u2192 ", xy=(share.low, 0.97),
                xycoords=("data", "axes fraction"), fontsize=9, color="white", ha="right", va="top")
    figure.savefig(path, dpi=100)


def tree_paths(name: str, samples: int) -> list[tuple[str, int]]:
    """Each subgame-perfect path of play of a tree model over seeded draws, as "China x | US y", with its count."""
    from bargain.sensitivity import draw

    tree = bargain.load_model(name)
    names, values = draw(tree, samples, SEED)
    counts: dict[str, int] = {}
    for row in values:
        moves = {step.player: step.move for step in
                 tree.tree_at(dict(zip(names, row, strict=True))).backward_induction().path}
        label = f"{moves['China']} | {moves['United States']}"
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def montecarlo_bars(model, path: Path, samples: int = 2000) -> None:
    """Bars: how often each outcome holds in each reading of the timing, every parameter drawn."""
    from matplotlib.figure import Figure

    from bargain.sensitivity import wilson

    result = montecarlo(model, samples, SEED)
    simultaneous = [(f.label.replace("China ", "").replace(" / United States ", " | "), f.count)
                    for f in result.equilibria]
    readings = [
        ("simultaneous (london-2025): equilibria", simultaneous, "#4e79a7"),
        ("US first, as the articles describe (london-2025-us-first): path of play",
         tree_paths("london-2025-us-first", samples), "#59a14f"),
        ("China first (london-2025-china-first): path of play", tree_paths("london-2025-china-first", samples),
         "#f28e2b"),
    ]
    entries = [(label, count, colour) for _, items, colour in readings for label, count in items
               if count >= 0.01 * samples]
    figure = Figure(figsize=(8.0, 1.9 + 0.42 * len(entries)), dpi=100, layout="constrained")
    ax = figure.subplots()
    for k, (_label, count, colour) in enumerate(entries):
        value = 100 * count / samples
        low, high = (100 * x for x in wilson(count, samples))
        ax.barh(k, value, color=colour, xerr=[[value - low], [high - value]],
                error_kw={"ecolor": "#333333", "capsize": 2, "lw": 1})
        ax.text(value + 3, k, f"{value:.1f}%", va="center", fontsize=7.5)
    ax.set_yticks(range(len(entries)), [label for label, _, _ in entries], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("draws in which it holds (%)")
    ax.set_ylabel("China's action | US action")
    ax.grid(axis="x", alpha=0.3)
    from matplotlib.patches import Patch

    figure.legend(handles=[Patch(color=c, label=name) for name, _, c in readings], loc="outside lower center",
                  fontsize=8, frameon=False, title_fontsize=8,
                  title=f"{samples} uniform draws of every parameter; whiskers: 95% Wilson intervals")
    figure.suptitle(f"{TITLE}: who moves first decides (seed {SEED})", fontsize=12)
    figure.savefig(path, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the PNGs (default docs/figures)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    model = bargain.load_model("london-2025")
    for name, draw in (("london-share.png", share_sweep), ("london-share-shortage-map.png", share_shortage_map),
                       ("london-montecarlo.png", montecarlo_bars)):
        path = args.out / name
        draw(model, path)
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
