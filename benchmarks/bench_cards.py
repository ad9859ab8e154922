"""Share cards: time per card and for all cards of all posts.

Run: `.venv/bin/python benchmarks/bench_cards.py` (after `make build` has installed things).

Per post, the six cards are one HTML document rendered by WeasyPrint to one PDF and then
rasterised by pdfium into six PNGs plus the contact sheet. Measured in one warm process
(median of RUNS for each post): the PDF, the PNGs and contact sheet, and the whole job;
time per card is the job divided by six. Then all posts at once through the build's pool of
two render workers (wall time, median of RUNS), which is what `fanzha build` does.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import _registry  # noqa: E402
from generator.products.content import read_products  # noqa: E402
from generator.figures.guidance import load_guidance  # noqa: E402
from generator.sources.index import read_sources  # noqa: E402
from generator.rendering.pdf import render_pdf, render_pdfs  # noqa: E402
from generator.products.posts import CARDS, card_images, post_artifacts  # noqa: E402
from generator.extraction.records import extract_records  # noqa: E402
from generator.rendering.templates import make_environment  # noqa: E402

RUNS = 5
CONTENT, TEMPLATES = ROOT / "content", ROOT / "templates"


def card_pages():
    docs = read_sources(CONTENT)
    registry = _registry(CONTENT, docs, {doc.name: extract_records(doc) for doc in docs})
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    env = make_environment(TEMPLATES)
    return [post_artifacts(env, product, registry, guidance).cards
            for product in read_products(CONTENT, set(registry.figures)) if product.kind == "post"]


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    pages = card_pages()
    roots = [TEMPLATES, CONTENT]
    render_pdf(pages[0].text, base_dir=TEMPLATES, roots=roots, name="warm-up")
    pdf_times, image_times = [], []
    for page in pages:
        runs = []
        for _ in range(RUNS):
            pdf_time, pdf = timed(lambda: render_pdf(page.text, base_dir=TEMPLATES, roots=roots, name=page.path))
            image_time, (pngs, _) = timed(lambda: card_images(pdf))
            runs.append((pdf_time, image_time))
        pdf_times.append(statistics.median(r[0] for r in runs))
        image_times.append(statistics.median(r[1] for r in runs))
    per_post = [p + i for p, i in zip(pdf_times, image_times)]
    cards = len(CARDS)
    print(f"{len(pages)} posts × {cards} cards, one warm process, median of {RUNS} per post:")
    print(f"  PDF of a post's cards      {statistics.median(pdf_times):.3f} s")
    print(f"  PNGs + contact sheet       {statistics.median(image_times):.3f} s")
    print(f"  whole job per post         {statistics.median(per_post):.3f} s "
          f"(min {min(per_post):.3f}, max {max(per_post):.3f})")
    print(f"  per card                   {statistics.median(per_post) / cards:.3f} s")
    jobs = [(page.text, TEMPLATES, roots, page.path, False, card_images) for page in pages]
    walls = []
    for _ in range(RUNS):
        wall, results = timed(lambda: render_pdfs(jobs))
        assert all(result[0] == "ok" for result in results)
        walls.append(wall)
    total = statistics.median(walls)
    print(f"all {len(pages) * cards} cards through the build's 2 render workers: {total:.2f} s wall "
          f"(median of {RUNS}; includes starting the workers) = {total / (len(pages) * cards):.3f} s per card")


if __name__ == "__main__":
    main()
