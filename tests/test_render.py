"""render.py: figures written with their qualifier and exact value, in a sealed environment."""

import jinja2
import pytest
from conftest import CONTENT

from generator.extraction.tokens import find_numbers
from generator.figures.registry import load_registry
from generator.rendering.templates import QUALIFIER_WORDS, figure_text, make_environment
from generator.sources.index import read_sources


@pytest.fixture(name="registry", scope="module")
def fixture_registry():
    return load_registry(CONTENT / "figures.yaml", read_sources(CONTENT))


@pytest.mark.parametrize("fmt", ["surface", "words"])
def test_every_figure_reads_back_as_itself_in_every_format(registry, fmt):
    """Whatever the format, the extractor reads a rendered figure as the same value, unit
    and qualifier: 44.1万余起 or 超过44.1万起, never 44万起 or 441,000起."""
    for figure in registry.figures.values():
        text = figure_text(figure, fmt)
        tokens = [t for t in find_numbers(f"据统计，共{text}。") if t.kind == "statistic"]
        assert [(t.value, t.unit, t.qualifier) for t in tokens] == [(figure.value, figure.unit, figure.qualifier)], text


def test_words_format_keeps_the_qualifier(registry):
    assert figure_text(registry.figures["cases-solved-2021"], "words") == "超过44.1万起"
    assert figure_text(registry.figures["people-prosecuted-2021"], "words") == "近4万人"
    # issue 12: at least and at most are qualifiers of their own, written 不少于 and 不超过
    assert set(QUALIFIER_WORDS) == {"exact", "more_than", "at_least", "nearly", "about", "less_than", "at_most"}


def test_environment_escapes_every_template_and_rejects_undefined(tmp_path):
    (tmp_path / "page.html.j2").write_text("{{ text }}|{{ missing }}", encoding="utf-8")
    env = make_environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page.html.j2").render(text="x")
    (tmp_path / "ok.html.j2").write_text("{{ text }}", encoding="utf-8")
    assert env.get_template("ok.html.j2").render(text="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_closing_punctuation_is_glued_to_the_element_before_it():
    """WeasyPrint can break between </strong> and 。: the mark moves inside the element."""
    from generator.rendering.typeset import glue_punctuation

    assert glue_punctuation("<strong>不转账</strong>。下一句") == "<strong>不转账。</strong>下一句"
    assert glue_punctuation('<span class="fig">44.1万余起</span></strong>，') == '<span class="fig">44.1万余起，</span></strong>'
    assert glue_punctuation("<p>正文</p>。") == "<p>正文</p>。"  # block ends are left alone
    # into a link (a briefing's source mark ①, small and raised) the marks go in a span of their own,
    # which the briefing sets back on the text's baseline and in its ink
    assert glue_punctuation('<a class="src" href="#source-2">②</a>，挽回') == \
        '<a class="src" href="#source-2">②<span class="glued">，</span></a>挽回'


def test_numbers_and_ranges_are_kept_on_one_line():
    from generator.rendering.typeset import keep_numbers

    html = str(keep_numbers("一年来（2021年4月至2022年4月），破获39.4万起"))
    assert '<span class="num">2021年4月至2022年4月</span>' in html
    assert '<span class="num">39.4万起</span>' in html
    assert "&lt;" in str(keep_numbers("<b>1起</b>"))  # text is escaped


@pytest.mark.parametrize("html, expected", [
    ("<body>拨打96110热线", "<body>拨打\u200596110\u2005热线"),
    ("<body>国家反诈中心APP，", "<body>国家反诈中心\u2005APP，"),
    ("<body>拨打<strong>110</strong>报警", "<body>拨打\u2005<strong>110</strong>\u2005报警"),
    ("<body>同比上升60.4%，", "<body>同比上升\u200560.4%，"),
    ('<body>案件<span class="fig">44.1万余起</span>，', '<body>案件<span class="fig">44.1万余起</span>，'),
    ("<body>2021年，截至2022年3月，第1期", "<body>2021年，截至2022年3月，第1期"),
    ("<body>增长约37%，见图1，“云剑2021”", "<body>增长约37%，见图1，“云剑2021”"),
    # a zh-Hant edition: its measure words and qualifiers keep a number as solid as in simplified
    ('<body>止付<span class="fig">3200餘億元</span>，65歲，3個', '<body>止付<span class="fig">3200餘億元</span>，65歲，3個'),
    ("<body>增長約37%，見圖1", "<body>增長約37%，見圖1"),
    ("<head><title>拨打96110</title></head><body>", "<head><title>拨打96110</title></head><body>"),
])
def test_quarter_em_between_han_and_latin(html, expected):
    """clreq: a quarter em between Han and Latin words or numbers with a Latin unit; never
    inside a number with a Han unit, never next to punctuation, only in the page body."""
    from generator.rendering.typeset import space_han_latin

    assert space_han_latin(html) == expected


def test_the_check_reads_a_spaced_qualifier_with_its_number():
    """约 37% with a quarter em is still 'about 37%', and 云剑 2021 still a name."""
    from generator.extraction.records import extract_records
    from generator.sources.reader import plain_text_doc

    doc = plain_text_doc("增长约\u200537%，“云剑\u20052021”行动，拨打\u200596110，近 4万人。", "page.pdf")
    read = [(r.surface, r.value, r.unit, r.qualifier, r.kind) for r in extract_records(doc)]
    assert read == [("约\u200537%", "37", "%", "about", "statistic"), ("云剑\u20052021", "2021", "", "exact", "name"),
                    ("96110", "96110", "", "exact", "phone"), ("近 4万人", "40000", "人", "nearly", "statistic")]


@pytest.mark.parametrize("html", [
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><style>p{x:1}</style></head><body class="a">'
    '<p title="拨打96110">拨打&nbsp;<b>96110</b>，<img alt="APP下载" src="x.png"><br/>正文<!-- c --></p></body></html>',
    "文字 &amp; <不是标签 >",
    "<p>未闭合的<strong>强调",
])
def test_segments_give_the_html_back_exactly(html):
    """Every edit goes through the parser's segments: joined, they are the page as written."""
    from generator.rendering.typeset import join, segments

    assert join(segments(html)) == html


def test_typesetting_never_edits_inside_a_tag():
    """Attribute values (alt text, titles) are not typeset: only the texts of the body are."""
    from generator.rendering.typeset import typeset

    html = '<body><img alt="接到96110来电，APP下载" src="a.png"><mark title="公安部A级逃犯">A级</mark>拨打96110热线</body>'
    assert typeset(html) == ('<body><img alt="接到96110来电，APP下载" src="a.png">'
                             '<mark title="公安部A级逃犯">A\u2005级</mark>拨打\u200596110\u2005热线</body>')


def test_verbatim_and_scripts_are_left_alone():
    from generator.rendering.typeset import space_han_latin

    html = "<body>拨打96110。<!--verbatim-->拨打96110。<!--/verbatim--><script>var a='拨打96110。'</script>拨打96110。"
    assert space_han_latin(html) == ("<body>拨打\u200596110。<!--verbatim-->拨打96110。<!--/verbatim-->"
                                     "<script>var a='拨打96110。'</script>拨打\u200596110。")


def test_plain_text_is_the_one_tag_stripper():
    from generator.rendering.typeset import plain_text

    html = "<h2>标题</h2><p>正文 &amp; <strong>44.1万余起</strong></p><!-- x --><li>一</li>"
    assert plain_text(html) == "标题正文 & 44.1万余起一"
    assert plain_text(html, line_after=("p", "h2", "li")) == "标题\n正文 & 44.1万余起\n一\n"
    page = "<td>日期</td><td>2024-04-08</td><script>var d='2019-01-01'</script><style>p{}</style>"
    assert plain_text(page, gap=" ", skip=("script", "style")) == " 日期  2024-04-08     "


def test_attributes_are_split_as_the_parser_splits_them():
    """A start tag's values are found where the parser finds them, quotes left out, so that one
    value can be replaced and the rest of the tag kept as written."""
    from generator.rendering.typeset import attributes, segments

    tag = segments("<img  ALT='图 \"一\"' src=x.png data-source title=\"说明\"/>")[0]
    found = [(a.name, tag.raw[a.start:a.end], a.quoted) for a in attributes(tag)]
    assert found == [("alt", '图 "一"', True), ("src", "x.png", False), ("data-source", "", False),
                     ("title", "说明", True)]
    assert tag.empty and not segments("<p>")[0].empty


def test_each_environment_owns_its_icons():
    """The icons' drawings are read once per environment and kept by it, not by the module."""
    from conftest import TEMPLATES

    from generator.rendering.design import ICONS, Design, icons_of

    first, second = make_environment(TEMPLATES), make_environment(TEMPLATES)
    assert icons_of(first) is not icons_of(second)
    svg = str(Design(first, "screen").icon(ICONS["alert"]))
    assert "<path" in svg and 'stroke="none"' not in svg


def test_no_paragraph_ends_in_one_character_alone():
    """孤字: a block of running text that ends in Han keeps its last two characters (and the marks
    after them) on one line; headings, short texts, inline ends and verbatim passages are left alone."""
    from generator.rendering.typeset import typeset

    page = ("<html><head><title>标题文字</title></head><body><p>也可以举报。</p><li>不再接对方的电话</li>"
            "<h2>五、典型案例</h2><p>短句</p><p>有<strong>强调</strong></p><p>拨打110</p>"
            "<!--verbatim--><p>原文照录不改</p><!--/verbatim--></body></html>")
    assert typeset(page) == (
        "<html><head><title>标题文字</title></head><body><p>也可以<span class=\"nb\">举报。</span></p>"
        "<li>不再接对方的<span class=\"nb\">电话</span></li><h2>五、典型案例</h2><p>短句</p><p>有<strong>强调</strong></p>"
        "<p>拨打110</p><!--verbatim--><p>原文照录不改</p><!--/verbatim--></body></html>")
    assert typeset("<body><p>也可以举报。</p>", orphans=False) == "<body><p>也可以举报。</p>"
