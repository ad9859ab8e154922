"""The sources index, content/sources.yaml: metadata and sha256 for every source file."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import ConfigError, SourceError
from generator.model import SourceDoc
from generator.sources.files import check_source_names, inside, web_address
from generator.sources.reader import read_source
from generator.yamlfile import load_yaml

INDEX_FIELDS = {"file", "title", "publisher", "published", "reported", "url", "sha256", "note",
                "body_start", "body_end"}
"""body_start, body_end: the text the article begins and ends with, for a page that holds several
stories (a news programme's page, a portal) where fanzha cannot tell the article's body alone."""


def load_index(index_path: Path) -> dict[str, dict]:
    """The sources index as {file name: metadata}; ConfigError names file and line of a problem."""
    entries = load_yaml(index_path)
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise ConfigError(f"{index_path}: must be a list of source entries")
    index: dict[str, dict] = {}
    for entry in entries:
        line = getattr(entry, "line", 0)
        where = f"{index_path}:{line}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{index_path}: every entry must be a mapping with file and sha256")
        unknown = sorted(set(entry) - INDEX_FIELDS)
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {', '.join(unknown)}; "
                              f"known fields: {', '.join(sorted(INDEX_FIELDS))}")
        name = entry.get("file")
        if not name:
            raise ConfigError(f"{where}: entry has no `file`")
        if "/" in name or "\\" in name or name.startswith("."):
            raise ConfigError(f"{where}: `file` must be a plain file name in sources/, not {name!r}")
        if name in index:
            raise ConfigError(f"{where}: {name} is listed twice")
        if not re.fullmatch(r"[0-9a-f]{64}", entry.get("sha256", "")):
            raise ConfigError(f"{where}: {name} needs its sha256 (64 hex digits)")
        if entry.get("url") and not web_address(entry["url"]):
            raise ConfigError(f"{where}: {name}: url must be an http or https address, not {entry['url']!r}")
        index[name] = dict(entry, line=line)
    return index


def read_sources(content_dir: Path) -> list[SourceDoc]:
    """Every source under content_dir/sources, checked against content_dir/sources.yaml."""
    content_dir = Path(content_dir)
    index_path = content_dir / "sources.yaml"
    source_dir = content_dir / "sources"
    if not source_dir.is_dir():
        raise ConfigError(f"{source_dir}: no sources folder")
    index = load_index(index_path) if index_path.exists() else {}
    outside = [p for p in source_dir.iterdir() if p.is_symlink() and not inside(p, content_dir.parent)]
    if outside:  # never followed (the build refuses them earlier; `fanzha check` here)
        raise ConfigError(f"{outside[0]}: is a symbolic link out of the project; fanzha reads only the project's files")
    files = sorted(p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    check_source_names([p.name for p in files], source_dir)
    on_disk = {p.name for p in files}
    for name, entry in index.items():
        if name not in on_disk:
            raise ConfigError(f"{index_path}:{entry['line']}: {name} is listed but not in {source_dir}")
    docs = []
    for path in files:
        listed = index.get(path.name)
        if listed is None:
            raise ConfigError(f"{path}: not listed in {index_path}; add an entry with its title, "
                              f"publisher, dates and sha256")
        entry = listed
        doc = read_source(path, metadata={k: v for k, v in entry.items() if k not in ("file", "line")})
        if doc.sha256 != entry["sha256"]:
            raise SourceError(path, f"was edited after it was registered: its sha256 is {doc.sha256}, "
                                    f"{index_path}:{entry['line']} says {entry['sha256']}")
        if doc.metadata.get("url") and not web_address(doc.metadata["url"]):
            raise SourceError(path, f"front matter: url must be an http or https address, not {doc.metadata['url']!r}")
        docs.append(doc)
    return docs


def index_metadata_for(path: Path) -> dict:
    """Metadata for a file inside some project's content/sources/, if its index lists it."""
    index_path = Path(path).resolve().parent.parent / "sources.yaml"
    if not index_path.is_file():
        return {}
    try:
        entry = load_index(index_path).get(Path(path).name, {})
    except Exception:  # a broken index elsewhere must not stop extracting a file
        return {}
    return {k: v for k, v in entry.items() if k not in ("file", "line")}
