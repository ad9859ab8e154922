"""Products: Markdown files with front matter that reference figures by id.

A figure is referenced as [[fig:ID]] (its source surface, 44.1万余起) or [[fig:ID|words]]
(the qualifier in words, 超过44.1万起). Markdown is data, never template source: the
shortcodes are replaced after Markdown has been converted and sanitised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
import nh3

from generator.config import BuildConfig
from generator.errors import ConfigError, GeneratorError, SourceError, did_you_mean
from generator.sources.reader import read_text, split_front_matter

if TYPE_CHECKING:
    from generator.figures.registry import Figure

PRODUCT_KINDS = {"leaflets": "leaflet", "briefings": "briefing", "posts": "post"}
"""Content folders that hold products, and the template kind each renders with."""

SHORTCODE = re.compile(r"\[\[fig:([^\]|\s]+)(?:\|([a-z]+))?\]\]")
METRIC = re.compile(r"\[\[metric:([^\]|\s]+)(?:\|([a-z]+))?\]\]")
"""[[metric:cases-solved]]: the newest whole-year figure registered for a metric, with its year."""
FORMATS = ("surface", "words")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A soft line break renders as a space; beside a Han character or a full-width mark that is a
# stray space (挽回经济损失 3200, 1870余亿元。 2021年), so such breaks are joined (join_soft_breaks).
_WIDE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_HEADING = re.compile(r"[ \t]{0,3}#")
_STARTS_BLOCK = re.compile(r"[ \t]{0,3}(?:#|>|[-*+][ \t]|\d+[.)][ \t]|\||```|~~~)|[ \t]{4}")
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


Newest = Callable[[str], "Figure | None"]
"""A metric key → the newest whole-year figure registered for it (Registry.newest_full_year)."""


def read_products(content_dir: Path, figure_ids: set[str], newest: Newest | None = None, *,
                  max_nesting: int = MAX_NESTING) -> list[Product]:
    """Every product under content_dir but drafts, in a stable order; every problem of every
    product is reported at once."""
    products, errors = [], []
    for folder, kind in sorted(PRODUCT_KINDS.items()):
        for path in sorted((Path(content_dir) / folder).glob("*.md")):
            try:
                product = read_product(path, kind, figure_ids, newest, max_nesting=max_nesting)
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
LISTS = {"figures", "fraud_types", "topics", "mentions"}
"""Front-matter fields that are lists of texts (a briefing's sections are checked in
products/briefing_front_matter.py)."""
MAX_SLUG = 64
"""Letters in a product's file name: its longest output name (NAME-trifold-print.html) stays short."""
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.I)


def read_product(path: Path, kind: str, figure_ids: set[str], newest: Newest | None = None, *,
                 max_nesting: int = MAX_NESTING) -> Product:
    """One product file: front matter, Markdown body, figure references checked. Decoded like a
    source (BOM, UTF-16 with BOM, GB18030); SourceError names the file and the byte that is wrong."""
    text = _cite_metrics(read_text(path), path, newest)
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
            errors.append(f"{path}:{front_matter_line(text, 'figures')}: front matter lists unknown figure id "
                          f"{listed!r}{did_you_mean(listed, figure_ids)}")
    errors += _references_in_front_matter(meta, text, path)
    if kind == "briefing":  # its sections from the front matter: each optional, each checked here
        from generator.products.briefing_front_matter import check_briefing

        errors += check_briefing(meta, text, path, figure_ids)
    if _IMAGE.search(body):  # its line counted in the file as written (figure references are longer in it)
        image = _IMAGE.search(text, body_start)
        line = text.count("\n", 0, image.start() if image else body_start) + 1
        errors.append(f"{path}:{line}: an image in a product's Markdown is not shown (images come from the "
                      f"templates, and a remote one is never fetched); remove it")
    if errors:
        raise ConfigError("\n".join(errors))
    try:
        html = markdown.markdown(join_soft_breaks(body), extensions=["tables"], output_format="html")
        html = nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"span": {"class"}}, link_rel=None)
        depth = nesting_depth(html)
    except RecursionError:
        depth = max_nesting + 1
    if depth > max_nesting:
        raise ConfigError(f"{path}: its Markdown nests {depth if depth <= 10**6 else 'too many'} elements deep "
                          f"(lists, quotes, tables), more than the {max_nesting} allowed ([build] max_nesting "
                          f"in fanzha.toml)")
    if kind == "briefing":  # 一、二、三… in order; the template numbers its sections after these
        from generator.products.briefing import number_headings

        html, errors = number_headings(html, text, body_start, path)
        if errors:
            raise ConfigError("\n".join(errors))
    return Product(slug=slug, kind=kind, path=str(path), meta=meta, body_html=html, refs=refs, source_text=text)


def join_soft_breaks(markdown_text: str) -> str:
    """Markdown with the soft line breaks beside a Han character or full-width mark removed, so
    they do not render as a space. A hard break (two spaces, a backslash), the end of a heading
    and a line that starts a block (heading, quote, list, table, code) keep their break."""
    lines = markdown_text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        before, after = out[-1].rstrip(" \t"), line.lstrip(" \t")
        hard = out[-1].endswith(("  ", "\t", "\\"))
        if before and after and not hard and not _HEADING.match(before) and not _STARTS_BLOCK.match(line) \
                and (_WIDE.match(before[-1]) or _WIDE.match(after[0])):
            out[-1] = before + after
        else:
            out.append(line)
    return "\n".join(out)


FIGURE_FIELDS = {"lead"}
"""Front-matter fields that may cite figures ([[fig:ID]]): the rest are printed as written."""


def _references_in_front_matter(meta: dict, text: str, path: Path) -> list[str]:
    """A figure reference in a field that prints it literally (a title) is an error naming the field."""
    return [f"{path}:{front_matter_line(text, key)}: front matter `{key}` cannot cite a figure "
            f"({value[value.index('[['):][:40]!r}); cite figures in the text{' or the lead' if key != 'lead' else ''}, "
            f"and keep numbers out of `{key}`"
            for key, value in meta.items()
            if key not in FIGURE_FIELDS and isinstance(value, str) and re.search(r"\[\[(?:fig|metric):", value)]


def _cite_metrics(text: str, path: Path, newest: Newest | None) -> str:
    """Each [[metric:KEY]] as the newest whole-year figure of that metric, followed by its year
    (（2021年）), so that next year's leaflet is brought up to date by registering a figure."""
    errors = []

    def cite(match: re.Match) -> str:
        figure = newest(match.group(1)) if newest else None
        if figure is None:
            line = text.count("\n", 0, match.start()) + 1
            errors.append(f"{path}:{line}: no whole-year figure is registered for metric {match.group(1)!r}")
            return match.group()
        words = f"|{match.group(2)}" if match.group(2) else ""
        return f"[[fig:{figure.id}{words}]]（{figure.period}）"

    cited = METRIC.sub(cite, text)
    if errors:
        raise ConfigError("\n".join(errors))
    return cited


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
            errors.append(f"{path}:{line}: unknown figure id {figure_id!r}{did_you_mean(figure_id, figure_ids)}")
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
