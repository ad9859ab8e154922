"""Social posts: one post, composed for every platform within that platform's limits.

Each platform's text is made here from the post's parts; products/platforms.py says how each
platform counts and the most it takes. A post over a limit fails the build, naming post, platform, field
and length; nothing is ever cut to fit (a figure, its unit, its qualifier and the source
credit are never shortened). The call to action comes first, so it shows before any fold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from markupsafe import escape

from generator.errors import ConfigError
from generator.figures.guidance import FraudType, Guidance
from generator.figures.registry import Figure, Registry
from generator.model import Artifact
from generator.products.content import SHORTCODE, Product, fill_figures, front_matter_line
from generator.products.outputs import post_pages
from generator.products.platforms import CARDS, PLATFORMS, Platform, counters
from generator.rendering.jobs import RenderJob
from generator.rendering.templates import figure_text, render_page, source_credit
from generator.rendering.typeset import plain_text

CTA_WITHIN = 50
"""The call to action must start within this many characters: folding hides the rest."""

REQUIRED_FIELDS = ("title", "date", "lead", "topics")


@dataclass(frozen=True)
class Post:
    """A post's parts, with the figures expanded, ready for every platform."""

    slug: str
    title: str
    short_title: str
    lead: str
    tip: str
    call_to_action: str
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


def make_post(product: Product, registry: Registry, guidance: Guidance) -> Post:
    """The parts of a post, checked; ConfigError names the file and line of every problem."""
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
    tip = _tip(meta.get("tip"), fraud_type, guidance)
    if tip is None:
        errors.append(f"{path}:{_line(product, 'tip')}: `tip` must be one line of "
                      f"“{guidance.principle.name}” ({'，'.join(guidance.principle.lines)})")
    if errors or tip is None:
        raise ConfigError("\n".join(errors))
    figures = tuple(registry.figures[i] for i in figure_ids)
    used_ids = list(dict.fromkeys(figure_ids + quoted_ids + [ref.figure_id for ref in product.refs]))
    used = [registry.figures[i] for i in used_ids]
    return Post(
        slug=product.slug,
        title=expand(str(meta["title"]), registry),
        short_title=expand(str(meta.get("short_title") or meta["title"]), registry),
        lead=expand(str(meta["lead"]), registry),
        tip=tip,
        call_to_action=call_to_action(guidance),
        app=guidance.app.editorial,
        credit=source_credit(used, registry) or f"数据来源：{guidance.fraud_types.edition}。",
        topics=tuple(str(t) for t in meta["topics"]),
        mentions=tuple(str(m) for m in meta.get("mentions") or ()),
        figures=figures,
        fraud_type=fraud_type,
        body_text=_plain(str(product.body_html), product, registry),
        figure_ids=tuple(used_ids),
    )


def expand(text: str, registry: Registry) -> str:
    """Replace [[fig:ID]] / [[fig:ID|words]] in front-matter text by the figure's text."""
    return SHORTCODE.sub(lambda m: figure_text(registry.figures[m.group(1)], m.group(2) or "surface"), text)


def call_to_action(guidance: Guidance) -> str:
    """The hotlines, first thing in every text: 96110 answered, 110 for a fraud."""
    warning, report = guidance.hotline("warning").number, guidance.hotline("report").number
    return f"接到{warning}来电务必接听，遇到诈骗立即拨打{report}。"


def _tip(chosen, fraud_type: FraudType | None, guidance: Guidance) -> str | None:
    if fraud_type and not chosen:
        return f"{fraud_type.name}：{fraud_type.editorial}"
    lines = guidance.principle.lines
    if not chosen:
        return f"牢记“{guidance.principle.name}”：{'，'.join(lines)}。"
    return f"{chosen}。" if chosen in lines else None


def _plain(html: str, product: Product, registry: Registry) -> str:
    html = fill_figures(html, product.refs, lambda ref: figure_text(registry.figures[ref.figure_id], ref.fmt))
    text = plain_text(html, line_after=("p", "h2", "h3", "h4", "li", "blockquote"))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _line(product: Product, key: str) -> int:
    return front_matter_line(product.source_text, key)


def _tags(post: Post, platform: Platform) -> str:
    return " ".join(platform.tag.format(t).strip() for t in post.topics[: platform.max_tags])


def compose(post: Post) -> dict[str, dict[str, str]]:
    """Every platform's fields (text, title, digest, article…) for one post."""
    p = post
    weibo_visible = f"【{p.title}】{p.call_to_action}{p.lead}{p.tip}{p.credit}"
    weibo_extra = " ".join([""] + [_tags(p, PLATFORMS["weibo"])] + [f"@{m}" for m in p.mentions])
    body = "\n\n".join(filter(None, [p.call_to_action, p.lead, p.body_text, p.tip, p.app, p.credit]))
    return {
        "weibo": {"text": f"{weibo_visible}{weibo_extra}", "before_fold": weibo_visible},
        "wechat": {"title": p.title, "digest": f"{p.call_to_action}{p.lead}", "article": wechat_article(p)},
        "moments": {"text": f"{p.call_to_action}{p.lead}{p.credit}"},
        "douyin": {"title": p.title, "text": f"{p.title}｜{p.call_to_action}{p.lead}{p.tip}{p.credit}\n"
                                             f"{_tags(p, PLATFORMS['douyin'])}"},
        "xiaohongshu": {"title": p.short_title, "text": f"{body}\n\n{_tags(p, PLATFORMS['xiaohongshu'])}"},
        "x": {"text": f"{p.title}｜{p.call_to_action}{p.lead}{p.credit}\n{_tags(p, PLATFORMS['x'])}"},
    }


# Inline styles only: the 公众号 editor drops <style> blocks and classes.
_STYLE = {
    "p": "margin:0 0 1em;font-size:16px;line-height:1.75;color:#222;",
    "cta": "margin:0 0 1em;padding:0.6em 0.8em;background:#fdecea;border-left:4px solid #c8102e;"
           "font-size:16px;line-height:1.75;color:#7a0010;font-weight:bold;",
    "credit": "margin:1.5em 0 0;font-size:13px;line-height:1.6;color:#555;",
}


def wechat_article(post: Post) -> str:
    """The 公众号 article body: HTML with inline styles, escaped."""
    paragraphs = [("cta", post.call_to_action), ("p", post.lead)]
    paragraphs += [("p", line) for line in post.body_text.splitlines()]
    paragraphs += [("p", post.tip), ("p", post.app), ("credit", post.credit)]
    inner = "\n".join(f'<p style="{_STYLE[kind]}">{escape(text)}</p>' for kind, text in paragraphs if text)
    return f'<section style="font-family:sans-serif;">\n{inner}\n</section>\n'


def over_limits(post: Post, fields: dict[str, dict[str, str]],
                count: Mapping[str, Callable[[str], int]]) -> list[str]:
    """Every limit a post's texts break (each counted by its rule in `count`), and every call to
    action that comes too late."""
    problems = []
    for key, platform in PLATFORMS.items():
        for limit in platform.limits:
            length = count[limit.counter](fields[key][limit.field])
            if length > limit.maximum:
                problems.append(f"post {post.slug!r}, {platform.name} ({key}) {limit.field}: {length} "
                                f"({limit.counter}) > {limit.maximum}; shorten the lead or the title — "
                                f"figures and the source credit are never cut")
        if len(post.topics) > platform.max_tags and platform.tag:
            problems.append(f"post {post.slug!r}, {platform.name} ({key}): {len(post.topics)} topics, "
                            f"at most {platform.max_tags}")
        text = fields[key].get("text") or fields[key].get("digest", "")
        at = text.find(post.call_to_action)
        if not 0 <= at <= CTA_WITHIN:
            problems.append(f"post {post.slug!r}, {platform.name} ({key}): the call to action starts at "
                            f"character {at}, not within the first {CTA_WITHIN}")
    return problems


def platform_files(fields: dict[str, dict[str, str]]) -> dict[str, str]:
    """The files a post gives each platform, as a person pastes them: name → text."""
    return {
        "weibo.txt": fields["weibo"]["text"] + "\n",
        "wechat.txt": f"标题：{fields['wechat']['title']}\n\n摘要：{fields['wechat']['digest']}\n",
        "wechat-article.html": fields["wechat"]["article"],
        "moments.txt": fields["moments"]["text"] + "\n",
        "douyin.txt": fields["douyin"]["text"] + "\n",
        "xiaohongshu.txt": f"{fields['xiaohongshu']['title']}\n\n{fields['xiaohongshu']['text']}\n",
        "x.txt": fields["x"]["text"] + "\n",
    }


def alt_text(post: Post) -> str:
    """The cards' alt text, from the same data as the cards (every card shows the same content)."""
    parts = [f"反诈提醒卡片：{post.short_title}。"]
    for figure in post.figures:
        parts.append(f"{figure.period}，{figure.actor}{figure.label}{figure_text(figure)}。")
    if post.fraud_type and not post.figures:
        parts.append(f"{post.fraud_type.name}。")
    parts += [post.tip, post.call_to_action, post.credit]
    return "".join(parts)


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
    post = make_post(product, registry, guidance)
    fields = compose(post)
    problems = over_limits(post, fields, count or counters())
    if problems:
        raise ConfigError("; ".join(problems))
    folder = f"posts/{post.slug}"
    texts = tuple(Artifact(path=f"{folder}/{name}", product=post.slug, content_path=product.path,
                           template="generator/products/posts.py", figure_ids=post.figure_ids, text=text,
                           date=str(product.meta["date"]))
                  for name, text in {**platform_files(fields), "alt.txt": alt_text(post) + "\n"}.items())
    (page,) = post_pages(post.slug)
    cards = render_page(env, product, registry, guidance, page, post=post,
                        cards={name: size[:2] for name, size in CARDS.items()})
    assert page.pdf is not None
    job = RenderJob(replace(cards, figure_ids=post.figure_ids), page.pdf)
    return PostOutput(post, fields, texts, job, {f"{folder}/cards.json": cards_json(post)})


def cards_json(post: Post) -> str:
    """Each card's file, pixel size, where it is used and its alt text."""
    alt = alt_text(post)
    entries = [{"file": f"cards/{name}.png", "width": w, "height": h, "use": use, "alt": alt}
               for name, (w, h, use) in CARDS.items()]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
