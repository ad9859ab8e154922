"""The PDF briefing (简报), read back as a reader gets it."""

import ctypes
import json
import re

import pypdfium2
import pypdfium2.raw as raw
import pytest

from generator.rendering.readback import pdf_fonts, pdf_text

SLUG = "national-2020-2022"


@pytest.fixture(name="out", scope="module")
def fixture_out(shipped):
    return shipped


@pytest.fixture(name="pdf", scope="module")
def fixture_pdf(out):
    return pypdfium2.PdfDocument(out / f"briefings/{SLUG}.pdf")


def test_masthead_numbers_and_running_header(pdf):
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pdf) >= 3
    masthead = pages[0].replace(" ", "")  # the red masthead is letter-spaced
    assert "反诈宣传简报" in masthead and "第1期" in masthead and "反诈宣传编辑组编印" in masthead
    for number, text in enumerate(pages, 1):
        assert f"第 {number} 页 共 {len(pdf)} 页" in text
    assert "2020年至2022年全国打击治理电信网络诈骗主要数据" in pages[1]  # the running header


def test_bookmarks_follow_the_headings(pdf):
    titles = [bookmark.get_title() for bookmark in pdf.get_toc()]
    assert titles[0] == "2020年至2022年全国打击治理电信网络诈骗主要数据"
    assert {"一、总体情况", "三、关键数据", "四、图表", "附：数据出处"} <= set(titles)


def test_every_figure_has_a_footnote_and_appears_in_the_appendix(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    figures = {f["id"]: f for f in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    cited = next(e["figures"] for e in manifest if e["path"] == f"briefings/{SLUG}.pdf")
    text = pdf_text((out / f"briefings/{SLUG}.pdf").read_bytes())
    text = re.sub(r"\s", "", text)  # line breaks, and the quarter em between Han and Latin (typography)
    assert "①" in text and "⑫" in text  # footnote calls and markers
    for figure_id in cited:
        figure = figures[figure_id]
        if figure["derived"]:
            assert "据公布数字计算" in text
            continue
        assert figure["surface"] in text
        assert re.sub(r"\s", "", figure["source"]["quote"]) in text  # the quote, in the footnote and the appendix
    assert "15.5亿次" in text and "19.5亿次" in text and "工信部" in text  # both, and whose each is


def test_charts_are_svg_with_labelled_values_that_are_checked(out):
    html = (out / f"briefings/{SLUG}.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    report = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    page = next(a for a in report["artifacts"] if a["path"] == f"briefings/{SLUG}.html")
    traced = {n["surface"]: n.get("figure") for n in page["numbers"] if n["kind"] == "statistic"}
    for label, figure_id in (("11.4万起", "cases-solved-2021-jan-may"), ("63.4万名", "suspects-arrested-2021-04-to-2022-04")):
        assert traced[label] == figure_id  # chart labels traced to their figures


def test_screen_pdf_is_tagged_with_title_and_language(pdf, out):
    assert raw.FPDFCatalog_IsTagged(pdf.raw)
    assert pdf.get_metadata_dict()["Title"] == "2020年至2022年全国打击治理电信网络诈骗主要数据"
    size = raw.FPDFCatalog_GetLanguage(pdf.raw, None, 0)
    buffer = (ctypes.c_ushort * size)()
    raw.FPDFCatalog_GetLanguage(pdf.raw, buffer, size)
    assert bytes(buffer).decode("utf-16-le").rstrip("\x00") == "zh-CN"
    assert (out / f"briefings/{SLUG}.pdf").stat().st_size < 1_500_000
    assert all(embedded for _, embedded in pdf_fonts((out / f"briefings/{SLUG}.pdf").read_bytes()))


def test_no_line_starts_or_ends_with_forbidden_punctuation(out):
    text = pdf_text((out / f"briefings/{SLUG}.pdf").read_bytes())
    for line in text.splitlines():
        line = line.strip()
        assert not line.startswith(tuple("。，、；：？！）》”")), line
        assert not line.endswith(tuple("（《“")), line
