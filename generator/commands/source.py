"""`fanzha source add PATH|URL`: a new release into the project, its bytes unchanged.

The file is stored as content/sources/NNN_HASH.EXT (NNN the next number, HASH the first 16 hex
digits of its sha256, EXT .html, .txt or .md as the file or the server says), its entry is
appended to content/sources.yaml with the title, publisher and date the page gives (each shown
with where it was found, for the editor to confirm), and the statistics found are printed as
draft figures.yaml entries. A URL is fetched only here, never during a build: http and https
only, at most MAX_SOURCE_BYTES, with a timeout. Nothing is written unless the source can be read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError, SourceError
from generator.sources.describe import Description, describe
from generator.sources.reader import MAX_SOURCE_BYTES, parse_source

TIMEOUT_SECONDS = 20
SUFFIXES = {".html": ".html", ".htm": ".html", ".xhtml": ".html", ".txt": ".txt", ".md": ".md",
            ".markdown": ".md"}
CONTENT_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                 "text/markdown": ".md"}
NUMBERED = re.compile(r"(\d{3,})_")


@dataclass(frozen=True)
class Added:
    """What `source add` did: the stored file, its index entry's text and what it proposes."""

    path: Path
    sha256: str
    url: str
    description: Description
    entry: str


def add_source(target: str, content_dir: Path) -> Added:
    """Store one source (a file path or an http(s) URL) in content_dir; see the module's text."""
    content_dir = Path(content_dir)
    folder, index = content_dir / "sources", content_dir / "sources.yaml"
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no sources folder (run this in a fanzha project, or give --content)")
    url = target if re.match(r"[a-z][a-z0-9+.-]*://", target, re.I) else ""
    data, suffix = _download(url) if url else _read_file(Path(target))
    sha = hashlib.sha256(data).hexdigest()
    _refuse_duplicate(target, sha, folder)
    name = f"{_next_number(folder):03d}_{sha[:16]}{suffix}"
    try:
        doc = parse_source(data, folder / name)  # unreadable: nothing written
    except SourceError as exc:
        raise SourceError(target, exc.problem, exc.line) from None
    description = describe(doc)
    entry = _entry(name, description, url, sha)
    _write_new(folder / name, data)
    with index.open("a", encoding="utf-8") as handle:
        if index.stat().st_size and not index.read_bytes().endswith(b"\n"):
            handle.write("\n")
        handle.write(entry)
    return Added(folder / name, sha, url, description, entry)


def _read_file(path: Path) -> tuple[bytes, str]:
    if not path.is_file():
        raise SourceError(path, "is not a file")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(path, f"is larger than {MAX_SOURCE_BYTES // 2**20} MiB")
    suffix = SUFFIXES.get(path.suffix.lower())
    if suffix is None:
        raise SourceError(path, f"a source must be .html, .txt or .md, not {path.suffix or 'a file without one'}")
    return path.read_bytes(), suffix


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Redirects are followed only to http and https addresses."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not re.match(r"https?://", newurl, re.I):
            raise urllib.error.URLError(f"redirected to {newurl!r}, which is not http or https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str) -> tuple[bytes, str]:
    """The bytes at an http(s) URL, as sent (no decoding), and the suffix its type calls for."""
    if not re.match(r"https?://[^\s/?#]+", url, re.I):
        raise SourceError(url, "only http and https addresses can be fetched")
    opener = urllib.request.build_opener(_HttpOnly())
    request = urllib.request.Request(url, headers={"User-Agent": "fanzha source add"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_SOURCE_BYTES + 1)
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise SourceError(url, f"the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(url, f"cannot be fetched: {reason}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(url, f"is larger than {MAX_SOURCE_BYTES // 2**20} MiB; not stored")
    suffix = SUFFIXES.get(Path(urllib.request.url2pathname(url.split("?")[0])).suffix.lower())
    return data, suffix or CONTENT_TYPES.get(kind, ".html")


def _refuse_duplicate(target: str, sha: str, folder: Path) -> None:
    for existing in sorted(folder.iterdir()):
        if existing.is_file() and hashlib.sha256(existing.read_bytes()).hexdigest() == sha:
            raise SourceError(target, f"is already in the project as {existing} (the same bytes); not added again")


def _next_number(folder: Path) -> int:
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := NUMBERED.match(p.name))]
    return max(numbers, default=-1) + 1


def _write_new(path: Path, data: bytes) -> None:
    """Write the file whole or not at all (a half-written source would fail its sha256)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _entry(name: str, found: Description, url: str, sha: str) -> str:
    """The sources.yaml entry, each proposed value with a comment saying where it came from."""
    def field(key: str, value: str, where: str) -> str:
        note = f"  # from {where}: confirm" if value else "  # EDITOR: not found, fill it in"
        return f"  {key}: {json.dumps(value, ensure_ascii=False)}{note}\n"

    return (f"- file: {name}\n"
            + field("title", found.title.value, found.title.where)
            + field("publisher", found.publisher.value, found.publisher.where)
            + field("published", found.published.value, found.published.where)
            + f"  reported: {json.dumps(found.published.value)}"
              f"  # EDITOR: the date the figures were released (去年, 截至目前 count from it)\n"
            + f"  url: {json.dumps(url, ensure_ascii=False)}\n"
            + f"  sha256: {sha}\n")
