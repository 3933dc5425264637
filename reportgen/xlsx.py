"""Workbooks that are byte-identical for the same content (fixed zip and document dates)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date


def reproducible_xlsx(data: bytes, fixed: date) -> bytes:
    """Rewrite an xlsx with fixed entry times and fixed created/modified document properties."""
    stamp = f"{fixed.isoformat()}T00:00:00Z"
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{stamp}\g<3>", text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=max((fixed.year, fixed.month, fixed.day, 0, 0, 0),
                                                              (1980, 1, 1, 0, 0, 0)))  # zip dates start in 1980
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)
    return buf.getvalue()
