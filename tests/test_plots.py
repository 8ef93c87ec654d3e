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
    labels = [text.get_text() for text in top.texts]
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
