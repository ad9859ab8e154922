"""Social posts: one post, composed for every platform within that platform's limits.

Each platform's text is made here from the post's parts; products/platforms.py says how each
platform counts and the most it takes, products/wording.py checks what a post says (tips,
titles, topics) and products/cards.py sets its share cards. A post over a limit fails the build,
naming post, platform, field and length; nothing is ever cut to fit (a figure, its unit, its
qualifier and the source credit are never shortened). Every text opens with the post's own
sentence and then the issuing unit's call to action, whose 96110 shows before any fold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from markupsafe import escape

from generator.config import Unit
from generator.errors import ConfigError
from generator.figures.guidance import FraudType, Guidance
from generator.figures.registry import Figure, Registry
from generator.model import Artifact
from generator.products.cards import card_texts
from generator.products.content import SHORTCODE, Product, fill_figures, front_matter_line
from generator.products.outputs import post_pages
from generator.products.platforms import CARDS, PLATFORMS, Platform, counters
from generator.products.wording import choose_tip, handbook_credit, time_problems, topic_problems
from generator.rendering.jobs import RenderJob
from generator.rendering.templates import figure_text, month_text, render_page, source_credit
from generator.rendering.typeset import plain_text

CTA_WITHIN = 50
"""The call to action's hotline (96110) must come within this many characters: folding hides the rest."""

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
        opening=_sentence(texts["opening"]),
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


def call_to_action(guidance: Guidance, unit: Unit | None = None) -> str:
    """The hotlines, first thing in every text, said by the issuing unit (its short name when it
    has one: the text must reach 96110 within the first 50 characters): 96110 answered, 110 for
    a fraud."""
    warning, report = guidance.hotline("warning").number, guidance.hotline("report").number
    who = (unit.short_name or unit.name) if unit else ""
    return f"{who + '提醒：' if who else ''}接到{warning}来电务必接听，遇到诈骗立即拨打{report}。"


def short_calls(guidance: Guidance, unit: Unit | None = None) -> tuple[str, ...]:
    """The calls to action of the short texts (Weibo before its fold, 朋友圈, X, the digest), the
    fullest first, each with the unit's first local number after 96110 and 110 (本地咨询: its label
    is too long for these texts; the long ones print it). Then a shorter wording of the same three
    numbers, said by the unit; last the same without the unit's name, which the post's card names
    in its header. Without a local number: only the call to action."""
    full = call_to_action(guidance, unit)
    if unit is None or not unit.hotlines:
        return (full,)
    warning, report = guidance.hotline("warning").number, guidance.hotline("report").number
    local = unit.hotlines[0].number
    who = unit.short_name or unit.name
    said = f"{who}提醒：" if who else ""
    compact = f"{warning}来电必接，被骗拨打{report}，本地咨询{local}。"
    calls = [f"{full[:-1]}，本地咨询{local}。", f"{said}{compact}"]
    if said:
        calls.append(compact)
    return tuple(dict.fromkeys(calls))


def local_call(unit: Unit) -> str:
    """The unit's own numbers, each with its label, as one sentence ("" when it has none)."""
    if not unit.hotlines:
        return ""
    return "咨询也可拨打" + "、".join(f"{h.label}{h.number}" for h in unit.hotlines) + "。"


def _sentence(text: str) -> str:
    """Text ending in a full stop (or the mark it already ends with)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？…”" else text + "。"


def _plain(html: str, product: Product, registry: Registry) -> str:
    html = fill_figures(html, product.refs, lambda ref: figure_text(registry.figures[ref.figure_id], ref.fmt))
    text = plain_text(html, line_after=("p", "h2", "h3", "h4", "li", "blockquote"))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _line(product: Product, key: str) -> int:
    return front_matter_line(product.source_text, key)


def _tags(post: Post, platform: Platform) -> str:
    """The post's topics as this platform writes tags (Weibo #话题#, Douyin #话题 …), at most as many
    as it takes; on X a topic of digits alone (96110) is no hashtag, so it is not written as one."""
    topics = [t for t in post.topics if platform.numeric_tags or not t.isdigit()]
    return " ".join(platform.tag.format(t).strip() for t in topics[: platform.max_tags])


Parts = tuple[tuple[str, str], ...]
"""A text as its parts, in order: (what the part is, its text); joined, they are the text."""

SHORT_TEXTS = {"weibo": "before_fold", "moments": "text", "x": "text", "wechat": "digest"}
"""The texts whose call to action is the short one (short_calls), by platform: the field whose
limit chooses its wording."""


def _credit_parts(credit: str) -> Parts:
    """The source credit, one part a source (数据来源：A，date；B，date。): a second source adds a second credit."""
    if not credit.startswith("数据来源："):
        return (("credit", credit),) if credit else ()
    credits = credit.split("；")
    return tuple((f"credit {i}", text + ("；" if i < len(credits) else ""))
                 for i, text in enumerate(credits, 1))


def text_parts(post: Post, call: str) -> dict[str, dict[str, Parts]]:
    """Every platform's fields as their parts; `call` is the short texts' call to action. Each text
    opens with the post's own sentence (after the title where the platform shows one in the text),
    then the unit's call to action. The short texts (Weibo before its fold, 朋友圈, X, the digest)
    say the post's gist — a fraud type's warning, or the lead with its figures; the long ones say
    both and add the unit's own numbers with their labels."""
    p = post
    gist = ("warning", p.warning) if p.warning else ("lead", p.lead)
    tip = ("tip", _sentence(p.tip) if p.tip else "")
    credit = _credit_parts(p.credit)
    opening = ("opening", p.opening)
    weibo_visible = (("title", f"【{p.title}】"), opening, ("call to action", call), gist, tip) + credit
    weibo_extra = " ".join([""] + [_tags(p, PLATFORMS["weibo"])] + [f"@{m}" for m in p.mentions])
    long_call = ("call to action", f"{p.call_to_action}{p.local_call}")
    app = "" if "APP" in p.lead + p.body_text else p.app
    body = [opening, long_call, ("lead", p.lead), ("body", p.body_text), ("warning", p.warning),
            ("tip", _principle_line(p)), ("app", app)] + list(credit)
    body = [part for part in body if part[1]]
    paragraphs: list[tuple[str, str]] = []
    for index, (what, text) in enumerate(body):  # paragraphs apart; a second credit in the credit's paragraph
        joined = index and not what.startswith("credit ") or what == "credit 1"
        paragraphs.append((what, ("\n\n" if joined else "") + text))
    return {
        "weibo": {"before_fold": weibo_visible, "text": weibo_visible + (("topics", weibo_extra),)},
        "wechat": {"title": (("title", p.title),), "digest": (opening, ("call to action", call), gist),
                   "article": (("article", wechat_article(p)),)},
        "moments": {"text": (opening, ("call to action", call), gist) + credit},
        "douyin": {"title": (("title", p.title),),
                   "text": (opening, long_call, ("lead", p.lead), ("warning", p.warning), tip) + credit
                   + (("topics", f"\n{_tags(p, PLATFORMS['douyin'])}"),)},
        "xiaohongshu": {"title": (("short title", p.short_title),),
                        "text": tuple(paragraphs) + (("topics", f"\n\n{_tags(p, PLATFORMS['xiaohongshu'])}"),)},
        "x": {"text": (opening, ("call to action", call), gist) + credit
              + (("topics", f"\n{_tags(p, PLATFORMS['x'])}"),)},
    }


def _joined(parts: dict[str, dict[str, Parts]]) -> dict[str, dict[str, str]]:
    return {key: {name: "".join(text for _, text in field) for name, field in fields.items()}
            for key, fields in parts.items()}


def short_call_for(post: Post, key: str, count: Mapping[str, Callable[[str], int]]) -> str:
    """The fullest of the post's short calls to action with which platform `key`'s short text keeps
    within its limit (the shortest when none does: the limit check then says what made it long)."""
    field = SHORT_TEXTS[key]
    limit = next(limit for limit in PLATFORMS[key].limits if limit.field == field)
    for call in post.short_calls:
        text = _joined(text_parts(post, call))[key][field]
        if count[limit.counter](text) <= limit.maximum:
            return call
    return post.short_calls[-1]


def compose(post: Post, count: Mapping[str, Callable[[str], int]] | None = None) -> dict[str, dict[str, str]]:
    """Every platform's fields (text, title, digest, article…) for one post (text_parts), each short
    text with the fullest call to action its limit leaves room for (counted by `count`,
    platforms.counters())."""
    count = count or counters()
    calls = {key: short_call_for(post, key, count) for key in SHORT_TEXTS}
    fields = {}
    for key in PLATFORMS:
        fields[key] = _joined(text_parts(post, calls.get(key, post.short_calls[0])))[key]
    return fields


# Inline styles only: the 公众号 editor drops <style> blocks and classes. Colours of the design
# system's palette (sRGB): navy for the opening, red for warnings and the call to action.
_STYLE = {
    "opening": "margin:0 0 1em;font-size:18px;line-height:1.6;color:#1A3C8C;font-weight:bold;",
    "p": "margin:0 0 1em;font-size:16px;line-height:1.75;color:#1A1A1A;",
    "cta": "margin:0 0 1em;padding:0.6em 0.8em;background:#FDECEA;border-left:4px solid #D7000F;"
           "font-size:16px;line-height:1.75;color:#8A000A;font-weight:bold;",
    "warning": "margin:0 0 1em;font-size:17px;line-height:1.7;color:#D7000F;font-weight:bold;",
    "tip": "margin:0 0 1em;padding:0.5em 0.8em;background:#E6EEF9;font-size:16px;line-height:1.7;"
           "color:#1A3C8C;font-weight:bold;",
    "credit": "margin:1.5em 0 0;font-size:13px;line-height:1.6;color:#5F6368;",
}


def wechat_article(post: Post) -> str:
    """The 公众号 article body: HTML with inline styles, escaped."""
    paragraphs = [("opening", post.opening), ("cta", f"{post.call_to_action}{post.local_call}"), ("p", post.lead)]
    paragraphs += [("p", line) for line in post.body_text.splitlines()]
    paragraphs += [("warning", post.warning), ("tip", _principle_line(post))]
    paragraphs += [("p", "" if "APP" in post.lead + post.body_text else post.app), ("credit", post.credit)]
    inner = "\n".join(f'<p style="{_STYLE[kind]}">{escape(text)}</p>' for kind, text in paragraphs if text)
    return f'<section style="font-family:sans-serif;">\n{inner}\n</section>\n'


def _principle_line(post: Post) -> str:
    return f"牢记“三不一多”：{post.tip}。" if post.tip else ""


def over_limits(post: Post, fields: dict[str, dict[str, str]],
                count: Mapping[str, Callable[[str], int]]) -> list[str]:
    """Every limit a post's texts break (each counted by its rule in `count`), saying what made the
    text long, and every call to action that comes too late."""
    problems = []
    for key, platform in PLATFORMS.items():
        call = next((c for c in post.short_calls if key in SHORT_TEXTS and c in fields[key][SHORT_TEXTS[key]]),
                    post.short_calls[0])
        parts = text_parts(post, call)[key]
        for limit in platform.limits:
            length = count[limit.counter](fields[key][limit.field])
            if length > limit.maximum:
                problems.append(f"post {post.slug!r}, {platform.name} ({key}) {limit.field}: {length} "
                                f"({limit.counter}) > {limit.maximum}"
                                f"{what_made_it_long(parts[limit.field], count[limit.counter])}")
        if len(post.topics) > platform.max_tags and platform.tag:
            problems.append(f"post {post.slug!r}, {platform.name} ({key}): {len(post.topics)} topics, "
                            f"at most {platform.max_tags}")
        text = fields[key].get("text") or fields[key].get("digest", "")
        calls = [c for c in (post.call_to_action,) + post.short_calls if c in text]
        hotline = text.find(calls[0]) + calls[0].find(post.hotlines[0]) if calls else -1
        if not 0 <= hotline < CTA_WITHIN:
            problems.append(f"post {post.slug!r}, {platform.name} ({key}): the call to action's hotline comes at "
                            f"character {hotline}, not within the first {CTA_WITHIN}; shorten the opening"
                            f"{' or the title' if key == 'weibo' else ''}")
    return problems


EDITABLE = ("lead", "opening", "title", "short title", "warning", "body", "tip", "topics")
"""The parts of a text an editor shortens, in the order a length failure suggests them."""


def what_made_it_long(parts: Parts, count: Callable[[str], int]) -> str:
    """What a text over its limit is made of, each part with its length by the platform's count,
    and what to shorten: the longest part the editor writes, or the sources cited (a credit is never
    cut): ": the credits of 2 sources take 46 of it; title 20, …; shorten the lead (52) or cite one source"."""
    lengths = [(what, count(text.strip())) for what, text in parts if text.strip()]
    credits = [n for what, n in lengths if what.startswith("credit")]
    said = []
    if len(credits) > 1:
        said.append(f"the credits of {len(credits)} sources take {sum(credits)} of it")
    elif credits:
        said.append(f"the source credit takes {credits[0]} of it")
    others = [(what, n) for what, n in lengths if not what.startswith("credit")]
    said.append(", ".join(f"{what} {n}" for what, n in others))
    editable = sorted(((what, n) for what, n in others if what in EDITABLE),
                      key=lambda part: (-part[1], EDITABLE.index(part[0])))
    advice = f"shorten the {editable[0][0]} ({editable[0][1]})" if editable else "shorten the text"
    if len(credits) > 1:
        advice += " or cite one source"
    return "; ".join([": " + said[0]] + said[1:]) + f"; {advice} — figures and the source credit are never cut"


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
    """The cards' alt text, from the same data as the cards: what they show, in reading order."""
    parts = [f"反诈提醒卡片，{post.unit}发布。" if post.unit else "反诈提醒卡片。"]
    for figure in post.figures:
        parts.append(f"{figure.period}，{figure.actor}{figure.label}{figure_text(figure)}。")
    if post.fraud_type and not post.figures:
        parts.append(f"{post.fraud_type.name}：{post.warning}")
    elif post.opening:
        parts.append(post.opening)
    if post.tip:
        parts.append(_principle_line(post))
    parts += [post.call_to_action, post.credit, f"{post.month}。"]
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
