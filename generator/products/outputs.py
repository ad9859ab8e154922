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

from generator.products.platforms import CARDS, SAFE_AREAS, SHEET_ROWS
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
    (PDF/X-4, CMYK, bleed); each screen PDF gives the site a preview. The A4 page must be one
    page and the tri-fold two faces: content that does not fit fails the build."""
    pages = []
    for layout, template, name, sheets in (("", "leaflet.html.j2", "A4", 1), (TRIFOLD, "leaflet-trifold.html.j2",
                                                                               "三折页", 2)):
        stem = f"leaflets/{slug}{layout}"
        preview: tuple[Derivative, ...] = (Preview(f"{SITE}/leaflets/{slug}{layout}.png"),)
        if sheets == 2:  # a tri-fold's inside face too
            preview += (Preview(f"{SITE}/leaflets/{slug}{layout}-inside.png", page=1),)
        screen = PdfFile(f"{stem}.pdf", label=f"{name} 屏幕版 PDF")
        printed = PdfFile(f"{stem}-print.pdf", label=f"{name} 印刷版 PDF（PDF/X，CMYK，含出血）")
        pages.append(PagePlan(f"{stem}.html", template, "screen", True,
                              PdfPlan(tagged=True, files=(screen, *preview), pages=sheets)))
        pages.append(PagePlan(f"{stem}-print.html", template, "print", False,
                              PdfPlan(tagged=False, files=(printed,), pages=sheets, press=True)))
    return tuple(pages)


PRINT_FORMATS = {
    "leaflet.html.j2": ("A4 单页，纵向", "成品尺寸 210 × 297 mm（ISO A4）；文件尺寸 216 × 303 mm（四边各出血 3 mm）",
                        "单面印刷；文字距裁切线至少 5 mm。"),
    "leaflet-trifold.html.j2": ("A4 三折页（关门折/包心折，两面）", "成品展开尺寸 297 × 210 mm，折后 100 × 210 mm；"
                                "文件尺寸 303 × 216 mm（四边各出血 3 mm）",
                                "第 1 页为外面：从左到右 内折页 97 mm | 封底 100 mm | 封面 100 mm；第 2 页为里面："
                                "100 mm | 100 mm | 内折页 97 mm（内折页窄 3 mm，折叠后可收进去）；"
                                "双面印刷，沿短边翻转；文字距折线和裁切线至少 5 mm。"),
}
"""What a print shop needs to know of each print layout: format, finished size, folds."""


def print_notes(plan: PagePlan, env) -> dict[str, str]:
    """印刷说明.txt beside a print PDF: finished size, bleed, folds and panels, colour profile."""
    if plan.pdf is None or not plan.pdf.press or plan.template not in PRINT_FORMATS:
        return {}
    from pathlib import Path

    from generator.rendering.design import output_profile

    pdf = next(file.path for file in plan.pdf.files if isinstance(file, PdfFile))
    searchpath = getattr(env.loader, "searchpath", ["templates"])
    profile = output_profile(Path(searchpath[0]))
    name, size, folds = PRINT_FORMATS[plan.template]
    text = "\n".join([
        f"印刷说明：{pdf.rsplit('/', 1)[-1]}",
        "",
        f"版式：{name}",
        f"尺寸：{size}；PDF 中 TrimBox 为成品尺寸，BleedBox 含出血。",
        f"折页与版面：{folds}",
        f"颜色：CMYK 四色，PDF/X-4 文件，输出意图（色彩特性文件）{profile.name}；黑色文字为单色黑 K100。",
        "如贵厂需用其他色彩特性文件，请把文件交给制作单位，由其重新生成本文件"
        "（制作单位：放在 templates/print/output-intent.icc 后重新运行 fanzha build）。",
        "字体：已全部嵌入（思源黑体 Noto Sans CJK SC 子集，SIL OFL 许可），无需转曲。",
        "文件中不含裁切线和套准线，请按 TrimBox 裁切。",
        "纸张：按委印单约定（常用 157 g 铜版纸）。",
        "",
    ])
    return {pdf.removesuffix(".pdf") + "-印刷说明.txt": text}


def briefing_pages(slug: str) -> tuple[PagePlan, ...]:
    """A briefing: its page and a tagged PDF (printed on office paper: no bleed), with a preview."""
    files = (PdfFile(f"briefings/{slug}.pdf", label="PDF"), Preview(f"{SITE}/briefings/{slug}.png"))
    return (PagePlan(f"briefings/{slug}.html", "briefing.html.j2", "screen", True, PdfPlan(True, files)),)


def post_pages(slug: str) -> tuple[PagePlan, ...]:
    """A post's share cards: one HTML page a card, rendered to one PDF page each, and each page
    to a PNG of exactly the card's size; the PDF and a contact sheet of all cards go beside them.
    A card whose content does not fit spills onto another page, which the page count catches."""
    folder = f"posts/{slug}"
    cards = tuple(PagePng(f"{folder}/cards/{name}.png", index, (width, height), safe=SAFE_AREAS[name])
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
