"""Justified Chinese (rendering/justify.py): lines end flush at the right edge, and the text read
back from the PDF is the text as written, without a space between characters."""

import re
from pathlib import Path

import pypdfium2
import pytest
from conftest import TEMPLATES

from generator.rendering.fonts import compact_faces
from generator.rendering.pdf import PdfRenderer

PARAGRAPH = ("公安机关提醒：凡是自称公检法要求转账的都是诈骗，凡是要求垫付资金做任务的兼职刷单都是诈骗，"
             "凡是网上结识的“恋人”带你投资、博彩的都是诈骗。2021年，全国公安机关共破获电信网络诈骗案件"
             "<span class=fig>44.1万余起</span>，请广大群众牢记“三不一多”：未知链接不点击，陌生来电不轻信，"
             "个人信息不透露，转账汇款多核实。接到96110来电一定要接听，遇到诈骗立即拨打110报警，"
             "并保存好聊天记录和转账凭证。")


def page(align: str, family: str) -> str:
    return (f"<html lang=zh-CN><style>@page {{ size: A4; margin: 20mm }} body {{ margin: 0; width: 150mm; "
            f"font-family: '{family}'; font-size: 12pt; line-height: 1.6; text-align: {align} }} "
            f".fig {{ white-space: nowrap; font-weight: bold }} p {{ margin: 0 }}</style>"
            f"<p>{PARAGRAPH}</p><p>第 1 页 共 1 页</p></html>")  # a space, so the font's space is embedded


def lines(pdf: bytes) -> list[tuple[str, float]]:
    """Each line of the first paragraph: its text and where its last character's advance ends (mm)."""
    document = pypdfium2.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    text = textpage.get_text_range()
    out, current, right = [], "", 0.0
    for index, char in enumerate(text):
        if char in "\r\n":
            if current:
                out.append((current, right))
            current = ""
            continue
        current += char
        if char != " ":
            right = textpage.get_charbox(index, loose=True)[2] / 72 * 25.4
    out.append((current, right))
    return [line for line in out if not line[0].startswith("第")]


@pytest.fixture(name="renderer", scope="module")
def fixture_renderer():
    return PdfRenderer([TEMPLATES], compact_faces())


@pytest.mark.parametrize("family", ["Fanzha Serif", "Fanzha Sans"])
def test_justified_chinese_ends_flush_and_reads_back_without_spaces(renderer, family):
    justified = lines(renderer.render(page("justify", family), base_dir=Path(TEMPLATES), name="justify"))
    ragged = lines(renderer.render(page("left", family), base_dir=Path(TEMPLATES), name="left"))
    assert [text for text, _ in justified] == [text for text, _ in ragged]  # the same lines, no space added
    right_edge = 20 + 150
    inner = justified[:-1]  # a paragraph's last line is never stretched
    assert len(inner) >= 3
    assert all(abs(right - right_edge) < 0.6 for _, right in inner), justified
    assert sum(abs(right - right_edge) < 0.6 for _, right in ragged[:-1]) < len(inner)  # it was ragged
    text = "".join(t for t, _ in justified)
    assert not re.search(r"[\u4e00-\u9fff，。：、] |[^\s] [\u4e00-\u9fff，。：、]", text), text


def test_a_line_is_never_spread_past_the_gap_pdfium_reads_as_a_space(renderer):
    """Very short lines (a long unbreakable number pushed down) stay short rather than spaced."""
    long_unit = "<span class=fig>" + "39.4万起" * 5 + "</span>"  # about 25 em that cannot break
    html = page("justify", "Fanzha Sans").replace(PARAGRAPH, f"全国公安机关共破获电信网络诈骗案件{long_unit}，"
                                                  f"这一数字与全年的统计时段不同，不能与年度数字比较增减。" * 2)
    first, right = lines(renderer.render(html, base_dir=Path(TEMPLATES), name="short"))[0]
    assert first == "全国公安机关共破获电信网络诈骗案件"
    assert right < 20 + 150 - 20  # left short, 17 characters cannot fill 35 em
    assert " " not in first
