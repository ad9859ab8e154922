"""The records passed between stages. Frozen dataclasses, no I/O."""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class MappedText:
    """Text with, for every character, its offset in the decoded original file.

    Readers build the body of a source as a MappedText, so any span found in the body can
    be shown at its exact place in the original (a figure's provenance).
    """

    text: str
    """The text itself."""
    offsets: array
    """offsets[i] is the index in the decoded file of text[i] (array of 'l')."""

    def __post_init__(self):
        if len(self.text) != len(self.offsets):
            raise ValueError("MappedText needs one offset per character")

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) span of the original file covered by text[start:end]."""
        if end <= start:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of a body: sentences never run across blocks."""

    start: int
    """Index of the block's first character in Body.text."""
    end: int
    """Index just past its last character."""


@dataclass(frozen=True)
class Body:
    """The readable text of a source, without markup, navigation or footers."""

    mapped: MappedText
    """The body text (blocks joined by newlines) and its map back to the original."""
    blocks: tuple[Block, ...]
    """The paragraphs and headings, in order."""
    cuts: tuple[int, ...] = ()
    """Sorted original offsets of HTML tags: a quoted sentence is cut at them."""

    @property
    def text(self) -> str:
        """The body text."""
        return self.mapped.text

    def cut_before(self, offset: int) -> int:
        """The last tag offset at or before `offset` (or -1)."""
        i = bisect.bisect_right(self.cuts, offset)
        return self.cuts[i - 1] if i else -1

    def cut_after(self, offset: int) -> int | None:
        """The first tag offset after `offset` (or None)."""
        i = bisect.bisect_right(self.cuts, offset)
        return self.cuts[i] if i < len(self.cuts) else None


@dataclass(frozen=True)
class SourceDoc:
    """A source document as read: its original text, metadata and body."""

    path: str
    """The file's path as given."""
    name: str
    """The file name, used as the source id in records (e.g. 000_500d0aa563e641de.txt)."""
    original: str
    """The decoded original file; every offset refers to this string."""
    encoding: str
    """The encoding the bytes were decoded with."""
    sha256: str
    """Hash of the file's bytes, to notice an edited source."""
    body: Body
    """The readable body."""
    metadata: dict = field(default_factory=dict)
    """Front matter or sources-index fields: title, publisher, date, url …"""
    encoding_why: str = ""
    """Why `encoding` was chosen: a byte-order mark, valid UTF-8, the declared label, detection."""
    encoding_warning: str = ""
    """Set when the file's declared encoding was wrong (it was read right in another)."""


class Token(NamedTuple):
    """A number found in one block of text (extraction/tokens.py); positions are indexes into that block."""

    start: int
    end: int
    value: str
    unit: str = ""
    qualifier: str = "exact"
    kind: str = "statistic"


class NumberRecord(NamedTuple):
    """One number found in a source, with what it is and where it stands.

    A NamedTuple rather than a dataclass: sources hold thousands of numbers, and a tuple is
    built several times faster than a frozen dataclass.
    """

    source: str
    surface: str
    """The number as written, with qualifier and measure word: 44.1万余起, 超过6500万."""
    value: str
    """Plain decimal with the magnitude applied (441000); the literal token for names/phones."""
    unit: str
    """Measure word (起 名 元 % …), never 万/亿; "" when none is written."""
    qualifier: str
    """exact | more_than | nearly | about | less_than."""
    kind: str
    """statistic | date | phone | name | ordinal | other."""
    start: int
    """Offset of the surface in the decoded original file."""
    end: int
    metric: str = ""
    period: str = ""
    period_norm: str = ""
    actor: str = ""
    sentence: str = ""
    compared_with: str = ""
    """For a change (同比上升60.4%), the period it is measured against, in normal form."""

    def as_dict(self) -> dict:
        """The record as a JSON-ready dict, in a stable field order."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}


RECORD_FIELDS = ("source", "surface", "value", "unit", "qualifier", "kind", "metric", "period",
                 "period_norm", "actor", "sentence", "start", "end", "compared_with")


@dataclass(frozen=True)
class Artifact:
    """A rendered file: where it goes, what it came from, the figures it may show."""

    path: str
    """Relative path under output/."""
    product: str
    content_path: str
    template: str
    figure_ids: tuple[str, ...]
    text: str
    """What the check reads: the HTML of a page, or the text read back from a PDF."""
    data: bytes | None = None
    """The file's bytes when it is not the text itself (a PDF)."""
    date: str = ""
    """The date of the product it shows (YYYY-MM-DD): 今年, 去年 on the page are counted from it."""
    quotes: tuple[tuple[str, str], ...] = ()
    """(source file, passage) of each passage the page quotes verbatim (a typical case): where the
    check finds one whole in the text, its numbers are that source's own."""
