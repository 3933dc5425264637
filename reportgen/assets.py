"""Files the config names (the logo, the template folder), resolved once at the edge.

A configured path is relative to the config file's folder and must stay inside it after
every symbolic link is followed: a shared data folder must not make a build read
`../secret.png` or a `logo.png` that links to `/etc/shadow`. A logo must be an image by its
content, not by its name, and small enough to embed.
"""

from __future__ import annotations

import base64
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from reportgen.config import Config
from reportgen.errors import InputError, Problem

MAX_LOGO_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Assets:
    logo: str | None  # a data: URI, so the HTML stays self-contained
    template_dir: Path | None


def inside(folder: Path, relative: str) -> Path:
    """`relative` resolved under `folder`; ValueError when it leads outside (links followed)."""
    base = Path(os.path.realpath(folder))
    target = Path(os.path.realpath(base / relative))
    if target != base and base not in target.parents:
        raise ValueError(f"{relative} leads outside {base}; keep it inside the config file's folder")
    return target


def _image_type(data: bytes) -> str | None:
    """The MIME type of a PNG, JPEG or SVG image judged by its bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        import io

        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as img:
                img.verify()
                return {"PNG": "image/png", "JPEG": "image/jpeg"}.get(img.format)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    return "image/svg+xml" if root.tag.rsplit("}", 1)[-1] == "svg" else None


def _logo(relative: str, folder: Path) -> str:
    path = inside(folder, relative)
    if not path.is_file():
        raise ValueError(f"{path} is not a file")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise ValueError(f"{path} has {size:,} bytes; a logo may have at most {MAX_LOGO_BYTES:,}")
    data = path.read_bytes()
    mime = _image_type(data)
    if mime is None:
        raise ValueError(f"{path} is not a PNG, JPEG or SVG image (judged by its content)")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def resolve_assets(config: Config, folder: Path, file: str = "reportgen.toml") -> Assets:
    """Check and load what the config names; raise InputError listing every problem."""
    problems: list[Problem] = []
    logo = template_dir = None
    if config.organisation.logo:
        try:
            logo = _logo(config.organisation.logo, folder)
        except (ValueError, OSError) as exc:
            problems.append(Problem(file, None, None, f"key organisation.logo: {exc}"))
    if config.templates is not None:
        try:
            template_dir = inside(folder, config.templates)
            if not template_dir.is_dir():
                raise ValueError(f"{template_dir} is not a folder")
        except ValueError as exc:
            problems.append(Problem(file, None, None, f"key templates: {exc}"))
    if problems:
        raise InputError(problems)
    return Assets(logo, template_dir)
