"""Chinese typesetting of rendered HTML: numbers kept with their units, closing punctuation
kept on its line, a quarter em between Han and Latin words.
"""

from __future__ import annotations

import re
from html import unescape

from markupsafe import Markup, escape

from generator.extraction.tokens import RANGE_MARKS, find_numbers

_TAG = re.compile(r"(<[^>]*>)")
# WeasyPrint may break a line where an inline element ends, even before 。 or ，: punctuation
# that must not start a line is moved inside the element it follows (clreq, basic level).
_CLOSE_THEN_PUNCT = re.compile(r"((?:</(?:strong|em|b|span|a|q)>)+)([。，、；：？！）》”’」』]+)")


def glue_punctuation(html: str) -> str:
    """Keep closing punctuation on the line of the inline element before it."""
    return _CLOSE_THEN_PUNCT.sub(lambda m: m.group(2) + m.group(1), html)


# Han next to a Latin word, or to a number whose unit is not Han, gets a quarter em (U+2005)
# between them (clreq): 拨打 96110 热线, 国家反诈中心 APP, 上升 60.4%. A number written with a
# Han measure word or magnitude (44.1万余起, 2021年) stays solid, as mainland typesetting has it.
# The reader drops U+2005, so the check still reads 约 37% as one qualified number.
_HAN = "\u4e00-\u9fff"
_SOLID_AFTER = "万亿萬億余多年月日号至到成个名起元次条张人件笔场家份种户部台套辆批项类宗周天岁倍期页"
_LATIN_RUN = "[A-Za-z0-9](?:[A-Za-z0-9.+-]*[A-Za-z0-9])?"
# Not after a qualifier or 第/图/表 (约37%, 第3次, 图1 read as one), nor inside a quoted name (“云剑2021”).
_TIGHT_BEFORE = "约近逾超过足到第图表共达"
_HAN_THEN_LATIN = re.compile(
    f"(?<=[{_HAN}])(?<![{_TIGHT_BEFORE}])((?:<[^>/][^>]*>)*)"
    f"(?=(?>{_LATIN_RUN})(?:</[^>]+>)*(?:[^{_HAN}<”’」』\"']|[{_HAN}](?<![{_SOLID_AFTER}])))")
_LATIN_THEN_HAN = re.compile(f"(?<=[A-Za-z0-9])((?:</[^>]+>)*)(?=[{_HAN}])(?![{_SOLID_AFTER}])")


_VERBATIM = re.compile(r"(<!--verbatim-->.*?<!--/verbatim-->)", re.S)


def space_han_latin(html: str) -> str:
    """Put a quarter em between Han and Latin words or such numbers, in the page body only,
    and never between <!--verbatim--> and <!--/verbatim--> (text people copy as it is)."""
    head, marker, body = html.partition("<body")
    if not marker:
        return html
    parts = _VERBATIM.split(body)
    for index in range(0, len(parts), 2):  # the odd parts are verbatim
        part = _HAN_THEN_LATIN.sub(lambda m: "\u2005" + m.group(1), parts[index])
        parts[index] = _LATIN_THEN_HAN.sub(lambda m: m.group(1) + "\u2005", part)
    return head + marker + "".join(parts)


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
    """keep_numbers for the text between the tags of sanitised HTML."""
    parts = _TAG.split(str(html))
    return Markup("".join(part if part.startswith("<") else str(keep_numbers(unescape(part)))
                          for part in parts))


def typeset(html: str) -> str:
    """A rendered page, typeset: closing punctuation glued to what it closes, then Han and
    Latin spaced apart."""
    return space_han_latin(glue_punctuation(html))
