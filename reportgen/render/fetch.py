"""What WeasyPrint may load while typesetting: `data:` URIs and files inside allowed folders.

The default fetcher follows any URL a template names, `http://` and `file:///etc/…`
included. Reports are built from folders that may be anyone's, so everything else stops the
build with a message instead of being fetched.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from reportgen.errors import ReportgenError


class LocalFetcher(URLFetcher):
    """Fetch `data:` URIs and `file:` URLs whose real path lies inside one of `roots`."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=True)
        self.roots = [Path(os.path.realpath(r)) for r in roots]

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            real = Path(os.path.realpath(unquote(urlsplit(url).path)))
            if any(real == root or root in real.parents for root in self.roots) and real.is_file():
                return super().fetch(url, headers)
        raise PermissionError("only data: URIs and files inside the template folders may be loaded")


def fetch_error(exc: FatalURLFetchingError, what: str) -> ReportgenError:
    """The user's message for a URL that could not or may not be loaded."""
    reason = exc.__cause__ if exc.__cause__ is not None else exc
    return ReportgenError(f"{what}: {exc} ({reason}); a report may only load data: URIs and files inside "
                          "the template folder, never from the network or elsewhere")
