"""A card's footer band: the hotlines, what each is for, the unit's local hotline and the month, placed.

The navy band at the foot of every card says 96110 and 110, each with what it is for beside it,
then the unit's first local hotline where the band has room (beside 110 on the wide cards, on
the month's row on the tall ones; not on the 公众号 cover, whose article gives it), and the
month: at the right, or under the hotlines on the tall cards. Every piece is placed absolutely,
its position counted from the bold face's advances (WeasyPrint lays inline blocks out at
several times the cost); the sizes are the card size's Geometry (products/card_geometry.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.products.card_geometry import LEADING, Geometry, advance

HOTLINE_LABELS = (("预警劝阻专线", "来电务必接听"), ("报警电话",))
"""What the footer says each hotline is for: the warning line (96110), the report line (110)."""
ASK_LABELS = (("防骗咨询热线", "拿不准先问问"), ("报警电话",))
"""The same where the warning line is one people call to ask, not one that calls them (Hong
Kong's 18222: guidance.yaml `calls_you: false`)."""
LOCAL_LABEL = ("本地咨询",)
"""What the footer says the unit's local hotline is for (its configured label is too long for the
band; the posts' long texts and the print products give it)."""


@dataclass(frozen=True)
class Piece:
    """A piece of the footer band, placed: its text (lines), where (px from the band's top left)."""

    lines: tuple[str, ...]
    left: float
    top: float


@dataclass(frozen=True)
class Footer:
    """The footer band's hotlines and what each is for, and the month: each placed (absolutely:
    WeasyPrint lays inline blocks out at several times the cost)."""

    numbers: tuple[Piece, ...]
    labels: tuple[Piece, ...]
    month: Piece
    """Its `left` is from the band's right edge when the month stands at the right."""
    local: tuple[Piece, Piece] | None = None
    """The unit's first local hotline and what it is for (set at geo.local px), or None."""


def footer(geo: Geometry, hotlines: tuple[str, ...], month: str, local: str = "",
           says: tuple[tuple[str, ...], ...] = HOTLINE_LABELS) -> Footer:
    """The footer of a card size: the hotlines from the left, each with what it is for beside it,
    then the unit's local hotline (beside them on the wide cards, under them before the month on
    the others), the month at the right (or under them, on the tall cards). `says` is what each
    hotline is for (HOTLINE_LABELS, or ASK_LABELS where the warning line does not call people)."""
    numbers, labels, x = [], [], float(geo.left)
    for number, label in zip(hotlines, says, strict=False):
        numbers.append(Piece((number,), x, geo.foot_top))
        x += advance(number) * geo.number + 0.2 * geo.number
        height = len(label) * geo.what * LEADING["label"]
        labels.append(Piece(label, x, geo.foot_top + (geo.number - height) / 2))
        x += max(len(line) for line in label) * geo.what + 0.5 * geo.number
    placed = None
    below = geo.foot_top + geo.number + 12
    if local and geo.local:
        # on the month's row (its middle on the month's) or beside 110 (its middle on the numbers')
        top = below if geo.month_below else geo.foot_top + (geo.number - geo.local) / 2
        left = geo.left if geo.month_below else x
        after = left + advance(local) * geo.local + 0.2 * geo.local
        placed = (Piece((local,), left, top),
                  Piece(LOCAL_LABEL, after, top + (geo.local - geo.what * LEADING["label"]) / 2))
        if geo.month_below:  # the month after it on the row
            left = after + len(LOCAL_LABEL[0]) * geo.what + 0.5 * geo.number
            return Footer(tuple(numbers), tuple(labels),
                          Piece((month,), left, top + (geo.local - geo.what * LEADING["label"]) / 2), placed)
    if geo.month_below:
        place = Piece((month,), geo.left, below)
    else:
        place = Piece((month,), geo.right, geo.foot_top + (geo.number - geo.what * LEADING["label"]) / 2)
    return Footer(tuple(numbers), tuple(labels), place, placed)
