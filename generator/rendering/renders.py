"""The build's renders: each RenderJob answered from the last build or sent to the pool.

A page whose HTML is unchanged since the last build (the same render key) and whose files are
all still in the previous output is not rendered again: its files are read from there and its
PDF's text is read back as a worker would. Results are collected in the order the jobs came,
and each is checked as it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.errors import GeneratorError
from generator.model import Artifact
from generator.output.memory import Keys, RenderEntry
from generator.rendering.jobs import PdfFile, Rendered, RenderJob
from generator.rendering.pdf import OverLimit
from generator.rendering.pool import RenderPool
from generator.rendering.readback import pdf_metadata, pdf_page_texts


@dataclass
class Collected:
    """The renders of a build, as they came back."""

    artifacts: list[Artifact] = field(default_factory=list)
    """The files the check reads (PDFs, card and og:image PNGs), with their text."""
    files: dict[str, bytes] = field(default_factory=dict)
    """The other files made (previews, contact sheets, a card set's PDF)."""
    errors: list[str] = field(default_factory=list)
    over_limit: list[str] = field(default_factory=list)
    """Documents over a limit of [build] (time, memory, pages), by name."""
    entries: dict[str, RenderEntry] = field(default_factory=dict)
    """What the next build may reuse, by page path."""
    shared_layouts: int = 0
    """Pages rendered by setting their unit blocks into another edition's layout."""


class Renders:
    """Every render of one build: reused from the previous output, or rendered by the pool."""

    def __init__(self, pool: RenderPool, keys: Keys, previous: Mapping[str, RenderEntry], output_dir: Path, *,
                 max_pages: Mapping[str, int] | None = None, shared: bool = False):
        self.pool, self.keys, self.previous, self.output_dir = pool, keys, previous, Path(output_dir)
        self.max_pages = dict(max_pages or {})
        """The most pages a document of each kind of product may have."""
        self.shared = shared
        """Other editions are built with this one: their pages may share layouts (RenderJob.shared)."""
        self.pending: list[tuple[RenderJob, str, Future]] = []
        self.rendered = self.reused = 0

    def submit(self, job: RenderJob, kind: str = "") -> None:
        """Reuse the job's files from the last build, or start rendering them (a document of `kind`
        may have at most max_pages[kind] pages)."""
        if self.max_pages.get(kind) and job.plan.max_pages is None:
            job = replace(job, plan=replace(job.plan, max_pages=self.max_pages[kind]))
        if self.shared:
            job = replace(job, shared=True)
        key = self.keys.key("render", job.page.text)
        reused = self._reuse(job, key)
        if reused is None:
            self.rendered += 1
            future = self.pool.submit(job)
        else:
            self.reused += 1
            future = Future()
            future.set_result(reused)
        self.pending.append((job, key, future))

    def _reuse(self, job: RenderJob, key: str) -> Rendered | None:
        entry = self.previous.get(job.page.path)
        if entry is None or entry.key != key or entry.files != job.plan.paths:
            return None
        try:
            files = {path: (self.output_dir / path).read_bytes() for path in entry.files}
        except OSError:
            return None
        pdf = next(files[file.path] for file in job.plan.files if isinstance(file, PdfFile))
        texts = tuple(pdf_page_texts(pdf))
        if job.plan.max_pages is not None and len(texts) > job.plan.max_pages:
            return None  # a lower limit now: rendered again, it fails by name
        return Rendered(files=files, texts=texts, metadata=tuple(pdf_metadata(pdf)))

    def planned(self) -> list[Artifact]:
        """The files the check will read, by path and figures, before they are rendered (the site lists them)."""
        return [replace(job.page, path=file.path) for job, _, _ in self.pending
                for file in job.plan.files if file.checked]

    def collect(self, check: Callable[[list[Artifact]], None],
                progress: Callable[[Iterable, str], Iterable] | None = None) -> Collected:
        """Wait for every render in order; `check` gets each one's checked files as they arrive."""
        collected = Collected()
        pending = progress(self.pending, "rendering PDFs") if progress else self.pending
        for job, key, future in pending:
            try:
                rendered: Rendered = future.result()
            except OverLimit as exc:
                collected.over_limit.append(exc.message)
                continue
            except GeneratorError as exc:
                collected.errors.append(exc.message)
                continue
            collected.shared_layouts += rendered.shared_layout
            artifacts = rendered.checked(job)
            collected.artifacts += artifacts
            collected.files.update(rendered.others(job))
            collected.entries[job.page.path] = RenderEntry(key, job.plan.paths)
            check(artifacts)
        return collected

