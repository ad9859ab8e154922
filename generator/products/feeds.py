"""The site's data and feeds: figures.json and figures.csv with provenance, the Atom feed, the sitemap."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape as xml_escape

from generator.config import SiteConfig
from generator.figures.registry import Registry
from generator.rendering.templates import figure_text


def describe(product) -> str:
    """One line about a leaflet or briefing, for the feed and the page's description."""
    audience = product.meta.get("audience")
    return f"{product.meta['title']}" + (f"（致{audience}）" if audience else "") + "：可下载屏幕版和印刷版 PDF。"


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
            "direction": figure.direction, "compared_with": figure.compared_with,
            "source": {"file": figure.source, "sha256": hashes.get(figure.source, ""),
                       "title": str(titles.get(figure.source, "")), "url": str(urls.get(figure.source, "")),
                       "publisher": figure.publisher, "date": figure.published,
                       "quote": figure.quote, "start": figure.start, "end": figure.end},
        })
    return out


CSV_COLUMNS = ("id", "label", "text", "value", "unit", "qualifier", "surface", "period", "period_norm", "actor",
               "metric", "derived", "direction", "compared_with", "source.file", "source.sha256", "source.title",
               "source.url", "source.publisher", "source.date", "source.quote", "source.start", "source.end", "note")


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
    entries = [(p.meta["date"], f"{p.kind}s/{p.slug}.html", p.meta["title"], describe(p)) for p in leaflets]
    entries += [(p.meta["date"], f"{p.kind}s/{p.slug}.html", p.meta["title"], describe(p)) for p in briefings]
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
