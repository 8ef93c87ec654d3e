"""Pictures of a sweep: equilibrium strategies and payoffs against a parameter, and maps of two.

matplotlib is imported inside the functions, so ``import bargain`` and the
command line stay fast without it. Figures are built with
:class:`matplotlib.figure.Figure` directly (no ``pyplot``, no global backend
switch); saving a ``.png`` renders with Agg. At the default size a figure is
800 pixels wide, the width of a README.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

from bargain.errors import BargainError
from bargain.sensitivity import Sweep, Threshold, support_label

#: Width of every figure, in inches (at :data:`DPI`, 800 pixels).
WIDTH = 8.0
DPI = 100
_STYLES = ("-", "--", ":", "-.")
_MAP_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7",
                "#9c755f", "#bab0ac", "#1b3a5c", "#8cd17d", "#d4a6c8", "#86bcb6", "#fabfd2", "#a0cbe8")
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22")


class PlotError(BargainError, ValueError):
    """A plot was asked of data it cannot show."""


def _axis_label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name


def _figure(height: float):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotError("plotting needs matplotlib: pip install 'bargain[plot]'") from None
    return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def _save(figure, path) -> None:
    if path is None:
        return
    path = Path(path)
    try:
        figure.savefig(path, dpi=DPI)
    except (OSError, ValueError) as error:
        raise PlotError(f"cannot write the plot: {error}", source=str(path)) from None


def _series(sweep: Sweep, track: int, pick) -> list[float]:
    """One value per point for ``track`` (NaN where the track does not exist), so lines break."""
    values = [math.nan] * len(sweep.points)
    for record in sweep.tracks[track]:
        values[record.point] = pick(record)
    return values


def _mark_range(ax, low: float, high: float, value: float, first: bool) -> None:
    if math.isfinite(low) and math.isfinite(high) and high > low:
        ax.axvspan(low, high, color="#f2e6c9", alpha=0.6, lw=0, zorder=0,
                   label="plausible range" if first else None)
    if math.isfinite(value):
        ax.axvline(value, color="#8a6d1f", lw=1, ls=(0, (1, 2)), zorder=1, label="model value" if first else None)


def _mark_thresholds(axes, thresholds: Sequence[Threshold]) -> None:
    for k, t in enumerate(thresholds):
        for ax in axes:
            ax.axvline(t.value, color="#444444", lw=1, ls="--", zorder=2, gid="threshold")
        top = axes[0]
        top.annotate(
            f"{t.value:.4g}", xy=(t.value, 1.0), xycoords=("data", "axes fraction"), xytext=(2, 2 + 9 * (k % 2)),
            textcoords="offset points", fontsize=8, color="#444444", ha="left", va="bottom",
        )


def plot_sweep(sweep: Sweep, thresholds: Sequence[Threshold] = (), path=None, *, title: str | None = None):
    """Each player's action probabilities and both expected payoffs along every tracked equilibrium.

    One panel per player (colour = tracked equilibrium, line style = action),
    then a payoff panel (colour = tracked equilibrium, line style = player).
    Thresholds are dashed vertical lines labelled with their value; the
    parameter's plausible range is shaded and its model value dotted.

    Parameters
    ----------
    sweep : Sweep
        A one-parameter sweep.
    thresholds : sequence of Threshold, optional
    path : str or Path, optional
        Where to save the figure (the format follows the suffix, e.g. ``.png``).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from bargain.model import load_model
    >>> from bargain.sensitivity import sweep, linspace
    >>> fig = plot_sweep(sweep(load_model("rare-earth-chicken"), "china_share", linspace(0.1, 1, 10)))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['China: P(action)', 'United States: P(action)', 'expected payoff (stakes)']
    """
    if len(sweep.params) != 1:
        raise PlotError(f"plot_sweep shows one parameter; this sweep has {len(sweep.params)} (use plot_map)")
    x = [p[0] for p in sweep.points]
    tracks = sorted(sweep.tracks)
    legend_rows = len(tracks) + 3
    figure = _figure(7.0 + 0.17 * legend_rows)
    axes = figure.subplots(3, 1, sharex=True, height_ratios=(1, 1, 1.1))
    colour = {t: _PALETTE[k % len(_PALETTE)] for k, t in enumerate(tracks)}
    # Equilibria often coincide in one coordinate (several put all weight on one action). Earlier
    # tracks are drawn wider and lower, so a line lying on another still shows as a coloured edge.
    spread = max(1, len(tracks) - 1)
    width = {t: 1.3 + 2.6 * (len(tracks) - 1 - k) / spread for k, t in enumerate(tracks)}
    layer = {t: 3 + k for k, t in enumerate(tracks)}
    low, high, value = sweep.ranges[0]
    for panel, ax in enumerate(axes):
        _mark_range(ax, low, high, value, first=panel == 0)
    for k, player in enumerate(sweep.players):
        ax = axes[k]
        for t in tracks:
            for a in range(len(sweep.actions[k])):
                ax.plot(x, _series(sweep, t, lambda r, k=k, a=a: r.profile[k][a]), color=colour[t],
                        ls=_STYLES[a % len(_STYLES)], lw=width[t], zorder=layer[t],
                        marker="." if len(x) < 30 else None)
        ax.set_ylim(-0.05, 1.05)
        ax.set_ylabel(f"{player}: P(action)")
        _style_legend(ax, [(action, _STYLES[a % len(_STYLES)]) for a, action in enumerate(sweep.actions[k])],
                      f"{player}'s action")
    ax = axes[2]
    for t in tracks:
        for k in range(len(sweep.players)):
            ax.plot(x, _series(sweep, t, lambda r, k=k: r.payoffs[k]), color=colour[t], ls=_STYLES[k], lw=width[t],
                    zorder=layer[t], marker="." if len(x) < 30 else None)
    unit = sweep.payoff_units.split(" (")[0].strip()
    ax.set_ylabel(f"expected payoff ({unit})" if unit else "expected payoff")
    _style_legend(ax, [(player, _STYLES[k]) for k, player in enumerate(sweep.players)], "payoff of")
    ax.set_xlabel(_axis_label(sweep.params[0], sweep.units[0]))
    _mark_thresholds(axes, thresholds)
    for a in axes:
        a.grid(alpha=0.25)
        a.margins(x=0.01)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colour[t], lw=2.5) for t in tracks]
    labels = [textwrap.shorten(f"#{t} {support_label(sweep.players, sweep.tracks[t][0].supports)}", 95,
                               placeholder="…") for t in tracks]
    range_handles, range_labels = axes[0].get_legend_handles_labels()
    columns = 1 if max(map(len, labels), default=0) > 58 else 2
    figure.legend(handles + range_handles, labels + range_labels, loc="outside lower center", ncols=columns,
                  fontsize=8,
                  frameon=False, title="equilibrium (supports where it first appears)", title_fontsize=8)
    figure.suptitle(title or f"{sweep.model}: equilibria as {sweep.params[0]} varies", fontsize=12)
    _save(figure, path)
    return figure


def _style_legend(ax, entries, title: str) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color="#333333", ls=style, lw=1.5) for _, style in entries]
    ax.legend(handles, [label for label, _ in entries], title=title, fontsize=7, title_fontsize=7,
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)


def plot_map(sweep: Sweep, path=None, *, title: str | None = None):
    """Which set of equilibria holds where, on the grid of a two-parameter sweep.

    Each colour is one signature (the supports of every extreme equilibrium);
    the legend names them. Both parameters' model values are marked.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from bargain.model import load_model
    >>> from bargain.sensitivity import sweep2, linspace
    >>> s = sweep2(load_model("rare-earth-chicken"), ("china_share", linspace(0.1, 1, 6)),
    ...            ("us_standoff_cost", linspace(0.5, 3, 6)))
    >>> fig = plot_map(s)
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('china_share (share)', 'us_standoff_cost (stakes)')
    """
    if len(sweep.params) != 2:
        raise PlotError(f"plot_map shows two parameters; this sweep has {len(sweep.params)} (use plot_sweep)")
    import numpy as np
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    xs, ys = sweep.axes
    area: dict = {}
    for signature in sweep.signatures:
        area[signature] = area.get(signature, 0) + 1
    kinds = sorted(area, key=lambda s: (-area[s], sweep.signatures.index(s)))
    index = {s: k for k, s in enumerate(kinds)}
    grid = np.array([index[s] for s in sweep.signatures], dtype=float).reshape(len(ys), len(xs))
    colours = [_MAP_COLOURS[k % len(_MAP_COLOURS)] for k in range(len(kinds))]
    labels = [_compact(s, area[s] / len(sweep.signatures)) for s in kinds]
    legend_lines = sum(label.count("\n") + 1 for label in labels)
    figure = _figure(5.0 + 0.15 * legend_lines + 0.05 * len(kinds))
    ax = figure.subplots()
    ax.pcolormesh(_edges(xs), _edges(ys), grid, cmap=ListedColormap(colours),
                  norm=BoundaryNorm(np.arange(len(kinds) + 1) - 0.5, len(kinds)), shading="flat")
    for k in range(len(_MAP_COLOURS), len(kinds)):  # more kinds than colours: hatch the repeats
        ax.contourf(xs, ys, grid == k, levels=[0.5, 1.5], colors="none", hatches=["//"])
    (_, _, vx), (_, _, vy) = sweep.ranges
    if math.isfinite(vx) and math.isfinite(vy):
        ax.plot([vx], [vy], marker="*", ms=14, color="white", mec="black", ls="none", label="model values")
    ax.set_xlabel(_axis_label(sweep.params[0], sweep.units[0]))
    ax.set_ylabel(_axis_label(sweep.params[1], sweep.units[1]))
    handles = [Patch(facecolor=c, hatch="//" if k >= len(_MAP_COLOURS) else None) for k, c in enumerate(colours)]
    marker_handles, marker_labels = ax.get_legend_handles_labels()
    figure.legend(handles + marker_handles, labels + marker_labels, loc="outside lower center", ncols=1, fontsize=7.5,
                  frameon=False, title=f"set of equilibria, largest area first: each equilibrium as "
                  f"{sweep.players[0]}'s action | {sweep.players[1]}'s action (+ joins a mixture)",
                  title_fontsize=8, alignment="left")
    figure.suptitle(title or f"{sweep.model}: equilibria over {sweep.params[0]} × {sweep.params[1]}", fontsize=12)
    _save(figure, path)
    return figure


def _compact(signature, share: float) -> str:
    """``"3 equilibria (41% of the grid): a | b · a+c | b+d · c | d"``, wrapped to fit the figure."""
    count = signature.count
    portion = f"{share:.0%}" if share >= 0.005 else "<1%"
    head = f"{count} equilibri{'um' if count == 1 else 'a'} ({portion} of the grid): "
    body = " · ".join(f"{'+'.join(r)} | {'+'.join(c)}" for r, c in signature.supports) or "none"
    return "\n".join(textwrap.wrap(head + body, 118, subsequent_indent="    "))


def _edges(values: Sequence[float]) -> list[float]:
    """Cell edges around grid values (midpoints between them, half a step beyond the ends)."""
    v = list(values)
    if len(v) == 1:
        return [v[0] - 0.5, v[0] + 0.5]
    middles = [(a + b) / 2 for a, b in zip(v, v[1:], strict=False)]
    return [v[0] - (middles[0] - v[0]), *middles, v[-1] + (v[-1] - middles[-1])]


def plot(sweep: Sweep, thresholds: Sequence[Threshold] = (), path=None, *, title: str | None = None,
         path_changes: Sequence[Threshold] = ()):
    """:func:`plot_sweep` for one parameter, :func:`plot_map` for two."""
    if len(sweep.params) == 2:
        return plot_map(sweep, path, title=title)
    return plot_sweep(sweep, thresholds, path, title=title)


__all__ = ["PlotError", "plot", "plot_map", "plot_sweep"]
