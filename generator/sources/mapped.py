"""Building and editing MappedText: text that remembers where each character came from."""

from __future__ import annotations

import re
from array import array

from generator.model import MappedText

# Full-width digits and number punctuation read as their ASCII forms, one character for
# one character, so offsets stay exact. The full-width comma is left alone on purpose:
# NFKC would turn 1，234 (two numbers in a Chinese list) into 1,234 (one number).
_WIDTH_FOLD = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "％": "%"})
# Characters with no width that may sit inside a number (2\u200b021), and the thin spaces
# typesetters put between Han and digits (约\u200537%, 拨打\u200596110): dropped from bodies,
# so a qualifier still reads with its number. The offsets still point into the original.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u2005\u2006\u2009\u200a\u202f]")


class MappedBuilder:
    """Accumulates pieces of text with their original offsets."""

    def __init__(self):
        self._texts: list[str] = []
        self._offsets: list[array] = []

    def add_run(self, text: str, start: int) -> None:
        """Add text copied from the original at `start` (one original char per char)."""
        if not text:
            return
        text = text.translate(_WIDTH_FOLD)
        if _INVISIBLE.search(text):
            for part in _split_visible(text, start):
                self._texts.append(part[0])
                self._offsets.append(array("l", range(part[1], part[1] + len(part[0]))))
            return
        self._texts.append(text)
        self._offsets.append(array("l", range(start, start + len(text))))

    def add_char(self, char: str, offset: int) -> None:
        """Add one character that stands for the original text at `offset` (an entity)."""
        self._texts.append(char.translate(_WIDTH_FOLD))
        self._offsets.append(array("l", [offset] * len(char)))

    def add_mapped(self, mapped: MappedText) -> None:
        """Append an already-mapped text."""
        self._texts.append(mapped.text)
        self._offsets.append(mapped.offsets)

    def build(self) -> MappedText:
        """The accumulated text."""
        offsets = array("l")
        for part in self._offsets:
            offsets.extend(part)
        return MappedText("".join(self._texts), offsets)


def _split_visible(text: str, start: int):
    """Yield (piece, offset) for the runs of `text` between invisible characters."""
    pos = 0
    for match in _INVISIBLE.finditer(text):
        if match.start() > pos:
            yield text[pos : match.start()], start + pos
        pos = match.end()
    if pos < len(text):
        yield text[pos:], start + pos


def slice_mapped(mapped: MappedText, start: int, end: int) -> MappedText:
    """mapped.text[start:end] with its offsets."""
    return MappedText(mapped.text[start:end], mapped.offsets[start:end])


def remove_spans(mapped: MappedText, spans: list[tuple[int, int]]) -> MappedText:
    """The text without the given sorted, non-overlapping [start, end) spans."""
    if not spans:
        return mapped
    builder = MappedBuilder()
    pos = 0
    for start, end in spans:
        if start > pos:
            builder.add_mapped(slice_mapped(mapped, pos, start))
        pos = max(pos, end)
    if pos < len(mapped.text):
        builder.add_mapped(slice_mapped(mapped, pos, len(mapped.text)))
    return builder.build()


def strip_pattern(mapped: MappedText, pattern: re.Pattern, keep_group: int | None = None) -> MappedText:
    """Remove every match of `pattern`, keeping the text of `keep_group` if given."""
    spans = []
    for match in pattern.finditer(mapped.text):
        if keep_group is not None and match.group(keep_group) is not None:
            spans.append((match.start(), match.start(keep_group)))
            spans.append((match.end(keep_group), match.end()))
        else:
            spans.append((match.start(), match.end()))
    return remove_spans(mapped, [s for s in spans if s[1] > s[0]])
