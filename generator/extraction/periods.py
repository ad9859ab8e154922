"""Periods: the time a statistic covers, as written and as a typed interval.

A period is found in a sentence as written (2021年1至5月, 今年上半年, 截至2023年12月底, 上月) and
read into a `Period`: its first and last day, resolved against the date the source reports
from (去年, 本月, 截至目前, 今年以来). Its normal form (`norm`) compares periods across sources:

    2021                 a year                 2024-H1, 2024-Q3      a half, a quarter
    2024-03              a month                2024-01/2024-07       months (前三季度: 01/09)
    2023-10-23           a day                  2022-01-11/2022-01-18 days
    as_of:2023-12-31     up to a day (截至)     2021-01/2022-08-20    since a month, to the report date

Text is read folded to simplified characters (extraction/fold.py), so 今年首三季 and 上半年 are
read alike in both scripts.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from generator.extraction.relative import recent, week, year_in_review

CN_YEAR = r"[一二][〇零○九][〇零○一二三四五六七八九]{2}"
"""二〇二四年, 二零二三年: a year in numerals, as formal reports write it."""
Y = rf"(?:(?:19|20)\d{{2}}|{CN_YEAR})年"
ROC_Y = (r"(?:(?:(?:民国)?1[01]\d|[今去][（(]1[01]\d[）)])年"
         r"(?=迄今|以来|来|上半年|下半年|前三季度|全年|同期|度|第[一二三四1-4]季|首|\d{1,2}(?:月|至|到|-)|[一二三四五六七八九十]+月)"
         r"|(?<=[县市较于与])1[01]\d年(?![来以]))")  # 屏東縣114年打詐成果, 較113年成長97%
"""A year of the Republic of China (113年 = 2024, 今(114)年 = 2025), where Taiwan's releases mark it as a date."""
M = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?"
D = r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})[日号]"  # 13日, 十三日, 廿三日
REL_Y = r"(?:今年|去年|前年|上年|本年|同年)"  # 同年: the year last written (records.py puts it in)
ANY_Y = f"(?:{Y}|{ROC_Y}|{REL_Y})"
PART = (r"(?:上半年|下半年|前三季度|[前首][两二三3]季度?|首季度?|第?[一二三四1-4]季度|第[一二三四1-4]季(?!节)"
        r"|[前首][一二两三四五六七八九十\d]{1,2}个月|首[一二两三四五六七八九十\d]{1,2}月"  # 首五月: Macau, HK
        r"|前[一二两三四五六七八九十\d]{1,2}(?:个星期|周|星期)"
        r"|全年|年底|年初|年末|底|初)")
TO = r"(?:至|到|—|－|-|~|～)"
AND = r"(?:及|和|与|、)"
TEN_DAYS = r"(?:上旬|中旬|下旬)"
"""A month's thirds: 上旬 the 1st to the 10th, 中旬 to the 20th, 下旬 to the month's end."""
CN_SMALL = "一二两三四五六七八九十"
EVENT_STARTED = "(?:开展|启动|实施|部署|开始|推出|上线|开通|成立|建立)"
"""Verbs of a campaign's or a service's start: 2021年…专项行动开展以来 is since 2021."""
# The lookahead names every character a period can start with; it lets the regex engine
# skip other positions fast (measured: 4x faster over a corpus, same matches).
PERIOD_START = "(?=[自从截\\d今去前上下全近一二两三四五六七八九十根最目当日本首第民过迄至同刚])"
PERIOD = re.compile(
    PERIOD_START + "(?:" + "|".join(
        [
            # 自去年初……以来: the time and 以来 may stand apart
            # 2021年重庆市全民反诈专项行动开展以来: without 自 when an event starts between them
            r"(?P<since>(?:自|(?=(?:去年|今年|前年|上年|" + Y + r")[^，。；,;]{0,40}?" + EVENT_STARTED + r"以来))"
            r"(?:去年|今年|前年|上年|" + Y + r")(?:初|底|年初|年底|" + M + r")?)"
            r"(?P<gap>[^，。；,;]{0,40}?)以来",
            # 去年起加强防制迄今: since a time (起), up to now (至今, 迄今)
            r"(?P<from>(?:去年|今年|前年|上年|" + Y + r")(?:" + M + r")?)起"
            r"(?P<gap_from>[^，。；,;]{0,20}?)(?:至今|迄今)",
            # 自2023年10月起连续11个月下降: since a time, to the report date
            r"(?:自|从)(?P<start>(?:去年|今年|前年|上年|" + Y + r")(?:" + M + r")?)起",
            # 今年以来，截至8月中旬: since the start of the year, up to mid-August
            rf"{ANY_Y}(?:{M})?以来[，,]?(?:截[至止]|至)(?:{Y})?{M}(?:{D}|{TEN_DAYS})?(?:底|末)?",
            # 行动开展7个月以来，截至5月底: the months counted back from the day named
            rf"[{CN_SMALL}\d]{{1,2}}个月(?:以来|来)[，,]?截[至止](?:{Y})?{M}(?:{D}|{TEN_DAYS})?(?:底|末)?",
            rf"{Y}{TO}(?:{Y}|{REL_Y})(?:{M}(?:底|末)?)?",  # 2021年至2025年, 2019年至今年6月底
            rf"(?:{ANY_Y})?第?[一二三四1-4](?:季度)?{TO}(?:{ANY_Y})?第?[一二三四1-4]季度",  # 第二至第三季度
            rf"(?:{ANY_Y})?(?:的)?{M}{AND}{M}",  # 9月及10月: both months, as one span
            rf"(?:自|从)?{ANY_Y}?(?:的)?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:月(?:{D})?)?{TO}"
            rf"(?:{Y})?{M}(?:{D})?(?:以来)?",
            rf"(?:自|从)?{ANY_Y}(?:{M})?(?:{D})?(?:初|底)?(?:以来|来|至今|迄今)",  # 2021年初以来
            rf"(?:自|从)?{M}(?:{D})?(?:以来|至今|迄今)(?![年天日])",  # 5月份以来: of the report's year
            rf"截[至止](?:目前|当前|现在|上个?月|本月|今年|去年|{Y})?(?:{M})?(?:{D}|{TEN_DAYS})?(?:底|末)?",
            rf"{ANY_Y}(?:{M}(?:{D})?|{PART})?",
            rf"{M}{D}{TO}{D}",  # 11月10日至16日
            rf"{M}{D}(?:、(?:{M})?{D})+",  # 9月29日、11月6日、11月13日: the days of a story, as one span
            rf"{M}{D}",
            rf"{M}",
            rf"近?[{CN_SMALL}\d]+年多?(?:来|以来)",  # 3年多来: since an unstated start
            rf"(?:过去|近|最近)[{CN_SMALL}\d]{{1,2}}(?:个星期|星期|周|天|日|个月|年)(?!来|以来)",
            r"(?:刚刚|刚)?过去的(?:这)?一年",  # 刚刚过去的这一年: the year a review looks back on
            r"(?:至今|迄今)(?![年天日])",  # not 下降至今年的420起: 至 + 今年
            rf"(?:本周|上周)(?![期年刊])(?:[一二三四五六日天])?(?:{TO}(?:昨日|昨天|今日|今天|周[一二三四五六日天]))?",
            r"本月|上月|上个月|本季度|上半年|下半年|前三季度|[前首][两二三3]季度?|第?[一二三四]季度",
            # 首五月 (Macau), 前10月: the year's first months
            r"首[一二两三四五六七八九十\d]{1,2}个?月|前(?:1[0-2]|[2-9]|[二三四五六七八九十]|十[一二])月",
            r"全年|近年来|根据最新统计|最新统计|截至目前|目前|当前|近日|近期|日前|当日|当天",
            r"(?<=[至到])(?:19|20)\d{2}(?=的)",  # 急增超过3倍至2021的3.6亿元: a year without 年
        ]
    ) + ")"
)
PERIOD_HINT = re.compile("[年月日号今去前上下全近目当截最本首季]")
VAGUE_PERIODS = {"近日", "近期", "日前", "近年来"}


@dataclass(frozen=True)
class Period:
    """A period as an interval of days, and how it is written in normal form."""

    start: date
    end: date
    norm: str

    @property
    def label(self) -> str:
        """The period as material prints it, one way for each interval: 2021年, 2021年1—5月,
        2024年上半年, 截至2022年3月5日, 2021年1月至2021年6月17日; the extractor reads each back
        as the same interval."""
        return period_label(self.norm)


QUARTERS = "一二三四"


def chinese_date(iso: str) -> str:
    """2022-04-14 → 2022年4月14日 (no zero padding, GB/T 9704)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def period_label(norm: str) -> str:
    """The printed form of a normal form (see the module's table); "" for ""."""
    if norm.startswith("as_of:"):
        return "截至" + chinese_date(norm[6:])
    first, _, last = norm.partition("/")
    if not last:
        return _point_label(first)
    if len(last) == 10:  # since a month, or days
        if len(first) == 10:
            return f"{chinese_date(first)}—{chinese_date(last)}"
        return f"{first[:4]}年{int(first[5:])}月至{chinese_date(last)}"
    (y1, m1), (y2, m2) = (int(first[:4]), int(first[5:])), (int(last[:4]), int(last[5:]))
    if (m1, m2) == (1, 12):
        return f"{y1}年" if y1 == y2 else f"{y1}年至{y2}年"
    if y1 == y2:
        return f"{y1}年{m1}—{m2}月"
    return f"{y1}年{m1}月—{y2}年{m2}月"


def _point_label(norm: str) -> str:
    if len(norm) == 4:
        return f"{norm}年"
    if norm[5] == "H":
        return f"{norm[:4]}年{'上' if norm[6] == '1' else '下'}半年"
    if norm[5] == "Q":
        return f"{norm[:4]}年第{QUARTERS[int(norm[6]) - 1]}季度"
    if len(norm) == 7:
        return f"{norm[:4]}年{int(norm[5:])}月"
    return chinese_date(norm)


CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2}


def _number(text: str) -> int:
    """12, 十二, 八, 廿三: the month, day or year number of a period."""
    if text.isdigit():
        return int(text)
    if text[0] in "廿卅":  # 廿三日: 二十三
        return (20 if text[0] == "廿" else 30) + (_number(text[1:]) if text[1:] else 0)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_DIGIT[text[1]]
    if text.endswith("十"):
        return CN_DIGIT[text[0]] * 10
    if "十" in text:
        return CN_DIGIT[text[0]] * 10 + CN_DIGIT[text[-1]]
    return CN_DIGIT[text]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(first: tuple[int, int], last: tuple[int, int]) -> Period:
    (y1, m1), (y2, m2) = first, last
    if (y1, m1) == (y2, m2):
        return Period(date(y1, m1, 1), _month_end(y1, m1), f"{y1}-{m1:02d}")
    return Period(date(y1, m1, 1), _month_end(y2, m2), f"{y1}-{m1:02d}/{y2}-{m2:02d}")


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


YEAR = re.compile(rf"(?P<roc>民国)?(?P<y>(?:19|20)\d{{2}}|1[01]\d|{CN_YEAR})[）)]?年")
_N = r"(\d{1,2}|[一二三四五六七八九十廿卅]{1,3})"
_DAYS = re.compile(_N + r"月" + _N + r"[日号]" + TO + r"(?:" + Y + r")?(?:" + _N + r"月)?" + _N + r"[日号]")
"""1月11日至18日, 二月十日至三月十日: a run of days."""
MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月")
DAY = re.compile(r"(\d{1,2}|[一二三四五六七八九十廿卅]{1,3})[日号]")
MONTH_RANGE = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})(?:月)?(?:" + TO + "|(?<=月)" + AND + ")"
                         r"(?:" + Y + r")?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(\d{1,2})[日号])?")
"""1至5月, 2021年6月至2022年1月, 9月及10月 (both months: one span), 1月至6月17日."""
QUARTER = re.compile(r"第?([一二三四1-4])季度|第([一二三四1-4])季|(首)季")
"""第三季度, and as Hong Kong writes it, 第四季 and 首季 (the first)."""
QUARTER_RANGE = re.compile(rf"第?([一二三四1-4])(?:季度)?{TO}(?:{ANY_Y})?第?([一二三四1-4])季度")


def _years_in(text: str, anchor: date | None) -> list[int]:
    """The years a period names, written (2021年, 113年) or relative (去年)."""
    years = []
    for match in YEAR.finditer(text):
        written = match.group("y")
        value = int(written if written.isdigit() else "".join(str(CN_DIGIT.get(c, 0)) for c in written))
        years.append(value + 1911 if value < 1900 else value)
    if anchor:
        for word, delta in (("前年", -2), ("去年", -1), ("上年", -1), ("今年", 0), ("本年", 0)):
            if word in text:
                years.append(anchor.year + delta)
    return years


@lru_cache(maxsize=4096)  # a pure memo (immutable arguments, a frozen Period out): releases repeat periods
def parse_period(text: str, anchor: date | None, last_year: int | None = None,
                 report_month: date | None = None) -> Period | None:
    """The interval a period names, or None when it names none (近日) or cannot be placed.
    `report_month` is the month a monthly report is about (from its title): its 本月 and 上月."""
    if not text or text in VAGUE_PERIODS:
        return None
    if BARE_YEAR.fullmatch(text):
        return _year(int(text))
    text = PAST_YEAR.sub("过去一年", text)  # 刚刚过去的这一年 is 过去一年
    counted_back = recent(text, anchor) or week(text, anchor)
    if counted_back:
        return Period(*counted_back)
    years = _years_in(text, anchor)
    year = years[0] if years else None
    if text.startswith(("截至", "截止")) or text in ("目前", "当前", "根据最新统计", "最新统计", "至今", "迄今"):
        return _as_of(text, years, anchor)
    counted = MONTHS_UNTIL.fullmatch(text)
    if counted:  # 7个月以来，截至5月底: the seven months that end then
        return _months_until(_number(counted.group(1)), counted.group(2), years, anchor)
    if SINCE_UNTIL.search(text):  # 今年以来，截至8月中旬; 今年以来至6月底
        since, _, until = text.partition("以来")
        end = _as_of(until.lstrip("，,"), years[1:] or years[:1], anchor)
        if year is None or end is None:
            return None
        month = MONTH.search(since)
        start = date(year, _number(month.group(1)) if month else 1, 1)
        to_day = DAY.search(until) or re.search(TEN_DAYS, until)
        last = end.end.isoformat() if to_day else f"{end.end.year}-{end.end.month:02d}"
        return Period(start, end.end, f"{start.year}-{start.month:02d}/{last}")
    if text.endswith(("以来", "来", "至今", "迄今")) and not re.search(TO + r"(?:" + Y + r")?" + M, text):
        return _since(text, year, anchor)
    if text == "全年" and not last_year and anchor:
        # 全年 naming no year: the last whole year before the report (this year only in December)
        last_year = anchor.year if anchor.month == 12 else anchor.year - 1
    this_year = year if year is not None else (anchor.year if anchor else None)
    reading = _quarters(text, years, this_year) or _part_of_year(text, this_year, last_year)
    if reading is not None:
        return reading
    if "、" in text and DAY.search(text):  # 9月29日、11月6日、11月13日: from the first day to the last
        text = re.sub(r"、(?:.*、)?", "至", text, count=1)
    return _dates(text, years, year, report_month or anchor)


PAST_YEAR = re.compile(r"(?:刚刚|刚)?过去的(?:这)?一年")
BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
MONTHS_UNTIL = re.compile(r"([一二两三四五六七八九十\d]{1,2})个月(?:以来|来)[，,]?(截[至止].+)")
SINCE_UNTIL = re.compile(r"以来[，,]?(?:截[至止]|至)")


def _months_until(count: int, until: str, years: list[int], anchor: date | None) -> Period | None:
    """The `count` months that end on the day `until` names (截至5月底)."""
    end = _as_of(until, years, anchor)
    if end is None:
        return None
    month = end.end.year * 12 + end.end.month - count  # the month before the first, counted from year 0
    start = date(month // 12, month % 12 + 1, 1)
    return Period(start, end.end, f"{start.year}-{start.month:02d}/{end.end.isoformat()}")


def _as_of(text: str, years: list[int], anchor: date | None) -> Period | None:
    """截至目前 (the report date), 截至2023年12月底, 截至2024年11月 (the month's end), 截至去年底."""
    if anchor and re.search("上个?月|本月", text):  # 截至上月底: the last day of the month before the report's
        this_month = anchor.replace(day=1)
        until = this_month - timedelta(days=1) if "上" in text else anchor
        return Period(until, until, f"as_of:{until.isoformat()}")
    months = MONTH.findall(text)
    day = DAY.search(text)
    year = years[-1] if years else (anchor.year if anchor else None)
    if not months and not years and day and anchor:  # 截至19日: that day of the report's month (or the one before)
        until = anchor.replace(day=1) - timedelta(days=1) if _number(day.group(1)) > anchor.day else anchor
        until = until.replace(day=min(_number(day.group(1)), calendar.monthrange(until.year, until.month)[1]))
        return Period(until, until, f"as_of:{until.isoformat()}")
    if not months and not years:
        return Period(anchor, anchor, f"as_of:{anchor.isoformat()}") if anchor else None
    if year is None:
        return None
    ten_days = re.search(TEN_DAYS, text)
    if not months:
        until = date(year, 12, 31)
    elif day:
        until = date(year, _number(months[-1]), _number(day.group(1)))
    elif ten_days and ten_days.group() != "下旬":
        until = date(year, _number(months[-1]), 10 if ten_days.group() == "上旬" else 20)
    else:
        until = _month_end(year, _number(months[-1]))
    return Period(until, until, f"as_of:{until.isoformat()}")


def _since(text: str, year: int | None, anchor: date | None) -> Period | None:
    """2021年以来, 今年以来, 2021年4月至今, 一年来 (the twelve months to the report date)."""
    count = re.fullmatch(r"近?([一二两三四五六七八九十]+|\d{1,2})年(多)?(?:来|以来)", text)
    if count:
        if anchor is None:
            return None
        if count.group(2):  # 建成3年多来: more than three years, from a start not stated: up to the report
            return Period(anchor, anchor, f"as_of:{anchor.isoformat()}")
        years = _number(count.group(1))
        since = date(anchor.year - years, anchor.month, 1)
        if years == 1:  # 一年来: the year reviewed, or the twelve months up to the report's month
            review = year_in_review(anchor)
            if review is not None:
                return Period(*review)
            return Period(since, anchor, f"{since.year}-{since.month:02d}/{anchor.year}-{anchor.month:02d}")
        return Period(since, anchor, f"{since.year}-{since.month:02d}/{anchor.isoformat()}")
    month = MONTH.search(text)
    if year is None and month and anchor:  # 5月以来, naming no year: since May of the report's year
        year = anchor.year
    if year is None or anchor is None:
        return None
    first = _number(month.group(1)) if month else (12 if "底" in text else 1)  # 去年底以来: since December
    day = DAY.search(text) if month else None
    if day:  # 3月8日以来: since that day
        since = date(year, first, _number(day.group(1)))
        return Period(since, anchor, f"{since.isoformat()}/{anchor.isoformat()}")
    return Period(date(year, first, 1), anchor, f"{year}-{first:02d}/{anchor.isoformat()}")


def _quarters(text: str, years: list[int], year: int | None) -> Period | None:
    """2023年第四季度至2024年第一季度, 第二至第三季度 … : a run of quarters, as months."""
    quarters = QUARTER_RANGE.search(text)
    if quarters is None or year is None:
        return None
    last_year = years[1] if len(years) > 1 else year
    return _months((year, 3 * _number(quarters.group(1)) - 2), (last_year, 3 * _number(quarters.group(2))))


FIRST_QUARTERS = re.compile(r"[前首]([两二三3])季")
FIRST_MONTHS = re.compile(r"[前首]([一二两三四五六七八九十]{1,3}|\d{1,2})个月"
                          r"|[首前]([一二两三四五六七八九十]{1,3}|1[0-2]|[2-9])月")
"""前11个月, 首七个月, 首五月 (Hong Kong and Macau): the first months of a year."""


def _part_of_year(text: str, year: int | None, last_year: int | None) -> Period | None:
    """上半年, 下半年, 第一季度, 前三季度 (首三季), 前11个月, 全年, 年初 …: parts of a year."""
    if text == "全年":
        return _year(last_year) if last_year else None
    if year is None:
        return None
    if "上半年" in text:
        return Period(date(year, 1, 1), date(year, 6, 30), f"{year}-H1")
    if "下半年" in text:
        return Period(date(year, 7, 1), date(year, 12, 31), f"{year}-H2")
    first_quarters = FIRST_QUARTERS.search(text)
    if first_quarters:  # 前三季度, 首3季 (Hong Kong): the first quarters of the year
        return _months((year, 1), (year, 3 * _number(first_quarters.group(1))))
    first_months = FIRST_MONTHS.search(text)
    if first_months:
        return _months((year, 1), (year, min(12, _number(first_months.group(1) or first_months.group(2)))))
    first_weeks = re.search(r"前([一二两三四五六七八九十]{1,3}|\d{1,2})(?:个星期|周|星期)", text)
    if first_weeks:  # 今年前12周: the months the weeks run into (to 25 March: 01/03)
        last = date(year, 1, 1) + timedelta(days=7 * min(52, _number(first_weeks.group(1))) - 1)
        return _months((year, 1), (year, last.month))
    quarter = QUARTER.search(text)
    if quarter:
        q = 1 if quarter.group(3) else _number(quarter.group(1) or quarter.group(2))
        return Period(date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}-Q{q}")
    if text.endswith(("年初", "初")) and not MONTH.search(text):
        return _months((year, 1), (year, 1))
    return None


def _dates(text: str, years: list[int], year: int | None, anchor: date | None) -> Period | None:
    """Years, months and days, alone or as ranges (2021年1至5月, 1—7月, 2019年5月至2020年8月)."""
    months = MONTH.findall(text)
    if year is None and anchor is not None and (months or text in ("本月", "上月", "上个月")):
        # a month naming no year is the last such month up to the report (11月 in a report of
        # January is last November)
        year = anchor.year - (1 if months and _number(months[-1]) > anchor.month else 0)
    if year is None:
        return None
    if text in ("本月", "上月", "上个月"):
        assert anchor is not None
        month_start = date(anchor.year, anchor.month, 1)
        if text != "本月":
            month_start = (month_start - timedelta(days=1)).replace(day=1)
        return _months((month_start.year, month_start.month), (month_start.year, month_start.month))
    days = _DAYS.search(text)
    if days:  # 2022年1月11日—2022年1月18日, 1月11日至18日
        last_year = years[1] if len(years) > 1 else year
        first = date(year, _number(days.group(1)), _number(days.group(2)))
        last = date(last_year, _number(days.group(3) or days.group(1)), _number(days.group(4)))
        if first > last:  # 12月28日至1月3日: over a new year (of the year the last month is in)
            first = first.replace(year=year - 1)
        return Period(first, last, f"{first.isoformat()}/{last.isoformat()}")
    range_match = MONTH_RANGE.search(text)
    if range_match:
        last_year = years[1] if len(years) > 1 else year
        if range_match.group(3):  # 2021年1月至2021年6月17日: since a month, to a day
            until = date(last_year, _number(range_match.group(2)), int(range_match.group(3)))
            first_month = _number(range_match.group(1))
            return Period(date(year, first_month, 1), until, f"{year}-{first_month:02d}/{until.isoformat()}")
        return _months((year, _number(range_match.group(1))), (last_year, _number(range_match.group(2))))
    if len(years) == 2 and re.search(f"{Y}{TO}(?:{Y}|{REL_Y})", text):  # 2019年至今年6月底: to that month
        return _months((years[0], 1), (years[1], _number(months[-1]) if months else 12))
    month = MONTH.search(text)
    if not month:
        return _year(year)
    day = DAY.search(text)
    if day:
        when = date(year, _number(month.group(1)), _number(day.group(1)))
        return Period(when, when, when.isoformat())
    return _months((year, _number(month.group(1))), (year, _number(month.group(1))))


def period_end(norm: str) -> date | None:
    """The last day of a period in normal form (None for "")."""
    if not norm:
        return None
    last = norm.removeprefix("as_of:").split("/")[-1]
    if len(last) == 10:
        return date.fromisoformat(last)
    if len(last) == 4:
        return date(int(last), 12, 31)
    if last[5] in "HQ":
        months = 6 if last[5] == "H" else 3
        return _month_end(int(last[:4]), int(last[6]) * months)
    return _month_end(int(last[:4]), int(last[5:7]))


def normalise_period(period: str, anchor: date | None, last_year: int | None = None,
                     report_month: date | None = None) -> str:
    """The comparable form of a period as written: 2021, 2021-01/2021-05, as_of:2022-03-05 … or ""."""
    try:
        reading = parse_period(period, anchor, last_year, report_month)
    except (ValueError, KeyError):  # a month 13 or a day 32 in a page: no period
        return ""
    return reading.norm if reading else ""
