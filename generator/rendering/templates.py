"""Rendering products with Jinja2: one sealed environment, figures by id only.

Every template is autoescaped whatever its file name, undefined names are errors, and a
figure enters a page only through fig(id): wrapped so it never splits from its unit, and
written with its qualifier and exact value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from decimal import Decimal
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.rendering.charts import bar_chart
from generator.products.content import Product, fill_figures
from generator.errors import ConfigError
from generator.extraction.tokens import RANGE_MARKS, find_numbers
from generator.figures.registry import Figure, Registry
from generator.figures.guidance import Guidance
from generator.extraction.numbers import with_magnitude

# The word a qualifier is written with when a figure is shown "in words".
# Each is a prefix the extractor reads back as the same qualifier (tests/test_render.py).
QUALIFIER_WORDS = {"more_than": "超过", "nearly": "近", "about": "约", "less_than": "不足", "exact": ""}


@dataclass(frozen=True)
class Artifact:
    """A rendered file: where it goes, what it came from, the figures it may show."""

    path: str
    """Relative path under output/."""
    product: str
    content_path: str
    template: str
    figure_ids: tuple[str, ...]
    text: str
    """What the check reads: the HTML of a page, or the text read back from a PDF."""
    data: bytes | None = None
    """The file's bytes when it is not the text itself (a PDF)."""


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on for every template, StrictUndefined, and the
    `nums` filter that keeps numbers with their units."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["nums"] = keep_numbers
    return env


def figure_text(figure: Figure, fmt: str = "surface") -> str:
    """A figure as text: its source surface, or its value with the qualifier in words.

    Both keep the exact value and the qualifier: 44.1万余起 or 超过44.1万起, never 44万起.
    A derived figure is always written from its value and marked as calculated.
    """
    if fmt == "surface" and figure.surface:
        return figure.surface
    words = QUALIFIER_WORDS[figure.qualifier]
    return f"{words}{with_magnitude(Decimal(figure.value))}{figure.unit}"


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


def figure_html(figure: Figure, fmt: str = "surface") -> Markup:
    """A figure wrapped for the page: kept on one line and tagged with its id."""
    calculated = '<span class="calc">（计算值）</span>' if figure.derived else ""
    return Markup('<span class="fig" data-fig="{}">{}</span>{}').format(
        figure.id, figure_text(figure, fmt), Markup(calculated))


def render_product(env: jinja2.Environment, product: Product, registry: Registry, guidance: Guidance,
                   variant: str = "screen", layout: str = "", **extra) -> Artifact:
    """Render one product to HTML; the figures it used are recorded on the artifact.

    `variant` is "screen" (the page and the screen PDF) or "print" (the print PDF, with
    bleed); `layout` picks another template of the same kind ("trifold": leaflet-trifold).
    """
    used: list[str] = [ref.figure_id for ref in product.refs] + list(product.meta.get("figures", []) or [])

    def use(figure_id: str) -> Figure:
        if figure_id not in registry.figures:
            raise ConfigError(f"template asks for unknown figure id {figure_id!r}")
        used.append(figure_id)
        return registry.figures[figure_id]

    def fig(figure_id: str, fmt: str = "surface") -> Markup:
        return figure_html(use(figure_id), fmt)

    def chart(title: str, figure_ids: list[str], labels: list[str]) -> Markup:
        figures = [use(i) for i in figure_ids]
        return bar_chart(title, figures, labels, [figure_text(f) for f in figures])

    body = fill_figures(str(product.body_html), product.refs,
                        lambda ref: str(figure_html(registry.figures[ref.figure_id], ref.fmt)))
    body = keep_numbers_html(body)  # after the figures are in: placeholders hold digits too
    stem = f"{product.kind}-{layout}" if layout else product.kind
    template_name = f"{stem}.html.j2"
    try:
        template = env.get_template(template_name)
        html = template.render(
            product=product, meta=product.meta, body=Markup(body), guidance=guidance, fig=fig, variant=variant,
            chart=chart,
            figures=registry.figures, cited=lambda: _cited(used, registry), **extra,
        )
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"templates/{template_name}" + (f":{line}" if line else "")
        raise ConfigError(f"{where}: {exc.message or exc} (rendering {product.path})") from None
    html = space_han_latin(glue_punctuation(html))
    suffix = (f"-{layout}" if layout else "") + (".html" if variant == "screen" else f"-{variant}.html")
    return Artifact(
        path=f"{product.kind}s/{product.slug}{suffix}", product=product.slug, content_path=product.path,
        template=template_name, figure_ids=tuple(dict.fromkeys(used)), text=html,
    )


def _cited(used: list[str], registry: Registry) -> list[Figure]:
    """The figures used so far, in order, once each, for the source notes."""
    return [registry.figures[i] for i in dict.fromkeys(used)]
