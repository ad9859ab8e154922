"""The benchmarks still run against the current code (they time nothing here): each one's
set-up, which is where a change to the code breaks them, runs on the shipped content."""

import importlib.util
import sys
from pathlib import Path

import pytest

from generator.build import build

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name):
    """A benchmark script as a module; its folder on the path, as when it runs (they share helpers)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_render_finds_every_leaflet_and_briefing_page():
    rendered, *_ = load("bench_render").pages()
    assert len(rendered) == 11  # 5 leaflets × (A4, tri-fold) and the briefing
    assert all(page.text.startswith("<!DOCTYPE html>") for _, _, page in rendered)


def test_bench_cards_finds_every_posts_cards():
    jobs = load("bench_cards").card_jobs()
    assert len(jobs) == 13 and all(job.page.path.endswith("/cards.html") for job in jobs)


def test_bench_build_generates_a_project_that_builds(tmp_path, monkeypatch):
    bench = load("bench_build")
    monkeypatch.setattr(bench, "DATA", tmp_path)
    project = bench.generated_project(16, 4)  # the 11 shipped sources (the guidance quotes them all) and 5 copies
    result = build(project / "content", project / "output")
    assert result.sources == 16
    assert len(list((project / "output/posts").iterdir())) == 3  # three posts in four products
    assert len(list((project / "output/leaflets").glob("*.pdf"))) == 4  # one leaflet: 4 PDFs


@pytest.mark.parametrize("name", ["bench_extract", "bench_build", "bench_render", "bench_cards", "bench_scale"])
def test_every_benchmark_has_a_main(name):
    assert callable(load(name).main)


def test_bench_scale_makes_projects_that_build(tmp_path, monkeypatch):
    """Its generated sources are listed with their sha256, and its registry loads."""
    bench = load("bench_scale")
    monkeypatch.setattr(bench, "DATA", tmp_path)
    project = bench.with_source("numbers", bench.numbers(20_000))
    shipped = len(list((bench.ROOT / "content/sources").iterdir()))
    assert build(project / "content", project / "output").sources == shipped + 1
    project = bench.with_registry("registry", 100)
    assert build(project / "content", project / "output").figures == 100
