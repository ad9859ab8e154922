"""Card sizes and the type set on them: each size's geometry and type range, and text fitted to a measure.

Every card size (platforms.CARDS) has its Geometry (bands, margins, the sizes of what is not
fitted: hotlines, month, source line, tile, icon) and its Spec (the range of each fitted text,
largest to smallest). Display text is fitted here: broken only between words
(rendering/display.py) at the largest size of its range that fits its measure in the lines
allowed, each line measured with the cards' bold face as HarfBuzz shapes it; text that does not
fit even at its smallest size stops the build naming where it was. LEADING gives each kind of
text's line height, with which every block's height is counted (products/cards.py places the
blocks, products/card_footer.py the footer band). Sizes are CSS px, one per pixel of the PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.rendering.display import best_lines

LEADING = {"unit": 1.3, "kicker": 1.3, "label": 1.3, "value": 1.1, "message": 1.4, "condition": 1.3,
           "verdict": 1.1, "tip": 1.2, "credit": 1.45}
"""Line height of each kind of text, as the stylesheet sets it (heights are counted with these)."""


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
