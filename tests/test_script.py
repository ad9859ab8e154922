"""rendering/script.py: a traditional-character edition's text converted, its markup, numbers and
quotations of sources kept."""

import pytest

from generator.extraction.fold import fold
from generator.extraction.tokens import find_numbers
from generator.rendering.script import convert_html, convert_text

PAGE = ('<!DOCTYPE html><html lang="zh-CN"><head><meta name="description" content="电信网络诈骗防范">'
        '<style>.x{font-family:"思源黑体"}</style><script>var a="发现";</script></head><body>'
        '<h1 title="防范诈骗">防范电信网络诈骗</h1><p>全国共破获案件<span data-fig="f">44.1万余起</span>，'
        '劝阻870万名群众。</p><blockquote data-source="002.txt">国家反诈中心<b>发布</b>典型案例</blockquote>'
        '<p><a href="/关于.html">关于我们</a></p><img alt="图标" src="图.svg"><br></body></html>')


@pytest.mark.parametrize("script, lang, word", [("zh-Hant", "zh-Hant", "網絡"), ("zh-HK", "zh-HK", "網絡"),
                                                ("zh-TW", "zh-TW", "網絡")])
def test_readable_text_is_converted_and_markup_kept(script, lang, word):
    page = convert_html(PAGE, script)
    assert f'lang="{lang}"' in page and f"防範電信{word}詐騙" in page
    assert 'content="電信網絡詐騙防範"' in page and 'title="防範詐騙"' in page and 'alt="圖標"' in page
    assert 'href="/关于.html"' in page and 'src="图.svg"' in page  # addresses stay
    assert '"思源黑体"' in page and 'var a="发现";' in page  # styles and scripts stay
    assert '<blockquote data-source="002.txt">国家反诈中心<b>发布</b>典型案例</blockquote>' in page
    assert "<p><a href=\"/关于.html\">關於我們</a></p>" in page  # after the quotation, converted again


def test_numbers_are_the_same_once_folded():
    text = "2021年，全国公安机关共破获电信网络诈骗案件44.1万余起，近4万人，超过六成，约三分之一，拨打96110"
    converted = convert_text(text, "zh-Hant")
    assert converted != text and fold(converted) == text

    def numbers(t):
        return [(n.value, n.unit, n.qualifier, n.kind) for n in find_numbers(fold(t))]
    assert numbers(converted) == numbers(text)


def test_simplified_is_left_alone():
    assert convert_html(PAGE, "zh-Hans") == PAGE and convert_text("发现", "zh-Hans") == "发现"
