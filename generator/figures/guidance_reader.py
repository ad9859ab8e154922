"""content/guidance.yaml read into the guidance's typed records (guidance.py), every quote and
passage checked against its source, every problem reported with its file and line at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from generator.errors import ConfigError
from generator.figures.guidance import (
    ROLES,
    App,
    Case,
    FraudType,
    FraudTypes,
    Guidance,
    Hotline,
    Passage,
    Principle,
    Quote,
)
from generator.figures.quotes import display_quote, not_found
from generator.model import SourceDoc
from generator.yamlfile import load_yaml


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
    unknown = sorted(set(data) - {"principle", "contacts", "app", "fraud_types", "elder_scams", "cases"})
    if unknown:
        raise ConfigError(f"{path}: unknown section(s): {', '.join(unknown)}")
    fraud_types = reader.fraud_types(data["fraud_types"])
    elder_scams = reader.fraud_types(data["elder_scams"], "elder_scams") if "elder_scams" in data else None
    keys = [item.key for item in fraud_types.items + (elder_scams.items if elder_scams else ())]
    for key in {key for key in keys if keys.count(key) > 1}:
        reader.errors.append(f"{path}: fraud type key {key!r} is given twice")
    guidance = Guidance(principle=reader.principle(data["principle"]), contacts=reader.contacts(data["contacts"]),
                        app=reader.app(data["app"]), fraud_types=fraud_types, elder_scams=elder_scams,
                        cases=reader.cases(data.get("cases") or [], set(keys)))
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
        if doc is not None:
            quote = replace(quote, publisher=str(doc.metadata.get("publisher", "")),
                            published=str(doc.metadata.get("published", "")))
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
        notes = section.get("editorial") if isinstance(section, Mapping) else None
        if notes is not None and (not isinstance(notes, list) or len(notes) != len(lines)
                                  or not all(isinstance(note, str) for note in notes)):
            self.errors.append(f"{self.where(section)}: principle `editorial` is one line of text per line")
            notes = None
        return Principle(name=self.text(section, "name"), lines=tuple(lines), quoted=self.quoted(section, lines),
                         notes=tuple(notes or ()))

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

    def fraud_types(self, section, label: str = "fraud_types") -> FraudTypes:
        """A quoted list of fraud types; an item with a `source` and `quote` of its own is checked
        against those instead of the list's quote."""
        items = section.get("items") if isinstance(section, Mapping) else None
        if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
            self.errors.append(f"{self.where(section)}: {label} needs `items` (key, name, editorial each)")
            items = []
        types = tuple(FraudType(key=self.text(item, "key"), name=self.text(item, "name"),
                                editorial=self.text(item, "editorial"), warning=str(item.get("warning") or ""),
                                quoted=self.quoted(item, [str(item.get("name") or "")])
                                if "source" in item or "quote" in item else None,
                                says=self.says(item))
                      for item in items)
        edition = section.get("edition") if isinstance(section, Mapping) else None
        if not edition:
            self.errors.append(f"{self.where(section)}: {label} needs the handbook edition it quotes")
        return FraudTypes(edition=str(edition or ""), items=types,
                          quoted=self.quoted(section, [t.name for t in types if t.quoted is None]))

    def says(self, item) -> tuple[str, ...]:
        """A fraud type's `says`: a list of texts, none holding a number (every number on a page
        must be traced to a source, and these are the team's words)."""
        says = item.get("says") or []
        if not isinstance(says, list) or not all(isinstance(line, str) and line for line in says):
            self.errors.append(f"{self.where(item)}: `says` is a list of texts")
            return ()
        for line in says:
            if any(char.isdigit() for char in line):
                self.errors.append(f"{self.where(item)}: `says` may hold no number (it is the team's wording): "
                                   f"{line!r}")
        return tuple(says)

    def cases(self, section, type_keys: set[str]) -> tuple[Case, ...]:
        """The typical cases: each passage occurs once in its source's body, in the source's order."""
        if not isinstance(section, list) or not all(isinstance(item, Mapping) for item in section):
            self.errors.append(f"{self.path}: cases must be a list of typical cases (id, type, source, quote)")
            return ()
        cases, seen = [], set()
        for item in section:
            case_id, key, source = self.text(item, "id"), self.text(item, "type"), self.text(item, "source")
            if case_id in seen:
                self.errors.append(f"{self.where(item)}: case id {case_id!r} is given twice")
            seen.add(case_id)
            if key and key not in type_keys:
                self.errors.append(f"{self.where(item)}: case {case_id!r} is of an unknown fraud type {key!r}")
            title = str(item.get("title") or "")
            if any(char.isdigit() for char in title):
                self.errors.append(f"{self.where(item)}: case {case_id!r}: the title is the team's words and may "
                                   f"hold no number (every number must be the source's): {title!r}")
            doc = self.docs.get(source)
            cases.append(Case(id=case_id, type=key, title=title, source=source,
                              passages=self.passages(item, case_id, doc),
                              publisher=str(doc.metadata.get("publisher", "")) if doc else "",
                              published=str(doc.metadata.get("published", "")) if doc else ""))
        return tuple(cases)

    def passages(self, item, case_id: str, doc: SourceDoc | None) -> tuple[Passage, ...]:
        """A case's `quote` (one text or a list of texts), each checked against the source's body."""
        quote = item.get("quote")
        texts = [quote] if isinstance(quote, str) else quote
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t for t in texts):
            self.errors.append(f"{self.where(item)}: case {case_id!r} needs `quote` (a text, or a list of texts)")
            return ()
        if doc is None or doc.body is None:
            self.errors.append(f"{self.where(item)}: case {case_id!r}: unknown source {item.get('source')!r}")
            return ()
        body, passages, end = doc.body.text, [], -1
        for text in texts:
            count = body.count(text)
            if count != 1:
                message = not_found(doc.name, body, text) if count == 0 else \
                    f"quote found {count} times in {doc.name}: {text!r}"
                self.errors.append(f"{self.where(item)}: case {case_id!r}: {message}")
                continue
            at = body.index(text)
            if at < end:
                self.errors.append(f"{self.where(item)}: case {case_id!r}: its passages must follow the source's "
                                   f"order; {text[:20]!r}… stands before the one above it in {doc.name}")
            passages.append(Passage(display_quote(text), text, gap_before=end >= 0 and bool(body[end:at].strip())))
            end = at + len(text)
        return tuple(passages)
