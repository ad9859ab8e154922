"""Composing the products: each rendered to its planned pages and texts.

Pages that are published as HTML, and every post's texts, are checked as they are; pages that
become PDFs or cards are handed to `render` as soon as they exist, so the render workers start
while the other products are still being composed. A product that cannot be composed is
reported by file, and the others are still composed and checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2

from generator.errors import GeneratorError
from generator.figures.guidance import Guidance
from generator.figures.registry import Registry
from generator.model import Artifact, SourceDoc
from generator.products.briefing import briefing_context
from generator.products.briefing_front_matter import chart_error_line
from generator.products.content import Product
from generator.products.outputs import PAGES, print_notes
from generator.products.posts import PostOutput, post_artifacts
from generator.rendering.charts import ChartError
from generator.rendering.jobs import RenderJob
from generator.rendering.templates import render_page


@dataclass(frozen=True)
class Composed:
    """The products as pages and texts, and what went wrong."""

    pages: tuple[Artifact, ...]
    """Published HTML pages and post texts, checked as they are."""
    posts: tuple[tuple[Product, PostOutput], ...]
    """Every post as composed, for the site."""
    files: dict[str, str]
    """Other files the products give (each post's cards.json)."""
    errors: tuple[str, ...]
    """One line per product that could not be composed."""


def compose(env: jinja2.Environment, products: Iterable[Product], registry: Registry, guidance: Guidance, *,
            count: Mapping[str, Callable[[str], int]], render: Callable[[RenderJob, str], None],
            docs: Sequence[SourceDoc] = ()) -> Composed:
    """Render every product to its planned pages; `render` takes each page that becomes a PDF, and
    the kind of product it belongs to. `count` is how posts' lengths are counted (platforms.counters());
    `docs` are the sources, which a briefing lists once each, numbered."""
    pages: list[Artifact] = []
    posts: list[tuple[Product, PostOutput]] = []
    files: dict[str, str] = {}
    errors: list[str] = []
    for product in products:
        try:
            if product.kind == "post":
                output = post_artifacts(env, product, registry, guidance, count)
                render(output.cards, product.kind)
                pages += output.texts
                posts.append((product, output))
                files.update(output.files)
                continue
            for plan in PAGES[product.kind](product.slug):
                extra = briefing_context(registry, docs) if product.kind == "briefing" else {}
                page = render_page(env, product, registry, guidance, plan, **extra)
                if plan.published:
                    pages.append(page)
                if plan.pdf is not None:
                    render(RenderJob(page, plan.pdf), product.kind)
                    files.update(print_notes(plan, env))
        except ChartError as exc:  # a chart of unlike periods or units: where the product asks for it
            errors.append(f"{product.path}:{chart_error_line(product, exc)}: {exc.message}")
        except GeneratorError as exc:
            errors.append(f"{product.path}: {exc.message}")
    return Composed(tuple(pages), tuple(posts), files, tuple(errors))
