"""The files a build writes besides its pages: the manifest, the sources' and figures' JSON, the
check report (with the project's paths, not the build machine's) and the extracted numbers."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from generator.checking.check import Checker
from generator.figures.registry import Registry
from generator.model import Artifact, NumberRecord, SourceDoc
from generator.products.compose import Composed
from generator.products.site import SiteInput, site_files
from generator.project import Project
from generator.rendering.renders import Collected


def output_files(env, docs: list[SourceDoc], records: Mapping[str, list[NumberRecord]], registry: Registry,
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


def _manifest_entry(artifact: Artifact) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": artifact.path, "product": artifact.product, "content": artifact.content_path,
                             "template": artifact.template, "figures": list(artifact.figure_ids)}
    if artifact.date:  # 今年, 上月 on the page are read against it when the check runs again
        entry["date"] = artifact.date
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
