"""Editions: the same campaign under other units, with their own figures, products and script.

fanzha.toml's [unit] is the default edition, built into output/. Each [editions.NAME] is built
into output/editions/NAME/ with the same layout; it overrides [unit] keys, may set a script
(zh-Hant, zh-HK, zh-TW: converted with OpenCC after rendering), and may have a folder of its own,
editions/NAME/ beside content/, laid out like content/:

    editions/NAME/sources/ and sources.yaml    sources only this edition cites
    editions/NAME/figures.yaml                  figures added to the shared registry
    editions/NAME/guidance.yaml                 sections replacing the shared guidance's (contacts, app …)
    editions/NAME/leaflets|posts|briefings/     products added, or replacing a shared one of the same name

Shared work is done once for all editions: the shared sources are read and their numbers
extracted once; each edition reads only its own folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.config import FILE_NAME, Settings, Unit
from generator.errors import ConfigError
from generator.extraction.records import extract_records
from generator.figures.guidance import Guidance
from generator.figures.guidance_reader import load_guidance
from generator.figures.registry import Registry, load_registry, project_registry
from generator.model import NumberRecord, SourceDoc
from generator.products.content import Product, read_products
from generator.sources.index import read_sources

Progress = Callable[[Iterable, str], Iterable]

FOLDER = "editions"
"""editions/NAME/ beside content/ holds an edition's own content; output/editions/NAME/ its output."""
PREFIX = f"{FOLDER}/"


@dataclass(frozen=True)
class EditionPlan:
    """One edition to build: who issues it, its script, its own content and where it goes."""

    name: str
    """"" for the default edition (fanzha.toml [unit])."""
    unit: Unit
    script: str
    folder: Path | None
    """editions/NAME/ when the edition has content of its own."""

    @property
    def prefix(self) -> str:
        """Where its files go inside output/: "" or "editions/NAME/"."""
        return f"{PREFIX}{self.name}/" if self.name else ""

    def owns(self, path: str) -> bool:
        """True for a path in output/ that is this edition's (the default edition's: any path
        outside editions/)."""
        return path.startswith(self.prefix) if self.prefix else not path.startswith(PREFIX)

    @property
    def label(self) -> str:
        return self.name or "default"


def edition_plans(settings: Settings, root: Path, only: str | None = None) -> list[EditionPlan]:
    """The default edition, then each [editions.NAME] in name order; `only` picks one by name
    ("default" or "" for [unit])."""
    plans = [EditionPlan("", settings.unit, "zh-Hans", None)]
    for name in sorted(settings.editions):
        edition = settings.editions[name]
        folder = Path(root) / FOLDER / name
        plans.append(EditionPlan(name, edition.unit, edition.script, folder if folder.is_dir() else None))
    if only is None:
        return plans
    wanted = "" if only == "default" else only
    chosen = [plan for plan in plans if plan.name == wanted]
    if not chosen:
        known = ", ".join(["default", *sorted(settings.editions)])
        raise ConfigError(f"{Path(root) / FILE_NAME}: no edition {only!r}; known: {known}")
    return chosen


SCRIPT_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體", "zh-HK": "繁體，香港", "zh-TW": "繁體，台灣"}


def edition_links(settings: Settings) -> list[dict[str, str]]:
    """The other editions as the default site's home page lists them: folder, unit, script."""
    from generator.rendering.script import LANG

    return [{"name": name, "unit": edition.unit.name or name, "script": SCRIPT_NAMES[edition.script],
             "lang": LANG[edition.script]} for name, edition in sorted(settings.editions.items())]


@dataclass(frozen=True)
class Inputs:
    """What one edition is made from: sources and their numbers, figures, guidance, products."""

    docs: list[SourceDoc]
    records: dict[str, list[NumberRecord]]
    registry: Registry
    guidance: Guidance
    products: list[Product]


def shared_inputs(content: Path, settings: Settings, progress: Progress) -> Inputs:
    """The shared content, read once for every edition: sources, their numbers, the registry,
    the guidance and the products of content/."""
    docs = read_sources(content)
    records = {doc.name: extract_records(doc) for doc in progress(docs, "extracting")}
    registry = project_registry(content, docs, records)
    guidance = load_guidance(content / "guidance.yaml", docs)
    products = read_products(content, set(registry.figures), registry.newest_full_year,
                             max_nesting=settings.build.max_nesting)
    return Inputs(docs, records, registry, guidance, products)


def edition_inputs(plan: EditionPlan, shared: Inputs, settings: Settings, content: Path) -> Inputs:
    """An edition's inputs: the shared ones, its own sources and figures added, its own products
    added (or replacing a shared product of the same kind and name), its unit's hotlines allowed."""
    guidance = shared.guidance.with_local_numbers(hotline.number for hotline in plan.unit.hotlines)
    folder = plan.folder
    if folder is None:
        return replace(shared, guidance=guidance)
    own_docs = read_sources(folder) if (folder / "sources").is_dir() else []
    clashes = sorted({doc.name for doc in own_docs} & {doc.name for doc in shared.docs})
    if clashes:
        raise ConfigError(f"{folder / 'sources' / clashes[0]}: content/sources/ has a source of the same name; "
                          f"rename one (a source's name is its id in figures.yaml)")
    docs = shared.docs + own_docs
    records = {**shared.records, **{doc.name: extract_records(doc) for doc in own_docs}}
    if (folder / "guidance.yaml").is_file():  # its sections replace the shared ones (a region's own hotlines)
        guidance = load_guidance(content / "guidance.yaml", docs, override=folder / "guidance.yaml") \
            .with_local_numbers(hotline.number for hotline in plan.unit.hotlines)
    figures = folder / "figures.yaml"
    registry = load_registry(figures, docs, records, base=shared.registry) if figures.is_file() else shared.registry
    products = shared.products
    if registry is not shared.registry:  # [[metric:…]] may now cite the edition's newer figure
        products = read_products(content, set(registry.figures), registry.newest_full_year,
                                 max_nesting=settings.build.max_nesting)
    own = read_products(folder, set(registry.figures), registry.newest_full_year,
                        max_nesting=settings.build.max_nesting)
    replaced = {(product.kind, product.slug) for product in own}
    products = [p for p in products if (p.kind, p.slug) not in replaced] + own
    return Inputs(docs, records, registry, guidance, products)


def in_editions(path: str, plans: list[EditionPlan]) -> bool:
    """True for a path in output/ (a render entry) of one of the editions being built."""
    return any(plan.owns(path) for plan in plans)


def with_edition_sites(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """Each other edition's site also inside the default one, at site/editions/NAME/, so that the
    published site holds every edition (its home page lists them)."""
    kept = {path: data for path, data in files.items() if not path.startswith(f"site/{PREFIX}")}
    copies = {}
    for path, data in kept.items():
        parts = path.split("/", 3)
        if path.startswith(PREFIX) and len(parts) == 4 and parts[2] == "site":
            copies[f"site/{PREFIX}{parts[1]}/{parts[3]}"] = data
    return {**kept, **copies}


def other_editions(output: Path, built: set[str], settings: Settings) -> dict[str, str | bytes]:
    """With --edition: the files of every other edition, as the last build left them in output/."""
    others = [f"{PREFIX}{name}/" for name in settings.editions if f"{PREFIX}{name}/" not in built]
    files: dict[str, str | bytes] = {}
    for path in sorted(output.rglob("*")) if output.is_dir() else []:
        relative = path.relative_to(output).as_posix()
        if not path.is_file() or relative.startswith("."):
            continue
        in_other = any(relative.startswith(prefix) for prefix in others)
        default_kept = "" not in built and not relative.startswith(PREFIX)
        if in_other or default_kept:
            files[relative] = path.read_bytes()
    return files
