"""Strict YAML for content files: numbers stay as written, duplicate keys are errors.

yaml.safe_load turns 44.10 into 44.1, 0755 into 493, NO into False and a date into a date,
and lets a duplicate key win silently. Content files hold figures, so every scalar is kept
as the string the editor typed, and each mapping remembers its line for error messages.
Anchors and aliases (&name, *name) are refused in every content file and front matter: an
editor never needs them, and nine lines of them grow into gigabytes (an "alias bomb").
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import ConfigError


class LineDict(dict):
    """A mapping from a YAML file that knows the line it starts on."""

    line: int = 0


class _NoAliases:
    """A loader mix-in that refuses anchors and aliases where they are written."""

    def compose_node(self, parent, index):
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            raise yaml.composer.ComposerError(
                None, None, f"YAML {kind}s (&name, *name) are not allowed in content files; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[misc]


class SafeNoAliasLoader(_NoAliases, yaml.SafeLoader):
    """yaml.SafeLoader without anchors and aliases (sources' front matter)."""


class _StrictLoader(_NoAliases, yaml.SafeLoader):
    """SafeLoader with every scalar a string, duplicate keys, anchors and aliases refused."""


def _construct_scalar(loader, node):
    return loader.construct_scalar(node)


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first given above)", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


for _tag in ("bool", "int", "float", "timestamp", "null", "str"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_scalar)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def strict_load(text: str):
    """Parse YAML text strictly: every scalar a string, duplicate keys refused (yaml.YAMLError)."""
    return yaml.load(text, Loader=_StrictLoader)


def load_yaml(path: str | Path):
    """Load a content YAML file strictly; ConfigError names the file and line on failure."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    try:
        return strict_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
