"""Reading sources: bytes → decoded original → front matter + body text mapped to offsets.

Formats: Markdown with YAML front matter and raw HTML inside (Hexo, Jekyll), HTML pages, and
plain text scraped from a web page. HTML is read with the standard library's HTMLParser,
which reports where every piece of text stands, so the body keeps a map back to the file.
"""

from __future__ import annotations

import hashlib
import html.entities
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.errors import SourceError
from generator.model import Block, Body, MappedText, SourceDoc
from generator.sources.encoding import decode_bytes
from generator.sources.mapped import MappedBuilder, remove_spans, slice_mapped, strip_pattern
from generator.yamlfile import SafeNoAliasLoader, strict_load

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""A press release is kilobytes; a larger file is refused rather than read into memory."""

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

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
    "th", "thead", "tbody", "blockquote", "section", "article", "main", "pre", "hr", "dl", "dt",
    "dd", "figure", "figcaption", "caption", "center", "address", "body", "html",
}
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
             "param", "source", "track", "wbr"}

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
BREADCRUMB = re.compile(r"当前位置|您的位置|首页\s*[>＞»/]")
# Where an article ends on a portal page: a list of other stories follows.
ARTICLE_END = re.compile(r"^\s*(?:相关新闻|相关阅读|相关链接|相关文章|相关稿件|推荐阅读|延伸阅读|热点新闻|"
                         r"热门新闻|更多新闻|往期回顾|猜你喜欢|相關新聞|相關閱讀|延伸閱讀|熱門新聞|更多新聞)\s*[:：]?\s*$")
# A line of a list of other stories: a headline with its date ([2025-12-18], 2025-12-18).
STORY_LINE = re.compile(r"[\[【(（]?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]?\s*-?\s*$")
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


class _BodyParser(HTMLParser):
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

    def position(self) -> int:
        """Offset in the original file of the event being handled."""
        line, col = self.getpos()
        return self.base + self.line_starts[line - 1] + col

    def block_break(self) -> None:
        chunk = self.current.build()
        if chunk.text:
            self.chunks.append(chunk)
        self.current = MappedBuilder()

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
        if tag in BLOCK_TAGS:
            self.block_break()

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


def read_body(original: str, start: int, *, html_mode: bool, everything: bool = False) -> Body:
    """The body of `original` from offset `start`: text blocks mapped to the original.

    With `everything`, all text a reader can see or hear is kept (titles, navigation,
    footers, alt text, meta descriptions): that is how the check reads rendered pages.
    """
    parser = _BodyParser(original[start:], start, everything=everything)
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


def _is_noise_line(text: str) -> bool:
    if len(text) <= 80 and (FOOTER_LINE.search(text) or BREADCRUMB.search(text) or STORY_LINE.search(text)):
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
