"""rendering/pool.py: typed jobs in, typed results out; a failure names its page; a worker that
dies or overruns is replaced and the others go on."""

import os
import time

import pytest

from generator.errors import GeneratorError
from generator.model import Artifact
from generator.rendering import pool as pool_module
from generator.rendering.fonts import compact_faces
from generator.rendering.jobs import PdfFile, PdfPlan, Preview, Rendered, RenderJob
from generator.rendering.pdf import OverLimit
from generator.rendering.pool import RenderPool, WorkerSetup

PAGE = '<html lang="zh-CN"><body style="font-family: \'Fanzha Sans\'"><p>{}</p></body></html>'


def job(name: str, text: str = "接到96110来电务必接听", max_pages: int | None = None) -> RenderJob:
    page = Artifact(path=f"leaflets/{name}.html", product=name, content_path=f"content/leaflets/{name}.md",
                    template="leaflet.html.j2", figure_ids=(), text=PAGE.format(text))
    plan = PdfPlan(tagged=True, files=(PdfFile(f"leaflets/{name}.pdf"), Preview(f"site/leaflets/{name}.png")),
                   max_pages=max_pages)
    return RenderJob(page, plan)


@pytest.fixture(name="setup")
def fixture_setup(tmp_path):
    return WorkerSetup((tmp_path,), compact_faces(), tmp_path)


def test_a_job_gives_every_planned_file_and_the_text_of_each_page(setup):
    with RenderPool(setup) as pool:
        rendered = pool.submit(job("a")).result(timeout=60)
    assert isinstance(rendered, Rendered)
    assert set(rendered.files) == {"leaflets/a.pdf", "site/leaflets/a.png"}
    assert rendered.files["leaflets/a.pdf"].startswith(b"%PDF") and rendered.files["site/leaflets/a.png"][1:4] == b"PNG"
    assert "接到96110来电务必接听" in rendered.texts[0]
    (checked,) = rendered.checked(job("a"))
    assert checked.path == "leaflets/a.pdf" and checked.product == "a" and "96110" in checked.text


def test_a_failure_in_the_worker_is_raised_with_the_page_name(setup):
    bad = job("remote", '<img src="https://example.org/logo.png">')
    with RenderPool(setup) as pool, pytest.raises(GeneratorError, match=r"content/leaflets/remote\.md: "
                                                                         r"leaflets/remote\.html: .*was refused"):
        pool.submit(bad).result(timeout=60)


def test_a_worker_that_dies_is_replaced_and_its_job_fails_by_name(setup, monkeypatch):
    real = pool_module.run_job

    def dying(renderer, job, base_dir):
        if job.page.product == "crash":
            os._exit(3)  # as a segfault or the kernel's OOM killer would end it
        return real(renderer, job, base_dir)

    monkeypatch.setattr(pool_module, "run_job", dying)  # the workers are forked with it
    with RenderPool(setup, workers=1) as pool:
        crashed, after = pool.submit(job("crash")), pool.submit(job("after"))
        with pytest.raises(GeneratorError, match=r"content/leaflets/crash\.md: the render of leaflets/crash\.pdf stopped its worker \(exit code 3\)"):
            crashed.result(timeout=60)
        assert "leaflets/after.pdf" in after.result(timeout=60).files


def test_a_render_over_the_time_limit_fails_and_the_pool_goes_on(setup, monkeypatch):
    real = pool_module.run_job

    def slow(renderer, job, base_dir):
        if job.page.product == "slow":
            time.sleep(60)
        return real(renderer, job, base_dir)

    monkeypatch.setattr(pool_module, "run_job", slow)
    with RenderPool(setup, workers=1, time_limit=1) as pool:
        started = time.monotonic()
        stuck, after = pool.submit(job("slow")), pool.submit(job("after"))
        with pytest.raises(OverLimit, match=r"content/leaflets/slow\.md: the render of leaflets/slow\.pdf took longer than the 1 s it may"):
            stuck.result(timeout=30)
        assert "leaflets/after.pdf" in after.result(timeout=60).files
        assert time.monotonic() - started < 20


def test_no_worker_is_left_behind(setup):
    import multiprocessing

    with RenderPool(setup) as pool:
        pool.submit(job("a")).result(timeout=60)
    assert multiprocessing.active_children() == []


def test_no_temporary_file_is_left_behind(setup, tmp_path, monkeypatch):
    """WeasyPrint copies the fonts a page uses into a temporary folder that it removes only when
    its process ends normally, which a worker does not: every build left about 14 MB a worker in
    /tmp (70 GB on this machine before it was found). The pool gives its workers a folder of
    its own and removes it, whether the workers were told to leave or killed."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with RenderPool(setup, workers=2) as pool:
        pool.submit(job("a")).result(timeout=60)
        pool.submit(job("b")).result(timeout=60)
        assert [p.name[:14] for p in temporary.iterdir()] == ["fanzha-render-"]
    assert list(temporary.iterdir()) == []
    (temporary / "fanzha-render-999999999-abc").mkdir()  # a killed build's (no such process)
    (temporary / f"fanzha-render-{os.getppid()}-abc").mkdir()  # a running build's
    with RenderPool(setup, workers=1) as pool:
        pool.submit(job("a")).result(timeout=60)
    assert [p.name for p in temporary.iterdir()] == [f"fanzha-render-{os.getppid()}-abc"]
    (temporary / f"fanzha-render-{os.getppid()}-abc").rmdir()
    with pytest.raises(RuntimeError), RenderPool(setup, workers=1) as pool:  # a build that fails: killed
        pool.submit(job("c")).result(timeout=60)
        raise RuntimeError("the build failed")
    assert list(temporary.iterdir()) == []


def test_a_document_over_its_page_limit_fails_by_name_and_the_others_render(setup):
    """A 5,000-row table is no longer a 136-page "leaflet" made without a word."""
    rows = "".join("<tr><td>陌生来电</td><td>不轻信</td></tr>" for _ in range(400))
    with RenderPool(setup, workers=1) as pool:
        long, after = pool.submit(job("long", f"<table>{rows}</table>", max_pages=2)), pool.submit(job("after"))
        with pytest.raises(OverLimit, match=r"content/leaflets/long\.md: leaflets/long\.html: \d+ pages, more than "
                                            r"the 2 this kind of product may have \(\[build\] max_pages"):
            long.result(timeout=60)
        assert "leaflets/after.pdf" in after.result(timeout=60).files


def test_a_render_over_the_memory_limit_fails_by_name_and_the_pool_goes_on(setup, monkeypatch):
    """A render over render_memory fails by name (exit 1 in a build) and a fresh worker goes on."""
    real = pool_module.run_job

    def greedy(renderer, job, base_dir):
        if job.page.product == "greedy":
            hoard = [bytearray(2**20) for _ in range(400)]  # 400 MiB, over a 100 MiB limit
            del hoard
        return real(renderer, job, base_dir)

    monkeypatch.setattr(pool_module, "run_job", greedy)
    with RenderPool(setup, workers=1, memory_limit=100) as pool:
        greedy_job, after = pool.submit(job("greedy")), pool.submit(job("after"))
        with pytest.raises(OverLimit, match=r"content/leaflets/greedy\.md: the render of leaflets/greedy\.pdf needed more than the 100 MiB "
                                            r"of memory it may use \(\[build\] render_memory"):
            greedy_job.result(timeout=60)
        assert "leaflets/after.pdf" in after.result(timeout=60).files


def test_a_worker_leaves_when_the_build_is_killed(setup, tmp_path):
    """The kernel ends a worker with its build (PR_SET_PDEATHSIG), even one in the middle of a render."""
    import signal
    import subprocess
    import sys

    script = (
        "import sys, time\nsys.path.insert(0, 'tests')\n"
        "from pathlib import Path\nfrom generator.rendering.fonts import compact_faces\n"
        "from generator.rendering import pool as p\n"
        "p.run_job = lambda renderer, job, base_dir: time.sleep(600)\n"
        "from test_pool import job\n"
        f"pool = p.RenderPool(p.WorkerSetup((Path({str(tmp_path)!r}),), compact_faces(), Path({str(tmp_path)!r})))\n"
        "pool.submit(job('a')); pool.submit(job('b'))\n"
        "time.sleep(1.5)\nprint(' '.join(str(w.process.pid) for w in pool._workers), flush=True)\n"
        "time.sleep(600)\n")
    from conftest import ROOT

    build = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert len(workers) == 2 and all(os.path.exists(f"/proc/{pid}") for pid in workers)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)


def test_a_pool_that_stops_fails_every_job_it_holds(setup, monkeypatch):
    """Never wait for a result that cannot come: a broken dispatcher fails the waiting jobs by name."""
    with RenderPool(setup, workers=1) as pool:
        monkeypatch.setattr(pool, "_watch", lambda: (_ for _ in ()).throw(RuntimeError("broken")))
        waiting = pool.submit(job("a"))
        with pytest.raises(GeneratorError, match=r"content/leaflets/a\.md: the render pool stopped \(RuntimeError"):
            waiting.result(timeout=30)


def test_one_worker_a_cpu_the_build_may_use_unless_told(monkeypatch):
    """By default a worker for each CPU of the process's affinity (a container or taskset narrows
    it), at most MAX_WORKERS; a number asked for is kept within those CPUs."""
    from generator.rendering import pool

    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _: set(range(2)))
    assert (pool.worker_count(), pool.worker_count(1), pool.worker_count(5)) == (2, 1, 2)
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _: set(range(32)))
    assert (pool.worker_count(), pool.worker_count(12)) == (pool.MAX_WORKERS, 12)
