"""Reading rendered PDFs back, as a reader would: the text of each page, the fonts used.

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


def lost_han(html: str, texts) -> str:
    """The Han characters of a page's HTML body that its PDF's text does not hold as often:
    content that did not fit a box of fixed height and was dropped from the PDF ("" when none).
    Only Han characters are counted: spacing, punctuation and order may differ between the two."""
    from collections import Counter

    from html import unescape

    from generator.rendering.typeset import segments

    body = html[html.find("<body"):] if "<body" in html else html
    texts, depth = [], 0  # the text of SVG drawings (chart labels, titles) may be drawn as shapes: not counted
    for part in segments(body):
        if part.name == "svg" and part.kind in ("start", "end") and not part.raw.endswith("/>"):
            depth += 1 if part.kind == "start" else -1
        elif part.kind == "text" and depth == 0:
            texts.append(unescape(part.raw))
    wanted = Counter(char for char in "".join(texts) if "\u4e00" <= char <= "\u9fff")
    have = Counter(char for text in texts for char in text if "\u4e00" <= char <= "\u9fff")
    return "".join(char * (count - have[char]) for char, count in wanted.items() if count > have[char])


def text_outside_pages(pdf: bytes) -> list[tuple[int, str]]:
    """(page index, text) of the characters drawn outside their page: content that ran past a
    box of fixed height (a tri-fold's panel) and would be cut off on paper. (The page's text
    against the text within its box, both read by pdfium: two calls a page.)"""
    from collections import Counter

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        outside = []
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            every = Counter(char for char in textpage.get_text_range() if not char.isspace())
            within = Counter(char for char in textpage.get_text_bounded(*page.get_mediabox()) if not char.isspace())
            textpage.close()
            page.close()
            missing = every - within
            if missing:
                outside.append((index, "".join(missing.elements())))
        return outside
    finally:
        document.close()


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
