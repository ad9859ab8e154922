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
from functools import cache

SCRIPTS = {"zh-Hans": "", "zh-Hant": "s2t", "zh-HK": "s2hk", "zh-TW": "s2tw"}
"""Each script an edition may set, and the OpenCC conversion that makes it from simplified text
(character forms only: s2tw, not s2twp, so that no word of a source's wording is replaced)."""

LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "zh-HK": "zh-HK", "zh-TW": "zh-TW"}
"""The `lang` of a page in each script (the fonts' regional forms follow it)."""

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.S)
_READ_ATTRIBUTE = re.compile(r'(\s(?:alt|title|aria-label|placeholder|content)\s*=\s*)(["\'])(.*?)\2', re.S)
_LANG_ATTRIBUTE = re.compile(r'(\slang\s*=\s*)(["\'])zh(?:-[A-Za-z]+)?\2')
_RAW = {"script", "style"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@cache
def _converter(script: str):
    import opencc

    return opencc.OpenCC(SCRIPTS[script])


def convert_text(text: str, script: str) -> str:
    """Plain text (a post, a caption) in `script`."""
    if not SCRIPTS.get(script) or not text:
        return text
    return _converter(script).convert(text)


def convert_html(html: str, script: str) -> str:
    """An HTML page in `script`: its readable text converted, its markup and its quotations of
    sources (data-source) kept as they are, its lang set to the script's."""
    if not SCRIPTS.get(script):
        return html
    out: list[str] = []
    open_elements: list[tuple[str, bool]] = []  # (tag, keeps its text as written)
    at = 0
    for token in _TOKEN.finditer(html):
        text = html[at : token.start()]
        keep = any(kept for _, kept in open_elements)
        out.append(text if keep else convert_text(text, script))
        out.append(_tag(token.group(), script, open_elements))
        at = token.end()
    out.append(convert_text(html[at:], script) if not any(kept for _, kept in open_elements) else html[at:])
    return "".join(out)


def _tag(token: str, script: str, open_elements: list[tuple[str, bool]]) -> str:
    """One tag as it is, its readable attributes converted; the stack of open elements updated."""
    tag = _TAG.fullmatch(token)
    if tag is None:  # a comment or a doctype
        return token
    closing, name, attributes, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
    if closing:
        while open_elements:
            if open_elements.pop()[0] == name:
                break
        return token
    keep = "data-source" in attributes or name in _RAW
    if name not in _VOID and not self_closing:
        open_elements.append((name, keep))
    if keep:
        return token
    token = _LANG_ATTRIBUTE.sub(lambda m: f"{m.group(1)}{m.group(2)}{LANG[script]}{m.group(2)}", token)
    return _READ_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + convert_text(m.group(3), script) + m.group(2),
                               token)


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
