"""The render pool: long-lived forked workers that turn RenderJobs into Rendered files.

A new process per PDF would cost about 0.8 s of start-up and font loading; a worker a CPU
(worker_count) uses every core, and the build goes on composing and checking while they
render. Each worker owns its PdfRenderer (one font configuration for all its renders) in its own main loop: no state
is kept in modules. A render that fails raises RenderError in the worker; the message, which
names the page, is raised again from the job's future in the build. A worker that dies or
overruns the time limit is replaced, and its job fails by name; a render over the memory limit
fails by name too. Workers leave when the build's process is gone: the kernel kills them when it
dies (PR_SET_PDEATHSIG), and they check their parent between jobs as well.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.errors import GeneratorError
from generator.rendering.fonts import Face
from generator.rendering.images import contact_sheet, page_images, png_bytes, png_size, preview_png
from generator.rendering.jobs import ContactSheet, PagePng, PdfFile, Preview, Rendered, RenderJob
from generator.rendering.pdf import OverLimit, PdfRenderer, RenderError
from generator.rendering.readback import OpenPdf, lost_han

SAFE_MARGIN = 5 * 72 / 25.4
"""Text of a print file stays at least 5 mm inside the trim (points)."""
COLLECT_EVERY = 4
"""Long-lived workers collect garbage after every few renders: after each one kept peak memory
near one render's (418 → 148 MiB over 20 renders) but cost 35 ms a render, 1.2 s a build.
(Automatic collection is off during a render and on between them.)"""


STEAL_FROM = 3
"""An idle worker takes another's page only when that one has at least this many queued: a page
taken from the worker that keeps its layout is laid out whole (about 2.5 times the work)."""

MAX_WORKERS = 8
"""Workers a build starts by itself on a large machine: each holds a WeasyPrint and its fonts
(about 150 MiB), and a build of one project has a few dozen pages to share among them."""


def worker_count(asked: int = 0) -> int:
    """How many render workers to start: `asked`, or with 0 one for each CPU this process may run on
    (its affinity, which a container or `taskset` narrows) up to MAX_WORKERS; never more than those
    CPUs (a second worker on one core only adds memory)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(asked or MAX_WORKERS, cpus))


def run_job(renderer: PdfRenderer, job: RenderJob, base_dir: Path) -> Rendered:
    """Render one job's PDF and make every file of its plan; RenderError names the page."""
    set_in = renderer.frames.set_in
    pdf = renderer.render(job.page.text, base_dir=base_dir, name=f"{job.name}: {job.page.path}",
                          tagged=job.plan.tagged, press=job.plan.press, max_pages=job.plan.max_pages,
                          shared=job.shared)
    return replace(derive(pdf, job), shared_layout=renderer.frames.set_in > set_in)


def _run_with_room(renderer: PdfRenderer, job: RenderJob, base_dir: Path) -> Rendered:
    """run_job; when memory runs out while the worker keeps layouts for other editions, they are
    let go and the page is tried once more: its own render did not necessarily need the memory."""
    try:
        return run_job(renderer, job, base_dir)
    except MemoryError:
        if not renderer.frames.frames:
            raise
        renderer.frames.frames.clear()
        gc.unfreeze()
        gc.collect()
        return run_job(renderer, job, base_dir)


def derive(pdf: bytes, job: RenderJob) -> Rendered:
    """Every file of the job's plan made from its PDF, and the text of each page read back. Content
    that does not fit its fixed-size page (spilled onto another, drawn off the page or near the
    trim, dropped) is a document over its limit: OverLimit, exit 1, like too many pages. The PDF
    is opened once for all of it."""
    with OpenPdf(pdf) as opened:
        return _derive(pdf, opened, job)


def _derive(pdf: bytes, opened: OpenPdf, job: RenderJob) -> Rendered:
    texts = tuple(opened.texts())
    if job.plan.pages is not None and len(texts) != job.plan.pages:
        raise OverLimit(f"{job.name}: {job.page.path} came out as {len(texts)} page(s), not {job.plan.pages} "
                        f"(its content does not fit and spilled onto another page: shorten it)")
    _check_safe_areas(opened, job)
    for page, text in opened.outside_pages()[:1]:
        raise OverLimit(f"{job.name}: {job.page.path}: on page {page + 1}, text runs past its box and off the "
                        f"page ({text[:30]}…): its content does not fit: shorten it")
    for page, text in (opened.near_trim(SAFE_MARGIN) if job.plan.press else [])[:1]:
        raise OverLimit(f"{job.name}: {job.page.path}: on page {page + 1}, text lies within 5 mm of the trim "
                        f"({text[:30]}…): the print shop may cut it off; its content does not fit: shorten it")
    lost = lost_han(job.page.text, texts) if job.plan.pages is not None else ""  # fixed-size pages: a leaflet, a card
    if lost:
        raise OverLimit(f"{job.name}: {job.page.path}: text of the page is missing from its PDF ({lost[:20]}…): "
                        f"content that does not fit its box was dropped: shorten it")
    files: dict[str, bytes] = {}
    pages = page_images(opened) if any(isinstance(f, PagePng) for f in job.plan.files) else []
    for file in job.plan.files:
        if isinstance(file, PdfFile):
            files[file.path] = pdf
        elif isinstance(file, PagePng):
            files[file.path] = png_bytes(pages[file.page])
            if png_size(files[file.path]) != file.size:
                width, height = png_size(files[file.path])
                raise RenderError(f"{file.path}: {width}×{height} pixels, not {file.size[0]}×{file.size[1]}")
        elif isinstance(file, Preview):
            files[file.path] = preview_png(opened, file.page)
        elif isinstance(file, ContactSheet):
            files[file.path] = contact_sheet(opened, file.rows, file.labels, file.heights, file.height)
    return Rendered(files=files, texts=texts, metadata=tuple(opened.metadata()))


def _check_safe_areas(opened: OpenPdf, job: RenderJob) -> None:
    """RenderError when a card's text stands outside the part of the card its platform leaves clear."""
    safe = [file for file in job.plan.files if isinstance(file, PagePng) and file.safe]
    if not safe:
        return
    bounds = opened.text_bounds()
    for file in safe:
        found, allowed = bounds[file.page], file.safe
        assert allowed is not None
        if found and not (found[0] >= allowed[0] and found[1] >= allowed[1] and found[2] <= allowed[2]
                          and found[3] <= allowed[3]):
            spans, clear = ", ".join(f"{v:.0f}" for v in found), ", ".join(map(str, allowed))
            raise RenderError(f"{job.name}: {file.path}: its text spans ({spans}) px, outside ({clear}), "
                              f"the part of the card the platform leaves clear: shorten it")


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker renders with: the folders it may read and the compact fonts."""

    roots: tuple[Path, ...]
    faces: tuple[Face, ...]
    base_dir: Path
    """Where relative URLs in a page point (the templates folder)."""


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the build's process dies, however it dies."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux: it still checks its parent between jobs
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build died before the line above
        os._exit(0)


def _limit_memory(limit: int | None) -> None:
    """Let this worker's renders use at most `limit` MiB of address space beyond what it holds now."""
    if limit is None:
        return
    with open("/proc/self/statm") as statm:
        now = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = now + limit * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def _worker_main(setup: WorkerSetup, connection: Connection, parent: int, memory_limit: int | None = None,
                 scratch: str | None = None) -> None:
    """A worker's life: render the jobs it is sent until told to stop or the build is gone.
    `scratch` is the pool's folder for temporary files (WeasyPrint's copies of the fonts): a
    worker ends without running Python's finalizers, so the pool removes it, not the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    if scratch is not None:
        tempfile.tempdir = scratch
    renderer = PdfRenderer(list(setup.roots), setup.faces)
    _limit_memory(memory_limit)
    done = 0
    while True:
        try:
            if not connection.poll(1.0):
                if os.getppid() != parent:
                    return  # the build was killed: nobody waits for this worker
                continue
            job = connection.recv()
        except (EOFError, OSError):
            return  # the build closed its end
        if job is None:
            return
        gc.disable()  # a render allocates heavily: automatic collections in it cost 5–7% of its time
        try:
            connection.send(("done", _run_with_room(renderer, job, setup.base_dir)))
        except OverLimit as exc:
            connection.send(("limit", exc.message))
        except GeneratorError as exc:
            connection.send(("fail", exc.message))
        except MemoryError:
            connection.send(("spent", f"{job.name}: the render of {job.output} needed more than the {memory_limit} "
                                     f"MiB of memory it may use ([build] render_memory in fanzha.toml)"))
            return  # "spent": the pool puts a fresh worker in this one's place
        except (Exception, RecursionError) as exc:  # a bug or a limit, never a traceback without the page
            connection.send(("fail", f"{job.name}: the render of {job.output} failed ({type(exc).__name__}: {exc})"))
        finally:
            done += 1
            if done % COLLECT_EVERY == 0:
                _collect(renderer)
            gc.enable()


def _collect(renderer: PdfRenderer) -> None:
    """Collect the garbage of the last renders, then freeze what is left: the layouts the worker
    keeps for other editions (rendering/frames.py) are millions of objects that every later
    collection would go through again (a quarter of a city build's render time). When a kept
    layout was let go, the frozen objects are collected once more, so that it is freed."""
    if renderer.frames.released:
        gc.unfreeze()
        renderer.frames.released = False
    gc.collect()
    gc.freeze()


SCRATCH_PREFIX = "fanzha-render-"


def _remove_stale_scratch() -> None:
    """Remove the scratch folders of builds that were killed (their process is gone): a killed
    build cannot remove its own."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@dataclass
class _Worker:
    """A worker process, the build's end of its connection, and the job it is rendering."""

    process: BaseProcess
    connection: Connection
    job: tuple[RenderJob, Future] | None = None
    started: float = 0.0


class RenderPool:
    """Renders RenderJobs in a few forked worker processes as they are submitted. Use it in a with.

    One thread of the build hands each job to an idle worker and collects its result, so it
    always knows which worker renders which page."""

    def __init__(self, setup: WorkerSetup, *, workers: int = 0, time_limit: float = 300.0,
                 memory_limit: int | None = None):
        self.setup = setup
        self.count = worker_count(workers)
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        """MiB a render may use beyond what its worker holds when it starts (None: no limit)."""
        self._context = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[RenderJob, Future]] = deque()
        self._owners: dict[str, _Worker] = {}
        """The worker that renders each page editions share (by its first file), and keeps its layout."""
        self._lock = threading.Lock()
        self._wake_read, self._wake_write = os.pipe()
        self._stop = threading.Event()
        self._dispatcher: threading.Thread | None = None
        self._broken = ""
        """Why the dispatcher stopped, when it did: every job then fails at once."""
        self._scratch: str | None = None
        """The workers' temporary files, removed with the pool: WeasyPrint writes the fonts a
        page uses into a folder it removes only when its process ends normally, which a worker
        does not (about 14 MB a worker, left in /tmp by every build before)."""

    def submit(self, job: RenderJob) -> Future:
        """Start rendering a job; its future's result() is a Rendered, or raises RenderError naming the page."""
        if self._dispatcher is None:
            self._start()
        future: Future = Future()
        with self._lock:
            if self._broken:
                future.set_exception(RenderError(f"{job.name}: {self._broken}"))
                return future
            self._queue.append((job, future))
        os.write(self._wake_write, b"j")
        return future

    def _start(self) -> None:
        # what the workers inherit is never garbage: keep their collections off it (about 70,000
        # objects, 34 ms a collection) and off the pages they share with the parent
        gc.freeze()
        _remove_stale_scratch()
        self._scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        for _ in range(self.count):  # one by one: an interrupted start still stops those it made
            self._workers.append(self._spawn())
        self._dispatcher = threading.Thread(target=self._run, name="fanzha-render-pool", daemon=True)
        self._dispatcher.start()

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(self.setup, theirs, os.getpid(),
                                                                   self.memory_limit, self._scratch), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _run(self) -> None:
        """Hand out jobs, collect results, and replace a worker that died or overran."""
        try:
            while not self._stop.is_set():
                self._hand_out()
                busy = {w.connection: w for w in self._workers if w.job is not None}
                ready = wait([*busy, self._wake_read], timeout=0.5)
                if self._wake_read in ready:
                    os.read(self._wake_read, 4096)
                for connection in ready:
                    if connection in busy:
                        self._receive(busy[connection])
                self._watch()
        except Exception as exc:  # never leave the build waiting for a result that cannot come
            self._fail_all(f"the render pool stopped ({type(exc).__name__}: {exc})")

    def _fail_all(self, why: str) -> None:
        with self._lock:
            self._broken = why
            waiting = [w.job for w in self._workers if w.job is not None] + list(self._queue)
            self._queue.clear()
        for job, future in waiting:
            if not future.done():
                future.set_exception(RenderError(f"{job.name}: {why}"))

    def _hand_out(self) -> None:
        for worker in self._workers:
            with self._lock:
                if worker.job is not None or not self._queue:
                    continue
                worker.job = self._next_for(worker)
                if worker.job is None:
                    continue
            worker.started = time.monotonic()
            try:
                worker.connection.send(worker.job[0])
            except (OSError, ValueError):
                self._fail_and_replace(worker, "stopped its worker before it began")

    def _next_for(self, worker: _Worker) -> tuple[RenderJob, Future] | None:
        """The first queued job `worker` may take: a page that other editions share goes to the
        worker that rendered it first, which keeps its layout for them (rendering/frames.py).
        With nothing of its own left, a worker takes the last job of a busy one that has more
        queued (laid out whole, it costs more, but the worker would wait idle instead)."""
        waiting: dict[int, int] = {}
        for position, (job, future) in enumerate(self._queue):
            if job.shared:
                owner = self._owners.setdefault(job.output, worker)
                if owner is not worker:
                    waiting[id(owner)] = waiting.get(id(owner), 0) + 1
                    continue
            del self._queue[position]
            return job, future
        for position in range(len(self._queue) - 1, -1, -1):
            job, future = self._queue[position]
            busy = self._owners.get(job.output)
            if busy is not None and busy.job is not None and waiting.get(id(busy), 0) >= STEAL_FROM:
                del self._queue[position]
                return job, future
        return None

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, payload = worker.connection.recv()
        except (EOFError, OSError):
            self._fail_and_replace(worker, self._stopped(self._exit_code(worker)))
            return
        assert worker.job is not None
        _, future = worker.job
        worker.job = None
        if kind == "done":
            future.set_result(payload)
        else:
            future.set_exception((OverLimit if kind in ("limit", "spent") else RenderError)(payload))
        if kind == "spent":  # it ran out of memory and leaves: no job for it
            self._fail_and_replace(worker, "")

    def _watch(self) -> None:
        for worker in list(self._workers):
            if worker.job is not None and time.monotonic() - worker.started > self.time_limit:
                self._fail_and_replace(worker, f"took longer than the {self.time_limit:g} s it may take "
                                               f"([build] render_seconds in fanzha.toml)", OverLimit)
            elif not worker.process.is_alive():
                if worker.job is not None and worker.connection.poll():
                    self._receive(worker)  # it answered, then left (after running out of memory)
                if worker in self._workers:
                    self._fail_and_replace(worker, self._stopped(worker.process.exitcode))

    def _exit_code(self, worker: _Worker) -> int | None:
        worker.process.join(timeout=5)
        return worker.process.exitcode

    def _stopped(self, code: int | None) -> str:
        """Why a job failed when its worker died: a crash, or the kernel ending it (perhaps out of memory)."""
        hint = (f"; it may have needed more than the {self.memory_limit} MiB a render may use "
                f"([build] render_memory in fanzha.toml)" if self.memory_limit and code is not None and code < 0
                else "")
        return f"stopped its worker (exit code {code}){hint}"

    def _fail_and_replace(self, worker: _Worker, why: str, error: type[RenderError] = RenderError) -> None:
        """Stop the worker, fail its job by the page's name, and start another in its place."""
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        if worker.job is not None:
            job, future = worker.job
            future.set_exception(error(f"{job.name}: the render of {job.output} {why}"))
        self._owners = {page: owner for page, owner in self._owners.items() if owner is not worker}
        self._workers[self._workers.index(worker)] = self._spawn()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self._dispatcher is not None:
            self._stop.set()
            os.write(self._wake_write, b"s")
            self._dispatcher.join(timeout=10)
            for _, future in self._queue:
                future.cancel()
        for worker in self._workers:
            self._stop_worker(worker, kill=kind is not None)
        if self._workers:
            gc.unfreeze()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
        os.close(self._wake_read)
        os.close(self._wake_write)

    @staticmethod
    def _stop_worker(worker: _Worker, *, kill: bool) -> None:
        """Ask a worker to leave (kill it when the build was interrupted or failed), and wait for it."""
        if not kill:
            try:
                worker.connection.send(None)
            except (OSError, ValueError):
                kill = True
        if kill:
            worker.process.kill()
        worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
        if worker.job is not None:
            worker.job[1].cancel()
