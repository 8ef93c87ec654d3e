"""A picture of ``bargain drivers``: each parameter's Sobol' indices beside its range and flip points.

matplotlib is imported inside the function (through :mod:`bargain.render.plots`).
"""

from __future__ import annotations

from bargain.sensitivity import Drivers

from .plots import DPI, WIDTH, PlotError, save_figure

#: Bar colours: cited figures and assumptions.
CITED, ASSUMED = "#1f77b4", "#ff7f0e"


def plot_drivers(result: Drivers, path=None, *, title: str | None = None):
    """Left: first-order and total Sobol' indices with their 95% intervals, largest total on top, cited
    figures in blue, assumptions in orange. Right: each parameter's range scaled to [0, 1], its model value
    (a dot) and its flip points (red ticks).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from bargain.model import load_model
    >>> from bargain.sensitivity import drivers
    >>> fig = plot_drivers(drivers(load_model("rare-earth-chicken"), samples=32,
    ...                            ranges={"us_standoff_cost": (0.5, 3.0)}))
    >>> fig.axes[0].get_xlabel()
    "Sobol' index (share of the answer's variance)"
    """
    try:
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
    except ImportError:
        raise PlotError("plotting needs matplotlib: pip install matplotlib") from None
    ranked = list(result.existence.ranked())
    names = [i.param for i in ranked] + [p.name for p in result.parameters if not p.varied]
    height = 1.8 + 0.34 * len(names)
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    bars, ranges = figure.subplots(1, 2, sharey=True, width_ratios=(1.5, 1))
    ys = list(range(len(names)))[::-1]
    for y, name in zip(ys, names, strict=True):
        p = result.parameter(name)
        colour = CITED if p.cited else ASSUMED
        index = next((i for i in ranked if i.param == name), None)
        if index is not None:
            bars.barh(y + 0.18, index.total, height=0.34, color=colour, alpha=0.45, gid="total")
            bars.errorbar(index.total, y + 0.18, xerr=index.total_ci, fmt="none", ecolor="#333333", capsize=2,
                          lw=0.8)
            bars.barh(y - 0.18, index.first, height=0.34, color=colour, gid="first order")
            bars.errorbar(index.first, y - 0.18, xerr=index.first_ci, fmt="none", ecolor="#333333", capsize=2,
                          lw=0.8)
        ranges.plot([0, 1], [y, y], color="#bbbbbb", lw=3, solid_capstyle="butt")
        span = p.high - p.low
        if span > 0:
            ranges.plot([(p.value - p.low) / span], [y], "o", color=colour, ms=5, gid="value")
            for t in p.flips:
                ranges.plot([(t.value - p.low) / span], [y], "|", color="#c0392b", ms=14, mew=2, gid="flip")
        ranges.annotate(f"{p.low:g} – {p.high:g}", xy=(1.02, y), xycoords=("axes fraction", "data"), fontsize=7,
                        va="center")
    bars.set_yticks(ys, names, fontsize=8)
    bars.axvline(0, color="#666666", lw=0.8)
    bars.set_xlim(min(-0.05, min((i.first - i.first_ci for i in ranked), default=0)), 1.05)
    bars.set_xlabel("Sobol' index (share of the answer's variance)")
    bars.grid(axis="x", alpha=0.25)
    bars.set_title("pale: total index · solid: first order", fontsize=8, loc="left")
    ranges.set_xlim(-0.05, 1.3)
    ranges.set_xticks([0, 0.5, 1], ["low", "mid", "high"])
    ranges.set_xlabel("range (scaled); dot: model value")
    ranges.set_title("flip points (red): the answer changes", fontsize=8, loc="left")
    figure.legend([Patch(color=CITED), Patch(color=ASSUMED)], ["cited figure", "assumption"],
                  loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    what = "subgame-perfect path" if result.answer == "spe-path" else "equilibria"
    figure.suptitle(title or f"{result.model}: which parameters decide the {what} "
                              f"({result.evaluations:,} evaluations)", fontsize=11)
    save_figure(figure, path)
    return figure


__all__ = ["plot_drivers"]
