"""The fixed guidance: 三不一多, hotlines, the app, the ten fraud types of the 2021 handbook, the
scams that target older people, and typical cases (典型案例).

Wording that comes from a source names the source and a quote; the quote must occur once
in the source's body, and every quoted item (each line of 三不一多, each fraud type, in
order) must stand inside it; an item may name a quote of its own instead. A typical case is
one or more passages of a source, each of which must occur once in its body, in the source's
order; pages show them verbatim and the check traces their numbers to that source.
Team-written text lives under `editorial` keys. The guidance reaches templates and posts as
typed records: a missing key is an error naming the file and line, and a hotline is found by
its role (warning, report), never by its place in the list. This module holds the records;
guidance_reader.py reads content/guidance.yaml into them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.errors import ConfigError
from generator.extraction.periods import chinese_date

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
    calls_you: bool = True
    """For the warning line: True when it calls people who are being defrauded, so that pages say
    "96110来电一定要接听" (the mainland's 预警劝阻 line); False for a line people call to ask
    (Hong Kong's 18222 防騙易熱線, Taiwan's 165), where they say "拿不准，先拨打18222" instead."""


@dataclass(frozen=True)
class App:
    name: str
    editorial: str
    quoted: Quote
    search: str = ""
    """What to type in the phone's app store ("国家反诈中心"): by default the name without "APP"."""

    @property
    def search_text(self) -> str:
        return self.search or re.sub(r"\s*(?:APP|App|app)$", "", self.name)


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
        return chinese_date(self.published)


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
                named.append(f"{quoted.publisher}，{chinese_date(quoted.published)}")
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
