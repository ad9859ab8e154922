"""What a number says beyond its digits: the direction of a change and the precision written.

A change figure (同比上升60.4%) is not the same statement as 下降60.4% or -60.4%, and 44.10万
says a precision that 44.1万 does not. The registry records both for each figure, and the
check compares them with what a page writes beside the number.
"""

from __future__ import annotations

import re

from generator.extraction.fold import fold

UP_WORDS = ("上升", "增长", "增加", "提高", "上涨", "攀升", "增幅", "升幅", "多出", "反弹", "翻番")
DOWN_WORDS = ("下降", "减少", "降低", "下滑", "回落", "降幅", "减幅", "下跌", "缩减", "减")
_DIRECTION = re.compile("|".join(sorted(UP_WORDS + DOWN_WORDS, key=len, reverse=True)))
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")
MINUS, PLUS = "-−－﹣", "+＋"
WINDOW = 12
"""How far before a number its direction word may stand (同比分别上升60.4%、80.6%和146.5%)."""


def direction_before(text: str, at: int) -> str:
    """up, down or "": the direction the clause gives the number at `at` (a sign right before
    it, else the last direction word before it in its clause)."""
    before = fold(text[max(0, at - WINDOW) : at])  # only the window: a clause may be very long
    if before.rstrip(" \u2005\u00a0")[-1:] in MINUS:
        return "down"
    if before.rstrip(" \u2005\u00a0")[-1:] in PLUS:
        return "up"
    clause = _CLAUSE_END.split(before)[-1]
    words = _DIRECTION.findall(clause)
    if not words:
        return ""
    return "down" if words[-1] in DOWN_WORDS else "up"


def change_direction(quote: str, surface: str) -> str:
    """The direction of the figure `surface` in its quote ("" for a level, not a change)."""
    at = quote.find(surface)
    return direction_before(quote, at) if at >= 0 else ""


_NUMBER = re.compile(r"\d+(?:\.(\d+))?|[〇零一二两三四五六七八九十百千]+(?:[点點]([〇零一二两三四五六七八九]+))?")


_ARABIC = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s?[余餘多]?([万萬亿億]*)")
_POWERS = {"万": 4, "萬": 4, "亿": 8, "億": 8}


def last_digit_power(surface: str) -> int | None:
    """The power of ten of the last digit a surface writes, its zeros counted as written (44.1万 →
    3, 441000 → 0, 3200余亿 → 8, 60.40% → -2); None for numbers not in Arabic digits."""
    match = _ARABIC.search(surface)
    if not match or "百分之" in surface:
        return None
    magnitude = sum(_POWERS[ch] for ch in match.group(3))
    return magnitude - len(match.group(2) or "")


def written_decimals(surface: str) -> int:
    """Digits written after the decimal point in a surface: 44.1万余起 → 1, 60.40% → 2, 3200余亿元 → 0."""
    match = _NUMBER.search(surface.replace("百分之", "", 1))
    if not match:
        return 0
    fraction = match.group(1) or match.group(2) or ""
    return len(fraction)
