"""Charts drawn from registry data as SVG, with every bar labelled by its figure.

The labels are the figures' own text (44.1万余起), so the check reads and traces them like
any other number on the page.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from generator.figures.registry import Figure

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH = 560, 22, 12, 170, 90


def bar_chart(title: str, figures: list[Figure], labels: list[str], texts: list[str]) -> Markup:
    """A horizontal bar chart: one bar per figure, its label on the left, its value on the right."""
    if not figures:
        return Markup("")
    largest = max(Decimal(f.value) for f in figures) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(figures) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="Fanzha Sans, Noto Sans CJK SC" font-size="12">',
             f"<title>{escape(title)}</title>"]
    for index, (figure, label, text) in enumerate(zip(figures, labels, texts, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(span * Decimal(figure.value) / largest)
        parts += [
            f'<text x="0" y="{y + 15}">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 2)}" height="{BAR_HEIGHT}" fill="#a00000"/>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}" font-weight="bold">{escape(text)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
