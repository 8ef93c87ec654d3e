"""A self-contained, offline HTML report of a model: sources, equilibria, sliders and charts in one file.

``bargain report MODEL -o page.html`` (or :func:`write_report`) writes one HTML
file that makes no request to any server: its style, its script, the charting
library (Vega and Vega-Lite, bundled from ``vl-convert-python``; see
:mod:`bargain.report.charts` for why) and the data are all inside it.

The work is split in three:

* :func:`build_report` computes everything the page shows, as JSON-ready data
  (:mod:`bargain.report.data` documents the layout, why the sliders move over
  precomputed grids, and the slots for selection and drivers results);
* :func:`render_html` puts the data, ``template.html``, ``report.css``,
  ``report.js`` and the charting library together;
* :func:`write_report` does both and writes the file.

Examples
--------
>>> import bargain
>>> from bargain.report import build_report, ReportOptions
>>> data = build_report(bargain.load_model("rare-earth-chicken"),
...                     options=ReportOptions(points=11, samples=200, map_points=5))
>>> data["model"]["name"], data["map"]["params"], data["montecarlo"]["samples"]
('rare-earth-chicken', ['china_share', 'china_standoff_cost'], 200)
"""

from __future__ import annotations

from .data import SCHEMA, ReportError, ReportOptions, build_report
from .page import render_html, write_report

__all__ = ["SCHEMA", "ReportError", "ReportOptions", "build_report", "render_html", "write_report"]
