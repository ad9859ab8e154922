"""Reading rendered PDFs back, as a reader would: the text of each page, its metadata, the fonts used.

The check reads every PDF and card through here, with pypdfium2 (not WeasyPrint, which made
them), so `fanzha check` needs no renderer.
"""

from __future__ import annotations

from typing import Any


class OpenPdf:
    """A PDF opened once by pdfium, each page and its text loaded once when first asked for: a
    render's every reading (its text, where the text stands, its pages as images) from one
    opening. Use it in a with; the functions below open one for a single reading."""

    def __init__(self, pdf: bytes):
        import pypdfium2

        self.document = pypdfium2.PdfDocument(pdf)
        self._pages: dict[int, Any] = {}
        self._textpages: dict[int, Any] = {}

    def __enter__(self) -> OpenPdf:
        return self

    def __exit__(self, *exc) -> None:
        for loaded in (self._textpages, self._pages):
            for item in loaded.values():
                item.close()
            loaded.clear()
        self.document.close()

    def __len__(self) -> int:
        return len(self.document)

    def page(self, index: int):
        if index not in self._pages:
            self._pages[index] = self.document[index]
        return self._pages[index]

    def textpage(self, index: int):
        if index not in self._textpages:
            self._textpages[index] = self.page(index).get_textpage()
        return self._textpages[index]

    def texts(self) -> list[str]:
        """The text of each page on its own, as a reader's copy-and-paste would read it."""
        return [self.textpage(index).get_text_range() for index in range(len(self))]

    def metadata(self) -> list[str]:
        """The title, author, subject and keywords, those that are set."""
        info = self.document.get_metadata_dict()
        return [info[field] for field in METADATA if info.get(field)]

    def text_bounds(self) -> list[tuple[float, float, float, float] | None]:
        """Where the text of each page stands: (left, top, right, bottom) in CSS px from the
        page's top left corner (None for a page without text)."""
        px = 4 / 3
        bounds: list[tuple[float, float, float, float] | None] = []
        for index in range(len(self)):
            height, textpage = self.page(index).get_height(), self.textpage(index)
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            bounds.append((min(r[0] for r in rects) * px, (height - max(r[3] for r in rects)) * px,
                           max(r[2] for r in rects) * px, (height - min(r[1] for r in rects)) * px)
                          if rects else None)
        return bounds

    def outside_pages(self) -> list[tuple[int, str]]:
        """(page index, text) of the characters drawn wholly outside their page: content that ran
        past a box of fixed height and would be cut off on paper. (The page's text against the
        text that touches the page, both read by pdfium.)"""
        from collections import Counter

        return self._each(lambda page, textpage: Counter(_ink(textpage.get_text_range()))
                          - Counter(_ink(textpage.get_text_bounded(*page.get_mediabox()))))

    def near_trim(self, margin: float) -> list[tuple[int, str]]:
        """(page index, text) of the characters that come within `margin` points of the trim (or
        lie beyond it): on a print file, what the print shop's cut may take off."""
        def near(page, textpage) -> str:
            left, bottom, right, top = page.get_trimbox()
            outer_left, outer_bottom, outer_right, outer_top = page.get_mediabox()
            strips = ((outer_left, outer_bottom, outer_right, bottom + margin),  # the four bands along the trim
                      (outer_left, top - margin, outer_right, outer_top),
                      (outer_left, outer_bottom, left + margin, outer_top),
                      (right - margin, outer_bottom, outer_right, outer_top))
            return "".join(_ink(textpage.get_text_bounded(*strip)) for strip in strips)

        return self._each(near)

    def _each(self, found) -> list[tuple[int, str]]:
        """(page index, what `found(page, textpage)` gives) for every page where it gives anything."""
        pages = []
        for index in range(len(self)):
            text = found(self.page(index), self.textpage(index))
            text = "".join(text.elements()) if hasattr(text, "elements") else text
            if text:
                pages.append((index, text))
        return pages


def pdf_text(pdf: bytes) -> str:
    """The text of every page, read back the way a reader's copy-and-paste would."""
    return "\n".join(pdf_page_texts(pdf))


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page on its own (a card is one page)."""
    with OpenPdf(pdf) as opened:
        return opened.texts()


def pdf_text_bounds(pdf: bytes) -> list[tuple[float, float, float, float] | None]:
    """Where the text of each page stands (OpenPdf.text_bounds)."""
    with OpenPdf(pdf) as opened:
        return opened.text_bounds()


METADATA = ("Title", "Author", "Subject", "Keywords")
"""The fields of a PDF's document information that readers see (a viewer's title bar, a search
index): checked like its pages. Producer and dates are WeasyPrint's and the product's date."""


def pdf_metadata(pdf: bytes) -> list[str]:
    """The title, author, subject and keywords of a PDF, those that are set."""
    with OpenPdf(pdf) as opened:
        return opened.metadata()


def lost_han(html: str, texts) -> str:
    """The Han characters of a page's HTML body that its PDF's text does not hold as often:
    content that did not fit a box of fixed height and was dropped from the PDF ("" when none).
    Only Han characters are counted: spacing, punctuation and order may differ between the two."""
    from collections import Counter
    from html import unescape

    from generator.rendering.typeset import segments

    body = html[html.find("<body"):] if "<body" in html else html
    shown, depth = [], 0  # the text of SVG drawings (chart labels, titles) may be drawn as shapes: not counted
    for part in segments(body):
        if part.name == "svg" and part.kind in ("start", "end") and not part.raw.endswith("/>"):
            depth += 1 if part.kind == "start" else -1
        elif part.kind == "text" and depth == 0:
            shown.append(unescape(part.raw))
    wanted = Counter(char for char in "".join(shown) if "\u4e00" <= char <= "\u9fff")
    have = Counter(char for text in texts for char in text if "\u4e00" <= char <= "\u9fff")
    return "".join(char * (count - have[char]) for char, count in wanted.items() if count > have[char])


def text_outside_pages(pdf: bytes) -> list[tuple[int, str]]:
    """(page index, text) drawn wholly outside its page (OpenPdf.outside_pages)."""
    with OpenPdf(pdf) as opened:
        return opened.outside_pages()


def text_near_trim(pdf: bytes, margin: float) -> list[tuple[int, str]]:
    """(page index, text) within `margin` points of the trim (OpenPdf.near_trim)."""
    with OpenPdf(pdf) as opened:
        return opened.near_trim(margin)


def _ink(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


def pdf_fonts(pdf: bytes) -> set[tuple[str, bool]]:
    """(base font name, embedded?) of every font used by text on any page."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    fonts = set()
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=5):
                font = raw.FPDFTextObj_GetFont(obj.raw)
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buffer, size)
                fonts.add((buffer.value.decode("utf-8", "replace"), bool(raw.FPDFFont_GetIsEmbedded(font))))
            page.close()
    finally:
        document.close()
    return fonts
