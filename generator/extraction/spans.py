"""Numbers with a unit of time: dates (2021年, 5月, 17日), years of the Republic of China
(113年), lengths of time that are counts (连续3年: a streak, counted up to the end of its
period), lengths of time and ages that are none (24小时接听, 60岁以上) and spans that name a
period (一年来, 过去一年)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from generator.extraction import lexicon as lx
from generator.extraction.periods import period_end
from generator.model import Token

CLOCK_UNITS = {"小时", "个小时", "分钟", "秒", "秒钟", "天"}
"""Lengths of time: 24小时接听, 3天内 are no counts (累计服务3000小时 is one)."""
AGE_UNITS = {"岁", "周岁"}
DURATION_AFTER = re.compile(r"[内）)]|之内|以内|接听|值守|值班|在线|服务|运转|畅通|不间断|响应|到账|后"
                            r"|[「“\"][\u4e00-\u9fff]{0,6}(?:热线|专线)"  # 24小时「防骗易热线」: a line's hours
                            r"|(?:均|都|随时)?可?(?:拨打|致电|来电|咨询|举报|报警|受理)|(?:反诈|咨询|举报|报警|服务)?(?:热线|专线)"
                            r"|开通|待命|全天候|不打烊")
"""After a length of time (24小时接听, 48小时内, 24小时拨打96110, 24小时热线): when a service is open,
not a count of hours worked."""

EVENT_WINDOW = re.compile(r"内(?:便|就|已|先后|共|连续|又)?(?:被骗|遭骗|接获|接报|损失|被盗|转账|汇出|汇款|转出)")
"""7天内被骗去300万元, 五日内接获90宗: the window in which it happened (a period), not a time limit
of a rule (15个工作日内办结) nor a service's hours (24小时内到账)."""

ROC_OFFSET = 1911
"""民国 (Republic of China) years, as Taiwan writes dates: 113年 is 2024."""
_ROC_BEFORE = re.compile(r"(?:[县市]|较|相较于|与|至|到)$")
"""屏東縣114年打詐成果, 較113年成長97%: a three-digit year after a county or a comparison."""
_ROC_AFTER = re.compile(r"(?:迄今|以来|来|度|同期|上半年|下半年|前|底|初|[1-9]\d?(?:月|至|到|-)"
                        r"|[一二三四五六七八九十]+月|至|到|[-—])")


def roc_year(text: str, start: int, pos: int, value: Decimal, qualifier: str) -> bool:
    """113年, 一一三年, 民國113年: a year of the Republic of China (100 is 2011), as Taiwanese
    releases date their figures; read where the text marks it so (民国, a county or 较 before, or
    a month or 迄今/同期 after)."""
    if qualifier != "exact" or not (100 <= value <= 150) or value != value.to_integral_value():
        return False
    return text.endswith("民国", max(0, start - 3), start) or bool(_ROC_AFTER.match(text, pos)) or \
        bool(_ROC_BEFORE.search(text, max(0, start - 3), start))


BRACKETED = re.compile(r"[（(](\d{1,4})[）)]([年月日])")


def bracketed_date(text: str, start: int, end: int, run: str) -> Token | None:
    """今(114)年, 今（26）日, 昨（25）日: the year or day of 今/昨/去 written in brackets, as Taiwanese
    releases date themselves; a date (114 as the year 2025), no hotline and no count."""
    if start < 2 or text[start - 2] not in "今昨前去本明" or not run.isdigit():
        return None
    match = BRACKETED.match(text, start - 1)
    if match is None or match.end(1) != end:
        return None
    value, unit = int(run), match.group(2)
    if unit == "年" and 100 <= value <= 150:
        value += ROC_OFFSET
    elif not (unit == "年" and 1900 <= value <= 2100 or unit == "月" and 1 <= value <= 12
              or unit == "日" and 1 <= value <= 31):
        return None
    return Token(start, end, str(value), unit, kind="date")


def more_than_span(text: str, unit: str, pos: int, qualifier: str) -> tuple[str, int]:
    """建成3年多来, 两个月多以来: a span of more than so long, up to now (a period); the qualifier and
    where the number ends (after its 多)."""
    if unit in lx.SPAN_UNITS and text.startswith(("多来", "多以来"), pos):
        return "more_than", pos + 1
    return qualifier, pos


def date_or_count(text: str, start: int, pos: int, unit: str, value: Decimal, qualifier: str) -> str:
    """2021年, 5月, 17日 are dates; 3年 and 20年 of a sentence are counts; 一年来 is a period."""
    if qualifier != "exact":
        return "statistic"
    if text.startswith(("来", "以来"), pos):
        return "date"
    whole = value == value.to_integral_value()
    if whole and unit in ("月", "日", "号") and run_together_date(str(int(value)), unit):
        return "date"  # 2023517日, 202412月: a date whose 年 and 月 were lost
    if unit == "年":
        return "date" if whole and 1900 <= value <= 2100 else "statistic"
    if unit == "月":
        return "date" if whole and 1 <= value <= 12 else "statistic"
    return "date" if whole and 1 <= value <= 31 else "statistic"


def run_together_date(digits: str, unit: str) -> bool:
    """2023517日 (2023年5月17日), 20231105日, 202412月: a year, a month and a day run together."""
    if not (5 <= len(digits) <= 8) or not digits.startswith(("19", "20")):
        return False
    rest = digits[4:]
    if unit == "月":
        return 1 <= int(rest) <= 12
    return any(1 <= int(rest[:cut]) <= 12 and 1 <= int(rest[cut:]) <= 31
               for cut in (1, 2) if 1 <= len(rest) - cut <= 2)


ONE_SPAN_UNITS = {"年", "周", "星期", "日", "天", "个月", "周年"}
_RECENT_BEFORE = re.compile(r"(?:过去|近|最近|这|本)$")
PERIOD_AFTER = ("来", "以来", "间", "中", "里")  # 一年来, 2021年4月至2022年4月的一年间: a period


def one_span_kind(text: str, start: int, pos: int, unit: str) -> str:
    """一 with a unit of time (its value is no count the way 3年 is): 过去一年 and 近一周 name a
    period (date); 一周年, 一年内 and 前一日 are a length of time in a rule or a story (other).
    "" when the unit is no unit of time (一名, 一起: an article, not a number)."""
    if unit not in ONE_SPAN_UNITS:
        return ""
    recent = _RECENT_BEFORE.search(text, max(0, start - 2), start) or text.startswith(PERIOD_AFTER, pos)
    return "date" if recent and unit != "周年" else "other"


def days_in_order(surface: str) -> bool:
    """1.11-1.18, 1.1-1.31, 12.28-1.3: two month.day dates of a report's week or month, the second
    not before the first and less than a month after it (a year may turn between them); 5.30-2.1
    and 1.5-2.5 (a decimal range) are no such pair."""
    (m1, d1), (m2, d2) = (tuple(map(int, part.split("."))) for part in re.split(r"[-—~～]", surface))
    return (m1 == m2 and d2 >= d1) or ((m2 == m1 + 1 or (m1, m2) == (12, 1)) and d2 < d1)


STREAK_BEFORE = re.compile(r"连续$")
STREAK_UNITS = {"年": 12, "个月": 1, "月": 1}


def streak_end(norm: str, length: int, unit: str, anchor: date | None) -> str:
    """A streak's length (今年1—7月…已连续14个月同比下降) is counted up to the end of the period it is
    written under, not over it: as_of that end (the report date, if the period runs past it).
    A period exactly as long as the streak (2021年6月至12月连续7个月) is the streak itself, and a
    period that already runs to a day (2021年4月至今, 截至目前) is kept."""
    if not norm or norm.startswith("as_of:") or len(norm.split("/")[-1]) == 10 or unit not in STREAK_UNITS:
        return norm
    end = period_end(norm)
    assert end is not None
    if _months_spanned(norm, end) == length * STREAK_UNITS[unit]:
        return norm
    if anchor and anchor < end:
        end = anchor
    return f"as_of:{end.isoformat()}"


def _months_spanned(norm: str, end: date) -> int:
    """How many calendar months a period in normal form covers (2024-01/2024-07: 7, 2023: 12)."""
    first = norm.split("/")[0]
    if len(first) == 4:
        month = 1
    elif first[5] in "HQ":
        month = (int(first[6]) - 1) * (6 if first[5] == "H" else 3) + 1
    else:
        month = int(first[5:7])
    return (end.year - int(first[:4])) * 12 + end.month - month + 1


NOT_CLOCK_AFTER = frozenset("间期候代段效长空")  # 时间, 时期, 时候, 时段: words, not an hour


CLOCK_AROUND_AFTER = re.compile(r"(?:到|至|[-—~～]|前|后|半|钟|左右|整|许)")
CLOCK_AROUND_BEFORE = re.compile(r"(?:到|至|每天|每日|晚上|早上|中午|上午|下午|凌晨|傍晚|夜里)$")


def clock_unit(text: str, start: int, pos: int, value: Decimal, is_arabic: bool) -> str:
    """上午九点 and 18时许, 凌晨2时: a time of day (date), not a count; its unit, or ""."""
    if text.startswith("点", pos) and not is_arabic and lx.TIME_OF_DAY.search(text, max(0, start - 2), start):
        return "点"
    if text.startswith("点", pos) and value == value.to_integral_value() and 0 <= value <= 24 and (
            CLOCK_AROUND_AFTER.match(text, pos + 1) or CLOCK_AROUND_BEFORE.search(text, max(0, start - 2), start)):
        return "点"  # 每天12点到24点, 晚上8点前: hours of a day
    if text.startswith("时", pos) and text[pos + 1 : pos + 2] not in NOT_CLOCK_AFTER and (
            value == value.to_integral_value() and 0 <= value <= 24):
        return "时"
    return ""
