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

from reportgen.errors import ReportgenError, shorten


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
            if any(root in real.parents for root in self.roots):
                if not real.is_file():
                    raise FileNotFoundError(f"no file {real}")
                return super().fetch(url, headers)
        raise PermissionError("only data: URIs and files inside the template folders may be loaded")


def fetch_error(exc: FatalURLFetchingError, what: str) -> ReportgenError:
    """The user's message for a URL that may not, or could not, be loaded."""
    text = str(exc)
    url = text.split('"')[1] if text.count('"') >= 2 else text
    url = shorten(url, 200)
    if isinstance(exc.__cause__, PermissionError):
        return ReportgenError(f"{what}: the template refers to {url}; a report may only load data: URIs and "
                              "files inside the template folders, nothing from the network or elsewhere")
    return ReportgenError(f"{what}: the template refers to {url}, which cannot be loaded ({exc.__cause__ or exc})")
