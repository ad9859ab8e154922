"""Editions: the same campaign under other units, with their own figures, products and script.

fanzha.toml's [unit] is the default edition, built into output/. Each [editions.NAME] is built
into output/editions/NAME/ with the same layout; it overrides [unit] keys, may set a script
(zh-Hant, zh-HK, zh-TW: converted with OpenCC after rendering), and may have a folder of its own,
editions/NAME/ beside content/, laid out like content/:

    editions/NAME/sources/ and sources.yaml    sources only this edition cites
    editions/NAME/figures.yaml                  figures added to the shared registry
    editions/NAME/leaflets|posts|briefings/     products added, or replacing a shared one of the same name

Shared work is done once for all editions: the shared sources are read and their numbers
extracted once; each edition reads only its own folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import FILE_NAME, Settings, Unit
from generator.errors import ConfigError

FOLDER = "editions"
"""editions/NAME/ beside content/ holds an edition's own content; output/editions/NAME/ its output."""


@dataclass(frozen=True)
class EditionPlan:
    """One edition to build: who issues it, its script, its own content and where it goes."""

    name: str
    """"" for the default edition (fanzha.toml [unit])."""
    unit: Unit
    script: str
    folder: Path | None
    """editions/NAME/ when the edition has content of its own."""

    @property
    def prefix(self) -> str:
        """Where its files go inside output/: "" or "editions/NAME/"."""
        return f"{FOLDER}/{self.name}/" if self.name else ""

    @property
    def label(self) -> str:
        return self.name or "default"


def edition_plans(settings: Settings, root: Path, only: str | None = None) -> list[EditionPlan]:
    """The default edition, then each [editions.NAME] in name order; `only` picks one by name
    ("default" or "" for [unit])."""
    plans = [EditionPlan("", settings.unit, "zh-Hans", None)]
    for name in sorted(settings.editions):
        edition = settings.editions[name]
        folder = Path(root) / FOLDER / name
        plans.append(EditionPlan(name, edition.unit, edition.script, folder if folder.is_dir() else None))
    if only is None:
        return plans
    wanted = "" if only == "default" else only
    chosen = [plan for plan in plans if plan.name == wanted]
    if not chosen:
        known = ", ".join(["default", *sorted(settings.editions)])
        raise ConfigError(f"{Path(root) / FILE_NAME}: no edition {only!r}; known: {known}")
    return chosen
