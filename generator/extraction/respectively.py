"""分别: the k-th figure of a list after 分别 belongs to the k-th item named before it (同比分别上升
60.4%、80.6%和146.5% for cases, gangs and suspects), or to the k-th year of a range of years
(2019年至2021年…分别起诉3.9万人、5万人、4万人)."""

from __future__ import annotations

import re

from generator.extraction import context as ctx
from generator.model import Token


def respectively_metrics(sentence: str, tokens: list[Token], offset: int) -> dict[int, str]:
    """同比分别上升60.4%、80.6%和146.5%: the k-th change belongs to the k-th count before it."""
    where = sentence.find("分别")
    if where < 0:
        return {}
    after = [t for t in tokens if t.start - offset > where and t.unit == "%"]
    before = [t for t in tokens if t.start - offset < where and t.kind == "statistic" and t.unit != "%"]
    if len(after) < 2 or len(before) < len(after):
        return {}
    change = ctx.CHANGE_WORDS.search(sentence, where - 4 if where >= 4 else 0)
    words = change.group().replace("分别", "") if change else ""
    out = {}
    previous: list[str] = []
    for base in before:
        local = base.start - offset
        previous.append(ctx.metric_for(sentence, local, base.end - offset, previous))
    for token, metric in zip(after, previous[-len(after) :], strict=True):
        out[token.start] = metric + words
    return out


YEAR_RANGE = re.compile(r"((?:19|20)\d{2})年?[至到—－-]((?:19|20)\d{2})年")
LIST_JOIN = re.compile(r"[、，,]?(?:和|及|与|以及)?")


def respectively_years(sentence: str, tokens: list[Token], offset: int,
                       periods: list[tuple[int, str]]) -> dict[int, str]:
    """2019年至2021年，检察机关分别起诉3.9万人、5万人、4万人: one figure for each year of the range,
    in order (the figures listed together, as many as the years); {start: year}."""
    where = sentence.find("分别")
    span = YEAR_RANGE.fullmatch(ctx.last_before(periods, where)) if where >= 0 else None
    if span is None:
        return {}
    first, last = int(span.group(1)), int(span.group(2))
    listed: list[Token] = []
    for token in tokens:
        if token.start - offset < where or token.kind != "statistic":
            continue
        if listed and not LIST_JOIN.fullmatch(sentence[listed[-1].end - offset : token.start - offset]):
            break
        listed.append(token)
    if len(listed) != last - first + 1:
        return {}
    return {token.start: str(first + k) for k, token in enumerate(listed)}
