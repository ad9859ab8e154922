"""Pages laid out once for every edition: each edition's unit blocks set into a shared layout.

A city's county editions print the same leaflets, tri-folds, cards and briefing; only the unit
blocks differ (the unit's name, its hotlines, its QR codes), and laying every page out again
for every edition was nine tenths of an edition's cost. A template marks each block that shows
the unit with the attribute `data-unit-slot` (on an element whose width its container gives,
never its content: a whole line, a box, a footer). A render worker keeps the layout of a page
(its *frame*) and, for the next edition's page that differs from it only inside those blocks,
lays out the blocks alone (every other element of the page hidden) and, when each block comes
out exactly the size of the frame's, sets them into the frame in place of the frame's own. The
PDF is then written from that box tree as from any other: text, tags (PDF/UA), links and fonts
come from the boxes, and the file is byte for byte the one a whole render makes (tested on every
template). When a block comes out another size (a longer name that wraps, a third hotline), the
page is laid out whole, as before, and kept as a frame for editions like it.

Everything here works on WeasyPrint's laid-out boxes (weasyprint.formatting_structure.boxes):
`translate` moves a block and its content, and backgrounds, which WeasyPrint places when it lays
a page out, are placed again for the moved block (weasyprint.layout.background).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

SWITCH = "FANZHA_SHARE_LAYOUTS"
"""FANZHA_SHARE_LAYOUTS=0 in the environment lays every edition's pages out whole: to compare
(the files are the same, only slower), or to rule this out when a template's unit blocks misbehave."""
SLOT = "data-unit-slot"
"""The attribute that marks an element whose content is the unit's (templates/…)."""
KEEP = 64
"""Frames a worker keeps (the first it makes; see Frames._keep): a page's layout holds a few MiB,
and one edition of the shipped project has 35 pages for two workers."""
METADATA = ("title", "meta")
"""Elements of a page that are never laid out, only written as the PDF's metadata."""
PER_PAGE = 3
"""Frames kept for one page: the first edition's, and those of editions whose blocks came out
another size (the sample unit's long name and a county's short one)."""


@dataclass
class Slot:
    """A unit block as laid out: its box, where that box hangs in the tree, and its page."""

    box: Any
    parent: Any
    index: int
    """The box's place in parent.children."""
    page: int

    @property
    def size(self) -> tuple[float, float]:
        return (self.box.margin_width(), self.box.margin_height())


@dataclass
class Frame:
    """A page laid out whole, kept for the editions whose unit blocks fit it."""

    html: str
    document: Any
    slots: list[Slot] | None
    """Its unit blocks in document order, or None when one cannot be set in (split over two
    pages or lines, or holding a box positioned from outside it)."""
    colour_profiles: dict[str, _ColourProfile]
    """Its colour profiles as read, before any PDF was written of it."""
    fits: tuple[tuple[float, float], ...] | None = None
    """The size each block comes out at when laid out alone, once known (None: not yet)."""
    usable: bool = True
    """False when a block laid out alone is not the size it has on the page (stretched by its
    container): the page's blocks cannot be set in from layouts of their own."""

    def profiles(self) -> dict[str, _ColourProfile]:
        """Colour profiles for one more PDF of the frame: WeasyPrint's own, written a second time,
        come out as other bytes (Pillow serialises a profile otherwise once its name was read)."""
        return {name: replace(profile) for name, profile in self.colour_profiles.items()}


@dataclass
class _ColourProfile:
    """What WeasyPrint writes of a colour profile (weasyprint.css.ColorProfile), kept as bytes."""

    content: bytes
    name: str
    components: Any
    rendering_intent: str
    src: str
    pdf_reference: Any = None
    """Set by WeasyPrint when it writes the profile into a PDF."""

    @classmethod
    def kept(cls, profiles) -> dict[str, _ColourProfile]:
        """Read `profiles` (a document's, before it is written: content first, then name)."""
        kept = {}
        for key, profile in profiles.items():
            content = profile.content
            kept[key] = cls(content, profile.name, profile.components, profile.rendering_intent, profile.src)
        return kept


@dataclass(frozen=True)
class PageLayout:
    """How the renderer of one page parses and lays out pages (PdfRenderer.render makes it)."""

    parse: Callable[[str], Any]
    """A WeasyPrint HTML of a string."""
    whole: Callable[[Any], Any]
    """The laid-out document of a parsed page."""
    alone: Callable[[Any], Any]
    """The laid-out document of a parsed page cut down to its unit blocks (only_slots)."""
    place_backgrounds: Callable[[Any, Any], None]
    """Place the backgrounds of a moved block (page box, block box)."""
    variant: str
    """The PDF variant the page is written as (part of its frame's key)."""


@dataclass
class Frames:
    """A render worker's frames, by what their pages hold outside the unit blocks."""

    keep: int = KEEP
    frames: dict[str, list[Frame]] = field(default_factory=dict)
    set_in: int = 0
    """Pages made by setting unit blocks into a frame (for the benchmark and the tests)."""
    whole: int = 0
    """Pages laid out whole."""
    released: bool = False
    """A kept frame was let go since the worker last collected garbage (it freezes what it keeps)."""

    @contextlib.contextmanager
    def laid_out(self, html: str, layout: PageLayout) -> Iterator[Any]:
        """The laid-out document of `html`: a kept frame with this page's unit blocks set in
        (put back when the with ends) or, when none fits, the page laid out whole (and kept)."""
        tree = layout.parse(html)
        key = frame_key(tree.etree_element, layout.variant)
        candidates = [(frame, fits) for frame in self.frames.get(key, [])
                      if (fits := self._fits(frame, layout)) is not None]
        if candidates:  # this page's blocks are laid out alone only when a kept layout could take them
            elements = _slot_elements(tree.etree_element)
            blocks_alone = layout.alone(tree)
            slots = find_slots(blocks_alone, elements)
            sizes = _sizes(slots)
            for frame, fits in candidates:
                if slots is not None and _same(fits, sizes):
                    self.set_in += 1
                    assert frame.slots is not None
                    with _set_in(frame, slots, layout.place_backgrounds) as document:
                        document.metadata = blocks_alone.metadata  # the title and author of this page
                        document.color_profiles = frame.profiles()
                        yield document
                    return
            tree = layout.parse(html)  # laying out the blocks alone cut the tree down
        document = layout.whole(tree)
        self.whole += 1
        frame = Frame(html, document, find_slots(document, _slot_elements(tree.etree_element)),
                      _ColourProfile.kept(document.color_profiles))
        self._keep(key, frame)
        document.color_profiles = frame.profiles()
        yield document

    def _fits(self, frame: Frame, layout: PageLayout):
        """The sizes of the frame's blocks laid out alone, or None when its blocks cannot be set in."""
        if frame.slots is None or not frame.usable:
            return None
        if frame.fits is None:
            tree = layout.parse(frame.html)
            elements = _slot_elements(tree.etree_element)
            alone = find_slots(layout.alone(tree), elements)
            # laid out alone, each block must come out as it is on the page, box for box: a list
            # number counted from hidden items, a float beside it, a page number would not
            frame.usable = alone is not None and list(map(_drawn, alone)) == list(map(_drawn, frame.slots))
            frame.fits = _sizes(alone) or ()
        return frame.fits if frame.usable else None

    def _keep(self, key: str, frame: Frame) -> None:
        """Keep `frame` for its page, unless the worker already keeps `keep` frames.
        The first ones are kept rather than the latest: the editions come one after another, each
        with every page, so a worker with more pages than it keeps would otherwise have let go of a
        page's layout by the time the next edition's page comes."""
        if sum(len(frames) for frames in self.frames.values()) >= self.keep:
            return
        kept = self.frames.setdefault(key, [])
        kept.append(frame)
        if len(kept) > PER_PAGE:
            del kept[:-PER_PAGE]
            self.released = True


def sharing_layouts() -> bool:
    """Whether editions' pages may share layouts (on unless FANZHA_SHARE_LAYOUTS=0)."""
    return os.environ.get(SWITCH, "1") != "0"


def frame_key(root, variant: str) -> str:
    """What a page holds outside its unit blocks (every element's tag, attributes and text, in
    order; a block's own tag and attributes but not its content), and the PDF variant it is
    rendered as: two pages with the same key differ only inside their blocks. The document's
    <title> and <meta> are left out: they are never laid out, and each edition's own are written."""
    digest = hashlib.sha256(variant.encode())

    def visit(element) -> None:
        if isinstance(element.tag, str) and element.tag not in METADATA:  # not a comment
            digest.update(f"\x00<{element.tag}".encode())
            for name, value in sorted(element.attrib.items()):
                digest.update(f"\x01{name}={value}".encode())
            if element.get(SLOT) is None:
                digest.update(f"\x02{element.text or ''}".encode())
                for child in element:
                    visit(child)
            digest.update(b"\x03>")
        digest.update(f"\x04{element.tail or ''}".encode())

    visit(root)
    return digest.hexdigest()


def _slot_elements(root) -> list:
    return [element for element in root.iter() if isinstance(element.tag, str) and element.get(SLOT) is not None]


def only_slots(tree):
    """`tree` (a WeasyPrint HTML) with every element hidden but the unit blocks and what holds
    them: the blocks keep their ancestors (and so the styles they inherit and their width) and
    their siblings stay as empty hidden elements with their tags and attributes (so that
    :first-child and `.a + .b` still match as on the page). Hidden elements lose their content:
    it is never laid out, and its styles are not computed either."""

    def holds_slot(element) -> bool:
        if element.get(SLOT) is not None:
            return True
        holding = [holds_slot(child) for child in element if isinstance(child.tag, str)]
        for child, holds in zip([c for c in element if isinstance(c.tag, str)], holding, strict=True):
            if not holds:  # its tag and attributes kept: `.a + .b` still matches
                child.set("style", "display: none !important")
                child.text = None
                for grandchild in list(child):
                    child.remove(grandchild)
        return any(holding)

    body = tree.etree_element.find("body")
    holds_slot(body if body is not None else tree.etree_element)
    return tree


def find_slots(document, elements: list) -> list[Slot] | None:
    """The boxes of `elements` (unit blocks) in `document`, in their order; None when one has no
    box, more than one (split over pages or lines), or holds a box positioned from outside it."""
    from weasyprint.formatting_structure import boxes

    wanted = {id(element): number for number, element in enumerate(elements)}
    found: dict[int, Slot] = {}
    split = False

    def walk(box, page: int) -> None:
        nonlocal split
        for index, child in enumerate(getattr(box, "children", ())):
            number = wanted.get(id(child.element)) if child.element is not None else None
            if number is not None and child.element_tag == child.element.tag:
                if number in found or not _self_contained(child):
                    split = True
                found[number] = Slot(child, box, index, page)
                continue
            if isinstance(child, boxes.ParentBox):
                walk(child, page)

    for page_number, page in enumerate(document.pages):
        walk(page._page_box, page_number)
    if split or len(found) != len(elements):
        return None
    return [found[number] for number in range(len(elements))]


def _self_contained(slot_box) -> bool:
    """Whether the block can be moved as it is: every positioned box inside it is placed from the
    block or from a box inside it (moved with the block, it then stands where it would have), and
    nothing in it is shown elsewhere (a string-set for the page margins, a footnote)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    def shown_elsewhere(box) -> bool:
        return (box.style["string_set"] != "none" or str(box.element_tag).endswith("::footnote-call")
                or any(shown_elsewhere(child) for child in getattr(box, "children", ())))

    if shown_elsewhere(slot_box):
        return False

    def positioned_inside(box) -> bool:
        return any(isinstance(child, AbsolutePlaceholder) or child.style["position"] == "fixed"
                   for child in getattr(box, "children", ())) or any(
            positioned_inside(child) for child in getattr(box, "children", ())
            if isinstance(child, boxes.ParentBox) and child.style["position"] == "static")

    if slot_box.style["position"] != "static" and slot_box.style["position"] != "fixed":
        return True  # the block itself places what is positioned in it
    return not positioned_inside(slot_box)


def _drawn(slot: Slot) -> list[tuple]:
    """What a block draws, box by box: kind, element, place within the block (to 1/1000 px),
    size, text, colour and background."""
    left, top = slot.box.position_x, slot.box.position_y
    out: list[tuple] = []

    def visit(box) -> None:
        width, height = getattr(box, "width", 0), getattr(box, "height", 0)
        out.append((type(box).__name__, box.element_tag,
                    round(box.position_x - left, 3), round(box.position_y - top, 3),
                    round(width, 3) if isinstance(width, float | int) else width,
                    round(height, 3) if isinstance(height, float | int) else height,
                    getattr(box, "text", None), str(box.style["color"]), str(box.style["background_color"])))
        for child in getattr(box, "children", ()):
            visit(child)

    visit(slot.box)
    return out


def _sizes(slots: list[Slot] | None) -> tuple[tuple[float, float], ...] | None:
    return None if slots is None else tuple(slot.size for slot in slots)


TOLERANCE = 1e-6
"""CSS px two sizes may differ by and be the same: a height is summed from positions, and the same
box laid out lower on a page can come out 1e-14 px taller."""


def _same(these: tuple[tuple[float, float], ...] | None, those: tuple[tuple[float, float], ...] | None) -> bool:
    if these is None or those is None or len(these) != len(those):
        return False
    return all(abs(a - b) <= TOLERANCE for this, that in zip(these, those, strict=True)
               for a, b in zip(this, that, strict=True))


@contextlib.contextmanager
def _set_in(frame: Frame, slots: list[Slot], place_backgrounds: Callable[[Any, Any], None]) -> Iterator[Any]:
    """The frame's document with `slots` (laid out alone, the same sizes) in place of its own
    blocks, each moved to where the frame's stands; the frame's own are put back after."""
    from weasyprint.document import Page

    assert frame.slots is not None
    try:
        for ours, theirs in zip(slots, frame.slots, strict=True):
            ours.box.translate(theirs.box.position_x - ours.box.position_x,
                               theirs.box.position_y - ours.box.position_y)
            place_backgrounds(frame.document.pages[theirs.page]._page_box, ours.box)
            theirs.parent.children[theirs.index] = ours.box
        # new Page objects: a page gathers its links and anchors from its boxes
        yield frame.document.copy([Page(page._page_box) for page in frame.document.pages])
    finally:
        for theirs in frame.slots:
            theirs.parent.children[theirs.index] = theirs.box
