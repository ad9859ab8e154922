"""Print-ready leaflets: PDF/X with a CMYK output intent and no RGB, boxes right, fonts embedded,
byte-identical; the unit and month on every page; a QR code only to a configured target, and
one that decodes; a one-page leaflet that does not fit fails the build."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_config
from generator.rendering.readback import pdf_fonts, pdf_text

MM = 72 / 25.4
RGB_OPERATORS = re.compile(rb"(?:^|\s)(?:-?[\d.]+\s+){3}(?:rg|RG)(?=\s)|/DeviceRGB")


def build(root: Path, *extra: str):
    return CliRunner().invoke(cli, ["build", "--content", str(root / "content"), "--output", str(root / "output"),
                                    *extra])


def content_streams(pdf_path: Path) -> list[bytes]:
    """Every page's content and every form XObject's stream (where RGB could hide)."""
    import pypdf

    reader = pypdf.PdfReader(pdf_path)
    streams = []
    for page in reader.pages:
        streams.append(page.get_contents().get_data())
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        pending = [xobjects[name].get_object() for name in xobjects]
        while pending:
            obj = pending.pop()
            streams.append(obj.get_data())
            inner = obj.get("/Resources", {}).get("/XObject", {})
            pending += [inner[name].get_object() for name in inner]
    return streams


def test_print_leaflets_are_pdfx_in_cmyk_with_trim_and_bleed(built_project):
    import pypdf

    for name in ("general-public-print.pdf", "general-public-trifold-print.pdf"):
        path = built_project / "output/leaflets" / name
        reader = pypdf.PdfReader(path)
        (intent,) = reader.trailer["/Root"]["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object().get_data()
        assert b"PDF/X-4" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        streams = content_streams(path)
        assert all(not RGB_OPERATORS.search(s) for s in streams), f"{name}: an RGB colour operator"
        assert any(b"/DeviceCMYK" in s for s in streams)
        # black text is K only: every text fill in black is 0 0 0 1
        assert b"0 0 0 1 scn" in b"".join(streams)
        width, height = (210, 297) if "trifold" not in name else (297, 210)
        for page in reader.pages:
            trim, bleed = page.trimbox, page.bleedbox
            assert (round(float(trim.width) / MM), round(float(trim.height) / MM)) == (width, height)
            assert round((float(bleed.width) - float(trim.width)) / MM) == 6
            assert round((float(bleed.height) - float(trim.height)) / MM) == 6
        assert all(embedded for _, embedded in pdf_fonts(path.read_bytes()))


def test_a_print_file_is_the_same_bytes_every_time(built_project):
    before = (built_project / "output/leaflets/general-public-print.pdf").read_bytes()
    result = build(built_project, "--force")
    assert result.exit_code == 0, result.output
    assert (built_project / "output/leaflets/general-public-print.pdf").read_bytes() == before


def test_unit_and_month_read_back_from_every_leaflet_page(built_project):
    unit = load_config(built_project).unit
    assert unit.name and "样例" in unit.name  # the shipped sample unit, clearly to be replaced
    for path in sorted((built_project / "output/leaflets").glob("*.pdf")):
        text = re.sub(r"\s", "", pdf_text(path.read_bytes()))
        assert re.sub(r"\s", "", unit.name) in text, path.name
        assert "2022年4月" in text, path.name
        for hotline in unit.hotlines:  # the unit's own numbers, with their labels, pass the check
            if "trifold" not in path.name:
                assert hotline.number in text and re.sub(r"\s", "", hotline.label) in text


def test_no_qr_code_without_a_target(project):
    """The leaflet's own site page as a QR target ("{page}") needs base_url: with none set there
    is no QR code (never an invented address); how to find the app in the app store is on the
    page either way."""
    toml = project / "fanzha.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'url = "https://fanzha.example.org/{page}"' in text and 'base_url = ""' in text
    toml.write_text(text.replace('url = "https://fanzha.example.org/{page}"', 'url = "{page}"'), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    for name in ("general-public.html", "general-public-trifold.html"):
        html = (project / "output/leaflets" / name).read_text(encoding="utf-8")
        assert 'class="qr"' not in html, name
        assert "在手机应用市场搜索“国家反诈中心”" in re.sub(r"<[^>]+>", "", html), name
        assert "扫码" not in re.sub(r"<[^>]+>", "", html), name


def test_the_shipped_qr_target_is_a_sample_that_says_so():
    """The shipped fanzha.toml gives the leaflets a QR code only so that they show what it looks
    like: the address is example.org's (reserved, serves nothing), and both the file and the
    README say to replace it."""
    from conftest import ROOT

    text = (ROOT / "fanzha.toml").read_text(encoding="utf-8")
    assert 'url = "https://fanzha.example.org/{page}"' in text
    assert "THIS IS A SAMPLE ADDRESS" in text and "replace it" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    at = readme.index("https://fanzha.example.org/{page}")
    assert "sample" in readme[at - 400: at + 400].lower() and "replace" in readme[at - 400: at + 400].lower()


def zbar(png: bytes) -> list[str]:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=png, capture_output=True, check=False)
    return [line for line in result.stdout.decode().splitlines() if line]


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg missing: run scripts/setup.sh (zbar-tools)")
def test_every_qr_code_decodes_to_its_configured_target(project):
    toml = project / "fanzha.toml"
    text = toml.read_text(encoding="utf-8").replace('base_url = ""', 'base_url = "https://fanzha.example.org/"')
    text += '\n[[unit.qr]]\nurl = "https://example.org/app"\nlabel = "扫码下载"\n'
    toml.write_text(text, encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    import pypdfium2

    from generator.rendering.images import png_bytes

    wanted = {"https://fanzha.example.org/leaflets/general-public.html", "https://example.org/app"}
    for name in ("general-public-print.pdf", "general-public.pdf"):
        document = pypdfium2.PdfDocument((project / "output/leaflets" / name).read_bytes())
        image = document[0].render(scale=300 / 72).to_pil()
        assert set(zbar(png_bytes(image))) == wanted, name
    html = (project / "output/leaflets/general-public.html").read_text(encoding="utf-8")
    words = re.sub(r"<[^>]+>", "", html)
    assert "扫码核对数据来源" in words and "扫码下载" in words
    trifold = pypdfium2.PdfDocument((project / "output/leaflets/general-public-trifold-print.pdf").read_bytes())
    found = set()
    for page in trifold:
        found |= set(zbar(png_bytes(page.render(scale=300 / 72).to_pil())))
    assert found == wanted
    # at least 25 mm with its quiet zone
    assert re.search(r"svg\.qr \{ width: (2[5-9]|3\d)mm", html)


def test_a_leaflet_that_does_not_fit_its_page_fails_the_build(project):
    leaflet = project / "content/leaflets/general-public.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\n" + "诈骗手法不断翻新，但万变不离其宗。\n\n" * 12,
                       encoding="utf-8")
    result = build(project)
    assert result.exit_code == 1  # a document over its limit (one sheet), like too many pages
    assert "leaflets/general-public.html came out as 2 page(s), not 1" in result.output


def test_a_print_note_lies_beside_each_print_file(built_project):
    for name in ("general-public-print", "general-public-trifold-print"):
        note = (built_project / f"output/leaflets/{name}-印刷说明.txt").read_text(encoding="utf-8")
        assert f"{name}.pdf" in note and "出血 3 mm" in note and "PDF/X-4" in note and "K100" in note
    assert "97 mm" in (built_project / "output/leaflets/general-public-trifold-print-印刷说明.txt").read_text(
        encoding="utf-8")


def test_print_text_closer_than_5mm_to_the_trim_fails_the_render():
    """A print file whose text comes within 5 mm of the trim (a tri-fold panel whose content ran
    into its bottom margin) stops the build: the print shop's cut may take it off."""
    from conftest import CONTENT, TEMPLATES

    from generator.model import Artifact
    from generator.rendering.jobs import PdfFile, PdfPlan, RenderJob
    from generator.rendering.pdf import RenderError, render_pdf
    from generator.rendering.pool import derive

    def job(bottom_mm):
        html = ('<html lang="zh-CN"><style>@page { size: 100mm 100mm; margin: 0; bleed: 3mm }</style>'
                f'<p style="position: absolute; margin: 0; left: 20mm; bottom: {bottom_mm}mm">落款文字</p></html>')
        pdf = render_pdf(html, base_dir=TEMPLATES, roots=[TEMPLATES, CONTENT], name="trim", press=True)
        page = Artifact(path="x-print.html", product="x", content_path="x.md", template="x", figure_ids=(), text=html)
        return pdf, RenderJob(page, PdfPlan(tagged=False, files=(PdfFile("x-print.pdf"),), pages=1, press=True))

    derive(*job(8))  # 8 mm inside the trim: fine
    with pytest.raises(RenderError, match="text lies within 5 mm of the trim"):
        derive(*job(2))


def test_a_qr_target_names_the_page_alone_or_inside_an_address():
    from generator.config import QrTarget, SiteConfig, Unit
    from generator.rendering.templates import qr_targets

    unit = Unit(qr=(QrTarget("{page}", "本页"), QrTarget("https://x.example.org/fz/{page}", "核对"),
                    QrTarget("https://x.example.org/app", "下载")))
    assert qr_targets(unit, SiteConfig(), "leaflets/a.html") == [
        ("https://x.example.org/fz/leaflets/a.html", "核对"), ("https://x.example.org/app", "下载")]
    assert qr_targets(unit, SiteConfig(base_url="https://s.example.org/"), "leaflets/a.html")[0] == (
        "https://s.example.org/leaflets/a.html", "本页")
