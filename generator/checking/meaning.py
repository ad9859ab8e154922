"""The check of meaning: a traced number must also say what its figure says.

Value, unit and qualifier are compared when a number is traced (verify.py). Here the rest of
what a page says about it: the period words before it in its sentence must name the figure's
period (counted from the product's date: 今年, 去年同期 …), the direction of a change (上升,
下降, a sign) must be the source's, and the page may not show more digits than the source.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from generator.extraction import context as ctx
from generator.extraction.comparisons import compared_period
from generator.extraction.fold import fold
from generator.extraction.meaning import direction_before, last_digit_power, written_decimals
from generator.extraction.periods import parse_period, period_label
from generator.figures.registry import Figure
from generator.model import NumberRecord, SourceDoc

SENTENCE_END = re.compile(r"[。！？；;!?]")
BLOCK_END = re.compile(r"[。！？；;!?\n]")
DIRECTIONS = {"up": "上升", "down": "下降"}


def meaning_problems(record: NumberRecord, figure: Figure, doc: SourceDoc, product_date: str,
                     markup: bool = True) -> list[str]:
    """What the page says about the number that its figure does not: period, direction, precision.
    `markup`: the page is HTML, whose blocks (paragraphs, table cells) end sentences; text read
    back from a PDF breaks its lines anywhere, so there they do not."""
    problems = []
    decimals = written_decimals(record.surface)
    allowed = max(figure.decimals, written_decimals(figure.shown) if figure.shown else 0)  # a rounded derived figure
    if decimals > allowed:
        problems.append(f"shows {decimals} decimal place(s), more than the source writes "
                        f"({figure.surface or figure.value}, figure {figure.id}): false precision")
    elif _finer(record.surface, figure.shown or figure.surface):
        problems.append(f"writes it to more digits than the source ({figure.surface}, figure {figure.id}): "
                        f"false precision; write it as the source does")
    before = _before(doc, record.start, markup)
    if _quoting(before, figure):
        return problems  # the source's own words in quotation marks: they speak of the source's time
    if figure.direction:
        said = direction_before(before, len(before))
        if said and said != figure.direction:
            problems.append(f"the page says it went {DIRECTIONS[said]} ({_tail(before)}); figure {figure.id} "
                            f"went {DIRECTIONS[figure.direction]} in its source (“{figure.quote}”)")
    base = _base_said(before, figure, product_date)
    if base and base != figure.compared_with:
        problems.append(f"the page compares it with {period_label(base)} ({_tail(before)}); figure {figure.id} "
                        f"is a change against {period_label(figure.compared_with)} in its source (“{figure.quote}”)")
        return problems  # the period words there name the base, not the figure's own time
    folded = fold(before)
    other_year = ctx.same_time_at(ctx.same_time_marks(folded), ctx.period_marks(folded), len(folded))
    if other_year:
        return problems + _other_year_said(other_year, figure, product_date)
    period = _period_said(before, product_date)
    if period is not None and figure.period_norm and not _same_time(*period, figure.period_norm):
        words, norm = period
        problems.append(f"the page puts it in {words} ({period_label(norm) if norm else 'another time'}); "
                        f"figure {figure.id} is of {figure.period or period_label(figure.period_norm)}")
    return problems


def _finer(written: str, source: str) -> bool:
    """The page writes digits further down than the source: 441000余起 for 44.1万余起."""
    page, own = last_digit_power(written), last_digit_power(source)
    return page is not None and own is not None and page < own


def _other_year_said(words: str, figure: Figure, product_date: str) -> list[str]:
    """去年同期 (or 2023年同期) before the number names the same time of another year: the
    figure's period must lie in that year, counted from the product's date."""
    years = set(re.findall(r"(?:19|20)\d{2}", figure.period_norm))
    if not years or (not product_date and not words[:1].isdigit()):
        return []
    year = int(words[:4]) if words[:1].isdigit() else date.fromisoformat(product_date).year - 1
    if years == {str(year)}:
        return []
    return [f"the page puts it in {words} (the same time of {year}年); figure {figure.id} is of "
            f"{figure.period or period_label(figure.period_norm)}"]


def _base_said(before: str, figure: Figure, product_date: str) -> str:
    """The period the page says the change before it is measured against ("" when it names none)."""
    if not figure.compared_with:
        return ""
    anchor = date.fromisoformat(product_date) if product_date else None
    return compared_period(fold(before), figure.period_norm, anchor)


def _quoting(before: str, figure: Figure) -> bool:
    """The number stands in a quotation of its figure's quote (“全年共破获……32.2万起”)."""
    lead = figure.quote[: figure.quote.find(figure.surface)] if figure.surface else ""
    folded, lead = fold(before), fold(lead)
    return bool(lead) and folded.endswith(lead) and folded[: len(folded) - len(lead)].rstrip()[-1:] in "“「『\"'"


def _same_time(words: str, said: str, norm: str) -> bool:
    """The page's period names the figure's: the same interval, or the same date said less
    precisely (截至2022年3月 for 截至2022年3月5日; 2021年 is not 2021年1—5月, nor 2021年3月)."""
    if said == norm:
        return True
    day_said = bool(re.search(r"\d[日号]", words))
    return said.startswith("as_of:") and norm.startswith("as_of:") and not day_said and said[:13] == norm[:13]


def _before(doc: SourceDoc, original_start: int, markup: bool) -> str:
    """The text of the number's sentence up to the number, as a reader sees it."""
    body = doc.body
    at = bisect.bisect_left(body.mapped.offsets, original_start)
    text = body.text[max(0, at - 200) : at]  # the 200 characters before it, never the page up to it
    ends = [m.end() for m in (BLOCK_END if markup else SENTENCE_END).finditer(text)]
    # a PDF's text breaks lines inside sentences (截至\n2022年3月): there the lines are one sentence
    return text[ends[-1] if ends else 0 :].replace("\n", "")


def _tail(text: str) -> str:
    """The clause the number ends, as evidence in a message."""
    return re.split(r"[，,；;：:]", text)[-1].strip()[-16:]


def _period_said(before: str, product_date: str) -> tuple[str, str] | None:
    """The last period named before the number in its sentence, and its normal form; None
    when the sentence names none (a comparison base, 与去年同期相比, is none)."""
    folded = fold(before)
    words = ctx.last_before(ctx.period_marks(folded), len(folded))
    if not words or not ctx.inheritable(words):
        return None
    anchor = date.fromisoformat(product_date) if product_date else None
    try:
        reading = parse_period(words, anchor)
    except (ValueError, KeyError):
        return None
    if reading is None:
        return None
    at = folded.rfind(words)
    return before[at : at + len(words)] if at >= 0 else words, reading.norm
