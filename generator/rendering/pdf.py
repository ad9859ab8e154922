"""PDF rendering with WeasyPrint, sealed: local files of the project only, fixed dates,
and no PDF with a missing glyph.

WeasyPrint's default fetcher reads any local file and any URL; ours serves only files under
the given project folders, follows no redirect, and stops the render on anything else.
WeasyPrint only logs a missing glyph (".notdef") and the PDF's text still extracts right,
so warnings are caught while rendering and turned into an error.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from generator.errors import GeneratorError
from generator.rendering.fonts import cache_dir, compact_faces, font_face_css


class RenderError(GeneratorError):
    """A page could not be rendered safely (a refused resource, a missing glyph)."""


class ProjectFetcher(weasyprint.URLFetcher):
    """Serves files under the project's folders and data: URLs; refuses everything else."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlparse(url).path)).resolve()
            if path.is_file() and any(root in path.parents for root in self.roots):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
        self.refused.append(url)
        raise FatalURLFetchingError(f"refused to fetch {url}: a render reads only the project's own files")


class _GlyphWatch(logging.Handler):
    """Collects WeasyPrint's warnings about glyphs no font has."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if ".notdef" in message or "glyph" in message.lower():
            self.missing.append(message)


_FONTS: dict[int, tuple] = {}
"""Per process: one WeasyPrint font configuration with the compact fonts' @font-face rules."""


def _font_setup() -> tuple:
    """The font configuration and @font-face stylesheet this process renders with. Made once a
    process (not once a page: a new configuration reloads fontconfig and every font), and
    anew in a forked worker, which must not share the parent's. The PDFs are byte-identical
    to those made with a fresh configuration each (tested)."""
    pid = os.getpid()
    if pid not in _FONTS:
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        faces = weasyprint.CSS(string=font_face_css(), font_config=config,
                               url_fetcher=ProjectFetcher([cache_dir()]))
        _FONTS.clear()
        _FONTS[pid] = config, faces
    return _FONTS[pid]


def render_pdf(html: str, *, base_dir: Path, roots: list[Path], name: str, tagged: bool = False) -> bytes:
    """The PDF of `html`; RenderError names `name` when a resource is refused or a glyph missing.

    `tagged` makes a PDF/UA-1 file (structure tags, title, language): measured with Noto CJK
    it costs nothing noticeable and stays byte-identical from run to run. The page's CSS can
    name the compact fonts "Fanzha Sans" and "Fanzha Serif" (generator/fonts.py).
    """
    fetcher = ProjectFetcher(roots)
    watch = _GlyphWatch()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watch)
    try:
        font_config, font_faces = _font_setup()
        document = weasyprint.HTML(string=html, base_url=str(Path(base_dir).resolve()) + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant="pdf/ua-1" if tagged else None, stylesheets=[font_faces],
                                 font_config=font_config)
    except FatalURLFetchingError:
        raise RenderError(f"{name}: {fetcher.refused[-1] if fetcher.refused else 'a resource'} was refused: "
                          f"a render reads only the project's own files") from None
    finally:
        logger.removeHandler(watch)
    if watch.missing:
        raise RenderError(f"{name}: no installed font has a glyph the page needs ({watch.missing[0]}); "
                          f"install fonts-noto-cjk (make build does)")
    return pdf


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


def subsetter_available() -> bool:
    """True when HarfBuzz's subsetter is installed: without it WeasyPrint falls back to
    fontTools and a page with Noto CJK takes about 10 s instead of 0.2 s."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


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


PX_PER_PT = 4 / 3
"""A CSS px is 0.75 pt: rendering a page at 4/3 gives one image pixel per CSS px."""


def page_images(pdf: bytes, scales: list[float] | None = None) -> list:
    """Every page as a PIL image, at PX_PER_PT (one pixel per CSS px: a 1080px page → 1080
    pixels) or at the scale given for each page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index, page in enumerate(document):
            scale = scales[index] if scales and index < len(scales) else PX_PER_PT
            images.append(page.render(scale=scale).to_pil())
            page.close()
        return images
    finally:
        document.close()


def preview_png(pdf: bytes) -> bytes:
    """Page 1 at 72 dpi, as PNG (an A4 page: 595×842 pixels): a product's preview on the site."""
    return png_bytes(page_images(pdf, [1.0])[0])


def first_page_png(pdf: bytes) -> bytes:
    """Page 1 at one pixel per CSS px, as PNG (the site's og:image)."""
    return png_bytes(page_images(pdf)[0])


def png_bytes(image) -> bytes:
    """A PIL image as an 8-bit RGB PNG, every row unfiltered, deflated at level 3.

    Written here rather than by Pillow, which offers no choice of PNG filter: it tries all five
    on every row. On these flat cards and pages that took two thirds of the encoding time and
    gave larger files. Measured on one post's six cards: Pillow 157 ms and 757 KB, this 81 ms
    and 608 KB; a contact sheet 61 → 31 ms, a page preview 13 → 7 ms; Pillow reads the pixels
    back identical (tested). Deterministic: no time stamp, no other chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    image = image if image.mode == "RGB" else image.convert("RGB")
    width, height = image.size
    pixels, stride = image.tobytes(), width * 3
    rows = b"".join(b"\0" + pixels[start:start + stride] for start in range(0, len(pixels), stride))  # filter 0
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 3)) + chunk(b"IEND", b"")


def _render_job(job: tuple) -> tuple[str, bytes | str | tuple]:
    """One PDF in a worker process: ("ok", bytes, text of each page) or ("error", message). A
    job may name a module-level function to run on the PDF in the worker too (rasterising
    cards): then ("ok", (pdf, what it returned), texts). The worker reads the text back, so
    that the main process only checks it."""
    html, base_dir, roots, name, tagged, *after = job
    automatic = gc.isenabled()
    gc.disable()  # a render allocates heavily: automatic collections in it cost 5–7% of its time
    try:
        pdf = render_pdf(html, base_dir=base_dir, roots=roots, name=name, tagged=tagged)
        return "ok", (pdf, after[0](pdf)) if after and after[0] else pdf, pdf_page_texts(pdf)
    except GeneratorError as exc:
        return "error", exc.message
    finally:
        _collect_now_and_then()
        if automatic:
            gc.enable()


_JOBS_DONE = [0]
COLLECT_EVERY = 4
"""Long-lived workers collect garbage after every few renders: after each one kept peak memory
near one render's (418 → 148 MiB over 20 renders) but cost 35 ms a render, 1.2 s a build.
(Automatic collection is off during a render and on between them.)"""


def _collect_now_and_then() -> None:
    _JOBS_DONE[0] += 1
    if _JOBS_DONE[0] % COLLECT_EVERY == 0:
        gc.collect()


class RenderPool:
    """Renders jobs in a few long-lived forked worker processes as they are submitted, so the
    build can go on composing and checking while PDFs render. A new process per PDF would cost
    about 0.8 s of start-up and font loading; two workers use both cores. Use it in a with."""

    def __init__(self, workers: int = 2):
        self.workers = max(1, min(workers, os.cpu_count() or 1))
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, job: tuple):
        """Start rendering a job; a future whose result() is ("ok", …) or ("error", message)."""
        if self._executor is None:  # forked on first use: the workers share what is loaded
            compact_faces()  # made (or found) once, before the workers fork
            # what the workers inherit is never garbage: keep their collections off it (about
            # 70,000 objects, 34 ms a collection) and off the pages they share with the parent
            gc.freeze()
            self._executor = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context("fork"))
        return self._executor.submit(_render_job, job)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()


def render_pdfs(jobs: list[tuple], *, workers: int = 2, progress=None) -> list[tuple]:
    """Render (html, base_dir, roots, name, tagged[, after]) jobs, in order, in a RenderPool."""
    if len(jobs) < 3:
        results = map(_render_job, jobs)
        return list(progress(results, "rendering PDFs") if progress else results)
    with RenderPool(workers) as pool:
        futures = [pool.submit(job) for job in jobs]
        results = (future.result() for future in futures)
        return list(progress(results, "rendering PDFs") if progress else results)
