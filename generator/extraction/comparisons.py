"""What a change is measured against: 同比 (the same time a year before), 环比 (the period just
before), or a base the sentence names (与2020年相比, 比去年同期, 较上月), as a period in normal form."""

from __future__ import annotations

import bisect
import re
from datetime import date

from generator.extraction.periods import ANY_Y, M, normalise_period, parse_period

SAME_TIME_LAST_YEAR = re.compile(r"同比|(?:与|和|比|较)(?:上年|去年)同期")
SAME_TIME_OF = re.compile(r"(?:与|和|比|较)(?P<year>(?:19|20)\d{2})年同期")
PREVIOUS_PERIOD = re.compile(r"环比|(?:与|和|比|较)(?:上月|上个月|上季度|上一季度)")
NAMED_BASE = re.compile(r"(?:与|和|同|比|较)(?P<base>" + ANY_Y + r"(?:" + M + r")?|" + M + r")(?!同期)"
                        r"(?:相比|比较|相较)?")


def compared_period(clause: str, norm: str, anchor: date | None) -> str:
    """The period a change in `clause` (the text before the number, folded) is measured against,
    in normal form; "" when the clause names no base or the base cannot be told.

    同比 and 比去年同期: the figure's own interval a year earlier (2021-01/2021-05 → 2020-01/2020-05);
    环比: the interval just before it, of the same length (2024-03 → 2024-02, 2024-Q1 → 2023-Q4);
    a named base (与2020年相比): that period, resolved against the report date."""
    bases = list(NAMED_BASE.finditer(clause))
    named = bases[-1] if bases else None
    last_year = SAME_TIME_LAST_YEAR.search(clause)
    same_time_of = SAME_TIME_OF.search(clause)
    if same_time_of and norm[:4].isdigit():
        return _year_before(norm, int(norm[:4]) - int(same_time_of.group("year")))
    previous = PREVIOUS_PERIOD.search(clause)
    if named and not (last_year and last_year.start() > named.start()):
        base = named.group("base")
        if "年" not in base and norm[:4].isdigit():
            base = norm[:4] + "年" + base  # 较2月份: February of the figure's own year
        reading = parse_period(base, anchor)
        return reading.norm if reading else ""
    if last_year:
        return _year_before(norm)
    if previous:
        return _period_before(norm)
    return ""


def _year_before(norm: str, years: int = 1) -> str:
    """The same interval `years` earlier; 29 February becomes the 28th."""
    def earlier(match: re.Match) -> str:
        year = int(match.group(1)) - years
        rest = match.group(2) or ""
        if rest == "-02-29":
            rest = "-02-28"
        return f"{year}{rest}"
    return re.sub(r"(\d{4})(-\d{2}-\d{2}|-\d{2}|-[HQ]\d)?", earlier, norm) if norm else ""


def _period_before(norm: str) -> str:
    """The interval just before a year, half, quarter or month ("" for other intervals)."""
    if re.fullmatch(r"\d{4}", norm):
        return str(int(norm) - 1)
    part = re.fullmatch(r"(\d{4})-([HQ])(\d)", norm)
    if part:
        year, kind, index = int(part.group(1)), part.group(2), int(part.group(3))
        count = 2 if kind == "H" else 4
        return f"{year}-{kind}{index - 1}" if index > 1 else f"{year - 1}-{kind}{count}"
    months = re.fullmatch(r"(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?", norm)
    if months:  # a month, or a run of months: the same number of months just before it
        first = int(months.group(1)) * 12 + int(months.group(2)) - 1
        last = int(months.group(3) or months.group(1)) * 12 + int(months.group(4) or months.group(2)) - 1
        count = last - first + 1
        before = [divmod(first - count, 12), divmod(first - 1, 12)]
        labels = [f"{year}-{month + 1:02d}" for year, month in before]
        return labels[0] if count == 1 else "/".join(labels)
    return ""


FROM_TO = re.compile(r"[，,]?[至到]")
YEAR_NORM = re.compile(r"\d{4}")


def change_period(sentence: str, marks: list[tuple[int, str]], at: int, end: int, anchor: date | None,
                  is_change: bool) -> str | None:
    """The period of a change written between two years, when it is not the nearest one before it:
    由2020年约5.7亿元上升40%至2021年约8.1亿元 (40% is of 2021, the year it rises to), and
    2021年1074宗，2020年332宗，上升超过2倍 (a change goes from the earlier year to the later).
    `marks` are the sentence's periods (end, text), `at`/`end` the number's span in it; None when
    the nearest period before stands."""
    index = bisect.bisect_right(marks, at, key=lambda mark: mark[0])
    if not index:
        return None
    mark_end, chosen = marks[index - 1]
    opened = sentence[max(0, mark_end - len(chosen) - 1) : mark_end - len(chosen)]
    going = FROM_TO.match(sentence, end)
    following = marks[index] if index < len(marks) else None
    if opened in ("由", "从") and going and following and following[0] - len(following[1]) == going.end():
        return following[1]  # 由P1 … 上升40%至P2
    first = normalise_period(chosen, anchor)
    if not is_change or not YEAR_NORM.fullmatch(first):
        return None
    later = [text for _, text in marks[max(0, index - 4) : index - 1]
             if YEAR_NORM.fullmatch(norm := normalise_period(text, anchor)) and norm > first]
    return later[-1] if later else None
