"""Put the report together: template, style, script, charting library and data, in one HTML file."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from .data import build_report
from .options import ReportError, ReportOptions

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _asset(name: str) -> str:
    return (resources.files("bargain.report") / name).read_text(encoding="utf-8")


def embed_json(data) -> str:
    """``data`` as JSON that can sit inside a ``<script type="application/json">`` element.

    Every ``<`` is written as ``\\u003c``, so no ``</script>`` or ``<!--`` can
    end or confuse the element; the JSON means the same.

    >>> embed_json({"a": "</script>"})
    '{"a":"\\\\u003c/script>"}'
    """
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ReportError(f"the report data cannot be written as JSON: {error}") from None
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(data: dict) -> str:
    """The report page for ``data`` (from :func:`build_report`), as one self-contained HTML document.

    Examples
    --------
    >>> import bargain
    >>> from bargain.report import build_report, render_html, ReportOptions
    >>> data = build_report(bargain.load_model("rare-earth-chicken"),
    ...                     options=ReportOptions(points=5, samples=0, map_points=0))
    >>> page = render_html(data)
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
    (True, False, False)
    """
    from . import charts

    charts.prefetch()
    model = data["model"]
    summary = _summary(data)
    values = {
        "title": html.escape(model["title"]),
        "summary": html.escape(summary),
        "kicker": html.escape(f"bargain report · {model['name']} · {model['date']}"),
        "generator": html.escape(data["generator"]),
        "style": _asset("report.css"),
        "data": embed_json(data),
        "charts": charts.javascript(),
        "script": charts.inline_script(_asset("report.js")),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("template.html"))


def _summary(data: dict) -> str:
    """One sentence under the title: how many equilibria at the chosen values, and where they change."""
    point = data["base"]["point"]
    n = len(point["eq"])
    flips = sum(len(g["thresholds"]) for g in data["grids"].values())
    movers = sum(1 for g in data["grids"].values() if g["thresholds"])
    text = f"{n} Nash equilibri{'um' if n == 1 else 'a'} at the values this report was made with"
    if point.get("spe") is not None:
        text += f" ({len(point['spe'])} subgame-perfect)"
    text += f"; {flips} flip point{'' if flips == 1 else 's'} in {movers} of {len(data['grids'])} parameters' ranges."
    return text


def write_report(model, path: str | Path, overrides=None, *, selection=None, drivers=None,
                 options: ReportOptions | None = None) -> Path:
    """Compute the report of ``model`` and write it to ``path``; returns the path.

    The charting library is bundled in the background while the numbers are computed.

    Raises
    ------
    ReportError
        When the file cannot be written.
    """
    from . import charts

    charts.prefetch()
    data = build_report(model, overrides, selection=selection, drivers=drivers, options=options)
    page = render_html(data)
    path = Path(path)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as error:
        raise ReportError(f"cannot write the report: {error.strerror or error}", source=str(path)) from None
    return path
