"""The project's one configuration file, fanzha.toml at the project root, checked as a whole.

Every key is optional. An unknown section or key, or a value of the wrong type or form, is an
error naming the file and line; all problems are reported at once.

[site] sets the site's title, description, author and base URL. [briefing] says to whom briefings
are distributed (分送, 抄送), printed in each briefing's 报尾. [unit] says who issues the
material: its full name (printed on every product), a short name, a logo file of the project,
its local hotlines (printed with their labels and allowed by the check) and QR targets.
[editions.NAME] tables make other editions of the same material: each may override any [unit]
key and set the script (zh-Hant, zh-HK or zh-TW for a traditional-character edition).
[build] sets what one document may cost (render time and memory, pages a kind of product may
have, how deeply its Markdown may nest) and what output/ keeps that fanzha did not make.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ConfigError, did_you_mean

FILE_NAME = "fanzha.toml"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "反诈宣传资料库"
    description: str = "电信网络诈骗防范宣传资料：传单、社交媒体内容、简报和每个数字的出处。"
    base_url: str = ""
    """Where the site is served, ending in /: absolute links in the feed, sitemap and og:image.
    Empty: every link is relative and the site works from any folder."""
    author: str = "反诈宣传编辑组"


@dataclass(frozen=True)
class LocalHotline:
    """A unit's own number: printed with its label, and allowed by the check."""

    number: str
    label: str


@dataclass(frozen=True)
class QrTarget:
    """Where a QR code on the unit's material leads, and the caption under it."""

    url: str
    label: str


@dataclass(frozen=True)
class Unit:
    """Who issues the material."""

    name: str = ""
    """The full official name, on every product ("" when the project names none)."""
    short_name: str = ""
    """For cards and other small spaces."""
    logo: str = ""
    """A file of the project (path relative to the project root), never a URL; "" for none."""
    hotlines: tuple[LocalHotline, ...] = ()
    qr: tuple[QrTarget, ...] = ()


SCRIPTS = ("zh-Hans", "zh-Hant", "zh-HK", "zh-TW")
"""zh-Hans: the material as written; the others: converted with OpenCC (Traditional, Hong Kong, Taiwan)."""


@dataclass(frozen=True)
class Edition:
    """Another edition of the material: the unit it is issued by and its script."""

    name: str
    unit: Unit
    script: str = "zh-Hans"


MAX_PAGES = {"leaflet": 2, "briefing": 40}
"""Pages a document of each kind may have: an A4 leaflet is one page, a tri-fold two faces (a post's
cards have one page each, always)."""


@dataclass(frozen=True)
class BuildConfig:
    """[build]: what one document may cost, and what output/ keeps."""

    render_seconds: float = 120.0
    """Time one document's render may take (PDF, card PNGs, contact sheet); over it, it fails by name."""
    render_memory: int = 1024
    """MiB of memory one render may use beyond what its worker holds when it starts."""
    max_pages: Mapping[str, int] = field(default_factory=lambda: dict(MAX_PAGES))
    """Pages a document of each kind may have: leaflet, briefing."""
    max_nesting: int = 24
    """How deeply elements may nest in a product's Markdown, once sanitised (a table is four levels)."""
    workers: int = 0
    """Render worker processes; 0 (the default): one a CPU this process may use, at most MAX_WORKERS."""
    keep: tuple[str, ...] = ()
    """Paths in output/ (and a `publish --to` folder) that fanzha did not make and keeps, besides
    .git, CNAME and .nojekyll, which it always keeps."""


@dataclass(frozen=True)
class CheckConfig:
    stale_after: int = 24
    """Months after the end of its period that a figure cited in a product is called stale
    (a warning; fanzha build --strict fails on it)."""


@dataclass(frozen=True)
class BriefingConfig:
    """Whom a briefing is distributed to: printed in its 报尾 (GB/T 9704 版记)."""

    send_to: tuple[str, ...] = ()
    """分送: the units it is sent to."""
    copy_to: tuple[str, ...] = ()
    """抄送: the units it is copied to."""


BRIEFING_KEYS = {"send_to": "分送", "copy_to": "抄送"}


@dataclass(frozen=True)
class Settings:
    """fanzha.toml as read."""

    site: SiteConfig = SiteConfig()
    unit: Unit = Unit()
    editions: Mapping[str, Edition] = field(default_factory=dict)
    check: CheckConfig = CheckConfig()
    build: BuildConfig = BuildConfig()
    briefing: BriefingConfig = BriefingConfig()


SITE_KEYS = {"title", "description", "base_url", "author"}
UNIT_KEYS = {"name": str, "short_name": str, "logo": str, "hotlines": list, "qr": list}
EDITION_KEYS = {**UNIT_KEYS, "script": str}
EDITION_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PHONE = re.compile(r"\d{2,5}(?:[- ]\d{3,8}){0,2}")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
"""The files a unit's logo may be, and their media types (rendering/logo.py embeds them)."""
LOGO_SUFFIXES = tuple(LOGO_TYPES)
PAGE_TARGET = "{page}"
"""A QR target that is each product's own page on the site (only while [site] base_url is set)."""


def load_config(project_root: Path) -> Settings:
    """fanzha.toml beside content/, or the defaults when there is none."""
    path = Path(project_root) / FILE_NAME
    if not path.is_file():
        return Settings()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    reader = _Reader(path, text, Path(project_root))
    settings = reader.settings(data)
    if reader.errors:
        raise ConfigError("\n".join(reader.errors))
    return settings


class _Reader:
    """Reads fanzha.toml's tables into records, collecting every problem with its line."""

    def __init__(self, path: Path, text: str, root: Path):
        self.path, self.root = path, root
        self.lines = text.splitlines()
        self.errors: list[str] = []

    def error(self, table: str, key: str, problem: str, index: int = 0) -> None:
        self.errors.append(f"{self.path}:{self.line(table, key, index)}: {problem}")

    def line(self, table: str, key: str, index: int = 0) -> int:
        """The line of `key` in table `table` (its `index`-th [[array]] entry), or of the table."""
        current, seen, header_line = "", -1, 1
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            header = re.fullmatch(r"\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if header:
                current = header.group(1).replace(" ", "")
                if current == table:
                    seen += 1
                    header_line = number
                continue
            if current == table and seen == index and re.match(rf"{re.escape(key)}\s*=", line):
                return number
        return header_line

    def settings(self, data: dict[str, Any]) -> Settings:
        for section in data:
            if section not in ("site", "unit", "editions", "check", "build", "briefing") or \
                    not isinstance(data[section], dict):
                self.error(section, "", f"unknown section [{section}]; known: [site], [unit], [editions.NAME], "
                                        f"[check], [build], [briefing]")
        site = self.site(data.get("site", {}))
        unit = self.unit(data.get("unit", {}), "unit", Unit())
        editions = {name: self.edition(name, table, unit)
                    for name, table in _tables(data.get("editions", {})).items()}
        return Settings(site=site, unit=unit, editions=editions, check=self.check(data.get("check", {})),
                        build=self.build(data.get("build", {})),
                        briefing=self.briefing(data.get("briefing", {})))

    def briefing(self, table: Any) -> BriefingConfig:
        """[briefing]: send_to (分送) and copy_to (抄送), each a list of unit names."""
        if not isinstance(table, dict):
            return BriefingConfig()
        values: dict[str, tuple[str, ...]] = {}
        for key, value in table.items():
            if key not in BRIEFING_KEYS:
                self.error("briefing", key, _unknown(key, "briefing", BRIEFING_KEYS))
            elif not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                self.error("briefing", key, f"{key} ({BRIEFING_KEYS[key]}) is a list of unit names: {value!r}")
            else:
                values[key] = tuple(v.strip() for v in value)
        return BriefingConfig(**values)

    def check(self, table: Any) -> CheckConfig:
        if not isinstance(table, dict):
            return CheckConfig()
        for key in set(table) - {"stale_after"}:
            self.error("check", key, _unknown(key, "check", ("stale_after",)))
        months = table.get("stale_after", CheckConfig.stale_after)
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            self.error("check", "stale_after", f"stale_after is a whole number of months, 1 or more: {months!r}")
            return CheckConfig()
        return CheckConfig(stale_after=months)

    def build(self, table: Any) -> BuildConfig:
        """[build]: limits are positive numbers; keep is a list of relative paths inside output/."""
        if not isinstance(table, dict):
            return BuildConfig()
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key in ("render_seconds", "render_memory", "max_nesting"):
                whole = key != "render_seconds"
                if isinstance(value, bool) or not isinstance(value, int if whole else int | float) or value <= 0:
                    self.error("build", key, f"{key} must be a positive {'whole ' if whole else ''}number")
                else:
                    values[key] = value
            elif key == "workers":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    self.error("build", key, "workers must be a whole number: 1 or more, or 0 for one a CPU")
                else:
                    values[key] = value
            elif key == "max_pages":
                values[key] = self.max_pages(value)
            elif key == "keep":
                values[key] = self.keep(value)
            else:
                self.error("build", key, _unknown(key, "build", BUILD_KEYS))
        return BuildConfig(**values)

    def max_pages(self, value: Any) -> dict[str, int]:
        pages = dict(MAX_PAGES)
        if not isinstance(value, dict):
            self.error("build", "max_pages", "max_pages is a table of kinds and pages: {leaflet = 2, briefing = 40}")
            return pages
        for kind, count in value.items():
            if kind not in MAX_PAGES:
                self.error("build", "max_pages", f"max_pages: unknown kind {kind!r}; known: {', '.join(MAX_PAGES)}")
            elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
                self.error("build", "max_pages", f"max_pages.{kind} must be a whole number of pages, at least 1")
            else:
                pages[kind] = count
        return pages

    def keep(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.error("build", "keep", 'keep is a list of paths inside output/: ["README.md", "site/CNAME"]')
            return ()
        for item in value:
            parts = item.split("/")
            if not item or item.startswith("/") or any(part in ("", ".", "..") for part in parts):
                self.error("build", "keep", f"keep: {item!r} must be a relative path inside output/ (no .., no /…)")
        return tuple(value)

    def site(self, table: Any) -> SiteConfig:
        if not isinstance(table, dict):
            return SiteConfig()
        for key, value in table.items():
            if key not in SITE_KEYS:
                self.error("site", key, _unknown(key, "site", sorted(SITE_KEYS)))
            elif not isinstance(value, str):
                self.error("site", key, f"{key} must be a str")
        base_url = table.get("base_url", "")
        if isinstance(base_url, str) and base_url and not re.fullmatch(r"https?://[^\s/]+(/\S*)?/", base_url):
            self.error("site", "base_url", f"base_url must be an http(s) URL ending in /, or empty for relative "
                                           f"links: {base_url!r}")
        return SiteConfig(**{k: v for k, v in table.items() if k in SITE_KEYS and isinstance(v, str)})

    def unit(self, table: Any, where: str, base: Unit) -> Unit:
        """A [unit] table, or an edition's overrides of the project's unit."""
        if not isinstance(table, dict):
            return base
        for key, value in table.items():
            expected = (EDITION_KEYS if where != "unit" else UNIT_KEYS).get(key)
            if expected is None:
                self.error(where, key, _unknown(key, where, EDITION_KEYS if where != "unit" else UNIT_KEYS))
            elif not isinstance(value, expected):
                self.error(where, key, f"{key} must be a {'text' if expected is str else 'list of tables'}")
        values = {key: table[key] for key in ("name", "short_name") if isinstance(table.get(key), str)}
        if "name" in values and values["name"] != base.name:  # another unit: not the base's short name or logo
            values.setdefault("short_name", "")
            values.setdefault("logo", "")
        if isinstance(table.get("logo"), str):
            values["logo"] = self.logo(table["logo"], where)
        if isinstance(table.get("hotlines"), list):
            values["hotlines"] = tuple(self.hotline(item, f"{where}.hotlines", i)
                                       for i, item in enumerate(table["hotlines"]))
        if isinstance(table.get("qr"), list):
            values["qr"] = tuple(self.qr(item, f"{where}.qr", i) for i, item in enumerate(table["qr"]))
        return Unit(**{**base.__dict__, **values})

    def logo(self, value: str, where: str) -> str:
        path = (self.root / value).resolve()
        if re.match(r"[a-z][a-z0-9+.-]*:", value, re.I):
            self.error(where, "logo", f"logo must be a file of the project, not a URL: {value!r}")
        elif not path.is_relative_to(self.root.resolve()) or not path.is_file():
            self.error(where, "logo", f"logo {value!r} is not a file inside the project")
        elif path.suffix.lower() not in LOGO_SUFFIXES:
            self.error(where, "logo", f"logo must be {', '.join(LOGO_SUFFIXES)}: {value!r}")
        return value

    def hotline(self, item: Any, table: str, index: int) -> LocalHotline:
        number, label = self.pair(item, table, index, ("number", "label"))
        if number and not PHONE.fullmatch(number):
            self.error(table, "number", f"number {number!r} is not a phone number (digits, - or spaces)", index)
        return LocalHotline(number, label)

    def qr(self, item: Any, table: str, index: int) -> QrTarget:
        url, label = self.pair(item, table, index, ("url", "label"))
        if url and url != PAGE_TARGET and not re.fullmatch(r"https?://[^\s/]+\S*", url):
            self.error(table, "url", f"url must be an http(s) address, or {PAGE_TARGET} for the product's page "
                                     f"on the site: {url!r}", index)
        return QrTarget(url, label)

    def pair(self, item: Any, table: str, index: int, keys: tuple[str, str]) -> tuple[str, str]:
        """The two required text fields of an [[array]] entry."""
        if not isinstance(item, dict):
            self.error(table, "", f"[[{table}]] entries are tables with {' and '.join(keys)}", index)
            return "", ""
        for key in set(item) - set(keys):
            self.error(table, key, _unknown(key, f"[{table}]", keys), index)
        values = []
        for key in keys:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                self.error(table, key if key in item else "", f"[[{table}]] needs {key} (a text)", index)
                value = ""
            values.append(value.strip())
        return values[0], values[1]

    def edition(self, name: str, table: dict[str, Any], unit: Unit) -> Edition:
        where = f"editions.{name}"
        if not EDITION_NAME.fullmatch(name):
            self.error(where, "", f"edition name {name!r}: lower-case letters, digits and hyphens "
                                  f"(it becomes the folder output/editions/{name}/)")
        script = table.get("script", "zh-Hans")
        if script not in SCRIPTS:
            self.error(where, "script", f"script must be one of {', '.join(SCRIPTS)}: {script!r}")
        return Edition(name=name, unit=self.unit({k: v for k, v in table.items() if k != "script"}, where, unit),
                       script=script if script in SCRIPTS else "zh-Hans")


BUILD_KEYS = ("render_seconds", "render_memory", "max_pages", "max_nesting", "workers", "keep")


def _unknown(key: str, table: str, known) -> str:
    """"unknown key 'nmae' in [editions.tw]; did you mean 'name'? (known: …)" """
    return f"unknown key {key!r} in [{table}]{did_you_mean(key, known)} (known: {', '.join(known)})"


def _tables(value: Any) -> dict[str, dict[str, Any]]:
    return {name: table for name, table in value.items() if isinstance(table, dict)} if isinstance(value, dict) else {}
