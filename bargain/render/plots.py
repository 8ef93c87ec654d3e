"""Pictures of a sweep (strategies and payoffs against a parameter, maps of two) and of a Monte Carlo run.

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
from bargain.sensitivity import MonteCarlo, Sweep, Threshold, support_label

#: Width of every figure, in inches (at :data:`DPI`, 800 pixels).
WIDTH = 8.0
DPI = 100
#: A qualitative palette of ten clearly distinct colours (matplotlib's "tab10"); a map with more sets
#: reuses them with a hatch pattern, and every set is numbered on the map and in the legend.
_MAP_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf")
_MAP_HATCHES = ("//", "\\\\", "xx", "..", "oo", "++")
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
        raise PlotError("plotting needs matplotlib, a dependency of bargain: pip install matplotlib") from None
    return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def save_figure(figure, path) -> None:
    """Write ``figure`` to ``path`` (nothing when ``path`` is None); a path that cannot be written is an error."""
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
            textcoords="offset points", fontsize=8, color="#444444", ha="left", va="bottom", gid="threshold label",
        )


def plot_sweep(sweep: Sweep, thresholds: Sequence[Threshold] = (), path=None, *, title: str | None = None,
               path_changes: Sequence[Threshold] = ()):
    """Each player's action probabilities and both expected payoffs along every tracked equilibrium.

    One panel per player, then a payoff panel; colour = tracked equilibrium.
    Where several equilibria draw the very same line (all pure equilibria put
    probability 1 somewhere; many share a payoff), the line is drawn once in
    alternating dashes of all their colours, so every one of them stays
    visible. A line strictly between 0 and 1 is labelled with its action, a
    payoff line with its player. Thresholds are dashed vertical lines
    labelled with their value; the parameter's plausible range is shaded and
    its model value dotted. For a game tree (``sweep.paths``) a strip on top
    shows the subgame-perfect path, split where it changes (``path_changes``).

    Parameters
    ----------
    sweep : Sweep
        A one-parameter sweep.
    thresholds : sequence of Threshold, optional
    path : str or Path, optional
        Where to save the figure (the format follows the suffix, e.g. ``.png``).
    title : str, optional
    path_changes : sequence of Threshold, optional
        Where a game tree's subgame-perfect path changes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from bargain.model import load_model
    >>> from bargain.sensitivity import sweep, linspace
    >>> fig = plot_sweep(sweep(load_model("rare-earth-chicken"), "china_share", linspace(0.1, 1, 10)))
    >>> for ax in fig.axes:
    ...     print(ax.get_ylabel())
    China: P(action)
    United States: P(action)
    expected payoff (% of own GDP over the 12 months after the round)
    """
    if len(sweep.params) != 1:
        raise PlotError(f"plot_sweep shows one parameter; this sweep has {len(sweep.params)} (use plot_map)")
    x = [p[0] for p in sweep.points]
    tracks = sorted(sweep.tracks)
    strip = bool(sweep.paths)
    n = len(sweep.players)
    figure = _figure(7.0 + 2.2 * (n - 2) + 0.17 * (len(tracks) + 4) + (0.9 if strip else 0.0))
    ratios = ((0.35,) if strip else ()) + (1,) * n + (1.1,)
    axes = list(figure.subplots(len(ratios), 1, sharex=True, height_ratios=ratios))
    top = axes.pop(0) if strip else None
    colour = {t: _PALETTE[k % len(_PALETTE)] for k, t in enumerate(tracks)}
    low, high, value = sweep.ranges[0]
    for panel, ax in enumerate(axes):
        _mark_range(ax, low, high, value, first=panel == 0)
    for k, player in enumerate(sweep.players):
        series = {}
        for t in tracks:
            for a, action in enumerate(sweep.actions[k]):
                ys = _series(sweep, t, lambda r, k=k, a=a: r.profile[k][a])
                if any(v > 1e-12 for v in ys if not math.isnan(v)):
                    series[(t, action)] = ys
        axes[k].set_ylim(-0.05, 1.05)
        axes[k].margins(x=0.01)
        _draw_groups(axes[k], x, series, colour, label_inside=True)
        axes[k].set_ylabel(f"{player}: P(action)")
    series = {(t, player): _series(sweep, t, lambda r, k=k: r.payoffs[k])
              for t in tracks for k, player in enumerate(sweep.players)}
    _draw_groups(axes[n], x, series, colour, label_inside=False)
    unit = sweep.payoff_units.split(" (")[0].strip()
    axes[n].set_ylabel(f"expected payoff ({unit})" if unit else "expected payoff")
    axes[n].set_xlabel(_axis_label(sweep.params[0], sweep.units[0]))
    _mark_thresholds(axes, thresholds)
    for a in axes:
        a.grid(alpha=0.25)
    if top is not None:
        _path_strip(top, sweep, path_changes)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colour[t], lw=2.5) for t in tracks]
    labels = [textwrap.shorten(f"#{t} {support_label(sweep.players, sweep.tracks[t][0].supports)}", 95,
                               placeholder="…") for t in tracks]
    range_handles, range_labels = axes[0].get_legend_handles_labels()
    columns = 1 if max(map(len, labels), default=0) > 58 else 2
    figure.legend(handles + range_handles, labels + range_labels, loc="outside lower center", ncols=columns,
                  fontsize=8, frameon=False,
                  title="equilibrium (supports where it first appears); a line in alternating colours is shared",
                  title_fontsize=8)
    figure.suptitle(title or f"{sweep.model}: equilibria as {sweep.params[0]} varies", fontsize=12)
    save_figure(figure, path)
    return figure


def _groups(series: dict) -> list[list]:
    """The keys of ``series`` grouped by identical values (NaN where the other is NaN), first-seen order."""
    import numpy as np

    groups: list[list] = []
    arrays = {key: np.asarray(values, dtype=float) for key, values in series.items()}
    for key, values in arrays.items():
        for group in groups:
            other = arrays[group[0]]
            if np.array_equal(np.isnan(values), np.isnan(other)) and np.allclose(
                    np.nan_to_num(values), np.nan_to_num(other), rtol=0, atol=1e-9):
                group.append(key)
                break
        else:
            groups.append([key])
    return groups


def _draw_groups(ax, x, series: dict, colour: dict, *, label_inside: bool) -> None:
    """Draw each distinct line once, in alternating dashes of the colours of every track that shares it.

    Keys of ``series`` are ``(track, name)``. Each line's names are written
    right of the sweep's last value, at the height where the line ends (only
    lines strictly between 0 and 1 when ``label_inside``); labels at the same
    height are joined, and labels are spread so that they do not overlap.
    """
    dash = 5.0
    labels: dict[float, list[str]] = {}
    for group in _groups(series):
        ys = series[group[0]]
        tracks = list(dict.fromkeys(t for t, _ in group))
        for j, t in enumerate(tracks):
            style = "-" if len(tracks) == 1 else (j * dash, (dash, (len(tracks) - 1) * dash))
            ax.plot(x, ys, color=colour[t], ls=style, lw=2.2, marker="." if len(x) < 30 else None,
                    gid=f"track {t}")
        finite = [v for v in ys if not math.isnan(v)]
        if not finite or (label_inside and all(v <= 1e-9 or v >= 1 - 1e-9 for v in finite)):
            continue
        names = labels.setdefault(round(finite[-1], 9), [])
        for _, name in group:
            if str(name) not in names:
                names.append(str(name))
    _place_labels(ax, x, labels)


def _place_labels(ax, x, labels: dict[float, list[str]]) -> None:
    """Write each label right of the data, spread vertically so none overlaps the next."""
    if not labels:
        return
    span = max(x) - min(x) or 1.0
    ax.set_xlim(min(x) - 0.01 * span, max(x) + 0.16 * span)
    low, high = ax.get_ylim()
    gap = 0.075 * (high - low)
    placed: list[float] = []
    for y in sorted(labels):
        placed.append(max(y, placed[-1] + gap) if placed else y)
    if placed[-1] > high - gap / 2:  # pushed past the top: push back down from there
        placed[-1] = high - gap / 2
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    for (y, names), at in zip(sorted(labels.items()), placed, strict=True):
        ax.annotate(textwrap.shorten(" · ".join(names), 30, placeholder="…"), xy=(max(x), y),
                    xytext=(max(x) + 0.012 * span, at), fontsize=6.5, va="center", ha="left", color="#333333",
                    gid="line label",
                    arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5} if abs(at - y) > 1e-12 else None)


def _path_strip(ax, sweep: Sweep, changes: Sequence[Threshold]) -> None:
    """The subgame-perfect path of a game tree along the sweep: one labelled band per stretch."""
    x = [p[0] for p in sweep.points]
    edges = [x[0], *(t.value for t in changes), x[-1]]
    signatures = [changes[0].left, *(t.right for t in changes)] if changes else [sweep.paths[0]]
    shades = ("#dbe9f6", "#fde2c8", "#d9f0d3", "#f3d9ec", "#e8e1d3", "#d6efef")
    for k, signature in enumerate(signatures):
        ax.axvspan(edges[k], edges[k + 1], color=shades[k % len(shades)], lw=0)
        ax.text((edges[k] + edges[k + 1]) / 2, 0.5, "\n".join(textwrap.wrap(signature.label(), 38)[:3]),
                ha="center", va="center", fontsize=7, clip_on=True)
    for t in changes:
        ax.axvline(t.value, color="#7a1f1f", lw=1.2, gid="path change")
    ax.set_yticks([])
    ax.set_ylabel("SPE path", fontsize=8)
    ax.set_title("subgame-perfect path (backward induction)", fontsize=8, loc="left")


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
    ('china_share (share of world rare-earth processing and magnet output)', 'us_standoff_cost (% of US GDP per year)')
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
    hatches = [None if k < len(_MAP_COLOURS) else _MAP_HATCHES[(k // len(_MAP_COLOURS) - 1) % len(_MAP_HATCHES)]
               for k in range(len(kinds))]
    labels = [f"{k + 1}: " + _compact(s, area[s] / len(sweep.signatures)) for k, s in enumerate(kinds)]
    legend_lines = sum(label.count("\n") + 1 for label in labels)
    figure = _figure(5.0 + 0.15 * legend_lines + 0.05 * len(kinds))
    ax = figure.subplots()
    ax.pcolormesh(_edges(xs), _edges(ys), grid, cmap=ListedColormap(colours),
                  norm=BoundaryNorm(np.arange(len(kinds) + 1) - 0.5, len(kinds)), shading="flat")
    for k in range(len(_MAP_COLOURS), len(kinds)):  # more sets than colours: hatch the repeats
        ax.pcolor(_edges(xs), _edges(ys), np.ma.masked_where(grid != k, grid), facecolor="none",
                  edgecolor="#222222", hatch=hatches[k], linewidth=0)
    _number_regions(ax, xs, ys, grid, len(kinds))
    (_, _, vx), (_, _, vy) = sweep.ranges
    if math.isfinite(vx) and math.isfinite(vy):
        ax.plot([vx], [vy], marker="*", ms=14, color="white", mec="black", ls="none", label="model values")
    ax.set_xlabel(_axis_label(sweep.params[0], sweep.units[0]))
    ax.set_ylabel(_axis_label(sweep.params[1], sweep.units[1]))
    handles = [Patch(facecolor=c, hatch=h, edgecolor="#222222" if h else c) for c, h in zip(colours, hatches,
                                                                                          strict=True)]
    marker_handles, marker_labels = ax.get_legend_handles_labels()
    who = " | ".join(f"{player}'s action" for player in sweep.players)
    figure.legend(handles + marker_handles, labels + marker_labels, loc="outside lower center", ncols=1, fontsize=7.5,
                  frameon=False, title=f"set of equilibria, largest area first: each equilibrium as "
                  f"{who} (+ joins a mixture)",
                  title_fontsize=8, alignment="left")
    figure.suptitle(title or f"{sweep.model}: equilibria over {sweep.params[0]} × {sweep.params[1]}", fontsize=12)
    save_figure(figure, path)
    return figure


def _number_regions(ax, xs, ys, grid, kinds: int) -> None:
    """Write each set's number on the map, on its cell nearest to the centre of its cells."""
    import numpy as np

    rows, cols = np.indices(grid.shape)
    for k in range(kinds):
        inside = grid == k
        r, c = rows[inside], cols[inside]
        centre_r, centre_c = r.mean(), c.mean()
        best = int(np.argmin((r - centre_r) ** 2 + (c - centre_c) ** 2))
        ax.text(xs[c[best]], ys[r[best]], str(k + 1), ha="center", va="center", fontsize=7, gid="region number",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})


def _compact(signature, share: float) -> str:
    """``"3 equilibria (41% of the grid): a | b · a+c | b+d · c | d"``, wrapped to fit the figure."""
    count = signature.count
    portion = f"{share:.0%}" if share >= 0.005 else "<1%"
    head = f"{count} equilibri{'um' if count == 1 else 'a'} ({portion} of the grid): "
    body = " · ".join(" | ".join("+".join(s) for s in support) for support in signature.supports) or "none"
    return "\n".join(textwrap.wrap(head + body, 118, subsequent_indent="    "))


def _edges(values: Sequence[float]) -> list[float]:
    """Cell edges around grid values (midpoints between them, half a step beyond the ends)."""
    v = list(values)
    if len(v) == 1:
        return [v[0] - 0.5, v[0] + 0.5]
    middles = [(a + b) / 2 for a, b in zip(v, v[1:], strict=False)]
    return [v[0] - (middles[0] - v[0]), *middles, v[-1] + (v[-1] - middles[-1])]


def plot_montecarlo(result: MonteCarlo, path=None, *, title: str | None = None, top: int = 15):
    """How often each outcome of a Monte Carlo run holds: bars with their Wilson 95% intervals.

    For equilibria, one panel per question (does each equilibrium exist; which
    whole set holds); for a game tree, one panel of subgame-perfect paths. At
    most ``top`` outcomes per panel, most frequent first; the panel title says
    how many rarer ones are left out.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from bargain.model import load_model
    >>> from bargain.sensitivity import montecarlo
    >>> fig = plot_montecarlo(montecarlo(load_model("rare-earth-chicken"), 30, seed=1))
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['share of samples (95% Wilson interval)', 'share of samples (95% Wilson interval)']
    """
    if result.outcome == "spe-path":
        panels = [("how often each subgame-perfect path is played", result.sets)]
    else:
        panels = [("how often each equilibrium exists", result.equilibria),
                  ("how often each whole set of equilibria holds", result.sets)]
    wrapped = [[_wrap_label(f.label) for f in items[:top]] for _, items in panels]
    lines = [sum(label.count("\n") + 1 for label in labels) for labels in wrapped]
    figure = _figure(1.6 + 0.22 * sum(lines) + 0.9 * len(panels))
    axes = figure.subplots(len(panels), 1, height_ratios=[max(1, n) for n in lines], squeeze=False)[:, 0]
    for ax, (question, items), labels in zip(axes, panels, wrapped, strict=True):
        shown = items[:top]
        ys = list(range(len(shown)))[::-1]
        shares = [f.frequency for f in shown]
        errors = [[f.frequency - f.low for f in shown], [f.high - f.frequency for f in shown]]
        ax.barh(ys, shares, color="#4e79a7", height=0.6, gid="frequency")
        ax.errorbar(shares, ys, xerr=errors, fmt="none", ecolor="#222222", capsize=3, lw=1, gid="interval")
        for y, f in zip(ys, shown, strict=True):
            ax.text(min(f.high + 0.01, 1.0), y, f"{f.frequency:.1%}", va="center", fontsize=7)
        ax.set_yticks(ys, labels, fontsize=7)
        ax.set_xlim(0, 1.08)
        ax.set_xlabel("share of samples (95% Wilson interval)")
        rest = len(items) - len(shown)
        ax.set_title(question + (f" ({rest} rarer not shown)" if rest else ""), fontsize=9, loc="left")
        ax.grid(axis="x", alpha=0.25)
    done = f"{result.samples:,} samples" + ("" if result.complete else f" of {result.requested:,} (interrupted)")
    figure.suptitle(title or f"{result.model}: {done}, {result.distribution} draws, seed {result.seed}",
                    fontsize=11)
    save_figure(figure, path)
    return figure


def _wrap_label(label: str, width: int = 70, lines: int = 3) -> str:
    """A long outcome label on at most ``lines`` lines of ``width`` characters."""
    parts = textwrap.wrap(label, width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = textwrap.shorten(parts[-1] + " …", width, placeholder=" …")
    return "\n".join(parts) or "—"


def plot(sweep: Sweep, thresholds: Sequence[Threshold] = (), path=None, *, title: str | None = None,
         path_changes: Sequence[Threshold] = ()):
    """:func:`plot_sweep` for one parameter, :func:`plot_map` for two."""
    if len(sweep.params) == 2:
        return plot_map(sweep, path, title=title)
    return plot_sweep(sweep, thresholds, path, title=title, path_changes=path_changes)


__all__ = ["PlotError", "plot", "plot_map", "plot_montecarlo", "plot_sweep"]
