"""The build, as a recipe: read → extract → register → compose → render → check → write.

This is the only orchestrator. Each stage is a function of its own package; this module only
hands each stage's records to the next. Output is written into a fresh directory beside
output/ and swapped into place only when every stage succeeded, so a failed build leaves the
previous output exactly as it was.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.checking.check import CheckFailed, group_findings
from generator.checking.verify import Finding
from generator.config import FILE_NAME, Settings, load_config
from generator.edition_work import EditionWork
from generator.editions import (
    EditionPlan,
    Inputs,
    Progress,
    edition_plans,
    in_editions,
    other_editions,
    shared_inputs,
    with_edition_sites,
)
from generator.errors import ConfigError
from generator.figures.registry import Registry
from generator.model import NumberRecord, SourceDoc
from generator.output.memory import BuildMemory, Counts, Keys, RenderEntry, input_digest, input_hashes
from generator.output.writer import OutputTree
from generator.products.platforms import XLengths
from generator.project import Project
from generator.rendering.fonts import compact_faces
from generator.rendering.frames import sharing_layouts
from generator.rendering.pdf import subsetter_available
from generator.rendering.pool import RenderPool, WorkerSetup
from generator.rendering.templates import CompiledTemplates
from generator.samples import Sample, sample_values
from generator.sources.files import refuse_links_outside

Files = dict[str, str | bytes]
"""output/'s files by path."""


def no_progress(items: Iterable, label: str) -> Iterable:
    """Progress shown nowhere."""
    return items


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    counts: Counts
    warnings: tuple[str, ...]
    """About the figures and the machine (conflicting sources, a missing library): listed with --verbose."""
    output: Path
    skipped: bool = False
    """True when nothing had changed since the last build, which was kept as it was."""
    rendered: int = 0
    """Pages rendered to PDF or PNG by this build."""
    shared_layouts: int = 0
    """Of the pages rendered, those whose unit blocks were set into another edition's layout."""
    reused: int = 0
    """Pages whose HTML had not changed: their PDF or PNGs were taken from the last build."""
    stale: tuple[str, ...] = ()
    """The products' warnings (a cited figure older than stale_after): always shown."""
    editions: tuple[str, ...] = ()
    """The editions built ("default" for fanzha.toml's [unit], then each [editions.NAME])."""
    samples: tuple[Sample, ...] = ()
    """Sample values of fanzha.toml the material prints (samples.py): always shown."""

    @property
    def sources(self) -> int:
        return self.counts.sources

    @property
    def numbers(self) -> int:
        return self.counts.numbers

    @property
    def statistics(self) -> int:
        return self.counts.statistics

    @property
    def figures(self) -> int:
        return self.counts.figures


def build(content_dir: Path, output_dir: Path, *, templates_dir: Path | None = None,
          progress: Progress = no_progress, force: bool = False, strict: bool = False,
          edition: str | None = None) -> BuildResult:
    """Build content_dir into output_dir. Nothing is written unless every stage succeeded and the
    check found nothing (nor, with `strict`, any product warning: a stale figure, a sample value
    of fanzha.toml); when no input
    changed since the last build, nothing is redone (unless `force`). `progress(items, label)`
    wraps the long stages' items to show progress.

    Every edition of fanzha.toml is built (the default into output/, each [editions.NAME] into
    output/editions/NAME/); `edition` builds only that one ("default" for [unit]) and keeps the
    others' files as they were.

    output/ is locked from start to end (a second build stops at once), and everything that can
    be refused (links out of the project, files in output/ fanzha did not make, an unwritable
    place) is refused before any work."""
    project = Project(Path(content_dir), Path(templates_dir or Path(content_dir).parent / "templates"),
                      Path(output_dir))
    editions = [project.root / "editions"] if (project.root / "editions").is_dir() else []
    refuse_links_outside([project.content, project.templates, *editions], [project.root, project.templates],
                         files=[project.root / FILE_NAME])
    settings = load_config(project.root)
    samples = sample_values(settings)
    _stop_if_strict(strict, tuple(map(str, samples)))  # material for print carries no sample unit: before any work
    with OutputTree(project.output, keep=settings.build.keep) as tree, _fewer_collections():
        result = _build(project, settings, tree, progress=progress, force=force, strict=strict, edition=edition)
    return replace(result, samples=samples)


GC_THRESHOLDS = (50_000, 20, 20)
"""Python's cyclic collector during a build. A build makes millions of small objects that live
to its end (records, report entries); with the default thresholds (700, 10, 10) the collections
over them made a 20 MB source cost twice as much per MB as a 1 MB one (benchmarks/bench_scale.py);
with these, the cost grows in proportion to the size, and the default build's time is the same
within this machine's noise."""


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _build(project: Project, settings: Settings, tree: OutputTree, *, progress: Progress, force: bool,
           strict: bool, edition: str | None = None) -> BuildResult:
    """The recipe, with output/ locked and a staging folder beside it: the shared content read
    once, then every edition composed (its renders all queued before any is awaited), checked,
    and written together."""
    inputs = input_hashes(project.content, project.templates)
    memory, digest = BuildMemory.read(project.output), input_digest(project.content, project.templates)
    if not force and edition is None and memory.inputs == digest:
        _stop_if_strict(strict, memory.warnings)
        return BuildResult(memory.counts, (), project.output, skipped=True, stale=memory.warnings)
    plans = edition_plans(settings, project.root, edition)
    shared = shared_inputs(project.content, settings, progress)
    works, x_lengths = _compose_and_render(project, settings, plans, shared, memory, progress)
    _stop_on_problems([e for w in works for e in w.errors], [f for w in works for f in w.findings],
                      [o for w in works for o in w.collected.over_limit])
    stale = tuple(warning for work in works for warning in work.stale(settings))
    _stop_if_strict(strict, stale)
    counts = _counts(shared.docs, shared.records, shared.registry)
    files, entries = _files_and_entries(works, project, settings, plans, memory, edition)
    memory = BuildMemory(digest if edition is None else "", counts, entries, x_lengths.used, stale)
    _refuse_changed_inputs(inputs, input_hashes(project.content, project.templates))
    tree.write(files, marker=memory.to_json())
    decoding = tuple(doc.encoding_warning for doc in shared.docs if doc.encoding_warning)
    return BuildResult(counts, decoding + shared.registry.warnings + _renderer_warnings(), project.output,
                       rendered=sum(w.renders.rendered for w in works), reused=sum(w.renders.reused for w in works),
                       shared_layouts=sum(w.collected.shared_layouts for w in works),
                       stale=stale, editions=tuple(plan.label for plan in plans))


def _compose_and_render(project: Project, settings: Settings, plans: list[EditionPlan], shared: Inputs,
                        memory: BuildMemory, progress: Progress) -> tuple[list[EditionWork], XLengths]:
    """Every edition composed and its pages rendered by one worker pool: all renders are queued
    before any is awaited, and each is checked as it comes."""
    faces = compact_faces()
    keys = Keys(face.path.name for face in faces)
    x_lengths = XLengths(memory.x_lengths, lambda text: keys.key("x-length", text))
    roots = (project.templates, project.content, *(plan.folder for plan in plans if plan.folder))
    setup = WorkerSetup(roots, faces, project.templates)
    with RenderPool(setup, workers=settings.build.workers, time_limit=settings.build.render_seconds,
                    memory_limit=settings.build.render_memory) as pool:
        compiled = CompiledTemplates()
        works = [EditionWork.start(plan, project, settings, shared, pool, keys, memory, x_lengths, progress,
                                   with_others=len(plans) > 1 and sharing_layouts(), compiled=compiled)
                 for plan in plans]
        for work in works:
            work.collect(progress)
    return works, x_lengths


def _files_and_entries(works: list[EditionWork], project: Project, settings: Settings, plans: list[EditionPlan],
                       memory: BuildMemory, edition: str | None) -> tuple[Files, dict[str, RenderEntry]]:
    """Every file of output/ and every render remembered for the next build; with --edition, the
    editions not built now stay as the last build made them."""
    files: Files = {}
    for work in works:
        files.update(work.files(project))
    if edition is not None:
        files.update(other_editions(project.output, {plan.prefix for plan in plans}, settings))
    entries = {path: entry for work in works for path, entry in work.entries().items()}
    if edition is not None:
        entries = {**{p: e for p, e in memory.renders.items() if not in_editions(p, plans)}, **entries}
    return with_edition_sites(files), entries


def _refuse_changed_inputs(before: Mapping[str, str], after: Mapping[str, str]) -> None:
    """Stop, replacing nothing, when an input was saved, added or removed while the build ran."""
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise ConfigError(f"{changed[0]}{more}: changed during the build; build again "
                          f"(nothing was replaced: the previous output is as it was)")


def _stop_if_strict(strict: bool, warnings: tuple[str, ...]) -> None:
    """With --strict, a product's warning (a stale figure, a sample value of fanzha.toml it would
    print) fails the build, publishing nothing."""
    if strict and warnings:
        raise CheckFailed("\n".join([f"--strict: {len(warnings)} warning(s) fail the build:", *warnings,
                                      "nothing was published; the previous output is as it was"]))


def _stop_on_problems(errors: list[str], findings: list[Finding], over_limit: list[str]) -> None:
    """Stop the build, publishing nothing, when a product failed, a document went over a limit
    (exit 1, as a finding) or the check found anything."""
    if not errors and not findings and not over_limit:
        return
    lines = [f"{len(errors)} product(s) failed to render:"] + errors if errors else []
    lines += [f"{len(over_limit)} document(s) over a limit:"] + over_limit if over_limit else []
    if findings:
        grouped = group_findings(findings)
        lines += [f"the check found {len(grouped)} problem(s):"] + grouped
    failure = ConfigError if errors else CheckFailed
    raise failure("\n".join(lines + ["nothing was published; the previous output is as it was"]))


def _counts(docs: list[SourceDoc], records: Mapping[str, list[NumberRecord]], registry: Registry) -> Counts:
    every = [r for rs in records.values() for r in rs]
    return Counts(sources=len(docs), numbers=len(every), statistics=sum(r.kind == "statistic" for r in every),
                  figures=len(registry.figures))


def _renderer_warnings() -> tuple[str, ...]:
    if subsetter_available():
        return ()
    return ("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to fontTools "
            "and each PDF takes about 10 s instead of 0.2 s; run scripts/setup.sh",)
