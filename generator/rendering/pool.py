"""The render pool: long-lived forked workers that turn RenderJobs into Rendered files.

A new process per PDF would cost about 0.8 s of start-up and font loading; two workers use
both cores, and the build goes on composing and checking while they render. Each worker owns
its PdfRenderer (one font configuration for all its renders) in its own main loop: no state
is kept in modules. A render that fails raises RenderError in the worker; the message, which
names the page, is raised again from the job's future in the build. A worker that dies or
overruns the time limit is replaced, and its job fails by name; workers leave when the build's
process is gone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError
from generator.rendering.fonts import Face
from generator.rendering.images import contact_sheet, page_images, png_bytes, png_size, preview_png
from generator.rendering.jobs import ContactSheet, PagePng, PdfFile, Preview, Rendered, RenderJob
from generator.rendering.pdf import PdfRenderer, RenderError
from generator.rendering.readback import pdf_page_texts

COLLECT_EVERY = 4
"""Long-lived workers collect garbage after every few renders: after each one kept peak memory
near one render's (418 → 148 MiB over 20 renders) but cost 35 ms a render, 1.2 s a build.
(Automatic collection is off during a render and on between them.)"""


def run_job(renderer: PdfRenderer, job: RenderJob, base_dir: Path) -> Rendered:
    """Render one job's PDF and make every file of its plan; RenderError names the page."""
    pdf = renderer.render(job.page.text, base_dir=base_dir, name=f"{job.name}: {job.page.path}",
                          tagged=job.plan.tagged)
    return derive(pdf, job)


def derive(pdf: bytes, job: RenderJob) -> Rendered:
    """Every file of the job's plan made from its PDF, and the text of each page read back."""
    texts = tuple(pdf_page_texts(pdf))
    if job.plan.pages is not None and len(texts) != job.plan.pages:
        raise RenderError(f"{job.name}: {len(texts)} card pages for {job.plan.pages} cards "
                          f"(a card's content does not fit and spilled onto another page)")
    files: dict[str, bytes] = {}
    pages = page_images(pdf) if any(isinstance(f, PagePng) for f in job.plan.files) else []
    for file in job.plan.files:
        if isinstance(file, PdfFile):
            files[file.path] = pdf
        elif isinstance(file, PagePng):
            files[file.path] = png_bytes(pages[file.page])
            if png_size(files[file.path]) != file.size:
                width, height = png_size(files[file.path])
                raise RenderError(f"{file.path}: {width}×{height} pixels, not {file.size[0]}×{file.size[1]}")
        elif isinstance(file, Preview):
            files[file.path] = preview_png(pdf)
        elif isinstance(file, ContactSheet):
            files[file.path] = contact_sheet(pdf, file.rows, file.labels, file.heights, file.height)
    return Rendered(files=files, texts=texts)


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker renders with: the folders it may read and the compact fonts."""

    roots: tuple[Path, ...]
    faces: tuple[Face, ...]
    base_dir: Path
    """Where relative URLs in a page point (the templates folder)."""


def _worker_main(setup: WorkerSetup, tasks, results, parent: int) -> None:
    """A worker's life: render jobs until told to stop or until the build's process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    renderer = PdfRenderer(list(setup.roots), setup.faces)
    done = 0
    while True:
        try:
            item = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                return  # the build was killed: nobody waits for this worker
            continue
        if item is None:
            return
        number, job = item
        results.put(("start", number, os.getpid()))
        gc.disable()  # a render allocates heavily: automatic collections in it cost 5–7% of its time
        try:
            results.put(("done", number, run_job(renderer, job, setup.base_dir)))
        except GeneratorError as exc:
            results.put(("fail", number, exc.message))
        except (Exception, RecursionError) as exc:  # a bug or a limit, never a traceback without the page
            results.put(("fail", number, f"{job.name}: the render failed ({type(exc).__name__}: {exc})"))
        finally:
            done += 1
            if done % COLLECT_EVERY == 0:
                gc.collect()
            gc.enable()


@dataclass
class _Running:
    """A job a worker has started: when, and in which process."""

    pid: int
    started: float
    job: RenderJob


@dataclass
class _Pending:
    futures: dict[int, Future] = field(default_factory=dict)
    jobs: dict[int, RenderJob] = field(default_factory=dict)
    running: dict[int, _Running] = field(default_factory=dict)


class RenderPool:
    """Renders RenderJobs in a few forked worker processes as they are submitted. Use it in a with."""

    def __init__(self, setup: WorkerSetup, *, workers: int = 2, time_limit: float = 300.0):
        self.setup = setup
        self.count = max(1, min(workers, os.cpu_count() or 1))
        self.time_limit = time_limit
        self._context = multiprocessing.get_context("fork")
        self._workers: dict[int, multiprocessing.process.BaseProcess] = {}
        self._pending = _Pending()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._started = False
        self._next = 0

    def submit(self, job: RenderJob) -> Future:
        """Start rendering a job; its future's result() is a Rendered, or raises RenderError naming the page."""
        if not self._started:
            self._start()
        future: Future = Future()
        with self._lock:
            number, self._next = self._next, self._next + 1
            self._pending.futures[number], self._pending.jobs[number] = future, job
        self._tasks.put((number, job))
        return future

    def _start(self) -> None:
        self._tasks = self._context.Queue()
        self._results = self._context.Queue()
        # what the workers inherit is never garbage: keep their collections off it (about 70,000
        # objects, 34 ms a collection) and off the pages they share with the parent
        gc.freeze()
        for _ in range(self.count):
            self._spawn()
        self._collector = threading.Thread(target=self._collect, name="fanzha-render-results", daemon=True)
        self._collector.start()
        self._started = True

    def _spawn(self) -> None:
        process = self._context.Process(target=_worker_main, daemon=True,
                                        args=(self.setup, self._tasks, self._results, os.getpid()))
        process.start()
        assert process.pid is not None
        self._workers[process.pid] = process

    def _collect(self) -> None:
        """Hand each result to its future; fail and replace a worker that died or took too long."""
        while not self._stop.is_set():
            try:
                message = self._results.get(timeout=0.2)
            except queue.Empty:
                self._watch()
                continue
            except (EOFError, OSError):
                return
            self._receive(message)

    def _receive(self, message: tuple) -> None:
        kind, number, payload = message
        with self._lock:
            if kind == "start":
                self._pending.running[number] = _Running(payload, time.monotonic(), self._pending.jobs[number])
                return
            self._pending.running.pop(number, None)
            self._pending.jobs.pop(number, None)
            future = self._pending.futures.pop(number, None)
        if future is None:
            return  # already failed by the watcher
        if kind == "done":
            future.set_result(payload)
        else:
            future.set_exception(RenderError(payload))

    def _watch(self) -> None:
        now = time.monotonic()
        for pid, process in list(self._workers.items()):
            with self._lock:
                held = [(n, r) for n, r in self._pending.running.items() if r.pid == pid]
            overdue = any(now - running.started > self.time_limit for _, running in held)
            if process.is_alive() and not overdue:
                continue
            why = (f"took longer than {self.time_limit:g} s" if process.is_alive()
                   else f"stopped its worker (exit code {process.exitcode})")
            self._replace(pid)
            for number, running in held:
                self._fail(number, f"{running.job.name}: the render {why}")

    def _replace(self, pid: int) -> None:
        process = self._workers.pop(pid, None)
        if process is not None:
            process.kill()
            process.join(timeout=5)
        if not self._stop.is_set():
            self._spawn()

    def _fail(self, number: int, message: str) -> None:
        with self._lock:
            self._pending.running.pop(number, None)
            self._pending.jobs.pop(number, None)
            future = self._pending.futures.pop(number, None)
        if future is not None:
            future.set_exception(RenderError(message))

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if not self._started:
            return
        self._stop.set()
        if kind is None:
            for _ in self._workers:
                self._tasks.put(None)
        for process in self._workers.values():
            if kind is not None:
                process.kill()  # interrupted or failed: nothing waits for the workers' work
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        self._collector.join(timeout=5)
        for pipe in (self._tasks, self._results):
            pipe.close()
            pipe.cancel_join_thread()
        for future in self._pending.futures.values():
            future.cancel()
        gc.unfreeze()
