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


def test_a_posts_wechat_article_is_converted_like_its_other_texts():
    """The 公众号 article is HTML composed in code (post_texts.py), not rendered from a template: it is
    converted with the post's other texts (it was left in simplified characters); a page rendered
    from a template was converted as it was rendered and is left as it is."""
    from generator.model import Artifact
    from generator.products.compose import Composed
    from generator.rendering.script import POSTS_MODULE, convert_texts

    def artifact(path, template, text):
        return Artifact(path=path, product="p", content_path="content/posts/p.md", template=template,
                        figure_ids=(), text=text)

    article = '<section style="font-family:sans-serif;">\n<p style="color:#5F6368;">数据来源：中国青年报客户端。</p>\n</section>\n'
    composed = Composed((artifact("posts/p/wechat-article.html", POSTS_MODULE, article),
                         artifact("posts/p/weibo.txt", POSTS_MODULE, "防范电信网络诈骗"),
                         artifact("leaflets/l.html", "leaflet.html.j2", "<p>电信网络诈骗</p>")), (), {}, ())
    pages = {page.path: page.text for page in convert_texts(composed, "zh-HK").pages}
    assert "數據來源" in pages["posts/p/wechat-article.html"] and 'style="font-family:sans-serif;"' in pages["posts/p/wechat-article.html"]
    assert pages["posts/p/weibo.txt"] == "防範電信網絡詐騙"
    assert pages["leaflets/l.html"] == "<p>电信网络诈骗</p>"


def test_topics_stay_as_written():
    """A topic is the platform's key (#全民反詐# would be another, nearly empty topic): the text
    around it is converted, the topic is not."""
    text = "转账汇款多核实。 #全民反诈# #刷单诈骗#\n#全民反诈 #防范电信网络诈骗"
    assert convert_text(text, "zh-HK") == "轉賬匯款多核實。 #全民反诈# #刷单诈骗#\n#全民反诈 #防范电信网络诈骗"


def test_text_a_style_sheet_prints_is_converted_and_nothing_else_of_it():
    """The briefing's page numbers are CSS (content: "第 " counter(page) " 页"): converted like the
    page's text; font names and the rest of the style sheet are not touched."""
    css = '@page { @bottom-center { content: "第 " counter(page) " 页"; font-family: "Noto Sans CJK SC"; } }'
    page = f"<html><head><style>{css}</style></head><body><p>页</p></body></html>"
    assert convert_html(page, "zh-HK") == page.replace("页", "頁")


def test_hong_kong_and_taiwan_quote_with_corner_brackets():
    assert convert_text("凡是让您把钱转进“安全账户”的，都是诈骗", "zh-HK") == "凡是讓您把錢轉進「安全賬户」的，都是詐騙"
    assert convert_text("“要你‘刷单’”", "zh-TW") == "「要你『刷單』」"
    assert convert_text("“安全账户”", "zh-Hant") == "“安全賬戶”"  # Traditional without a region: as written
