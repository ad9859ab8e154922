"""The design system every product is drawn with: the palette, icons and QR codes.

One palette, two renderings: print files are authored in `device-cmyk()` (CMYK is what the
press prints; black text is pure K), everything seen on a screen (screen PDFs, cards, the
site) in sRGB hex. Icons are Tabler's (MIT, vendored under templates/icons/tabler/ with its
licence): their `currentColor` is rewritten to an explicit colour of the palette, because
WeasyPrint gives an SVG's currentColor no CSS colour and would fall back to RGB black. QR
codes are drawn by segno as vector paths in pure K with their 4-module quiet zone.

Everything here reads only the project's templates (through the Jinja loader) and the
print output intent's ICC profile (see `output_profile`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.rendering.logo import Logo
from generator.rendering.typeset import START, Segment, attributes, segments


@dataclass(frozen=True)
class Colour:
    """One colour of the palette: its CMYK ink (0–1 each) for print and its sRGB for screens."""

    cmyk: tuple[float, float, float, float]
    srgb: str

    def css(self, variant: str) -> str:
        if variant == "print":
            return "device-cmyk({})".format(" ".join(_number(v) for v in self.cmyk))
        return self.srgb


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


PALETTE = {
    # token: CMYK for print (DESIGN-BRIEF §7.1; TAC ≤ 260%), sRGB for screens
    "navy": Colour((1, 0.85, 0.3, 0.2), "#1A3C8C"),     # 警蓝: header band, cover, footer
    "blue": Colour((1, 0.7, 0, 0.1), "#175B9F"),        # secondary panels, charts' main series
    "red": Colour((0, 1, 1, 0), "#D7000F"),             # 警示红: "凡是……都是诈骗", warnings
    "yellow": Colour((0, 0.15, 1, 0), "#FFD200"),       # one keyword on navy, badges
    "ink": Colour((0, 0, 0, 1), "#1A1A1A"),             # all text and rules on light grounds: K only
    "ink-2": Colour((0, 0, 0, 0.7), "#5F6368"),         # secondary text: unit, date, sources
    "rule": Colour((0, 0, 0, 0.3), "#B3B3B3"),          # hairlines
    "grey": Colour((0, 0, 0, 0.35), "#A6A6A6"),         # the compared series in charts
    "tint-blue": Colour((0.1, 0.04, 0, 0), "#E6EEF9"),  # tiles, case boxes
    "tint-red": Colour((0, 0.08, 0.06, 0), "#FDECEA"),  # the 谨记 box
    "paper": Colour((0, 0, 0, 0), "#FFFFFF"),           # text on navy or red
}
"""The palette's tokens."""


ICONS = {
    # fraud types (guidance.yaml keys)
    "loan": "credit-card", "brushing": "click", "romance-investment": "heart-broken",
    "fake-customer-service": "headset", "fake-acquaintance": "user-question", "fake-police": "gavel",
    "fake-investment": "trending-up", "fake-shopping": "shopping-cart", "campus-loan": "school",
    "game-trading": "device-gamepad-2", "health-products": "pill", "pension": "home-heart",
    "fake-social-security": "id-badge-2", "pension-investment": "coins",
    # the four lines of 三不一多, in order
    "principle-0": "link-off", "principle-1": "phone-off", "principle-2": "lock", "principle-3": "zoom-money",
    # blocks
    "warning": "phone-incoming", "report": "phone-call", "app": "device-mobile", "remember": "hand-stop",
    "unit": "building", "month": "calendar-event", "case": "quote", "alert": "alert-triangle",
}
"""Which vendored Tabler icon stands for what (DESIGN-BRIEF §5.1); a topic with none gets `alert`."""


class Design:
    """The palette, icons and QR codes for one variant: "print" (CMYK) or "screen" (sRGB).

    Templates get it as `d`: `d.c("navy")` is a colour for CSS, `d.icon("link-off", "navy")`
    an inline SVG, `d.qr(url)` a QR code as an inline SVG."""

    def __init__(self, env: jinja2.Environment, variant: str):
        self.env, self.variant = env, variant

    @property
    def print(self) -> bool:
        return self.variant == "print"

    def c(self, token: str) -> Markup:
        """A palette colour as CSS for this variant."""
        if token not in PALETTE:
            raise ConfigError(f"unknown colour {token!r}; the palette has {', '.join(PALETTE)}")
        return Markup(PALETTE[token].css(self.variant))

    def icon(self, name: str, colour: str = "navy", css_class: str = "icon") -> Markup:
        """A vendored Tabler icon drawn in one palette colour, sized by its CSS class."""
        body = icons_of(self.env).body(name)
        colour_css = str(self.c(colour))
        return Markup('<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 24 24" fill="none" '
                      'stroke="{}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
                      'aria-hidden="true">{}</svg>').format(css_class, colour_css, Markup(body))

    def icon_for(self, topic: str, colour: str = "navy", css_class: str = "icon") -> Markup:
        """The icon of a topic: a fraud type's key, principle-N, or a block (warning, app …)."""
        return self.icon(ICONS.get(topic, ICONS["alert"]), colour, css_class)

    def logo(self, css_class: str = "logo") -> Markup:
        """The issuing unit's logo (fanzha.toml [unit] logo, a file of the project, read once a
        build: rendering/logo.py) carried in the page itself as a data: URL, its colours in CMYK
        in print; nothing when the unit has none. Never drawn here: a police emblem is only ever
        the file a unit supplies (DESIGN-BRIEF §1.5)."""
        logo = self.env.globals.get("logo")
        if not isinstance(logo, Logo):
            return Markup("")
        unit = self.env.globals.get("unit")
        alt = f"{getattr(unit, 'name', '') or '发布单位'}标志"
        return Markup('<img class="{}" src="{}" alt="{}">').format(css_class, logo.uri(self.variant), alt)

    def qr(self, url: str, css_class: str = "qr") -> Markup:
        """A QR code of `url` as vector paths in pure black (K only in print), with its 4-module
        quiet zone, at error level M; the CSS class sets its size (at least 25 mm in print)."""
        return Markup(qr_svg(url, "device-cmyk(0 0 0 1)" if self.print else "#000000", css_class))


@lru_cache(maxsize=256)  # a pure memo (str in, str out): every edition prints the same targets on many pages
def qr_svg(url: str, dark: str, css_class: str) -> str:
    """The QR code of `url` as an inline SVG whose modules are drawn in `dark`."""
    import segno

    code = segno.make(url, error="m", micro=False, boost_error=False)
    svg = code.svg_inline(scale=1, border=4, dark="#000", omitsize=True, svgclass=css_class,
                          lineclass=None)
    svg = svg.replace('stroke="#000"', f'stroke="{dark}" fill="none"')  # no default fill: it would be RGB black
    return svg.replace("<svg ", '<svg role="img" aria-label="二维码" ', 1)


ICON_SHAPES = {"path", "circle", "rect", "line", "polyline", "ellipse"}
"""The elements of a Tabler icon's drawing, each written as an empty tag (<path … />)."""


class Icons:
    """The vendored icons' drawings by name, read once through the loader of the environment that
    owns this object: make_environment gives each environment its own (Environment.extend), so a
    build's icons are read from its own templates/ and nothing outlives the environment."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._bodies: dict[str, str] | None = None

    def body(self, name: str) -> str:
        """The drawing of a vendored icon, without Tabler's invisible bounding-box path."""
        if self._bodies is None:
            self._bodies = _read_icons(self.env)
        return self._bodies.get(name) or _missing_icon(name)


def icons_of(env: jinja2.Environment) -> Icons:
    """The icons an environment owns (made with it by rendering/templates.make_environment)."""
    icons = getattr(env, "icons", None)
    if not isinstance(icons, Icons):
        raise TypeError("an environment made by make_environment owns its icons")
    return icons


def _missing_icon(name: str) -> str:
    raise ConfigError(f"no icon {name!r} under templates/icons/tabler/ (vendor it from @tabler/icons)")


def _drawn(part: Segment) -> bool:
    """True for a shape of an icon's drawing; Tabler's invisible bounding box (stroke="none") is not."""
    if part.kind != START or not part.empty or part.name not in ICON_SHAPES:
        return False
    return not any(a.name == "stroke" and part.raw[a.start:a.end] == "none" for a in attributes(part))


def _read_icons(env: jinja2.Environment) -> dict[str, str]:
    """Every vendored icon's drawing, by name, read through the environment's loader."""
    bodies = {}
    for template in env.list_templates(extensions=["svg"]):
        if not template.startswith("icons/tabler/"):
            continue
        source = env.loader.get_source(env, template)[0] if env.loader else ""
        bodies[Path(template).stem] = "".join(part.raw for part in segments(source) if _drawn(part))
    return bodies


DEFAULT_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
"""The output intent of print files when the project has no profile of its own: Ghostscript's
"Artifex CMYK SWOP Profile" (Debian package libgs-common)."""
PROJECT_PROFILE = "print/output-intent.icc"
"""A printer's own profile, dropped in under templates/, replaces the default."""


@dataclass(frozen=True)
class OutputProfile:
    """The ICC profile print PDFs name as their PDF/X output intent."""

    path: Path
    sha256: str

    @property
    def url(self) -> str:
        return self.path.resolve().as_uri()

    @property
    def name(self) -> str:
        return self.path.name


def output_profile(templates_dir: Path) -> OutputProfile:
    """The project's printer profile (templates/print/output-intent.icc) or the default one."""
    path = Path(templates_dir) / PROJECT_PROFILE
    if not path.is_file():
        path = DEFAULT_PROFILE
    try:
        data = path.read_bytes()
    except OSError:
        raise ConfigError(f"{path}: the CMYK profile print PDFs are made with is missing; install Debian's "
                          f"libgs-common (scripts/setup.sh does) or put your printer's profile at "
                          f"templates/{PROJECT_PROFILE}") from None
    return OutputProfile(path, hashlib.sha256(data).hexdigest())


def profile_css(profile: OutputProfile) -> Markup:
    """The @color-profile rule that makes device-cmyk() colours print with `profile` (the
    digest makes a page's render key change with the profile)."""
    return Markup('/* output intent {} sha256 {} */\n@color-profile device-cmyk {{ components: cyan, magenta, '
                  'yellow, black; src: url("{}"); }}').format(escape(profile.name), profile.sha256,
                                                              escape(profile.url))
