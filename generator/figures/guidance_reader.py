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

SECTIONS = ("principle", "contacts", "app", "fraud_types", "elder_scams", "cases")
REQUIRED = ("principle", "contacts", "app", "fraud_types")


def load_guidance(path: Path, docs: list[SourceDoc], override: Path | None = None) -> Guidance:
    """Load content/guidance.yaml and check each quote; ConfigError lists every problem.

    `override` is an edition's own guidance.yaml (editions/NAME/guidance.yaml): each section it
    has replaces the shared file's section of that name whole (a Hong Kong edition's contacts:
    999 and 18222 instead of 110 and 96110), and its problems are reported with its own path."""
    sections = _sections(Path(path), required=True)
    if override is not None:
        sections.update(_sections(Path(override), required=False))
    errors: list[str] = []
    readers = {where: _Reader(where, {doc.name: doc for doc in docs}, errors)
               for where in {where for _, where in sections.values()}}

    def read(name: str):
        data, where = sections[name]
        return readers[where], data

    reader, data = read("fraud_types")
    fraud_types = reader.fraud_types(data)
    elder_scams = None
    if "elder_scams" in sections:
        reader, data = read("elder_scams")
        elder_scams = reader.fraud_types(data, "elder_scams")
    keys = [item.key for item in fraud_types.items + (elder_scams.items if elder_scams else ())]
    for key in {key for key in keys if keys.count(key) > 1}:
        errors.append(f"{sections['fraud_types'][1]}: fraud type key {key!r} is given twice")
    principle_reader, principle = read("principle")
    contacts_reader, contacts = read("contacts")
    app_reader, app = read("app")
    cases_reader, cases = read("cases") if "cases" in sections else (reader, [])
    guidance = Guidance(principle=principle_reader.principle(principle), contacts=contacts_reader.contacts(contacts),
                        app=app_reader.app(app), fraud_types=fraud_types, elder_scams=elder_scams,
                        cases=cases_reader.cases(cases or [], set(keys)))
    if errors:
        raise ConfigError(f"{len(errors)} problem(s) in the guidance:\n" + "\n".join(errors))
    return guidance


def _sections(path: Path, *, required: bool) -> dict[str, tuple[object, Path]]:
    """The file's sections by name, each with the file it came from; an edition's file may
    have any of them (`required` False), content/guidance.yaml needs the four every product uses."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with sections among: {', '.join(SECTIONS)}")
    missing = [key for key in REQUIRED if key not in data] if required else []
    if missing:
        raise ConfigError(f"{path}: missing section(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown section(s): {', '.join(unknown)}; a guidance file has "
                          f"{', '.join(SECTIONS)}")
    return {key: (value, path) for key, value in data.items()}


class _Reader:
    """Turns the guidance's sections into records, collecting every problem with its line."""

    def __init__(self, path: Path, docs: dict[str, SourceDoc], errors: list[str]):
        self.path, self.docs = path, docs
        self.errors = errors

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
        calls = str(item.get("calls_you", "true")).lower()  # every scalar is read as the text typed
        if calls not in ("true", "false"):
            self.errors.append(f"{self.where(item)}: `calls_you` is true or false (does this line call people "
                               f"who are being defrauded, as 96110 does?), not {item.get('calls_you')!r}")
        calls_you = calls != "false"
        return Hotline(number=number, name=self.text(item, "name"), role=self.text(item, "role"),
                       editorial=self.text(item, "editorial"), quoted=quoted, calls_you=calls_you)

    def app(self, section) -> App:
        name = self.text(section, "name")
        search = section.get("search", "") if isinstance(section, Mapping) else ""
        if not isinstance(search, str):
            self.errors.append(f"{self.where(section)}: app `search` is a text (what to type in the app store)")
            search = ""
        return App(name=name, editorial=self.text(section, "editorial"), quoted=self.quoted(section, [name]),
                   search=search)

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
