"""sources.py and encoding.py: reading bytes into a body mapped back to the original."""

import pytest

from generator.errors import ConfigError, SourceError
from generator.extraction.records import extract_records
from generator.sources.index import read_sources
from generator.sources.reader import read_source

SENTENCE = "2021年，公安机关共破获电信网络诈骗案件44.1万余起，抓获违法犯罪嫌疑人69万余名。"


def statistics(doc):
    return [r for r in extract_records(doc) if r.kind == "statistic"]


def assert_offsets_point_at_surfaces(doc):
    for record in extract_records(doc):
        assert doc.original[record.start : record.end] == record.surface


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"])
def test_encodings_are_detected(write, encoding):
    """UTF-8 with or without BOM, GBK/GB18030 and Big5 files all read to the same figures."""
    text = SENTENCE if encoding != "big5" else "2021年，公安機關共破獲電信網絡詐騙案件44.1萬餘起，抓獲嫌疑人69萬餘名。"
    doc = read_source(write("a.txt", text.encode(encoding)))
    assert [(r.value, r.unit, r.qualifier) for r in statistics(doc)] == [
        ("441000", "起", "more_than"), ("690000", "名", "more_than")]
    assert_offsets_point_at_surfaces(doc)


def test_short_gbk_text_is_not_misread(write):
    """charset detectors misread very short GBK texts; the plausibility check does not."""
    doc = read_source(write("a.txt", "破获案件32.2万起".encode("gbk")))
    assert doc.body.text == "破获案件32.2万起"


def test_crlf_entities_and_full_width_digits_map_back(write):
    """CRLF, HTML entities and full-width digits: values read right, offsets stay exact."""
    raw = "<p>标题&nbsp;一</p>\r\n<p>共拦截诈骗电话１５．５亿次&#xff0c;短信17.6亿条。</p>\r\n"
    doc = read_source(write("page.html", raw))
    stats = statistics(doc)
    assert [(r.surface, r.value) for r in stats] == [("１５．５亿次", "1550000000"), ("17.6亿条", "1760000000")]
    assert_offsets_point_at_surfaces(doc)


def test_html_page_furniture_is_not_body(write):
    """Scripts, styles, comments, nav, footers and ICP lines never reach the body."""
    raw = """<html><head><title>标题 2022</title><style>.a{width:74px}</style></head><body>
    <nav><a href="/">首页</a> <a>2021年报</a></nav>
    <div class="breadcrumb">当前位置：首页 &gt; 要闻</div>
    <article><h1>公安部通报</h1><p>2021年，全国共破获案件44.1万余起。</p>
    <script>var n = 12345;</script><!-- 二维码 888 --></article>
    <footer>版权所有 备案号：京ICP备12345678号</footer>
    <p>京公网安备 11010502030000号</p></body></html>"""
    doc = read_source(write("page.html", raw))
    assert "公安部通报" in doc.body.text and "44.1万余起" in doc.body.text
    for noise in ("74px", "12345", "888", "首页", "ICP", "公网安备", "标题"):
        assert noise not in doc.body.text
    assert [r.surface for r in extract_records(doc)] == ["2021年", "44.1万余起"]


def test_a_table_is_read_a_row_a_line_and_nothing_of_it_is_lost(write):
    """A 警情通报's table: each row one line, its cells parted by "，" (not run together into one
    number, 18 and 56.3 as 1856.3, nor a cell a line, which a run of short cells made look like a
    menu and dropped: the header row and the first town were lost); a unit in brackets in a
    header (损失金额（万元）) is no amount."""
    raw = """<html><body><p>2024年10月，全县共接报电信网络诈骗警情46起。</p>
    <table><thead><tr><th>乡镇</th><th>发案数（起）</th><th>损失金额（万元）</th></tr></thead>
    <tbody><tr><td>城关镇</td><td>18</td><td>56.3</td></tr>
    <tr>
      <td>河口镇</td>
      <td>9</td>
      <td>12.1</td>
    </tr></tbody></table></body></html>"""
    doc = read_source(write("page.html", raw))
    assert doc.body.text.split("\n")[1:] == ["乡镇，发案数（起），损失金额（万元）", "城关镇，18，56.3", "河口镇，9，12.1"]
    assert [r.surface for r in extract_records(doc) if r.start > raw.index("<table>")] == ["18", "56.3", "9", "12.1"]
    assert_offsets_point_at_surfaces(doc)


def test_a_list_of_other_stories_and_a_comment_counter_are_no_body(write):
    """Text captures end in lists of other stories, each a cut headline with its comment count,
    and a comment counter, and show 广告 where an advertisement stood: none is the release's (50个
    环比上涨 is another story's figure; 广告 is no heading that would end a period's carry-over)."""
    doc = read_source(write("a.txt", "2021年，全县共破获电信网络诈骗案件120起。\n广告 广告\n- ·70城市房价50个环比上涨...(2)\n"
                                     "- · 河南淅川城管执法车自...(2)\n已有0人发表了评论\n"))
    assert doc.body.text == "2021年，全县共破获电信网络诈骗案件120起。"


def test_a_layout_tables_row_of_links_is_a_menu_not_a_row(write):
    """Old government pages lay out their menus in tables: a row whose every cell is a link is
    read a cell a line, and dropped as navigation like any menu, not joined into a sentence."""
    raw = """<html><body><table><tr><td><a href="/">首页</a></td><td><a href="/n">新闻中心</a></td>
    <td><a href="/t">通知公告</a></td><td><a href="/z">政务公开</a></td></tr>
    <tr><td colspan="4"><p>2021年，全县共破获电信网络诈骗案件120起。</p></td></tr></table></body></html>"""
    doc = read_source(write("page.html", raw))
    assert doc.body.text == "2021年，全县共破获电信网络诈骗案件120起。"


def test_a_tables_cells_take_the_measure_word_of_their_columns_header(write):
    """发案数（起）, 损失金额（万元）: a bare number in a cell is a statistic in its column's measure
    word (万 applied), of its row and column (城关镇发案数), in the period of the text before the
    table; a cell with its own measure word keeps it; a second table has its own header."""
    raw = """<html><body><p>2024年10月，全县共接报电信网络诈骗警情46起。</p>
    <table><tr><th>乡镇</th><th>发案数（起）</th><th>损失金额（万元）</th><th>备注</th></tr>
    <tr><td>城关镇</td><td>18</td><td>56.3</td><td>较上月多3起</td></tr></table>
    <table><tr><th>类型</th><th>占比（%）</th></tr><tr><td>刷单返利</td><td>41.3</td></tr></table>
    </body></html>"""
    doc = read_source(write("page.html", raw), metadata={"published": "2024-11-05"})
    table = [(r.surface, r.value, r.unit, r.kind, r.metric, r.period_norm) for r in extract_records(doc)
             if r.start > raw.index("<table>")]
    assert table == [("18", "18", "起", "statistic", "城关镇发案数", "2024-10"),
                     ("56.3", "563000", "元", "statistic", "城关镇损失金额", "2024-10"),
                     ("3起", "3", "起", "statistic", table[2][4], "2024-10"),
                     ("41.3", "41.3", "%", "statistic", "刷单返利占比", "2024-10")]


def test_scraped_text_navigation_and_footer_are_dropped(write):
    """Plain text scraped from a page: nav lists, metadata lines and ICP footers are noise."""
    raw = "\n".join(["简体 繁体", "", "网站地图", "", "进入适老版", "时间:2021-04-10 18:52", "作者:张三",
                     "我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元", "",
                     "全年共破获电信网络诈骗案件32.2万起。", "网站链接:", "  • 省区市政府", "    北京", "    四川",
                     "    第五师双河市政府网", "备案序号:新ICP备09005285号-1", "政府网站标识码:6527010006"])
    doc = read_source(write("scraped.txt", raw))
    assert [r.surface for r in extract_records(doc)] == ["2020年", "1870余亿元", "32.2万起"]


def test_markdown_front_matter_images_and_emphasis(write):
    """Front matter is metadata; image paths, links and ** are not body text."""
    raw = ("\n---\ntitle: '去年拦截诈骗电话15.5亿次'\ndate: 2022-03-05\n---\n"
           "![]({{site.baseurl}}/img/2021-06-18.png)\n"
           "**2021年1至5月，全国共破获案件11.4万起。**\n[来源 2020](http://x.cn/2020/1.html)\n")
    doc = read_source(write("post.md", raw))
    assert doc.metadata["title"] == "去年拦截诈骗电话15.5亿次"
    surfaces = [r.surface for r in extract_records(doc)]
    assert surfaces == ["2021年", "1", "5月", "11.4万起", "2020"]  # link text stays, its URL does not
    assert_offsets_point_at_surfaces(doc)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.txt", "is empty"),
        (b"   \n\n", "blank.txt", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
        (b"---\n- a\n- b\n---\nbody 1\n", "list.md", "front matter must be a mapping"),
        (b"---\ntitle: [unclosed\n---\nbody\n", "bad.md", "front matter is not valid YAML"),
        (b"\x80\xff\xfe\x81\xfa" * 10, "junk.txt", "cannot be decoded"),
    ],
)
def test_bad_input_gets_a_clear_error(write, data, name, message):
    """Bad files raise SourceError naming the file and the problem, never a traceback."""
    path = write(name, data)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_front_matter_error_names_the_line(write):
    path = write("list.md", "---\ntitle: x\n---\n".replace("title: x", "- a"))
    with pytest.raises(SourceError, match=r"list\.md:2: front matter must be a mapping"):
        read_source(path)


def test_huge_file_is_refused_without_reading_it(write, tmp_path):
    """A 50 MB file is refused by size, before it is read into memory."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(SourceError, match="50.0 MiB"):
        read_source(path)


def test_shipped_sources_match_their_index():
    """The five seeds and the sources added since (typical cases, the scams that target older
    people) read cleanly and their sha256 match content/sources.yaml."""
    from conftest import CONTENT

    docs = read_sources(CONTENT)
    assert [d.name[:3] for d in docs][:5] == ["000", "001", "002", "003", "004"]
    assert all(d.metadata["reported"] and d.body.text for d in docs)
    assert all(d.metadata["url"].startswith("http") for d in docs[5:])  # where each added page was stored from


def test_edited_source_is_noticed(tmp_path):
    """A source changed after registration stops reading, naming file and index line."""
    import shutil

    from conftest import CONTENT

    shutil.copytree(CONTENT, tmp_path / "content")
    seed = tmp_path / "content/sources/003_a1eb468e64714588.txt"
    seed.write_bytes(seed.read_bytes().replace("15.5亿次".encode(), "16.5亿次".encode()))
    with pytest.raises(SourceError, match=r"003_a1eb468e64714588\.txt: was edited after it was registered.*sources\.yaml:\d+"):
        read_sources(tmp_path / "content")


def test_an_index_can_declare_where_the_article_is(write):
    """A page of several stories: body_start and body_end keep the article's paragraphs only."""
    from generator.sources.reader import read_source

    path = write("day.txt", "早间新闻\n第一条：某地举办运动会，2000名选手参加。\n"
                            "反诈专题：今年以来，全市破获电信网络诈骗案件120起。\n抓获嫌疑人45名。\n"
                            "第三条：天气晴，气温25度。\n")
    doc = read_source(path, metadata={"body_start": "反诈专题", "body_end": "抓获嫌疑人"})
    assert doc.body.text == "反诈专题：今年以来，全市破获电信网络诈骗案件120起。\n抓获嫌疑人45名。"
    from generator.extraction.records import extract_records

    assert [r.surface for r in extract_records(doc) if r.kind == "statistic"] == ["120起", "45名"]
    with pytest.raises(SourceError, match="body_start '不存在' is not in the body"):
        read_source(path, metadata={"body_start": "不存在"})


def test_a_related_stories_list_ends_the_article(write):
    from generator.sources.reader import read_source

    path = write("portal.txt", "全区上半年拦截诈骗电话73.6万次。\n相关新闻\n-\n我市冬季招聘会收官 208家企业提供5225个岗位"
                               "[2025-12-16] -\n")
    assert read_source(path).body.text == "全区上半年拦截诈骗电话73.6万次。"


@pytest.mark.parametrize("chrome", [
    "某某网 > 信息聚合 > 工信部：2020年拦截涉诈电话7.3亿次",  # a trail without 首页, its last step the headline
    "您现在的位置 : 首页   >   政府信息公开   >   地方部门平台链接   >   部门信息公开平台   >   县公安局   >   法定主动公开内容"
    "   >   统计信息",  # a long one
    "- 2016-07-27今年上半年 某省181人落实“两个责任”不力被处理",  # a related story, its date first
    "2019-03-02 某市召开2019年反诈工作会议",
])
def test_trails_and_related_stories_of_a_text_capture_are_not_body(write, chrome):
    from generator.sources.reader import read_source

    path = write("capture.txt", f"{chrome}\n\n2020年，全市共破获电信网络诈骗案件1200起。\n")
    assert read_source(path).body.text == "2020年，全市共破获电信网络诈骗案件1200起。"


def test_a_paragraph_that_starts_with_a_date_is_body(write):
    from generator.sources.reader import read_source

    text = "2024-03-05，全市共破获电信网络诈骗案件120起。"
    assert read_source(write("dated.txt", text + "\n")).body.text == text


# --- encodings by WHATWG labels, lying labels, offsets of bad bytes ----------------------------------

def page(charset: str, body: str, encoding: str, extra: bytes = b"") -> bytes:
    head = f'<html><head><meta charset="{charset}"></head><body><p>'.encode("ascii")
    return head + body.encode(encoding) + extra + b"</p></body></html>"


def test_utf16_with_a_bom_is_read(write):
    """UTF-16 with a byte-order mark reads to the same figures, and says why it was chosen."""
    doc = read_source(write("a.txt", SENTENCE.encode("utf-16")))
    assert doc.encoding == "utf-16" and doc.encoding_why == "UTF-16 byte-order mark"
    assert [r.value for r in statistics(doc)] == ["441000", "690000"]


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "gb_2312-80"])
def test_gb_labels_mean_gb18030_and_0x80_is_the_euro_sign(write, label):
    """As a browser reads it (WHATWG): a lone 0x80 in a gb2312 page is €, not a reason to refuse."""
    doc = read_source(write("p.html", page(label, "诈骗涉案金额约100万元，", "gb18030", b"\x80" + "。".encode("gbk"))))
    assert doc.encoding == "gb18030" and "万元，€。" in doc.body.text
    assert doc.encoding_why == f"declared {label.lower()} (WHATWG: GB18030)" and doc.encoding_warning == ""


def test_big5_means_big5_hkscs(write):
    """Big5 pages from Hong Kong use HKSCS characters (e.g. 㗎); WHATWG's big5 is Big5-HKSCS."""
    doc = read_source(write("p.html", page("big5", "警方破獲詐騙案件３２宗㗎。", "big5hkscs")))
    assert doc.encoding == "big5hkscs" and "㗎" in doc.body.text


def test_a_label_that_lies_is_overruled_with_a_warning_and_the_reason_recorded(write):
    """<meta charset=big5> on GB18030 bytes: read right, a warning, and the reason kept."""
    path = write("p.html", page("big5", SENTENCE, "gb18030"))
    doc = read_source(path)
    assert doc.body.text == SENTENCE and doc.encoding == "gb18030"
    assert doc.encoding_why == "declared big5, which does not read it right; detected GB18030"
    assert doc.encoding_warning == f"{path}: declares big5, but is GB18030; read as GB18030"


def test_undecodable_bytes_are_named_by_their_offset(write):
    """A file no encoding reads: the first bad byte is named by its offset and value."""
    path = write("a.txt", "破获".encode() + b"\xff\xfe\x81\x80\xff" * 5)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value) == (f"{path}: cannot be decoded: byte 6 (0xff) is not UTF-8, and neither "
                               f"GB18030/GBK nor Big5 reads it")


def test_cr_only_line_ends_are_line_ends(write):
    """An old-Mac file: its front matter is front matter, and ICP lines are furniture, not statistics."""
    raw = "---\r title: 通报\r date: 2022-03-06\r---\r2021年，公安机关共破获案件44.1万余起。\r京ICP备12345678号\r"
    doc = read_source(write("mac.md", raw.replace("\r ", "\r")))
    assert doc.metadata["title"] == "通报" and "ICP" not in doc.body.text
    assert [r.surface for r in statistics(doc)] == ["44.1万余起"]
    assert_offsets_point_at_surfaces(doc)


def test_an_alias_in_a_sources_front_matter_is_refused(write):
    """An alias bomb in a source's front matter is refused where it starts, never expanded."""
    path = write("bomb.md", "---\na: &a [x, x]\nb: [*a, *a]\n---\n正文44起。\n")
    with pytest.raises(SourceError, match=r"bomb\.md:2: front matter is not valid YAML: YAML anchors .* are not allowed"):
        read_source(path)


def test_a_url_that_is_not_http_is_refused(tmp_path):
    """A javascript: URL in sources.yaml never becomes a link on the site."""
    import shutil

    from conftest import CONTENT

    shutil.copytree(CONTENT, tmp_path / "content")
    index = tmp_path / "content/sources.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace('url: ""', 'url: "javascript:alert(1)"', 1),
                     encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.yaml:\d+: 000_500d0aa563e641de\.txt: url must be an http or "
                                          r"https address, not 'javascript:alert\(1\)'"):
        read_sources(tmp_path / "content")


TABLE_RELEASE = """<html><head><meta charset="utf-8"><title>某县公安局2024年10月电信网络诈骗警情通报</title></head><body>
<h1>某县公安局2024年10月电信网络诈骗警情通报</h1>
<p>2024年10月，全县共接报电信网络诈骗警情46起。各乡镇发案情况如下：</p>
<table><tr><th>乡镇</th><th>发案数（起）</th><th>损失金额（万元）</th></tr>
<tr><td>城关镇</td><td>18</td><td>56.3</td></tr>
<tr><td>河口镇</td><td>9</td><td>12.1</td></tr></table></body></html>
"""


@pytest.mark.slow
def test_a_figure_from_a_tables_cell_is_cited_and_checked(tmp_path):
    """A county's 警情通报 with its towns in a table: a figure registered from a cell (the quote
    its row, as `extract --suggest` drafts it) is printed with its column's measure word
    (56.3万元) and checked against the cell; the same number typed with another unit fails."""
    import hashlib

    from click.testing import CliRunner
    from conftest import make_small_project

    from generator.cli import cli
    from generator.rendering.readback import pdf_page_texts

    project = make_small_project(tmp_path / "p")
    data = TABLE_RELEASE.encode("utf-8")
    (project / "content/sources/county-2024-10.html").write_bytes(data)
    with (project / "content/sources.yaml").open("a", encoding="utf-8") as index:
        index.write(f"- file: county-2024-10.html\n  title: 某县公安局2024年10月电信网络诈骗警情通报\n  publisher: 某县公安局\n"
                    f"  published: 2024-11-05\n  url: \"\"\n  sha256: {hashlib.sha256(data).hexdigest()}\n")
    with (project / "content/figures.yaml").open("a", encoding="utf-8") as figures:
        figures.write('\n- id: chengguan-losses-2024-10\n  source: county-2024-10.html\n  quote: "城关镇，18，56.3"\n'
                      '  surface: "56.3"\n  label: 城关镇电信网络诈骗损失金额\n  period: 2024年10月\n  actor: 某县公安局\n')
    leaflet = project / "content/leaflets/general-public.md"
    text = leaflet.read_text(encoding="utf-8")
    leaflet.write_text(text + "\n2024年10月，城关镇群众被骗[[fig:chengguan-losses-2024-10]]。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output", str(project / "out")])
    assert result.exit_code == 0, result.output
    pdf = "".join(pdf_page_texts((project / "out/leaflets/general-public.pdf").read_bytes())).replace("\n", "")
    assert "城关镇群众被骗56.3万元" in pdf.replace("\u2005", "")
    leaflet.write_text(text + "\n2024年10月，城关镇群众被骗56.3亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output", str(project / "out")])
    assert result.exit_code == 1 and "56.3亿元" in result.output, result.output
