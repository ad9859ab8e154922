"""Draft figures.yaml entries for a source (fanzha extract --suggest, fanzha source add): every
statistic the extractor found, with a quote that stands once in the source, and a mark where it
found nothing the editor must write."""

from __future__ import annotations

import bisect
import re

from generator.extraction.lexicon import is_han
from generator.extraction.periods import period_label
from generator.model import NumberRecord, SourceDoc

MISSING = {
    "period": "  # EDITOR: no period found for it in the source; write the source's period or drop the entry",
    "actor": "  # EDITOR: no actor found; write who reports the figure",
}
"""What a draft entry says where the extractor found nothing: the editor must fill it in."""


def suggest_entries(doc: SourceDoc, records: list[NumberRecord]) -> str:
    """Draft registry entries (YAML) for every statistic of a source, for an editor to curate."""
    lines = [f"# Draft entries for {doc.name}: check each quote, label, period and actor,",
             "# give each a stable id, and keep only the figures worth citing."]
    used: set[str] = set()
    for record in records:
        if record.kind != "statistic":
            continue
        quote = _unique_quote(doc, record)
        if quote is None:
            continue
        base = _slug(record)
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        lines += [
            f"- id: {ident}",
            f"  source: {doc.name}",
            f"  quote: {_yaml_str(quote)}",
            f"  surface: {_yaml_str(record.surface)}",
            f"  label: {_yaml_str(record.metric)}",
            f"  period: {_yaml_str(record.period)}" + (MISSING["period"] if not record.period else ""),
            f"  actor: {_yaml_str(record.actor)}" + (MISSING["actor"] if not record.actor else ""),
            f"  # value {record.value}, unit {record.unit or '-'}, qualifier {record.qualifier}"
            + (f", a change against {period_label(record.compared_with)}" if record.compared_with else ""),
        ]
    return "\n".join(lines) + "\n"


def _unique_quote(doc: SourceDoc, record: NumberRecord) -> str | None:
    """The shortest clause-bounded text around the record that occurs once in the body."""
    body = doc.body.text
    offsets = doc.body.mapped.offsets
    at = bisect.bisect_left(offsets, record.start)
    if at >= len(body) or offsets[at] != record.start:
        return None
    end = at + len(record.surface.strip())
    stops = "，。；：！？,;:!?\n"
    start = at
    while start > 0 and body[start - 1] not in stops and at - start < 40:
        start -= 1
    if not any(is_han(char) for char in body[start:end]):  # a table's cell (18): quote its row (城关镇，18)
        start = body.rfind("\n", 0, at) + 1
    quote = body[start:end]
    while body.count(quote) > 1 and start > 0:
        start -= 1
        quote = body[start:end]
    return quote if body.count(quote) == 1 and record.surface in quote else None


def _slug(record: NumberRecord) -> str:
    year = re.search(r"\d{4}", record.period_norm or "")
    return f"figure-{year.group() if year else 'x'}-{record.start}"


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (always quoted, so 44.10 and NO stay text)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
