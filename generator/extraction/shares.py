"""Shares written in words: tenths (六成, 4成2, 七成三五, 四成半) and halves (一半, 过半, 逾半,
近半数), each a share in % of a whole the sentence names. The caller (tokens.py) takes the
qualifier written before or after the share (近一半, 一半以上, 约一成) into the token."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.extraction import lexicon as lx
from generator.extraction.numbers import CN_DIGITS, format_decimal
from generator.model import Token

NOT_TENTHS_AFTER = set("为员立功本果绩都市交就长熟年份分型效不")
"""成为, 成员, 成立, 一成不变 …: 成 starting a word, no tenths."""
SHARE_BEFORE_BECOMES = set("中约近逾超占有")
"""当中七成为网上骗案, 约三成为老人: before these a numeral's 成为 is "tenths are", not "become"."""


def tenths(run: str, text: str, start: int, pos: int) -> bool:
    """六成, 4成2, 约一成 (tenths): not 成为, 成员, 成立, 一成不变 …; 当中七成为… is a share too."""
    nxt = text[pos + 1 : pos + 2]
    if len(run) != 1:
        return False
    if nxt == "为" and run not in "一十" and text[start - 1 : start] in SHARE_BEFORE_BECOMES:
        return True
    return nxt not in NOT_TENTHS_AFTER


def tenths_token(text: str, start: int, pos: int, value: Decimal) -> Token:
    """六成 = 60%, 4成8 = 48%, 七成三五 = 73.5%, 四成半 = 45%, 二成多 = more than 20%."""
    end = pos + 1
    share = value * 10
    place = Decimal(1)
    while end < len(text) and place >= Decimal("0.01") and (text[end].isdigit() or text[end] in CN_DIGITS):
        digit = int(text[end]) if text[end].isdigit() else CN_DIGITS[text[end]]
        share += digit * place
        place /= 10
        end += 1
    qualifier = "exact"
    if place == 1 and text.startswith("半", end):
        share, end = share + 5, end + 1
    elif place == 1 and text[end : end + 1] in ("多", "余", "餘") and not lx.is_han(text[end + 1 : end + 2]):
        qualifier, end = "more_than", end + 1
    return Token(start, end, format_decimal(share), "%", qualifier)


NOT_HALF_AFTER = "年月天日个小夜时钟岛径途场路价身导山生辈截边壁晌拉点"
HALF = (rf"(?:(?<![经通越度错不太略超])过|逾|超|近)半数?(?![{NOT_HALF_AFTER}])"
        rf"|(?<![另一大多小前后上下])一半(?![儿{NOT_HALF_AFTER}])|(?<![大多小])半数(?![{NOT_HALF_AFTER}])")
"""过半, 逾半, 近半数 (a qualifier written into the word); 一半, 半数 (a qualifier may stand
before or after them: 近一半, 超过半数, 一半以上). Not 近半年, 过半个月 (a length of time),
另一半 (a partner), 一大半, 半岛."""
HALF_QUALIFIERS = {"过": "more_than", "逾": "more_than", "超": "more_than", "近": "nearly"}
SHARE_WORD_BEFORE = re.compile(r"(?:占|的|中|有|达|约)$")
"""占全部案件的一半, 受害人中一半, 其中半数: the half is a share of a whole just named."""


def half_token(text: str, match: re.Match) -> Token | None:
    """A half as a share (50%); None for 一半 or 半数 that stand alone as words (一半是海水)."""
    start, end = match.span()
    surface = match.group()
    qualifier = HALF_QUALIFIERS.get(surface[0], "exact")
    if qualifier == "exact" and not (
            lx.PREFIX_QUALIFIER_RE.search(text[max(0, start - lx.PREFIX_WINDOW) : start])
            or SHARE_WORD_BEFORE.search(text, max(0, start - 1), start)
            or lx.SUFFIX_QUALIFIER_RE.match(text, end)):
        return None
    return Token(start, end, "50", "%", qualifier)
