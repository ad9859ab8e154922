"""The build, as a recipe: read → extract → register → compose → render → check → write.

This is the only orchestrator. Each stage is a function of its own package; this module only
hands each stage's records to the next. Output is written into a fresh directory beside
output/ and swapped into place only when every stage succeeded, so a failed build leaves the
previous output exactly as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.checking.check import Checker, CheckFailed, check_context, earlier_checks, group_findings, stale_figures
from generator.config import FILE_NAME, Settings, load_config
from generator.errors import ConfigError, GeneratorError
from generator.extraction.records import extract_records
from generator.figures.guidance import load_guidance
from generator.figures.registry import Registry, project_registry
from generator.model import Artifact, NumberRecord, SourceDoc
from generator.output.memory import BuildMemory, Counts, Keys, input_digest, input_hashes
from generator.output.writer import OutputTree
from generator.products.compose import Composed, compose
from generator.products.content import Product, read_products
from generator.products.outputs import name_collisions
from generator.products.platforms import XLengths, counters
from generator.products.site import SiteInput, site_files, site_image, site_pages
from generator.rendering.fonts import compact_faces
from generator.rendering.pdf import subsetter_available
from generator.rendering.pool import RenderPool, WorkerSetup
from generator.rendering.renders import Collected, Renders
from generator.rendering.templates import make_environment
from generator.sources.files import refuse_links_outside
from generator.sources.index import read_sources

Progress = Callable[[Iterable, str], Iterable]


def no_progress(items: Iterable, label: str) -> Iterable:
    """Progress shown nowhere."""
    return items


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes."""

    content: Path
    templates: Path
    output: Path

    @property
    def root(self) -> Path:
        """The folder of fanzha.toml: the content folder's parent."""
        return self.content.parent


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
    reused: int = 0
    """Pages whose HTML had not changed: their PDF or PNGs were taken from the last build."""
    stale: tuple[str, ...] = ()
    """The products' warnings (a cited figure older than stale_after): always shown."""

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
          progress: Progress = no_progress, force: bool = False, strict: bool = False) -> BuildResult:
    """Build content_dir into output_dir. Nothing is written unless every stage succeeded and the
    check found nothing (nor, with `strict`, any product warning: a stale figure); when no input
    changed since the last build, nothing is redone (unless `force`). `progress(items, label)`
    wraps the long stages' items to show progress.

    output/ is locked from start to end (a second build stops at once), and everything that can
    be refused (links out of the project, files in output/ fanzha did not make, an unwritable
    place) is refused before any work."""
    project = Project(Path(content_dir), Path(templates_dir or Path(content_dir).parent / "templates"),
                      Path(output_dir))
    refuse_links_outside([project.content, project.templates], [project.root, project.templates],
                         files=[project.root / FILE_NAME])
    settings = load_config(project.root)
    with OutputTree(project.output, keep=settings.build.keep) as tree:
        return _build(project, settings, tree, progress=progress, force=force, strict=strict)


def _build(project: Project, settings: Settings, tree: OutputTree, *, progress: Progress, force: bool,
           strict: bool) -> BuildResult:
    """The recipe, with output/ locked and a staging folder beside it."""
    inputs = input_hashes(project.content, project.templates)
    memory, digest = BuildMemory.read(project.output), input_digest(project.content, project.templates)
    if not force and memory.inputs == digest:
        _stop_if_strict(strict, memory.warnings)
        return BuildResult(memory.counts, (), project.output, skipped=True, stale=memory.warnings)
    docs = read_sources(project.content)
    records = {doc.name: extract_records(doc) for doc in progress(docs, "extracting")}
    registry = project_registry(project.content, docs, records)
    guidance = load_guidance(project.content / "guidance.yaml", docs).with_local_numbers(
        hotline.number for hotline in settings.unit.hotlines)
    products = read_products(project.content, set(registry.figures), registry.newest_full_year,
                             max_nesting=settings.build.max_nesting)
    _refuse_name_collisions(products)
    env = make_environment(project.templates, settings.unit, settings.site, settings.briefing)
    faces = compact_faces()
    keys = Keys(face.path.name for face in faces)
    checker = Checker(registry, guidance, project.templates, docs, keys=keys,
                      context=check_context(project.content), earlier=earlier_checks(project.output))
    x_lengths = XLengths(memory.x_lengths, lambda text: keys.key("x-length", text))
    setup = WorkerSetup((project.templates, project.content), faces, project.templates)
    with RenderPool(setup, time_limit=settings.build.render_seconds, memory_limit=settings.build.render_memory) as pool:
        renders = Renders(pool, keys, memory.renders, project.output, max_pages=settings.build.max_pages)
        composed = compose(env, progress(products, "rendering pages"), registry, guidance,
                           count=counters(x_lengths), render=renders.submit, docs=docs)
        renders.submit(site_image(env, settings.site, guidance, str(project.root / FILE_NAME)))
        checker.check("pages", composed.pages)
        site = SiteInput(settings.site, products, registry, guidance, docs, records,
                         list(composed.pages) + renders.planned(), list(composed.posts),
                         stale_after=settings.check.stale_after)
        site_html, site_errors = _site_pages(env, site, composed.errors)
        checker.check("site", site_html)
        collected = renders.collect(lambda done: checker.check("renders", done), progress)
    _stop_on_problems(list(composed.errors) + site_errors + collected.errors, checker, collected.over_limit)
    stale = tuple(stale_figures(composed.pages, registry, settings.check.stale_after))
    _stop_if_strict(strict, stale)
    counts = _counts(docs, records, registry)
    files = _output_files(env, docs, records, registry, composed, collected, replace(
        site, artifacts=list(composed.pages) + collected.artifacts), site_html, checker, project)
    memory = BuildMemory(digest, counts, collected.entries, x_lengths.used, stale)
    _refuse_changed_inputs(inputs, input_hashes(project.content, project.templates))
    tree.write(files, marker=memory.to_json())
    decoding = tuple(doc.encoding_warning for doc in docs if doc.encoding_warning)
    return BuildResult(counts, decoding + registry.warnings + _renderer_warnings(), project.output,
                       rendered=renders.rendered, reused=renders.reused, stale=stale)


def _refuse_name_collisions(products: list[Product]) -> None:
    """Stop before rendering when two products would make a file of the same name."""
    problems = name_collisions([(product.kind, product.slug, product.path) for product in products])
    if problems:
        raise ConfigError("\n".join(problems))


def _refuse_changed_inputs(before: Mapping[str, str], after: Mapping[str, str]) -> None:
    """Stop, replacing nothing, when an input was saved, added or removed while the build ran."""
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise ConfigError(f"{changed[0]}{more}: changed during the build; build again "
                          f"(nothing was replaced: the previous output is as it was)")


def _site_pages(env, site: SiteInput, errors: Iterable[str]) -> tuple[list[Artifact], list[str]]:
    """The site's pages, made while the PDFs render; not made when a product failed."""
    if errors:
        return [], []
    try:
        return site_pages(env, site), []
    except GeneratorError as exc:
        return [], [exc.message]


def _stop_if_strict(strict: bool, warnings: tuple[str, ...]) -> None:
    """With --strict, a product's warning (a stale figure) fails the build, publishing nothing."""
    if strict and warnings:
        raise CheckFailed("\n".join([f"--strict: {len(warnings)} warning(s) fail the build:", *warnings,
                                      "nothing was published; the previous output is as it was"]))


def _stop_on_problems(errors: list[str], checker: Checker, over_limit: list[str]) -> None:
    """Stop the build, publishing nothing, when a product failed, a document went over a limit
    (exit 1, as a finding) or the check found anything."""
    if not errors and not checker.findings and not over_limit:
        return
    lines = [f"{len(errors)} product(s) failed to render:"] + errors if errors else []
    lines += [f"{len(over_limit)} document(s) over a limit:"] + over_limit if over_limit else []
    if checker.findings:
        grouped = group_findings(checker.findings)
        lines += [f"the check found {len(grouped)} problem(s):"] + grouped
    failure = ConfigError if errors else CheckFailed
    raise failure("\n".join(lines + ["nothing was published; the previous output is as it was"]))


def _output_files(env, docs: list[SourceDoc], records: Mapping[str, list[NumberRecord]], registry: Registry,
                  composed: Composed, collected: Collected, site: SiteInput, site_html: list[Artifact],
                  checker: Checker, project: Project) -> dict[str, str | bytes]:
    """Every file of the output, by path."""
    from generator.products.feeds import figures_export

    artifacts = list(composed.pages) + collected.artifacts + site_html
    report = _json(_project_paths(checker.report(), project), compact=True)
    return {
        "sources.json": _json([_source_entry(doc) for doc in docs]),
        "figures.json": _json(figures_export(registry, docs)),
        "check-report.json": report,
        "site/check-report.json": report,
        "manifest.json": _json(_project_paths([_manifest_entry(a) for a in artifacts], project)),
        **{a.path: a.text if a.data is None else a.data for a in artifacts},
        **composed.files,
        **collected.files,
        **site_files(env, site, site_html, collected.files),
        "extracted.jsonl": "".join(json.dumps(r.as_dict(), ensure_ascii=False) + "\n"
                                   for name in sorted(records) for r in records[name]),
    }


def _project_paths(data: Any, project: Project) -> Any:
    """`data` with the build machine's paths made the project's (/home/x/proj/content/a.md →
    content/a.md): the check report is published with the site."""
    outside = not project.templates.resolve().is_relative_to(project.root.resolve())
    places = [(place.rstrip(os.sep) + os.sep, name)
              for folder, name in (((project.templates, "templates/"),) if outside else ()) + ((project.root, ""),)
              for place in sorted({str(folder), str(folder.resolve())} - {"", "."}, key=len, reverse=True)]

    def relative(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: relative(item) for key, item in value.items()}
        if isinstance(value, list):
            return [relative(item) for item in value]
        if isinstance(value, str) and os.sep in value:
            for place, name in places:
                value = value.replace(place, name)
        return value

    return relative(data)


def _counts(docs: list[SourceDoc], records: Mapping[str, list[NumberRecord]], registry: Registry) -> Counts:
    every = [r for rs in records.values() for r in rs]
    return Counts(sources=len(docs), numbers=len(every), statistics=sum(r.kind == "statistic" for r in every),
                  figures=len(registry.figures))


def _renderer_warnings() -> tuple[str, ...]:
    if subsetter_available():
        return ()
    return ("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to fontTools "
            "and each PDF takes about 10 s instead of 0.2 s; run scripts/setup.sh",)


def _manifest_entry(artifact: Artifact) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": artifact.path, "product": artifact.product, "content": artifact.content_path,
                             "template": artifact.template, "figures": list(artifact.figure_ids)}
    if artifact.quotes:
        entry["quotes"] = [list(quote) for quote in artifact.quotes]
    return entry


def _source_entry(doc: SourceDoc) -> dict[str, str]:
    meta = {k: str(v) for k, v in sorted(doc.metadata.items()) if k in
            ("title", "publisher", "published", "reported", "url")}
    return {"file": doc.name, "sha256": doc.sha256, "encoding": doc.encoding, "encoding_why": doc.encoding_why,
            **meta}


def _json(data: Any, compact: bool = False) -> str:
    """JSON for people (indented, sorted keys) or, for the large check report, compact: Python's
    fast C encoder is used only without indentation (0.5 s saved per build)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
