"""The check of a whole build: every artifact verified, the report, and `fanzha check`.

verify.py traces the numbers of one artifact; this module checks them all, keeps each one's
report entry and findings, and lets an artifact whose check key is unchanged since the last
build keep its result (the same text and figures with the same registry, guidance, sources
and code give the same answer). `recheck` reads a built output back and checks it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.checking.verify import Finding, Sources, age_in_months, shown, verify_artifact
from generator.errors import ConfigError, GeneratorError
from generator.figures.guidance import Guidance
from generator.figures.registry import Registry
from generator.model import Artifact, SourceDoc
from generator.output.memory import Keys

if TYPE_CHECKING:
    from generator.editions import Inputs

PARTS = ("pages", "renders", "site")
"""The parts of the check report, in the order it lists them: the products' pages and texts,
the rendered PDFs and cards, the site's pages."""


class CheckFailed(GeneratorError):
    """The check found numbers that cannot be traced (exit status 1)."""

    exit_code = 1


class Checker:
    """Checks artifacts part by part, keeping a report entry for each and every finding.

    With `keys` and the last build's results (`earlier`: path → (check key, numbers)), an
    artifact whose key is unchanged keeps its result. `fanzha check` and publish pass neither:
    they check everything again."""

    def __init__(self, registry: Registry, guidance: Guidance, templates_dir: Path, docs: Iterable[SourceDoc], *,
                 keys: Keys | None = None, context: str = "", earlier: Mapping[str, tuple[str, list]] | None = None):
        self.registry, self.guidance, self.templates_dir = registry, guidance, Path(templates_dir)
        self.sources = Sources({doc.name: doc for doc in docs})
        self.keys, self.context, self.earlier = keys, context, earlier or {}
        self.entries: dict[str, list[dict[str, Any]]] = {part: [] for part in PARTS}
        self.findings: list[Finding] = []
        self._verified: dict[str, tuple[list, list[Finding]]] = {}
        """Results by what verify_artifact reads (not the path): a leaflet's screen and print PDFs
        read back the same text, and are checked once."""

    def check(self, part: str, artifacts: Iterable[Artifact]) -> None:
        """Verify each artifact and file its report entry under `part` (one of PARTS)."""
        for artifact in artifacts:
            key = self._key(artifact)
            previous = self.earlier.get(artifact.path)
            found: list[Finding]
            if key and previous and previous[0] == key:
                numbers, found = previous[1], []
            else:
                numbers, found = self._verify(artifact)
            self.findings += found
            self.entries[part].append({
                "path": artifact.path, "product": artifact.product, "content": artifact.content_path,
                "template": artifact.template, "numbers": numbers, "check_key": key,
                "findings": [{"number": f.number, "origin": f.origin, "problem": f.problem} for f in found],
            })

    def _verify(self, artifact: Artifact) -> tuple[list, list[Finding]]:
        """verify_artifact, once for the same text read the same way (its findings then name this path)."""
        same = hashlib.sha256("\0".join([Path(artifact.path).suffix, artifact.date, artifact.template,
                                          artifact.content_path, ",".join(artifact.figure_ids), artifact.text,
                                          *(f"{source}\1{quote}" for source, quote in artifact.quotes)])
                              .encode("utf-8")).hexdigest()
        if same not in self._verified:
            self._verified[same] = verify_artifact(artifact, self.registry, self.guidance, self.templates_dir,
                                                   self.sources)
        numbers, found = self._verified[same]
        return numbers, [replace(finding, artifact=artifact.path) for finding in found]

    def _key(self, artifact: Artifact) -> str:
        if self.keys is None:
            return ""
        return self.keys.key("check", self.context, artifact.path, artifact.date, ",".join(artifact.figure_ids),
                             artifact.text,
                             *(f"{source}\0{quote}" for source, quote in artifact.quotes))

    def report(self) -> dict[str, Any]:
        """The check report: ok, and per artifact its numbers, what each was traced to, its findings."""
        return {"ok": not self.findings, "artifacts": [entry for part in PARTS for entry in self.entries[part]]}


def stale_figures(pages: Iterable[Artifact], registry: Registry, stale_after: int) -> list[str]:
    """A warning for each figure a product cites whose period ended more than `stale_after`
    months before the product's date: old numbers mislead (one line per product and figure)."""
    from datetime import date

    from generator.extraction.periods import period_end

    warnings: dict[str, None] = {}
    for page in pages:
        if not page.date:
            continue
        dated = date.fromisoformat(page.date)
        for figure_id in page.figure_ids:
            figure = registry.figures.get(figure_id)
            end = period_end(figure.period_norm) if figure else None
            if figure is None or end is None:
                continue
            age = age_in_months(end, dated)
            if age > stale_after:
                warnings[f"{page.content_path}: figure {figure.id} ({figure.period}) is {age} months older than "
                         f"the product ({page.date}); stale_after is {stale_after} months — cite a newer "
                         f"figure, or build without --strict"] = None
    return list(warnings)


def group_findings(findings: Iterable[Finding]) -> list[str]:
    """One line per problem: the same number written wrong in one place shows on the page, its
    PDFs and the site; the line names the place once and the files it reached."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for finding in findings:
        groups.setdefault((finding.origin, finding.number, finding.problem), []).append(finding.artifact)
    lines = []
    for (origin, number, problem), artifacts in groups.items():
        first, others = artifacts[0], artifacts[1:]
        also = f" (also in {', '.join(others)})" if others else ""
        lines.append(f"{first}: {shown(number)} ({origin}): {problem}{also}")
    return lines


def check_context(content_dir: Path) -> str:
    """What every check depends on besides the artifact and the code: the registry, guidance and
    sources (all under content/)."""
    digest = hashlib.sha256()
    content_dir = Path(content_dir)
    for path in [content_dir / name for name in ("figures.yaml", "guidance.yaml", "sources.yaml")] + \
            sorted((content_dir / "sources").glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def earlier_checks(output_dir: Path) -> dict[str, tuple[str, list]]:
    """The last build's check results by path: (check key, numbers); findings-free by construction."""
    try:
        report = json.loads((Path(output_dir) / "check-report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {a["path"]: (a.get("check_key"), a["numbers"]) for a in report.get("artifacts", [])
            if not a.get("findings") and a.get("check_key")}


def recheck(content_dir: Path, output_dir: Path, *, templates_dir: Path | None = None) -> tuple[int, list[Finding]]:
    """Run the check again on a built output, every edition's: (files checked, findings).

    Reads each edition's manifest.json (output/ and output/editions/NAME/) and every file it
    lists, with that edition's sources, figures, products and hotlines; a PDF is read back page
    by page and a card from its page of the PDF it was rasterised from, as the product's plan
    says. A finding in another edition names its file as editions/NAME/…"""
    from generator.config import load_config
    from generator.editions import edition_inputs, edition_plans, shared_inputs

    content_dir, output_dir = Path(content_dir), Path(output_dir)
    templates_dir = Path(templates_dir) if templates_dir else content_dir.parent / "templates"
    settings = load_config(content_dir.parent)
    shared = shared_inputs(content_dir, settings, lambda items, _label: items)
    checked, findings = 0, []
    for plan in edition_plans(settings, content_dir.parent):
        inputs = edition_inputs(plan, shared, settings, content_dir)
        count, found = _recheck_edition(inputs, output_dir / plan.prefix, templates_dir, content_dir.parent)
        checked += count
        findings += [replace(finding, artifact=plan.prefix + finding.artifact) for finding in found]
    return checked, findings


def _recheck_edition(inputs: Inputs, output_dir: Path, templates_dir: Path, root: Path) -> tuple[int, list[Finding]]:
    """The check of one edition's built files, listed in its manifest.json."""
    manifest_path = output_dir / "manifest.json"
    if not manifest_path.is_file():
        raise ConfigError(f"{manifest_path}: not found; run fanzha build first")
    readers = _readers(inputs.products)
    texts: dict[str, list[str]] = {}  # each PDF read once (a post's six cards share one)
    artifacts = [_read_back(output_dir, {**entry, "content": _in_project(entry["content"], root)}, readers, texts)
                 for entry in json.loads(manifest_path.read_text(encoding="utf-8"))]
    checker = Checker(inputs.registry, inputs.guidance, templates_dir, inputs.docs)
    checker.check("pages", artifacts)
    return len(artifacts), checker.findings


def _in_project(path: str, root: Path) -> str:
    """A manifest's content path (relative to the project, as published) as a path to open."""
    return path if not path or Path(path).is_absolute() else str(root / path)


def _readers(products) -> dict[str, tuple[str, int | None]]:
    """Each checked rendered file → (the PDF its text is read from, its page; None: every page)."""
    from generator.products.outputs import PAGES, site_image_page
    from generator.rendering.jobs import PagePng, PdfFile

    plans = [page for product in products for page in PAGES[product.kind](product.slug)] + [site_image_page()]
    readers: dict[str, tuple[str, int | None]] = {}
    for page in plans:
        if page.pdf is None:
            continue
        pdf = next(file.path for file in page.pdf.files if isinstance(file, PdfFile))
        for file in page.pdf.files:
            if file.checked:
                readers[file.path] = (pdf, file.page if isinstance(file, PagePng) else None)
    return readers


def _read_back(output_dir: Path, entry: dict, readers: dict[str, tuple[str, int | None]],
               texts: dict[str, list[str]]) -> Artifact:
    """One manifest entry as an artifact: the file's bytes and the text the check reads of it."""
    from generator.rendering.readback import pdf_metadata, pdf_page_texts

    page = output_dir / entry["path"]
    if not page.is_file():
        raise ConfigError(f"{page}: listed in {output_dir / 'manifest.json'} but missing")
    if entry["path"] in readers:
        pdf_path, number = readers[entry["path"]]
        if pdf_path not in texts:
            pdf = (output_dir / pdf_path).read_bytes()
            texts[pdf_path] = pdf_page_texts(pdf) + ["\n".join(pdf_metadata(pdf))]  # metadata: as the build reads it
        *pages, metadata = texts[pdf_path]
        text = "\n".join((pages if number is None else [pages[number]]) + ([metadata] if metadata else []))
        data = page.read_bytes()
    elif page.suffix in (".pdf", ".png"):
        raise ConfigError(f"{page}: not a file the project's products make now; build again")
    else:
        text, data = page.read_text(encoding="utf-8"), None
    return Artifact(path=entry["path"], product=entry["product"], content_path=entry["content"],
                    template=entry["template"], figure_ids=tuple(entry["figures"]), text=text, data=data,
                    date=entry.get("date", ""),
                    quotes=tuple((source, quote) for source, quote in entry.get("quotes", [])))
