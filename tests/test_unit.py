"""The unit's logo ([unit] logo in fanzha.toml): printed where the unit supplies one (the A4
leaflet's header, the tri-fold's cover, the site's header), nothing where it supplies none, and
a changed logo file renders the pages again."""

import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import make_small_project
from test_print import RGB_OPERATORS, content_streams

from generator.cli import cli

pytestmark = pytest.mark.slow

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">'
        '<circle cx="20" cy="20" r="18" fill="#2E7D32"/><rect x="12" y="12" width="16" height="16" fill="#FFFFFF"/></svg>')
GREEN_SCREEN = re.compile(rb"0\.180392 0\.490196 0\.196078 rg")
"""#2E7D32 as the screen PDF writes it."""
GREEN_PRINT = re.compile(rb"0\.632 0 0\.6 0\.51 scn")
"""#2E7D32 as device-cmyk (the plain conversion) in the print PDF."""
LEAFLETS = ("general-public", "general-public-trifold")


def build(project, *extra):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / "output"), *extra])


@pytest.fixture(name="with_logo", scope="module")
def fixture_with_logo(tmp_path_factory):
    project = make_small_project(tmp_path_factory.mktemp("logo") / "project")
    (project / "branding").mkdir()  # outside content/: an input all the same
    (project / "branding/logo.svg").write_text(LOGO, encoding="utf-8")
    toml = project / "fanzha.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[unit]\n", '[unit]\nlogo = "branding/logo.svg"\n', 1), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    return project


def test_the_logo_is_drawn_on_the_leaflet_header_and_the_trifold_cover(with_logo):
    out = with_logo / "output/leaflets"
    for name in LEAFLETS:
        screen = content_streams(out / f"{name}.pdf")
        assert any(GREEN_SCREEN.search(stream) for stream in screen), name
        printed = content_streams(out / f"{name}-print.pdf")
        assert any(GREEN_PRINT.search(stream) for stream in printed), name
        assert not any(RGB_OPERATORS.search(stream) for stream in printed), f"{name}: RGB in the press file"
    # the tri-fold: on its outside face (page 1), where the cover is
    import pypdf

    first = pypdf.PdfReader(out / "general-public-trifold.pdf").pages[0]
    streams = [first.get_contents().get_data()]
    xobjects = first.get("/Resources", {}).get("/XObject", {})
    streams += [xobjects[name].get_object().get_data() for name in xobjects]
    assert any(GREEN_SCREEN.search(stream) for stream in streams)


def test_the_site_header_shows_the_logo_on_every_page(with_logo):
    site = with_logo / "output/site"
    assert (site / "assets/unit-logo.svg").read_text(encoding="utf-8") == LOGO
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        root = "../" * (len(page.relative_to(site).parts) - 1)
        assert f'<img class="unit-logo" src="{root}assets/unit-logo.svg"' in html, page


def test_a_changed_logo_file_renders_the_pages_again(with_logo, tmp_path):
    project = shutil.copytree(with_logo, tmp_path / "project")
    logo = project / "branding/logo.svg"
    logo.write_text(LOGO.replace("#2E7D32", "#1565C0"), encoding="utf-8")
    result = build(project)  # no --force: the logo's bytes are an input and in the render key
    assert result.exit_code == 0, result.output
    assert int(re.search(r"(\d+) PDF/card page\(s\) rendered", result.output).group(1)) >= 2  # A4 and tri-fold
    screen = b"".join(content_streams(project / "output/leaflets/general-public.pdf"))
    assert not GREEN_SCREEN.search(screen) and re.search(rb"0\.082353 0\.396078 0\.752941 rg", screen)
    assert "#1565C0" in (project / "output/site/assets/unit-logo.svg").read_text(encoding="utf-8")


def test_no_logo_is_printed_when_the_unit_sets_none(built_project):
    out = built_project / "output"
    for page in ("site/index.html", "site/leaflets/general-public.html", "leaflets/general-public.html",
                 "leaflets/general-public-trifold.html"):
        assert "unit-logo" not in (out / page).read_text(encoding="utf-8").replace("img.unit-logo", ""), page
    assert not (out / "site/assets/unit-logo.svg").exists()


def test_every_site_page_shows_the_unit_and_its_local_hotline_in_its_header(built_project):
    """Not only the footer: the header of every page names the unit and gives its local numbers."""
    from conftest import ROOT

    from generator.config import load_config

    unit = load_config(ROOT).unit
    pages = sorted((built_project / "output/site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        header = html[html.index('<header class="site-header">'):html.index("</header>")]
        header = re.sub(r"<[^>]+>", "", header)  # what a reader sees (a name's last two characters are kept together)
        assert unit.name in header, page
        for hotline in unit.hotlines:
            assert hotline.label in header and hotline.number in header, page
