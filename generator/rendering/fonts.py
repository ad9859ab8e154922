"""Compact cuts of the installed Noto CJK SC fonts, which the PDFs and cards are set in.

Why: WeasyPrint subsets each font it embeds, once per PDF, keeping the original glyph ids, and
the cost of that grows with the font: Noto CJK holds 65,535 glyphs, so every PDF paid about
0.1 s for its two or four faces and carried about 300 KB of font data. These cuts keep the
characters of GB 2312 (the 6,763 hanzi of everyday simplified Chinese and its symbols) and the
traditional forms of its hanzi (for traditional-character editions), Latin,
punctuation and the symbol blocks the templates use: about 8,600 glyphs once HarfBuzz has
added the forms the fonts' layout features reach. Measured on the default build's 35 PDF and
card documents: 13.0–13.7 s of CPU before, 6.7–8.3 s with these fonts and one font
configuration per process; PDFs of 90–130 KB instead of 240–330 KB.

Nothing is lost: the templates name the installed family second ("Fanzha Sans", "Noto Sans
CJK SC"), so a character outside the cut (a traditional character in a quote, a rare name) is
set from the installed font, and a character neither has still stops the render.

The cuts are made with HarfBuzz (uharfbuzz) in about 0.2 s each, once per machine, and kept in
the user's cache folder under a name that changes with the installed font file, the character
set and the HarfBuzz binding, so an upgraded font makes new cuts. Imports only the standard
library; uharfbuzz is loaded when a cut has to be made.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

from generator.errors import GeneratorError

FACES = {
    # (CSS family, CSS weight): the installed face it is cut from, as a fontconfig pattern
    ("Fanzha Sans", 400): "Noto Sans CJK SC:style=Regular",
    ("Fanzha Sans", 700): "Noto Sans CJK SC:style=Bold",
    ("Fanzha Serif", 400): "Noto Serif CJK SC:style=Regular",
    ("Fanzha Serif", 700): "Noto Serif CJK SC:style=Bold",
}

BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 and Latin Extended-A/B (names, pinyin)
    (0x2000, 0x206F),  # general punctuation: — … ‘ ’ “ ” ‰ and the typeset spaces
    (0x2100, 0x21FF),  # letterlike symbols, number forms, arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ②
    (0x25A0, 0x27BF),  # geometric shapes, miscellaneous symbols, dingbats: ■ ★ ☎ ✓
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕
    (0x3200, 0x33FF),  # enclosed CJK letters and CJK compatibility: ㈠ ㎡
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，：；（）％
)


class FontsMissing(GeneratorError):
    """An installed font a compact cut is made from is not there."""


class Face(NamedTuple):
    family: str
    weight: int
    path: Path


def characters() -> tuple[int, ...]:
    """The code points a compact cut keeps: every character of GB 2312, the traditional forms of
    its hanzi (so that a traditional-character edition is set in the same cut, with the same
    metrics, as the simplified one), and the BLOCKS."""
    from generator.extraction.fold import SIMPLIFIED, TRADITIONAL

    kept = {code for first, last in BLOCKS for code in range(first, last + 1)}
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # an unassigned position
                kept.add(ord(bytes((row, cell)).decode("gb2312")))
    kept |= {ord(old) for old, new in zip(TRADITIONAL, SIMPLIFIED, strict=True) if ord(new) in kept}
    return tuple(sorted(kept))


def user_cache(kind: str) -> Path:
    """Where fanzha keeps what it can always make again, outside any project and output (the
    compact fonts): $XDG_CACHE_HOME/fanzha/KIND, by default ~/.cache/fanzha/KIND."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fanzha" / kind


def cache_dir() -> Path:
    """Where the cuts are kept: $XDG_CACHE_HOME/fanzha/fonts (~/.cache/fanzha/fonts)."""
    return user_cache("fonts")


def installed_face(pattern: str) -> tuple[Path, int]:
    """The file and face index fontconfig finds for `pattern`; FontsMissing when it finds
    another family (fc-match never fails: it answers DejaVu for a font it does not have)."""
    family = pattern.split(":")[0]
    try:
        answer = subprocess.run(["fc-match", pattern, "-f", "%{family}|%{file}|%{index}"],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise FontsMissing(f"fc-match could not be run ({exc}); install fontconfig (scripts/setup.sh does)") from None
    parts = answer.rsplit("|", 2)
    families, file, index = parts if len(parts) == 3 else ("", "", "")  # no font at all: nothing printed
    if family not in families.split(",") or not index.isdigit():
        raise FontsMissing(f"the font {pattern} is not installed (fontconfig offers {families or 'no font'} instead); "
                           f"install fonts-noto-cjk (scripts/setup.sh does)")
    return Path(file), int(index)


def compact_faces() -> tuple[Face, ...]:
    """The compact cut of every face in FACES, made now if the cache does not hold it yet.

    It asks fontconfig and looks at the cache every time: a build calls it once and passes the
    faces on (to the renderer, and into the keys of its renders)."""
    faces = []
    kept = characters()
    for (family, weight), pattern in FACES.items():
        source, index = installed_face(pattern)
        stem = f"{family.lower().replace(' ', '-')}-{weight}"
        path = cache_dir() / f"{stem}-{_cut_key(source, index, kept)}.otf"
        if not path.is_file():
            try:
                _write_atomically(path, cut(source, index, kept))
            except OSError as exc:
                raise FontsMissing(f"could not keep the compact font in {path.parent} ({exc.strerror or exc}); "
                                   f"set XDG_CACHE_HOME to a folder you can write to") from None
            _remove_unused(path, stem)
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: not removed by another version's _remove_unused
        faces.append(Face(family, weight, path))
    return tuple(faces)


UNUSED_DAYS = 30
"""A cut no build has used for this long (another font version's, another fanzha's) is removed.
Not sooner: two checkouts of fanzha on one machine may use different cuts at the same time, and
a cut removed under a running build would fail its renders."""


def _remove_unused(made: Path, stem: str) -> None:
    """Remove the other cuts of a face that no build has used for UNUSED_DAYS."""
    import time

    for other in made.parent.glob(f"{stem}-*.otf"):
        with contextlib.suppress(OSError):
            if other != made and time.time() - other.stat().st_mtime > UNUSED_DAYS * 86400:
                other.unlink()


UNUSED_FEATURES = ("locl", "vert", "vrt2", "vkna", "vrtr")
"""Layout features whose glyphs a cut leaves out: the other regions' forms (Japanese, Korean,
traditional; every page is lang zh-CN) and vertical forms (WeasyPrint sets no vertical text).
They would add about 6,000 glyphs; the shipped PDFs and cards are pixel-identical without them."""


def cut(source: Path, index: int, kept: tuple[int, ...]) -> bytes:
    """The face `index` of the font file `source`, cut down to `kept` (characters()) by HarfBuzz: the
    layout features stay, with the alternate glyphs they reach, but for UNUSED_FEATURES."""
    import uharfbuzz

    keep = uharfbuzz.SubsetInput()
    keep.unicode_set.update(kept)
    for feature in UNUSED_FEATURES:
        keep.layout_feature_tag_set.discard(int.from_bytes(feature.encode("ascii"), "big"))
    face = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(source)), index), keep)
    if face is None:
        raise FontsMissing(f"HarfBuzz could not cut face {index} of {source}")
    return face.blob.data


def font_face_css(faces: tuple[Face, ...]) -> str:
    """@font-face rules for the compact cuts, given to WeasyPrint alongside a page's own CSS."""
    return "".join(f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                   f'src: url("{face.path.as_uri()}"); }}\n' for face in faces)


def _cut_key(source: Path, index: int, kept: tuple[int, ...]) -> str:
    from importlib.metadata import version

    stat = source.stat()
    parts = (str(source), index, stat.st_size, stat.st_mtime_ns, version("uharfbuzz"), kept, UNUSED_FEATURES)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _write_atomically(path: Path, data: bytes) -> None:
    # two builds may make the same cut at once: each writes its own file and renames it
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(data)
    os.replace(part.name, path)


if __name__ == "__main__":  # scripts/setup.sh makes the cuts once, so that no build waits for them
    cached = set(cache_dir().glob("*.otf"))
    for made in compact_faces():
        if made.path not in cached:
            print(f"setup: made the compact font {made.family} {made.weight}: {made.path}")
