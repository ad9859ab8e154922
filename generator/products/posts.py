"""Social posts: one post, composed for every platform within that platform's limits.

PLATFORMS is the one table of platforms: what each text is made of, how the platform counts
it and the most it takes. A post over a limit fails the build, naming post, platform, field
and length; nothing is ever cut to fit (a figure, its unit, its qualifier and the source
credit are never shortened). The call to action comes first, so it shows before any fold.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, replace
from typing import NamedTuple
from html import unescape

from markupsafe import escape

from generator.products.content import SHORTCODE, Product, fill_figures
from generator.errors import ConfigError
from generator.figures.registry import Figure, Registry
from generator.figures.guidance import FraudType, Guidance
from generator.rendering.templates import Artifact, figure_text, render_product


def count_chars(text: str) -> int:
    """Characters as WeChat, Douyin and Xiaohongshu count them: one per code point."""
    return len(text)


def count_weibo(text: str) -> int:
    """Weibo's count: a Han character or full-width mark is 1, an ASCII character ½ (rounded up)."""
    half = sum(1 for char in text if ord(char) < 128)
    return len(text) - half + math.ceil(half / 2)


X_COUNTS: dict[str, int] = {}
"""Weighted lengths already computed, by sha256 of the text. The build keeps them from one run
to the next: importing the twitter-text port compiles its emoji and URL patterns (about 0.8 s),
which an unchanged text does not need."""


X_USED: set[str] = set()
"""The keys of X_COUNTS looked up since the build began: only these are kept for the next."""


def count_x(text: str) -> int:
    """X's weighted length by the official twitter-text v3 rules (its Python port): CJK, full-width
    punctuation and emoji weigh 2, other characters 1, and any URL 23."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    X_USED.add(key)
    if key not in X_COUNTS:
        from twitter_text import parse_tweet

        X_COUNTS[key] = parse_tweet(text).weightedLength
    return X_COUNTS[key]


COUNTERS = {"characters": count_chars, "weibo": count_weibo, "x-weighted": count_x}


@dataclass(frozen=True)
class Limit:
    field: str
    maximum: int
    counter: str
    """A key of COUNTERS."""


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    limits: tuple[Limit, ...]
    tag: str
    """How one topic is written: "#{}#" (Weibo), "#{} " (Douyin)…"""
    max_tags: int
    cards: tuple[str, ...]
    """The card images that go with the post on this platform (keys of CARDS)."""


PLATFORMS = {
    "weibo": Platform("weibo", "微博", (Limit("before_fold", 140, "weibo"), Limit("text", 2000, "weibo")),
                      "#{}#", 10, ("square",)),
    "wechat": Platform("wechat", "微信公众号", (Limit("title", 32, "characters"), Limit("digest", 128, "characters"),
                                          Limit("article", 20000, "characters")), "", 0, ("wechat-cover", "square")),
    # 朋友圈 folds after about six lines of about twenty characters on a phone
    "moments": Platform("moments", "微信朋友圈", (Limit("text", 120, "characters"),), "", 0, ("square",)),
    "douyin": Platform("douyin", "抖音", (Limit("title", 30, "characters"), Limit("text", 1000, "characters")),
                       "#{} ", 5, ("douyin",)),
    "xiaohongshu": Platform("xiaohongshu", "小红书", (Limit("title", 20, "characters"),
                                                  Limit("text", 1000, "characters")), "#{}", 10, ("xiaohongshu",)),
    "x": Platform("x", "X", (Limit("text", 280, "x-weighted"),), "#{}", 10, ("x",)),
}
"""Every platform, its limits and how it counts them (see CONVENTIONS: social platforms)."""

CARDS = {
    "square": (1080, 1080, "微博、朋友圈"),
    "wechat-cover": (900, 383, "公众号封面（要点在中间的正方形内）"),
    "xiaohongshu": (1080, 1440, "小红书"),
    "douyin": (1080, 1920, "抖音"),
    "x": (1200, 675, "X"),
    "og": (1200, 630, "网站分享图（og:image）"),
}
"""Share-card images: width and height in pixels, and where each is used."""

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
    if errors:
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


def chinese_date(iso: str) -> str:
    """2022-04-14 → 2022年4月14日 (no zero padding, GB/T 9704)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def _tip(chosen, fraud_type: FraudType | None, guidance: Guidance) -> str | None:
    if fraud_type and not chosen:
        return f"{fraud_type.name}：{fraud_type.editorial}"
    lines = guidance.principle.lines
    if not chosen:
        return f"牢记“{guidance.principle.name}”：{'，'.join(lines)}。"
    return f"{chosen}。" if chosen in lines else None


def _plain(html: str, product: Product, registry: Registry) -> str:
    html = fill_figures(html, product.refs, lambda ref: figure_text(registry.figures[ref.figure_id], ref.fmt))
    text = re.sub(r"</(p|h[2-4]|li|blockquote)>", "\n", html)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _line(product: Product, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", product.source_text, flags=re.M)
    return product.source_text.count("\n", 0, match.start()) + 1 if match else 1


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


def over_limits(post: Post, fields: dict[str, dict[str, str]]) -> list[str]:
    """Every limit a post's texts break, and every call to action that comes too late."""
    problems = []
    for key, platform in PLATFORMS.items():
        for limit in platform.limits:
            length = COUNTERS[limit.counter](fields[key][limit.field])
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


class PostOutput(NamedTuple):
    """What a post gives the build: the post and its platforms' fields (for the site), its texts
    (checked as they are), the HTML of its cards (one page a card, rendered to PDF and PNG by
    the build) and other files (cards.json)."""

    post: Post
    fields: dict
    texts: list[Artifact]
    cards: Artifact
    files: dict[str, str]


def post_artifacts(env, product: Product, registry: Registry, guidance: Guidance) -> PostOutput:
    """Make, compose and limit-check a post, and render its texts and cards' HTML."""
    post = make_post(product, registry, guidance)
    fields = compose(post)
    problems = over_limits(post, fields)
    if problems:
        raise ConfigError("; ".join(problems))
    folder = f"posts/{post.slug}"
    texts = [Artifact(path=f"{folder}/{name}", product=post.slug, content_path=product.path, template="generator/posts.py",
                      figure_ids=post.figure_ids, text=text)
             for name, text in {**platform_files(fields), "alt.txt": alt_text(post) + "\n"}.items()]
    cards = render_product(env, product, registry, guidance, layout="card", post=post,
                           cards={name: size[:2] for name, size in CARDS.items()})
    cards = replace(cards, path=f"{folder}/cards.html", figure_ids=post.figure_ids)
    return PostOutput(post, fields, texts, cards, {f"{folder}/cards.json": cards_json(post)})


def card_images(pdf: bytes) -> tuple[list[bytes], bytes]:
    """The PNG of every card page, and a contact sheet of them all (run in a render worker)."""
    from generator.rendering.pdf import PX_PER_PT, page_images, png_bytes

    pngs = [png_bytes(image) for image in page_images(pdf)]
    if len(pngs) != len(CARDS):
        return pngs, b""  # reported by card_artifacts
    thumbs = page_images(pdf, [PX_PER_PT * SHEET_HEIGHT / height for _, height, _ in CARDS.values()])
    sheet = contact_sheet(dict(zip(CARDS, thumbs)))
    return pngs, sheet


def card_artifacts(cards_page: Artifact, pdf: bytes, images: tuple[list[bytes], bytes], texts: list[str]):
    """One PNG artifact per card, carrying the text read back from its PDF page (`texts`) for
    the check; and the files that go with them (the cards' PDF and the contact sheet)."""
    from generator.rendering.pdf import RenderError

    pngs, sheet = images
    folder = cards_page.path.removesuffix("/cards.html")
    if len(pngs) != len(CARDS):
        raise RenderError(f"{cards_page.content_path}: {len(pngs)} card pages for {len(CARDS)} cards "
                          f"(a card's content does not fit and spilled onto another page)")
    artifacts = []
    for (name, (width, height, _)), png, text in zip(CARDS.items(), pngs, texts):
        size = png_size(png)
        if size != (width, height):
            raise RenderError(f"{folder}/cards/{name}.png: {size[0]}×{size[1]} pixels, not {width}×{height}")
        artifacts.append(replace(cards_page, path=f"{folder}/cards/{name}.png", text=text, data=png))
    return artifacts, {f"{folder}/cards.pdf": pdf, f"{folder}/contact-sheet.png": sheet}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def cards_json(post: Post) -> str:
    """Each card's file, pixel size, where it is used and its alt text."""
    alt = alt_text(post)
    entries = [{"file": f"cards/{name}.png", "width": w, "height": h, "use": use, "alt": alt}
               for name, (w, h, use) in CARDS.items()]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


SHEET_ROWS = (("square", "xiaohongshu", "douyin", "x"), ("wechat-cover", "og"))  # rows of about equal width
SHEET_HEIGHT, SHEET_GAP, SHEET_LABEL = 480, 24, 36


def contact_sheet(thumbs: dict) -> bytes:
    """All cards of one post on one PNG, each at the same height, labelled with its size."""
    from PIL import Image, ImageDraw, ImageFont

    from generator.rendering.pdf import png_bytes

    row_widths = [sum(thumbs[n].width for n in row) + SHEET_GAP * (len(row) + 1) for row in SHEET_ROWS]
    sheet = Image.new("RGB", (max(row_widths), len(SHEET_ROWS) * (SHEET_HEIGHT + SHEET_LABEL + SHEET_GAP)
                              + SHEET_GAP), "#d9d9d9")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=22)
    y = SHEET_GAP
    for row in SHEET_ROWS:
        x = SHEET_GAP
        for name in row:
            sheet.paste(thumbs[name], (x, y))
            width, height = CARDS[name][:2]
            draw.text((x, y + SHEET_HEIGHT + 6), f"{name}  {width}x{height}", fill="#222", font=font)
            x += thumbs[name].width + SHEET_GAP
        y += SHEET_HEIGHT + SHEET_LABEL + SHEET_GAP
    return png_bytes(sheet)
