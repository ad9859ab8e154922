"""What each kind of product is rendered to: one place for every output's name and treatment.

A product's pages are planned here as typed records: which template, which variant (screen or
print), where the HTML goes, whether it is published, and how it becomes a PDF and what is made
of that PDF (a preview, card PNGs, a contact sheet). The build renders and checks what the plan
says and `fanzha check` reads the files back the same way; nobody parses a file name to know
what a page is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.products.platforms import CARDS, SHEET_ROWS
from generator.rendering.jobs import ContactSheet, Derivative, PagePng, PdfFile, PdfPlan, Preview

SITE = "site"
"""The folder of output/ that holds the static site."""

TRIFOLD = "-trifold"


@dataclass(frozen=True)
class PagePlan:
    """One HTML document a product is rendered to, and what becomes of it."""

    path: str
    """The HTML's name under output/ (also the page's name when it is not published)."""
    template: str
    variant: str = "screen"
    """screen (the page, the screen PDF) or print (the print PDF, with bleed)."""
    published: bool = True
    """The HTML itself is written and checked; a print page or a post's cards only lead to their PDF."""
    pdf: PdfPlan | None = None


def leaflet_pages(slug: str) -> tuple[PagePlan, ...]:
    """A leaflet as an A4 page and an A4 tri-fold, each with a tagged screen PDF and a print PDF
    with bleed; the A4 page's screen PDF gives the site its preview."""
    pages = []
    for layout, template, name in (("", "leaflet.html.j2", "A4"), (TRIFOLD, "leaflet-trifold.html.j2", "三折页")):
        stem = f"leaflets/{slug}{layout}"
        preview: tuple[Derivative, ...] = () if layout else (Preview(f"{SITE}/leaflets/{slug}.png"),)
        screen = PdfFile(f"{stem}.pdf", label=f"{name} 屏幕版 PDF")
        printed = PdfFile(f"{stem}-print.pdf", label=f"{name} 印刷版 PDF（含出血）")
        pages.append(PagePlan(f"{stem}.html", template, "screen", True, PdfPlan(tagged=True, files=(screen, *preview))))
        pages.append(PagePlan(f"{stem}-print.html", template, "print", False, PdfPlan(tagged=False, files=(printed,))))
    return tuple(pages)


def briefing_pages(slug: str) -> tuple[PagePlan, ...]:
    """A briefing: its page and a tagged PDF (printed on office paper: no bleed), with a preview."""
    files = (PdfFile(f"briefings/{slug}.pdf", label="PDF"), Preview(f"{SITE}/briefings/{slug}.png"))
    return (PagePlan(f"briefings/{slug}.html", "briefing.html.j2", "screen", True, PdfPlan(True, files)),)


def post_pages(slug: str) -> tuple[PagePlan, ...]:
    """A post's share cards: one HTML page a card, rendered to one PDF page each, and each page
    to a PNG of exactly the card's size; the PDF and a contact sheet of all cards go beside them.
    A card whose content does not fit spills onto another page, which the page count catches."""
    folder = f"posts/{slug}"
    cards = tuple(PagePng(f"{folder}/cards/{name}.png", index, (width, height))
                  for index, (name, (width, height, _)) in enumerate(CARDS.items()))
    names = list(CARDS)
    sheet = ContactSheet(f"{folder}/contact-sheet.png",
                         rows=tuple(tuple(names.index(name) for name in row) for row in SHEET_ROWS),
                         labels=tuple(f"{name}  {width}x{height}" for name, (width, height, _) in CARDS.items()),
                         heights=tuple(height for _, height, _ in CARDS.values()))
    plan = PdfPlan(tagged=False, files=(PdfFile(f"{folder}/cards.pdf", checked=False), *cards, sheet),
                   pages=len(CARDS))
    return (PagePlan(f"{folder}/cards.html", "post-card.html.j2", "screen", False, plan),)


def site_image_page() -> PagePlan:
    """The site's og:image: an HTML page rendered to a one-page PDF and a PNG of it."""
    width, height, _ = CARDS["og"]
    plan = PdfPlan(tagged=False, files=(PdfFile(f"{SITE}/og.pdf", checked=False),
                                        PagePng(f"{SITE}/og.png", 0, (width, height))))
    return PagePlan(f"{SITE}/og.html", "site-og.html.j2", "screen", False, plan)


PAGES: dict[str, Callable[[str], tuple[PagePlan, ...]]] = {
    "leaflet": leaflet_pages, "briefing": briefing_pages, "post": post_pages,
}
"""The pages of each kind of product, by its slug."""


def downloads(kind: str, slug: str) -> list[tuple[str, str]]:
    """The PDFs the site offers for a product: (path under output/, label)."""
    return [(file.path, file.label) for page in PAGES[kind](slug) if page.pdf
            for file in page.pdf.files if isinstance(file, PdfFile) and file.label]


def on_site(kind: str, slug: str) -> list[str]:
    """The rendered files of a product that the site shows: its downloads, preview, cards and
    contact sheet (a preview is made under site/; the others are copied there)."""
    return [file.path for page in PAGES[kind](slug) if page.pdf for file in page.pdf.files
            if not isinstance(file, PdfFile) or file.label]


def planned_paths(kind: str, slug: str) -> list[str]:
    """Every file a product's pages make under output/ (HTML, PDFs and the files made of them, site pages)."""
    paths = [f"{SITE}/{kind}s/{slug}.html"]
    for page in PAGES[kind](slug):
        paths.append(page.path)
        paths += page.pdf.paths if page.pdf else ()
    return paths


def name_collisions(products: list[tuple[str, str, str]]) -> list[str]:
    """One line for each output name that two products (kind, slug, file) would both make."""
    made: dict[str, str] = {}
    problems = []
    for kind, slug, path in products:
        for planned in planned_paths(kind, slug):
            other = made.setdefault(planned, path)
            if other != path:
                problems.append(f"{path}: would make {planned}, which {other} makes too; rename one of them")
                break
    return problems
