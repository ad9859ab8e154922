"""The figure registry: the figures editors chose, each pinned to a quote in a source.

content/figures.yaml lists them. Value, unit and qualifier come from the extractor at the
quoted place; where an entry states them too, they must agree. Every problem is reported
with the file and line of the entry, all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from pathlib import Path

from generator.errors import ConfigError
from generator.extraction.fold import fold
from generator.extraction.meaning import change_direction, written_decimals
from generator.extraction.numbers import format_decimal
from generator.extraction.periods import Period, parse_period, period_label
from generator.extraction.records import extract_records, report_date
from generator.figures.quotes import not_found
from generator.model import NumberRecord, SourceDoc
from generator.yamlfile import load_yaml

REQUIRED = ("id", "source", "quote", "surface", "label", "period", "actor")
OPTIONAL = ("note", "metric", "value", "unit", "qualifier", "period_note")
DERIVED_FIELDS = ("id", "derived", "inputs", "label", "period", "note", "places")
# How a derived figure is computed from its inputs (a, b): value and unit.
OPERATIONS = {
    "difference": "b − a, in the inputs' unit",
    "percent_change": "(b − a) / a × 100, in %",
    "sum": "a + b + …, in the inputs' unit",
    "share": "a / b × 100, in %",
    "ratio": "b / a, in 倍",
}
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Figure:
    """A registered figure with its provenance."""

    id: str
    source: str
    """File name of the source (content/sources/…)."""
    quote: str
    """Text that occurs exactly once in the source's body."""
    surface: str
    """The figure as written inside the quote: 44.1万余起."""
    label: str
    period: str
    actor: str
    value: str
    """Exact decimal with the magnitude applied, from the extractor."""
    unit: str
    qualifier: str
    start: int
    """Offset of the surface in the decoded original source file."""
    end: int
    period_norm: str
    metric: str
    """Key for comparing figures across sources; the label unless the entry gives one."""
    publisher: str
    published: str
    source_title: str = ""
    note: str = ""
    line: int = 0
    """Line of the entry in figures.yaml."""
    formula: str = ""
    """For a derived figure: how it was calculated from which ids ("" for a quoted one)."""
    period_written: str = ""
    """The period as the registry entry writes it (`period` is its printed form)."""
    direction: str = ""
    """up or down for a change (上升60.4%, 同比下降21.7%), "" for a level."""
    decimals: int = 0
    """Digits the source writes after the decimal point (44.1万 → 1): a page may not show more."""
    inputs: tuple[str, ...] = ()
    """For a derived figure: the ids it was calculated from."""
    compared_with: str = ""
    """For a change (同比上升60.4%): the period it is measured against, in normal form."""
    shown: str = ""
    """For a rounded derived figure: its value with the decimals asked for (37.0); "" to write the value."""

    @property
    def derived(self) -> bool:
        """True for a figure calculated at build time rather than quoted."""
        return bool(self.formula)


@dataclass(frozen=True)
class Registry:
    """All registered figures, by id, with the warnings found while loading them."""

    figures: dict[str, Figure]
    warnings: tuple[str, ...]
    path: str

    def newest_full_year(self, metric: str) -> Figure | None:
        """The figure of the latest whole year registered for a metric (cases-solved → 2021's),
        so that a product citing the metric is brought up to date by registering next year's."""
        years = [f for f in self.figures.values() if f.metric == metric and re.fullmatch(r"\d{4}", f.period_norm)]
        return max(years, key=lambda f: (f.period_norm, f.line), default=None)


def load_registry(path: Path, docs: list[SourceDoc], records: dict[str, list[NumberRecord]] | None = None,
                  base: Registry | None = None) -> Registry:
    """Load and check content/figures.yaml against the sources; ConfigError lists every problem.
    With `base` (the shared registry, for an edition's own figures.yaml), its figures come first:
    the file adds to them, may derive from them, and may not reuse their ids."""
    path = Path(path)
    entries = load_yaml(path) or []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: must be a list of figure entries")
    by_name = {doc.name: doc for doc in docs}
    records = records if records is not None else {doc.name: extract_records(doc) for doc in docs}
    figures: dict[str, Figure] = dict(base.figures) if base else {}
    errors: list[str] = []
    for entry in entries:
        where = f"{path}:{getattr(entry, 'line', 0)}"
        try:
            if isinstance(entry, dict) and "derived" in entry:
                figure = _derived(entry, figures)
            else:
                figure = _figure(entry, where, by_name, records)
        except _EntryError as exc:
            errors.append(f"{where}: {exc}")
            continue
        if figure.id in figures:
            first = figures[figure.id]
            place = f"line {first.line}" if not base or first.id not in base.figures else f"{base.path}:{first.line}"
            errors.append(f"{where}: duplicate id {figure.id!r} (first at {place})")
            continue
        figures[figure.id] = figure
    if errors:
        raise ConfigError(f"{len(errors)} problem(s) in the figure registry:\n" + "\n".join(errors))
    warnings = tuple(_warnings(figures.values(), path)) if base is None else base.warnings
    return Registry(figures=figures, warnings=warnings, path=str(path))


def project_registry(content_dir: Path, docs: list[SourceDoc], records: dict[str, list[NumberRecord]]) -> Registry:
    """The project's registry, content/figures.yaml, or an empty one when it has none yet."""
    path = Path(content_dir) / "figures.yaml"
    if not path.exists():
        return Registry(figures={}, warnings=(), path=str(path))
    return load_registry(path, docs, records)


class _EntryError(Exception):
    """One entry's problem; collected so that all are reported together."""


def _figure(entry, where: str, docs: dict[str, SourceDoc], records: dict[str, list[NumberRecord]]) -> Figure:
    """A quoted figure: the entry checked, its surface found in its quote and read by the extractor."""
    doc = _checked_entry(entry, docs)
    start, end = _surface_span(doc, entry["quote"], entry["surface"])
    record = _record_at(records[doc.name], entry, start, end)
    period = _checked_period(entry, record, report_date(doc))
    meta = doc.metadata
    return Figure(
        id=entry["id"], source=doc.name, quote=entry["quote"], surface=entry["surface"], label=entry["label"],
        period=period.label if period else entry["period"], actor=entry["actor"], value=record.value,
        unit=record.unit, qualifier=record.qualifier, start=start, end=end,
        period_norm=period.norm if period else record.period_norm, period_written=entry["period"],
        direction=change_direction(entry["quote"], entry["surface"]), decimals=written_decimals(entry["surface"]),
        metric=entry.get("metric") or entry["label"], publisher=str(meta.get("publisher", "")),
        published=str(meta.get("reported") or meta.get("published") or ""),
        source_title=str(meta.get("title", "")), note=entry.get("note", ""),
        line=getattr(entry, "line", 0), compared_with=_compared_with(record, period),
    )


def _compared_with(record: NumberRecord, period: Period | None) -> str:
    """The change's base as the source gives it, moved with the entry's period when a
    period_note lets that differ from the source's (同比 of 2021 → 2020)."""
    if not record.compared_with or period is None or period.norm == record.period_norm:
        return record.compared_with
    return ""  # the entry's own period differs from the source's: the base cannot be told


def _checked_period(entry, record: NumberRecord, reported) -> Period | None:
    """The period the entry gives, which must be the one the source gives its quote (as the
    extractor reads it, resolved against the source's report date) unless `period_note` says
    why it differs; None when the entry's period names no interval."""
    written = parse_period(fold(entry["period"]), reported)
    source = record.period_norm
    if entry.get("period_note") or (written.norm if written else "") == source:
        return written
    reads = f"{record.period or 'no period'}" + (f" ({period_label(source)})" if source else "")
    said = f"{entry['period']!r}" + (f" ({written.label})" if written else " (no interval)")
    raise _EntryError(f"period {said} is not what the source gives this figure: it reads {reads}; "
                      f"write the source's period, or say why it differs in period_note")


def _checked_entry(entry, docs: dict[str, SourceDoc]) -> SourceDoc:
    """The entry's fields checked; the source it quotes."""
    if not isinstance(entry, dict):
        raise _EntryError("each entry must be a mapping of fields")
    missing = [name for name in REQUIRED if name not in entry]
    if missing:
        raise _EntryError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _EntryError(f"unknown field(s): {', '.join(unknown)}")
    if not ID_PATTERN.fullmatch(entry["id"]):
        raise _EntryError(f"id {entry['id']!r} must be lower-case letters, digits and hyphens")
    doc = docs.get(entry["source"])
    if doc is None or doc.body is None:
        raise _EntryError(f"unknown source {entry['source']!r}; known: {', '.join(sorted(docs))}")
    return doc


def _surface_span(doc: SourceDoc, quote: str, surface: str) -> tuple[int, int]:
    """Where the surface stands in the original file: inside the quote, which occurs once in the body."""
    assert doc.body is not None
    found = [m.start() for m in re.finditer(re.escape(quote), doc.body.text)] if quote else []
    if not found:
        raise _EntryError(not_found(doc.name, doc.body.text, quote))
    if len(found) > 1:
        raise _EntryError(f"quote found {len(found)} times in {doc.name}; lengthen it so it is unique: {quote!r}")
    inside = [m.start() for m in re.finditer(re.escape(surface), quote)] if surface else []
    if not inside:
        raise _EntryError(f"surface {surface!r} is not in the quote {quote!r}")
    if len(inside) > 1:
        raise _EntryError(f"surface {surface!r} occurs {len(inside)} times in the quote; make the quote end after it")
    body_start = found[0] + inside[0]
    return doc.body.mapped.span_in_original(body_start, body_start + len(surface))


def _record_at(records: list[NumberRecord], entry, start: int, end: int) -> NumberRecord:
    """The statistic the extractor read at exactly that span, agreeing with what the entry declares."""
    surface = entry["surface"]
    record = next((r for r in records if r.start == start and r.end == end), None)
    if record is None:
        near = [r.surface for r in records if r.start < end and start < r.end]
        raise _EntryError(f"surface {surface!r} is not one number as the extractor reads it"
                          + (f" (it reads {', '.join(near)})" if near else ""))
    if record.kind != "statistic":
        raise _EntryError(f"{surface!r} is a {record.kind}, not a statistic")
    for name in ("value", "unit", "qualifier"):
        if name in entry and entry[name] != getattr(record, name):
            raise _EntryError(f"declared {name} {entry[name]!r} disagrees with the source, which reads "
                              f"{getattr(record, name)!r} for {surface!r}")
    return record


def _derived(entry: dict, figures: dict[str, Figure]) -> Figure:
    """A figure recomputed at every build from registered ones (listed before it)."""
    unknown = sorted(set(entry) - set(DERIVED_FIELDS))
    if unknown:
        raise _EntryError(f"unknown field(s) for a derived figure: {', '.join(unknown)}")
    missing = [k for k in ("id", "derived", "inputs", "label", "period") if k not in entry]
    if missing:
        raise _EntryError(f"missing field(s): {', '.join(missing)}")
    operation = entry["derived"]
    if operation not in OPERATIONS:
        raise _EntryError(f"unknown derivation {operation!r}; known: {', '.join(OPERATIONS)}")
    ids = entry["inputs"] if isinstance(entry["inputs"], list) else []
    absent = [i for i in ids if i not in figures]
    if len(ids) < 2 or absent:
        raise _EntryError(f"inputs must name two or more figures registered above; unknown: {', '.join(absent) or '-'}")
    inputs = [figures[i] for i in ids]
    values = [Decimal(f.value) for f in inputs]
    units = {f.unit for f in inputs}
    if operation in ("difference", "sum", "percent_change", "ratio") and len(units) > 1:
        raise _EntryError(f"inputs have different units ({', '.join(sorted(units))}); {operation} needs one")
    places = _places(entry, operation)
    if operation == "difference":
        value, unit = values[1] - values[0], inputs[0].unit
    elif operation == "sum":
        value, unit = sum(values, Decimal(0)), inputs[0].unit
    elif operation == "percent_change":
        value, unit = _rounded((values[1] - values[0]) * 100, values[0], places), "%"
    elif operation == "share":
        value, unit = _rounded(values[0] * 100, values[1], places), "%"
    else:
        value, unit = _rounded(values[1], values[0], places), "倍"
    exact = all(f.qualifier == "exact" for f in inputs) and operation in ("difference", "sum")
    first = inputs[0]
    return Figure(
        id=entry["id"], source=first.source, quote=first.quote, surface="", label=entry["label"],
        period=entry["period"], actor="", value=format_decimal(value), unit=unit,
        qualifier="exact" if exact else "about", start=first.start, end=first.end, period_norm="",
        metric=entry["label"], publisher=first.publisher, published=first.published,
        note=entry.get("note", ""), line=getattr(entry, "line", 0),
        formula=f"{operation}({', '.join(ids)}) = {OPERATIONS[operation]}", inputs=tuple(ids),
        shown=f"{value:.{places}f}" if unit in ("%", "倍") else "",
    )


ROUNDED = ("percent_change", "share", "ratio")
MAX_PLACES = 6


def _places(entry: dict, operation: str) -> int:
    """The decimals a rounded derived figure keeps: a whole number from 0 to 6 (1 when not given)."""
    if "places" not in entry:
        return 1
    places = entry["places"]
    if operation not in ROUNDED:
        raise _EntryError(f"places applies to {', '.join(ROUNDED)}; a {operation} is exact")
    if not isinstance(places, str) or not re.fullmatch(r"\d", places) or int(places) > MAX_PLACES:
        raise _EntryError(f"places must be a whole number of decimals from 0 to {MAX_PLACES}, not {places!r}")
    return int(places)


def _rounded(dividend: Decimal, divisor: Decimal, places: int) -> Decimal:
    """dividend / divisor rounded to `places` decimals by GB/T 8170-2008 (数值修约规则): below
    five down, above five up, exactly five to the even digit (36.85 → 36.8, 36.95 → 37.0).
    The quotient is taken to 60 digits first, so that "exactly five" is exact."""
    with localcontext() as context:
        context.prec = 60
        return (dividend / divisor).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


NATIONAL = re.compile(r"全国|国家|中国|中央|最高人民|^公安部|^工信部|部$")
"""An actor whose figures count the whole country (a ministry, 全国公安机关, 国家反诈中心)."""


def _scope(actor: str) -> str:
    """Whose count a figure is, for conflicts: the whole country (whichever national body reports
    it: two counts of it are a conflict) or the named region or body (湖北省公安厅)."""
    return "national" if not actor or NATIONAL.search(actor) else actor


def _warnings(figures, path: Path) -> list[str]:
    """Same metric, scope and interval with different values from different sources (a national
    and a provincial count of one year are no conflict); part-year vs year."""
    out = []
    groups: dict[tuple[str, str, str], list[Figure]] = {}
    figures = [f for f in figures if not f.derived]
    for figure in figures:
        groups.setdefault((figure.metric, figure.period_norm, _scope(figure.actor)), []).append(figure)
    for (metric, period, _), group in sorted(groups.items()):
        values = {(f.value, f.unit, f.qualifier) for f in group}
        sources = {f.source for f in group}
        if len(values) > 1 and len(sources) > 1 and period:
            listed = "; ".join(f"{f.surface} ({f.actor}, reported by {f.publisher or f.source}: {f.id})"
                               for f in group)
            out.append(f"{path}: conflicting values for {metric} in {period}: {listed}; "
                       f"a product that shows both must say whose each is")
    by_metric: dict[str, list[Figure]] = {}
    for figure in figures:
        by_metric.setdefault(figure.metric, []).append(figure)
    for metric, group in sorted(by_metric.items()):
        years = {f.period_norm for f in group if re.fullmatch(r"\d{4}", f.period_norm)}
        for f in group:
            part = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", f.period_norm)
            if part and part.group(1) in years and part.group(1) == part.group(3) and part.group(2) == "01" \
                    and part.group(4) != "12":
                out.append(f"{path}:{f.line}: {f.id} covers {f.period_written} only, and {metric} is also registered "
                           f"for the full year {part.group(1)}: do not compare them as equals")
    return out
