"""HTML read as a reader reads it: text pieces with their offsets in the file, block breaks,
and which elements are page furniture (navigation, footers, code) and not body.

The standard library's HTMLParser reports where every piece of text stands, so each piece keeps
its offset in the original; the source reader (reader.py) cleans and assembles the lines.
"""

from __future__ import annotations

import html.entities
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from generator.model import MappedText
from generator.sources.mapped import MappedBuilder, slice_mapped

# Elements whose text is never body: code, styling, and page furniture.
SKIP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "svg", "math", "head", "title",
    "nav", "footer", "aside", "header", "select", "option", "button", "form", "object",
}
# Class or id words that mark page furniture on sites that do not use <nav>/<footer>.
NOISE_ATTR = re.compile(
    r"(?:^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|copyright|share|"
    r"comments?|related|toolbar|topbar|header|banner|ad|ads|advert)(?:$|[\s_-])",
    re.I,
)
# What the check skips when it reads a rendered page: only code, never page furniture.
CODE_TAGS = {"script", "style", "template"}  # SVG text (chart labels) is read and checked
STRUCTURED = {"application/ld+json", "application/json"}
"""Scripts that hold data, not code: the check reads their values (JSON-LD, schema.org)."""
READ_META = {"description", "og:description", "og:title", "twitter:title", "twitter:description",
             "dcterms.title", "dcterms.description"}
BLOCK_TAGS = {"title",
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td",
    "th", "thead", "tbody", "tfoot", "blockquote", "section", "article", "main", "pre", "hr", "dl", "dt",
    "dd", "figure", "figcaption", "caption", "center", "address", "body", "html",
}
CELL_TAGS = {"td", "th"}
CELL_SEPARATOR = "，"
"""A source's table is read a row a line, its cells parted by this (城关镇，18，56.3，-10%), standing
for the cell's tag: cells a line each would run together as a menu (and be dropped as one), and
cells joined with nothing would join their numbers (18 and 56.3 as 1856.3)."""
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
             "param", "source", "track", "wbr"}


class _Row:
    """A table row as it is read: how many cells, how many of them links, where the separators
    stand in the row's text."""

    def __init__(self):
        self.cells = 0
        self.linked = 0
        self.linked_cell = False
        self.separators: list[int] = []

    def is_menu(self) -> bool:
        return self.cells >= 2 and self.linked == self.cells


class BodyParser(HTMLParser):
    """Collects text pieces with their offsets, block breaks, and tag positions."""

    def __init__(self, text: str, base: int, *, everything: bool = False):
        super().__init__(convert_charrefs=False)
        self.source_text = text
        self.base = base
        self.everything = everything  # the check reads all visible text, page furniture too
        self.skip_tags = CODE_TAGS if everything else SKIP_TAGS
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.chunks: list[MappedText] = []  # text between block breaks
        self.current = MappedBuilder()
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.structured: list[tuple[str, int]] | None = None
        """The text of the JSON-LD script being read, piece by piece with its offsets."""
        self.cuts: list[int] = []
        self.row = _Row()
        """The table row being read: its cells, and which of them are links."""

    def position(self) -> int:
        """Offset in the original file of the event being handled."""
        line, col = self.getpos()
        return self.base + self.line_starts[line - 1] + col

    def block_break(self) -> None:
        chunk = self.current.build()
        if chunk.text:
            self.chunks.append(chunk)
        self.current = MappedBuilder()
        self.row.separators = []  # a block inside a cell: the row is no single line to split

    def handle_starttag(self, tag, attrs):
        if self.skip_tag is not None:
            if tag == self.skip_tag and tag not in VOID_TAGS:
                self.skip_depth += 1
            return
        self.cuts.append(self.position())
        if self.everything:
            self._read_attributes(tag, attrs)
        if tag not in VOID_TAGS and (tag in self.skip_tags or (not self.everything and _is_furniture(attrs))):
            self.block_break()
            self.skip_tag, self.skip_depth = tag, 1
            if self.everything and tag == "script" and (dict(attrs).get("type") or "").lower() in STRUCTURED:
                self.structured = []  # its text is read when the script ends
            return
        if tag in CELL_TAGS and not self.everything:
            if self.current.build().text.strip():
                self.current.add_char(CELL_SEPARATOR, self.position())
                self.row.separators.append(len(self.current.build().text) - 1)
            self.row.cells += 1
            self.row.linked_cell = False
            return
        if tag == "a" and self.row.cells:
            self.row.linked_cell = True
        if tag in BLOCK_TAGS:
            self.block_break()

    def _read_attributes(self, tag, attrs) -> None:
        """Text that people read or hear from attributes: alt, title, meta descriptions."""
        values = dict(attrs)
        wanted = [values.get(name) for name in ("alt", "title", "aria-label", "placeholder")]
        if tag == "meta" and (values.get("name") or values.get("property") or "") in READ_META:
            wanted.append(values.get("content"))
        for value in wanted:
            if value:
                self.block_break()
                at = self.source_text.find(value, self.position() - self.base)
                if at >= 0:
                    self.current.add_run(value, self.base + at)
                else:
                    self.current.add_char(value, self.position())
                self.block_break()

    def handle_startendtag(self, tag, attrs):
        if self.skip_tag is None:
            if self.everything:
                self._read_attributes(tag, attrs)
            self.cuts.append(self.position())
            if tag in BLOCK_TAGS:
                self.block_break()

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
                    self._read_structured()
            return
        self.cuts.append(self.position())
        if tag in CELL_TAGS and not self.everything:
            self.row.linked += self.row.linked_cell
            return
        if tag == "tr" and not self.everything and self.row.is_menu():
            self._split_row()
        if tag in ("tr", "table"):
            self.row = _Row()
        if tag in BLOCK_TAGS:
            self.block_break()

    def _split_row(self) -> None:
        """A row of links (a layout table's menu): its cells as lines of their own, which the
        reader drops as navigation, as it would a menu of list items."""
        row = self.current.build()
        self.current = MappedBuilder()
        bounds = [-1] + [i for i in self.row.separators if i < len(row.text)] + [len(row.text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            cell = slice_mapped(row, start + 1, end)
            if cell.text:
                self.chunks.append(cell)

    def handle_data(self, data):
        if self.skip_tag is None:
            self.current.add_run(data, self.position())
        elif self.structured is not None:
            self.structured.append((data, self.position()))

    def _read_structured(self) -> None:
        """The values of a JSON-LD script (what search engines show of a page), one block each,
        mapped to where each stands in the script; a script that is not JSON is read as text."""
        pieces, self.structured = self.structured, None
        if not pieces:
            return
        raw, start = "".join(text for text, _ in pieces), pieces[0][1]
        try:
            values = list(_json_values(json.loads(raw)))
        except (ValueError, RecursionError):
            values = [raw]
        for value in values:
            self.block_break()
            at = raw.find(value)
            if at >= 0:
                self.current.add_run(value, start + at)
            else:  # written with escapes: the whole value stands for the script's start
                self.current.add_char(value, start)
        self.block_break()

    def handle_entityref(self, name):
        if self.skip_tag is None:
            self._add_reference(html.entities.html5.get(name + ";") or html.entities.html5.get(name))

    def handle_charref(self, name):
        if self.skip_tag is None:
            try:
                code = int(name[1:], 16) if name[:1] in "xX" else int(name)
                char = chr(code) if 0 < code < 0x110000 else None
            except ValueError:
                char = None
            self._add_reference(char)

    def _add_reference(self, char: str | None) -> None:
        start = self.position()
        if char is None:  # not a known reference: keep it as written
            end = self.source_text.find(";", start - self.base, start - self.base + 40)
            stop = end + 1 if end >= 0 else start - self.base + 1
            self.current.add_run(self.source_text[start - self.base : stop], start)
        else:
            self.current.add_char(char, start)

    def handle_comment(self, data):
        self.cuts.append(self.position())


def _json_values(data) -> Iterator[str]:
    """Every string and number in a JSON document (not its keys), in order."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _json_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_values(value)
    elif isinstance(data, str) and data.strip():
        yield data
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield json.dumps(data)


def _is_furniture(attrs) -> bool:
    """True for an element whose class, id or role marks navigation, footers and the like."""
    for name, value in attrs:
        if name in ("class", "id") and value and NOISE_ATTR.search(value):
            return True
        if name == "role" and value in ("navigation", "banner", "contentinfo", "complementary"):
            return True
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
    return False
