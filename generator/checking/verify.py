"""The check: every number in every artifact is traced, or the build fails.

Artifacts are read back with the same reader and extractor as the sources. A statistic
must equal (value, unit, qualifier) a figure that the product uses; dates and names pass as
what they are, phones only when they are the guidance's hotlines; any other number fails.
Each finding names the artifact, the content or template file and line, the number and why.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from generator.extraction.records import extract_records
from generator.figures.guidance import Guidance
from generator.figures.registry import Registry
from generator.model import Artifact
from generator.rendering.typeset import plain_text
from generator.sources.mapped import _INVISIBLE
from generator.sources.reader import parse_source, plain_text_doc

PASSING_KINDS = {"date", "name", "ordinal"}


@dataclass(frozen=True)
class Finding:
    """A number that could not be traced."""

    artifact: str
    origin: str
    """content or template file and line where the number was written, if found."""
    number: str
    problem: str

    def __str__(self) -> str:
        return f"{self.artifact}: {self.number!r} ({self.origin}): {self.problem}"


MARKUP = (".html", ".xml")


def verify_artifact(artifact: Artifact, registry: Registry, guidance: Guidance,
                    templates_dir: Path, sources: dict | None = None) -> tuple[list[dict], list[Finding]]:
    """The numbers of one artifact, each traced or a finding.

    Text marked data-source="FILE" in a page (a source's paragraph, a figure's quote, its
    title) must stand verbatim in that source's body or be its title; its numbers are then
    the source's own and pass.
    """
    quoted: list[tuple[int, int]] = []
    findings = []
    paragraphs: dict[str, set[str]] = {}  # each source's blocks: a quoted paragraph is found at once
    if artifact.path.endswith(MARKUP):
        doc = parse_source(artifact.text.encode("utf-8"), Path(artifact.path), everything=True)
        spans = _spans(artifact.text)
        tagged = spans.figures
        for start, end, source in spans.quotes:
            body = (sources or {}).get(source)
            text = _plain(artifact.text[start:end])
            if body is not None and body.body is not None and source not in paragraphs:
                paragraphs[source] = {body.body.text[b.start:b.end] for b in body.body.blocks}
            if body is not None and body.body is not None and (text in paragraphs[source] or
                    text in body.body.text or text == str(body.metadata.get("title", ""))):
                quoted.append((start, end))
            else:
                findings.append(Finding(artifact.path, f"templates/{artifact.template}", text[:40],
                                        f"marked as quoted from {source} but not found there verbatim"))
    else:  # a post's text, or text read back from a PDF or card: every line as it stands
        doc = plain_text_doc(artifact.text, artifact.path)
        tagged = []
    allowed = [registry.figures[i] for i in artifact.figure_ids if i in registry.figures]
    phones = guidance.phone_numbers
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
        problem = None
        if record.kind == "statistic":
            figure = trace(record)
            if figure is None:
                problem = _why_untraced(record, registry, allowed)
            else:
                entry["figure"] = figure.id
                entry["source"] = {"file": figure.source, "start": figure.start, "end": figure.end,
                                   "quote": figure.quote, "derived": figure.formula}
        elif record.kind == "phone" and record.value not in phones:
            problem = f"phone number {record.value} is not one of the guidance's hotlines ({', '.join(sorted(phones))})"
        elif record.kind not in PASSING_KINDS | {"phone"} and not _in_cited_wording(record.surface, allowed):
            problem = "a number that is no registered figure, date, hotline or name"
        numbers.append(entry)
        if problem:
            findings.append(Finding(artifact.path, _origin(record.surface, artifact, templates_dir),
                                    record.surface, problem))
    return numbers, findings


def _in_cited_wording(surface: str, allowed) -> bool:
    """A term like 一审 (first instance) passes when it stands in the quote or label of a figure the
    product cites: it is the source's own wording, not a statistic."""
    return any(surface in figure.quote or surface in figure.label for figure in allowed)


class _Tracer:
    """The figure a statistic shows: the one its span names, else one with equal value. The
    figures are looked up by value and the spans by bisection: a page citing every figure (the
    figures explorer) made testing each figure and span for each number quadratic."""

    def __init__(self, allowed, tagged):
        self.by_value: dict[tuple[str, str, str], list] = {}
        for figure in allowed:
            self.by_value.setdefault((figure.value, figure.unit, figure.qualifier), []).append(figure)
        self.tagged = sorted(tagged)
        self.starts = [start for start, _, _ in self.tagged]

    def __call__(self, record):
        same = self.by_value.get((record.value, record.unit, record.qualifier), [])
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


def _origin(surface: str, artifact: Artifact, templates_dir: Path) -> str:
    """Where the number was written: the product's Markdown or the template, with the line."""
    candidates = [Path(artifact.content_path), Path(templates_dir) / artifact.template]
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        at = text.find(surface)
        if at >= 0:
            return f"{path}:{text.count(chr(10), 0, at) + 1}"
    return f"{artifact.content_path} or {Path(templates_dir) / artifact.template}"


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
            if name == tag:
                break


class _Spans(NamedTuple):
    figures: list[tuple[int, int, str]]
    quotes: list[tuple[int, int, str]]


def _spans(html: str) -> _Spans:
    finder = _SpanFinder(html)
    finder.feed(html)
    finder.close()
    return _Spans(finder.spans, finder.quotes)


def _plain(html: str) -> str:
    """The text of an HTML fragment as a reader sees it, without the quarter-em spaces the
    typesetting put between Han and Latin (the reader of sources drops them too)."""
    return _INVISIBLE.sub("", plain_text(html))
