"""What a build remembers in output/.fanzha-output, read without importing the renderer.

`fanzha build` first hashes every input (content, templates, fanzha.toml, fanzha's own
code); when the hash equals the last build's, nothing is redone. This module imports only
the standard library, so that answer takes a fraction of a second. The same file holds the
render keys: for each PDF or card page, a hash of the HTML it was rendered from, so that an
unchanged page's PDF and PNGs are reused instead of rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

MARKER = ".fanzha-output"
"""A file in every output directory fanzha made: it never replaces a directory without one."""
CONFIG_FILE = "fanzha.toml"
# Code whose change alters rendered bytes; a change to it invalidates every render key.
RENDER_CODE = ("rendering/pdf.py", "products/posts.py", "rendering/fonts.py")
PACKAGE = Path(__file__).resolve().parent.parent


def input_digest(content_dir: Path, templates_dir: Path) -> str:
    """One hash over every input of a build: content, templates, fanzha.toml and fanzha's code."""
    digest = hashlib.sha256()
    config = Path(content_dir).parent / CONFIG_FILE
    if config.is_file():
        digest.update(config.read_bytes() + b"\0")
    for root in (Path(content_dir), Path(templates_dir), PACKAGE):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def user_cache(kind: str) -> Path:
    """Where fanzha keeps what it can always make again, outside any project and output (the
    compact fonts): $XDG_CACHE_HOME/fanzha/KIND, by default ~/.cache/fanzha/KIND."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fanzha" / kind


def previous_build(output_dir: Path) -> dict:
    """What the last build into output_dir recorded ({} when there is none)."""
    try:
        return json.loads((Path(output_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(content_dir: Path, templates_dir: Path, output_dir: Path) -> bool:
    """True when no input changed since the last build into output_dir."""
    previous = previous_build(output_dir)
    return bool(previous) and previous.get("inputs") == input_digest(content_dir, templates_dir)


def render_key(html: str) -> str:
    """The key of one render: the HTML and the code and library versions that turn it into bytes."""
    return hashlib.sha256(_renderer_digest().encode() + html.encode("utf-8")).hexdigest()


@functools.cache
def _renderer_digest() -> str:
    from importlib.metadata import version

    digest = hashlib.sha256()
    for name in RENDER_CODE:
        digest.update((PACKAGE / name).read_bytes())
    for package in ("weasyprint", "pypdfium2", "pillow", "uharfbuzz"):
        digest.update(version(package).encode())
    from generator.rendering.fonts import compact_faces  # their names change with the installed fonts

    for face in compact_faces():
        digest.update(face.path.name.encode())
    return digest.hexdigest()
