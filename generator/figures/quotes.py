"""Hints for a quote that is not in its source: the nearest thing the source does say.

Editors copy quotes from a browser or a PDF, where "," and "，", straight and curly quotation marks
or a line break often differ from the source's own bytes. A quote that matches once these are
ignored is shown as the source writes it, so the fix is a paste.
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
