"""What a briefing's template gets besides the figures: its sources, numbered once each.

A briefing cites many figures from a few sources. Each source is listed once, numbered in the
order it is first cited (①, ②…), and every figure carries its source's number instead of a
full citation repeated in a footnote (DESIGN-BRIEF §7.3 D; GB/T 7714 numbers sources the same
way). Circled numbers are used because the check reads "[1]" as a number it cannot trace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.figures.registry import Registry
from generator.model import SourceDoc
from generator.products.content import Product, front_matter_line
from generator.rendering.charts import ChartError
from generator.rendering.typeset import END, START, Segment, join, segments

CIRCLED = ("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + "".join(chr(c) for c in range(0x3251, 0x3260))
           + "".join(chr(c) for c in range(0x32B1, 0x32C0)))
"""①…㊿: a source's mark."""
WORD_JOINER = "\u2060"


@dataclass(frozen=True)
class SourceEntry:
    """One source in a briefing's list of sources."""

    mark: str
    number: int
    file: str
    publisher: str
    title: str
    date: str
    """As printed: 2022年3月5日."""
    url: str


class SourceNumbers:
    """The sources a briefing cites, numbered in the order of first citation.

    The template asks for a figure's mark (`mark(id)`) or a source file's (`file_mark(name)`)
    where it cites it, and prints `entries()` at the end: every source that was given a number.
    """

    def __init__(self, registry: Registry, docs: Iterable[SourceDoc] = ()):
        self.registry = registry
        self.docs = {doc.name: doc for doc in docs}
        self.order: dict[str, int] = {}

    def files_of(self, figure_id: str) -> list[str]:
        """The source files of a figure: its own, or for a calculated one those of its inputs."""
        figure = self.registry.figures[figure_id]
        if figure.derived:
            return list(dict.fromkeys(f for i in figure.inputs for f in self.files_of(i)))
        return [figure.source]

    def number(self, file: str) -> int:
        return self.order.setdefault(file, len(self.order) + 1)

    def numbers_of(self, figure_ids: Iterable[str]) -> list[int]:
        """The numbers of the figures' sources, in order, once each."""
        return sorted({self.number(file) for figure_id in figure_ids for file in self.files_of(figure_id)})

    def marks(self, figure_id: str) -> str:
        """The marks of a figure's sources as text (①, or ①② for a calculated figure)."""
        return "".join(CIRCLED[number - 1] for number in self.numbers_of([figure_id]))

    def mark(self, *figure_ids: str) -> Markup:
        """The marks of the figures' sources as links to the list of sources, once each."""
        return Markup("").join(self._link(number) for number in self.numbers_of(figure_ids))

    def file_mark(self, file: str) -> Markup:
        """A source file's mark, as a link to the list of sources (for a quoted case)."""
        return self._link(self.number(file))

    def _link(self, number: int) -> Markup:
        return Markup('<a class="src" href="#source-{}" title="来源{}">{}</a>').format(
            number, CIRCLED[number - 1], CIRCLED[number - 1])

    def mark_body(self, body: str) -> Markup:
        """The product's body with each figure followed by its sources' marks, joined to it by a
        word joiner (U+2060) so that no line starts with a mark."""
        out: list[Segment] = []
        depth, figure_id, pending = 0, "", ""
        for part in segments(str(body)):
            if pending and not (part.kind == START and 'class="calc"' in part.raw):
                out.append(Segment("other", WORD_JOINER + str(self.mark(pending))))  # after it and its （计算值）
                pending = ""
            out.append(part)
            if part.kind == START and part.name == "span":
                if depth:
                    depth += 1
                elif 'data-fig="' in part.raw:
                    figure_id, depth = part.raw.split('data-fig="', 1)[1].split('"', 1)[0], 1
                elif 'class="calc"' in part.raw:
                    figure_id, pending, depth = pending, "", 1
            elif part.kind == END and part.name == "span" and depth:
                depth -= 1
                if depth == 0:
                    pending, figure_id = figure_id, ""
        if pending:
            out.append(Segment("other", WORD_JOINER + str(self.mark(pending))))
        return Markup(join(out))

    def entries(self) -> list[SourceEntry]:
        """Every source given a number so far, in order."""
        figures = {f.source: f for f in self.registry.figures.values() if not f.derived}
        out = []
        for file, number in sorted(self.order.items(), key=lambda item: item[1]):
            doc, figure = self.docs.get(file), figures.get(file)
            meta = doc.metadata if doc is not None else {}
            published = str(meta.get("reported") or meta.get("published") or (figure.published if figure else ""))
            out.append(SourceEntry(
                mark=CIRCLED[number - 1], number=number, file=file,
                publisher=str(meta.get("publisher") or (figure.publisher if figure else "")),
                title=str(meta.get("title") or (figure.source_title if figure else "")),
                date=_chinese_date(published), url=str(meta.get("url") or "")))
        return out


def _chinese_date(iso: str) -> str:
    """2022-03-05 → 2022年3月5日 (GB/T 9704: no zero padding); anything else as it is."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return iso
    return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"


def briefing_context(registry: Registry, docs: Iterable[SourceDoc]) -> dict[str, object]:
    """What a briefing's template gets besides the usual context: `sources`."""
    return {"sources": SourceNumbers(registry, docs)}


def chart_error_line(product: Product, error: ChartError) -> int:
    """The line of a chart's refused figure in the product's front matter (after `charts:`),
    or of the `charts:` key, for the message."""
    text = product.source_text
    start_line = front_matter_line(text, "charts")
    lines = text.splitlines()
    for figure_id in error.figure_ids[::-1]:  # the figure that does not belong is named last
        for number in range(start_line, len(lines) + 1):
            if figure_id in lines[number - 1]:
                return number
    return start_line
