"""The project's own files: what a build may read, and names that are safe to publish.

A build reads the content and templates folders and fanzha.toml, nothing else. A symbolic
link in them that leads outside the project (the folder of fanzha.toml, or the templates
folder), or nowhere, is refused before anything is read: it is never followed, so a link to
/etc/passwd cannot become a published source page. Source file names become the names of
published pages (sources/NAME.html), so they are checked too: letters, digits, `.`, `_` and
`-` only (Chinese letters included), not too long for a file system, and no two sources whose
pages would have the same name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.errors import ConfigError

SAFE_NAME = re.compile(r"\w[\w.-]*")
"""A source's file name: no spaces, quotes, #, ?, slashes or control characters."""
MAX_NAME_BYTES = 150
"""Its length in UTF-8: the site's page for it (NAME.html) and its -print/-trifold kin must stay
under the 255 bytes a file name may have."""


def refuse_links_outside(folders: Iterable[Path], project: Iterable[Path], files: Iterable[Path] = ()) -> None:
    """Every symbolic link under `folders` (and each of `files` that is one) must lead to an
    existing place inside one of `project`; and everything there is a file or a folder (reading
    a named pipe or a device would wait forever)."""
    places = [Path(place).resolve() for place in project]
    links = [Path(path) for path in files if Path(path).is_symlink()]
    problems = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):  # does not follow links to folders
            links += [Path(root) / name for name in sorted(dirs + names) if (Path(root) / name).is_symlink()]
            problems += [f"{Path(root) / name}: is not a regular file (a named pipe, socket or device); "
                         f"fanzha reads only files: remove it" for name in sorted(names)
                         if not (Path(root) / name).is_symlink() and not (Path(root) / name).is_file()]
    for path in links:
        target = path.resolve()
        if not target.exists():
            problems.append(f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist")
        elif not any(target == place or target.is_relative_to(place) for place in places):
            problems.append(f"{path}: is a symbolic link to {target}, outside the project; fanzha reads "
                            f"only the project's own files (copy the file into the project instead)")
    if problems:
        raise ConfigError("\n".join(problems))


def inside(path: Path, place: Path) -> bool:
    """True when `path`, with every link in it followed, is `place` or under it."""
    target, place = Path(path).resolve(), Path(place).resolve()
    return target == place or target.is_relative_to(place)


URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)


def web_address(value: object) -> bool:
    """True for an http or https address (a link on the site may lead nowhere else: no javascript:)."""
    return isinstance(value, str) and URL.fullmatch(value.strip()) is not None


def check_source_names(names: Iterable[str], folder: Path) -> None:
    """Source file names that are safe as page names, and no two that give the same page."""
    problems: list[str] = []
    pages: dict[str, str] = {}
    for name in sorted(names):
        if not SAFE_NAME.fullmatch(name) or name.startswith(".") or len(name.encode()) > MAX_NAME_BYTES:
            shown = name if name.isprintable() else repr(name)
            problems.append(f"{folder}/{shown}: a source's file name becomes the name of its page on the site: "
                            f"use letters, digits, '.', '_' and '-' only, at most {MAX_NAME_BYTES} bytes")
            continue
        page = Path(name).stem
        if page in pages:
            problems.append(f"{folder / name}: its site page sources/{page}.html would overwrite that of "
                            f"{folder / pages[page]}; rename one of them")
        pages.setdefault(page, name)
    if problems:
        raise ConfigError("\n".join(problems))
