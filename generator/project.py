"""The folders a build reads and writes: content/, templates/ and output/ of one project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes."""

    content: Path
    templates: Path
    output: Path

    @property
    def root(self) -> Path:
        """The folder of fanzha.toml: the content folder's parent."""
        return self.content.parent
