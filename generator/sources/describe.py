"""What a new source says about itself: its title, publisher and date, each with where it was found.

`fanzha source add` proposes these for the sources.yaml entry and shows the editor where each came
from, so that nothing is taken on trust: front matter first (an editor's capture says what it
is), then the page's meta tags (og:title, article:published_time, the publisher's site name),
then the page itself (<title>, a dateline such as 日期:2024-04-08 or 2024年4月8日 near the top).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from generator.model import SourceDoc
from generator.rendering.typeset import END, RAW_TEXT, join, plain_text, segments
from generator.sources.reader import BREADCRUMB

DATE_META = ("article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date",
             "dc.date", "dcterms.created", "dcterms.date", "date", "firstpublishedtime")
TITLE_META = ("og:title", "twitter:title", "dcterms.title", "articletitle")
PUBLISHER_META = ("og:site_name", "sitename", "publisher", "dc.publisher", "contentsource", "source")

DATELINE = re.compile(
    r"(?:(?:发布|發佈|发表|發表|更新|来源|日期|时间|時間)[^0-9\n]{0,8})?"
    r"(?P<y>(?:19|20)\d{2})(?:[-/.年])(?P<m>\d{1,2})(?:[-/.月])(?P<d>\d{1,2})日?")
DATELINE_REACH = 1500
"""How far into the page's text a dateline is looked for: past the navigation to the top of the
article, not far into it (where dates are of events)."""


@dataclass(frozen=True)
class Found:
    """A proposed value and where it was found (shown to the editor to confirm)."""

    value: str
    where: str


@dataclass(frozen=True)
class Description:
    title: Found
    publisher: Found
    published: Found


NOTHING = Found("", "not found: fill it in")


def describe(doc: SourceDoc) -> Description:
    """The title, publisher and date a source gives itself, each with where it was found."""
    meta = _MetaReader.read(doc.original) if doc.path.lower().endswith((".html", ".htm", ".xhtml")) else {}
    front = {key: str(value) for key, value in doc.metadata.items() if value not in (None, "")}
    return Description(
        title=_first(("front matter `title`", front.get("title")),
                     *((f'<meta {key}>', meta.get(key)) for key in TITLE_META),
                     ("<title>", meta.get("<title>")), ("the headline at the top of the text", _first_line(doc))),
        publisher=_first(("front matter `publisher`", front.get("publisher")),
                         *((f'<meta {key}>', meta.get(key)) for key in PUBLISHER_META)),
        published=_first(("front matter `published`", _iso(front.get("published") or front.get("date"))),
                         *((f'<meta {key}>', _iso(meta.get(key))) for key in DATE_META),
                         ("the dateline of the page", _dateline(doc))),
    )


def _first(*candidates: tuple[str, str | None]) -> Found:
    for where, value in candidates:
        if value and value.strip():
            return Found(" ".join(value.split()), where)
    return NOTHING


TITLE_LINES = 5
"""How many of the text's first lines may hold its headline (under a trail and a dateline)."""


def _first_line(doc: SourceDoc) -> str:
    """The text's headline: its first line of 4–80 characters that is no "you are here" trail (the
    reader's BREADCRUMB: one longer than the reader drops may still open the body) and no dateline."""
    lines = [line.strip() for line in doc.body.text.strip().split("\n")[:TITLE_LINES]] if doc.body else []
    for line in lines:
        if 4 <= len(line) <= 80 and not BREADCRUMB.search(line) and not DATELINE.match(line):
            return line
    return ""


def _iso(value: str | None) -> str:
    """A date written any common way (2024-04-08, 2024/4/8, 2024年4月8日, 2024-04-08T15:07+08:00) as ISO."""
    if not value:
        return ""
    match = DATELINE.search(value)
    return _valid(match) if match else ""


def _dateline(doc: SourceDoc) -> str:
    """The first date near the top of the page's text (日期:2024-04-08 15:07, 2024年4月8日), read
    from the whole page: the body leaves datelines out as page furniture."""
    parts = segments(doc.original)
    body = next((i + 1 for i, part in enumerate(parts) if part.kind == END and part.name == "head"), 0)
    visible = plain_text(join(parts[body:]), gap=" ", skip=RAW_TEXT)
    text = " ".join(visible.split())[:DATELINE_REACH]
    for match in DATELINE.finditer(text):
        found = _valid(match)
        if found:
            return found
    return ""


def _valid(match: re.Match) -> str:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d"))).isoformat()
    except ValueError:
        return ""


class _MetaReader(HTMLParser):
    """<meta name|property=… content=…> and <title>, lower-cased keys, first value kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._in_title = False
        self._title: list[str] = []

    @classmethod
    def read(cls, html: str) -> dict[str, str]:
        reader = cls()
        reader.feed(html)
        reader.close()
        if reader._title:
            reader.found.setdefault("<title>", "".join(reader._title))
        return reader.found

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.found.setdefault(key, values["content"])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self._title.append(data)
