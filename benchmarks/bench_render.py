"""Rendering: time per leaflet and for the briefing, peak memory, PDF sizes, the pipeline's
own overhead against WeasyPrint's bare render of the same HTML, and headless Chromium's
print-to-pdf on the same HTML when Chromium is installed.

Run: `.venv/bin/python benchmarks/bench_render.py` (after `make build` has installed things).
Times are wall seconds, median of RUNS renders of each page in one warm process.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import weasyprint  # noqa: E402

from generator.checking.verify import verify_artifact  # noqa: E402
from generator.figures.guidance_reader import load_guidance  # noqa: E402
from generator.figures.registry import load_registry  # noqa: E402
from generator.products.content import read_products  # noqa: E402
from generator.products.outputs import PAGES  # noqa: E402
from generator.rendering.fonts import compact_faces  # noqa: E402
from generator.rendering.pdf import PdfRenderer, ProjectFetcher  # noqa: E402
from generator.rendering.readback import pdf_text  # noqa: E402
from generator.rendering.templates import make_environment, render_page  # noqa: E402
from generator.sources.index import read_sources  # noqa: E402

RUNS = 5
CONTENT, TEMPLATES = ROOT / "content", ROOT / "templates"
RENDERER = PdfRenderer([TEMPLATES, CONTENT], compact_faces())


def median(func) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pages():
    docs = read_sources(CONTENT)
    registry = load_registry(CONTENT / "figures.yaml", docs)
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    env = make_environment(TEMPLATES)
    out = []
    for product in read_products(CONTENT, set(registry.figures)):
        if product.kind == "post":
            continue  # a post's cards are one document of six pages: bench_cards.py times them
        for plan in PAGES[product.kind](product.slug):  # the screen pages: A4 and tri-fold, the briefing
            if plan.published:
                out.append((product, plan, render_page(env, product, registry, guidance, plan)))
    return out, registry, guidance, env


def bare(html: str) -> bytes:
    """WeasyPrint alone, with the same fonts as the pipeline (the compact cuts, one font
    configuration for the process): what the pipeline adds is the glyph watch, tagging, reading
    the text back and the check."""
    fetcher = ProjectFetcher([TEMPLATES, CONTENT])
    font_config, font_faces = RENDERER.font_setup()
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[font_faces], font_config=font_config)


def chromium_seconds(html: str) -> float | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={folder}/profile", f"--print-to-pdf={folder}/out.pdf",
                            "--no-pdf-header-footer", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def main() -> None:
    start = time.perf_counter()
    rendered, registry, guidance, env = pages()
    bare(rendered[0][2].text)  # warm-up: imports, fonts
    print(f"setup (read, register, render HTML, first PDF): {time.perf_counter() - start:.2f} s")
    print(f"{'page':<34} {'bare s':>7} {'ours s':>7} {'overhead':>9} {'KB':>6} {'chromium s':>11}")
    total_bare = total_ours = 0.0
    for product, plan, page in rendered:
        bare_s, pdf = median(lambda page=page: bare(page.text))

        def ours(product=product, plan=plan):
            product_page = render_page(env, product, registry, guidance, plan)
            data = RENDERER.render(product_page.text, base_dir=TEMPLATES, name=product_page.path, tagged=True)
            verify_artifact(product_page, registry, guidance, TEMPLATES)
            pdf_text(data)
            return data

        ours_s, _ = median(ours)
        total_bare, total_ours = total_bare + bare_s, total_ours + ours_s
        chromium = chromium_seconds(page.text) if "trifold" not in plan.template and product.slug in ("general-public",
                                                                                      "national-2020-2022") else None
        name = page.path.removesuffix(".html")
        print(f"{name:<34} {bare_s:7.3f} {ours_s:7.3f} {(ours_s - bare_s) / bare_s:9.1%} {len(pdf) // 1024:6d} "
              f"{'' if chromium is None else f'{chromium:11.2f}'}")
    overhead = (total_ours - total_bare) / total_bare
    print(f"all pages: bare {total_bare:.2f} s, ours {total_ours:.2f} s, overhead {overhead:.1%}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
