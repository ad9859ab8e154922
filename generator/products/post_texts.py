"""A post's texts for every platform: the calls to action, each platform's fields, their limits.

Each platform's text is made here from the post's parts (products/posts.py reads and checks
them); products/platforms.py says how each platform counts and the most it takes. Every text
opens with the post's own sentence and then the issuing unit's call to action, whose 96110
shows before any fold: the short texts (Weibo before its fold, 朋友圈, X, the digest) take the
fullest wording of it their limit leaves room for. A text over a limit is reported naming post,
platform, field and length, and what made it long; nothing is ever cut to fit (a figure, its
unit, its qualifier and the source credit are never shortened). The 公众号 article, the files a
person pastes and the cards' alt text are made here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from markupsafe import escape

from generator.config import Unit
from generator.figures.guidance import Guidance
from generator.products.platforms import PLATFORMS, Platform, counters
from generator.rendering.templates import figure_text

if TYPE_CHECKING:
    from generator.products.posts import Post

CTA_WITHIN = 50
"""The call to action's hotline (96110) must come within this many characters: folding hides the rest."""


def call_to_action(guidance: Guidance, unit: Unit | None = None) -> str:
    """The hotlines, first thing in every text, said by the issuing unit (its short name when it
    has one: the text must reach 96110 within the first 50 characters): 96110 answered, 110 for
    a fraud."""
    warning, report = guidance.hotline("warning"), guidance.hotline("report")
    who = (unit.short_name or unit.name) if unit else ""
    said = f"{who}提醒：" if who else ""
    if not warning.calls_you:  # a line people call to ask (18222), not one that calls them (96110)
        return f"{said}拿不准先拨打{warning.number}咨询，遇到诈骗立即拨打{report.number}。"
    return f"{said}接到{warning.number}来电务必接听，遇到诈骗立即拨打{report.number}。"


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
    asks = "" if guidance.hotline("warning").calls_you else "咨询"
    compact = f"{asks}{warning}{'' if asks else '来电必接'}，被骗拨打{report}，本地咨询{local}。"
    calls = [f"{full[:-1]}，本地咨询{local}。", f"{said}{compact}"]
    if said:
        calls.append(compact)
    return tuple(dict.fromkeys(calls))


def local_call(unit: Unit) -> str:
    """The unit's own numbers, each with its label, as one sentence ("" when it has none)."""
    if not unit.hotlines:
        return ""
    return "咨询也可拨打" + "、".join(f"{h.label}{h.number}" for h in unit.hotlines) + "。"


def sentence(text: str) -> str:
    """Text ending in a full stop (or the mark it already ends with)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？…”" else text + "。"



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
    tip = ("tip", sentence(p.tip) if p.tip else "")
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
    parts.append(post.call_to_action)
    if post.local_hotline:  # as the cards print it in their footer band
        parts.append(f"本地咨询{post.local_hotline}。")
    parts += [post.credit, f"{post.month}。"]
    return "".join(parts)

