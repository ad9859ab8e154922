"""The five leaflets as a reader and a printer get them: real PDFs read back with pypdfium2."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest

from generator.rendering.readback import pdf_fonts, pdf_text

AUDIENCES = ["elderly", "finance-staff", "general-public", "online-shoppers", "students-job-seekers"]
MM = 72 / 25.4
LINE_START_FORBIDDEN = tuple("。，、；：？！）》”")
LINE_END_FORBIDDEN = tuple("（《“")


@pytest.fixture(name="out")
def fixture_out(shipped):
    return shipped


def boxes_mm(page):
    return {name: tuple(round(v / MM, 1) for v in getattr(page, f"get_{name}")())
            for name in ("mediabox", "trimbox", "bleedbox")}


@pytest.mark.parametrize("slug", AUDIENCES)
def test_screen_pdf_is_one_a4_page(out, slug):
    pdf = pypdfium2.PdfDocument(out / f"leaflets/{slug}.pdf")
    assert len(pdf) == 1
    assert boxes_mm(pdf[0])["mediabox"] == (0.0, 0.0, 210.0, 297.0)


@pytest.mark.parametrize("slug", AUDIENCES)
def test_print_pdf_has_3mm_bleed_and_background_into_it(out, slug):
    pdf = pypdfium2.PdfDocument(out / f"leaflets/{slug}-print.pdf")
    page = pdf[0]
    assert len(pdf) == 1
    boxes = boxes_mm(page)
    assert boxes["trimbox"] == (0.0, 0.0, 210.0, 297.0)
    assert boxes["mediabox"] == boxes["bleedbox"] == (-3.0, -3.0, 213.0, 300.0)
    image = page.render(scale=0.5).to_pil().convert("RGB")
    band = image.getpixel((1, 1))  # the header band's navy, in the bleed
    assert band[2] > band[0] + 40 and band[2] > band[1] + 20, band
    assert image.getpixel((1, image.height - 2)) == (255, 255, 255)  # no tint over the sheet


@pytest.mark.parametrize("slug", AUDIENCES)
def test_text_stays_5mm_inside_the_trim(out, slug):
    page = pypdfium2.PdfDocument(out / f"leaflets/{slug}-print.pdf")[0]
    textpage = page.get_textpage()
    left, bottom, right, top = page.get_trimbox()
    margin = 5 * MM
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).strip():
            x0, y0, x1, y1 = textpage.get_charbox(index)
            assert x0 >= left + margin and x1 <= right - margin and y0 >= bottom + margin and y1 <= top - margin


@pytest.mark.parametrize("slug", AUDIENCES)
def test_pdf_text_has_the_guidance_figures_and_sources(out, slug):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    figures = {f["id"]: f for f in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    cited = next(e["figures"] for e in manifest if e["path"] == f"leaflets/{slug}.pdf")
    for variant in ("", "-print"):
        text = pdf_text((out / f"leaflets/{slug}{variant}.pdf").read_bytes())
        flat = re.sub(r"\s", "", text)
        for line in ("未知链接不点击", "陌生来电不轻信", "个人信息不透露", "转账汇款多核实", "96110", "110", "国家反诈中心"):
            assert line in flat
        assert 2 <= len(cited) <= 4
        for figure_id in cited:
            figure = figures[figure_id]
            assert figure["surface"] in text
            year, month, day = (int(part) for part in figure["source"]["date"].split("-"))
            assert figure["source"]["publisher"][:6] in text and f"{year}年{month}月{day}日" in flat
        for line in text.splitlines():
            assert not line.strip().startswith(LINE_START_FORBIDDEN), line
            assert not line.strip().endswith(LINE_END_FORBIDDEN), line


@pytest.mark.parametrize("slug", AUDIENCES)
def test_fonts_are_embedded_cjk_subsets(out, slug):
    fonts = pdf_fonts((out / f"leaflets/{slug}.pdf").read_bytes())
    assert all(embedded for _, embedded in fonts)
    # only the compact cuts of Noto Sans CJK SC: the shipped text needs no fallback font
    assert {re.sub(r"^[A-Z]{6}\+", "", name) for name, _ in fonts} == {"Fanzha-Sans", "Fanzha-Sans-Bold"}, fonts
    assert all(re.match(r"[A-Z]{6}\+", name) for name, _ in fonts), fonts  # ABCDEF+ = a subset
    assert (out / f"leaflets/{slug}.pdf").stat().st_size < 200_000


def points(textpage, index):
    """Font size in points of a character (WeasyPrint draws in CSS px: 1 px = 0.75 pt)."""
    return raw.FPDFText_GetFontSize(textpage.raw, index) * 0.75


@pytest.mark.parametrize("name", ["elderly", "elderly-trifold"])
def test_large_print_for_older_readers(out, name):
    """Body at least 14 pt wherever it stands, the hotline shown at least 24 pt (it is also named
    in sentences), no text under 10 pt (black on white: contrast 21:1)."""
    hotline = []
    for page in pypdfium2.PdfDocument(out / f"leaflets/{name}.pdf"):
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        for needle in ("陌生电话", "未知链接"):
            for match in re.finditer(needle, text):
                assert points(textpage, match.start()) >= 14 - 0.01, needle
        hotline += [points(textpage, match.start()) for match in re.finditer("96110", text)]
        sizes = [points(textpage, i) for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1).strip()]
        assert min(sizes) >= 10 - 0.01
    assert max(hotline) >= 24 - 0.01


@pytest.mark.parametrize("slug, types", [
    ("students-job-seekers", ["刷单返利", "网络游戏虚假交易", "注销“校园贷”", "高薪招聘赴境外"]),
    ("finance-staff", ["冒充熟人或领导", "虚假投资理财"]),
    ("online-shoppers", ["冒充电商物流客服", "虚假购物"]),
    ("elderly", ["保健品类诈骗", "集资类养老诈骗", "宣称“以房养老”", "冒充社保、医保"]),
])
def test_each_audience_gets_its_fraud_types(out, slug, types):
    text = pdf_text((out / f"leaflets/{slug}.pdf").read_bytes()).replace("\n", "")
    for name in types:
        assert name in text


FOLDS_MM = {0: (97, 197), 1: (100, 200)}  # outside face: flap|back|cover; inside mirrored


@pytest.mark.parametrize("slug", AUDIENCES)
def test_trifold_is_two_landscape_faces_with_bleed(out, slug):
    screen = pypdfium2.PdfDocument(out / f"leaflets/{slug}-trifold.pdf")
    printed = pypdfium2.PdfDocument(out / f"leaflets/{slug}-trifold-print.pdf")
    assert len(screen) == len(printed) == 2
    for index in range(2):
        assert boxes_mm(screen[index])["mediabox"] == (0.0, 0.0, 297.0, 210.0)
        boxes = boxes_mm(printed[index])
        assert boxes["trimbox"] == (0.0, 0.0, 297.0, 210.0)
        assert boxes["mediabox"] == boxes["bleedbox"] == (-3.0, -3.0, 300.0, 213.0)


@pytest.mark.parametrize("slug", AUDIENCES)
def test_trifold_text_keeps_away_from_folds_and_trim(out, slug):
    """No character within 5 mm of a fold or of the trim: nothing runs over a fold, and no
    panel overflows (overflowing text would sit below the panel's padding)."""
    pdf = pypdfium2.PdfDocument(out / f"leaflets/{slug}-trifold-print.pdf")
    for index in range(2):
        page = pdf[index]
        textpage = page.get_textpage()
        left, bottom, right, top = page.get_trimbox()
        for i in range(textpage.count_chars()):
            if not textpage.get_text_range(i, 1).strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(i)
            assert x0 >= left + 5 * MM and x1 <= right - 5 * MM and y0 >= bottom + 5 * MM and y1 <= top - 5 * MM
            for fold in FOLDS_MM[index]:
                assert x1 <= (fold - 5) * MM or x0 >= (fold + 5) * MM, (slug, index, textpage.get_text_range(i, 1))


@pytest.mark.parametrize("slug", AUDIENCES)
def test_trifold_text_is_complete(out, slug):
    text = pdf_text((out / f"leaflets/{slug}-trifold.pdf").read_bytes())
    flat = text.replace("\n", "")
    for line in ("未知链接不点击", "陌生来电不轻信", "个人信息不透露", "转账汇款多核实", "96110", "110"):
        assert line in re.sub(r"\s", "", flat)
    for line in text.splitlines():
        assert not line.strip().startswith(LINE_START_FORBIDDEN), line
        assert not line.strip().endswith(LINE_END_FORBIDDEN), line
    page_text = pdf_text((out / f"leaflets/{slug}.pdf").read_bytes()).replace("\n", "")
    for surface in re.findall(r"[\d.]+[万亿]?余?[起名个元次条张人]", page_text):
        assert surface in flat  # every figure of the A4 page is on the tri-fold too


@pytest.mark.parametrize("slug", AUDIENCES)
def test_trifold_cover_colour_runs_into_the_bleed(out, slug):
    """Print: the cover panel's colour reaches the outer edge of the bleed (top, side, bottom),
    so trimming never leaves a pale line; the rest of the bleed is white paper (no tint over the sheet)."""
    image = pypdfium2.PdfDocument(out / f"leaflets/{slug}-trifold-print.pdf")[0].render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    cover = image.getpixel((width - 2, height // 2))
    assert cover[2] > cover[0] + 40 and cover[2] > cover[1] + 20, cover  # the cover navy
    assert image.getpixel((width - 2, 1)) == cover and image.getpixel((width - 2, height - 2)) == cover
    assert image.getpixel((1, 1)) == (255, 255, 255)  # no tint over the sheet


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_large_print_contrast_is_at_least_7_to_1(out):
    """Measured on the rendered page: the text of the body, the principle and the hotline
    against the page behind it."""
    page = pypdfium2.PdfDocument(out / "leaflets/elderly.pdf")[0]
    scale = 2
    image = page.render(scale=scale).to_pil().convert("RGB")
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    height = page.get_height()
    for needle in ("陌生电话", "未知链接", "96110", "来源"):
        left, bottom, right, top = textpage.get_charbox(text.index(needle))
        box = image.crop((int(left * scale) - 2, int((height - top) * scale) - 2,
                          int(right * scale) + 2, int((height - bottom) * scale) + 2))
        colours = sorted((box.getpixel((x, y)) for x in range(box.width) for y in range(box.height)), key=luminance)
        ink, paper = colours[0], colours[-1]
        assert contrast(ink, paper) >= 7, (needle, ink, paper)


# --- every panel filled, typical cases, the scams that target older people, QR codes, sizes ------

PANELS_MM = {0: ((0, 97), (97, 197), (197, 297)), 1: ((0, 100), (100, 200), (200, 297))}
"""Each face's panels, left to right (outside: flap | back | cover; inside mirrored)."""
PAPER = 245
"""A pixel darker than this (0–255 grey) holds ink: text, a rule, a tinted box, a colour field."""


def ink_share(image, box_mm, scale=1.0) -> float:
    """The share of pixel rows in `box_mm` (left, top, right, bottom, in mm from the page's top
    left) that hold any ink: how much of a panel's usable height shows content."""
    left, top, right, bottom = (round(v * MM * scale) for v in box_mm)
    grey = image.convert("L").crop((left, top, right, bottom)).point(lambda v: 255 if v < PAPER else 0)
    rows = [grey.crop((0, y, grey.width, y + 1)).getbbox() is not None for y in range(grey.height)]
    return sum(rows) / len(rows)


def panel_fills(pdf_path, bleed=0.0) -> list[float]:
    """The fill of every panel of a tri-fold (6) or of an A4 page (1), measured on the rendered
    pixels between the panel's margins: 10 mm from the top and 9 mm from the bottom of a panel, 7 mm
    from its sides; on the A4 page 10 mm from the top and bottom and 12 mm from the sides. `bleed`:
    a print file's page is that many mm larger on every side."""
    pdf = pypdfium2.PdfDocument(pdf_path)
    fills = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=1).to_pil()
        if len(pdf) == 2:
            fills += [ink_share(image, (bleed + a + 7, bleed + 10, bleed + b - 7, bleed + 201)) for a, b in PANELS_MM[index]]
        else:
            fills.append(ink_share(image, (bleed + 12, bleed + 10, bleed + 198, bleed + 287)))
    return fills


def test_the_fill_measure_fails_a_panel_with_content_in_its_top_third(tmp_path):
    """The measure can fail: a panel whose content stops a third of the way down is 30% filled."""
    from conftest import CONTENT, TEMPLATES

    from generator.rendering.pdf import render_pdf

    html = ('<html lang="zh-CN"><style>@page { size: 297mm 210mm; margin: 0 } div { position: absolute; top: 10mm; '
            'height: 57mm; background: #E6EEF9 }</style><div style="left: 7mm; width: 83mm"></div>'
            '<div style="left: 104mm; width: 86mm; height: 191mm"></div></html>')
    path = tmp_path / "panels.pdf"
    path.write_bytes(render_pdf(html, base_dir=TEMPLATES, roots=[TEMPLATES, CONTENT], name="panels"))
    pdf = pypdfium2.PdfDocument(path)
    image = pdf[0].render(scale=1).to_pil()
    assert abs(ink_share(image, (7, 10, 90, 201)) - 57 / 191) < 0.02
    assert ink_share(image, (107, 10, 193, 201)) == 1.0 and ink_share(image, (204, 10, 290, 201)) == 0.0


@pytest.mark.parametrize("slug", AUDIENCES)
def test_every_panel_and_page_shows_content_over_60_percent_of_its_height(out, slug):
    """Every panel of every tri-fold and the A4 page, screen and print, measured on the pixels."""
    for layout in ("", "-trifold"):
        for variant, bleed in (("", 0.0), ("-print", 3.0)):
            fills = panel_fills(out / f"leaflets/{slug}{layout}{variant}.pdf", bleed)
            assert len(fills) == (6 if layout else 1)
            assert min(fills) >= 0.6, (f"{slug}{layout}{variant}", [round(f, 2) for f in fills])


def test_the_small_project_fills_its_panels_too(built_project):
    """The small project's leaflet (general-public, built once a session), A4 and tri-fold."""
    for name in ("general-public.pdf", "general-public-trifold.pdf"):
        fills = panel_fills(built_project / "output/leaflets" / name)
        assert min(fills) >= 0.6, (name, fills)


def cases_of(slug):
    """The typical cases the shipped leaflet shows (those of its fraud types, none newer than it)."""
    from conftest import CONTENT

    from generator.figures.guidance_reader import load_guidance
    from generator.sources.index import read_sources
    from generator.sources.reader import split_front_matter

    guidance = load_guidance(CONTENT / "guidance.yaml", read_sources(CONTENT))
    path = CONTENT / f"leaflets/{slug}.md"
    meta = split_front_matter(path.read_text(encoding="utf-8"), path, strict=True)[0]
    return guidance.chosen_cases(meta.get("cases") or [], meta.get("fraud_types") or [], meta["date"])


@pytest.mark.parametrize("slug", AUDIENCES)
def test_each_leaflet_shows_a_typical_case_of_its_subject_verbatim(out, slug):
    """Every leaflet shows a case of one of its fraud types, published before its date, quoted
    whole (spaces and line breaks aside) on the A4 page and the tri-fold, with whose it is; the
    check passed its numbers as the source's own."""
    from generator.figures.quotes import find_quote

    cases = cases_of(slug)
    assert cases, slug
    report = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    entries = {a["path"]: a for a in report["artifacts"]}
    for name in (f"{slug}.pdf", f"{slug}-trifold.pdf", f"{slug}-trifold-print.pdf"):
        text = pdf_text((out / "leaflets" / name).read_bytes())
        flat = re.sub(r"\s", "", text)
        case = cases[0]
        for passage in case.passages:
            assert find_quote(text, passage.quote) is not None, (name, passage.quote[:20])
        assert "典型案例" in flat and case.publisher[:4] in flat and case.published_text in flat
        quoted = [n for n in entries[f"leaflets/{name}"]["numbers"] if n.get("quoted_from_source")]
        digits = [n for p in case.passages for n in re.findall(r"\d+", p.quote)]
        assert not digits or quoted, name  # numbers inside the case: passed as quoted, nowhere else


def test_the_elderly_edition_covers_the_scams_that_target_older_people(out):
    """保健品, 养老 investment, 以房养老 and 冒充社保医保, each as a warning with its icon, on the A4
    page, the tri-fold and its cover, in large print; and a case about 保健品."""
    for name in ("elderly.pdf", "elderly-trifold.pdf"):
        flat = re.sub(r"\s", "", pdf_text((out / "leaflets" / name).read_bytes()))
        for scam in ("保健品类诈骗", "集资类养老诈骗", "宣称“以房养老”", "冒充社保、医保"):
            assert flat.count(scam) >= (2 if "trifold" in name else 1), (name, scam)  # the cover lists them too
        assert "凡是听讲座、领礼品后推销保健品的，都是诈骗！" in flat
        assert "保健品" in flat[flat.index("典型案例"):]
    html = (out / "leaflets/elderly-trifold.html").read_text(encoding="utf-8")
    for icon in ("pill", "coins", "home-heart", "id-badge-2"):
        svg = (Path(__file__).resolve().parent.parent / f"templates/icons/tabler/{icon}.svg").read_text(encoding="utf-8")
        first_path = re.search(r'<path d="[^"]+"', svg).group()
        assert first_path in html, icon


@pytest.mark.parametrize("slug", AUDIENCES)
def test_every_leaflet_pdf_is_at_most_400_kb(out, slug):
    for name in (f"{slug}.pdf", f"{slug}-print.pdf", f"{slug}-trifold.pdf", f"{slug}-trifold-print.pdf"):
        assert (out / "leaflets" / name).stat().st_size <= 400_000, name


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg missing: run scripts/setup.sh (zbar-tools)")
@pytest.mark.parametrize("slug", AUDIENCES)
def test_every_printed_qr_code_decodes_to_its_configured_target(out, slug):
    """The shipped fanzha.toml's (sample) QR target is each leaflet's own page on the site: every
    PDF's code decodes (zbar, 300 dpi) to exactly that address, as configured."""
    from conftest import ROOT

    from generator.config import load_config
    from generator.rendering.images import png_bytes
    from generator.rendering.templates import qr_targets

    settings = load_config(ROOT)
    wanted = {url for url, _ in qr_targets(settings.unit, settings.site, f"leaflets/{slug}.html")}
    assert wanted == {f"https://fanzha.example.org/leaflets/{slug}.html"}  # a sample, marked as one
    for name in (f"{slug}.pdf", f"{slug}-print.pdf", f"{slug}-trifold.pdf", f"{slug}-trifold-print.pdf"):
        document = pypdfium2.PdfDocument((out / "leaflets" / name).read_bytes())
        found = set()
        for page in document:
            found |= set(zbar(png_bytes(page.render(scale=300 / 72).to_pil())))
        assert found == wanted, name


def zbar(png: bytes) -> list[str]:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=png, capture_output=True, check=False)
    return [line for line in result.stdout.decode().splitlines() if line]


@pytest.mark.parametrize("slug", AUDIENCES)
def test_every_print_file_is_press_ready(out, slug):
    """As a print shop checks them (pypdf): the PDF/X output intent, TrimBox at the finished size
    with a 3 mm bleed, no RGB colour operator in any content stream or form, fonts embedded."""
    import pypdf
    from test_print import RGB_OPERATORS, content_streams

    for name, (width, height) in ((f"{slug}-print.pdf", (210, 297)), (f"{slug}-trifold-print.pdf", (297, 210))):
        path = out / "leaflets" / name
        reader = pypdf.PdfReader(path)
        (intent,) = reader.trailer["/Root"]["/OutputIntents"]
        assert intent.get_object()["/S"] == "/GTS_PDFX", name
        assert all(not RGB_OPERATORS.search(stream) for stream in content_streams(path)), name
        for page in reader.pages:
            assert (round(float(page.trimbox.width) / MM), round(float(page.trimbox.height) / MM)) == (width, height)
            assert round((float(page.bleedbox.width) - float(page.trimbox.width)) / MM) == 6
        assert all(embedded for _, embedded in pdf_fonts(path.read_bytes())), name
