"""Counts that a sentence gives for another purpose than to report a figure: the one case a
story singles out (涉款最高的1宗案件), the guests of a press conference (邀请两位被害人现身说法)
and the amount a policy hands out to each (普发现金1万元). Each is read from a few characters
before the number (text folded to simplified)."""

from __future__ import annotations

import re

SINGLED_OUT = re.compile(r"最[高大多长重严][^，。；,;]{0,2}的$")
"""涉款最高的1宗案件, 金额最大的一起: one case picked out of the period's, no count of cases."""
INVITED = re.compile(r"(?:邀请|邀|请来|邀请了)$")
"""记者会邀请两位被害人现身说法: the guests of an event, no count of victims."""
HANDOUT = re.compile(r"普发(?:现金)?$")
"""政府将普发现金1万元: what a policy gives each person, no figure of fraud."""


ONE = re.compile(r"[1一](?![\d.,])")


def no_figure(text: str, start: int, surface: str) -> bool:
    """True when the count `surface` at `start` singles out one case, names an event's guests or
    a handout."""
    before = text[max(0, start - 6) : start]
    one = bool(ONE.match(surface))
    return bool(one and SINGLED_OUT.search(before) or INVITED.search(before) or HANDOUT.search(before))
