"""What a briefing's template gets besides the figures: its sources, numbered once each, and
its sections' numbers.

A briefing cites many figures from a few sources. Each source is listed once, numbered in the
order it is first cited (①, ②…), and every figure carries its source's number instead of a
full citation repeated in a footnote (DESIGN-BRIEF §7.3 D; GB/T 7714 numbers sources the same
way). Circled numbers are used because the check reads "[1]" as a number it cannot trace.
The same numbers make a chart's source line (its caption). The body's sections are numbered
一、二、三… here too, as the template goes on numbering its own; the front matter is checked in
products/briefing_front_matter.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.extraction.periods import chinese_date
from generator.figures.quotes import quote_key
from generator.figures.registry import Registry
from generator.model import SourceDoc
from generator.rendering.typeset import END, START, Segment, join, segments

CIRCLED = ("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + "".join(chr(c) for c in range(0x3251, 0x3260))
           + "".join(chr(c) for c in range(0x32B1, 0x32C0)))
"""①…㊿: a source's mark."""
WORD_JOINER = "\u2060"
CALCULATED = {"difference": "增减数", "sum": "合计", "share": "占比", "ratio": "倍数"}
"""What a calculated figure is called in a chart's source line (a percent change: 增幅 or 降幅)."""


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
    title_in_source: bool = False
    """The title stands in the source's text (spaces and the width of punctuation aside): it is
    printed as a quotation, so the check reads its numbers as the source's own in the PDF too."""


class SourceNumbers:
    """The sources a briefing cites, numbered in the order of first citation.

    The template asks for a figure's mark (`mark(id)`) or a source file's (`file_mark(name)`)
    where it cites it, and prints `entries()` at the end: every source that was given a number.
    """

    def __init__(self, registry: Registry, docs: Iterable[SourceDoc] = ()):
        self.registry = registry
        self.docs = {doc.name: doc for doc in docs}
        self.order: dict[str, int] = {}
        self._keys: dict[str, str] = {}

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
        return [self.entry(file) for file, _ in sorted(self.order.items(), key=lambda item: item[1])]

    def entry(self, file: str) -> SourceEntry:
        """A source as listed: its number (given now if it has none), publisher, title and date,
        from the sources index, else from a figure quoted from it."""
        number = self.number(file)
        figure = next((f for f in self.registry.figures.values() if f.source == file and not f.derived), None)
        doc = self.docs.get(file)
        meta = doc.metadata if doc is not None else {}
        published = str(meta.get("reported") or meta.get("published") or (figure.published if figure else ""))
        title = str(meta.get("title") or (figure.source_title if figure else ""))
        return SourceEntry(
            mark=CIRCLED[number - 1], number=number, file=file,
            publisher=str(meta.get("publisher") or (figure.publisher if figure else "")),
            title=title, date=_chinese_date(published), url=str(meta.get("url") or ""),
            title_in_source=self._stands_in(file, title))

    def _stands_in(self, file: str, text: str) -> bool:
        """Whether `text` stands in the source's body (spaces and punctuation width aside)."""
        doc = self.docs.get(file)
        if doc is None or doc.body is None or not quote_key(text):
            return False
        if file not in self._keys:
            self._keys[file] = quote_key(doc.body.text)
        return quote_key(text) in self._keys[file]

    def credit(self, *figure_ids: str) -> Markup:
        """Who published the figures and when, each source once with its number, in the order
        of the numbers: 通山县公安局，2025年11月3日①、2026年11月2日②；公安部，2022年4月14日③ (a
        chart's source line). A calculated figure is credited to its inputs' sources."""
        groups: list[tuple[str, list[Markup]]] = []
        for number in self.numbers_of(figure_ids):
            file = next(f for f, n in self.order.items() if n == number)
            entry = self.entry(file)
            part = Markup("{}{}").format(entry.date, self._link(number))
            if groups and groups[-1][0] == entry.publisher:
                groups[-1][1].append(part)
            else:
                groups.append((entry.publisher, [part]))
        return Markup("；").join(Markup("{}，{}").format(publisher, Markup("、").join(parts))
                                 for publisher, parts in groups)

    def counted_apart(self, figure_ids: Iterable[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Figures of one metric and period that different actors published (国家反诈中心's and
        工信部's calls blocked in 2021): [(actors, labels)], for the note that they count
        differently and are not to be added or compared. Empty when there are none."""
        groups: dict[tuple[str, str], list] = {}
        for figure_id in dict.fromkeys(figure_ids):
            figure = self.registry.figures[figure_id]
            if not figure.derived and figure.period_norm:
                groups.setdefault((figure.metric, figure.period_norm), []).append(figure)
        apart: dict[tuple[str, ...], list[str]] = {}
        for figures in groups.values():
            actors = tuple(dict.fromkeys(f.actor for f in figures))
            if len(actors) > 1:
                apart.setdefault(actors, []).append(figures[0].label)
        return [(actors, tuple(dict.fromkeys(labels))) for actors, labels in apart.items()]

    def calculated(self, figure_id: str) -> str:
        """What a calculated figure is, for a chart's source line (增幅, 降幅, 合计 …); "" for a quoted one."""
        figure = self.registry.figures[figure_id]
        if not figure.derived:
            return ""
        operation = figure.formula.split("(", 1)[0]
        if operation == "percent_change":
            return "降幅" if figure.value.startswith("-") else "增幅"
        return CALCULATED.get(operation, "计算值")


def _chinese_date(iso: str) -> str:
    """2022-03-05 → 2022年3月5日 (GB/T 9704: no zero padding); anything else as it is."""
    return chinese_date(iso) if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", iso) else iso


def briefing_context(registry: Registry, docs: Iterable[SourceDoc]) -> dict[str, object]:
    """What a briefing's template gets besides the usual context: `sources`."""
    return {"sources": SourceNumbers(registry, docs)}

NUMERALS = "一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: a section's number (一、二、三…)."""
    if not 0 < number < 100:
        raise ValueError(f"no section number for {number}")
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


_NUMBERED = re.compile(rf"([{NUMERALS}十]+)、\s*")
_H2 = re.compile(r"<h2>(.*?)</h2>", re.S)
_MD_H2 = re.compile(r"[ \t]{0,3}##(?!#)[ \t]*(.*?)[ \t#]*$")


def number_headings(html: str, text: str, body_start: int, path: object) -> tuple[str, list[str]]:
    """The body's level-1 headings (## in Markdown) numbered 一、二、三… in order, as the
    template goes on numbering its own sections after them. A heading written with its number
    keeps it when it is the right one; a wrong one is an error naming the file and line."""
    body_lines = text[body_start:].splitlines()
    first_line = text.count("\n", 0, body_start) + 1
    lines = [first_line + i for i, line in enumerate(body_lines) if _MD_H2.fullmatch(line)]
    errors: list[str] = []
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        count += 1
        heading, expected = match.group(1), chinese_numeral(count)
        written = _NUMBERED.match(heading)
        if written:
            heading = heading[written.end():]
            if written.group(1) != expected:
                line = lines[count - 1] if count <= len(lines) else first_line
                errors.append(f"{path}:{line}: heading {written.group(1)}、{_plain(heading)} is the body's section "
                              f"{expected}: sections are numbered automatically; write it without its number "
                              f"(## {_plain(heading)})")
        return f"<h2>{expected}、{heading}</h2>"

    return _H2.sub(number, html), errors


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)
