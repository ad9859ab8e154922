"""Quoted passages: near misses, how a page shows a source's words, and finding them again.

Editors copy quotes from a browser or a PDF, where "," and "，", straight and curly quotation marks
or a line break often differ from the source's own bytes. A quote that matches once these are
ignored is shown as the source writes it, so the fix is a paste (`not_found`).

Sources stored from web pages often carry ASCII punctuation in Chinese text (张女士信以为真,告诉…):
a page that quotes them (a typical case) shows the full-width marks they stand for (，：；！？（）),
never changing a word or a number (a comma or colon between two digits stays as written: 1,234 and
12:30 are numbers). `quote_key` undoes exactly that and drops every space and line break, so the
check can find a quoted passage in its source and in text read back from a PDF, where the layout
breaks lines anywhere: `quote_key(display_quote(q)) == quote_key(q)`.
"""

from __future__ import annotations

import re

WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?",
                       "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "、": ",",
                       "—": "-", "－": "-", "～": "~", "．": "."})
SPACE = re.compile(r"\s+")


def _loose(text: str) -> tuple[str, list[int]]:
    """The text with punctuation at one width and no spaces, and each character's place in `text`."""
    chars, places = [], []
    for at, char in enumerate(text):
        if SPACE.fullmatch(char) or char == "\u3000":
            continue
        chars.append(char.translate(WIDTH))
        places.append(at)
    return "".join(chars), places


def source_wording(body: str, quote: str) -> str | None:
    """The source's own text for `quote` when the two differ only in punctuation width or spaces."""
    loose_body, places = _loose(body)
    loose_quote, _ = _loose(quote)
    at = loose_body.find(loose_quote) if loose_quote else -1
    if at < 0 or loose_body.find(loose_quote, at + 1) >= 0:
        return None
    return body[places[at] : places[at + len(loose_quote) - 1] + 1]


def not_found(doc_name: str, body: str, quote: str) -> str:
    """The message for a quote not in its source, with the source's wording when it is a near miss."""
    wording = source_wording(body, quote)
    hint = (f"; the source has it with other punctuation or spaces, as {wording!r}: paste that"
            if wording is not None else "")
    return f"quote not found in {doc_name}: {quote!r}{hint}"


_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_TO_ASCII = {full: ascii_ for ascii_, full in _TO_FULL.items()}
_BETWEEN_DIGITS = ",:，："
# whitespace, and the characters of no width a typesetter puts in (the reader drops them too)
_SPACE = re.compile(r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def display_quote(text: str) -> str:
    """A source's passage as a page shows it: ASCII punctuation as the full-width marks it
    stands for in Chinese text; a comma or colon between two digits stays."""
    out = []
    for index, char in enumerate(text):
        if char in _TO_FULL and not _between_digits(text, index):
            char = _TO_FULL[char]
        out.append(char)
    return "".join(out)


def quote_key(text: str) -> str:
    """What two writings of one passage share: no spaces or line breaks, punctuation in ASCII
    (except a full-width comma or colon between digits, which keeps two numbers apart)."""
    return _keyed(text)[0]


def find_quote(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` stands in full in `text` (read back from a PDF, say), ignoring spaces, line
    breaks and the width of punctuation: the (start, end) span in `text`, or None."""
    key, positions = _keyed(text)
    wanted = quote_key(passage)
    at = key.find(wanted) if wanted else -1
    if at < 0:
        return None
    return positions[at], positions[at + len(wanted) - 1] + 1


def _keyed(text: str) -> tuple[str, list[int]]:
    """The key of `text` and, for each of its characters, the index in `text` it came from."""
    chars, positions = [], []
    for index, char in enumerate(text):
        if _SPACE.match(char):
            continue
        if char in _TO_ASCII and not (char in _BETWEEN_DIGITS and _between_digits(text, index)):
            char = _TO_ASCII[char]
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions


def _between_digits(text: str, index: int) -> bool:
    return (text[index] in _BETWEEN_DIGITS and 0 < index < len(text) - 1
            and text[index - 1].isdigit() and text[index + 1].isdigit())
