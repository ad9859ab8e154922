"""The whole build: cold, unchanged and one post changed on the shipped project, and how the
cost grows on generated projects of up to 1,000 sources and 200 products.

Run: `.venv/bin/python benchmarks/bench_build.py [--quick | --shipped]` (after `make build`
has installed things; --quick: only the two smallest generated sizes; --shipped: no generated
projects). Every build is `fanzha build` in a new process, timed by the wall clock, as a user
runs it. The generated projects (benchmarks/.data/, not committed) copy the five seed sources
under new names, register one figure per source, and cite them from posts (three in four
products) and leaflets (one in four); the site then has a page per source and per product.
A reference loop is timed before and after, because this machine's speed drifts.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
FANZHA = [sys.executable, "-m", "generator", "build", "--quiet"]
SIZES = ((125, 25), (250, 50), (500, 100), (1000, 200))


class _Plain(yaml.SafeDumper):
    """Writes a value used twice out twice: content files may not hold anchors and aliases."""

    def ignore_aliases(self, data):
        return True


def reference_loop() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def timed_build(project: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(FANZHA + ["--content", str(project / "content"), "--output", str(project / "output"), *extra],
                   check=True, cwd=ROOT)
    return time.perf_counter() - start


def copy_project(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "fanzha.toml", target / "fanzha.toml")
    return target


def _shape(project: Path) -> str:
    """What the project holds and makes, counted in its last build's output."""
    import json

    out, content = project / "output", project / "content"
    products = [p for kind in ("leaflets", "posts", "briefings") for p in (content / kind).glob("*.md")]
    renders = json.loads((out / ".fanzha-output").read_text(encoding="utf-8")).get("renders", {})
    return (f"{len(list((content / 'sources').iterdir()))} sources, {len(products)} products: {len(renders)} render "
            f"jobs, {len(list(out.glob('**/*.pdf')))} PDFs, {len(list(out.glob('posts/*/cards/*.png')))} cards, "
            f"{len(list((out / 'site').glob('**/*.html')))} site pages")


def shipped_project_figures() -> None:
    project = copy_project(DATA / "shipped")
    colds = []
    for _ in range(5):
        shutil.rmtree(project / "output", ignore_errors=True)
        colds.append(timed_build(project))
    unchanged = [timed_build(project) for _ in range(5)]
    post = project / "content/posts/funds-stopped-2021.md"
    original = post.read_text(encoding="utf-8")
    changed = []
    for i in range(3):
        opening = "opening: 发现被骗，越早报警越好。" if i % 2 else "opening: 发现被骗，报警越早越好。"
        post.write_text(original.replace("opening: 发现被骗，越早报警越好。", opening), encoding="utf-8")
        changed.append(timed_build(project))
    print(f"shipped project ({_shape(project)}):")
    runs = ", ".join(f"{t:.2f}" for t in colds)
    print(f"  cold build          median {statistics.median(colds):.2f} s  (runs: {runs})")
    print(f"  nothing changed     median {statistics.median(unchanged):.2f} s")
    print(f"  one post's card text changed  median {statistics.median(changed):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in changed)})")


def generated_project(sources: int, products: int) -> Path:
    """A project with `sources` copies of the seeds and `products` posts and leaflets."""
    project = copy_project(DATA / f"gen-{sources}")
    content = project / "content"
    seeds = yaml.safe_load((ROOT / "content/sources.yaml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((ROOT / "content/figures.yaml").read_text(encoding="utf-8"))
    first = {}
    for figure in figures:
        if "quote" in figure:
            first.setdefault(figure["source"], figure)
    usable = [seed for seed in seeds if seed["file"] in first]
    for kind in ("posts", "leaflets", "briefings"):
        shutil.rmtree(content / kind, ignore_errors=True)
        (content / kind).mkdir()
    index, registry = list(seeds), []  # the seeds stay: the guidance quotes them
    for i in range(sources - len(seeds)):
        seed = usable[i % len(usable)]
        name = f"{i:04d}_{seed['file'][4:]}"
        data = (ROOT / "content/sources" / seed["file"]).read_bytes()
        (content / "sources" / name).write_bytes(data)
        index.append({**seed, "file": name, "sha256": hashlib.sha256(data).hexdigest()})
        figure = {k: v for k, v in first[seed["file"]].items() if k in
                  ("quote", "surface", "label", "period", "actor", "metric")}
        registry.append({"id": f"figure-{i:04d}", "source": name, **figure})
    (content / "sources.yaml").write_text(yaml.dump(index, Dumper=_Plain, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    (content / "figures.yaml").write_text(yaml.dump(registry, Dumper=_Plain, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    for j in range(products):
        figure_id = f"figure-{j * len(registry) // products:04d}"
        if j % 4 == 3:
            (content / "leaflets" / f"leaflet-{j:04d}.md").write_text(
                f"---\ntitle: 防范电信网络诈骗\ndate: 2022-04-15\n---\n据公布的数字，[[fig:{figure_id}]]。\n",
                encoding="utf-8")
        else:
            (content / "posts" / f"post-{j:04d}.md").write_text(
                f"---\ntitle: 反诈提醒\nshort_title: 反诈提醒\ndate: 2022-04-15\n"
                f"figures: [{figure_id}]\nlead: 据公布的数字，[[fig:{figure_id}]]。\n"
                f"topics: [全民反诈]\n---\n请转给家人朋友。\n", encoding="utf-8")
    return project


def scaling_figures(sizes) -> None:
    print("generated projects, cold build (one run each):")
    print("| sources | products | PDF/card pages | wall s | s per source+product | vs smallest |")
    print("|---:|---:|---:|---:|---:|---:|")
    first = None
    for sources, products in sizes:
        project = generated_project(sources, products)
        seconds = timed_build(project)
        leaflets = sum(1 for j in range(products) if j % 4 == 3)
        pages = leaflets * 4 + (products - leaflets) + 1
        unit = seconds / (sources + products)
        first = first or unit
        print(f"| {sources:,} | {products} | {pages} | {seconds:.1f} | {unit:.4f} | {unit / first:.2f} |")
        shutil.rmtree(project)


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"reference loop: {reference_loop():.2f} s")
    shipped_project_figures()
    if "--shipped" not in sys.argv:
        scaling_figures(SIZES[:2] if quick else SIZES)
    print(f"reference loop: {reference_loop():.2f} s")


if __name__ == "__main__":
    main()
