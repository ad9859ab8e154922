"""`fanzha new`: a new product file from a starter in templates/new/, ready to edit and build."""

from __future__ import annotations

import datetime
import json
import string
from pathlib import Path

from generator.errors import ConfigError
from generator.products.content import PRODUCT_KINDS, SLUG
from generator.yamlfile import load_yaml

KINDS = tuple(sorted(PRODUCT_KINDS.values()))
STARTER_FIGURE = "cases-solved-2021"
"""The figure a starter cites, so that it builds as it is; the first registered one if absent."""


def new_product(kind: str, name: str, content_dir: Path, templates_dir: Path, *, title: str | None = None,
                today: datetime.date | None = None) -> Path:
    """Write content/<kind>s/<name>.md from templates/new/<kind>.md; the path written."""
    if not SLUG.fullmatch(name):
        raise ConfigError(f"{name!r}: a name is lower-case letters, digits and hyphens (it becomes the file "
                          f"name and the page address), e.g. elderly-2023")
    folder = next(f for f, k in PRODUCT_KINDS.items() if k == kind)
    target = Path(content_dir) / folder / f"{name}.md"
    if target.exists():
        raise ConfigError(f"{target}: already exists; choose another name or edit that file")
    starter = Path(templates_dir) / "new" / f"{kind}.md"
    if not starter.is_file():
        raise ConfigError(f"{starter}: no starter for a {kind}")
    figure = _starter_figure(Path(content_dir) / "figures.yaml")
    today = today or datetime.date.today()
    text = string.Template(starter.read_text(encoding="utf-8")).substitute(
        title=json.dumps(title or name, ensure_ascii=False),  # a JSON string is valid YAML, whatever it holds
        date=today.isoformat(), date_text=f"{today.year}年{today.month}月{today.day}日",
        figure=figure["id"], period=figure.get("period", ""), actor=figure.get("actor", ""),
        label=figure.get("label", ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _starter_figure(path: Path) -> dict:
    entries = load_yaml(path) if path.is_file() else []
    quoted = [e for e in entries or [] if isinstance(e, dict) and "quote" in e]
    if not quoted:
        raise ConfigError(f"{path}: no registered figure for the starter to cite; register one first")
    return next((e for e in quoted if e.get("id") == STARTER_FIGURE), quoted[0])
