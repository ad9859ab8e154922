"""Rendering products with Jinja2: one sealed environment, figures by id only.

Every template is autoescaped whatever its file name, undefined names are errors, and a
figure enters a page only through fig(id): wrapped so it never splits from its unit, and
written with its qualifier and exact value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.config import PAGE_TARGET, BriefingConfig, SiteConfig, Unit
from generator.errors import ConfigError
from generator.extraction.numbers import with_magnitude
from generator.extraction.periods import chinese_date
from generator.figures.guidance import Guidance
from generator.figures.quotes import display_quote
from generator.figures.registry import Figure, Registry
from generator.model import Artifact
from generator.products.briefing import SourceNumbers, chinese_numeral
from generator.products.content import Product, fill_figures
from generator.products.outputs import PagePlan
from generator.rendering.charts import Chart, bar_chart
from generator.rendering.design import Design, Icons, output_profile, profile_css
from generator.rendering.display import display, words_html
from generator.rendering.logo import read_logo
from generator.rendering.script import convert_html
from generator.rendering.typeset import keep_numbers, keep_numbers_html, typeset

# The word a qualifier is written with when a figure is shown "in words".
# Each is a prefix the extractor reads back as the same qualifier (tests/test_render.py).
QUALIFIER_WORDS = {"more_than": "超过", "at_least": "不少于", "nearly": "近", "about": "约", "less_than": "不足",
                   "at_most": "不超过", "exact": ""}


class _ScriptTemplate(jinja2.Template):
    """A template whose rendered page is converted to its edition's script (rendering/script.py)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return convert_html(super().render(*args, **kwargs), str(self.environment.globals["script"]))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for all the environments of a build (one an edition): each edition's
    environment has its own unit and globals, but the same templates, and compiling them again
    for each cost about a quarter of a second an edition. Jinja keys each by its name and source."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def make_environment(templates_dir: Path, unit: Unit | None = None, site: SiteConfig | None = None,
                     briefing: BriefingConfig | None = None, script: str = "zh-Hans",
                     root: Path | None = None, compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on for every template, StrictUndefined, the
    `nums` filter that keeps numbers with their units, `display` and `words` for display text
    that never splits a word, `month` (2022-04-15 → 2022年4月) and `chinese_date` (→ 2022年4月15日).
    Every template sees the issuing `unit` (fanzha.toml [unit]), the `site` configuration and
    the briefings' distribution (`briefing_config`, [briefing]) and the edition's `script`: in
    zh-Hant, zh-HK or zh-TW every rendered page is converted with OpenCC (rendering/script.py).
    `logo` is the unit's logo file read from the project at `root` (rendering/logo.py), or None;
    `chinese_numeral` numbers sections (3 → 三). `compiled`: templates compiled for the build's
    other editions."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
    )
    env.filters["nums"] = keep_numbers
    env.filters["display"] = display
    env.filters["words"] = words_html
    env.filters["month"] = month_text
    env.filters["chinese_date"] = chinese_date
    env.filters["chinese_numeral"] = chinese_numeral
    env.extend(icons=Icons(env))  # the icons' drawings, read once for this environment (design.py)
    env.globals.update(unit=unit or Unit(), site_config=site or SiteConfig(),
                       briefing_config=briefing or BriefingConfig(), script=script, editions=(),
                       logo=read_logo(root, unit or Unit()), site_prefix="")
    if script != "zh-Hans":  # a traditional-character edition: every rendered page converted
        env.template_class = _ScriptTemplate
    return env


def month_text(iso_date: str) -> str:
    """The month a product is dated, as printed on it: 2022-04-15 → 2022年4月."""
    year, month = str(iso_date).split("-")[:2]
    return f"{int(year)}年{int(month)}月"


def qr_targets(unit: Unit, site: SiteConfig, page_path: str) -> list[tuple[str, str]]:
    """(url, caption) of each QR code a product's print carries: the unit's configured targets;
    "{page}" is the product's page on the site, only when the site has a base_url (a relative
    link cannot be scanned), and in an address (https://…/{page}) the page's path there. No
    target configured, no QR code: never an invented address."""
    targets = []
    for target in unit.qr:
        if target.url == PAGE_TARGET:
            if site.base_url:
                targets.append((site.base_url + page_path, target.label))
        else:  # an address, which may name the page where the site is published: https://…/{page}
            targets.append((target.url.replace(PAGE_TARGET, page_path), target.label))
    return targets


def figure_text(figure: Figure, fmt: str = "surface") -> str:
    """A figure as text: its source surface, or its value with the qualifier in words.

    Both keep the exact value and the qualifier: 44.1万余起 or 超过44.1万起, never 44万起.
    A derived figure is always written from its value and marked as calculated. A surface with
    no Arabic digit (约三分之二, 七成三五, 二成多) is already in words and stays as the source writes
    it: its value in digits (66.67%) would be rounded, or more precise than the source. A bare
    number of a table's cell (56.3 under 损失金额（万元）) is written with its column's measure
    word: 56.3万元.
    """
    bare = figure.unit and re.fullmatch(r"[\d.,]+", figure.surface)  # a table's cell, 18 under 发案数（起）
    if figure.surface and not bare and (fmt == "surface" or not any(ch.isdigit() for ch in figure.surface)):
        return figure.surface
    words = QUALIFIER_WORDS[figure.qualifier]
    return f"{words}{figure.shown or with_magnitude(Decimal(figure.value))}{figure.unit}"


def figure_html(figure: Figure, fmt: str = "surface") -> Markup:
    """A figure wrapped for the page: kept on one line and tagged with its id."""
    calculated = '<span class="calc">（计算值）</span>' if figure.derived else ""
    return Markup('<span class="fig" data-fig="{}">{}</span>{}').format(
        figure.id, figure_text(figure, fmt), Markup(calculated))


def source_credit(figures: list[Figure], registry: Registry | None = None) -> str:
    """数据来源：publisher，date — once per source, in the order the figures come; a derived
    figure is credited to the sources of the figures it was calculated from."""
    quoted = []
    for figure in figures:
        if figure.derived and registry is not None:
            quoted += [registry.figures[i] for i in figure.inputs if i in registry.figures]
        elif not figure.derived:
            quoted.append(figure)
    seen = dict.fromkeys((f.publisher, f.published) for f in quoted)
    if not seen:
        return ""
    return "数据来源：" + "；".join(f"{publisher}，{chinese_date(date)}" for publisher, date in seen) + "。"


def render_page(env: jinja2.Environment, product: Product, registry: Registry, guidance: Guidance,
                page: PagePlan, **extra) -> Artifact:
    """Render one of a product's planned pages to HTML; the figures it used are recorded on the artifact.

    The template sees `variant`: "screen" (the page and the screen PDF) or "print" (the print
    PDF, with bleed), and `sources`: the sources it cites, numbered once each as it cites them.
    `extra` is more context for the template (a post and its cards; `sources` with the
    sources' own metadata).
    """
    used: list[str] = [ref.figure_id for ref in product.refs] + list(product.meta.get("figures", []) or [])

    def use(figure_id: str) -> Figure:
        if figure_id not in registry.figures:
            raise ConfigError(f"template asks for unknown figure id {figure_id!r}")
        used.append(figure_id)
        return registry.figures[figure_id]

    def fig(figure_id: str, fmt: str = "surface") -> Markup:
        return figure_html(use(figure_id), fmt)

    quoted: list[tuple[str, str]] = []

    def quote(source: str, passage: str) -> Markup:
        """A passage quoted verbatim from a source (a typical case), marked data-source for the
        check; the artifact lists it, so the check finds it again in the text read back from PDFs."""
        quoted.append((source, passage))
        shown = keep_numbers(display_quote(passage))
        return Markup('<span class="quote" data-source="{}">{}</span>').format(source, shown)

    def chart(title: str, figure_ids: list[str], labels: list[str] | None = None) -> Chart:
        figures = [use(i) for i in figure_ids]
        return bar_chart(title, figures, labels, [figure_text(f) for f in figures])

    body = fill_figures(str(product.body_html), product.refs,
                        lambda ref: str(figure_html(registry.figures[ref.figure_id], ref.fmt)))
    body = keep_numbers_html(body)  # after the figures are in: placeholders hold digits too
    design = Design(env, page.variant)
    unit, site = env.globals.get("unit"), env.globals.get("site_config")
    unit = unit if isinstance(unit, Unit) else Unit()
    site = site if isinstance(site, SiteConfig) else SiteConfig()
    try:
        template = env.get_template(page.template)
        html = template.render(
            product=product, meta=product.meta, body=Markup(body), guidance=guidance, fig=fig, variant=page.variant,
            chart=chart, figures=registry.figures, cited=lambda: _cited(used, registry), d=design, quote=quote,
            credit=lambda: source_credit(_cited(used, registry), registry),
            qr_targets=qr_targets(unit, site, f"{env.globals['site_prefix']}{product.kind}s/{product.slug}.html"),
            print_profile=_print_profile(env) if design.print else Markup(""),
            **{"sources": SourceNumbers(registry), **extra},
        )
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"templates/{page.template}" + (f":{line}" if line else "")
        raise ConfigError(f"{where}: {exc.message or exc} (rendering {product.path})") from None
    return Artifact(
        path=page.path, product=product.slug, content_path=product.path,
        template=page.template, figure_ids=tuple(dict.fromkeys(used)),
        text=typeset(html, orphans=not page.template.startswith("post-card")),  # a card sets its own lines
        date=str(product.meta.get("date", "")), quotes=tuple(dict.fromkeys(quoted)),
    )


def _print_profile(env: jinja2.Environment) -> Markup:
    """The @color-profile rule of print pages: the project's printer profile or the default."""
    searchpath = getattr(env.loader, "searchpath", ["templates"])
    return profile_css(output_profile(Path(searchpath[0])))


def _cited(used: list[str], registry: Registry) -> list[Figure]:
    """The figures used so far, in order, once each, for the source notes."""
    return [registry.figures[i] for i in dict.fromkeys(used)]
