"""The social platforms and share cards: what each platform takes, and how it counts.

PLATFORMS is the one table of platforms: the fields of each text, the most each takes and the
rule the platform counts it by. CARDS is the one table of share-card images.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass


def count_chars(text: str) -> int:
    """Characters as WeChat, Douyin and Xiaohongshu count them: one per code point."""
    return len(text)


def count_weibo(text: str) -> int:
    """Weibo's count: a Han character or full-width mark is 1, an ASCII character ½ (rounded up)."""
    half = sum(1 for char in text if ord(char) < 128)
    return len(text) - half + math.ceil(half / 2)


def count_x(text: str) -> int:
    """X's weighted length by the official twitter-text v3 rules (its Python port): CJK, full-width
    punctuation and emoji weigh 2, other characters 1, and any URL 23."""
    from twitter_text import parse_tweet

    return parse_tweet(text).weightedLength


class XLengths:
    """X's weighted lengths, kept from one build to the next by key (the build's key of the text):
    importing the twitter-text port compiles its emoji and URL patterns (about 0.8 s), which an
    unchanged text does not need. Only the lengths this build looked up are kept for the next."""

    def __init__(self, known: Mapping[str, int], key: Callable[[str], str]):
        self.known = dict(known)
        self.key = key
        self.used: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        key = self.key(text)
        if key not in self.known:
            self.known[key] = count_x(text)
        self.used[key] = self.known[key]
        return self.used[key]


def counters(x_lengths: Callable[[str], int] = count_x) -> dict[str, Callable[[str], int]]:
    """How each counting rule is applied, by the name limits use."""
    return {"characters": count_chars, "weibo": count_weibo, "x-weighted": x_lengths}


@dataclass(frozen=True)
class Limit:
    field: str
    maximum: int
    counter: str
    """A key of counters()."""


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
    numeric_tags: bool = True
    """Whether a topic of digits alone (96110) is a tag there: not on X, whose hashtags need a letter."""


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
    "x": Platform("x", "X", (Limit("text", 280, "x-weighted"),), "#{}", 10, ("x",), numeric_tags=False),
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

SAFE_AREAS = {
    "square": (8, 8, 1072, 1072),
    "wechat-cover": (266, 8, 633, 375),
    "xiaohongshu": (8, 8, 1072, 1432),
    "douyin": (60, 250, 900, 1490),
    "x": (8, 8, 1192, 667),
    "og": (8, 8, 1192, 622),
}
"""Where a card's text may stand (left, top, right, bottom in px): the part of the card a reader
sees whole, 8 px in from its edges. The 公众号 cover shows only its centre 383 px square in most
places; Douyin lays its top bar over the top 250 px, its caption, account and music over the
bottom 420 and its buttons over the right 170 (DESIGN-BRIEF §3, TikTok's figures as the nearest
published proxy). A card whose text strays outside fails the build; its content fills at least
60% of this area's height."""

SHEET_ROWS = (("square", "xiaohongshu", "douyin", "x"), ("wechat-cover", "og"))
"""The rows of a post's contact sheet, of about equal width."""
