"""Periods counted back from the report date: 本周, 上周, 本周一至昨日, 过去三星期, 近30天,
最近3个月, 近5年. Each is (first day, last day, normal form); periods.py makes it a Period."""

from __future__ import annotations

import re
from datetime import date, timedelta

from generator.extraction.numbers import parse_number

Span = tuple[date, date, str]
TO = r"(?:至|到|—|－|-|~|～)"  # as periods.TO (which imports this module)
RECENT = re.compile(r"(?:过去|近|最近)([一二两三四五六七八九十]{1,3}|\d{1,2})(个星期|星期|周|天|日|个月|年)")


def recent(text: str, anchor: date | None) -> Span | None:
    """过去三星期, 近30天, 最近3个月, 近5年 as a span, or None when `text` is none of them."""
    match = RECENT.fullmatch(text)
    if match is None or anchor is None:
        return None
    count, unit = int(parse_number(match.group(1))), match.group(2)
    if count == 1 and unit == "年" and match.group(0).startswith("过去"):
        return year_in_review(anchor) or _span_back(count, unit, anchor)
    return _span_back(count, unit, anchor)


REVIEW_MONTHS = 3
"""A report of January to March looking back on "the past year" reviews the calendar year before."""


def year_in_review(anchor: date) -> Span | None:
    """过去一年, 一年来 in a year-end review (a report of the first quarter): the calendar year
    before the report (云南 2018-03-05: 一年来 = 2017; 香港 2024-02: 過去一年 = 2023), not the
    twelve months up to it; None for a report later in the year (2022-04-14: 一年来 is
    2021-04 to 2022-04)."""
    if anchor.month > REVIEW_MONTHS:
        return None
    year = anchor.year - 1
    return (date(year, 1, 1), date(year, 12, 31), str(year))


def _span_back(count: int, unit: str, anchor: date) -> Span:
    """过去三星期, 近30天, 最近3个月, 近5年: the span that ends on the report date (years and
    months from the first of a month, as 5年来 is)."""
    if unit in ("个月", "年"):
        month = anchor.month - count * (12 if unit == "年" else 1)
        year = anchor.year + (month - 1) // 12
        since = date(year, (month - 1) % 12 + 1, 1)
        return (since, anchor, f"{since.year}-{since.month:02d}/{anchor.isoformat()}")
    since = anchor - timedelta(days=count * (7 if unit in ("周", "星期", "个星期") else 1))
    return (since, anchor, f"{since.isoformat()}/{anchor.isoformat()}")


WEEKDAY = {c: i for i, c in enumerate("一二三四五六")} | {"日": 6, "天": 6}
WEEK = re.compile(rf"[本上]周([一二三四五六日天])?(?:{TO}(?:周([一二三四五六日天])|(昨日|昨天|今日|今天)))?")


def week(text: str, anchor: date | None) -> Span | None:
    """本周 (Monday to the report date), 上周 (last Monday to Sunday), 本周二 (a day), 本周一至昨日,
    上周三至周日. 昨日 and 今日 end at the report date: a paper's 昨日 is the day the police gave
    the figures."""
    parts = WEEK.fullmatch(text)
    if anchor is None or parts is None:
        return None
    this_week = text.startswith("本周")
    monday = anchor - timedelta(days=anchor.weekday() + (0 if this_week else 7))
    first_day, last_day, to_now = parts.groups()
    first = monday + timedelta(days=WEEKDAY[first_day] if first_day else 0)
    if last_day:
        last = monday + timedelta(days=WEEKDAY[last_day])
    elif to_now or (this_week and not first_day):
        last = anchor
    else:
        last = first if first_day else monday + timedelta(days=6)
    return (first, last, f"{first.isoformat()}/{last.isoformat()}" if first != last else first.isoformat())


