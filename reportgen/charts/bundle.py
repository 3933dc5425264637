"""The Vega JavaScript inlined in the interactive HTML, so the report opens offline."""

from __future__ import annotations

import functools

import vl_convert

from reportgen import cache
from reportgen.charts.convert import library_versions, vl_version


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script.

    Bundling takes vl-convert about 1.7 s, the same result every time for one vl-convert and
    Altair (whose schema version picks the Vega-Lite version), so it is kept in the cache folder
    (reportgen.cache) under their versions and reused.
    """
    name = f"vega-bundle-{library_versions()}.js"
    bundle = cache.read(name)
    if bundle is None:
        bundle = vl_convert.javascript_bundle(vl_version=vl_version())
        cache.write(name, bundle)
    return bundle
