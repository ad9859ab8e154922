"""The static site: every product, the figures and their sources, the check, in output/site/.

Pages are rendered from templates/site/ with the same sealed Jinja2 environment as products
and checked like every other page. Links are relative, so output/site/ works from any folder
or host; with a base_url in fanzha.toml the feed, sitemap and og:image get absolute URLs.
Text quoted from a source (a source's paragraphs, a figure's quote) is marked with
data-source="FILE": the check makes sure it stands verbatim in that source.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from generator.errors import ConfigError
from generator.config import SiteConfig
from generator.figures.registry import Registry
from generator.figures.guidance import Guidance
from generator.products.posts import CARDS, PLATFORMS, alt_text
from generator.rendering.templates import Artifact, figure_html, figure_text, glue_punctuation, space_han_latin

SITE = "site"
ASSETS = ("site.css", "site.js", "favicon.svg")
NAV = (("index.html", "首页"), ("figures.html", "数据"), ("sources/index.html", "来源"),
       ("check.html", "核查"), ("about.html", "关于"))
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


def site_pages(env, data: SiteInput) -> list[Artifact]:
    """The site's HTML pages, to be checked. They need only the products' pages, not their
    PDFs, so they are made while the PDFs render."""
    by_path = {a.path: a for a in data.artifacts}
    pages: list[Artifact] = []

    def page(path: str, template: str, *, title: str, description: str, figure_ids=(), product="site",
             content_path="", og_image="og.png", **context) -> None:
        root = "../" * path.count("/")
        try:
            html = _render(env, template, dict(
                site=data.config, root=root, path=path, title=title, description=description,
                og_image=_absolute(data.config, root, og_image), canonical=_absolute(data.config, root, path),
                nav=NAV, guidance=data.guidance, figures=data.registry.figures, stem=_stem,
                fig=lambda figure_id, fmt="surface": figure_html(data.registry.figures[figure_id], fmt),
                **context))
        except jinja2.TemplateError as exc:
            where = f"templates/site/{template}" + (f":{exc.lineno}" if getattr(exc, "lineno", None) else "")
            raise ConfigError(f"{where}: {exc.message or exc} (rendering the site page {path})") from None
        pages.append(Artifact(path=f"{SITE}/{path}", product=product, content_path=content_path,
                              template=f"site/{template}", figure_ids=tuple(figure_ids), text=html))

    leaflets, briefings, posts = _products(data)
    all_ids = tuple(data.registry.figures)

    for product in leaflets + briefings:
        folder = f"{product.kind}s"
        downloads = [(f"{product.slug}{suffix}.pdf", label) for suffix, label in _downloads(product.kind)]
        cited = list(by_path[f"{folder}/{product.slug}.html"].figure_ids)
        page(f"{folder}/{product.slug}.html", f"{product.kind}.html.j2", title=product.meta["title"],
             description=_describe(product), figure_ids=cited, product=product.slug,
             content_path=product.path, product_=product, downloads=downloads, cited=cited)

    for product, post, fields in posts:
        page(f"posts/{post.slug}.html", "post.html.j2", title=post.title, description=post.lead,
             figure_ids=post.figure_ids, product=post.slug, content_path=product.path,
             og_image=f"posts/{post.slug}/cards/og.png", post=post, fields=fields,
             platforms=PLATFORMS, platform_fields=PLATFORM_FIELDS, cards=CARDS, alt=alt_text(post),
             article_html=Markup(fields["wechat"]["article"]))

    page("index.html", "index.html.j2", title=data.config.title, description=data.config.description,
         figure_ids=all_ids, leaflets=leaflets, briefings=briefings, posts=posts)
    page("figures.html", "figures.html.j2", title="数据浏览：全部登记数字", figure_ids=all_ids,
         description="每个登记数字的数值、口径、时段、发布方和原文出处，可按时段和指标筛选。",
         periods=_periods(data.registry),
         metrics=_metrics(data.registry))
    page("sources/index.html", "sources.html.j2", title="来源文件", figure_ids=(),
         description="本站所有数字所依据的新闻发布和报道原文。", docs=data.docs)
    for doc in data.docs:
        figures_here = [f for f in data.registry.figures.values() if f.source == doc.name]
        where = f"{doc.metadata.get('publisher', '')}，{doc.metadata.get('published', '')}"
        page(f"sources/{_stem(doc.name)}.html", "source.html.j2", title=f"来源原文（{where}）",
             description=f"{where}发布的原文，标出了全部统计数字和登记数字的引文。",
             figure_ids=[f.id for f in figures_here], content_path=doc.path, doc=doc,
             paragraphs=_marked_paragraphs(doc, data.records_by_source[doc.name], figures_here))
    page("check.html", "check.html.j2", title="核查报告", figure_ids=all_ids,
         description="每个页面、PDF、帖子和分享卡片上的每个数字都已对照来源核查。",
         checked=_checked_summary(data.artifacts))
    page("about.html", "about.html.j2", title="关于本站", figure_ids=(),
         description="本站内容如何制作、数字如何核查。")
    page("404.html", "404.html.j2", title="页面不存在", figure_ids=(), description="页面不存在。")
    return pages


def _products(data: SiteInput):
    leaflets = [p for p in data.products if p.kind == "leaflet"]
    briefings = [p for p in data.products if p.kind == "briefing"]
    posts = [(product, output.post, output.fields) for product, output in data.posts]
    return leaflets, briefings, posts


def site_files(env, data: SiteInput, pages: list[Artifact], made: dict) -> dict[str, str | bytes]:
    """The site's other files: downloads and previews, cards, assets, figures.json/csv, feed,
    sitemap. `made` holds files the renders made besides artifacts (contact sheets, previews)."""
    by_path = {a.path: a for a in data.artifacts}
    leaflets, briefings, posts = _products(data)
    files: dict[str, str | bytes] = {}
    for product in leaflets + briefings:
        folder = f"{product.kind}s"
        for suffix, _ in _downloads(product.kind):
            name = f"{folder}/{product.slug}{suffix}.pdf"
            files[f"{SITE}/{name}"] = by_path[name].data
        files[f"{SITE}/{folder}/{product.slug}.png"] = made[f"{SITE}/{folder}/{product.slug}.png"]
    for _, post, _ in posts:
        folder = f"posts/{post.slug}"
        for name in CARDS:
            files[f"{SITE}/{folder}/cards/{name}.png"] = by_path[f"{folder}/cards/{name}.png"].data
        files[f"{SITE}/{folder}/contact-sheet.png"] = made[f"{folder}/contact-sheet.png"]
    for asset in ASSETS:
        files[f"{SITE}/assets/{asset}"] = env.loader.get_source(env, f"site/{asset}")[0]
    figures = figures_export(data.registry, data.docs)
    files[f"{SITE}/figures.json"] = json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    files[f"{SITE}/figures.csv"] = figures_csv(figures)
    files[f"{SITE}/feed.xml"] = atom_feed(data.config, leaflets, briefings, posts)
    files[f"{SITE}/sitemap.xml"] = sitemap(data.config, [p.path.removeprefix(f"{SITE}/") for p in pages
                                                         if not p.path.endswith("404.html")], data.products)
    return files


def _render(env, template: str, context: dict) -> str:
    return space_han_latin(glue_punctuation(env.get_template(f"site/{template}").render(**context)))


def _downloads(kind: str) -> list[tuple[str, str]]:
    if kind == "leaflet":
        return [("", "A4 屏幕版 PDF"), ("-print", "A4 印刷版 PDF（含出血）"),
                ("-trifold", "三折页 屏幕版 PDF"), ("-trifold-print", "三折页 印刷版 PDF（含出血）")]
    return [("", "PDF")]


def _describe(product) -> str:
    audience = product.meta.get("audience")
    return f"{product.meta['title']}" + (f"（致{audience}）" if audience else "") + "：可下载屏幕版和印刷版 PDF。"


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
    figure's quote highlighted (with the figure's id as its anchor)."""
    body = doc.body
    to_body = {}
    for index, offset in enumerate(body.mapped.offsets):
        to_body.setdefault(offset, index)
    marks = []  # (start, end, opening tag, closing tag) in body positions
    for figure in figures:
        at = body.text.find(figure.quote)
        if at >= 0:
            marks.append((at, at + len(figure.quote),
                          f'<mark class="quote" id="{figure.id}" title="登记数字 {figure.id}">', "</mark>"))
    for record in records:
        if record.kind != "statistic" or record.start not in to_body:
            continue
        start = to_body[record.start]
        end = start + len(record.surface)
        if body.text[start:end] != record.surface:
            continue  # mapped through an entity or a dropped character: not marked
        if any(s < start < e < end or start < s < end < e for s, e, *_ in marks):
            continue  # would cross a quote's edge
        marks.append((start, end, f'<mark class="stat" title="{html_escape(record.metric or "统计数字")}">',
                      "</mark>"))
    paragraphs = []
    for block in body.blocks:
        inside = sorted((m for m in marks if block.start <= m[0] and m[1] <= block.end),
                        key=lambda m: (m[0], -m[1]))
        events = sorted([(s, 1, i) for i, (s, *_r) in enumerate(inside)] +
                        [(e, 0, i) for i, (_s, e, *_r) in enumerate(inside)])
        out, pos = [], block.start
        for at, opening, i in events:
            out.append(html_escape(body.text[pos:at], quote=False))
            out.append(inside[i][2] if opening else inside[i][3])
            pos = at
        out.append(html_escape(body.text[pos:block.end], quote=False))
        paragraphs.append(Markup("".join(out)))
    return paragraphs


def _checked_summary(artifacts) -> list[dict]:
    """Per checked file: its path, kind of file and the figures its numbers were traced to."""
    rows = []
    for artifact in sorted(artifacts, key=lambda a: a.path):
        rows.append({"path": artifact.path, "product": artifact.product,
                     "figures": list(artifact.figure_ids)})
    return rows


def figures_export(registry: Registry, docs) -> list[dict]:
    """Every registered figure with its provenance: source file, hash, offsets and quote."""
    hashes = {doc.name: doc.sha256 for doc in docs}
    titles = {doc.name: doc.metadata.get("title", "") for doc in docs}
    urls = {doc.name: doc.metadata.get("url", "") for doc in docs}
    out = []
    for figure in registry.figures.values():
        out.append({
            "id": figure.id, "label": figure.label, "value": figure.value, "unit": figure.unit,
            "qualifier": figure.qualifier, "surface": figure.surface, "text": figure_text(figure),
            "period": figure.period, "period_norm": figure.period_norm, "actor": figure.actor,
            "metric": figure.metric, "note": figure.note, "derived": figure.formula,
            "source": {"file": figure.source, "sha256": hashes.get(figure.source, ""),
                       "title": str(titles.get(figure.source, "")), "url": str(urls.get(figure.source, "")),
                       "publisher": figure.publisher, "date": figure.published,
                       "quote": figure.quote, "start": figure.start, "end": figure.end},
        })
    return out


CSV_COLUMNS = ("id", "label", "text", "value", "unit", "qualifier", "surface", "period", "period_norm", "actor",
               "metric", "derived", "source.file", "source.sha256", "source.title", "source.url",
               "source.publisher", "source.date", "source.quote", "source.start", "source.end", "note")


def figures_csv(figures: list[dict]) -> str:
    """figures.json as one CSV row per figure (UTF-8 with BOM, so that Excel reads the Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for figure in figures:
        writer.writerow([figure["source"][c[7:]] if c.startswith("source.") else figure[c] for c in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def atom_feed(config: SiteConfig, leaflets, briefings, posts) -> str:
    """An Atom feed of every product, newest first; ids are stable tag: URIs."""
    entries = [(p.meta["date"], f"{p.kind}s/{p.slug}.html", p.meta["title"], _describe(p)) for p in leaflets]
    entries += [(p.meta["date"], f"{p.kind}s/{p.slug}.html", p.meta["title"], _describe(p)) for p in briefings]
    entries += [(product.meta["date"], f"posts/{post.slug}.html", post.title, post.lead) for product, post, _ in posts]
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    updated = f"{entries[0][0]}T00:00:00Z" if entries else "1970-01-01T00:00:00Z"
    base = config.base_url
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"{_xml_base(base)}>',
             f"  <title>{xml_escape(config.title)}</title>",
             f"  <subtitle>{xml_escape(config.description)}</subtitle>",
             f'  <link rel="alternate" type="text/html" href="{xml_escape(base or "./")}"/>',
             f'  <link rel="self" type="application/atom+xml" href="{xml_escape(base)}feed.xml"/>',
             "  <id>tag:fanzha,2022:site</id>",
             f"  <updated>{updated}</updated>",
             f"  <author><name>{xml_escape(config.author)}</name></author>"]
    for date, path, title, summary in entries:
        lines += ["  <entry>",
                  f"    <title>{xml_escape(title)}</title>",
                  f'    <link rel="alternate" type="text/html" href="{xml_escape(base + path)}"/>',
                  f"    <id>tag:fanzha,2022:{xml_escape(path)}</id>",
                  f"    <updated>{date}T00:00:00Z</updated>",
                  f"    <summary>{xml_escape(summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _xml_base(base: str) -> str:
    return f' xml:base="{xml_escape(base)}"' if base else ""


def sitemap(config: SiteConfig, paths: list[str], products) -> str:
    """sitemap.xml of every page; lastmod from the product's date where there is one."""
    dates = {f"{p.kind}s/{p.slug}.html": p.meta["date"] for p in products}
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(paths):
        lastmod = f"<lastmod>{dates[path]}</lastmod>" if path in dates else ""
        lines.append(f"  <url><loc>{xml_escape(config.base_url + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
