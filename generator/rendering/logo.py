"""The issuing unit's logo, when it supplies one ([unit] logo in fanzha.toml): a file of the
project, never a URL, and never one fanzha ships (no police emblem).

Print products embed it in their HTML as a data: URL, so a page's render key (its HTML) covers
the logo file's bytes: a changed logo renders the page again. The site links a copy of it in
assets/. In print the colours an SVG logo writes as #RRGGBB (attributes and style) are written as
device-cmyk() with the plain conversion (no RGB in the press file); a raster logo is placed as
it is, so a unit that prints should supply an SVG, or its own CMYK-ready artwork. The logo is
never recoloured into the palette: each colour keeps its own value.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.config import LOGO_TYPES, Unit
from generator.errors import ConfigError

HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


@dataclass(frozen=True)
class Logo:
    """A unit's logo file, read once a build."""

    data: bytes
    suffix: str
    """.svg, .png, .jpg or .jpeg (lower case)."""

    @property
    def site_path(self) -> str:
        """Where the site keeps its copy, from the site's root."""
        return f"assets/unit-logo{'.jpg' if self.suffix == '.jpeg' else self.suffix}"

    def uri(self, variant: str = "screen") -> Markup:
        """The logo as a data: URL (in print an SVG's #RRGGBB colours as device-cmyk())."""
        data = self.data
        if variant == "print" and self.suffix == ".svg":
            data = HEX.sub(lambda m: _cmyk(m.group(1)), data.decode("utf-8")).encode("utf-8")
        encoded = base64.b64encode(data).decode("ascii")
        return Markup(f"data:{LOGO_TYPES[self.suffix]};base64,{encoded}")


def _cmyk(hex_colour: str) -> str:
    """#RRGGBB as device-cmyk(c m y k) by the plain conversion (K = 1 − max(R, G, B))."""
    if len(hex_colour) == 3:
        hex_colour = "".join(ch * 2 for ch in hex_colour)
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return "device-cmyk({})".format(" ".join(f"{v:.3f}".rstrip("0").rstrip(".") or "0" for v in (c, m, y, k)))


def read_logo(root: Path | None, unit: Unit) -> Logo | None:
    """The unit's logo, or None when it sets none (fanzha.toml has checked the path)."""
    if not unit.logo or root is None:
        return None
    path = Path(root) / unit.logo
    try:
        return Logo(path.read_bytes(), path.suffix.lower())
    except OSError as exc:
        raise ConfigError(f"fanzha.toml: [unit] logo {unit.logo!r} cannot be read: {exc.strerror}") from None
