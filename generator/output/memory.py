"""What a build remembers for the next one, and the one scheme of keys it is remembered by.

`fanzha build` first hashes every input (content, templates, fanzha.toml, fanzha's own
code); when the hash equals the last build's, nothing is redone. This module imports only
the standard library, so that answer takes a fraction of a second.

Otherwise a build reuses what did not change: a page's PDF and PNGs, an artifact's check, a
text's X length. Each is remembered under a key from Keys: a hash of what it is made from and
of everything that makes it (fanzha's whole code, the versions of the libraries that draw,
read and count, and the fonts), so a change to any of them is never answered from memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MARKER = ".fanzha-output"
"""A file in every output directory fanzha made: it never replaces a directory without one."""
CONFIG_FILE = "fanzha.toml"
PACKAGE = Path(__file__).resolve().parent.parent
"""fanzha's code: every module of it is an input of every build."""
LIBRARIES = ("weasyprint", "pypdfium2", "pillow", "uharfbuzz", "twitter-text-parser", "jinja2", "markdown", "nh3")
"""The libraries whose version changes what a build makes."""


def input_digest(content_dir: Path, templates_dir: Path) -> str:
    """One hash over every input of a build: content, templates, fanzha.toml and fanzha's code."""
    digest = hashlib.sha256()
    for _root, name, data in _inputs(content_dir, templates_dir):
        digest.update(data + b"\0" if name is None else name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def input_hashes(content_dir: Path, templates_dir: Path) -> dict[str, str]:
    """The sha256 of every input of a build, by path: taken when a build starts and again before it
    replaces output/, so that an input saved during the build stops it instead of publishing a mix."""
    return {str(root if name is None else root / name): hashlib.sha256(data).hexdigest()
            for root, name, data in _inputs(content_dir, templates_dir)}


def _inputs(content_dir: Path, templates_dir: Path) -> Iterator[tuple[Path, str | None, bytes]]:
    """(root, name under it, bytes) of every input: fanzha.toml (name None), then every file of
    content/, templates/, editions/ and fanzha's code.

    A symbolic link is an input by where it leads; its file is read only when that is inside the
    project (the build refuses the others before reading anything)."""
    config = Path(content_dir).parent / CONFIG_FILE
    if config.is_file():
        yield config, None, config.read_bytes()
        yield from _logos(config)
    editions = Path(content_dir).parent / "editions"  # editions/NAME/: each edition's own content
    for root in (Path(content_dir), Path(templates_dir), *((editions,) if editions.is_dir() else ()), PACKAGE):
        inside = (root.resolve(), root.parent.resolve())
        for path in sorted(root.rglob("*")):
            if "__pycache__" in path.parts:
                continue
            name = str(path.relative_to(root))
            if path.is_symlink() and not any(path.resolve().is_relative_to(place) for place in inside):
                yield root, name, b"symbolic link to " + os.fsencode(os.readlink(path))
            elif path.is_file():
                yield root, name, path.read_bytes()
            elif not path.is_dir():  # a named pipe: never read (it would block); the build refuses it
                yield root, name, b"not a regular file"


def _logos(config: Path) -> Iterator[tuple[Path, str | None, bytes]]:
    """The logo files fanzha.toml names ([unit] and each edition's logo) that are files of the
    project: inputs wherever in the project they lie (fanzha.toml itself is checked later)."""
    import tomllib

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    editions = data.get("editions")
    tables = [data.get("unit")] + (list(editions.values()) if isinstance(editions, dict) else [])
    root = config.parent.resolve()
    names = sorted({t["logo"] for t in tables if isinstance(t, dict) and isinstance(t.get("logo"), str) and t["logo"]})
    for name in names:
        path = (root / name).resolve()
        if path.is_relative_to(root) and path.is_file():
            yield root, f"logo:{name}", path.read_bytes()


class Keys:
    """The one scheme of keys for what a build reuses from the last: kind, the parts it is made
    from, and the digest of the code, libraries and fonts that make it."""

    def __init__(self, extra: Iterable[str] = ()):
        digest = hashlib.sha256()
        for path in sorted(PACKAGE.rglob("*.py")):
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
        for library in LIBRARIES:
            digest.update(f"{library}={_version(library)}\0".encode())
        for part in extra:  # the compact fonts' file names, which change with the installed fonts
            digest.update(part.encode() + b"\0")
        self.code = digest.hexdigest()

    def key(self, kind: str, *parts: str) -> str:
        """The key of one thing of `kind` made from `parts`."""
        digest = hashlib.sha256(f"{self.code}\0{kind}".encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()


def _version(library: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # not needed when nothing changed

    try:
        return version(library)
    except PackageNotFoundError:
        return "-"


@dataclass(frozen=True)
class RenderEntry:
    """A page rendered by an earlier build: its key and the files made of it."""

    key: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    """What the last build read: shown again when nothing changed."""

    sources: int = 0
    numbers: int = 0
    statistics: int = 0
    figures: int = 0


@dataclass(frozen=True)
class BuildMemory:
    """What a build left in output/.fanzha-output for the next one."""

    inputs: str = ""
    """input_digest() of the build."""
    counts: Counts = Counts()
    renders: Mapping[str, RenderEntry] = field(default_factory=dict)
    """By page path (leaflets/x.html, posts/x/cards.html): the render key and the files made."""
    x_lengths: Mapping[str, int] = field(default_factory=dict)
    """X's weighted length of each text, by key."""
    warnings: tuple[str, ...] = ()
    """The products' warnings (stale figures): fanzha build --strict fails on them even when
    nothing changed."""

    @classmethod
    def read(cls, output_dir: Path) -> BuildMemory:
        """What the last build into output_dir left (an empty memory when there is none or it is unreadable)."""
        try:
            data = json.loads((Path(output_dir) / MARKER).read_text(encoding="utf-8"))
            return cls(inputs=str(data["inputs"]), counts=Counts(**data["counts"]),
                       renders={path: RenderEntry(entry["key"], tuple(entry["files"]))
                                for path, entry in data["renders"].items()},
                       x_lengths={str(k): int(v) for k, v in data["x_lengths"].items()},
                       warnings=tuple(str(w) for w in data["warnings"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "inputs": self.inputs, "counts": self.counts.__dict__,
            "renders": {path: {"key": e.key, "files": list(e.files)} for path, e in sorted(self.renders.items())},
            "x_lengths": dict(sorted(self.x_lengths.items())),
            "warnings": list(self.warnings),
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def up_to_date(content_dir: Path, templates_dir: Path, output_dir: Path) -> bool:
    """True when no input changed since the last build into output_dir."""
    previous = BuildMemory.read(output_dir)
    return bool(previous.inputs) and previous.inputs == input_digest(content_dir, templates_dir)
