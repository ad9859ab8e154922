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

from generator.extraction.records import extract_records  # noqa: E402
from generator.figures.guidance_reader import load_guidance  # noqa: E402
from generator.figures.registry import project_registry  # noqa: E402
from generator.products.content import read_products  # noqa: E402
from generator.products.platforms import CARDS  # noqa: E402
from generator.products.posts import post_artifacts  # noqa: E402
from generator.rendering.fonts import compact_faces  # noqa: E402
from generator.rendering.pdf import PdfRenderer  # noqa: E402
from generator.rendering.pool import RenderPool, WorkerSetup, derive  # noqa: E402
from generator.rendering.templates import make_environment  # noqa: E402
from generator.sources.index import read_sources  # noqa: E402

RUNS = 5
CONTENT, TEMPLATES = ROOT / "content", ROOT / "templates"


def card_jobs():
    """Every post's cards as the build renders them: one RenderJob a post."""
    docs = read_sources(CONTENT)
    registry = project_registry(CONTENT, docs, {doc.name: extract_records(doc) for doc in docs})
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    env = make_environment(TEMPLATES)
    return [post_artifacts(env, product, registry, guidance).cards
            for product in read_products(CONTENT, set(registry.figures)) if product.kind == "post"]


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    jobs = card_jobs()
    faces = compact_faces()
    roots = [TEMPLATES, CONTENT]
    renderer = PdfRenderer(roots, faces)
    renderer.render(jobs[0].page.text, base_dir=TEMPLATES, name="warm-up")
    pdf_times, image_times = [], []
    for job in jobs:
        runs = []
        for _ in range(RUNS):
            pdf_time, pdf = timed(lambda job=job: renderer.render(job.page.text, base_dir=TEMPLATES, name=job.name))
            image_time, _ = timed(lambda job=job, pdf=pdf: derive(pdf, job))
            runs.append((pdf_time, image_time))
        pdf_times.append(statistics.median(r[0] for r in runs))
        image_times.append(statistics.median(r[1] for r in runs))
    per_post = [p + i for p, i in zip(pdf_times, image_times, strict=True)]
    cards = len(CARDS)
    print(f"{len(jobs)} posts × {cards} cards, one warm process, median of {RUNS} per post:")
    print(f"  PDF of a post's cards      {statistics.median(pdf_times):.3f} s")
    print(f"  PNGs + contact sheet       {statistics.median(image_times):.3f} s")
    print(f"  whole job per post         {statistics.median(per_post):.3f} s "
          f"(min {min(per_post):.3f}, max {max(per_post):.3f})")
    print(f"  per card                   {statistics.median(per_post) / cards:.3f} s")
    walls = []
    for _ in range(RUNS):
        def all_posts():
            with RenderPool(WorkerSetup(tuple(roots), faces, TEMPLATES)) as pool:
                return [future.result() for future in [pool.submit(job) for job in jobs]]

        wall, results = timed(all_posts)
        assert len(results) == len(jobs)
        walls.append(wall)
    total = statistics.median(walls)
    print(f"all {len(jobs) * cards} cards through the build's 2 render workers: {total:.2f} s wall "
          f"(median of {RUNS}; includes starting the workers) = {total / (len(jobs) * cards):.3f} s per card")


if __name__ == "__main__":
    main()
