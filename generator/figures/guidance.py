"""The fixed guidance: 三不一多, hotlines, the app and the ten fraud types of the 2021 handbook.

Wording that comes from a source names the source and a quote; the quote must occur once
in the source's body, and every quoted item (each line of 三不一多, each fraud type, in
order) must stand inside it. Team-written text lives under `editorial` keys. The guidance
reaches templates and posts as typed records: a missing key is an error naming the file and
line, and a hotline is found by its role (warning, report), never by its place in the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import ConfigError
from generator.figures.quotes import not_found
from generator.model import SourceDoc
from generator.yamlfile import load_yaml

ROLES = ("warning", "report")
"""The hotline roles every product needs: the 96110 warning line, and 110 to report a fraud."""


@dataclass(frozen=True)
class Quote:
    """Where quoted wording comes from: a source file and a quote that occurs once in it."""

    source: str
    quote: str


@dataclass(frozen=True)
class Principle:
    """三不一多: its name and its four lines, quoted."""

    name: str
    lines: tuple[str, ...]
    quoted: Quote


@dataclass(frozen=True)
class Hotline:
    """A number people are told to call, what it is for, and the team's line about it."""

    number: str
    name: str
    role: str
    """warning (the 预警劝阻 line, 96110), report (110), or another role a project names."""
    editorial: str
    quoted: Quote | None = None


@dataclass(frozen=True)
class App:
    name: str
    editorial: str
    quoted: Quote


@dataclass(frozen=True)
class FraudType:
    key: str
    name: str
    editorial: str
    """How the scam goes, or what to do: one sentence the team wrote."""
    warning: str = ""
    """The type framed as a warning, "凡是……都是诈骗" (the team's wording unless quoted)."""


@dataclass(frozen=True)
class FraudTypes:
    """The fraud types of one handbook edition, quoted in order."""

    edition: str
    items: tuple[FraudType, ...]
    quoted: Quote


@dataclass(frozen=True)
class Guidance:
    """The checked guidance, as typed records for templates and posts."""

    principle: Principle
    contacts: tuple[Hotline, ...]
    app: App
    fraud_types: FraudTypes
    local_numbers: frozenset[str] = frozenset()
    """The issuing unit's own hotlines (fanzha.toml [unit] hotlines): allowed on a page too."""

    def with_local_numbers(self, numbers) -> Guidance:
        """The same guidance, with the unit's own hotline numbers allowed by the check."""
        return replace(self, local_numbers=frozenset(numbers))

    def hotline(self, role: str) -> Hotline:
        """The first hotline with this role (load_guidance made sure every needed role has one)."""
        return next(contact for contact in self.contacts if contact.role == role)

    def fraud_type(self, key: str) -> FraudType:
        """One fraud type by its key (loan, brushing …); KeyError when there is none."""
        for item in self.fraud_types.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def phone_numbers(self) -> frozenset[str]:
        """Every hotline's number and the unit's own: the check lets these stand on a page."""
        return frozenset(contact.number for contact in self.contacts) | self.local_numbers


def load_guidance(path: Path, docs: list[SourceDoc]) -> Guidance:
    """Load content/guidance.yaml and check each quote; ConfigError lists every problem."""
    path = Path(path)
    data = load_yaml(path)
    reader = _Reader(path, {doc.name: doc for doc in docs})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with principle, contacts, app and fraud_types")
    missing = [k for k in ("principle", "contacts", "app", "fraud_types") if k not in data]
    if missing:
        raise ConfigError(f"{path}: missing section(s): {', '.join(missing)}")
    guidance = Guidance(principle=reader.principle(data["principle"]), contacts=reader.contacts(data["contacts"]),
                        app=reader.app(data["app"]), fraud_types=reader.fraud_types(data["fraud_types"]))
    if reader.errors:
        raise ConfigError(f"{len(reader.errors)} problem(s) in the guidance:\n" + "\n".join(reader.errors))
    return guidance


class _Reader:
    """Turns the guidance's sections into records, collecting every problem with its line."""

    def __init__(self, path: Path, docs: dict[str, SourceDoc]):
        self.path, self.docs = path, docs
        self.errors: list[str] = []

    def where(self, section) -> str:
        return f"{self.path}:{getattr(section, 'line', 0)}"

    def text(self, section, key: str) -> str:
        """A required text field; a missing one is recorded as an error."""
        value = section.get(key) if isinstance(section, Mapping) else None
        if not isinstance(value, str) or not value:
            self.errors.append(f"{self.where(section)}: needs `{key}` (a text)")
            return ""
        return value

    def quoted(self, section, items: list[str]) -> Quote:
        """The section's source and quote, checked: the quote occurs once, its items stand in it in order."""
        quote = Quote(self.text(section, "source"), self.text(section, "quote"))
        doc = self.docs.get(quote.source)
        if doc is None or doc.body is None:
            if quote.source:
                self.errors.append(f"{self.where(section)}: unknown source {quote.source!r}")
            return quote
        count = doc.body.text.count(quote.quote) if quote.quote else 0
        if count != 1:
            message = (not_found(doc.name, doc.body.text, quote.quote) if count == 0
                       else f"quote found {count} times in {doc.name}: {quote.quote!r}")
            self.errors.append(f"{self.where(section)}: {message}")
            return quote
        pos = 0
        for item in items:
            found_at = quote.quote.find(item, pos) if item else -1
            if found_at < 0:
                self.errors.append(f"{self.where(section)}: {item!r} is not in the quote (in this order) "
                                   f"from {doc.name}")
                break
            pos = found_at + len(item)
        return quote

    def principle(self, section) -> Principle:
        lines = section.get("lines") if isinstance(section, Mapping) else None
        if not isinstance(lines, list) or not lines or not all(isinstance(line, str) for line in lines):
            self.errors.append(f"{self.where(section)}: principle needs `lines` (a list of texts)")
            lines = []
        return Principle(name=self.text(section, "name"), lines=tuple(lines), quoted=self.quoted(section, lines))

    def contacts(self, section) -> tuple[Hotline, ...]:
        if not isinstance(section, list) or not all(isinstance(item, Mapping) for item in section):
            self.errors.append(f"{self.path}: contacts must be a list of hotlines (number, name, role, editorial)")
            return ()
        hotlines = tuple(self.hotline(item) for item in section)
        for role in ROLES:
            if not any(h.role == role for h in hotlines):
                self.errors.append(f"{self.path}: contacts need a hotline with role: {role} "
                                   f"(warning: the 96110 预警劝阻 line; report: 110)")
        return hotlines

    def hotline(self, item) -> Hotline:
        number = self.text(item, "number")
        quoted = self.quoted(item, [number]) if "quote" in item or "source" in item else None
        return Hotline(number=number, name=self.text(item, "name"), role=self.text(item, "role"),
                       editorial=self.text(item, "editorial"), quoted=quoted)

    def app(self, section) -> App:
        name = self.text(section, "name")
        return App(name=name, editorial=self.text(section, "editorial"), quoted=self.quoted(section, [name]))

    def fraud_types(self, section) -> FraudTypes:
        items = section.get("items") if isinstance(section, Mapping) else None
        if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
            self.errors.append(f"{self.where(section)}: fraud_types needs `items` (key, name, editorial each)")
            items = []
        types = tuple(FraudType(key=self.text(item, "key"), name=self.text(item, "name"),
                                editorial=self.text(item, "editorial"), warning=str(item.get("warning") or ""))
                      for item in items)
        edition = section.get("edition") if isinstance(section, Mapping) else None
        if not edition:
            self.errors.append(f"{self.where(section)}: fraud_types needs the handbook edition it quotes")
        return FraudTypes(edition=str(edition or ""), items=types,
                          quoted=self.quoted(section, [t.name for t in types]))
