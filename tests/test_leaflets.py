"""The five leaflets as a reader and a printer get them: real PDFs read back with pypdfium2."""

import json
import re

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
    """Body at least 14 pt, the hotline at least 24 pt, no text under 10 pt (black on white:
    contrast 21:1)."""
    for page in pypdfium2.PdfDocument(out / f"leaflets/{name}.pdf"):
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        for needle, least in (("陌生电话", 14), ("未知链接", 14), ("96110", 24)):
            if needle in text:
                assert points(textpage, text.index(needle)) >= least - 0.01, needle
        sizes = [points(textpage, i) for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1).strip()]
        assert min(sizes) >= 10 - 0.01


@pytest.mark.parametrize("slug, types", [
    ("students-job-seekers", ["刷单返利", "网络游戏虚假交易", "注销“校园贷”", "高薪招聘赴境外"]),
    ("finance-staff", ["冒充熟人或领导", "虚假投资理财"]),
    ("online-shoppers", ["冒充电商物流客服", "虚假购物"]),
    ("elderly", ["冒充“公检法”", "冒充熟人或领导"]),
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
