"""Decoding source bytes: UTF-8 (with or without BOM), GB18030/GBK and Big5, detected.

charset-normalizer does the detection; because it misreads short GBK texts (as Big5, cp949
or UTF-16), its answer is checked against the CJK encodings by how plausible the decoded
text is: the share of characters that are among the common simplified or traditional ones.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from generator.errors import SourceError

# Labels of the GB family decode with gb18030, their superset (gb2312 cannot decode 镕);
# Big5 labels with big5hkscs, a superset of Big5 and most of cp950.
_FAMILY = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "gb18030",
    "cp936": "gb18030", "euc_cn": "gb18030",
    "big5": "cp950", "big5hkscs": "big5hkscs", "cp950": "cp950",
}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a source's bytes; SourceError if empty, binary or undecodable."""
    if not data.strip():
        raise SourceError(path, "is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096] or _control_share(data[:4096]) > 0.05:
        raise SourceError(path, "looks like a binary file, not text (it contains NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    declared = _DECLARED.search(data[:4096])
    if declared:
        candidates.append(declared.group(1).decode("ascii").lower().replace("-", "_"))
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        candidates.append(best.encoding)
    candidates += ["gb18030", "cp950", "big5hkscs"]
    scored: list[tuple[float, int, str, str]] = []
    for label in candidates:
        codec = _FAMILY.get(label, label)
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -len(scored), codec, text))
    if not scored:
        raise SourceError(path, "cannot be decoded as UTF-8, GB18030/GBK or Big5")
    score, _, codec, text = max(scored)
    if score < 0.5:
        raise SourceError(path, "cannot be decoded: no encoding tried (UTF-8, GB18030/GBK, Big5) "
                                "gives readable Chinese text")
    return text, codec


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


@lru_cache(maxsize=1)
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
