"""The project's one configuration file, fanzha.toml at the project root, checked as a whole.

Every key is optional. An unknown section or key, or a value of the wrong type or form, is an
error naming the file and line; all problems are reported at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError

FILE_NAME = "fanzha.toml"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "反诈宣传资料库"
    description: str = "电信网络诈骗防范宣传资料：传单、社交媒体内容、简报和每个数字的出处。"
    base_url: str = ""
    """Where the site is served, ending in /: absolute links in the feed, sitemap and og:image.
    Empty: every link is relative and the site works from any folder."""
    author: str = "反诈宣传编辑组"


FIELDS = {"site": {"title": str, "description": str, "base_url": str, "author": str}}


def load_config(project_root: Path) -> SiteConfig:
    """fanzha.toml beside content/, or the defaults when there is none."""
    path = Path(project_root) / FILE_NAME
    if not path.is_file():
        return SiteConfig()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    errors = []
    for section, values in data.items():
        if section not in FIELDS or not isinstance(values, dict):
            errors.append(f"{path}:{_line(text, f'[{section}]')}: unknown section [{section}]; "
                          f"known: {', '.join(f'[{s}]' for s in FIELDS)}")
            continue
        for key, value in values.items():
            expected = FIELDS[section].get(key)
            if expected is None:
                errors.append(f"{path}:{_line(text, key)}: unknown key {key!r} in [{section}]; "
                              f"known: {', '.join(FIELDS[section])}")
            elif not isinstance(value, expected):
                errors.append(f"{path}:{_line(text, key)}: {key} must be a {expected.__name__}")
    site = data.get("site", {}) if isinstance(data.get("site"), dict) else {}
    base_url = site.get("base_url", "")
    if isinstance(base_url, str) and base_url and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?/", base_url):
        errors.append(f"{path}:{_line(text, 'base_url')}: base_url must be an http(s) URL ending in /, "
                      f"or empty for relative links: {base_url!r}")
    if errors:
        raise ConfigError("\n".join(errors))
    return SiteConfig(**{k: v for k, v in site.items() if k in FIELDS["site"]})


def _line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(key):
            return number
    return 1
