"""Reading rendered PDFs back, as a reader would: the text of each page, its metadata, the fonts used.

The check reads every PDF and card through here, with pypdfium2 (not WeasyPrint, which made
them), so `fanzha check` needs no renderer.
"""

from __future__ import annotations


def pdf_text(pdf: bytes) -> str:
    """The text of every page, read back the way a reader's copy-and-paste would."""
    return "\n".join(pdf_page_texts(pdf))


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page on its own (a card is one page)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def pdf_text_bounds(pdf: bytes) -> list[tuple[float, float, float, float] | None]:
    """Where the text of each page stands: (left, top, right, bottom) in CSS px from the page's
    top left corner (None for a page without text)."""
    import pypdfium2

    px = 4 / 3
    document = pypdfium2.PdfDocument(pdf)
    try:
        bounds: list[tuple[float, float, float, float] | None] = []
        for page in document:
            height = page.get_height()
            textpage = page.get_textpage()
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            bounds.append((min(r[0] for r in rects) * px, (height - max(r[3] for r in rects)) * px,
                           max(r[2] for r in rects) * px, (height - min(r[1] for r in rects)) * px)
                          if rects else None)
            textpage.close()
            page.close()
        return bounds
    finally:
        document.close()


METADATA = ("Title", "Author", "Subject", "Keywords")
"""The fields of a PDF's document information that readers see (a viewer's title bar, a search
index): checked like its pages. Producer and dates are WeasyPrint's and the product's date."""


def pdf_metadata(pdf: bytes) -> list[str]:
    """The title, author, subject and keywords of a PDF, those that are set."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        info = document.get_metadata_dict()
    finally:
        document.close()
    return [info[field] for field in METADATA if info.get(field)]


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
