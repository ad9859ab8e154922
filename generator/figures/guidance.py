"""The fixed guidance: 三不一多, hotlines, the app and the ten fraud types of the 2021 handbook.

Wording that comes from a source names the source and a quote; the quote must occur once
in the source's body, and every quoted item (each line of 三不一多, each fraud type, in
order) must stand inside it. Team-written text lives under `editorial` keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError
from generator.model import SourceDoc
from generator.yamlfile import load_yaml


@dataclass(frozen=True)
class Guidance:
    """The checked guidance, as plain data for templates."""

    principle: dict
    contacts: tuple[dict, ...]
    app: dict
    fraud_types: dict

    def fraud_type(self, key: str) -> dict:
        """One fraud type by its key (loan, brushing …)."""
        for item in self.fraud_types["items"]:
            if item["key"] == key:
                return item
        raise KeyError(key)


def load_guidance(path: Path, docs: list[SourceDoc]) -> Guidance:
    """Load content/guidance.yaml and check each quote; ConfigError lists every problem."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with principle, contacts, app and fraud_types")
    missing = [k for k in ("principle", "contacts", "app", "fraud_types") if k not in data]
    if missing:
        raise ConfigError(f"{path}: missing section(s): {', '.join(missing)}")
    by_name = {doc.name: doc for doc in docs}
    errors: list[str] = []
    principle = data["principle"]
    _check_quote(principle, principle.get("lines", []), by_name, path, errors)
    for contact in data["contacts"]:
        if "quote" in contact:
            _check_quote(contact, [contact.get("number", "")], by_name, path, errors)
    _check_quote(data["app"], [data["app"].get("name", "")], by_name, path, errors)
    types = data["fraud_types"]
    _check_quote(types, [item.get("name", "") for item in types.get("items", [])], by_name, path, errors)
    if not types.get("edition"):
        errors.append(f"{path}:{getattr(types, 'line', 0)}: fraud_types needs the handbook edition it quotes")
    if errors:
        raise ConfigError(f"{len(errors)} problem(s) in the guidance:\n" + "\n".join(errors))
    return Guidance(principle=principle, contacts=tuple(data["contacts"]), app=data["app"], fraud_types=types)


def _check_quote(section: dict, items: list[str], docs: dict[str, SourceDoc], path: Path, errors: list[str]) -> None:
    """The section's quote occurs once in its source, and its items stand in it in order."""
    where = f"{path}:{getattr(section, 'line', 0)}"
    doc = docs.get(section.get("source", ""))
    if doc is None:
        errors.append(f"{where}: unknown source {section.get('source')!r}")
        return
    quote = section.get("quote", "")
    count = doc.body.text.count(quote) if quote else 0
    if count != 1:
        errors.append(f"{where}: quote {'not found' if count == 0 else f'found {count} times'} in {doc.name}: {quote!r}")
        return
    pos = 0
    for item in items:
        found = quote.find(item, pos) if item else -1
        if found < 0:
            errors.append(f"{where}: {item!r} is not in the quote (in this order) from {doc.name}")
            return
        pos = found + len(item)
