"""Decoding source bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5.

A declared encoding (<meta charset>, <?xml encoding>) is read as the WHATWG Encoding Standard
reads it, as a browser would: gb2312 and gbk mean GB18030 (a lone 0x80 is €), big5 means
Big5-HKSCS. A label that lies (the bytes read better in another encoding) is overruled with
a warning. Without a label, charset-normalizer detects; because it misreads short GBK texts
(as Big5, cp949 or UTF-16), its answer is checked against the CJK encodings by how plausible
the decoded text is: the share of characters that are among the common simplified or
traditional ones. Every answer says why it was chosen (sources.json records it).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import charset_normalizer

from generator.errors import SourceError


class Decoded(NamedTuple):
    """A file's text, the codec it was decoded with, and why that one."""

    text: str
    encoding: str
    why: str
    """Why this encoding: a byte-order mark, valid UTF-8, the declared label, or detection."""
    warning: str = ""
    """Set when the file's declared encoding was wrong and another one read it right."""


# WHATWG Encoding Standard labels (https://encoding.spec.whatwg.org/#names-and-labels) of the
# encodings Chinese pages use, and the Python codec that decodes each as a browser does: every GB
# label means GB18030 (gb2312 alone cannot decode 镕), every Big5 label Big5-HKSCS.
WHATWG = {
    **dict.fromkeys(["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                     "iso-ir-58", "x-gbk", "gb18030", "cp936", "windows-936"], "gb18030"),
    **dict.fromkeys(["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"], "big5hkscs"),
    **dict.fromkeys(["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
                     "x-unicode20utf8"], "utf-8"),
}
CODEC_NAMES = {"gb18030": "GB18030", "big5hkscs": "Big5-HKSCS", "utf-8": "UTF-8"}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)|"""
                       rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.-]+)""", re.I)


def _whatwg_gb(error: UnicodeError) -> tuple[str, int]:
    """WHATWG's GB decoder reads a lone 0x80 as the euro sign (as browsers show it); Python's does not."""
    if isinstance(error, UnicodeDecodeError) and error.object[error.start] == 0x80:
        return "€", error.start + 1
    raise error


codecs.register_error("fanzha-whatwg-gb", _whatwg_gb)


def _decode(data: bytes, codec: str) -> str:
    return data.decode(codec, "fanzha-whatwg-gb" if codec == "gb18030" else "strict")


def decode_bytes(data: bytes, path: Path) -> Decoded:
    """Decode a source's bytes; SourceError if empty, binary or undecodable (naming the bad byte)."""
    if not data.strip():
        raise SourceError(path, "is empty")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8-sig", path), "utf-8-sig", "UTF-8 byte-order mark")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16", path), "utf-16", "UTF-16 byte-order mark")
    if b"\x00" in data[:4096] or _control_share(data[:4096]) > 0.05:
        at = next(i for i, b in enumerate(data[:4096]) if b < 32 and b not in (9, 10, 12, 13, 27))
        raise SourceError(path, f"looks like a binary file, not text (it contains NUL or control bytes: "
                                f"0x{data[at]:02x} at byte {at})")
    match = _DECLARED.search(data[:4096])
    label = (match.group(1) or match.group(2)).decode("ascii").lower() if match else ""
    declared = WHATWG.get(label.replace("_", "-")) or WHATWG.get(label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        lie = declared not in (None, "utf-8") and not text.isascii()
        return Decoded(text, "utf-8", "valid UTF-8" + (f"; the declared {label} is wrong" if lie else ""),
                       f"{path}: declares {label}, but is UTF-8; read as UTF-8" if lie else "")
    return _chinese(data, path, label, declared, utf8_error)


def _chinese(data: bytes, path: Path, label: str, declared: str | None, utf8_error: UnicodeDecodeError) -> Decoded:
    """Bytes that are not UTF-8: the declared GB or Big5 encoding, unless another reads them far better."""
    scored = _scored(data, [declared] if declared and declared != "utf-8" else [])
    bad = f"byte {utf8_error.start} (0x{data[utf8_error.start]:02x}) is not UTF-8"
    if not scored or max(scored)[0] < 0.5:
        tried = "neither GB18030/GBK nor Big5 reads it" if not scored else \
            "no other encoding tried (GB18030/GBK, Big5) gives readable Chinese text"
        raise SourceError(path, f"cannot be decoded: {bad}, and {tried}")
    score, _, codec, text = max(scored)
    name = CODEC_NAMES[codec]
    if declared and declared in (entry[2] for entry in scored):
        declared_score = next(entry[0] for entry in scored if entry[2] == declared)
        if declared_score >= max(score - MARGIN, 0.5):
            return Decoded(_decode(data, declared), declared, f"declared {label} (WHATWG: {CODEC_NAMES[declared]})")
    if label:
        return Decoded(text, codec, f"declared {label}, which does not read it right; detected {name}",
                       f"{path}: declares {label}, but is {name}; read as {name}")
    return Decoded(text, codec, f"detected {name}: not UTF-8, and {name} reads it as Chinese text")


MARGIN = 0.1
"""How much more plausible another encoding must read a file than its declared one to overrule it."""


def _scored(data: bytes, first: list[str]) -> list[tuple[float, int, str, str]]:
    """(plausibility, order, codec, text) of each CJK encoding that decodes `data`."""
    candidates = list(first)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        candidates.append(WHATWG.get(best.encoding.replace("_", "-"), best.encoding))
    candidates += ["gb18030", "big5hkscs"]
    scored: list[tuple[float, int, str, str]] = []
    for codec in dict.fromkeys(candidates):
        if codec not in CODEC_NAMES or codec == "utf-8":
            continue  # charset-normalizer misreads short GBK as cp949 or UTF-16: only CJK codecs here
        try:
            text = _decode(data, codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -len(scored), codec, text))
    return scored


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"starts with a {codec} byte-order mark but is not valid {codec} "
                                f"(byte {exc.start})") from None


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(data)


@lru_cache(maxsize=1)  # a pure memo of a constant: the set is built once and is immutable
def _common_han() -> frozenset:
    """The frequently used Han characters: GB2312 level 1 and Big5 level 1."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("cp950"))
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common Han characters or CJK punctuation."""
    common = _common_han()
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    good = sum(1 for c in wide if c in common or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
               or c in "“”‘’—…·")
    return good / len(wide)
