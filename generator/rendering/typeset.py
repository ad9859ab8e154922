"""Chinese typesetting of rendered HTML: numbers kept with their units, closing punctuation
kept on its line, a quarter em between Han and Latin words; and the one way tags are stripped.

Every edit goes through `segments`, which cuts HTML with Python's HTML parser into its tags
and texts, each exactly as written; edits touch text segments only, so nothing ever lands
inside a tag or an attribute (alt text, titles), and joining the segments gives the page back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import parser as html_parser
from html import unescape
from html.parser import HTMLParser

from markupsafe import Markup, escape

from generator.extraction.lexicon import RANGE_MARKS
from generator.extraction.tokens import find_numbers

TEXT, START, END, OTHER = "text", "start", "end", "other"
RAW_TEXT = {"script", "style"}
"""Elements whose text is code, never typeset."""
VERBATIM_START, VERBATIM_END = "verbatim", "/verbatim"
"""<!--verbatim--> … <!--/verbatim--> marks text people copy as it is (a post's texts): left alone."""
VERBATIM_MARKERS = (VERBATIM_START, VERBATIM_END)
_TAG_NAME: re.Pattern[str] = html_parser.tagfind_tolerant  # type: ignore[attr-defined]  # not in typeshed
_ATTRIBUTE: re.Pattern[str] = html_parser.attrfind_tolerant  # type: ignore[attr-defined]
"""The HTML parser's own tokenizer of a start tag (what HTMLParser.parse_starttag runs)."""


@dataclass(frozen=True)
class Segment:
    """A tag, a text or another piece of markup, exactly as written."""

    kind: str
    """text, start (a start or empty tag), end, or other (a comment, doctype or instruction)."""
    raw: str
    name: str = ""
    """The tag's name, or a comment's text."""
    empty: bool = False
    """A start tag written as empty: <br/>, <span />."""


class _Cutter(HTMLParser):
    """Records where each piece of markup starts; the pieces are the spans between them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [i + 1 for i, char in enumerate(html) if char == "\n"]
        self.marks: list[tuple[int, str, str, bool]] = []

    def _mark(self, kind: str, name: str = "", empty: bool = False) -> None:
        line, column = self.getpos()
        self.marks.append((self.line_starts[line - 1] + column, kind, name, empty))

    def handle_starttag(self, tag, attrs):
        self._mark(START, tag)

    def handle_startendtag(self, tag, attrs):
        self._mark(START, tag, empty=True)

    def handle_endtag(self, tag):
        self._mark(END, tag)

    def handle_data(self, data):
        self._mark(TEXT)

    def handle_entityref(self, name):
        self._mark(TEXT)

    def handle_charref(self, name):
        self._mark(TEXT)

    def handle_comment(self, data):
        self._mark(OTHER, data)

    def handle_decl(self, decl):
        self._mark(OTHER)

    def handle_pi(self, data):
        self._mark(OTHER)

    def unknown_decl(self, data):
        self._mark(OTHER)


def segments(html: str) -> list[Segment]:
    """`html` cut into tags and texts, each as written: "".join(s.raw for s in segments(html)) == html.
    Neighbouring texts (a text, an entity, a text) are one segment."""
    cutter = _Cutter(html)
    cutter.feed(html)
    cutter.close()
    out: list[Segment] = []
    bounds = [start for start, _, _, _ in cutter.marks] + [len(html)]
    for (start, kind, name, empty), end in zip(cutter.marks, bounds[1:], strict=True):
        if start == end:
            continue
        if kind == TEXT and out and out[-1].kind == TEXT:
            out[-1] = Segment(TEXT, out[-1].raw + html[start:end])
        else:
            out.append(Segment(kind, html[start:end], name, empty))
    return out


def join(parts: Iterable[Segment]) -> str:
    return "".join(part.raw for part in parts)


@dataclass(frozen=True)
class Attribute:
    """One attribute of a start tag, where its value is written in the tag."""

    name: str
    """Lower-cased, as the parser reports it."""
    start: int
    end: int
    """The value's span in the tag's raw text, quotes left out (start == end: no value)."""
    quoted: bool


def attributes(tag: Segment) -> list[Attribute]:
    """A start tag's attributes, split exactly as Python's HTML parser splits them (its own
    tokenizer, run as HTMLParser.parse_starttag runs it), so that a value can be replaced in the
    tag's raw text and everything else kept as written."""
    if tag.kind != START:
        return []
    found = _TAG_NAME.match(tag.raw, 1)
    at = found.end() if found else len(tag.raw)
    out = []
    while at < len(tag.raw):
        match = _ATTRIBUTE.match(tag.raw, at)
        if not match:
            break
        start, end = match.span(3) if match.group(2) else (match.end(1), match.end(1))
        value = tag.raw[start:end]
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
        out.append(Attribute(match.group(1).lower(), start + quoted, end - quoted, quoted))
        at = match.end()
    return out



def plain_text(html: str, *, line_after: Iterable[str] = (), gap: str = "", skip: Iterable[str] = ()) -> str:
    """The text of HTML as a reader sees it: tags dropped, entities read; a newline after each
    end tag named in `line_after` (p, li …) and `gap` in place of every other piece of markup
    (" " keeps the words of neighbouring cells apart); the text inside the elements named in
    `skip` (script, style) left out. The one place tags are stripped."""
    breaks, skipped = set(line_after), set(skip)
    out = []
    inside = 0  # how many elements of `skip` are open
    for part in segments(html):
        if part.kind == TEXT:
            if not inside:
                out.append(unescape(part.raw))
            continue
        if part.kind in (START, END) and part.name in skipped and not part.empty:
            inside = inside + 1 if part.kind == START else max(inside - 1, 0)
        if part.kind == END and part.name in breaks:
            out.append("\n")
        elif gap:
            out.append(gap)
    return "".join(out)


# WeasyPrint may break a line where an inline element ends, even before 。 or ，: punctuation
# that must not start a line is moved inside the element it follows (clreq, basic level).
INLINE = {"strong", "em", "b", "span", "a", "q"}
CLOSING_PUNCTUATION = "。，、；：？！）》”’」』"


GLUED = '<span class="glued">'
"""Closing marks moved into a link are wrapped in this, so that a style can set them as the text
around the link (a briefing's source mark ① is small and raised; the ， after it is not)."""


def glue_punctuation(html: str) -> str:
    """Keep closing punctuation on the line of the inline element before it."""
    return join(_glued(segments(html)))


def _glued(parts: list[Segment]) -> list[Segment]:
    """The segments with each closing mark that follows inline end tags moved before them."""
    out: list[Segment] = []
    for part in parts:
        first = len(out)
        while first > 0 and out[first - 1].kind == END and out[first - 1].name in INLINE:
            first -= 1
        marks = len(part.raw) - len(part.raw.lstrip(CLOSING_PUNCTUATION)) if part.kind == TEXT else 0
        if first == len(out) or not marks:
            _append(out, part)
            continue
        closing = out[first:]
        del out[first:]
        if closing[0].name == "a":  # a link may be set small and raised (a briefing's ①): its marks may not
            out += [Segment(START, GLUED, "span"), Segment(TEXT, part.raw[:marks]), Segment(END, "</span>", "span")]
        else:
            _append(out, Segment(TEXT, part.raw[:marks]))
        out += closing
        if part.raw[marks:]:
            out.append(Segment(TEXT, part.raw[marks:]))
    return out


def _append(parts: list[Segment], part: Segment) -> None:
    """Add a segment, joining neighbouring texts into one."""
    if part.kind == TEXT and parts and parts[-1].kind == TEXT:
        parts[-1] = Segment(TEXT, parts[-1].raw + part.raw)
    else:
        parts.append(part)


# Han next to a Latin word, or to a number whose unit is not Han, gets a quarter em (U+2005)
# between them (clreq): 拨打 96110 热线, 国家反诈中心 APP, 上升 60.4%. A number written with a
# Han measure word or magnitude (44.1万余起, 2021年) stays solid, as mainland typesetting has it.
# The reader drops U+2005, so the check still reads 约 37% as one qualified number.
QUARTER_EM = "\u2005"
HAN = "\u4e00-\u9fff"
SOLID_AFTER = ("万亿余多年月日号至到成个名起元次条张人件笔场家份种户部台套辆批项类宗周天岁倍期页"
               "萬億餘號個條張筆場種戶臺輛項類週歲頁")  # and as a zh-Hant edition writes them (3200餘億元)
# Not after a qualifier or 第/图/表 (约37%, 第3次, 图1 read as one), nor inside a quoted name (“云剑2021”).
TIGHT_BEFORE = "约近逾超过足到第图表共达約過圖達"
LATIN_RUN = "[A-Za-z0-9](?:[A-Za-z0-9.+-]*[A-Za-z0-9])?"
SPACED_NEXT = f"(?:[^{HAN}<”’」』\"']|[{HAN}](?<![{SOLID_AFTER}]))"
"""What may follow a Latin run for it to be set apart from the Han before it."""
# These run over the texts between tags only, never over markup:
_HAN_THEN_RUN = re.compile(f"(?<=[{HAN}])(?<![{TIGHT_BEFORE}])(?=(?>{LATIN_RUN}){SPACED_NEXT})")
_HAN_THEN_RUN_TO_END = re.compile(f"(?<=[{HAN}])(?<![{TIGHT_BEFORE}])(?=(?>{LATIN_RUN})\\Z)")
_ALNUM_THEN_HAN = re.compile(f"(?<=[A-Za-z0-9])(?=[{HAN}])(?![{SOLID_AFTER}])")
_RUN_AT_START = re.compile(f"(?>{LATIN_RUN})")
_SPACED_NEXT = re.compile(SPACED_NEXT)


def _editable(parts: list[Segment]) -> list[bool]:
    """Which segments may be typeset: texts of the body, outside <!--verbatim--> and scripts."""
    out, in_body, verbatim, code = [], False, False, 0
    for part in parts:
        if part.kind == OTHER and part.name in VERBATIM_MARKERS:
            verbatim = part.name == VERBATIM_START
            out.append(False)
            continue
        if part.kind == START and part.name == "body":
            in_body = True
        if part.kind in (START, END) and part.name in RAW_TEXT:
            code += 1 if part.kind == START else -1
        out.append(in_body and not verbatim and not code)
    return out


def space_han_latin(html: str) -> str:
    """Put a quarter em between Han and Latin words or such numbers, in the page's body text only."""
    return join(_spaced(segments(html)))


def _spaced(parts: list[Segment]) -> list[Segment]:
    """The segments with a quarter em wherever Han meets a Latin word, within a text or across tags."""
    editable = _editable(parts)
    out = list(parts)
    for index, part in enumerate(parts):
        if part.kind != TEXT or not editable[index]:
            continue
        text = part.raw
        at = {m.start() for m in _HAN_THEN_RUN.finditer(text)} | {m.start() for m in _ALNUM_THEN_HAN.finditer(text)}
        if _HAN_THEN_RUN_TO_END.search(text) and _spaced_after_end(parts, editable, index):
            at |= {m.start() for m in _HAN_THEN_RUN_TO_END.finditer(text)}
        if _is_han(text[-1]) and text[-1] not in TIGHT_BEFORE and _run_follows(parts, editable, index):
            at.add(len(text))
        if _is_han(text[0]) and text[0] not in SOLID_AFTER and _alnum_before(parts, editable, index):
            at.add(0)
        for position in sorted(at, reverse=True):
            text = text[:position] + QUARTER_EM + text[position:]
        out[index] = Segment(TEXT, text)
    return out


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _next_text(parts: list[Segment], editable: list[bool], index: int, skip: tuple[str, ...]) -> int | None:
    """The editable text after segment `index`, past segments of the kinds in `skip` (never past
    a verbatim marker), or None."""
    index += 1
    while index < len(parts) and parts[index].kind in skip and parts[index].name not in VERBATIM_MARKERS:
        index += 1
    return index if index < len(parts) and parts[index].kind == TEXT and editable[index] else None


def _spaced_after_end(parts: list[Segment], editable: list[bool], index: int) -> bool:
    """A Latin run ends text `index`: past any end tags, the next text starts with what sets it apart."""
    following = _next_text(parts, editable, index, (END,))
    return following is not None and bool(_SPACED_NEXT.match(parts[following].raw))


def _run_follows(parts: list[Segment], editable: list[bool], index: int) -> bool:
    """Text `index` ends in Han; past any start tags a Latin run follows, and then what sets it apart."""
    following = _next_text(parts, editable, index, (START, OTHER))
    if following is None:
        return False
    text = parts[following].raw
    run = _RUN_AT_START.match(text)
    if run is None:
        return False
    if run.end() < len(text):
        return bool(_SPACED_NEXT.match(text, run.end()))
    return _spaced_after_end(parts, editable, following)


def _alnum_before(parts: list[Segment], editable: list[bool], index: int) -> bool:
    """Text `index` follows, past one or more end tags, a text ending in a letter or digit."""
    before = index - 1
    while before >= 0 and parts[before].kind == END:
        before -= 1
    return before < index - 1 and before >= 0 and parts[before].kind == TEXT and editable[before] \
        and parts[before].raw[-1].isascii() and parts[before].raw[-1].isalnum()


def keep_numbers(text: str) -> Markup:
    """Escape text and keep every number with its unit on one line (GB/T 15835): 2022年4月
    must not break as 2022年4|月, nor 11.4万起 as 11.4万|起."""
    spans: list[tuple[int, int]] = []
    for token in find_numbers(text):
        gap = text[spans[-1][1] : token.start] if spans else None
        if gap is not None and (gap == "" or (len(gap) == 1 and gap in RANGE_MARKS)):
            spans[-1] = (spans[-1][0], token.end)  # 2021年4月, 1至5月: one unit, one line
        else:
            spans.append((token.start, token.end))
    out, pos = [], 0
    for start, end in spans:
        out.append(str(escape(text[pos:start])))
        out.append(f'<span class="num">{escape(text[start:end])}</span>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def keep_numbers_html(html: str) -> Markup:
    """keep_numbers for the texts of sanitised HTML; its tags stay as they are."""
    return Markup("".join(str(keep_numbers(unescape(part.raw))) if part.kind == TEXT else part.raw
                          for part in segments(str(html))))


def typeset(html: str, *, orphans: bool = True) -> str:
    """A rendered page, typeset: closing punctuation glued to what it closes, then Han and
    Latin spaced apart, and (unless `orphans` is False: cards lay their lines out themselves) no
    paragraph ending in one Han character alone on its last line. The page is cut into segments
    once for all three."""
    parts = _glued(segments(html))
    return join(_spaced(_no_orphans(parts) if orphans else parts))


BLOCK_ENDS = {"p", "li", "figcaption", "blockquote", "dd", "dt", "td", "th"}
"""The ends of blocks of running text (a heading is short, or broken between words by `display`)."""
_LAST_TWO = re.compile(f"(?<=[{HAN}])[{HAN}]{{2}}[{CLOSING_PUNCTUATION}]*$")
"""A text's last two Han characters (and the closing marks after them), when a third comes before."""


def _no_orphans(parts: list[Segment]) -> list[Segment]:
    """Where a block's text ends in Han (…也可以举报。), its last two characters are kept on one line
    (class nb, white-space: nowrap), so that no line holds one character alone (孤字, clreq)."""
    editable = _editable(parts)
    out: list[Segment] = []
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        last = _LAST_TWO.search(part.raw) if part.kind == TEXT and editable[index] else None
        if last is None or following is None or following.kind != END or following.name not in BLOCK_ENDS:
            out.append(part)
            continue
        out += [Segment(TEXT, part.raw[: last.start()]), Segment(START, '<span class="nb">', "span"),
                Segment(TEXT, last.group()), Segment(END, "</span>", "span")]
    return out
