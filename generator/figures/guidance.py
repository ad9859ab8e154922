"""The fixed guidance: 三不一多, hotlines, the app, the ten fraud types of the 2021 handbook, the
scams that target older people, and typical cases (典型案例).

Wording that comes from a source names the source and a quote; the quote must occur once
in the source's body, and every quoted item (each line of 三不一多, each fraud type, in
order) must stand inside it; an item may name a quote of its own instead. A typical case is
one or more passages of a source, each of which must occur once in its body, in the source's
order; pages show them verbatim and the check traces their numbers to that source.
Team-written text lives under `editorial` keys. The guidance reaches templates and posts as
typed records: a missing key is an error naming the file and line, and a hotline is found by
its role (warning, report), never by its place in the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import ConfigError
from generator.figures.quotes import display_quote, not_found
from generator.model import SourceDoc
from generator.yamlfile import load_yaml

ROLES = ("warning", "report")
"""The hotline roles every product needs: the 96110 warning line, and 110 to report a fraud."""


@dataclass(frozen=True)
class Quote:
    """Where quoted wording comes from: a source file and a quote that occurs once in it."""

    source: str
    quote: str
    publisher: str = ""
    published: str = ""
    """The source's publisher and date (YYYY-MM-DD), from the sources index."""


@dataclass(frozen=True)
class Principle:
    """三不一多: its name and its four lines, quoted."""

    name: str
    lines: tuple[str, ...]
    quoted: Quote
    notes: tuple[str, ...] = ()
    """The team's words under each line (editorial): why it matters, what to do."""


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
    quoted: Quote | None = None
    """Where its name is quoted from, when that is not its list's quote."""
    says: tuple[str, ...] = ()
    """What the scammer typically says (the team's examples, 骗子常说), shown where there is room."""


@dataclass(frozen=True)
class FraudTypes:
    """The fraud types of one handbook edition, quoted in order."""

    edition: str
    items: tuple[FraudType, ...]
    quoted: Quote


@dataclass(frozen=True)
class Passage:
    """One passage of a typical case as a page shows it."""

    text: str
    """Verbatim from the source (its punctuation shown full-width: quotes.display_quote)."""
    quote: str
    """Exactly as it stands in the source's body."""
    gap_before: bool = False
    """Source text was left out between the passage before and this one (the page shows ……)."""


@dataclass(frozen=True)
class Case:
    """A typical case (典型案例): passages of one source, quoted verbatim and traced like a figure."""

    id: str
    type: str
    """The key of the fraud type it shows (guidance fraud_types or elder_scams)."""
    title: str
    """The team's few words above it (no numbers: every number must be the source's)."""
    source: str
    passages: tuple[Passage, ...]
    publisher: str = ""
    published: str = ""
    """The source's date (YYYY-MM-DD), for the credit under the case."""

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """(source file, passage) of each passage: what a page that shows the case quotes."""
        return tuple((self.source, passage.quote) for passage in self.passages)

    @property
    def published_text(self) -> str:
        """The source's date as printed under the case: 2021年5月27日."""
        year, month, day = (int(part) for part in self.published.split("-"))
        return f"{year}年{month}月{day}日"


@dataclass(frozen=True)
class Guidance:
    """The checked guidance, as typed records for templates and posts."""

    principle: Principle
    contacts: tuple[Hotline, ...]
    app: App
    fraud_types: FraudTypes
    local_numbers: frozenset[str] = frozenset()
    """The issuing unit's own hotlines (fanzha.toml [unit] hotlines): allowed on a page too."""
    elder_scams: FraudTypes | None = None
    """The scams that target older people (养老诈骗, 保健品, 冒充社保医保 …), quoted from official
    releases; found by fraud_type() like the handbook's types."""
    cases: tuple[Case, ...] = ()

    def with_local_numbers(self, numbers) -> Guidance:
        """The same guidance, with the unit's own hotline numbers allowed by the check."""
        return replace(self, local_numbers=frozenset(numbers))

    def hotline(self, role: str) -> Hotline:
        """The first hotline with this role (load_guidance made sure every needed role has one)."""
        return next(contact for contact in self.contacts if contact.role == role)

    def fraud_type(self, key: str) -> FraudType:
        """One fraud type by its key (loan, brushing, health-products …); KeyError when there is none."""
        for item in self._all_types():
            if item.key == key:
                return item
        raise KeyError(key)

    def fraud_type_list(self, key: str) -> FraudTypes:
        """The list a fraud type belongs to (its edition names where it comes from)."""
        for types in (self.fraud_types, self.elder_scams):
            if types is not None and any(item.key == key for item in types.items):
                return types
        raise KeyError(key)

    def editions(self, keys) -> list[str]:
        """Where these fraud types come from, each once, in the order of the keys: the edition of
        their list, or the publisher and date of an item's own quote."""
        named = []
        for key in keys:
            quoted, listed = self.fraud_type(key).quoted, self.fraud_type_list(key)
            if quoted is not None and quoted.source != listed.quoted.source and quoted.publisher and quoted.published:
                year, month, day = (int(part) for part in quoted.published.split("-"))
                named.append(f"{quoted.publisher}，{year}年{month}月{day}日")
            else:
                named.append(listed.edition)
        return list(dict.fromkeys(named))

    def _all_types(self) -> tuple[FraudType, ...]:
        return self.fraud_types.items + (self.elder_scams.items if self.elder_scams else ())

    def case(self, case_id: str) -> Case:
        """One typical case by its id; ConfigError (naming the ids there are) when there is none."""
        for case in self.cases:
            if case.id == case_id:
                return case
        raise ConfigError(f"unknown typical case {case_id!r}; guidance.yaml has "
                          f"{', '.join(c.id for c in self.cases) or 'none'}")

    def cases_for(self, keys) -> tuple[Case, ...]:
        """The typical cases of these fraud types, in the order of the keys."""
        return tuple(case for key in keys for case in self.cases if case.type == key)

    def chosen_cases(self, ids, keys, date: str = "") -> tuple[Case, ...]:
        """The cases a product names (`cases:` in its front matter), else those of its fraud types;
        none published after the product's `date` (YYYY-MM-DD): a leaflet printed in April 2022
        cannot quote a case reported in 2023. A case it names that is newer is an error."""
        if ids:
            chosen = tuple(self.case(str(case_id)) for case_id in ids)
            for case in chosen:
                if date and case.published > date:
                    raise ConfigError(f"typical case {case.id!r} was published on {case.published}, after the "
                                      f"product's date {date}: a product cannot quote what came out later")
            return chosen
        return tuple(case for case in self.cases_for(keys) if not date or case.published <= date)

    def principle_note(self, index: int) -> str:
        """The team's line under the index-th line of 三不一多 ("" when there is none)."""
        notes = self.principle.notes
        return notes[index] if index < len(notes) else ""

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
