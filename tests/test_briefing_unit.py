"""A briefing for any unit: a county centre's monthly briefings, built from its own 警情通报.

The project is the shipped content with two county sources (the October 警情通报 of 2025 and
of 2026), their figures, the county as the unit (with a logo) and two briefings that use only
some sections: one with callouts, key figures and advice (no charts, no cases), one with a
single chart of two like periods (no key figures, no cases, no advice). Read back from their
PDFs: the headings are numbered 一、二、三 without a gap, nothing speaks of the national data,
and every caption and source line names the county's own figures and sources. A malformed
section stops the build naming the file, the line and the field.
"""

import hashlib
import re

import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import CONTENT, ROOT, assert_colophon_at_the_foot, make_small_project

from generator.cli import cli
from generator.errors import ConfigError
from generator.figures.guidance_reader import load_guidance
from generator.figures.registry import load_registry
from generator.products.briefing import chinese_numeral
from generator.products.content import read_product
from generator.products.outputs import briefing_pages
from generator.rendering.readback import pdf_page_texts
from generator.rendering.templates import make_environment, render_page
from generator.sources.index import read_sources

UNIT = "通山县公安局反诈中心（测试）"
SOURCES = {
    "011_tongshan-alerts-2025-10.txt": (
        "通山县公安局2025年10月电信网络诈骗警情通报", "2025-11-03",
        "通山县公安局2025年10月电信网络诈骗警情通报\n\n"
        "2025年10月，全县共接报电信网络诈骗警情50起，群众被骗损失103.6万元。\n\n"
        "县反诈中心提醒：陌生来电不轻信，转账汇款多核实。\n"),
    "012_tongshan-alerts-2026-10.txt": (
        "通山县公安局2026年10月电信网络诈骗警情通报", "2026-11-04",
        "通山县公安局2026年10月电信网络诈骗警情通报\n\n"
        "2026年10月，全县共接报电信网络诈骗警情42起，群众被骗损失86.5万元。"
        "当月县反诈中心预警劝阻群众1260人次。\n\n"
        "县反诈中心提醒：未知链接不点击，个人信息不透露。\n"),
}
FIGURES = """
# A county centre's own figures, from its monthly 警情通报 (tests/test_briefing_unit.py)
- id: county-alerts-2025-10
  source: 011_tongshan-alerts-2025-10.txt
  quote: "全县共接报电信网络诈骗警情50起"
  surface: "50起"
  label: "接报电信网络诈骗警情"
  period: "2025年10月"
  actor: "通山县公安局"
  metric: county-alerts
- id: county-alerts-2026-10
  source: 012_tongshan-alerts-2026-10.txt
  quote: "全县共接报电信网络诈骗警情42起"
  surface: "42起"
  label: "接报电信网络诈骗警情"
  period: "2026年10月"
  actor: "通山县公安局"
  metric: county-alerts
- id: county-losses-2026-10
  source: 012_tongshan-alerts-2026-10.txt
  quote: "群众被骗损失86.5万元"
  surface: "86.5万元"
  label: "群众被骗损失"
  period: "2026年10月"
  actor: "通山县公安局"
  metric: county-losses
- id: county-dissuaded-2026-10
  source: 012_tongshan-alerts-2026-10.txt
  quote: "预警劝阻群众1260人次"
  surface: "1260人次"
  label: "预警劝阻群众"
  period: "2026年10月"
  actor: "通山县公安局"
  metric: county-dissuaded
"""
MONTHLY = """---
title: 2026年10月全县电信网络诈骗警情
date: 2026-11-05
masthead: 通山反诈简报
issue: 第10期
lead: 本期通报上月全县电信网络诈骗警情和预警劝阻情况，请各派出所、社区警务室结合辖区实际开展宣传。
highlights:
  - county-alerts-2026-10
  - figure: county-losses-2026-10
key_figures:
  - county-alerts-2026-10
  - county-losses-2026-10
  - county-dissuaded-2026-10
cases: []
---
## 本月警情

2026年10月，全县共接报电信网络诈骗警情[[fig:county-alerts-2026-10]]，群众被骗损失[[fig:county-losses-2026-10]]。

## 预警劝阻

当月县反诈中心预警劝阻群众[[fig:county-dissuaded-2026-10]]。
"""
CHART = """---
title: 全县电信网络诈骗警情同比减少
date: 2026-11-05
masthead: 通山反诈简报
issue: 第11期
charts:
  - title: 接报电信网络诈骗警情：今年10月少于去年同月
    figures: [county-alerts-2025-10, county-alerts-2026-10]
cases: []
advice: false
---
## 警情对比

2026年10月，全县共接报电信网络诈骗警情[[fig:county-alerts-2026-10]]；2025年10月为[[fig:county-alerts-2025-10]]。
"""
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        '<circle cx="32" cy="32" r="30" fill="#2e7d32"/></svg>\n')
NATIONAL = ("国家反诈中心与工信部", "工信部", "拦截数", "公安部等部门", "全年数字", "统计口径不同", "2022年")
"""Wording of the shipped national briefing that a county's briefing must not carry anywhere (the
advice and its sources, from the guidance, are national: "全国" is looked for in the data only)."""


def make_county_project(root):
    """The shipped content and templates with the county's sources, figures, unit and logo, and
    its two briefings (no leaflet, no post)."""
    project = make_small_project(root)
    for leaflet in (project / "content/leaflets").glob("*.md"):
        leaflet.unlink()
    content = project / "content"
    index = (content / "sources.yaml").read_text(encoding="utf-8")
    for name, (title, date, text) in SOURCES.items():
        data = text.encode("utf-8")
        (content / "sources" / name).write_bytes(data)
        index += (f"- file: {name}\n  title: {title}\n  publisher: 通山县公安局\n  published: {date}\n"
                  f"  reported: {date}\n  url: \"\"\n  sha256: {hashlib.sha256(data).hexdigest()}\n")
    (content / "sources.yaml").write_text(index, encoding="utf-8")
    with (content / "figures.yaml").open("a", encoding="utf-8") as figures:
        figures.write(FIGURES)
    (content / "assets").mkdir()
    (content / "assets/logo.svg").write_text(LOGO, encoding="utf-8")
    toml = (project / "fanzha.toml").read_text(encoding="utf-8")
    toml = re.sub(r'(?m)^name = ".*?"\nshort_name = ".*?"\n',
                  f'name = "{UNIT}"\nshort_name = "通山反诈"\nlogo = "content/assets/logo.svg"\n', toml, count=1)
    assert 'logo = "content/assets/logo.svg"' in toml
    (project / "fanzha.toml").write_text(toml, encoding="utf-8")
    (content / "briefings").mkdir()
    (content / "briefings/county-monthly.md").write_text(MONTHLY, encoding="utf-8")
    (content / "briefings/county-chart.md").write_text(CHART, encoding="utf-8")
    return project


def build(project, output="output", *extra):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / output), *extra])


@pytest.fixture(name="county", scope="module")
def fixture_county(tmp_path_factory):
    project = make_county_project(tmp_path_factory.mktemp("county") / "project")
    result = build(project)
    assert result.exit_code == 0, result.output
    return project


def page_texts(county, slug):
    return pdf_page_texts((county / f"output/briefings/{slug}.pdf").read_bytes())


def headings(text):
    """The numbered headings read back from a PDF's text, in order: (numeral, title)."""
    return re.findall(r"(?m)^\s*([一二三四五六七八九十]+)、(\S+?)\s*$", text)


@pytest.mark.slow
@pytest.mark.parametrize("slug, expected", [
    ("county-monthly", ["本月警情", "预警劝阻", "关键数据", "防范提示"]),
    ("county-chart", ["警情对比", "图表"]),
])
def test_headings_are_numbered_from_the_sections_present(county, slug, expected):
    text = "\n".join(page_texts(county, slug))
    found = headings(text)
    assert [title for _, title in found] == expected, found
    assert [numeral for numeral, _ in found] == [chinese_numeral(n) for n in range(1, len(expected) + 1)]
    assert "典型案例" not in text  # cases: []
    assert ("防范提示" in text) == (slug == "county-monthly")  # advice: false leaves it out
    appendices = re.findall(r"附([一二三])：(\S+)", text)
    assert appendices == [("一", "数据出处"), ("二", "数据来源")]
    titles = [bookmark.get_title() for bookmark in pypdfium2.PdfDocument(
        (county / f"output/briefings/{slug}.pdf").read_bytes()).get_toc()]
    assert [t for t in titles if re.match(r"[一二三四五六七八九十]+、", t)] == \
        [f"{numeral}、{title}" for numeral, title in found]


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["county-monthly", "county-chart"])
def test_no_national_wording_and_the_county_named(county, slug):
    text = re.sub(r"\s", "", "".join(page_texts(county, slug)))
    for words in NATIONAL:
        assert words not in text, words
    data = text[:text.index("防范提示") if "防范提示" in text else text.index("附一")]
    assert "全国" not in data and "国家反诈中心" not in data and "公安部" not in data
    assert f"{UNIT}编印" in text and f"{UNIT}2026年11月5日印发" in text
    assert "通山县公安局：《通山县公安局2026年10月电信网络诈骗警情通报》，2026年11月4日。" in text  # 附二


@pytest.mark.slow
def test_key_figures_and_callouts_name_the_countys_own_figures(county):
    text = "".join(page_texts(county, "county-monthly"))
    table = text[text.index("三、关键数据"):text.index("四、防范提示")]
    for surface in ("42起", "86.5万元", "1260人次"):
        assert surface in table.replace("\u2005", "")
    assert table.count("通山县公安局") == 3 and table.count("2026年10月") == 3  # 发布方 and 时段 of each row
    first = re.sub(r"\s", "", page_texts(county, "county-monthly")[0])
    assert first.count("2026年10月，通山县公安局") == 2  # each callout: its period and who counted


@pytest.mark.slow
def test_a_chart_of_two_like_periods_says_whose_and_when(county):
    text = "".join(page_texts(county, "county-chart"))
    chart = text[text.index("二、图表"):text.index("附一")].replace("\n", "")
    assert "图1 接报电信网络诈骗警情：今年10月少于去年同月" in chart
    assert "通山县公安局，2025年10月与2026年10月（均为各年同期数字）" in chart  # who, both periods, why alike
    assert "50起" in chart and "42起" in chart
    assert "数据来源：通山县公安局，2026年11月4日①、2025年11月3日②。" in chart  # its sources, by number
    html = (county / "output/briefings/county-chart.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 1  # the chart; no advice icons


@pytest.mark.slow
def test_the_units_logo_is_printed_in_the_masthead(county):
    """The logo (fanzha.toml [unit] logo, a green disc here) in the masthead's top left, carried
    in the page itself; none in the shipped briefing, whose unit has no logo."""
    html = (county / "output/briefings/county-monthly.html").read_text(encoding="utf-8")
    assert '<header class="masthead with-logo">' in html
    assert re.search(r'<img class="logo" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+标志">', html)
    page = pypdfium2.PdfDocument((county / "output/briefings/county-monthly.pdf").read_bytes())[0]
    image = page.render(scale=2).to_pil().convert("RGB")  # 2 px a point
    mm = 2 * 72 / 25.4
    corner = image.crop((int(20 * mm), int(14 * mm), int(50 * mm), int(40 * mm)))
    width, height = corner.size
    green = sum(1 for x in range(0, width, 2) for y in range(0, height, 2)
                if (lambda r, g, b: g > 100 and r < 90 and b < 90)(*corner.getpixel((x, y))))
    assert green > 250, green  # every other pixel each way: a quarter of them
    assert image.getpixel((int(105 * mm), int(26 * mm))) != (46, 125, 50)  # not over the centred name


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["county-monthly", "county-chart"])
def test_the_colophon_stands_at_the_foot_of_the_last_page(county, slug):
    """Short briefings, each with its appendices on a page of their own: the 版记 under them, at
    the foot of that page (GB/T 9704)."""
    assert_colophon_at_the_foot((county / f"output/briefings/{slug}.pdf").read_bytes())


@pytest.mark.slow
def test_a_rebuild_gives_the_same_bytes(county):
    """Built again into a fresh folder (nothing to reuse: every page rendered anew)."""
    first = {p.name: p.read_bytes() for p in (county / "output/briefings").iterdir()}
    result = build(county, "output-again")
    assert result.exit_code == 0, result.output
    assert "0 unchanged and reused" in result.output
    again = {p.name: p.read_bytes() for p in (county / "output-again/briefings").iterdir()}
    assert first == again and {"county-monthly.pdf", "county-chart.pdf"} <= set(first)
    assert (county / "output/site/briefings/county-chart.png").read_bytes() == \
        (county / "output-again/site/briefings/county-chart.png").read_bytes()


# --- the front matter, checked when the briefing is read ---------------------------------------------

@pytest.fixture(name="registry", scope="module")
def fixture_registry():
    return load_registry(CONTENT / "figures.yaml", read_sources(CONTENT))


BASE = """---
title: 测试简报
date: 2022-04-20
masthead: 反诈宣传简报
issue: 第1期
{fields}
---
## 总体情况

2021年，破获案件[[fig:cases-solved-2021]]。
"""


@pytest.mark.parametrize("fields, line, field, message", [
    ("key_figures:\n  - cases-solved-2021\n  - cases-solved-2012", 8, "`key_figures[2]`",
     "unknown figure id 'cases-solved-2012'; did you mean 'cases-solved-2021'?"),
    ("key_figures: {a: b}", 6, "`key_figures`", "is a list of figure ids ([a, b]), not a mapping"),
    ("charts:\n  - title: 图\n    figures: [cases-solved-2020, cases-solved-202]", 8, "`charts[1].figures[2]`",
     "unknown figure id 'cases-solved-202'"),
    ("charts:\n  - title: 甲\n    figures: [cases-solved-2020]\n  - figures: [cases-solved-2021]", 9,
     "`charts[2].title`", "needs a title"),
    ("charts:\n  - title: 图\n    figure: [cases-solved-2020]", 8, "`charts[1].figure`",
     "unknown field; did you mean 'figures'?"),
    ("charts: 图一", 6, "`charts`", "is a list of charts"),
    ("charts:\n  - title: 图\n    figures: []", 8, "`charts[1].figures`", "is a list of the figures charted"),
    ("charts:\n  - title: 图\n    figures: [cases-solved-2020]\n    finding: cases-solved-change", 9,
     "`charts[1].finding`", "unknown figure id 'cases-solved-change'"),
    ("highlights:\n  - figure: cases-solved-2021\n    compare: cases-solved-chang-2020-to-2021", 8,
     "`highlights[1].compare`", "unknown figure id"),
    ("highlights:\n  - [cases-solved-2021]", 7, "`highlights[1]`", "is a figure id or {figure: ID, compare: ID}"),
    ("highlights: [cases-solved-2020, cases-solved-2021, funds-stopped-2021, calls-blocked-2021-nafc, "
     "people-protected-2021]", 6, "`highlights`", "5 callouts; at most 4"),
    ("key_figure: [cases-solved-2021]", 6, "`key_figure`", "a briefing has no such field; did you mean 'key_figures'?"),
    ("advice: perhaps", 6, "`advice`", "is true or false, not 'perhaps'"),
    ("cases: brushing", 6, "`cases`", "is a list of case ids"),
])
def test_a_malformed_section_names_the_file_line_and_field(tmp_path, registry, fields, line, field, message):
    path = tmp_path / "bad.md"
    path.write_text(BASE.format(fields=fields), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_product(path, "briefing", set(registry.figures))
    assert f"{path}:{line}: front matter {field}: {message}" in raised.value.message, raised.value.message


def test_a_briefing_without_masthead_or_issue_gets_the_plain_name_and_no_issue_line(tmp_path, registry):
    path = tmp_path / "bare.md"
    path.write_text(BASE.format(fields="").replace("masthead: 反诈宣传简报\nissue: 第1期\n", ""), encoding="utf-8")
    product = read_product(path, "briefing", set(registry.figures))
    assert product.meta["masthead"] == "反诈宣传简报" and "issue" not in product.meta
    guidance = load_guidance(CONTENT / "guidance.yaml", read_sources(CONTENT))
    html = render_page(make_environment(ROOT / "templates"), product, registry, guidance,
                       briefing_pages("bare")[0]).text
    assert '<p class="name">反诈宣传<span class="nb">简报</span></p>' in html and 'class="issue"' not in html


def test_body_headings_are_numbered_and_a_wrong_number_is_refused(tmp_path, registry):
    path = tmp_path / "headings.md"
    path.write_text(BASE.format(fields="") + "\n## 二、技术反制\n\n正文。\n\n### （一）小节\n\n## 预警劝阻\n\n正文。\n",
                    encoding="utf-8")
    product = read_product(path, "briefing", set(registry.figures))
    assert re.findall(r"<h2>(.*?)</h2>", product.body_html) == ["一、总体情况", "二、技术反制", "三、预警劝阻"]
    assert "<h3>（一）小节</h3>" in product.body_html
    path.write_text(BASE.format(fields="").replace("## 总体情况", "## 一、总体情况") + "\n## 三、技术反制\n\n正文。\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_product(path, "briefing", set(registry.figures))
    assert f"{path}:12: heading 三、技术反制 is the body's section 二" in raised.value.message


def test_the_build_stops_on_a_malformed_section_naming_the_file_and_field(project):
    """Through the build: exit status 2, the briefing's file, line and field, nothing published."""
    (project / "content/briefings").mkdir()
    bad = BASE.format(fields="key_figures: [cases-solved-2021]\ncharts:\n  - title: 图\n    figures: cases-solved-2021")
    (project / "content/briefings/bad.md").write_text(bad, encoding="utf-8")
    result = build(project)
    assert result.exit_code == 2, result.output
    assert "briefings/bad.md:9: front matter `charts[1].figures`: is a list of the figures charted" in result.output
    assert not (project / "output").exists()


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 2, 9, 10, 11, 19, 20, 21, 99)] == \
        ["一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]


def test_sections_left_out_leave_no_gap_and_no_logo_without_one(tmp_path, registry):
    """Rendered without a build: the shipped briefing without key figures, charts or cases numbers
    its sections on (三、防范提示 after the body's two); a unit without a logo gets no image."""
    guidance = load_guidance(CONTENT / "guidance.yaml", read_sources(CONTENT))
    source = (CONTENT / "briefings/national-2020-2022.md").read_text(encoding="utf-8")
    front, body = source.split("\n---\n", 1)
    front = re.sub(r"(?ms)^(key_figures|charts):\n(?:[ #].*?\n)*", "", front + "\n") + "cases: []"
    path = tmp_path / "national-2020-2022.md"
    path.write_text(front + "\n---\n" + body, encoding="utf-8")
    product = read_product(path, "briefing", set(registry.figures))
    assert "key_figures" not in product.meta and "charts" not in product.meta
    html = render_page(make_environment(ROOT / "templates"), product, registry, guidance,
                       briefing_pages("national-2020-2022")[0]).text
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]  # 一、 is a kept number
    assert [h for h in headings if re.match(r"[一二三四五六七八九十]+、", h)] == ["一、总体情况", "二、技术反制与预警劝阻",
                                                                            "三、防范提示"]
    assert "关键数据" not in html and "图表" not in html and 'class="table-note"' not in html
    assert "<img" not in html and "masthead with-logo" not in html
