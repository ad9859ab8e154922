"""Traditional-character editions: rendered text converted with OpenCC, numbers untouched.

An edition with `script = "zh-Hant"` (or zh-HK, zh-TW) is written in simplified Chinese like every
other and converted after rendering, so one set of templates and products serves both scripts.
Only text a reader sees is converted: HTML text and the attributes people read (alt, title,
aria-label, descriptions); never markup, scripts, styles, URLs, or a quotation of a source
(an element marked data-source="FILE"), which stays exactly as its source writes it. Digits and
the check's number words are the same in both scripts once folded (萬 is 万, 餘 is 余), so the check
runs on the converted text and finds every figure it found before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.rendering.typeset import END, RAW_TEXT, START, TEXT, Segment, attributes, segments

SCRIPTS = {"zh-Hans": "", "zh-Hant": "s2t", "zh-HK": "s2hk", "zh-TW": "s2tw"}
"""Each script an edition may set, and the OpenCC conversion that makes it from simplified text
(character forms only: s2tw, not s2twp, so that no word of a source's wording is replaced)."""

LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "zh-HK": "zh-HK", "zh-TW": "zh-TW"}
"""The `lang` of a page in each script (the fonts' regional forms follow it)."""

_CSS_CONTENT = re.compile(r"(?<![\w-])content\s*:[^;{}]*")
_CSS_HAN_STRING = re.compile(r'"[^"\\\n]*[\u4e00-\u9fff][^"\\\n]*"')
"""The text a style sheet prints: the strings with Han of its content: declarations
(content: "第 " counter(page) " 页"), never a font's name."""
READABLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content"}
"""The attributes whose values people read: converted with the text."""
_ZH_LANG = re.compile(r"zh(?:-[A-Za-z]+)?")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@lru_cache(maxsize=len(SCRIPTS))  # a pure memo: one OpenCC converter a script, a fixed table never changed
def _converter(script: str):
    import opencc

    return opencc.OpenCC(SCRIPTS[script])


TOPIC = re.compile(r"#[^\s#]+#?")
"""A topic as the platforms write it (Weibo #全民反诈#, Douyin and Xiaohongshu #全民反诈): the platform's
key for it, kept as written: #全民反詐# would be another, nearly empty topic."""


CORNER_QUOTES = str.maketrans("“”‘’", "「」『』")
"""Hong Kong and Taiwan quote with corner brackets: “诈骗” is 「詐騙」, ‘安全账户’ within it 『安全賬戶』."""
CORNER_SCRIPTS = {"zh-HK", "zh-TW"}


def convert_text(text: str, script: str) -> str:
    """Plain text (a post, a caption) in `script`; its topics as written."""
    if not SCRIPTS.get(script) or not text:
        return text
    out, end = [], 0
    for topic in TOPIC.finditer(text):
        out += [_convert(text[end : topic.start()], script), topic.group()]
        end = topic.end()
    return "".join(out) + _convert(text[end:], script)


def _convert(text: str, script: str) -> str:
    converted = _converter(script).convert(text)
    return converted.translate(CORNER_QUOTES) if script in CORNER_SCRIPTS else converted


def convert_html(html: str, script: str) -> str:
    """An HTML page in `script`: its readable text converted, its markup and its quotations of
    sources (data-source) kept as they are, its lang set to the script's. The page is cut by the
    HTML parser (rendering/typeset.segments); only its texts and attribute values are edited."""
    if not SCRIPTS.get(script):
        return html
    out: list[str] = []
    open_elements: list[tuple[str, bool]] = []  # (tag, keeps its text as written)
    for part in segments(html):
        if part.kind == TEXT and open_elements and open_elements[-1][0] == "style":
            out.append(_CSS_CONTENT.sub(lambda m: _CSS_HAN_STRING.sub(
                lambda string: convert_text(string.group(), script), m.group()), part.raw))
        elif part.kind == TEXT:
            keep = any(kept for _, kept in open_elements)
            out.append(part.raw if keep else convert_text(part.raw, script))
        elif part.kind == END:
            while open_elements:
                if open_elements.pop()[0] == part.name:
                    break
            out.append(part.raw)
        elif part.kind == START:
            out.append(_start_tag(part, script, open_elements))
        else:  # a comment or a doctype
            out.append(part.raw)
    return "".join(out)


def _start_tag(tag: Segment, script: str, open_elements: list[tuple[str, bool]]) -> str:
    """A start tag as it is, its readable attributes converted and its lang set to the script's;
    the stack of open elements updated."""
    found = attributes(tag)
    keep = tag.name in RAW_TEXT or any(attribute.name == "data-source" for attribute in found)
    if tag.name not in _VOID and not tag.empty:
        open_elements.append((tag.name, keep))
    if keep:
        return tag.raw
    raw, out, at = tag.raw, [], 0
    for attribute in found:
        value = raw[attribute.start:attribute.end]
        if not attribute.quoted:
            continue
        if attribute.name in READABLE_ATTRIBUTES:
            value = convert_text(value, script)
        elif attribute.name == "lang" and _ZH_LANG.fullmatch(value):
            value = LANG[script]
        out += [raw[at:attribute.start], value]
        at = attribute.end
    return "".join(out) + raw[at:]


POSTS_MODULE = "generator/products/posts.py"
"""What a post's texts name as their template: they are composed in code, not rendered."""


def convert_texts(composed, script: str):
    """The composed products with their texts (posts' platform texts and 公众号 article HTML,
    cards.json) in `script`; their HTML pages were converted as they were rendered."""
    if not SCRIPTS.get(script):
        return composed
    from dataclasses import replace

    def converted(page):
        if page.template == POSTS_MODULE and page.path.endswith(".html"):  # the 公众号 article: composed, not rendered
            return replace(page, text=convert_html(page.text, script))
        if page.path.endswith((".html", ".xml")):  # rendered from a template: converted as it was
            return page
        return replace(page, text=convert_text(page.text, script))

    pages = tuple(converted(page) for page in composed.pages)
    files = {path: convert_text(text, script) if isinstance(text, str) else text
             for path, text in composed.files.items()}
    return replace(composed, pages=pages, files=files)
