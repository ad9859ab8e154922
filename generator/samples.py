"""Sample values left in fanzha.toml: the shipped file names a sample unit (示例县公安局反诈中心（样例，
请替换）), a sample number (0000-0000000) and a sample QR address (example.org), so that the shipped
material shows what goes where. Printed material must carry none of them, and an edition that sets
only its name keeps the [unit]'s hotlines and QR targets: every build names the tables whose sample
values its material would print (--verbose: each value), until they are replaced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.config import Settings, Unit

SAMPLE = re.compile(r"样例|樣例|示例|請替換|请替换|example\.(?:org|com|net)\b|^0+(?:-0+)*$")
"""What marks a value as a sample: the shipped file's own words, the domains reserved for
examples (RFC 2606), a number of nothing but zeros."""


@dataclass(frozen=True)
class Sample:
    """One sample value: the table of fanzha.toml whose material prints it, the field, the value,
    and for an edition whether it is the [unit]'s, kept because the edition sets none."""

    table: str
    field: str
    value: str
    kept: bool = False

    def __str__(self) -> str:
        kept = ", kept from [unit] (the edition sets none of its own)" if self.kept else ""
        return f"fanzha.toml [{self.table}] {self.field} is a sample value ({self.value!r}){kept}: replace it"


def sample_values(settings: Settings) -> tuple[Sample, ...]:
    """Every sample value the material of some edition would print, in the order of the file."""
    found = [Sample("unit", field, value) for field, value in _unit_fields(settings.unit) if SAMPLE.search(value)]
    base = set(_unit_fields(settings.unit))
    for name, edition in sorted(settings.editions.items()):
        found += [Sample(f"editions.{name}", field, value, (field, value) in base)
                  for field, value in _unit_fields(edition.unit) if SAMPLE.search(value)]
    for field in ("send_to", "copy_to"):
        found += [Sample("briefing", field, value) for value in getattr(settings.briefing, field)
                  if SAMPLE.search(value)]
    return tuple(found)


def summary(samples: tuple[Sample, ...]) -> str:
    """One line for a build's output: how many, and in which tables."""
    tables = ", ".join(f"[{table}]" for table in dict.fromkeys(sample.table for sample in samples))
    return (f"{len(samples)} sample value(s) of fanzha.toml would be printed on the material ({tables}): "
            f"replace them with your unit's before printing; --verbose lists them")


def _unit_fields(unit: Unit) -> Iterator[tuple[str, str]]:
    yield "name", unit.name
    yield "short_name", unit.short_name
    for i, hotline in enumerate(unit.hotlines):
        yield f"hotlines[{i}] number", hotline.number
        yield f"hotlines[{i}] label", hotline.label
    for i, target in enumerate(unit.qr):
        yield f"qr[{i}] url", target.url
        yield f"qr[{i}] label", target.label
