"""Charts drawn from registry data as SVG, with every bar labelled by its figure.

The labels are the figures' own text (44.1万余起), so the check reads and traces them like
any other number on the page. A chart compares like with like, or it is not drawn:

- like periods only: whole years with whole years, the same months of different years
  (2021年1—5月 beside 2022年1—5月), or one period as several actors count it. A part of a
  year beside whole years looks like a fall; a cumulative total (截至…) is no period at all;
- one measure: every bar of one metric, and over several periods worded alike (犯罪嫌疑人 one
  year beside 违法犯罪嫌疑人 the next counts different people);
- one unit on the axis: every bar counts the same thing in the same unit and is written
  with the same magnitude (万起 for all, never 万起 beside 起).

Anything else raises ChartError, naming the figures, before a misleading bar is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.extraction.fold import fold
from generator.extraction.periods import period_label
from generator.figures.registry import Figure
from generator.rendering.design import PALETTE

WIDTH, BAR_HEIGHT, GAP, FONT = 600, 24, 12, 13
HAN_EM, LATIN_EM = 1.0, 0.56
"""Estimated advance of a Han character and of a digit or Latin letter, in em (Noto Sans CJK)."""


class ChartError(ConfigError):
    """A chart that would mislead: unlike periods, measures or units side by side. Names its figures."""

    def __init__(self, message: str, figure_ids: tuple[str, ...]):
        super().__init__(message)
        self.figure_ids = figure_ids


@dataclass(frozen=True)
class Chart:
    """A drawn chart and what its caption must say: the periods it compares and its axis unit.
    Printed in a template, it is its SVG."""

    title: str
    svg: Markup
    unit: str
    """The axis unit as every bar writes it: 万起, 亿元, %."""
    periods: tuple[str, ...]
    """The periods compared, in order, once each (2020年, 2021年)."""
    actors: tuple[str, ...]
    """Who counted, in order, once each."""
    note: str
    """Why the bars may be compared: 均为全年数字 …"""

    def __html__(self) -> str:
        return str(self.svg)


def period_shape(norm: str) -> tuple[str, ...] | None:
    """What kind of period a normal form is, for comparing like with like: ("year",),
    ("months", first month, count), ("H", "1"), ("Q", "3"), ("month", "05"); ("as_of",) and
    ("days",) are comparable only with the very same period; None for no period."""
    if not norm:
        return None
    if norm.startswith("as_of:"):
        return ("as_of",)
    first, _, last = norm.partition("/")
    if not last:
        if len(first) == 4:
            return ("year",)
        if first[5] in "HQ":
            return (first[5], first[6])
        return ("month", first[5:7]) if len(first) == 7 else ("days",)
    if len(first) == 7 and len(last) == 7:
        (y1, m1), (y2, m2) = (int(first[:4]), int(first[5:])), (int(last[:4]), int(last[5:]))
        months = (y2 - y1) * 12 + m2 - m1 + 1
        return ("year",) if (m1, months) == (1, 12) else ("months", str(m1), str(months))
    return ("days",)


def _describe(shape: tuple[str, ...] | None) -> str:
    if shape is None:
        return "no period"
    if shape[0] == "year":
        return "a whole year"
    if shape[0] == "months":
        return f"{shape[2]} months from month {shape[1]}"
    if shape[0] in ("H", "Q"):
        return {"H": "a half year", "Q": "a quarter"}[shape[0]]
    return {"month": "one month", "as_of": "a total up to a day", "days": "a span of days"}[shape[0]]


def check_like_periods(title: str, figures: list[Figure]) -> None:
    """Refuse a chart whose bars are of unlike periods: a part of a year among whole years, a
    12-month window beside a calendar year, a total up to a day beside a year."""
    ids = tuple(f.id for f in figures)
    shapes = [period_shape(f.period_norm) for f in figures]
    for figure, shape in zip(figures, shapes, strict=True):
        if shape is None:
            raise ChartError(f"chart {title!r}: figure {figure.id} has no period (a calculated figure); a chart "
                             f"compares periods, so each bar must be a figure of one period", (figure.id,))
    norms = {f.period_norm for f in figures}
    if len(norms) == 1:
        return  # one period, as several actors count it
    first = figures[0]
    for figure, shape in zip(figures[1:], shapes[1:], strict=True):
        if shape != shapes[0] or (shape or ("",))[0] in ("as_of", "days"):
            raise ChartError(
                f"chart {title!r} compares unlike periods: {first.id} is of {_label(first)} ({_describe(shapes[0])}), "
                f"{figure.id} of {_label(figure)} ({_describe(shape)}); a chart compares only like periods "
                f"(whole years, or the same months of different years): take the unlike figure out of the chart",
                (first.id, figure.id))
    if len(norms) != len(figures):
        raise ChartError(f"chart {title!r} shows some periods more than once ({', '.join(ids)}): chart one "
                         f"period as several actors count it, or one series of periods, not both", ids)


def check_like_measures(title: str, figures: list[Figure]) -> None:
    """Refuse a chart whose bars are not one measure: figures of different metrics, or a series of
    periods whose figures are worded differently (抓获犯罪嫌疑人 one year, 抓获违法犯罪嫌疑人 the next:
    the second counts more kinds of people, so the bars would show a rise that is not there).
    Several actors' counts of one period may be worded as each counts (the chart says so)."""
    series = len({f.period_norm for f in figures}) > 1
    first = figures[0]
    for figure in figures[1:]:
        if figure.metric != first.metric or (series and figure.label != first.label):
            raise ChartError(
                f"chart {title!r} compares unlike measures: {first.id} is {first.label!r} "
                f"(metric {first.metric or 'none'}), {figure.id} {figure.label!r} (metric {figure.metric or 'none'}); "
                f"a chart shows one measure (one metric, and over several periods one wording): take the unlike "
                f"figure out of the chart", (first.id, figure.id))


def _label(figure: Figure) -> str:
    return figure.period or period_label(figure.period_norm)


_MAGNITUDE = re.compile(r"\d[\d.,]*(?:余|多)?(万亿|亿|万)?")


def axis_unit(title: str, figures: list[Figure], texts: list[str]) -> str:
    """The one unit of the chart's axis, as every bar writes it (万起); ChartError when the bars
    count in different units or write different magnitudes (万起 beside 起)."""
    units = {fold(f.unit) for f in figures}
    if len(units) > 1:
        raise ChartError(f"chart {title!r} mixes units ({', '.join(sorted(units))}): one unit per axis",
                         tuple(f.id for f in figures))
    magnitudes = []
    for text in texts:
        match = _MAGNITUDE.search(text)
        magnitudes.append((match.group(1) or "") if match else "")
    if len(set(magnitudes)) > 1:
        written = ", ".join(dict.fromkeys(texts))
        raise ChartError(f"chart {title!r}: its bars are written in different magnitudes ({written}); one unit "
                         f"per axis", tuple(f.id for f in figures))
    return magnitudes[0] + figures[0].unit if figures else ""


def comparison_note(figures: list[Figure]) -> str:
    """What makes the bars comparable, said on the chart (its periods are checked alike)."""
    if len({f.period_norm for f in figures}) == 1:
        return "同一时段，各方统计口径不同" if len({f.actor for f in figures}) > 1 else "同一时段"
    shape = period_shape(figures[0].period_norm) or ("",)
    return {"year": "均为全年数字"}.get(shape[0], "均为各年同期数字")


def default_labels(figures: list[Figure]) -> list[str]:
    """Each bar's label: its period, or, when every bar is of one period, who counted it."""
    if len({f.period_norm for f in figures}) == 1 and len(figures) > 1:
        return [f.actor for f in figures]
    return [_label(f) for f in figures]


def _text_width(text: str) -> float:
    """The estimated width of a label in px at the chart's font size."""
    return sum((LATIN_EM if ord(char) < 0x2E80 else HAN_EM) * FONT for char in text)


def bar_chart(title: str, figures: list[Figure], labels: list[str] | None, texts: list[str],
              variant: str = "screen") -> Chart:
    """A horizontal bar chart of like periods: one bar per figure, its label on the left, its
    value (the figure's text) at the bar's end; the newest period in navy, the others grey.
    No tick labels: every value is written on its bar (and so traced by the check)."""
    if not figures:
        raise ChartError(f"chart {title!r} has no figures", ())
    labels = list(labels) if labels else default_labels(figures)
    if len(labels) != len(figures):
        raise ChartError(f"chart {title!r}: {len(figures)} figures but {len(labels)} labels",
                         tuple(f.id for f in figures))
    check_like_periods(title, figures)
    check_like_measures(title, figures)
    unit = axis_unit(title, figures, texts)
    largest = max(Decimal(f.value) for f in figures) or Decimal(1)
    label_width = int(max(_text_width(label) for label in labels)) + 12
    value_width = int(max(_text_width(text) for text in texts)) + 10
    span = WIDTH - label_width - value_width
    height = len(figures) * (BAR_HEIGHT + GAP) + GAP
    navy, grey, ink = (PALETTE[token].css(variant) for token in ("navy", "grey", "ink"))
    newest = max(range(len(figures)), key=lambda i: (figures[i].period_norm, i))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" '
             f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="Fanzha Sans, Noto Sans CJK SC" '
             f'font-size="{FONT}" fill="{ink}">', f"<title>{escape(title)}</title>"]
    for index, (figure, label, text) in enumerate(zip(figures, labels, texts, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(int(span * Decimal(figure.value) / largest), 2)
        colour = navy if index == newest or len(figures) == 1 else grey
        parts += [
            f'<text x="0" y="{y + 17}">{escape(label)}</text>',
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{colour}"/>',
            f'<text x="{label_width + length + 6}" y="{y + 17}" font-weight="bold">{escape(text)}</text>',
        ]
    parts.append(f'<line x1="{label_width}" y1="{GAP // 2}" x2="{label_width}" y2="{height - GAP // 2}" '
                 f'stroke="{ink}" stroke-width="1"/>')
    parts.append("</svg>")
    return Chart(title=title, svg=Markup("".join(parts)), unit=unit,
                 periods=tuple(dict.fromkeys(_label(f) for f in figures)),
                 actors=tuple(dict.fromkeys(f.actor for f in figures)), note=comparison_note(figures))
