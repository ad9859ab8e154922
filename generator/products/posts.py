"""Social posts: one post's parts read and checked, and what it gives the build.

A post is made of its front matter and body (make_post): its title, opening sentence, lead,
key figures or fraud type, the tip that fits it, the issuing unit's calls to action and the
source credit, each figure expanded; a problem in any of them fails the build naming the file
and line. From those parts products/post_texts.py composes every platform's texts within that
platform's limits, products/wording.py checks what a post says (tips, titles, topics) and
products/cards.py sets its share cards. post_artifacts gives the build the post's texts as
artifacts, its cards' page as a render job and its cards.json.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from generator.config import Unit
from generator.errors import ConfigError
from generator.figures.guidance import FraudType, Guidance
from generator.figures.registry import Figure, Registry
from generator.model import Artifact
from generator.products.cards import card_texts
from generator.products.content import SHORTCODE, Product, fill_figures, front_matter_line
from generator.products.outputs import post_pages
from generator.products.platforms import CARDS, counters
from generator.products.post_texts import (
    alt_text,
    call_to_action,
    compose,
    local_call,
    over_limits,
    platform_files,
    sentence,
    short_calls,
)
from generator.products.wording import choose_tip, handbook_credit, time_problems, topic_problems
from generator.rendering.jobs import RenderJob
from generator.rendering.templates import figure_text, month_text, render_page, source_credit
from generator.rendering.typeset import plain_text

REQUIRED_FIELDS = ("title", "date", "lead", "topics")

@dataclass(frozen=True)
class Post:
    """A post's parts, with the figures expanded, ready for every platform."""

    slug: str
    title: str
    short_title: str
    opening: str
    """The post's own first sentence (front matter `opening`), before the call to action; "" for none."""
    lead: str
    warning: str
    """A fraud-type post's "凡是……都是诈骗" line; "" for a figures post."""
    tip: str
    """The line of 三不一多 that fits the subject ("" when none does)."""
    call_to_action: str
    """The hotlines, named by the issuing unit, first thing in every long text (96110 and 110)."""
    local_call: str
    """The unit's own numbers with their labels, for the long texts ("" when it has none)."""
    short_calls: tuple[str, ...]
    """The short texts' calls to action, the fullest first: 96110, 110 and the unit's first local
    number, each shorter wording tried in turn where a platform's limit leaves no room for the
    one before (compose); without a local number only `call_to_action`."""
    app: str
    credit: str
    topics: tuple[str, ...]
    mentions: tuple[str, ...]
    figures: tuple[Figure, ...]
    fraud_type: FraudType | None
    body_text: str
    """The Markdown body as plain text, figures expanded."""
    figure_ids: tuple[str, ...]
    """Every figure the post cites: its key figures and those in its texts."""
    unit: str = ""
    """The issuing unit's full name, as the cards print it ("" when the project names none)."""
    month: str = ""
    """The month the post is dated, as printed: 2022年3月."""
    card_credit: str = ""
    """The source line the cards print: the data's sources, or the handbook a fraud type is from."""
    hotlines: tuple[str, ...] = ()
    """The warning line's number (96110) and the report line's (110), as the cards print them."""
    local_hotline: str = ""
    """The unit's first local number, as the cards print it after them ("" when it has none)."""
    warning_calls: bool = True
    """The warning line calls people who are being defrauded (96110: "来电务必接听"), or is one
    they call to ask (guidance.yaml `calls_you: false`)."""


def make_post(product: Product, registry: Registry, guidance: Guidance, unit: Unit | None = None) -> Post:
    """The parts of a post, checked; ConfigError names the file and line of every problem."""
    unit = unit or Unit()
    meta, path = product.meta, product.path
    figure_ids, quoted_ids, fraud_type = _key_parts(product, registry, guidance)
    figures = tuple(registry.figures[i] for i in figure_ids)
    used_ids = list(dict.fromkeys(figure_ids + quoted_ids + [ref.figure_id for ref in product.refs]))
    used = [registry.figures[i] for i in used_ids]
    texts = {key: expand(str(meta.get(key) or ""), registry) for key in ("title", "short_title", "opening", "lead")}
    body_text = _plain(str(product.body_html), product, registry)
    errors = time_problems(product, texts, figures)
    subject = "".join([texts["opening"], texts["lead"], body_text] +
                      ([fraud_type.warning, fraud_type.editorial] if fraud_type else []))
    tip, problem = choose_tip(meta.get("tip"), fraud_type, guidance, subject)
    if problem:
        errors.append(f"{path}:{_line(product, 'tip')}: {problem}")
    if errors:
        raise ConfigError("\n".join(errors))
    return Post(
        slug=product.slug,
        title=texts["title"],
        short_title=texts["short_title"] or texts["title"],
        opening=sentence(texts["opening"]),
        lead=texts["lead"],
        warning=fraud_type.warning if fraud_type else "",
        tip=tip,
        call_to_action=call_to_action(guidance, unit),
        local_call=local_call(unit),
        short_calls=short_calls(guidance, unit),
        app=guidance.app.editorial,
        credit=source_credit(used, registry) or f"{handbook_credit(guidance.fraud_types.edition)}。",
        topics=tuple(str(t) for t in meta["topics"]),
        mentions=tuple(str(m) for m in meta.get("mentions") or ()),
        figures=figures,
        fraud_type=fraud_type,
        body_text=body_text,
        figure_ids=tuple(used_ids),
        unit=unit.name,
        month=month_text(str(meta["date"])),
        card_credit=(source_credit(list(figures), registry)
                     or handbook_credit(guidance.fraud_types.edition)).rstrip("。"),
        hotlines=(guidance.hotline("warning").number, guidance.hotline("report").number),
        local_hotline=unit.hotlines[0].number if unit.hotlines else "",
        warning_calls=guidance.hotline("warning").calls_you,
    )


def _key_parts(product: Product, registry: Registry,
               guidance: Guidance) -> tuple[list[str], list[str], FraudType | None]:
    """The post's key figure ids, the ids its front matter quotes, and its fraud type; ConfigError
    naming the file and line of every problem in them (and in its required fields and topics)."""
    meta, path = product.meta, product.path
    errors = [f"{path}:{_line(product, key)}: front matter needs `{key}`" for key in REQUIRED_FIELDS
              if not meta.get(key)]
    figure_ids = list(meta.get("figures") or [])
    fraud_key = meta.get("fraud_type")
    fraud_type = None
    if fraud_key:
        try:
            fraud_type = guidance.fraud_type(str(fraud_key))
        except KeyError:
            errors.append(f"{path}:{_line(product, 'fraud_type')}: unknown fraud type {fraud_key!r}; "
                          f"use a key from guidance.yaml")
    if not figure_ids and not fraud_type:
        errors.append(f"{path}:1: a post is built around one or two `figures` or one `fraud_type`")
    if len(figure_ids) > 2:
        errors.append(f"{path}:{_line(product, 'figures')}: a post shows at most two key figures")
    front = product.source_text[: product.source_text.find("\n---", 3)]
    quoted_ids = []
    for match in SHORTCODE.finditer(front):
        quoted_ids.append(match.group(1))
        if match.group(1) not in registry.figures:
            line = front.count("\n", 0, match.start()) + 1
            errors.append(f"{path}:{line}: unknown figure id {match.group(1)!r}")
    errors += topic_problems(product)
    if errors:
        raise ConfigError("\n".join(errors))
    return figure_ids, quoted_ids, fraud_type


def expand(text: str, registry: Registry) -> str:
    """Replace [[fig:ID]] / [[fig:ID|words]] in front-matter text by the figure's text."""
    return SHORTCODE.sub(lambda m: figure_text(registry.figures[m.group(1)], m.group(2) or "surface"), text)



def _plain(html: str, product: Product, registry: Registry) -> str:
    html = fill_figures(html, product.refs, lambda ref: figure_text(registry.figures[ref.figure_id], ref.fmt))
    text = plain_text(html, line_after=("p", "h2", "h3", "h4", "li", "blockquote"))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _line(product: Product, key: str) -> int:
    return front_matter_line(product.source_text, key)



@dataclass(frozen=True)
class PostOutput:
    """What a post gives the build: the post and its platforms' fields (for the site), its texts
    (checked as they are), its cards' page with their plan (rendered to PDF and PNGs by the
    pool) and other files (cards.json)."""

    post: Post
    fields: dict[str, dict[str, str]]
    texts: tuple[Artifact, ...]
    cards: RenderJob
    files: dict[str, str]


def post_artifacts(env, product: Product, registry: Registry, guidance: Guidance,
                   count: Mapping[str, Callable[[str], int]] | None = None) -> PostOutput:
    """Make, compose and limit-check a post, and render its texts and cards' HTML. `count` is how
    each counting rule is applied (platforms.counters(); the build passes one whose X lengths are
    kept from the last build)."""
    unit = env.globals.get("unit")
    post = make_post(product, registry, guidance, unit if isinstance(unit, Unit) else None)
    count = count or counters()
    fields = compose(post, count)
    problems = over_limits(post, fields, count)
    if problems:
        raise ConfigError("; ".join(problems))
    folder = f"posts/{post.slug}"
    texts = tuple(Artifact(path=f"{folder}/{name}", product=post.slug, content_path=product.path,
                           template="generator/products/posts.py", figure_ids=post.figure_ids, text=text,
                           date=str(product.meta["date"]))
                  for name, text in {**platform_files(fields), "alt.txt": alt_text(post) + "\n"}.items())
    (page,) = post_pages(post.slug)
    cards = render_page(env, product, registry, guidance, page, post=post,
                        cards={name: size[:2] for name, size in CARDS.items()},
                        layouts={name: card_texts(post, name) for name in CARDS})
    assert page.pdf is not None
    job = RenderJob(replace(cards, figure_ids=post.figure_ids), page.pdf)
    return PostOutput(post, fields, texts, job, {f"{folder}/cards.json": cards_json(post)})


def cards_json(post: Post) -> str:
    """Each card's file, pixel size, where it is used and its alt text."""
    alt = alt_text(post)
    entries = [{"file": f"cards/{name}.png", "width": w, "height": h, "use": use, "alt": alt}
               for name, (w, h, use) in CARDS.items()]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
