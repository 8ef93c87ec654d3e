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

Bundling takes one to three seconds, so :func:`prefetch` starts it in a
background thread (the bundler releases the GIL) while the report's numbers
are computed, and :func:`javascript` waits for it.
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

from .data import ReportError

#: What the bundle exposes to the page's own script: Vega-Embed, which compiles a Vega-Lite specification,
#: draws it with Vega and hands back the Vega view. (In vl-convert 1.9 the snippet's own ``vega`` and
#: ``vegaLite`` names are empty default exports, so the page uses nothing but ``vegaEmbed``.)
SNIPPET = "window.vegaEmbed = vegaEmbed;"


def _bundle() -> str:
    try:
        import vl_convert
    except ImportError:
        raise ReportError("the report needs vl-convert-python for its charts: pip install vl-convert-python") from None
    return inline_script(vl_convert.javascript_bundle(SNIPPET))


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
