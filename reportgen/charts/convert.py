"""Specs to pictures: the Vega-Lite dict, SVG and PNG through vl-convert, set in the CJK font.

Conversion only: nothing here is cached on disk (the chart stage keeps each chart's spec and SVG
in reportgen.cache, once) and no builder imports this module, so the specs stay pure.
"""

from __future__ import annotations

import functools
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import vl_convert

from reportgen.charts.style import alt

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto",
             "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/noto-cjk")


@functools.lru_cache(maxsize=1)
def vl_version() -> str | None:
    """The Vega-Lite version Altair writes, so the SVG and the HTML bundle agree with the spec."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


@functools.lru_cache(maxsize=1)
def cjk_font_directory() -> Path | None:
    """The directory holding Noto Sans CJK SC, via fontconfig or the known Debian paths.

    Looked up once a process: the chart stage asks for it in every build's cache key.
    """
    candidates: list[Path] = []
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20,
                               check=False).stdout
        files = sorted(line.split(":")[0].strip() for line in found.splitlines() if line.strip())
        candidates += [Path(f).parent for f in files if "sanscjk" in Path(f).name.lower()]
        candidates += [Path(f).parent for f in files]
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += [Path(d) for d in FONT_DIRS]
    for directory in candidates:
        if directory.is_dir() and any("cjk" in p.name.lower() for p in directory.iterdir()):
            return directory
    return None


@functools.lru_cache(maxsize=1)
def register_cjk_font() -> Path | None:
    """Register the CJK font directory with vl-convert once; None if absent (the caller warns)."""
    directory = cjk_font_directory()
    if directory is not None:
        vl_convert.register_font_directory(str(directory))
    return directory


def library_versions() -> str:
    """The installed vl-convert and Altair, which decide every SVG and the Vega-Lite version.

    Read from the package metadata, so that a cache can be looked up without importing them.
    """
    out = []
    for name in ("vl-convert-python", "altair"):
        try:
            out.append(f"{name}-{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}-x")
    return "-".join(out)


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec for vega-embed in the HTML (the tests validate every spec against the schema)."""
    return chart.to_dict(validate=False)


def to_svg(spec: dict[str, Any]) -> str:
    """A static SVG for the PDF; text stays text, set in the CJK font.

    Rendering takes vl-convert 0.1–0.3 s a chart whatever the data size, which is why the chart
    stage caches its result.
    """
    register_cjk_font()
    return vl_convert.vegalite_to_svg(spec, vl_version=vl_version())


def to_png(spec: dict[str, Any], *, scale: float = 1) -> bytes:
    """A PNG preview, for looking at a chart outside the report."""
    register_cjk_font()
    return vl_convert.vegalite_to_png(spec, vl_version=vl_version(), scale=scale)
