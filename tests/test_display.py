"""Display text never splits a word: titles break only between jieba words and protected terms,
in balanced lines, never one character alone on the last line, no line starting with a closing
mark; and the lines set in the PDF are those chosen (nowrap: the renderer cannot break them)."""

import re

import pytest

from generator.errors import ConfigError
from generator.rendering.display import CLOSING, PROTECTED, chunks, lines

HEADLINES = ["防范电信网络诈骗，守好您的钱袋子", "网购退款，别信“客服”来电", "同学们，求职兼职别上当",
             "财务人员转账前，多核实一次", "注销“校园贷”？这是骗局", "电话里的“公检法”是假的",
             "去年破获电诈案44.1万余起", "接到96110来电请务必接听", "凡是要求垫付资金做任务的兼职刷单，都是诈骗",
             "老年朋友防骗须知", "下载国家反诈中心APP"]


@pytest.mark.parametrize("text", HEADLINES)
@pytest.mark.parametrize("measure", [6.0, 7.4, 9.4])
def test_headlines_break_only_between_words(text, measure):
    try:
        found = lines(text, measure, 4)
    except ConfigError:
        return  # too long for this measure: the build stops instead of splitting a word
    assert "".join(found) == text
    bounds, at = set(), 0
    for line in found[:-1]:
        at += len(line)
        bounds.add(at)
    for term in PROTECTED:  # no protected term across a break
        for match in re.finditer(re.escape(term), text):
            assert not any(match.start() < b < match.end() for b in bounds), (text, term, found)
    for number in re.finditer(r"\d[\d.]*[万亿]?余?[起名次元]?", text):
        assert not any(number.start() < b < number.end() for b in bounds)
    assert all(not line.startswith(tuple(CLOSING)) for line in found)
    assert len(found) == 1 or len(found[-1].strip(CLOSING)) >= 2


def test_chunks_keep_words_numbers_and_quotes_whole():
    assert chunks("冒充“公检法”") == ["冒充", "“公检法”"]
    assert "44.1万余起" in chunks("去年破获电诈案44.1万余起")
    assert "96110" in chunks("接到96110来电请务必接听")
    assert chunks("防范电信网络诈骗，守好您的钱袋子")[1].endswith("，")


def test_a_headline_too_long_for_its_lines_stops_the_build():
    with pytest.raises(ConfigError, match="does not fit"):
        lines("防范电信网络诈骗，守好您的钱袋子，牢记三不一多", 6, 2)


def test_leaflet_titles_are_set_as_the_lines_chosen(built_project):
    """Read back from the PDF: the title's lines are the lines display() chose."""
    from generator.rendering.readback import pdf_text

    text = pdf_text((built_project / "output/leaflets/general-public.pdf").read_bytes())
    pdf_lines = [line.strip() for line in text.splitlines()]
    for line in lines("防范电信网络诈骗，守好您的钱袋子", 9.4, 2):
        assert line in pdf_lines
