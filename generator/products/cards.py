"""Share cards: what each card of a post says, the type sizes that make it fit, and where it goes.

A card has three zones (templates/post-card.html.j2): a navy header band with the issuing unit;
the key message, a figure with its label and period or, for a fraud type, its "凡是……都是诈骗"
warning with its icon; and a navy footer band with 96110, 110, the unit's local hotline (where the
band has room: not on the 公众号 cover) and the month. Each thing is said
once. The texts are set as display text, broken only between words (rendering/display.py), at
the largest size of the card's range that fits its measure in the lines allowed. The layout is
computed here, not left to the renderer: every block's height is known from its lines, size and
line height, so the free height of the key zone is shared out evenly between its blocks (what
CSS flexbox would do, at a fifth of WeasyPrint's time). Text that does not fit even at its
smallest size, or a key message taller than its zone, stops the build naming the post and the
card, instead of being split or clipped; should the renderer still need more height than
counted here, the card spills onto another page, which the build reports too. Sizes are CSS px,
one per pixel of the PNG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.figures.registry import Figure
from generator.rendering.display import best_lines
from generator.rendering.templates import figure_text

UNSET_UNIT = "（发布单位：在 fanzha.toml 的 [unit] 中填写）"
"""What the header says when the project names no unit: never a made-up name."""

LEADING = {"unit": 1.3, "kicker": 1.3, "label": 1.3, "value": 1.1, "message": 1.4, "condition": 1.3,
           "verdict": 1.1, "tip": 1.2, "credit": 1.45}
"""Line height of each kind of text, as the stylesheet sets it (heights are counted with these)."""

VERDICT = re.compile(r"^(?P<condition>.*?[，,])\s*(?P<verdict>都是诈骗[！!。]?)$")
CALCULATED = 0.25
"""The size of the "（计算值）" mark after a derived figure, in em of the figure (.calc)."""
TIP_PADDING = 0.4
"""Above and below the 三不一多 tile's text, in em of it (.tip)."""
SECOND_RULE = 24
"""The rule and space above a second key figure (4 px rule, 20 px space)."""


@dataclass(frozen=True)
class Geometry:
    """One card size: its bands, margins and the sizes of what is not fitted to its text (px)."""

    width: int
    height: int
    left: int
    """From the card's edge to the text, left (the 公众号 cover: to its centre square's text)."""
    right: int
    head: tuple[int, int]
    """The header band's space above and below the unit's name (Douyin: below its top bar)."""
    foot: int
    """The footer band's height (Douyin: down to the bottom edge, under the app's caption)."""
    foot_top: int
    """Space above the hotlines in the footer."""
    number: int
    """The hotlines' size."""
    what: int
    """What each hotline is for, and the month."""
    credit: int
    """The source line's size; 0: no source line (the 公众号 cover: the article under it has it)."""
    kicker: int
    tip: int
    """The 三不一多 tile's text size (its padding and icon are in em of it); 0: no tile."""
    icon: tuple[int, int]
    """A fraud type's icon: its size and the padding of its circle."""
    gap: int
    """The least space between blocks of the key zone."""
    side: int = 0
    """Wide cards: the width of the column beside the key message (second figure, opening, tip)."""
    side_gap: int = 0
    month_below: bool = False
    """The month under the hotlines rather than at their right (tall cards: Douyin's right-hand
    strip is under its buttons, and 小红书's hotlines are set larger)."""
    local: int = 0
    """The unit's local hotline's size: beside 110 on the wide cards, on the month's row (before
    it) where the month is below; 0: none (the 公众号 cover, whose band has no room: its article
    gives the number)."""


@dataclass(frozen=True)
class Spec:
    """One card size's fitted type: (largest, smallest) px of each text that varies."""

    unit: tuple[int, int]
    label: tuple[int, int]
    figure: tuple[int, int]
    second: tuple[int, int]
    """The second key figure, smaller than the first."""
    opening: tuple[int, int]
    condition: tuple[int, int]
    """The warning's "凡是……，" part; its "都是诈骗！" is set larger, in red."""
    verdict: tuple[int, int]
    lines: int = 3
    """Most lines of the opening and the warning."""


GEOMETRY = {
    "square": Geometry(1080, 1080, 72, 72, (30, 30), 180, 28, 72, 28, 24, 34, 46, (92, 22), 24,
                       month_below=True, local=44),
    "xiaohongshu": Geometry(1080, 1440, 72, 72, (40, 40), 212, 36, 88, 30, 28, 42, 54, (120, 28), 30,
                           month_below=True, local=48),
    "douyin": Geometry(1080, 1920, 80, 200, (268, 36), 610, 34, 72, 28, 26, 38, 50, (112, 26), 28,
                       month_below=True, local=44),
    "x": Geometry(1200, 675, 56, 56, (18, 18), 92, 18, 56, 21, 19, 28, 34, (84, 18), 14, 420, 44, local=36),
    "og": Geometry(1200, 630, 56, 56, (16, 16), 88, 17, 54, 20, 19, 26, 32, (80, 17), 12, 420, 44, local=34),
    "wechat-cover": Geometry(900, 383, 278, 279, (12, 8), 56, 10, 30, 10, 0, 14, 0, (40, 8), 6),
}
"""Where everything goes on each card size. Douyin keeps its text between y 250 and 1500 and left
of x 880 (its top bar, buttons and caption lie over the rest: platforms.SAFE_AREAS); the
公众号 cover keeps it inside its centre 383 px square."""

SPECS = {
    "square": Spec((36, 28), (48, 36), (180, 110), (88, 60), (46, 36), (68, 50), (140, 100), lines=2),
    "xiaohongshu": Spec((40, 30), (56, 42), (230, 120), (104, 70), (56, 42), (80, 58), (176, 120)),
    "douyin": Spec((38, 30), (52, 40), (210, 110), (96, 64), (54, 42), (78, 56), (170, 110)),
    "x": Spec((32, 24), (42, 30), (150, 84), (72, 52), (48, 32), (54, 40), (104, 72), lines=2),
    "og": Spec((32, 24), (40, 30), (140, 80), (68, 50), (46, 30), (52, 38), (100, 70), lines=2),
    "wechat-cover": Spec((16, 13), (20, 15), (72, 40), (34, 24), (20, 16), (26, 19), (54, 38), lines=2),
}
"""Type of each card size: the largest sizes are read in a feed thumbnail (a card seen 200 px
wide still shows its figure or 都是诈骗 about 25 px high)."""


@dataclass(frozen=True)
class Line:
    """A piece of display text set at one size: its HTML (the lines chosen, joined by <br>, in a
    block set nowrap), size and number of lines."""

    html: Markup
    px: int
    lines: int

    def height(self, kind: str) -> float:
        return self.lines * self.px * LEADING[kind]


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


HOTLINE_LABELS = (("预警劝阻专线", "来电务必接听"), ("报警电话",))
"""What the footer says each hotline is for: the warning line (96110), the report line (110)."""
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


def footer(geo: Geometry, hotlines: tuple[str, ...], month: str, local: str = "") -> Footer:
    """The footer of a card size: the hotlines from the left, each with what it is for beside it,
    then the unit's local hotline (beside them on the wide cards, under them before the month on
    the others), the month at the right (or under them, on the tall cards)."""
    numbers, labels, x = [], [], float(geo.left)
    for number, label in zip(hotlines, HOTLINE_LABELS, strict=False):
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
                        credit, tip, footer(geo, post.hotlines, post.month, post.local_hotline))
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


def fit(text: str, measure: int, sizes: tuple[int, int], max_lines: int, where: str) -> Line:
    """`text` as display lines at the largest size (in steps of 2 px, from sizes[0] down to
    sizes[1]) at which it fits `measure` px in at most `max_lines` lines without splitting a word
    (each line measured in the bold face, as display text is set)."""
    largest, smallest = sizes
    for px in range(largest, smallest - 1, -2):
        found = best_lines(text, measure / px, max_lines)  # lines chosen on estimated widths…
        if found is not None and max(advance(line) for line in found) * px <= measure:  # …and measured
            # the lines as display() chooses them, each whole (its block is set nowrap: no span a line)
            return Line(Markup("<br>").join(escape(line) for line in found), px, len(found))
    raise ConfigError(f"{where}: {text!r} does not fit {max_lines} line(s) of {measure} px even at "
                      f"{smallest} px without splitting a word: shorten it")


def fit_one(text: str, measure: int, sizes: tuple[int, int], where: str, extra: float = 0) -> int:
    """The size (px, even) at which `text` (and `extra` em after it) fits `measure` on one line,
    at most sizes[0]. Measured with the bold face's own advances: a figure is digits and signs,
    whose widths an estimate gets wrong by a tenth (约37% is 3.14 em, not 2.7)."""
    largest, smallest = sizes
    px = min(largest, int(measure / (advance(text) + extra)) // 2 * 2)
    if px < smallest:
        raise ConfigError(f"{where}: {text!r} does not fit {measure} px on one line even at {smallest} px")
    return px


def advance(text: str) -> float:
    """The width of `text` in em, set in the cards' bold face (HarfBuzz shapes it)."""
    import uharfbuzz

    font, upem = _bold_font()
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    return sum(position.x_advance for position in buffer.glyph_positions) / upem


@lru_cache(maxsize=1)
def _bold_font():
    import uharfbuzz

    from generator.rendering.fonts import compact_faces

    path = next(face.path for face in compact_faces() if face.family == "Fanzha Sans" and face.weight == 700)
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
    return uharfbuzz.Font(face), face.upem
