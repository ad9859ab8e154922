"""PDF rendering with WeasyPrint, sealed: local files of the project only, fixed dates,
and no PDF with a missing glyph.

WeasyPrint's default fetcher reads any local file and any URL; ours serves only files under
the given project folders, follows no redirect, and stops the render on anything else.
WeasyPrint only logs a missing glyph (".notdef") and the PDF's text still extracts right,
so warnings are caught while rendering and turned into an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import weasyprint
from weasyprint.images import get_image_from_uri
from weasyprint.layout.background import layout_box_backgrounds
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from generator.errors import GeneratorError
from generator.rendering.design import output_profile
from generator.rendering.fonts import Face, cache_dir, compact_faces, font_face_css
from generator.rendering.frames import Frames, PageLayout, only_slots
from generator.rendering.justify import install as justify_chinese


class RenderError(GeneratorError):
    """A page could not be rendered safely (a refused resource, a missing glyph)."""


class OverLimit(RenderError):
    """A document went over a limit: one of [build] in fanzha.toml (time, memory, pages), or its
    fixed-size page, which its content does not fit. The build stops with exit status 1, like a
    finding of the check, naming the document."""

    exit_code = 1


class ProjectFetcher(weasyprint.URLFetcher):
    """Serves files under the project's folders and data: URLs; refuses everything else."""

    def __init__(self, roots: list[Path], files: tuple[Path, ...] = ()):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [Path(root).resolve() for root in roots]
        self.files = {Path(file).resolve() for file in files}
        """Single files outside the roots that may be read: a print file's ICC output profile."""
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlparse(url).path)).resolve()
            if path.is_file() and (path in self.files or any(root in path.parents for root in self.roots)):
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


class PdfRenderer:
    """Renders HTML to PDF with one WeasyPrint font configuration and the compact fonts.

    Made once a process (not once a page: a new configuration reloads fontconfig and every
    font) and never shared across a fork: each render worker makes its own. The PDFs are
    byte-identical to those made with a fresh configuration each (tested)."""

    def __init__(self, roots: list[Path], faces: tuple[Face, ...]):
        justify_chinese()  # text-align: justify spreads a line between Han characters too
        self.roots = roots
        self.faces = faces
        self._setup: tuple | None = None
        self.frames = Frames()
        self._sheets: dict[tuple[str, str], weasyprint.CSS] = {}
        """Pages kept laid out for the other editions that print them (rendering/frames.py)."""

    def font_setup(self) -> tuple:
        """The WeasyPrint font configuration and @font-face stylesheet this renderer sets pages with."""
        if self._setup is None:
            from weasyprint.text.fonts import FontConfiguration

            config = FontConfiguration()
            css = weasyprint.CSS(string=font_face_css(self.faces), font_config=config,
                                 url_fetcher=ProjectFetcher([cache_dir()]))
            self._setup = config, css
        return self._setup

    def render(self, html: str, *, base_dir: Path, name: str, tagged: bool = False, press: bool = False,
               max_pages: int | None = None, shared: bool = False) -> bytes:
        """The PDF of `html`; RenderError names `name` when a resource is refused, a glyph missing,
        or the document has more than `max_pages` pages (counted after layout, before the PDF is written).

        `tagged` makes a PDF/UA-1 file (structure tags, title, language): measured with Noto CJK
        it costs nothing noticeable and stays byte-identical from run to run. `press` makes a
        PDF/X-4 file with the CMYK output intent of the page's @color-profile (the print
        profile, the one file outside the project a render may read; design.output_profile).
        The page's CSS can name the compact fonts "Fanzha Sans" and "Fanzha Serif"
        (generator/rendering/fonts.py). `shared`: other editions print this page with their own
        unit blocks; its layout is kept for them, or a kept one is used (rendering/frames.py).
        """
        profile = (output_profile(base_dir).path,) if press else ()
        fetcher = ProjectFetcher(self.roots, profile)
        watch = _GlyphWatch()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(watch)
        try:
            font_config, font_faces = self.font_setup()
            variant = "pdf/x-4" if press else "pdf/ua-1" if tagged else None
            options = {**weasyprint.DEFAULT_OPTIONS, "pdf_variant": variant, "stylesheets": [font_faces]}
            base_url = str(Path(base_dir).resolve()) + "/"

            def parse(text: str) -> weasyprint.HTML:
                return weasyprint.HTML(string=text, base_url=base_url, url_fetcher=fetcher)

            def whole(page: weasyprint.HTML):
                return page.render(font_config, **options)  # what HTML.write_pdf does, in two steps

            def alone(page: weasyprint.HTML):
                return self._lay_out_alone(page, whole, options, base_url, fetcher)

            def place_backgrounds(page_box, box) -> None:
                images = functools.partial(get_image_from_uri, cache={}, url_fetcher=fetcher, options=options)
                layout_box_backgrounds(page_box, box, images)

            layout = PageLayout(parse, whole, alone, place_backgrounds, f"{variant} {base_url}")
            laying_out = (self.frames.laid_out(html, layout) if shared
                          else contextlib.nullcontext(whole(parse(html))))
            with laying_out as laid_out:
                if max_pages is not None and len(laid_out.pages) > max_pages:
                    raise OverLimit(f"{name}: {len(laid_out.pages)} pages, more than the {max_pages} this kind of "
                                      f"product may have ([build] max_pages in fanzha.toml); shorten it")
                pdf = laid_out.write_pdf(finisher=fixed_document_id if press else None,
                                         **{key: options[key] for key in weasyprint.DEFAULT_OPTIONS})
        except FatalURLFetchingError:
            raise RenderError(f"{name}: {fetcher.refused[-1] if fetcher.refused else 'a resource'} was refused: "
                              f"a render reads only the project's own files") from None
        finally:
            logger.removeHandler(watch)
        if watch.missing:
            raise RenderError(f"{name}: no installed font has a glyph the page needs ({watch.missing[0]}); "
                              f"install fonts-noto-cjk (make build does)")
        return pdf


    def _lay_out_alone(self, page, whole, options: dict, base_url: str, fetcher: ProjectFetcher):
        """A page's unit blocks laid out without the rest of it (frames.only_slots). Its one
        <style> is parsed once a worker and given as a stylesheet of the render: the same sheet
        on every edition's page, and parsing it was half of such a layout. A page whose style
        attributes say !important is laid out with its own <style> instead: given as a user's
        sheet, the <style>'s !important would win over theirs, as on the page it does not."""
        root = page.etree_element
        head = root.find("head")
        styles = head.findall("style") if head is not None else []
        if len(styles) != 1 or any("important" in element.get("style", "") for element in root.iter()
                                   if isinstance(element.tag, str)):
            return whole(only_slots(page))
        text = styles[0].text or ""
        font_config, font_faces = self.font_setup()
        sheet = self._sheets.get((text, base_url))
        if sheet is None:
            sheet = weasyprint.CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
            if len(self._sheets) >= SHEETS_KEPT:
                self._sheets.pop(next(iter(self._sheets)))
            self._sheets[(text, base_url)] = sheet
        head.remove(styles[0])
        return only_slots(page).render(font_config, **{**options, "stylesheets": [font_faces, sheet]})


SHEETS_KEPT = 64
"""Page stylesheets a worker keeps parsed (one per template and variant; a post's cards have
their own page sizes)."""


def render_pdf(html: str, *, base_dir: Path, roots: list[Path], name: str, tagged: bool = False,
               press: bool = False) -> bytes:
    """One PDF with a renderer of its own (tests, benchmarks); a build keeps one PdfRenderer a worker."""
    return PdfRenderer(roots, compact_faces()).render(html, base_dir=base_dir, name=name, tagged=tagged, press=press)


_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def fixed_document_id(document, pdf) -> None:
    """WeasyPrint's PDF/X-4 metadata names the document with a random UUID (its dates come from
    the page's dcterms.created/modified, which products set from their date). Replace it by one
    made from the PDF's own objects, so that the same page gives the same file every time."""
    content = hashlib.sha256()
    metadata = None
    for obj in pdf.objects:
        stream = getattr(obj, "stream", None)
        if not stream:
            continue
        parts = [part if isinstance(part, bytes) else str(part).encode() for part in stream]
        if any(_DOCUMENT_ID.search(part) for part in parts):
            metadata = (obj, parts)
        else:
            for part in parts:
                content.update(part)
    if metadata is None:
        return
    obj, parts = metadata
    digest = content.hexdigest()
    fixed = f"xmp.did:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}".encode()
    obj.stream = [_DOCUMENT_ID.sub(fixed, part) for part in parts]


def subsetter_available() -> bool:
    """True when HarfBuzz's subsetter is installed: without it WeasyPrint falls back to
    fontTools and a page with Noto CJK takes about 10 s instead of 0.2 s."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None
