"""The charting library of the report page: Vega and Vega-Lite, inlined from ``vl-convert-python``.

Why Vega-Lite, and why from vl-convert
--------------------------------------
The page must work offline, with every script inlined, within 5 MB. Measured
on the packages available: plotly's ``plotly.min.js`` alone is 4.8 MB, which
leaves almost nothing of the budget for the data; Bokeh's inlined resources are
1.3 MB and more with widgets, draw on a canvas (so a chart is an opaque
picture to a screen reader) and are driven from Python objects, which makes
updating a chart from the page's own sliders awkward. Vega-Lite charts are
small JSON specifications that the page builds from its own data; Vega draws
them as SVG with an ``aria-label`` from the specification's description, and a
named dataset can be swapped from JavaScript (``view.data(name, rows)``) when a
slider moves. Vega-Embed puts a chart in the page (with its export menu turned
off, so no link leads off the page), gives hover tooltips and returns the Vega
view the page updates. ``vl-convert-python``, maintained by the Vega project, carries
Vega, Vega-Lite and their dependencies inside its wheel and bundles them
offline into one script (``vl_convert.javascript_bundle``) -- the route
Altair takes to save charts with ``inline=True``. Vega, Vega-Lite and
Vega-Embed together come to about 0.9 MB; nothing is vendored in this repository and nothing is
fetched from a CDN.

Bundling takes two to four seconds on a busy machine. The bundle depends only
on the installed vl-convert, so it is kept in a cache file
(``$BARGAIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/bargain``, else
``~/.cache/bargain``) named after the vl-convert version and the snippet; the
cache is only a speed-up, and a cache that cannot be read or written is
ignored. When there is no cached bundle, :func:`prefetch` starts the bundling
in a background thread (the bundler releases the GIL) while the report's
numbers are computed, and :func:`javascript` waits for it.
"""

from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

from .options import ReportError

#: What the bundle exposes to the page's own script: Vega-Embed, which compiles a Vega-Lite specification,
#: draws it with Vega and hands back the Vega view. (In vl-convert 1.9 the snippet's own ``vega`` and
#: ``vegaLite`` names are empty default exports, so the page uses nothing but ``vegaEmbed``.)
SNIPPET = "window.vegaEmbed = vegaEmbed;"


def cache_dir() -> Path:
    """Where the bundled charting library is cached.

    >>> cache_dir().name
    'bargain'
    """
    chosen = os.environ.get("BARGAIN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bargain"


def _bundle() -> str:
    try:
        import vl_convert
    except ImportError:
        raise ReportError("the report needs vl-convert-python for its charts: pip install vl-convert-python") from None
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("vl-convert-python")
    except PackageNotFoundError:  # pragma: no cover - imported, so installed
        release = "unknown"
    key = hashlib.sha256(f"{release}\n{SNIPPET}".encode()).hexdigest()[:16]
    path = cache_dir() / f"vega-embed-{release}-{key}.js"
    try:
        cached = path.read_text(encoding="utf-8")
        if "window.vegaEmbed" in cached[-500:]:  # written whole (by rename), but check anyway
            return cached
    except (OSError, UnicodeDecodeError):
        pass
    code = inline_script(vl_convert.javascript_bundle(SNIPPET))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(code, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
    return code


@cache
def _pending() -> Future:
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bargain-charts")
    future = executor.submit(_bundle)
    executor.shutdown(wait=False)
    return future


def prefetch() -> None:
    """Start bundling the charting library in the background (once per process)."""
    _pending()


def javascript() -> str:
    """The bundled Vega and Vega-Lite, ready to inline in a ``<script>`` element (cached per process)."""
    return _pending().result()


def inline_script(code: str) -> str:
    """``code`` made safe to place between ``<script>`` and ``</script>``.

    ``</script`` and ``<!--`` cannot occur inside a script element; where they
    occur in JavaScript (in a string or a regular expression) an escaped ``<``
    means the same.

    >>> inline_script('s = "</script>"; t = "<!--"')
    's = "<\\\\/script>"; t = "\\\\x3C!--"'
    """
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "\\x3C!--")
