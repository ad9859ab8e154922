"""Products: Markdown files with front matter that reference figures by id.

A figure is referenced as [[fig:ID]] (its source surface, 44.1万余起) or [[fig:ID|words]]
(the qualifier in words, 超过44.1万起). Markdown is data, never template source: the
shortcodes are replaced after Markdown has been converted and sanitised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3

from generator.config import BuildConfig
from generator.errors import ConfigError, GeneratorError, SourceError
from generator.sources.reader import read_text, split_front_matter

PRODUCT_KINDS = {"leaflets": "leaflet", "briefings": "briefing", "posts": "post"}
"""Content folders that hold products, and the template kind each renders with."""

SHORTCODE = re.compile(r"\[\[fig:([^\]|\s]+)(?:\|([a-z]+))?\]\]")
FORMATS = ("surface", "words")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Soft line breaks next to Han characters would render as spaces (挽回经济损失 3200).
_WIDE = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SOFT_BREAK = re.compile(f"(?<=[{_WIDE}])\n(?=[{_WIDE}])")
_ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "br", "table",
                 "thead", "tbody", "tr", "th", "td", "span"}


MAX_NESTING = BuildConfig().max_nesting
"""How deeply a product's sanitised Markdown may nest (fanzha.toml [build] max_nesting): WeasyPrint
fails with a RecursionError on 50 nested tables or 150 nested blocks."""


@dataclass(frozen=True)
class FigureRef:
    """One [[fig:…]] in a product: the figure id, the format, and where it stands."""

    figure_id: str
    fmt: str
    line: int


@dataclass(frozen=True)
class Product:
    """A product to render: its metadata, its sanitised body and the figures it cites."""

    slug: str
    kind: str
    path: str
    """The Markdown file, for messages."""
    meta: dict
    body_html: str
    """Sanitised HTML with FANZHAFIG<n>X placeholders where figures go."""
    refs: tuple[FigureRef, ...]
    source_text: str
    """The Markdown file as read, to find the line of a number in a finding."""


def fill_figures(body_html: str, refs: tuple[FigureRef, ...], show) -> str:
    """The body with each FANZHAFIG<n>X placeholder replaced by show(ref) for its reference."""
    for index, ref in enumerate(refs):
        body_html = body_html.replace(f"FANZHAFIG{index}X", show(ref))
    return body_html


def read_products(content_dir: Path, figure_ids: set[str], *, max_nesting: int = MAX_NESTING) -> list[Product]:
    """Every product under content_dir but drafts, in a stable order; every problem of every
    product is reported at once."""
    products, errors = [], []
    for folder, kind in sorted(PRODUCT_KINDS.items()):
        for path in sorted((Path(content_dir) / folder).glob("*.md")):
            try:
                product = read_product(path, kind, figure_ids, max_nesting=max_nesting)
            except GeneratorError as exc:
                errors.append(str(exc.message))
                continue
            if not product.meta.get("draft"):
                products.append(product)
    if errors:
        raise ConfigError("\n".join(errors))
    return products


FLAGS = {"large_print", "draft"}
"""Front-matter fields that are yes or no."""
YES, NO = {"true", "yes", "on"}, {"false", "no", "off"}
TEXTS = {"title", "date", "audience", "short_title", "lead", "tip", "fraud_type", "masthead", "issue", "editor",
         "date_text", "distribution"}
"""Front-matter fields that are one line of text."""
LISTS = {"figures", "fraud_types", "topics", "mentions", "key_figures", "chart_cases", "chart_suspects",
         "chart_cases_labels"}
"""Front-matter fields that are lists of texts."""
MAX_SLUG = 64
"""Letters in a product's file name: its longest output name (NAME-trifold-print.html) stays short."""
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.I)


def read_product(path: Path, kind: str, figure_ids: set[str], *, max_nesting: int = MAX_NESTING) -> Product:
    """One product file: front matter, Markdown body, figure references checked. Decoded like a
    source (BOM, UTF-16 with BOM, GB18030); SourceError names the file and the byte that is wrong."""
    text = read_text(path)
    meta, body_start = _front_matter(text, path)
    slug = path.stem
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        raise ConfigError(f"{path}: file name must be a slug (lower-case letters, digits, hyphens; "
                          f"at most {MAX_SLUG})")
    if not text[body_start:].strip() and not meta.get("draft"):
        raise ConfigError(f"{path}: has no text after its front matter; write it, or mark it `draft: true` "
                          f"to leave it out of the build")
    body, refs, errors = _figure_refs(text, body_start, path, figure_ids)
    for listed in meta.get("figures", []) or []:
        if listed not in figure_ids:
            errors.append(f"{path}: front matter lists unknown figure id {listed!r}")
    image = _IMAGE.search(body)
    if image:
        line = text.count("\n", 0, body_start + image.start()) + 1
        errors.append(f"{path}:{line}: an image in a product's Markdown is not shown (images come from the "
                      f"templates, and a remote one is never fetched); remove it")
    if errors:
        raise ConfigError("\n".join(errors))
    try:
        html = markdown.markdown(_SOFT_BREAK.sub("", body), extensions=["tables"], output_format="html")
        html = nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"span": {"class"}}, link_rel=None)
        depth = nesting_depth(html)
    except RecursionError:
        depth = max_nesting + 1
    if depth > max_nesting:
        raise ConfigError(f"{path}: its Markdown nests {depth if depth <= 10**6 else 'too many'} elements deep "
                          f"(lists, quotes, tables), more than the {max_nesting} allowed ([build] max_nesting "
                          f"in fanzha.toml)")
    return Product(slug=slug, kind=kind, path=str(path), meta=meta, body_html=html, refs=refs, source_text=text)


class _Depth(HTMLParser):
    """The deepest nesting of elements in an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "hr", "img"):
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)


def nesting_depth(html: str) -> int:
    """How deeply the elements of `html` nest (<p>text</p> is 1; a table's cell is 4)."""
    parser = _Depth()
    parser.feed(html)
    parser.close()
    return parser.deepest


def _front_matter(text: str, path: Path) -> tuple[dict, int]:
    """The front matter, read strictly (scalars as written, a duplicate key an error with its
    line), with its required fields and yes/no flags checked; and where the body starts."""
    try:
        meta, body_start = split_front_matter(text, path, strict=True)
    except SourceError as exc:
        raise ConfigError(str(exc.message)) from None
    if not meta.get("title"):
        raise ConfigError(f"{path}:1: front matter needs a title")
    if not isinstance(meta.get("date"), str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"]):
        raise ConfigError(f"{path}:1: front matter needs a date (YYYY-MM-DD): it dates the PDF, "
                          f"so that the same content always gives the same file")
    for flag in FLAGS & set(meta):
        value = str(meta[flag]).lower()
        if value not in YES | NO:
            raise ConfigError(f"{path}:{front_matter_line(text, flag)}: {flag} is true or false, not {meta[flag]!r}")
        meta[flag] = value in YES
    for key in sorted(TEXTS & set(meta)):
        if not isinstance(meta[key], str):
            raise ConfigError(f"{path}:{front_matter_line(text, key)}: {key} is one line of text, "
                              f"not {_kind_of(meta[key])}")
    for key in sorted(LISTS & set(meta)):
        if not isinstance(meta[key], list) or not all(isinstance(item, str) for item in meta[key]):
            raise ConfigError(f"{path}:{front_matter_line(text, key)}: {key} is a list of texts ([a, b]), "
                              f"not {_kind_of(meta[key])}")
    return meta, body_start


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list" if all(isinstance(item, str) for item in value) else "a list of lists or mappings"
    return "a mapping" if isinstance(value, dict) else f"text ({value!r})"


def front_matter_line(text: str, key: str) -> int:
    """The line of a front-matter key in a product file (1 when it is not there)."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, flags=re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _figure_refs(text: str, body_start: int, path: Path,
                 figure_ids: set[str]) -> tuple[str, tuple[FigureRef, ...], list[str]]:
    """The body with each [[fig:…]] replaced by a placeholder, the references, and their problems."""
    refs: list[FigureRef] = []
    errors: list[str] = []

    def placeholder(match: re.Match) -> str:
        line = text.count("\n", 0, body_start + match.start()) + 1
        figure_id, fmt = match.group(1), match.group(2) or "surface"
        if figure_id not in figure_ids:
            errors.append(f"{path}:{line}: unknown figure id {figure_id!r}")
        if fmt not in FORMATS:
            errors.append(f"{path}:{line}: unknown figure format {fmt!r}; use one of {', '.join(FORMATS)}")
        refs.append(FigureRef(figure_id, fmt, line))
        return f"FANZHAFIG{len(refs) - 1}X"

    body = SHORTCODE.sub(placeholder, text[body_start:])
    leftover = re.search(r"\[\[fig:[^\]]*\]\]|\[\[fig:", body)
    if leftover:
        line = text.count("\n", 0, body_start + leftover.start()) + 1
        errors.append(f"{path}:{line}: malformed figure reference {leftover.group()!r}; write [[fig:ID]]")
    return body, tuple(refs), errors
