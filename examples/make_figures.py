"""Draw the figures shown in the README into docs/figures/ (or another directory).

* ``london-share.png``: the equilibria of london-2025 as China's share of
  rare-earth supply goes from 0.3 to 1, thresholds marked;
* ``london-share-leverage-map.png``: which set of equilibria holds over China's
  share and the value China puts on keeping its export controls as a lever;
* ``london-montecarlo.png``: how often each equilibrium exists when the
  articles' figures, or all parameters, are drawn from their ranges.

Run it from the repository root with::

    python examples/make_figures.py               # writes docs/figures/*.png
    python examples/make_figures.py --out /tmp/f  # somewhere else
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bargain
from bargain.render.plots import plot_map, plot_sweep
from bargain.sensitivity import MonteCarlo, linspace, montecarlo, sweep, sweep2, thresholds

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "figures"
TITLE = "London, June 2025"
SEED = 2025


def share_sweep(model, path: Path) -> None:
    """Equilibrium strategies and payoffs along China's share, with its thresholds."""
    found = thresholds(model, "china_share", 0.3, 1.0)
    along = sweep(model, "china_share", linspace(0.3, 1.0, 141))
    plot_sweep(along, found, path, title=f"{TITLE}: equilibria as China's rare-earth share varies")


def share_leverage_map(model, path: Path) -> None:
    """The set of equilibria on a grid of China's share and the value of its leverage.

    The grid sizes are odd on purpose: a grid that lands exactly on a boundary
    shows the degenerate boundary point as a region of its own.
    """
    grid = sweep2(model, ("china_share", linspace(0.3, 1.0, 83)), ("cn_leverage_value", linspace(0.5, 1.5, 67)))
    figure = plot_map(grid, title=f"{TITLE}: equilibria over China's share and the value of its leverage")
    # The map spans the whole plausible range of the leverage value, but only part of the share's: mark it.
    low = model.parameters["china_share"].low
    ax = figure.axes[0]
    ax.axvline(low, color="white", lw=1.5, ls="--")
    ax.annotate(f" plausible range of china_share: {low:g} to 1 \u2192", xy=(low, 0.97),
                xycoords=("data", "axes fraction"), fontsize=9, color="white", ha="left", va="top")
    figure.savefig(path, dpi=100)


def short(label: str) -> str:
    """``"China license / United States hold-and-extend"`` -> ``"license | hold-and-extend"``."""
    china, us = label.split(" / ")
    return f"{china.removeprefix('China ')} | {us.removeprefix('United States ')}"


def montecarlo_bars(model, path: Path, samples: int = 2000) -> None:
    """Bars: how often each equilibrium exists, articles' figures drawn vs everything drawn."""
    from matplotlib.figure import Figure

    cited = [name for name, p in model.parameters.items() if p.assumption is None]
    runs: list[tuple[str, MonteCarlo, str]] = [
        (f"the articles' figures drawn ({', '.join(cited)})", montecarlo(model, samples, SEED, params=cited),
         "#4e79a7"),
        ("every parameter drawn, assumptions too", montecarlo(model, samples, SEED), "#f28e2b"),
    ]
    # the equilibria that exist in at least 1% of the draws of either run, most frequent first
    share: dict[str, float] = {}
    for _, result, _ in runs:
        for f in result.equilibria:
            share[f.label] = max(share.get(f.label, 0.0), f.frequency)
    labels = sorted((k for k, v in share.items() if v >= 0.01), key=lambda k: -share[k])

    figure = Figure(figsize=(8.0, 1.6 + 0.42 * len(labels)), dpi=100, layout="constrained")
    ax = figure.subplots()
    height = 0.38
    for k, (name, result, colour) in enumerate(runs):
        found = {f.label: f for f in result.equilibria}
        ys = [i + (k - 0.5) * height for i in range(len(labels))]
        values = [found[label].frequency * 100 if label in found else 0.0 for label in labels]
        lows = [v - found[label].low * 100 if label in found else 0.0 for v, label in zip(values, labels, strict=True)]
        highs = [found[label].high * 100 - v if label in found else 0.0
                 for v, label in zip(values, labels, strict=True)]
        bars = ax.barh(ys, values, height=height, color=colour, label=name,
                       xerr=[lows, highs], error_kw={"ecolor": "#333333", "capsize": 2, "lw": 1})
        ax.bar_label(bars, [f"{v:.0f}%" if v else "" for v in values], padding=8, fontsize=7.5)
    ax.set_yticks(range(len(labels)), [short(label) for label in labels], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel("draws in which the equilibrium exists (%)")
    ax.set_ylabel("China's action | US action")
    ax.grid(axis="x", alpha=0.3)
    figure.legend(loc="outside lower center", fontsize=8, frameon=False, ncols=1, title_fontsize=8,
                  title=f"{samples} uniform draws per run; whiskers: 95% Wilson intervals")
    figure.suptitle(f"{TITLE}: how often each equilibrium exists (seed {SEED})", fontsize=12)
    figure.savefig(path, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for the PNGs (default docs/figures)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    model = bargain.load_model("london-2025")
    for name, draw in (("london-share.png", share_sweep), ("london-share-leverage-map.png", share_leverage_map),
                       ("london-montecarlo.png", montecarlo_bars)):
        path = args.out / name
        draw(model, path)
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
