"""Reading sources: bytes → decoded original → front matter + body text mapped to offsets.

Formats: Markdown with YAML front matter and raw HTML inside (Hexo, Jekyll), HTML pages, and
plain text scraped from a web page. HTML is cut into text pieces by html_text.BodyParser, which
keeps where every piece stands, so the body keeps a map back to the file; this module strips
Markdown's syntax and page furniture from the lines and assembles the body.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from generator.errors import SourceError
from generator.model import Block, Body, MappedText, SourceDoc
from generator.sources.encoding import decode_bytes
from generator.sources.html_text import BodyParser
from generator.sources.mapped import MappedBuilder, remove_spans, slice_mapped, strip_pattern
from generator.yamlfile import SafeNoAliasLoader, strict_load

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""A press release is kilobytes; a larger file is refused rather than read into memory."""

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

FRONT_MATTER = re.compile(r"\A(?:[ \t]*\r?\n)*---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                          re.S | re.M)

# Markdown and template syntax that is not text. Regular expressions are right here: this is
# Markdown's own line syntax, not HTML (HTML went through the parser already).
MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
MD_EMPHASIS = re.compile(r"\*{2,}|_{2,}|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
MD_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*|>[ \t]?|[-+*•·][ \t]+|\d{1,2}[.)][ \t]+)", re.M)
BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'，。；）)\]]+|www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,}\S*"
                      r"|[\w.+-]+@[\w-]+\.[\w.-]+")

# Lines of page furniture in scraped text.
FOOTER_LINE = re.compile(
    r"ICP[备证]|公网安备|网站标识码|版权所有|Copyright|©|\(c\)\s*\d{4}|主办单位|承办单位|技术支持[:：]"
    r"|备案序号|备案号", re.I)
META_LINE = re.compile(
    r"^\s*(?:时间|日期|发布时间|发布日期|更新时间|来源|作者|编辑|责任编辑|责编|点击量|点击数|浏览次数|"
    r"阅读量|字号|字体|分享到|打印|关闭)\s*(?:[:：]|$)")
# A "you are here" trail: 当前位置, 您现在的位置 : 首页 > …, or any two steps of a trail (微比恩 > 信息聚合 > …).
BREADCRUMB = re.compile(r"当前位置|當前位置|您的位置|你的位置|您现在的位置|你现在的位置|現在位置|目前位置|所在位置"
                        r"|首[页頁]\s*[>＞»/›]"
                        r"|(?:\s[>＞»›]\s[^>＞»›]{1,40}){2}")
BREADCRUMB_LENGTH = 160
"""A trail lists up to six or seven sections with spaces around each step: longer than a footer line."""
# Where an article ends on a portal page: a list of other stories follows.
ARTICLE_END = re.compile(r"^\s*(?:相关新闻|相关阅读|相关链接|相关文章|相关稿件|推荐阅读|延伸阅读|热点新闻|"
                         r"热门新闻|更多新闻|往期回顾|猜你喜欢|相關新聞|相關閱讀|延伸閱讀|熱門新聞|更多新聞)\s*[:：]?\s*$")
# A line of a list of other stories: a headline with its date ([2025-12-18], 2025-12-18).
STORY_LINE = re.compile(r"[\[【(（]?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]?\s*-?\s*$"
                        r"|^[\[【(（]?\d{4}-\d{1,2}-\d{1,2}[\]】)）]?\s*[^\d:：\s][^。；;！!？?]*$"
                        r"|(?:\.\.\.|…)\s*[（(]\d+[）)]\s*$"  # ·70城市房价…上涨...(2): a headline, its comments
                        r"|^已有\d+人(?:发表了?|發表了?|参与|參與)?(?:评论|評論)")  # 已有0人发表了评论
"""…or the date first (2016-07-27今年上半年 甘肃省181人…被处理): a headline with no full stop after a
date written with dashes, as lists of related stories print it."""
SENTENCE_MARK = re.compile(r"[。！？；，、：!?;,:]")


def read_source(path: str | Path, *, metadata: dict | None = None) -> SourceDoc:
    """Read one source file into a SourceDoc. Bad input raises SourceError naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise SourceError(path, "is a directory, not a source file")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(path, f"is {size / 2**20:.1f} MiB; sources larger than "
                                f"{MAX_SOURCE_BYTES // 2**20} MiB are refused")
    return parse_source(_read_bytes(path), path, metadata=metadata)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror or exc}") from None


def read_text(path: str | Path) -> str:
    """A content file's text, decoded as a source is (UTF-8 with or without BOM, UTF-16 with BOM,
    GB18030, Big5), with a lone CR read as a line end. SourceError names the file and what is wrong
    (the byte offset of a bad byte)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror or exc}") from None
    if size > MAX_SOURCE_BYTES:
        raise SourceError(path, f"is {size / 2**20:.0f} MiB; files larger than {MAX_SOURCE_BYTES // 2**20} MiB "
                                f"are refused")
    return line_ends(decode_bytes(_read_bytes(path), path).text)


_LONE_CR = re.compile(r"\r(?!\n)")


def line_ends(text: str) -> str:
    """The text with each lone CR (old Mac line ends) as LF: the same length, so every offset stays."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def parse_source(data: bytes, path: str | Path, *, metadata: dict | None = None,
                 everything: bool = False) -> SourceDoc:
    """Parse a source's bytes (named `path` in messages) into a SourceDoc.

    `everything` keeps page furniture and attribute text (for checking rendered pages).
    """
    path = Path(path)
    decoded = decode_bytes(data, path)
    original = line_ends(decoded.text)  # a lone CR is a line end: offsets are those of the decoded file
    front, body_start = split_front_matter(original, path)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    body = read_body(original, body_start, html_mode=is_html, everything=everything)
    merged = {**front, **(metadata or {})}
    body = _article(body, path, str(merged.get("body_start") or ""), str(merged.get("body_end") or ""))
    if not body.text.strip():
        raise SourceError(path, "has no readable body text after removing markup and page furniture")
    return SourceDoc(
        path=str(path),
        name=path.name,
        original=original,
        encoding=decoded.encoding,
        encoding_why=decoded.why,
        encoding_warning=decoded.warning,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=merged,
        body=body,
    )


def _article(body: Body, path: Path, first: str, last: str) -> Body:
    """The part of the body the sources index declares as the article (body_start, body_end:
    text of its first and last paragraph), for pages that hold several stories."""
    if not first and not last:
        return body
    text = body.text
    start = text.find(first) if first else 0
    if start < 0:
        raise SourceError(path, f"body_start {first!r} is not in the body")
    end = text.find(last, start) if last else len(text)
    if end < 0:
        raise SourceError(path, f"body_end {last!r} is not in the body after body_start")
    end += len(last)
    start = next(b.start for b in reversed(body.blocks) if b.start <= start)  # whole paragraphs
    end = next(b.end for b in body.blocks if b.end >= end)
    blocks = tuple(Block(b.start - start, b.end - start) for b in body.blocks if start <= b.start and b.end <= end)
    return Body(slice_mapped(body.mapped, start, end), blocks, body.cuts)


def split_front_matter(text: str, path: Path, *, strict: bool = False) -> tuple[dict, int]:
    """YAML front matter as a dict, and the offset where the body starts.

    `strict` (a product's front matter): every scalar stays the text as written (0755, NO,
    44.10) and a duplicate key is an error naming its line, as in the project's YAML files."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    line = text.count("\n", 0, match.start(1)) + 1
    try:
        data = strict_load(match.group(1)) if strict else yaml.load(match.group(1), Loader=SafeNoAliasLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + mark.line if mark is not None else line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if strict:
            raise SourceError(path, f"front matter: {problem}", line=where) from None
        raise SourceError(path, f"front matter is not valid YAML: {problem}", line=where) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(path, f"front matter must be a mapping of fields, not a {type(data).__name__}",
                          line=line)
    return {str(k): v for k, v in data.items()}, match.end()



def read_body(original: str, start: int, *, html_mode: bool, everything: bool = False) -> Body:
    """The body of `original` from offset `start`: text blocks mapped to the original.

    With `everything`, all text a reader can see or hear is kept (titles, navigation,
    footers, alt text, meta descriptions): that is how the check reads rendered pages.
    """
    parser = BodyParser(original[start:], start, everything=everything)
    parser.feed(original[start:])
    parser.close()
    parser.block_break()
    lines: list[MappedText] = []
    for chunk in parser.chunks:
        if html_mode:
            lines.append(_collapse_space(strip_pattern(chunk, BARE_URL)))
        else:
            lines.extend(_markdown_lines(chunk))
    kept = [line for line in (_trim(x) for x in lines) if line.text]
    if not everything:
        kept = _drop_furniture(kept)
    return _assemble(kept, sorted(set(parser.cuts)))


def _markdown_lines(chunk: MappedText) -> list[MappedText]:
    """Strip Markdown/template syntax from a chunk of text and split it into lines."""
    for pattern, keep in ((TEMPLATE_TAG, None), (MD_IMAGE, None), (MD_LINK, 1), (BARE_URL, None)):
        chunk = strip_pattern(chunk, pattern, keep)
    lines = []
    pos = 0
    text = chunk.text
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = slice_mapped(chunk, pos, end)
        line = strip_pattern(line, MD_LINE_MARK)
        line = strip_pattern(line, MD_EMPHASIS)
        lines.append(line)
        pos = end + 1
    return lines


_SPACE_RUN = re.compile(r"\s+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _collapse_space(chunk: MappedText) -> MappedText:
    """HTML white space: a run reads as one space, or as nothing next to CJK text."""
    spans = []
    text = chunk.text
    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        if match.group() == " ":
            continue
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not before or not after or _CJK.match(before) or _CJK.match(after):
            spans.append((start, end))
        else:  # between Latin words or digits: keep one white-space character
            spans.append((start + 1, end))
    return remove_spans(chunk, spans)


def _trim(line: MappedText) -> MappedText:
    """The line without surrounding white space (ASCII, ideographic and no-break)."""
    text = line.text
    start, end = 0, len(text)
    while start < end and text[start] in " \t\r\n\u3000\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\r\n\u3000\u00a0":
        end -= 1
    return slice_mapped(line, start, end)


def _drop_furniture(lines: list[MappedText]) -> list[MappedText]:
    """Remove footer, metadata, breadcrumb and navigation-list lines of scraped pages, and
    everything after the article's end (相关新闻 and the other stories listed under it)."""
    end = next((i for i, line in enumerate(lines) if i and ARTICLE_END.match(line.text)), len(lines))
    lines = lines[:end]
    noise = [_is_noise_line(line.text) for line in lines]
    # A navigation list is a run of three or more short lines without sentence punctuation
    # or digits (四川, 第五师双河市政府网 …); one short heading alone is kept.
    short = [_is_short_label(line.text) for line in lines]
    i = 0
    while i < len(lines):
        if short[i]:
            j = i
            while j < len(lines) and (short[j] or noise[j]):
                j += 1
            if sum(short[i:j]) >= 3:
                for k in range(i, j):
                    noise[k] = True
            i = max(j, i + 1)
        else:
            i += 1
    return [line for line, drop in zip(lines, noise, strict=True) if not drop]


AD_LINE = re.compile(r"(?:广告|廣告|推广|推廣)(?:\s+(?:广告|廣告|推广|推廣))*")
"""广告 广告: where a page's advertisement stood (it is no heading of what follows)."""


def _is_noise_line(text: str) -> bool:
    if AD_LINE.fullmatch(text):
        return True
    if len(text) <= 80 and (FOOTER_LINE.search(text) or STORY_LINE.search(text)):
        return True
    if len(text) <= BREADCRUMB_LENGTH and BREADCRUMB.search(text):
        return True
    return len(text) <= 40 and bool(META_LINE.match(text))


def _is_short_label(text: str) -> bool:
    return len(text) <= 16 and not SENTENCE_MARK.search(text) and not re.search(r"\d", text)


def _assemble(lines: list[MappedText], cuts: list[int]) -> Body:
    """Join lines into one body text, one block per line."""
    builder = MappedBuilder()
    blocks: list[Block] = []
    pos = 0
    for line in lines:
        if blocks:
            builder.add_char("\n", line.offsets[0])
            pos += 1
        builder.add_mapped(line)
        blocks.append(Block(pos, pos + len(line.text)))
        pos += len(line.text)
    return Body(mapped=builder.build(), blocks=tuple(blocks), cuts=tuple(cuts))


def plain_text_doc(text: str, name: str) -> SourceDoc:
    """Text read back from a rendered PDF or card, as a SourceDoc: one block per line,
    nothing stripped (the check must see every character a reader sees)."""
    lines = []
    start = 0
    for line in text.split("\n"):
        mapped = MappedBuilder()
        mapped.add_run(line, start)
        trimmed = _trim(mapped.build())
        if trimmed.text:
            lines.append(trimmed)
        start += len(line) + 1
    body = _assemble(lines, [])
    return SourceDoc(path=name, name=name, original=text, encoding="utf-8",
                     sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), metadata={}, body=body)
