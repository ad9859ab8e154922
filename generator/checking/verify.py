"""The check: every number in every artifact is traced, or the build fails.

Artifacts are read back with the same reader and extractor as the sources. A statistic
must equal (value, unit, qualifier) a figure that the product uses; dates and names pass as
what they are, phones only when they are the guidance's hotlines; any other number fails.
Each finding names the artifact, the content or template file and line, the number and why.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from generator.checking.meaning import meaning_problems
from generator.extraction.fold import fold
from generator.extraction.records import extract_records
from generator.extraction.spans import AGE_UNITS, CLOCK_UNITS
from generator.figures.guidance import Guidance
from generator.figures.quotes import find_quote, quote_key
from generator.figures.registry import Registry
from generator.model import Artifact, SourceDoc
from generator.rendering.typeset import plain_text
from generator.sources.mapped import _INVISIBLE
from generator.sources.reader import parse_source, plain_text_doc

PASSING_KINDS = {"date", "name", "ordinal"}
LENGTH_AND_AGE_UNITS = CLOCK_UNITS | AGE_UNITS
"""A number the extractor reads as no count in these units is a length of time or an age, and passes."""


@dataclass(frozen=True)
class Finding:
    """A number that could not be traced."""

    artifact: str
    origin: str
    """content or template file and line where the number was written, if found."""
    number: str
    problem: str

    def __str__(self) -> str:
        return f"{self.artifact}: {shown(self.number)} ({self.origin}): {self.problem}"


LAYOUT_SPACES = dict.fromkeys(map(ord, "\u2005\u2006\u2009\u200a\u200b\u00a0\u202f\u2060\u00ad"))
"""Spaces and joiners that typesetting puts between a number and its unit: never shown in a message."""


def shown(number: str) -> str:
    """A number as a message shows it: as a reader sees it, in quotation marks (“24小时”)."""
    return f"“{number.translate(LAYOUT_SPACES)}”"


MARKUP = (".html", ".xml")


class Sources:
    """The sources a page may quote, by name, each body's quote key made once and kept here: the
    Checker that owns this object keeps the keys for its build, and nothing outlives it."""

    def __init__(self, docs: Mapping[str, SourceDoc] | None = None):
        self.docs = dict(docs or {})
        self._body_keys: dict[str, str] = {}

    def get(self, name: str) -> SourceDoc | None:
        return self.docs.get(name)

    def body_key(self, doc: SourceDoc) -> str:
        """quote_key of a source's body, made once per source."""
        if doc.name not in self._body_keys:
            self._body_keys[doc.name] = quote_key(doc.body.text if doc.body else "")
        return self._body_keys[doc.name]


def verify_artifact(artifact: Artifact, registry: Registry, guidance: Guidance, templates_dir: Path,
                    sources: Sources | Mapping[str, SourceDoc] | None = None) -> tuple[list[dict], list[Finding]]:
    """The numbers of one artifact, each traced or a finding.

    Text marked data-source="FILE" in a page (a source's paragraph, a figure's quote, its
    title, a typical case) must stand verbatim in that source's body or be its title; its
    numbers are then the source's own and pass. In text read back from a PDF or card, a passage
    the page quotes (artifact.quotes) passes the same way where it stands whole, and only if it
    stands in its source: spaces, line breaks and the width of punctuation aside (quotes.py).
    An age marked <time data-age-from="…" data-age-to="…"> (how old a figure is: 16个月) passes
    when it is the whole months between its two dates.
    """
    sources = sources if isinstance(sources, Sources) else Sources(sources)
    if artifact.path.endswith(MARKUP):
        doc = parse_source(artifact.text.encode("utf-8"), Path(artifact.path), everything=True)
        spans = _spans(artifact.text)
        tagged, ages = spans.figures, spans.ages
        quoted, findings = _marked_quotes(artifact, spans.quotes, sources)
    else:  # a post's text, or text read back from a PDF or card: every line as it stands
        doc = plain_text_doc(artifact.text, artifact.path)
        tagged, ages = [], []
        quoted, findings = _read_back_quotes(artifact, sources)
    allowed = [registry.figures[i] for i in artifact.figure_ids if i in registry.figures]
    numbers = []
    within, trace = _Within(quoted), _Tracer(allowed, tagged)
    for record in extract_records(doc):
        if within(record.start):
            numbers.append({"surface": record.surface, "value": record.value, "unit": record.unit,
                            "qualifier": record.qualifier, "kind": record.kind, "offset": record.start,
                            "quoted_from_source": True})
            continue
        entry = {"surface": record.surface, "value": record.value, "unit": record.unit,
                 "qualifier": record.qualifier, "kind": record.kind, "offset": record.start}
        age = next(((start, end) for s, e, start, end in ages if s <= record.start < e), None)
        if age is not None:
            numbers.append({**entry, "age": True})
            wrong = _wrong_age(record, *age)
            if wrong:
                findings.append(Finding(artifact.path, f"templates/{artifact.template}", record.surface, wrong))
            continue
        problems = _problems(record, entry, doc, artifact, registry, allowed, trace, guidance.phone_numbers)
        numbers.append(entry)
        if problems:
            origin = _origin(record.surface, artifact, templates_dir, str(entry.get("figure", "")))
            findings += [Finding(artifact.path, origin, record.surface, problem) for problem in problems]
    return numbers, list(dict.fromkeys(findings))  # the same number said the same wrong way: one line


def _marked_quotes(artifact: Artifact, marked, sources: Sources) -> tuple[list[tuple[int, int]], list[Finding]]:
    """The spans of a page's text marked data-source="FILE" that stand in that source (its
    paragraph, anywhere in its body, or its title), and a finding for each that does not."""
    quoted, findings = [], []
    paragraphs: dict[str, set[str]] = {}  # each source's blocks: a quoted paragraph is found at once
    for start, end, source in marked:
        body = sources.get(source)
        text = _plain(artifact.text[start:end])
        if body is not None and body.body is not None and source not in paragraphs:
            paragraphs[source] = {body.body.text[b.start:b.end] for b in body.body.blocks}
        if body is not None and body.body is not None and (
                text in paragraphs[source] or text in body.body.text
                or text == str(body.metadata.get("title", "")) or _in_source(text, body, sources)):
            quoted.append((start, end))
        else:
            findings.append(Finding(artifact.path, f"templates/{artifact.template}", text[:40],
                                    f"marked as quoted from {source} but not found there verbatim"))
    return quoted, findings


def _read_back_quotes(artifact: Artifact, sources: Sources) -> tuple[list[tuple[int, int]], list[Finding]]:
    """The spans of text read back from a PDF or card where a passage the page quotes stands
    whole, and a finding for each passage that is not in its source."""
    quoted, findings = [], []
    for source, passage in artifact.quotes:
        body = sources.get(source)
        span = find_quote(artifact.text, passage)
        if body is None or body.body is None or not _in_source(passage, body, sources):
            findings.append(Finding(artifact.path, f"templates/{artifact.template}", passage[:40],
                                    f"quoted from {source} but not found there verbatim"))
        elif span is not None:
            quoted.append(span)
    return quoted, findings


def _problems(record, entry: dict, doc, artifact: Artifact, registry: Registry, allowed, trace: _Tracer,
              phones) -> list[str]:
    """What is wrong with one number of a page (nothing for a traced figure said rightly, a
    date, a name or a hotline); a traced statistic's figure and source go into its `entry`."""
    if record.kind == "statistic":
        figure = trace(record)
        if figure is None:
            return [_why_untraced(record, registry, allowed)]
        entry["figure"] = figure.id
        entry["source"] = {"file": figure.source, "start": figure.start, "end": figure.end,
                           "quote": figure.quote, "derived": figure.formula}
        return meaning_problems(record, figure, doc, artifact.date, markup=artifact.path.endswith(MARKUP))
    if record.kind != "statistic" and record.value in phones:
        return []  # a hotline, read as a phone or (a short code like 18222) as a bare number
    if record.kind == "phone" and record.value not in phones:
        return [f"phone number {record.value} is not one of the guidance's hotlines ({', '.join(sorted(phones))}); "
                f"if it is a local number of the unit, allow it by adding it under [[unit.hotlines]] in fanzha.toml "
                f"(number = \"{record.value}\", label = \"…\"; an edition's own under [[editions.NAME.hotlines]])"]
    if record.kind == "other" and fold(record.unit) in LENGTH_AND_AGE_UNITS:  # 24小時 in a zh-Hant edition
        return []  # 24小时接听, 3天内, 60岁以上: the extractor reads a length of time or an age, no count
    if record.kind not in PASSING_KINDS | {"phone"} and not _in_cited_wording(record.surface, allowed):
        return ["a number that is no registered figure, date, hotline or name"]
    return []


def age_in_months(end: date, dated: date) -> int:
    """Whole months from a period's last day to a date, as stale warnings and the site's ages
    count them (2021-12-31 to 2022-04-14: 4)."""
    return (dated.year - end.year) * 12 + dated.month - end.month


def _wrong_age(record, start: str, end: str) -> str:
    """What is wrong with a number shown as an age between two dates ("" when it is right)."""
    try:
        months = age_in_months(date.fromisoformat(start), date.fromisoformat(end))
    except ValueError:
        return f"an age marked with dates that are no dates ({start!r}, {end!r})"
    if fold(record.unit) != "个月" or record.value != str(months) or record.qualifier != "exact":
        return f"an age of {months}个月 from {start} to {end} is written {record.surface}"
    return ""


def _in_cited_wording(surface: str, allowed) -> bool:
    """A term like 一审 (first instance) passes when it stands in the quote or label of a figure the
    product cites: it is the source's own wording, not a statistic."""
    surface = fold(surface)  # a traditional-character edition says 一審 for the source's 一审
    return any(surface in fold(figure.quote) or surface in fold(figure.label) for figure in allowed)


class _Tracer:
    """The figure a statistic shows: the one its span names, else one with equal value. The
    figures are looked up by value and the spans by bisection: a page citing every figure (the
    figures explorer) made testing each figure and span for each number quadratic."""

    def __init__(self, allowed, tagged):
        self.by_value: dict[tuple[str, str, str], list] = {}
        for figure in allowed:
            self.by_value.setdefault((figure.value, fold(figure.unit), figure.qualifier), []).append(figure)
        self.tagged = sorted(tagged)
        self.starts = [start for start, _, _ in self.tagged]

    def __call__(self, record):
        same = self.by_value.get((record.value, fold(record.unit), record.qualifier), [])
        index = bisect.bisect_right(self.starts, record.start) - 1
        if index >= 0 and record.start < self.tagged[index][1]:
            figure_id = self.tagged[index][2]
            return next((f for f in same if f.id == figure_id), None)
        return same[0] if same else None


def _why_untraced(record, registry: Registry, allowed) -> str:
    """Say how close the number comes to a figure, to help the editor."""
    for figure in allowed:
        if figure.value == record.value and figure.unit == record.unit:
            return (f"qualifier {record.qualifier} differs from figure {figure.id} "
                    f"({figure.surface or figure.value}: {figure.qualifier})")
    same_value = [f for f in registry.figures.values()
                  if (f.value, f.unit, f.qualifier) == (record.value, record.unit, record.qualifier)]
    if same_value:
        return (f"equals figure {same_value[0].id}, which this product does not cite; "
                f"reference it as [[fig:{same_value[0].id}]]")
    return "no figure this product uses has this value, unit and qualifier (type figures as [[fig:ID]])"


def _origin(surface: str, artifact: Artifact, templates_dir: Path, figure_id: str = "") -> str:
    """Where the number was written: the product's Markdown or the template, with the line; for
    a figure, the line that cites it ([[fig:ID]] or [[metric:…]])."""
    candidates = [Path(artifact.content_path), Path(templates_dir) / artifact.template]
    wanted = ([f"[[fig:{figure_id}]]", f"[[fig:{figure_id}|", "[[metric:"] if figure_id else []) + [surface]
    for needle in wanted:
        for path in candidates:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                continue
            # folded: a traditional-character edition's 約3成 was written 约3成 (same positions)
            at = text.find(needle) if needle.startswith("[[") else _written_at(fold(text), fold(needle))
            if at >= 0:
                return f"{path}:{text.count(chr(10), 0, at) + 1}"
    return f"{artifact.content_path} or {Path(templates_dir) / artifact.template}"


def _written_at(text: str, surface: str) -> int:
    """Where a number is written in a product or template: not inside an id, a reference
    ([[fig:cases-solved-2021]]) or a name of letters and digits, where the same digits may stand."""
    for match in re.finditer(re.escape(surface), text):
        before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 1]
        if re.match(r"[\w.:-]", before, re.A) or re.match(r"[A-Za-z0-9_]", after):
            continue
        opened, closed = text.rfind("[[", 0, match.start()), text.rfind("]]", 0, match.start())
        if opened > closed:
            continue
        return match.start()
    return -1


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Within:
    """Whether an offset falls in one of the quoted spans, by bisection (a source page has a span
    per paragraph and a number in each: testing every span for every number was quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _, end in spans:
            self.reach.append(max(end, self.reach[-1] if self.reach else end))

    def __call__(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and self.reach[index] > offset


class _SpanFinder(HTMLParser):
    """Offsets of the contents of <span data-fig="…"> elements (a figure) and of elements
    marked data-source="FILE" (a quotation) in rendered HTML: one stack of open elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.elements: list[tuple[str, int, dict]] = []
        self.spans: list[tuple[int, int, str]] = []
        self.quotes: list[tuple[int, int, str]] = []
        self.ages: list[tuple[int, int, str, str]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.elements.append((tag, self._pos() + len(self.get_starttag_text() or ""), dict(attrs)))

    def handle_endtag(self, tag):
        while self.elements:
            name, start, attributes = self.elements.pop()
            if name == "span" and attributes.get("data-fig"):
                self.spans.append((start, self._pos(), attributes["data-fig"]))
            if attributes.get("data-source"):
                self.quotes.append((start, self._pos(), attributes["data-source"]))
            if name == "time" and attributes.get("data-age-from") and attributes.get("data-age-to"):
                self.ages.append((start, self._pos(), attributes["data-age-from"], attributes["data-age-to"]))
            if name == tag:
                break


class _Spans(NamedTuple):
    figures: list[tuple[int, int, str]]
    quotes: list[tuple[int, int, str]]
    ages: list[tuple[int, int, str, str]]


def _spans(html: str) -> _Spans:
    finder = _SpanFinder(html)
    finder.feed(html)
    finder.close()
    return _Spans(finder.spans, finder.quotes, finder.ages)


def _in_source(text: str, doc: SourceDoc, sources: Sources) -> bool:
    """The text stands in the source's body as written there, spaces, line breaks and the width
    of punctuation aside."""
    key = quote_key(text)
    return bool(key) and key in sources.body_key(doc)


def _plain(html: str) -> str:
    """The text of an HTML fragment as a reader sees it, without the quarter-em spaces the
    typesetting put between Han and Latin (the reader of sources drops them too)."""
    return _INVISIBLE.sub("", plain_text(html))
