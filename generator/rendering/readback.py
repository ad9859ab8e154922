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
