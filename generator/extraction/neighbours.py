"""Numbers read with their neighbours: the two ends of a range (1至5万元: the unit and the
magnitude written once belong to both), amounts listed together that share one measure word
(3,570萬及3,790萬澳門元), and a threshold or range right before a count that names the group
counted (20岁以下4人: no statistic itself)."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.extraction import context as ctx
from generator.extraction import lexicon as lx
from generator.extraction.lexicon import MAGNITUDE, RANGE_MARKS
from generator.extraction.numbers import format_decimal
from generator.model import Token

_HAS_MAGNITUDE = re.compile(f"[{MAGNITUDE}]")


def read_together(text: str, tokens: list[Token]) -> list[Token]:
    """The tokens of `text` (in order) with ranges, shared measure words and group labels read."""
    return _restated(text, _spreads(text, _labels(text, _shared_qualifier(
        text, _shared_units(text, _terms(text, _apply_ranges(text, tokens)))))))


TERM_UNITS = {"年", "个月", "月", "日", "天"}


TERM_AFTER = re.compile(r"[\d一二两三四五六七八九十年个月至到]*(?:不等)?的?有期徒刑")


def _terms(text: str, tokens: list[Token]) -> list[Token]:
    """有期徒刑十年三个月, 十年六个月至五年六个月不等有期徒刑: the months written right after a
    term's years, and the ends of a range of terms, are a sentence (other), not a count."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token.unit not in TERM_UNITS or token.kind != "statistic":
            continue
        before = out[i - 1] if i else None
        joined = before is not None and before.end == token.start and before.kind == "other" \
            and before.unit in TERM_UNITS
        if joined or TERM_AFTER.match(text, token.end):
            out[i] = token._replace(kind="other")
    return out


RESPECTIVELY = re.compile(r"分别[\u4e00-\u9fff]{0,4}$")  # 分别约占, 分别减少约
QUALIFIER_FIRST = re.compile("|".join(sorted(lx.PREFIX_QUALIFIERS, key=len, reverse=True)))


def _shared_qualifier(text: str, tokens: list[Token]) -> list[Token]:
    """分别约占25%、30%、35%, 分別減少約26%與53%: a qualifier written once at the head of a
    分别 list qualifies each item (about 30%, about 17.6萬元), not only the first."""
    out = list(tokens)
    for i, first in enumerate(out):
        if first.qualifier == "exact" or first.kind != "statistic" or not QUALIFIER_FIRST.match(text, first.start) \
                or not RESPECTIVELY.search(text, max(0, first.start - 6), first.start):
            continue
        for j in range(i + 1, len(out)):
            previous, item = out[j - 1], out[j]
            if text[previous.end : item.start] not in COORDINATION or item.unit != first.unit or \
                    item.qualifier != "exact" or item.kind != "statistic":
                break
            out[j] = item._replace(qualifier=first.qualifier)
    return out


def _spreads(text: str, tokens: list[Token]) -> list[Token]:
    """从5000元到50万元不等: the ends of a spread of single cases, no statistic of anything."""
    out = list(tokens)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if text[first.end : second.start] in tuple(RANGE_MARKS) and text.startswith("不等", second.end):
            out[i], out[i + 1] = first._replace(kind="other"), second._replace(kind="other")
    return out


def _apply_ranges(text: str, tokens: list[Token]) -> list[Token]:
    """In 1至5月 and 3-5年 the first number takes the unit (and date kind) of the second; in
    1至5万元 its magnitude too (10000 to 50000)."""
    out = list(tokens)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        gap = text[first.end : second.start]
        if first.unit or not second.unit or not (len(gap) == 1 and gap in RANGE_MARKS or
                                                 _listed_date(first, gap, second)):
            continue
        if first.kind not in ("other", "statistic") or first.qualifier != "exact":
            continue
        kind = second.kind if second.kind in ("date", "statistic") else first.kind
        if kind == "date" and second.unit == "年" and not re.fullmatch(r"\d{4}", first.value):
            kind = "statistic"
        out[i] = first._replace(unit=second.unit, kind=kind, value=_shared_magnitude(text, first, second))
    return out


def _listed_date(first: Token, gap: str, second: Token) -> bool:
    """5、6月份, 3和4日: months or days listed together; the first takes the second's 月 or 日."""
    if gap not in ("、", "和", "及", "与") or second.kind != "date" or not first.value.isdigit():
        return False
    return 1 <= int(first.value) <= (12 if second.unit == "月" else 31) and second.unit in ("月", "日", "号")


def _shared_magnitude(text: str, first: Token, second: Token) -> str:
    """1至5万元: the magnitude written once belongs to both ends (1万); 5000至2万 keeps 5000."""
    if _HAS_MAGNITUDE.search(text, first.start, first.end):
        return first.value
    magnitude = Decimal(1)
    for char in text[second.start : second.end]:
        if char in MAGNITUDE:
            magnitude *= 10**4 if char in "万萬" else 10**8
    mantissa = Decimal(second.value) / magnitude
    if magnitude == 1 or Decimal(first.value) >= mantissa:
        return first.value
    return format_decimal(Decimal(first.value) * magnitude)


COORDINATION = ("和", "及", "与", "、", "或", "以及")
_LINK = re.compile(r"(?:的有|的|有)?")


def _shared_units(text: str, tokens: list[Token]) -> list[Token]:
    """3,570萬及3,790萬澳門元: an amount without a measure word takes the one of the amount it is
    listed with."""
    out = list(tokens)
    for i in range(len(out) - 2, -1, -1):
        first, second = out[i], out[i + 1]
        if first.unit or not second.unit or first.kind != "statistic" or second.kind != "statistic":
            continue
        if text[first.end : second.start] in COORDINATION and _HAS_MAGNITUDE.search(text, first.start, first.end):
            out[i] = first._replace(unit=second.unit)
    return out


def _labels(text: str, tokens: list[Token]) -> list[Token]:
    """20岁以下4人, 10万元以上的有7起, 5万元到10万元的有5起: a threshold or a range right before a
    count (or before 的) names the group counted (an age, a band of losses); it is no statistic
    itself, nor is the other end of its range."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token.kind != "statistic":
            continue
        linked = _LINK.match(text, token.end)
        link = linked.group() if linked else ""
        following = out[i + 1] if i + 1 < len(out) else None
        counts_next = following is not None and following.start == token.end + len(link) and \
            following.kind == "statistic"
        if not (link.startswith("的") or counts_next):
            continue
        threshold = any(text.endswith(word, token.start, token.end) for word in lx.SUFFIX_QUALIFIERS)
        before = out[i - 1] if i else None
        bound = before is not None and before.kind == "statistic" and \
            text[before.end : token.start] in tuple(RANGE_MARKS)
        if threshold or bound:
            out[i] = token._replace(kind="other")
        if bound and before is not None:
            out[i - 1] = before._replace(kind="other")
    return out


RESTATE_LOOKBACK = 8
"""How many numbers back a restated count is looked for (a paragraph may be a whole file)."""
NOUN = re.compile(r"[\u4e00-\u9fff]{2}")
LIST_CHAIN = re.compile(r"[\u4e00-\u9fff“”「」]{2,24}(?:、[\u4e00-\u9fff“”「」]{2,24})+")
LIST_LOOKBACK = 120
REFERRING_UNITS = {"家", "个", "名", "位", "所", "部", "人"}
ACTED_ON = ("对", "将", "把", "给")
"""对3名卡主…管控: the count names whom an action is on (said again, not counted again)."""


def _restated(text: str, tokens: list[Token]) -> list[Token]:
    """Counts that refer back, no second figure: 该三名卡主… 对3名卡主名下银行卡全面管控 (the same
    count of the same noun said again in the paragraph, as the object of 对/将/把 or after an
    anaphoric 该三名), and 向甲、乙、丙、丁制发…，四家单位及时整改 (a count opening a clause that
    numbers the items listed before it in its sentence)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token.kind != "statistic" or token.unit not in REFERRING_UNITS:
            continue
        noun = NOUN.match(text, token.end)
        acted_on = text[token.start - 1 : token.start] in ACTED_ON
        said = noun is not None and any(
            other.value == token.value and other.unit == token.unit and text.startswith(noun.group(), other.end)
            and (acted_on or other.kind == "other") for other in out[max(0, i - RESTATE_LOOKBACK) : i])
        if said or _numbers_a_list(text, token):
            out[i] = token._replace(kind="other")
    return out


def _numbers_a_list(text: str, token: Token) -> bool:
    if text[token.start - 1 : token.start] not in ("，", ","):
        return False
    window = text[max(0, token.start - LIST_LOOKBACK) : token.start - 1]
    window = re.split(r"[。；;！？!?]", window)[-1]
    chains = LIST_CHAIN.findall(window)
    return bool(chains) and str(chains[-1].count("、") + 1) == token.value


# ---- 分别: the k-th figure of a list for the k-th item or year named before it ----

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
    where = max(sentence.find("分别"), sentence.find("依次"))  # 依次为14,178宗、10,057宗…: in the years' order
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
