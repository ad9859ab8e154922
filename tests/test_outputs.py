"""products/outputs.py: each product kind's pages and the files made of them, as typed plans."""

from generator.products.outputs import PAGES, downloads, on_site, site_image_page
from generator.products.platforms import CARDS
from generator.rendering.jobs import ContactSheet, PagePng, PdfFile, Preview


def test_a_leaflet_is_an_a4_page_and_a_trifold_each_with_screen_and_print_pdfs():
    pages = PAGES["leaflet"]("elderly")
    assert [(p.path, p.template, p.variant, p.published) for p in pages] == [
        ("leaflets/elderly.html", "leaflet.html.j2", "screen", True),
        ("leaflets/elderly-print.html", "leaflet.html.j2", "print", False),
        ("leaflets/elderly-trifold.html", "leaflet-trifold.html.j2", "screen", True),
        ("leaflets/elderly-trifold-print.html", "leaflet-trifold.html.j2", "print", False),
    ]
    assert [p.pdf.tagged for p in pages] == [True, False, True, False]  # screen PDFs are PDF/UA
    assert pages[0].pdf.files == (PdfFile("leaflets/elderly.pdf", label="A4 屏幕版 PDF"),
                                  Preview("site/leaflets/elderly.png"))


def test_a_posts_cards_are_one_pdf_page_and_one_png_each_with_a_contact_sheet():
    (page,) = PAGES["post"]("brushing")
    assert not page.published and page.pdf.pages == len(CARDS)
    pngs = [f for f in page.pdf.files if isinstance(f, PagePng)]
    assert [(f.page, f.size) for f in pngs] == [(i, size[:2]) for i, size in enumerate(CARDS.values())]
    assert all(f.checked for f in pngs)  # each card is checked on its own page's text
    pdf = next(f for f in page.pdf.files if isinstance(f, PdfFile))
    assert pdf.path == "posts/brushing/cards.pdf" and not pdf.checked
    sheet = next(f for f in page.pdf.files if isinstance(f, ContactSheet))
    assert sorted(i for row in sheet.rows for i in row) == list(range(len(CARDS)))


def test_the_site_offers_the_downloads_and_shows_previews_and_cards():
    assert [label for _, label in downloads("leaflet", "elderly")] == [
        "A4 屏幕版 PDF", "A4 印刷版 PDF（PDF/X，CMYK，含出血）", "三折页 屏幕版 PDF",
        "三折页 印刷版 PDF（PDF/X，CMYK，含出血）"]
    assert downloads("briefing", "b") == [("briefings/b.pdf", "PDF")]
    assert "site/leaflets/elderly.png" in on_site("leaflet", "elderly")
    assert "posts/brushing/cards.pdf" not in on_site("post", "brushing")
    assert "posts/brushing/contact-sheet.png" in on_site("post", "brushing")


def test_the_og_image_is_a_checked_png_of_its_page():
    page = site_image_page()
    png = next(f for f in page.pdf.files if isinstance(f, PagePng))
    assert png.path == "site/og.png" and png.size == CARDS["og"][:2] and png.checked
