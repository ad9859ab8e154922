"""A briefing's front matter, checked when it is read, and the lines its problems are named at.

Every field a briefing may have is listed here (FIELDS); each section's field may be left out,
and then so is the section. A field that is there must be well formed: its highlights, key
figures, charts and advice are checked one by one, each problem naming the file, the line and
the field (`charts[2].figures[1]`), and the front matter is normalised for the template. The
line of a chart's refused figure is found here too, for the renderer's message. What the
template makes of the sections (their numbers, the sources' marks) is products/briefing.py.
"""

from __future__ import annotations

import re

from generator.errors import did_you_mean
from generator.products.content import NO, YES, Product, front_matter_line
from generator.rendering.charts import ChartError

FIELDS = {
    "title": "the title", "date": "its date", "masthead": "the 报头's name (反诈宣传简报 if none)",
    "issue": "期号 (第1期; none: no line)",
    "lead": "the lead paragraph", "highlights": "the key-figure callouts", "key_figures": "the key-figure table",
    "charts": "the charts", "cases": "typical cases (ids; [] for none)", "advice": "the advice section (false: none)",
    "figures": "more figures it cites", "draft": "left out of the build",
}
"""Every field a briefing's front matter may have; each section's field may be left out, and
then so is the section."""
MASTHEAD = "反诈宣传简报"
"""The 报头's name when the front matter gives none."""
CHART_FIELDS = ("title", "finding", "figures")
HIGHLIGHT_FIELDS = ("figure", "compare")
MAX_HIGHLIGHTS = 4
"""Callouts that fit the row under the title (DESIGN-BRIEF §7.3 D: 3–4)."""


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


def check_briefing(meta: dict, text: str, path: object, figure_ids: set[str]) -> list[str]:
    """A briefing's front matter checked field by field, each problem naming the file, the line
    and the field. Every section's field is optional (no `key_figures`: no table; no `charts`:
    no charts; `cases: []`: no typical cases; `advice: false`: no advice); a field that is
    there must be well formed. `meta` is normalised in place: each highlight a mapping with
    `figure` (and `compare`), `advice` true or false, `masthead` 反诈宣传简报 when it has none."""
    reader = _FrontMatter(meta, text, path, figure_ids)
    reader.fields()
    reader.highlights()
    reader.lists()
    reader.charts()
    reader.advice()
    return reader.errors


class _FrontMatter:
    """A briefing's front matter as it is checked: every problem, with its file, line and field."""

    def __init__(self, meta: dict, text: str, path: object, figure_ids: set[str]):
        self.meta, self.text, self.path, self.figure_ids = meta, text, path, figure_ids
        self.errors: list[str] = []

    def error(self, key: str, field: str, message: str, needle: str = "", index: int = 0) -> None:
        self.errors.append(f"{self.path}:{_line(self.text, key, needle, index)}: front matter {field}: {message}")

    def known(self, key: str, field: str, value: object, index: int = 0) -> bool:
        """Whether `value` is a registered figure's id; an error naming the field if not."""
        if not isinstance(value, str) or not value:
            self.error(key, field, f"is a figure id, not {_what(value)}", index=index)
            return False
        if value not in self.figure_ids:
            self.error(key, field, f"unknown figure id {value!r}{did_you_mean(value, self.figure_ids)}", value, index)
            return False
        return True

    def fields(self) -> None:
        for key in self.meta:
            if key not in FIELDS:
                close = did_you_mean(key, FIELDS) or f" (its fields: {', '.join(FIELDS)})"
                self.error(key, f"`{key}`", f"a briefing has no such field{close}")
        self.meta.setdefault("masthead", MASTHEAD)

    def highlights(self) -> None:
        highlights = self.meta.get("highlights")
        if highlights is None:
            return
        if not isinstance(highlights, list):
            self.error("highlights", "`highlights`", f"is a list of figure ids or {{figure: ID, compare: ID}}, "
                                                     f"not {_what(highlights)}")
            highlights = []
        if len(highlights) > MAX_HIGHLIGHTS:
            self.error("highlights", "`highlights`", f"{len(highlights)} callouts; at most {MAX_HIGHLIGHTS} fit "
                                                     f"the row (put the others in key_figures)")
        normal = []
        for number, item in enumerate(highlights, 1):
            field = f"highlights[{number}]"
            item = {"figure": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or "figure" not in item:
                self.error("highlights", f"`{field}`", f"is a figure id or {{figure: ID, compare: ID}}, not "
                                                       f"{_what(item)}", index=number)
                continue
            for extra in sorted(set(item) - set(HIGHLIGHT_FIELDS)):
                self.error("highlights", f"`{field}.{extra}`", f"unknown field; a callout has "
                                                               f"{', '.join(HIGHLIGHT_FIELDS)}", extra, number)
            ok = [self.known("highlights", f"`{field}.{key}`", item[key], number)
                  for key in HIGHLIGHT_FIELDS if key in item]
            if all(ok):
                normal.append({key: item[key] for key in HIGHLIGHT_FIELDS if key in item})
        self.meta["highlights"] = normal

    def lists(self) -> None:
        """key_figures (figure ids) and cases (case ids, checked against the guidance later)."""
        for key, what in (("key_figures", "figure"), ("cases", "case")):
            value = self.meta.get(key)
            if value is not None and (not isinstance(value, list) or not all(isinstance(i, str) for i in value)):
                self.error(key, f"`{key}`", f"is a list of {what} ids ([a, b]), not {_what(value)}")
        for number, figure_id in enumerate(self.meta.get("key_figures") or [], 1):
            if isinstance(figure_id, str):
                self.known("key_figures", f"`key_figures[{number}]`", figure_id, number)

    def charts(self) -> None:
        charts = self.meta.get("charts")
        if charts is None:
            return
        if not isinstance(charts, list):
            self.error("charts", "`charts`", f"is a list of charts (each a title and figures), not {_what(charts)}")
            return
        for number, chart in enumerate(charts, 1):
            field = f"charts[{number}]"
            if not isinstance(chart, dict):
                self.error("charts", f"`{field}`", f"is a chart (title, figures, optional finding), not "
                                                   f"{_what(chart)}", index=number)
                continue
            for extra in sorted(set(chart) - set(CHART_FIELDS)):
                self.error("charts", f"`{field}.{extra}`", f"unknown field{did_you_mean(extra, CHART_FIELDS)}; a "
                                                           f"chart has {', '.join(CHART_FIELDS)}", extra, number)
            title = chart.get("title")
            if not isinstance(title, str) or not title.strip():
                self.error("charts", f"`{field}.title`", f"needs a title (one line of text: the finding), not "
                                                         f"{_what(title)}", "title", number)
            figures = chart.get("figures")
            if not isinstance(figures, list) or not figures:
                self.error("charts", f"`{field}.figures`", f"is a list of the figures charted ([a, b]), not "
                                                           f"{_what(figures)}", "figures", number)
            else:
                for place, figure_id in enumerate(figures, 1):
                    self.known("charts", f"`{field}.figures[{place}]`", figure_id, number)
            if "finding" in chart:
                self.known("charts", f"`{field}.finding`", chart["finding"], number)

    def advice(self) -> None:
        value = str(self.meta.get("advice", "true")).lower()
        if value not in YES | NO:
            self.error("advice", "`advice`", f"is true or false, not {self.meta['advice']!r}")
        self.meta["advice"] = value not in NO


def _what(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else f"text ({value!r})"


def _line(text: str, key: str, needle: str = "", index: int = 0) -> int:
    """The line of a front-matter field: of `needle` (a figure id, a field name) after the
    key, else of its index-th entry (1-based), else of the key itself."""
    start = front_matter_line(text, key)
    lines = text.splitlines()
    end = start
    while end < len(lines) and lines[end].rstrip() != "---" and (lines[end][:1] in (" ", "\t", "-", "#")
                                                                 or not lines[end].strip()):
        end += 1  # the key's block: indented lines, entries and comments up to the next key
    block = range(start, end + 1)
    entries = [n for n in block if re.match(r"\s*-\s", lines[n - 1])]
    indent = {n: len(lines[n - 1]) - len(lines[n - 1].lstrip()) for n in entries}
    entries = [n for n in entries if indent[n] == min(indent.values())]
    if index and len(entries) >= index:
        start = entries[index - 1]
        block = range(start, (entries[index] if len(entries) > index else end + 1))
    if needle:
        for number in block:
            if re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", lines[number - 1]):
                return number
    return start
