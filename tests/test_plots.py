"""Plots of sweeps: files are written, readable at README width, labelled with units."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bargain.model import load_model
from bargain.render.plots import PlotError, plot, plot_map, plot_sweep
from bargain.sensitivity import linspace, sweep, sweep2, thresholds

pytest.importorskip("matplotlib")
pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture(scope="module")
def london():
    return load_model("london-2025")


def test_sweep_plot_writes_a_readable_png(london, tmp_path):
    result = sweep(london, "china_share", linspace(0.0, 1.0, 61))
    found = thresholds(london, "china_share", grid=result)
    path = tmp_path / "share.png"
    figure = plot_sweep(result, found, path)
    width, height = png_size(path)
    assert width == 800 and 600 <= height <= 1400
    assert 20_000 < path.stat().st_size < 1_000_000
    top, middle, bottom = figure.axes[:3]
    assert bottom.get_xlabel() == "china_share (share of world rare-earth processing and magnet output)"
    assert top.get_ylabel() == "China: P(action)"
    assert bottom.get_ylabel() == "expected payoff (% of own GDP over the 12 months after the round)"
    assert figure.get_suptitle()
    # one dashed vertical line per threshold on each panel, each labelled with its value on top
    for ax in (top, middle, bottom):
        xs = [line.get_xdata()[0] for line in ax.get_lines() if line.get_gid() == "threshold"]
        assert sorted(xs) == pytest.approx(sorted(t.value for t in found))
    labels = [text.get_text() for text in top.texts if text.get_gid() == "threshold label"]
    assert labels == [f"{t.value:.4g}" for t in found]
    # every tracked equilibrium is in the legend
    legend_text = [t.get_text() for t in figure.legends[0].get_texts()]
    assert sum(text.startswith("#") for text in legend_text) == len(result.tracks)


def test_map_plot_colours_each_signature(london, tmp_path):
    result = sweep2(london, ("china_share", linspace(0.2, 1.0, 9)), ("us_shortage_cost", linspace(0.5, 3.0, 7)))
    path = tmp_path / "map.png"
    figure = plot_map(result, path)
    width, _ = png_size(path)
    assert width == 800
    ax = figure.axes[0]
    assert ax.get_xlabel() == "china_share (share of world rare-earth processing and magnet output)"
    assert ax.get_ylabel() == "us_shortage_cost (% of US GDP per year)"
    kinds = set(result.signatures)
    entries = [t.get_text() for t in figure.legends[0].get_texts()]
    assert sum("of the grid" in e for e in entries) == len(kinds)
    mesh = ax.collections[0]
    assert len(set(mesh.get_array().ravel().tolist())) == len(kinds)


def test_plot_dispatches_and_rejects_mismatches(london, tmp_path):
    one = sweep(london, "china_share", [0.7, 0.8])
    two = sweep2(london, ("china_share", [0.7, 0.8]), ("us_shortage_cost", [1.0, 2.0]))
    assert len(plot(one).axes) >= 3
    assert len(plot(two).axes) == 1
    with pytest.raises(PlotError, match="one parameter"):
        plot_sweep(two)
    with pytest.raises(PlotError, match="two parameters"):
        plot_map(one)
    with pytest.raises(PlotError, match="cannot write"):
        plot_sweep(one, path=tmp_path / "missing-dir" / "x.png")


def test_importing_bargain_does_not_import_matplotlib():
    code = "import sys, bargain, bargain.sensitivity, bargain.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------------------- overlapping equilibria, maps, trees


def test_every_equilibrium_stays_visible_where_lines_coincide(tmp_path):
    """august-deadline has 8 equilibria that share lines; each is drawn (dashed in turns) in every panel."""
    import numpy as np

    august = load_model("august-deadline")
    result = sweep(august, "china_share", linspace(0.62, 0.9, 15))
    figure = plot_sweep(result, path=tmp_path / "august.png")
    strip, *panels = figure.axes[:4]
    assert strip.get_ylabel() == "SPE path"
    for k, ax in enumerate(panels[:2]):
        for t, records in result.tracks.items():
            drawn = [line for line in ax.get_lines() if line.get_gid() == f"track {t}"]
            used = {a for r in records for a, p in enumerate(r.profile[k]) if p > 1e-12}
            assert len(drawn) >= len(used), (k, t)
    # lines shared by several equilibria are dashed in turns: same data, different dash offsets
    lines = [line for line in panels[0].get_lines() if (line.get_gid() or "").startswith("track")]
    shared = {}
    for line in lines:
        key = tuple(np.round(np.nan_to_num(np.asarray(line.get_ydata(), float), nan=-9), 9))
        shared.setdefault(key, []).append(line)
    assert any(len(group) > 1 for group in shared.values())
    for group in shared.values():
        if len(group) > 1:
            offsets = {line.get_dashes()[0] if hasattr(line, "get_dashes") else line._dash_pattern[0]
                       for line in group}
            colours = {line.get_color() for line in group}
            assert len(colours) == len(group) and len(offsets) == len(group)


def test_a_tree_sweep_marks_where_the_path_changes(tmp_path):
    august = load_model("august-deadline")
    result = sweep(august, "china_share", linspace(0.05, 0.99, 25))
    changes = thresholds(august, "china_share", grid=result, of="spe-path")
    assert len(changes) == 2
    figure = plot(result, (), tmp_path / "tree.png", path_changes=changes)
    strip = figure.axes[0]
    marks = [line.get_xdata()[0] for line in strip.get_lines() if line.get_gid() == "path change"]
    assert marks == pytest.approx([t.value for t in changes])
    texts = [t.get_text().replace("\n", " ") for t in strip.texts]
    assert len(texts) == len(changes) + 1
    assert texts[0] == changes[0].left.label() and texts[-1] == changes[-1].right.label()


def test_a_map_with_more_sets_than_colours_hatches_and_numbers_them(tmp_path):
    from dataclasses import replace

    from bargain.sensitivity import Signature

    base = sweep2(load_model("rare-earth-chicken"), ("china_share", linspace(0.7, 1.0, 4)),
                  ("us_standoff_cost", linspace(0.5, 3.0, 4)))
    players = base.players
    # sixteen points, each its own set of equilibria: more sets than the ten colours
    signatures = tuple(Signature(players, (((f"a{k}",), ("b",)),)) for k in range(len(base.points)))
    many = replace(base, signatures=signatures)
    figure = plot_map(many, tmp_path / "many.png")
    ax = figure.axes[0]
    numbers = sorted(int(t.get_text()) for t in ax.texts if t.get_gid() == "region number")
    assert numbers == list(range(1, 17))
    legend = figure.legends[0]
    patches = legend.get_patches()[:16]
    colours = [p.get_facecolor() for p in patches]
    assert len(set(colours[:10])) == 10, "the first ten sets have ten distinct colours"
    assert all(p.get_hatch() is None for p in patches[:10])
    assert all(p.get_hatch() for p in patches[10:])
    repeated = [(c, p.get_hatch()) for c, p in zip(colours, patches, strict=True)]
    assert len(set(repeated)) == 16, "colour and hatch together tell every set apart"
    entries = [t.get_text() for t in legend.get_texts()]
    assert [e.split(":")[0] for e in entries[:16]] == [str(k) for k in range(1, 17)]


def test_montecarlo_plot_draws_each_frequency_with_its_interval(tmp_path):
    import numpy as np

    from bargain.render.plots import plot_montecarlo
    from bargain.sensitivity import montecarlo

    london = load_model("london-2025")
    result = montecarlo(london, 300, seed=2)
    path = tmp_path / "mc.png"
    figure = plot_montecarlo(result, path)
    assert png_size(path)[0] == 800
    for ax, items in zip(figure.axes, (result.equilibria, result.sets), strict=True):
        shown = items[:15]
        bars = sorted(ax.patches, key=lambda bar: -bar.get_y())
        assert [bar.get_width() for bar in bars] == pytest.approx([f.frequency for f in shown])
        segments = [s for c in ax.collections for s in c.get_segments()]
        drawn = sorted((float(s[0][0]), float(s[1][0])) for s in segments)
        expected = sorted((f.low, f.high) for f in shown)
        assert np.allclose(drawn, expected, rtol=0, atol=1e-12)


def test_cli_montecarlo_plot(tmp_path):
    from click.testing import CliRunner

    from bargain.cli import cli

    path = tmp_path / "tree.png"
    result = CliRunner().invoke(cli, ["montecarlo", "august-deadline", "-n", "60", "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert png_size(path)[0] == 800
