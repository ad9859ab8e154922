"""Share cards: what each card of a post says, the type sizes that make it fit, and where it goes.

A card has three zones (templates/post-card.html.j2): a navy header band with the issuing unit;
the key message, a figure with its label and period or, for a fraud type, its "凡是……都是诈骗"
warning with its icon; and a navy footer band with 96110, 110, the unit's local hotline (where the
band has room: not on the 公众号 cover) and the month (placed by products/card_footer.py). Each
thing is said once. The texts are set as display text, broken only between words, at the
largest size of the card's range that fits its measure in the lines allowed (each size's
geometry, type range and the fitting: products/card_geometry.py). The layout is computed
here, not left to the renderer: every block's height is known from its lines, size and line
height, so the free height of the key zone is shared out evenly between its blocks (what CSS
flexbox would do, at a fifth of WeasyPrint's time). Text that does not fit even at its
smallest size, or a key message taller than its zone, stops the build naming the post and the
card, instead of being split or clipped; should the renderer still need more height than
counted here, the card spills onto another page, which the build reports too. Sizes are CSS
px, one per pixel of the PNG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import ConfigError
from generator.figures.registry import Figure
from generator.products.card_footer import ASK_LABELS, HOTLINE_LABELS, Footer, footer
from generator.products.card_geometry import GEOMETRY, LEADING, SPECS, Geometry, Line, Spec, advance, fit, fit_one
from generator.rendering.display import best_lines
from generator.rendering.templates import figure_text

UNSET_UNIT = "（发布单位：在 fanzha.toml 的 [unit] 中填写）"
"""What the header says when the project names no unit: never a made-up name."""

VERDICT = re.compile(r"^(?P<condition>.*?[，,])\s*(?P<verdict>都是诈骗[！!。]?)$")
CALCULATED = 0.25
"""The size of the "（计算值）" mark after a derived figure, in em of the figure (.calc)."""
TIP_PADDING = 0.4
"""Above and below the 三不一多 tile's text, in em of it (.tip)."""
SECOND_RULE = 24
"""The rule and space above a second key figure (4 px rule, 20 px space)."""


@dataclass(frozen=True)
class KeyFigure:
    """A figure as a card shows it: its kicker (period and who, when not shared), label, value size."""

    figure: Figure
    kicker: Line | None
    label: Line
    value_px: int


@dataclass(frozen=True)
class Block:
    """One block of the key zone, in order: what it is, what it shows, the space above it (px)."""

    kind: str
    """figure, second, message, tip, icon or warning."""
    space: float
    figure: KeyFigure | None = None
    text: Line | None = None
    verdict: Line | None = None


@dataclass(frozen=True)
class Card:
    """Everything one card shows, set and placed for its size."""

    name: str
    geometry: Geometry
    unit: Line
    kicker: Line | None
    """Period and who, when every key figure shares them (None otherwise)."""
    main: tuple[Block, ...]
    side: tuple[Block, ...]
    """Wide cards: the column beside the key message."""
    top: tuple[Block, ...]
    """Wide cards: the opening, as a headline across both columns."""
    key_height: float
    """The key zone's height: what the bands and the source line leave."""
    head_height: float
    credit_height: float
    tip: str
    """The line of 三不一多 the card shows ("" when it has no room for it)."""
    foot: Footer


SHRINK = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7)
"""Scales tried on the largest sizes of a card's texts, in turn, until its key message fits the
height of its zone."""


def card_texts(post, name: str) -> Card:
    """What card `name` of `post` (products.posts.Post) shows, each text at the size that fits,
    and each block placed."""
    geo = GEOMETRY[name]
    where = f"post {post.slug!r}, card {name!r}"
    inner = geo.width - geo.left - geo.right
    unit = fit(post.unit or UNSET_UNIT, inner, SPECS[name].unit, 2, where)
    head = geo.head[0] + unit.height("unit") + geo.head[1]
    # the source line wraps where the renderer likes: counted on 92% of its measure, in case
    credit_lines = len(best_lines(post.card_credit, inner * 0.92 / geo.credit, 3) or ()) if geo.credit else 0
    credit = credit_lines * geo.credit * LEADING["credit"] + (geo.credit * 0.75 if credit_lines else 0)
    height = int((geo.height - head - geo.foot - credit) * 10) / 10 - 0.1  # never a hair over the page
    crowded = not geo.tip or (name == "square" and len(post.figures) > 1)
    tip = "" if crowded else post.tip
    needed = 0.0
    for scale in SHRINK:
        blocks = _key_zone(post, name, _scaled(SPECS[name], scale), tip, where)
        kicker, main, side, top = blocks
        columns = (main, side) if geo.side else (main + side,)
        above = sum(h for _, h in top) + 2 * geo.gap * len(top)  # a headline, and space above it
        spread = [_spread(column, height - above, geo.gap) for column in columns]
        if all(column is not None for column in spread):
            placed = [column or () for column in spread]
            headline = tuple(Block(b.kind, 2 * geo.gap, text=b.text) for b, _ in top)
            return Card(name, geo, unit, kicker, placed[0], placed[1] if geo.side else (), headline, height, head,
                        credit, tip, footer(geo, post.hotlines, post.month, post.local_hotline,
                               HOTLINE_LABELS if post.warning_calls else ASK_LABELS))
        needed = above + max(sum(h for _, h in column) + geo.gap * (len(column) + 1) for column in columns)
    raise ConfigError(f"{where}: its key message needs {needed:.0f} px even with its type at "
                      f"{SHRINK[-1]:.0%}, and its zone has {height:.0f}: shorten the opening or the labels")


def _scaled(spec: Spec, scale: float) -> Spec:
    """The spec with the largest size of each fitted text scaled down (never below its smallest)."""
    def down(sizes: tuple[int, int]) -> tuple[int, int]:
        return max(sizes[1], int(sizes[0] * scale) // 2 * 2), sizes[1]

    return Spec(spec.unit, down(spec.label), down(spec.figure), down(spec.second), down(spec.opening),
                down(spec.condition), down(spec.verdict), spec.lines)


Placed = list[tuple["Block", float]]
"""Blocks of the key zone with their heights (px)."""


def _key_zone(post, name: str, spec: Spec, tip: str, where: str) -> tuple[Line | None, Placed, Placed, Placed]:
    """The kicker and the key zone's blocks with their heights, at the sizes of `spec`: the key
    message, what goes beside it (or under it) and across the top."""
    geo = GEOMETRY[name]
    inner = geo.width - geo.left - geo.right
    measure = inner - (geo.side + geo.side_gap if geo.side else 0)
    column = geo.side or measure
    figures = post.figures
    shared = len({(f.period, f.actor) for f in figures}) == 1
    sizes = (geo.kicker, geo.kicker * 3 // 4)
    kicker = fit(_kicker(figures[0], figures), measure, sizes, 2, where) if figures and shared else None
    key = []
    for index, figure in enumerate(figures):
        first = index == 0
        width_px = measure if first else column
        label = spec.label if first else (spec.label[0] * 4 // 5, spec.label[1] * 4 // 5)
        key.append(KeyFigure(figure, None if shared else fit(_kicker(figure, [figure]), width_px, sizes, 2, where),
                             fit(figure.label, width_px, label, 2, where),
                             fit_one(figure_text(figure), width_px, spec.figure if first else spec.second, where,
                                     extra=CALCULATED * advance("（计算值）") if figure.derived else 0)))
    opening = condition = verdict = None
    if figures and post.opening and (name != "wechat-cover" or len(figures) == 1):  # the cover: room for one
        opening = fit(post.opening.rstrip("。"), inner if geo.side else column, spec.opening,
                      1 if geo.side else spec.lines, where)
    if not figures and post.warning:
        match = VERDICT.match(post.warning)
        said, red = (match["condition"], match["verdict"]) if match else (post.warning, "")
        condition = fit(said, measure, spec.condition, spec.lines, where)
        verdict = fit(red, measure, spec.verdict, 1, where) if red else None
    main, side, top = _blocks(geo, key, kicker, opening, condition, verdict, tip)
    return kicker, main, side, top


def _kicker(figure: Figure, figures) -> str:
    """When and who: 2021年 · 全国公安机关 (only the period when a label names who already)."""
    named = figure.actor and any(f.label.startswith(figure.actor) for f in figures)
    return figure.period if named or not figure.actor else f"{figure.period} · {figure.actor}"


def _blocks(geo: Geometry, key: list[KeyFigure], kicker: Line | None, opening: Line | None, condition: Line | None,
            verdict: Line | None, tip: str) -> tuple[Placed, Placed, Placed]:
    """The key zone's blocks with their heights: the key message, what goes beside it on a wide
    card (under it on the others), and what goes across the top of a wide card (its opening)."""
    main: Placed = []
    side: Placed = []
    top: Placed = []
    for index, figure in enumerate(key):
        height = figure.label.height("label") + figure.value_px * LEADING["value"]
        said = kicker if index == 0 else None
        for line in (said, figure.kicker):
            height += line.height("kicker") + 8 if line else 0
        if index == 0:
            main.append((Block("figure", 0, figure=figure), height))
        else:
            side.append((Block("second", 0, figure=figure), height + (0 if geo.side else SECOND_RULE)))
    if condition is not None:
        main.append((Block("icon", 0), geo.icon[0] + 2 * geo.icon[1]))
        height = condition.height("condition") + (verdict.height("verdict") + 6 if verdict else 0)
        main.append((Block("warning", 0, text=condition, verdict=verdict), height))
    if opening is not None:
        (top if geo.side else side).append((Block("message", 0, text=opening), opening.height("message")))
    if tip:
        side.append((Block("tip", 0), geo.tip * (LEADING["tip"] + 2 * TIP_PADDING)))
    return main, side, top


def _spread(blocks: list[tuple[Block, float]], height: float, least: int) -> tuple[Block, ...] | None:
    """The blocks with the free height shared out evenly above, between and below them; None when
    they do not fit with at least `least` px between them."""
    if not blocks:
        return ()
    free = height - 1 - sum(h for _, h in blocks)  # the zone's 1 px top border
    space = free / (len(blocks) + 1)
    if space < least:
        return None
    space = int(space * 10) / 10  # rounded down: the blocks never add up to more than the zone
    return tuple(Block(b.kind, space, b.figure, b.text, b.verdict) for b, _ in blocks)

