"""The build: read → extract → write, atomically.

Later stages (register, compose, render, check) plug in here; this is the only orchestrator.
Output is written into a fresh directory beside output/ and swapped into place only when
every stage succeeded, so a failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.extract import extract_records
from generator.figures import Registry, load_registry
from generator.guidance import load_guidance
from generator.sources import read_sources


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    sources: int
    numbers: int
    statistics: int
    figures: int
    warnings: tuple[str, ...]
    output: Path


def build(content_dir: Path, output_dir: Path, *, progress=None) -> BuildResult:
    """Build content_dir into output_dir; `progress` wraps an iterable to show progress."""
    content_dir = Path(content_dir)
    docs = read_sources(content_dir)
    steps = progress(docs, "extracting") if progress else docs
    records_by_source = {doc.name: extract_records(doc) for doc in steps}
    registry = _registry(content_dir, docs, records_by_source)
    if (content_dir / "guidance.yaml").exists():
        load_guidance(content_dir / "guidance.yaml", docs)
    files = {
        "sources.json": _json([_source_entry(doc) for doc in docs]),
        "figures.json": _json(_figures_export(registry, docs)),
        "extracted.jsonl": "".join(
            json.dumps(r.as_dict(), ensure_ascii=False) + "\n"
            for name in sorted(records_by_source) for r in records_by_source[name]
        ),
    }
    publish_atomically(output_dir, files)
    all_records = [r for rs in records_by_source.values() for r in rs]
    return BuildResult(
        sources=len(docs),
        numbers=len(all_records),
        statistics=sum(r.kind == "statistic" for r in all_records),
        figures=len(registry.figures),
        warnings=registry.warnings,
        output=output_dir,
    )


def _registry(content_dir: Path, docs, records_by_source) -> Registry:
    path = content_dir / "figures.yaml"
    if not path.exists():
        return Registry(figures={}, warnings=(), path=str(path))
    return load_registry(path, docs, records_by_source)


def _figures_export(registry: Registry, docs) -> list[dict]:
    """Every registered figure with its provenance: source file, hash, offsets and quote."""
    hashes = {doc.name: doc.sha256 for doc in docs}
    out = []
    for figure in registry.figures.values():
        out.append({
            "id": figure.id, "label": figure.label, "value": figure.value, "unit": figure.unit,
            "qualifier": figure.qualifier, "surface": figure.surface, "period": figure.period,
            "period_norm": figure.period_norm, "actor": figure.actor, "metric": figure.metric,
            "note": figure.note, "derived": figure.formula,
            "source": {"file": figure.source, "sha256": hashes.get(figure.source, ""),
                       "publisher": figure.publisher, "date": figure.published,
                       "quote": figure.quote, "start": figure.start, "end": figure.end},
        })
    return out


def _source_entry(doc) -> dict:
    meta = {k: str(v) for k, v in sorted(doc.metadata.items()) if k in
            ("title", "publisher", "published", "reported", "url")}
    return {"file": doc.name, "sha256": doc.sha256, "encoding": doc.encoding, **meta}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def publish_atomically(output_dir: Path, files: dict[str, str]) -> None:
    """Write `files` into a new directory, then swap it in place of output_dir."""
    output_dir = Path(output_dir)
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-new-", dir=parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the output is meant to be published
    try:
        for relative, text in files.items():
            target = (staging / relative).resolve()
            if staging.resolve() not in target.parents:
                raise ValueError(f"refusing to write outside the output directory: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        old = None
        if output_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-old-", dir=parent))
            os.rename(output_dir, old / "previous")
        os.rename(staging, output_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
