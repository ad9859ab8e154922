"""What a render worker is asked to make of one HTML page, and what it gives back.

A product plans its pages (products/outputs.py); a page that becomes a PDF carries a PdfPlan:
whether the PDF is tagged, and the files made from it. The build sends a RenderJob (the page
and its plan) to the render pool and gets a Rendered back: the bytes of every planned file
and the text of every PDF page, read back for the check. Nobody looks at file names to know
what a page is: the plan says it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Artifact


@dataclass(frozen=True)
class PdfFile:
    """The PDF itself, written to `path`."""

    path: str
    checked: bool = True
    """Its text (every page) is read back and checked; a post's cards.pdf is checked card by card instead."""
    label: str = ""
    """How the site offers it for download ("" when it does not)."""


@dataclass(frozen=True)
class PagePng:
    """One page as a PNG at one pixel per CSS px (a share card, the site's og:image)."""

    path: str
    page: int
    size: tuple[int, int]
    """The pixel size the page must come out at (width, height)."""
    checked: bool = True
    """The text of its PDF page is checked as this file's text."""
    safe: tuple[int, int, int, int] | None = None
    """Where text may stand (left, top, right, bottom in px), or None for anywhere: a share card
    keeps its text off the parts a platform covers (Douyin's buttons and caption)."""


@dataclass(frozen=True)
class Preview:
    """A page at 72 dpi as a PNG: a product's preview on the site (not checked: its PDF is)."""

    path: str
    checked: bool = False
    page: int = 0
    """Which page (0: the first; a tri-fold's inside face is page 1)."""


@dataclass(frozen=True)
class ContactSheet:
    """Every page side by side on one PNG, each scaled to `height` pixels and labelled."""

    path: str
    rows: tuple[tuple[int, ...], ...]
    """Page indexes, row by row."""
    labels: tuple[str, ...]
    """One label a page."""
    heights: tuple[int, ...]
    """Each page's height in CSS px (to scale it to the sheet's height exactly)."""
    height: int = 480
    checked: bool = False


Derivative = PdfFile | PagePng | Preview | ContactSheet
"""A file made from a rendered PDF."""


@dataclass(frozen=True)
class PdfPlan:
    """How a page becomes a PDF, and the files made of it."""

    tagged: bool
    """A tagged PDF/UA-1 file (screen PDFs, read by assistive tools); print files and images are not."""
    files: tuple[Derivative, ...]
    pages: int | None = None
    """The exact number of pages the PDF must have (one a card, one for an A4 leaflet, two faces
    for a tri-fold), or None for any number: content that does not fit fails the build."""
    max_pages: int | None = None
    """The most pages the document may have (the limit of its kind of product), or None for no limit."""
    press: bool = False
    """A print file for the press: PDF/X-4 with the CMYK output intent (the page's colours are
    authored in device-cmyk), made byte-identical from run to run."""

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file the plan makes."""
        return tuple(file.path for file in self.files)


@dataclass(frozen=True)
class RenderJob:
    """One page to render in a worker: its HTML (with what it came from) and its plan."""

    page: Artifact
    plan: PdfPlan
    shared: bool = False
    """Other editions of the build print this page too, with their own unit blocks: the worker
    keeps its layout for them, and the pool sends them all to the same worker (rendering/frames.py)."""

    @property
    def name(self) -> str:
        """How errors name the page: its content file, or its path for pages made of no file."""
        return self.page.content_path or self.page.path

    @property
    def output(self) -> str:
        """The file the render makes first (its PDF): which of a product's renders it is."""
        return self.plan.files[0].path if self.plan.files else self.page.path


@dataclass(frozen=True)
class Rendered:
    """What a worker made of a RenderJob."""

    files: dict[str, bytes]
    """The bytes of every file of the plan, by path."""
    texts: tuple[str, ...]
    """The text of each PDF page, read back as a reader's copy and paste would."""
    metadata: tuple[str, ...] = ()
    """The PDF's title, author, subject and keywords (readback.pdf_metadata)."""
    shared_layout: bool = False
    """Its unit blocks were set into a layout another edition's page made (rendering/frames.py)."""

    def checked(self, job: RenderJob) -> list[Artifact]:
        """The files the check reads, each with its text: a PDF's every page, a card its own page;
        each followed by the PDF's metadata, which readers see too."""
        out = []
        for file in job.plan.files:
            if not file.checked:
                continue
            pages = [self.texts[file.page]] if isinstance(file, PagePng) else list(self.texts)
            text = "\n".join(pages + list(self.metadata))
            out.append(Artifact(path=file.path, product=job.page.product, content_path=job.page.content_path,
                                template=job.page.template, figure_ids=job.page.figure_ids, text=text,
                                data=self.files[file.path], quotes=job.page.quotes, date=job.page.date))
        return out

    def others(self, job: RenderJob) -> dict[str, bytes]:
        """The files the check does not read (previews, contact sheets, a card set's PDF)."""
        return {file.path: self.files[file.path] for file in job.plan.files if not file.checked}
