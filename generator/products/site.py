"""The static site: every product, the figures and their sources, the check, in output/site/.

Pages are rendered from templates/site/ with the same sealed Jinja2 environment as products
and checked like every other page. Links are relative, so output/site/ works from any folder
or host; with a base_url in fanzha.toml the feed, sitemap and og:image get absolute URLs.
Text quoted from a source (a source's paragraphs, a figure's quote) is marked with
data-source="FILE": the check makes sure it stands verbatim in that source.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from datetime import date
from html import escape as html_escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.checking.verify import age_in_months
from generator.config import SiteConfig
from generator.errors import ConfigError
from generator.extraction.periods import period_end
from generator.figures.guidance import Guidance
from generator.figures.registry import Registry
from generator.model import Artifact
from generator.products.content import fill_figures
from generator.products.feeds import atom_feed, describe, figures_csv, figures_export, sitemap
from generator.products.outputs import SITE, downloads, on_site, site_image_page
from generator.products.platforms import CARDS, PLATFORMS
from generator.products.post_texts import alt_text
from generator.rendering.design import Design
from generator.rendering.jobs import RenderJob
from generator.rendering.templates import figure_html, source_credit
from generator.rendering.typeset import keep_numbers, keep_numbers_html, typeset

ASSETS = ("site.css", "site.js", "favicon.svg")
NAV = (("index.html#leaflets", "宣传单"), ("index.html#posts", "社交媒体"), ("index.html#briefings", "简报"))
"""The public's navigation: the materials."""
NAV_REVIEW = (("figures.html", "数据"), ("sources/index.html", "来源"), ("check.html", "核查报告"),
              ("about.html", "关于本站"))
"""The reviewers' navigation, second: where every number comes from and how it was checked."""
PLATFORM_FIELDS = {
    "weibo": (("text", "微博正文"),),
    "wechat": (("title", "公众号标题"), ("digest", "公众号摘要"), ("article", "公众号正文")),
    "moments": (("text", "朋友圈文字"),),
    "douyin": (("text", "抖音文案"),),
    "xiaohongshu": (("title", "小红书标题"), ("text", "小红书正文")),
    "x": (("text", "X 正文"),),
}


@dataclass(frozen=True)
class SiteInput:
    """What the site is made from: the build's products, figures, sources and rendered files."""

    config: SiteConfig
    products: list
    registry: Registry
    guidance: Guidance
    docs: list
    records_by_source: dict
    artifacts: list
    """The product artifacts: the pages, and the PDFs and cards (rendered, or about to be)."""
    posts: list
    """(product, PostOutput) of every post, as the build made and composed them."""
    stale_after: int = 24
    """Months after its period's end that a figure is marked stale on the figures page ([check])."""


def site_pages(env, data: SiteInput) -> list[Artifact]:
    """The site's HTML pages, to be checked. They need only the products' pages, not their
    PDFs, so they are made while the PDFs render."""
    pages = _SitePages(env, data)
    pages.product_pages()
    pages.reference_pages()
    return pages.made


class _SitePages:
    """Renders the site's pages one by one, each with the context every page gets."""

    def __init__(self, env, data: SiteInput):
        self.env, self.data = env, data
        self.made: list[Artifact] = []

    def page(self, path: str, template: str, *, title: str, description: str, figure_ids=(), product="site",
             content_path="", og_image="og.png", date="", **context) -> None:
        data, root = self.data, "../" * path.count("/")
        try:
            html = _render(self.env, template, dict(
                site=data.config, root=root, path=path, title=title, description=description,
                og_image=_absolute(data.config, root, og_image), canonical=_absolute(data.config, root, path),
                nav=NAV, nav_review=NAV_REVIEW, guidance=data.guidance, figures=data.registry.figures, stem=_stem,
                d=Design(self.env, "screen"), qr_targets=(), quote=_quote,
                fig=lambda figure_id, fmt="surface": figure_html(data.registry.figures[figure_id], fmt),
                **context))
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f"templates/site/{template}" + (f":{line}" if line else "")
            raise ConfigError(f"{where}: {exc.message or exc} (rendering the site page {path})") from None
        self.made.append(Artifact(path=f"{SITE}/{path}", product=product, content_path=content_path,
                                  template=f"site/{template}", figure_ids=tuple(figure_ids), text=html, date=date))

    def product_pages(self) -> None:
        """A page per leaflet and briefing (preview, downloads) and per post (texts, cards)."""
        by_path = {a.path: a for a in self.data.artifacts}
        leaflets, briefings, posts = _products(self.data)
        for product in leaflets + briefings:
            folder = f"{product.kind}s"
            offered = [(path.removeprefix(f"{folder}/"), label)
                       for path, label in downloads(product.kind, product.slug)]
            cited = list(by_path[f"{folder}/{product.slug}.html"].figure_ids)
            registry = self.data.registry
            self.page(f"{folder}/{product.slug}.html", f"{product.kind}.html.j2", title=product.meta["title"],
                      description=describe(product), figure_ids=cited, product=product.slug,
                      content_path=product.path, product_=product, downloads=offered, cited=cited,
                      date=product.meta["date"], body=_body(product, registry),
                      credit=source_credit([registry.figures[i] for i in cited], registry))
        for product, post, fields in posts:
            self.page(f"posts/{post.slug}.html", "post.html.j2", title=post.title, description=post.lead,
                      figure_ids=post.figure_ids, product=post.slug, content_path=product.path,
                      og_image=f"posts/{post.slug}/cards/og.png", post=post, fields=fields,
                      platforms=PLATFORMS, platform_fields=PLATFORM_FIELDS, cards=CARDS, alt=alt_text(post),
                      article_html=keep_numbers_html(fields["wechat"]["article"]), date=product.meta["date"])

    def reference_pages(self) -> None:
        """The home page, the figures explorer, the sources, the check report, about and 404."""
        data = self.data
        leaflets, briefings, posts = _products(data)
        all_ids = tuple(data.registry.figures)
        self.page("index.html", "index.html.j2", title=data.config.title, description=data.config.description,
                  figure_ids=all_ids, leaflets=leaflets, briefings=briefings, posts=posts)
        reference = reference_date(data.docs)
        self.page("figures.html", "figures.html.j2", title="数据浏览：全部登记数字", figure_ids=all_ids,
                  description="每个登记数字的数值、口径、时段、发布方和原文出处，可按时段和指标筛选。",
                  periods=_periods(data.registry), metrics=_metrics(data.registry), reference=reference,
                  ages=figure_ages(data.registry, reference, data.stale_after),
                  stale_since=months_before(reference, data.stale_after))
        self.page("sources/index.html", "sources.html.j2", title="来源文件", figure_ids=(),
                  description="本站所有数字所依据的新闻发布和报道原文。", docs=data.docs)
        for doc in data.docs:
            figures_here = [f for f in data.registry.figures.values() if f.source == doc.name]
            where = f"{doc.metadata.get('publisher', '')}，{doc.metadata.get('published', '')}"
            self.page(f"sources/{_stem(doc.name)}.html", "source.html.j2", title=f"来源原文（{where}）",
                      description=f"{where}发布的原文，标出了全部统计数字和登记数字的引文。",
                      figure_ids=[f.id for f in figures_here], content_path=doc.path, doc=doc,
                      paragraphs=_marked_paragraphs(doc, data.records_by_source[doc.name], figures_here))
        self.page("check.html", "check.html.j2", title="核查报告", figure_ids=all_ids,
                  description="每个页面、PDF、帖子和分享卡片上的每个数字都已对照来源核查。",
                  checked=_checked_summary(data.artifacts))
        self.page("about.html", "about.html.j2", title="关于本站", figure_ids=(),
                  description="本站内容如何制作、数字如何核查。")
        self.page("404.html", "404.html.j2", title="页面不存在", figure_ids=(), description="页面不存在。")


def _quote(source: str, passage: str) -> Markup:
    """A passage quoted verbatim from a source (a typical case), marked for the check."""
    return Markup('<span class="quote" data-source="{}">{}</span>').format(source, keep_numbers(passage))


def _body(product, registry: Registry) -> Markup:
    """A product's Markdown body as HTML with its figures in, for reading on its page."""
    body = fill_figures(str(product.body_html), product.refs,
                        lambda ref: str(figure_html(registry.figures[ref.figure_id], ref.fmt)))
    return keep_numbers_html(body)


def reference_date(docs) -> str:
    """The date ages are counted to: the newest source's report date (YYYY-MM-DD). Never the
    day of the build, so that a rebuild gives the same site; a new source moves it on."""
    dates = [str(doc.metadata.get("reported") or doc.metadata.get("published") or "") for doc in docs]
    return max((d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)), default="")


@dataclass(frozen=True)
class Age:
    """How old a figure is on the reference date: its period's last day, whole months since."""

    end: str
    """The period's last day, YYYY-MM-DD."""
    months: int
    stale: bool
    """More than [check] stale_after months."""


def figure_ages(registry: Registry, reference: str, stale_after: int) -> dict[str, Age]:
    """Each figure's age on the reference date, counted as the build's stale warning counts it
    (check.age_in_months); a calculated figure, or one of no period, has none."""
    if not reference:
        return {}
    on = date.fromisoformat(reference)
    ages = {}
    for figure in registry.figures.values():
        end = period_end(figure.period_norm)
        if end is not None:
            months = max(age_in_months(end, on), 0)
            ages[figure.id] = Age(end.isoformat(), months, months > stale_after)
    return ages


def months_before(reference: str, months: int) -> str:
    """The first day of the month `months` before the reference date's (YYYY-MM-DD): a period
    that ended before it is more than `months` old."""
    if not reference:
        return ""
    on = date.fromisoformat(reference)
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    return date(year, month + 1, 1).isoformat()


def _products(data: SiteInput):
    leaflets = [p for p in data.products if p.kind == "leaflet"]
    briefings = [p for p in data.products if p.kind == "briefing"]
    posts = [(product, output.post, output.fields) for product, output in data.posts]
    return leaflets, briefings, posts


def site_files(env, data: SiteInput, pages: list[Artifact], made: dict[str, bytes]) -> dict[str, str | bytes]:
    """The site's other files: downloads and previews, cards, assets, figures.json/csv, feed,
    sitemap. `made` holds the rendered files the check does not read (contact sheets, previews)."""
    rendered = {**{a.path: a.data for a in data.artifacts if a.data is not None}, **made}
    leaflets, briefings, posts = _products(data)
    files: dict[str, str | bytes] = {}
    for product in data.products:
        for path in on_site(product.kind, product.slug):
            files[path if path.startswith(f"{SITE}/") else f"{SITE}/{path}"] = rendered[path]
    for asset in ASSETS:
        files[f"{SITE}/assets/{asset}"] = env.loader.get_source(env, f"site/{asset}")[0]
    logo = env.globals.get("logo")
    if logo is not None:  # the unit's logo, shown in every page's header
        files[f"{SITE}/{logo.site_path}"] = logo.data
    figures = figures_export(data.registry, data.docs)
    files[f"{SITE}/figures.json"] = json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    files[f"{SITE}/figures.csv"] = figures_csv(figures)
    files[f"{SITE}/feed.xml"] = atom_feed(data.config, leaflets, briefings, posts)
    files[f"{SITE}/sitemap.xml"] = sitemap(data.config, [p.path.removeprefix(f"{SITE}/") for p in pages
                                                         if not p.path.endswith("404.html")], data.products)
    return files


def _render(env, template: str, context: dict) -> str:
    return typeset(env.get_template(f"site/{template}").render(**context))


def _stem(name: str) -> str:
    return Path(name).stem


def _absolute(config: SiteConfig, root: str, path: str) -> str:
    return f"{config.base_url}{path}" if config.base_url else f"{root}{path}"


def _periods(registry: Registry) -> list[tuple[str, str]]:
    """(normalised period, its wording) for the filter: figures of the same period group together."""
    wording: dict[str, str] = {}
    for figure in registry.figures.values():
        wording.setdefault(figure.period_norm or figure.period, figure.period)
    return sorted(wording.items())


def _metrics(registry: Registry) -> list[tuple[str, str]]:
    """(metric key, the label of its first figure) for the filter."""
    labels: dict[str, str] = {}
    for figure in registry.figures.values():
        if figure.metric:
            labels.setdefault(figure.metric, figure.label)
    return sorted(labels.items())


def _marked_paragraphs(doc, records, figures) -> list[Markup]:
    """The source's body, one paragraph per block, each statistic marked and each registered
    figure's quote highlighted (with the figure's id as its anchor).

    In time proportional to the body and its numbers: a statistic is checked only against the
    quote edges that fall inside it (found by bisection), and each block takes its marks from
    one sorted list (a file of one line with a million numbers took hours before)."""
    body = doc.body
    to_body: dict[int, int] = {}
    for index, offset in enumerate(body.mapped.offsets):
        to_body.setdefault(offset, index)
    marks = []  # (start, end, opening tag, closing tag) in body positions
    for figure in figures:
        at = body.text.find(figure.quote)
        if at >= 0:
            marks.append((at, at + len(figure.quote),
                          f'<mark class="quote" id="{figure.id}" title="登记数字 {figure.id}">', "</mark>"))
    edges = sorted((edge, index) for index, (s, e, *_) in enumerate(marks) for edge in (s, e))
    last_end = -1  # of the statistic marked before (records come in the order of the file)
    for record in records:
        if record.kind != "statistic" or record.start not in to_body:
            continue
        start = to_body[record.start]
        end = start + len(record.surface)
        if body.text[start:end] != record.surface:
            continue  # mapped through an entity or a dropped character: not marked
        near = edges[bisect.bisect_right(edges, (start, len(marks))):bisect.bisect_left(edges, (end, -1))]
        if any(s < start < e < end or start < s < end < e for s, e, *_ in (marks[i] for _, i in near)):
            continue  # would cross a quote's edge
        if start < last_end < end:
            continue  # would cross the statistic before
        last_end = end
        marks.append((start, end, f'<mark class="stat" title="{html_escape(record.metric or "统计数字")}">',
                      "</mark>"))
    marks.sort(key=lambda m: (m[0], -m[1]))
    starts = [m[0] for m in marks]
    paragraphs = []
    for block in body.blocks:
        inside = [m for m in marks[bisect.bisect_left(starts, block.start):bisect.bisect_right(starts, block.end)]
                  if m[1] <= block.end]
        events = sorted([(s, 1, i) for i, (s, *_r) in enumerate(inside)] +
                        [(e, 0, i) for i, (_s, e, *_r) in enumerate(inside)])
        out, pos = [], block.start
        for at, opening, i in events:
            out.append(html_escape(body.text[pos:at], quote=False))
            out.append(inside[i][2] if opening else inside[i][3])
            pos = at
        out.append(html_escape(body.text[pos:block.end], quote=False))
        paragraphs.append(keep_numbers_html("".join(out)))  # no number split across lines
    return paragraphs


def _checked_summary(artifacts) -> list[dict]:
    """Per checked file: its path, kind of file and the figures its numbers were traced to."""
    rows = []
    for artifact in sorted(artifacts, key=lambda a: a.path):
        rows.append({"path": artifact.path, "product": artifact.product,
                     "figures": list(artifact.figure_ids)})
    return rows


def site_image(env, config: SiteConfig, guidance: Guidance, config_path: str) -> RenderJob:
    """The site's og:image: its page, made from fanzha.toml's site title and the guidance."""
    plan = site_image_page()
    assert plan.pdf is not None
    html = env.get_template(plan.template).render(site=config, guidance=guidance, d=Design(env, "screen"))
    page = Artifact(path=plan.path, product="site", content_path=config_path, template=plan.template,
                    figure_ids=(), text=html)
    return RenderJob(page, plan.pdf)
