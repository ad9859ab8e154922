"""The numbers of a whole source as records: place in the original file, sentence, and for
statistics the metric, period and actor read in context."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from generator.extraction import context as ctx
from generator.extraction.comparisons import change_period, compared_period
from generator.extraction.fold import fold
from generator.extraction.meaning import direction_before
from generator.extraction.neighbours import respectively_metrics, respectively_years
from generator.extraction.periods import normalise_period
from generator.extraction.spans import STREAK_BEFORE, streak_end
from generator.extraction.tables import table_rows, with_columns
from generator.extraction.tokens import find_numbers
from generator.model import Block, NumberRecord, SourceDoc, Token


@dataclass
class _Dates:
    """What relative periods are counted from: the report date (去年, 截至目前), the last year
    written (全年), and the month a monthly report is about (its 本月, 上月)."""

    anchor: date | None
    last_year: int | None = None
    report_month: date | None = None
    year_in_effect: int | None = None
    """The year of the last statistic's period that lies in one year: 第一季度 or 1至5月 written
    after 2021年 are of 2021, not of the report's year."""
    last_day: str = ""
    """The last single day a statistic was dated with: 当日 (that day) of a story is that day."""

    def normalise(self, period: str, year_written: int | None = None) -> str:
        """`year_written`: a year the sentence wrote before a yearless period (以2023年为例，9月…)."""
        year = year_written or self.year_in_effect
        if year and YEARLESS_PART.fullmatch(period):
            period = f"{year}年{period}"
        if period.startswith("同年") and (self.last_year or year):  # 同年9月: of the year last written
            period = f"{self.last_year or year}年{period[2:]}"
        if period in ("当日", "当天"):
            return self.last_day
        norm = normalise_period(period, self.anchor, self.last_year, self.report_month)
        self.last_day = norm if len(norm) == 10 else self.last_day
        within = ONE_YEAR.fullmatch(norm)
        if within and (within.group(2) is None or within.group(2) == within.group(1)):
            self.year_in_effect = int(within.group(1))
        return norm


_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
YEARLESS_PART = re.compile(rf"(?:前|第)?[一二三四]季度|[上下]半年|{_MONTH}(?:月份?)?[至到—－-]{_MONTH}月份?"
                           rf"|{_MONTH}月份?[及和与、]{_MONTH}月份?"
                           rf"|{_MONTH}月份?")
"""A part of a year that names no year: 第一季度, 前三季度, 上半年, 7月, 1至5月."""
ONE_YEAR = re.compile(r"(\d{4})(?:-[HQ]\d|-\d{2})?(?:/(\d{4})-\d{2})?")


def extract_records(doc: SourceDoc) -> list[NumberRecord]:
    """Every number in a source's body as a NumberRecord, statistics read in context."""
    records: list[NumberRecord] = []
    title = _title_period(doc)
    dates = _Dates(report_date(doc))
    month = re.fullmatch(r"(\d{4})-(\d{2})", dates.normalise(title))
    dates.report_month = date(int(month.group(1)), int(month.group(2)), 1) if month else None
    context = _Inherited(title)
    rows = table_rows(doc)
    for index, block in enumerate(doc.body.blocks):
        written = doc.body.text[block.start : block.end]
        text = fold(written)  # traditional characters read as simplified; every offset kept
        found, columns = find_numbers(text), dict[int, str]()
        row = rows.get(index)
        if row is not None:  # a table's row: its cells take their column's measure word
            found, columns = with_columns(text, written, found, row)
        if _heading(text) and index not in rows:
            context = _Inherited(title)
            dates.year_in_effect = None
        else:
            context.new_paragraph()
        for sentence, tokens in _sentences(text, found):
            sentence_text = text[sentence.start : sentence.end]
            # the years written (2021年), not the length of a span (一年来 is 1)
            years = [int(t.value) for t in tokens if t.kind == "date" and t.unit == "年" and len(t.value) == 4
                     and not ctx.COMPARISON_BEFORE.search(text, max(0, t.start - 2), t.start)]  # 也较2019年上升
            dates.last_year = years[-1] if years else dates.last_year
            if any(t.kind == "statistic" for t in tokens):
                readings = _as_written(_read_statistics(text, sentence, tokens, context, dates), text, written)
                for start, metric in columns.items():  # 城关镇发案数: the row's and the column's words
                    if start in readings:
                        readings[start]["metric"] = metric
            else:
                # read only if a later one needs it; the paragraph's first sentence may date its story
                context.defer(sentence.quoted, sentence_text, sentence.start == 0)
                readings = {}
            if tokens:
                original = _sentence_cache(doc, block, sentence)
                records += [_record(doc, block, t, original(t), readings.get(t.start, {})) for t in tokens]
    return records


SECTION_START = re.compile(r"[*\s\u3000]*(?:[一二三四五六七八九十]+[是、]|（[一二三四五六七八九十]+）|\d{1,2}[.、．]\D"
                           r"|第[一二三四五六七八九十]+[，、,])")


def _title_period(doc: SourceDoc) -> str:
    """The period in the title of a release (袁州区2024年1月反诈预警地图): every statistic that
    names no period of its own, nor inherits one, is of that period. A headline that reports a
    figure (2021年全国起诉4万人) dates that figure, not the release."""
    titles = [str(doc.metadata.get("title") or "")]
    if doc.body.blocks:
        first = doc.body.blocks[0]
        titles.insert(0, doc.body.text[first.start : first.end])
    for title in titles:
        text = fold(title)
        if text and _heading(text) and not any(token.kind == "statistic" for token in find_numbers(text)):
            period = ctx.last_before(ctx.period_marks(text), len(text))
            if period:
                return period
    return ""


def _heading(text: str) -> bool:
    """A heading, a title or the start of a numbered section (一是…, 二、…, （三）…): a period
    stated before it does not carry past it."""
    if SECTION_START.match(text):
        return True
    ends = text.rstrip("”’」』）)* \u3000")
    return len(text) <= 40 and not ends.endswith(("。", "！", "？", "；", ";", "!", "?", "：", ":", "，", ","))


def _as_written(readings: dict[int, dict], folded: str, written: str) -> dict[int, dict]:
    """Metric, period and actor as the block writes them (traditional where it is traditional):
    each is read on the folded text, so where it stands there, the original says it the same way."""
    if folded == written:
        return readings
    for reading in readings.values():
        for name in ("metric", "period", "actor"):
            at = folded.find(reading[name]) if reading[name] else -1
            if at >= 0:
                reading[name] = written[at : at + len(reading[name])]
    return readings


def _sentences(text: str, tokens: list[Token]):
    """Each sentence of a block with the numbers that stand in it."""
    next_token = 0
    for sentence in ctx.split_sentences(text):
        first = next_token
        while next_token < len(tokens) and tokens[next_token].start < sentence.end:
            next_token += 1
        yield sentence, tokens[first:next_token]


def _read_statistics(text: str, sentence, tokens: list[Token], context, dates: _Dates) -> dict[int, dict]:
    """Metric, period and actor of each statistic of a sentence, by its position."""
    sentence_text = text[sentence.start : sentence.end]
    periods = ctx.period_marks(sentence_text)
    same_marks = ctx.same_time_marks(sentence_text)
    actors = ctx.actor_marks(sentence_text)
    inherited_period, inherited_actor = context.resolve(sentence.quoted)
    respectively = respectively_metrics(sentence_text, tokens, sentence.start)
    years = respectively_years(sentence_text, tokens, sentence.start, periods)
    readings: dict[int, dict] = {}
    metrics: list[str] = []
    previous_end = -1
    compared = ""
    for token in tokens:
        if token.kind != "statistic":
            continue
        local = token.start - sentence.start
        period = _period_of(text, sentence_text, token, local, periods, dates.anchor) or (
            "" if _describes_one(text, token) or ONE_CASE.search(sentence_text) else inherited_period)
        metric = respectively.get(token.start) or ctx.metric_for(
            sentence_text, local, token.end - sentence.start, metrics, previous_end)
        metrics.append(metric)
        listed = compared and LIST_GAP.fullmatch(sentence_text[previous_end:local])  # 上升60.4%、80.6%和146.5%
        previous_end = token.end - sentence.start
        period_norm = years.get(token.start) or dates.normalise(period, _year_written(periods, local))
        if STREAK_BEFORE.search(text, max(0, token.start - 2), token.start) and token.value.isdigit():
            period_norm = streak_end(period_norm, int(token.value), token.unit, dates.anchor)
        # what a number's comparison words can be: the text just before it (never the whole of a
        # sentence that may be a file without punctuation: that made extraction quadratic)
        before = sentence_text[max(0, local - ctx.CLAUSE_LOOKBACK) : local]
        compared = compared if listed else _compared_with(before, period_norm, dates.anchor)
        base = ctx.base_before(before)
        if base and period_norm:  # 环比今年2月份21起: 21起 is the value of the base period
            period, period_norm = base[1], compared_period(base[0], period_norm, dates.anchor)
        same_time = ctx.same_time_at(same_marks, periods, local)
        if same_time and period_norm and not base and not direction_before(before, len(before)):
            # 今年1至7月…300起，去年同期为250起: 250起 is of 2023年1至7月, the interval a base would be
            period, period_norm = same_time, compared_period("较" + same_time, period_norm, dates.anchor)
        readings[token.start] = {
            "metric": metric,
            "period": period,
            "period_norm": period_norm,
            "actor": _actor(ctx.subject_before(actors, local), inherited_actor),
            "compared_with": compared,
        }
    context.update(sentence.quoted, ctx.last_before(periods, len(sentence_text)),
                   ctx.last_before(actors, len(sentence_text)), sentence_text if sentence.start == 0 else "")
    return readings


def _period_of(text: str, sentence: str, token: Token, local: int, periods: list[tuple[int, str]],
               anchor: date | None) -> str:
    """The sentence's own period of a statistic: the nearest before it, or the year a change
    written between two years goes to (由2020年…上升40%至2021年…)."""
    period = ctx.last_before(periods, local)
    if not period:
        return ""
    before = sentence[max(0, local - ctx.CLAUSE_LOOKBACK) : local]
    moved = change_period(sentence, periods, local, local + token.end - token.start, anchor,
                          bool(direction_before(before, len(before))))
    return moved or period


WRITTEN_YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")


def _year_written(periods: list[tuple[int, str]], upto: int) -> int | None:
    """The year of the sentence's last period before `upto` that names one (2023年 in 以2023年为例，
    9月及10月…有170名): a month or a quarter written after it without a year is of that year.
    Looks back over a few periods only, not the whole sentence."""
    index = bisect.bisect_right(periods, upto, key=lambda mark: mark[0])
    for _, text in reversed(periods[max(0, index - 3) : index]):
        year = WRITTEN_YEAR.match(text)
        if year:
            return int(year.group())
    return None


def _describes_one(text: str, token: Token) -> bool:
    """诈骗金额20亿的团伙: a figure before 的 describes one thing, no total of the paragraph's
    period (nor do a named case's figures, ONE_CASE); a share before 的 (占将近七成的总财损) is of
    the whole the period counts."""
    return text.startswith("的", token.end) and token.unit not in ("%", "‰")


ONE_CASE = re.compile(r"[”」』]专案|\d·\d+专案|该案|此案|本案|(?<![单统同唯])一案"  # not 单一案件
                      r"|最[高大多长重严][^，。；,;]{0,2}的[1一][宗起件个]")
"""A named case (“12·30”专案, 该案) or one singled out (涉款最高的1宗案件): its figures are the
case's, not the period's."""
LIST_GAP = re.compile(r"[、,，]?(?:和|及|与|以及)?")


def _compared_with(before: str, period_norm: str, anchor: date | None) -> str:
    """For a change (同比上升60.4%, 较上月下降5%), the period it is measured against; "" for a level."""
    if not period_norm or not direction_before(before, len(before)):
        return ""
    return compared_period(before, period_norm, anchor)


def _actor(own: str, inherited: str) -> str:
    """The sentence's own agent, or the paragraph's; 会同… joins the paragraph's agent."""
    if own.startswith(("会同", "与", "和", "及")):
        return inherited + own if inherited else own[2:] if own.startswith("会同") else own[1:]
    return own or inherited


class _Inherited:
    """Period and actor that later sentences of a paragraph inherit, per quotation state.

    A period stated inside a quotation does not carry out of it, nor the other way round.
    Sentences without statistics are read only when a later statistic needs them. A day that
    opens a paragraph dates that paragraph's story only: the next paragraph goes back to the
    period before it.
    """

    def __init__(self, period: str = ""):
        self.known = {False: (period if ctx.inheritable(period) else "", ""), True: ("", "")}
        self.pending: dict[bool, list[tuple[str, bool] | None]] = {False: [], True: []}
        self.before_story: dict[bool, str | None] = {False: None, True: None}

    def defer(self, quoted: bool, sentence: str, opening: bool = False) -> None:
        self.pending[quoted].append((sentence, opening))

    def new_paragraph(self) -> None:
        for quoted in (False, True):
            self.pending[quoted].append(None)  # read in turn, as the sentences are

    def update(self, quoted: bool, period: str, actor: str, opening: str = "") -> None:
        self.resolve(quoted)
        self._take(quoted, period, actor, opening)

    def resolve(self, quoted: bool) -> tuple[str, str]:
        for pending in self.pending[quoted]:
            if pending is None:
                story = self.before_story[quoted]
                if story is not None:  # the story's day ends with its paragraph
                    self.known[quoted] = (story, self.known[quoted][1])
                    self.before_story[quoted] = None
                continue
            sentence, opening = pending
            period = ctx.last_before(ctx.period_marks(sentence), len(sentence))
            actor = ctx.last_before(ctx.actor_marks(sentence), len(sentence))
            self._take(quoted, period, actor, sentence if opening else "")
        self.pending[quoted] = []
        return self.known[quoted]

    def _take(self, quoted: bool, period: str, actor: str, opening: str) -> None:
        old_period, old_actor = self.known[quoted]
        if ctx.inheritable(period):
            self.before_story[quoted] = None
        elif ctx.inheritable(period, opening):
            if self.before_story[quoted] is None:
                self.before_story[quoted] = old_period
        else:
            period = old_period
        self.known[quoted] = (period, actor or old_actor)


def _record(doc: SourceDoc, block: Block, token: Token, sentence: str, reading: dict) -> NumberRecord:
    start, end = doc.body.mapped.span_in_original(block.start + token.start, block.start + token.end)
    surface = doc.original[start:end]
    return NumberRecord(
        source=doc.name,
        surface=surface,
        value=token.value,
        unit=_unit_as_written(token.unit, surface),
        qualifier=token.qualifier,
        kind=token.kind,
        start=start,
        end=end,
        sentence=sentence,
        **reading,
    )


def _unit_as_written(unit: str, surface: str) -> str:
    """The measure word as the source writes it (條, 則 in a traditional text); the extractor
    matched it folded to simplified, at the same place."""
    at = fold(surface).rfind(unit) if unit else -1
    return surface[at : at + len(unit)] if at >= 0 else unit


LONG_SENTENCE = 1000
"""A record of a longer sentence (a file without punctuation is one sentence of megabytes) gives
the WINDOW characters either side of its number: the whole sentence in every record made
extracted.jsonl quadratic in the sentence's length (787 MB for one line of 100 KB)."""
WINDOW = 200


def _sentence_cache(doc: SourceDoc, block: Block, sentence):
    """A function token → its sentence as written; computed once where no tag cuts it."""
    start, end = doc.body.mapped.span_in_original(block.start + sentence.start, block.start + sentence.end)
    if end - start > LONG_SENTENCE:
        return lambda token: _window(doc, block, token, start, end)
    cut = doc.body.cut_after(start)
    if cut is None or cut >= end:
        text = _clean_sentence(doc.original[start:end])
        return lambda token: text
    return lambda token: _sentence_text(doc, block, sentence, token)


def _window(doc: SourceDoc, block: Block, token: Token, start: int, end: int) -> str:
    """The part of a very long sentence around a number: WINDOW characters either side."""
    at, stop = doc.body.mapped.span_in_original(block.start + token.start, block.start + token.end)
    return _clean_sentence(doc.original[max(start, at - WINDOW) : min(end, stop + WINDOW)])


def _clean_sentence(text: str) -> str:
    return text.lstrip(" \t\u3000*”").rstrip()


def _sentence_text(doc: SourceDoc, block: Block, sentence, token: Token) -> str:
    """The sentence as written in the original, cut at HTML tags around the number."""
    start, end = doc.body.mapped.span_in_original(block.start + sentence.start, block.start + sentence.end)
    number_at = doc.body.mapped.offsets[block.start + token.start]
    cut = doc.body.cut_before(number_at)
    if cut >= start:
        start = doc.original.find(">", cut) + 1 or start
    cut_after = doc.body.cut_after(number_at)
    if cut_after is not None and cut_after < end:
        end = cut_after
    return _clean_sentence(doc.original[start:end])


def report_date(doc: SourceDoc):
    """The date relative periods (去年, 截至目前) are counted from: reported, else published;
    for a page that gives neither, the last full date its text writes (a weekly bulletin that
    names only 9月18日至9月24日 dates its case 2021年9月19日: the week is of 2021)."""
    for key in ("reported", "published", "date"):
        value = doc.metadata.get(key)
        parsed = _to_date(value)
        if parsed:
            return parsed
    return _last_written_date(doc.body.text if doc.body else "")


FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})[日号]")


def _last_written_date(text: str) -> date | None:
    written = []
    for match in FULL_DATE.finditer(text):
        try:
            written.append(date(*map(int, match.groups())))
        except ValueError:
            continue
    return max(written) if written else None


def _to_date(value):
    from datetime import date, datetime
    from email.utils import parsedate_to_datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        match = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
        if match:
            return date(*map(int, match.groups()))
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            return None
    return None
