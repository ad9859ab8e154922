"""The PDF briefing (简报), read back as a reader gets it, and the rules its charts keep."""

import ctypes
import json
import re
import tomllib
from dataclasses import replace

import pypdfium2
import pypdfium2.raw as raw
import pytest
from click.testing import CliRunner
from conftest import CONTENT, ROOT, TEMPLATES, TEXT_FOOT, assert_colophon_at_the_foot

from generator.cli import cli
from generator.config import BriefingConfig, load_config
from generator.figures.guidance import Case, Passage
from generator.figures.guidance_reader import load_guidance
from generator.figures.registry import load_registry
from generator.products.briefing import SourceNumbers, briefing_context
from generator.products.content import read_product
from generator.products.outputs import briefing_pages
from generator.rendering.charts import ChartError, bar_chart, period_shape
from generator.rendering.fonts import compact_faces
from generator.rendering.pdf import PdfRenderer
from generator.rendering.readback import pdf_fonts, pdf_page_texts, pdf_text
from generator.rendering.templates import figure_text, make_environment, render_page
from generator.sources.index import read_sources

SLUG = "national-2020-2022"
SHIPPED_CONFIG = tomllib.loads((ROOT / "fanzha.toml").read_text(encoding="utf-8"))


@pytest.fixture(name="out", scope="module")
def fixture_out(shipped):
    return shipped


@pytest.fixture(name="pdf", scope="module")
def fixture_pdf(out):
    return pypdfium2.PdfDocument(out / f"briefings/{SLUG}.pdf")


@pytest.fixture(name="pages", scope="module")
def fixture_pages(pdf):
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


@pytest.fixture(name="docs", scope="module")
def fixture_docs():
    return read_sources(CONTENT)


@pytest.fixture(name="registry", scope="module")
def fixture_registry(docs):
    return load_registry(CONTENT / "figures.yaml", docs)


# --- the shipped briefing, read back from its PDF --------------------------------------------------

def test_masthead_unit_and_date_read_back_and_page_numbers(pages):
    """报头: the name in red, 第1期, the issuing unit from fanzha.toml [unit] and the date; the unit
    and the month read back from the PDF; every page numbered, a running header from page 2."""
    masthead = pages[0].replace(" ", "")  # the red masthead is letter-spaced
    assert "反诈宣传简报" in masthead and "第1期" in masthead
    unit = SHIPPED_CONFIG["unit"]["name"]
    first_lines = pages[0].splitlines()[:4]
    assert any(line.startswith(f"{unit}编印") and line.endswith("2022年4月20日") for line in first_lines), first_lines
    assert "2022年4月" in pages[0]  # the month
    for number, text in enumerate(pages, 1):
        assert f"第 {number} 页 共 {len(pages)} 页" in text
    assert "2020年至2022年全国打击治理电信网络诈骗主要数据" in pages[1]  # the running header


def test_bookmarks_follow_the_headings(pdf):
    titles = [bookmark.get_title() for bookmark in pdf.get_toc()]
    assert titles[0].replace("\n", "") == "2020年至2022年全国打击治理电信网络诈骗主要数据"
    numbered = [t for t in titles if re.match(r"[一二三四五六七八九十]+、|附[一二]：", t)]
    assert numbered == ["一、总体情况", "二、技术反制与预警劝阻", "三、关键数据", "四、图表", "五、典型案例", "六、防范提示",
                        "附一：数据出处", "附二：数据来源"]  # in order, without a gap


def test_sources_are_listed_once_each_and_cited_by_number(out, pages):
    """No citation repeated in footnotes: each source once in 附二, numbered ①②… in the order first
    cited; every figure's quote once in 附一, with its source's number."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    figures = {f["id"]: f for f in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    cited = next(e["figures"] for e in manifest if e["path"] == f"briefings/{SLUG}.pdf")
    text = re.sub(r"\s", "", "".join(pages))
    listed = text[text.index("附二：数据来源"):]
    files = {figures[i]["source"]["file"] for i in cited if not figures[i]["derived"]}
    titles = {figures[i]["source"]["title"] for i in cited if not figures[i]["derived"]}
    assert len(titles) == len(files) >= 3
    for title in titles:
        title = re.sub(r"\s", "", title)
        assert text.count(title) == 1, title  # once, in the list of sources, nowhere else
        assert title in listed
    marks = re.findall(r"([①-⑳])[^①-⑳：]{2,30}：《", listed)
    assert marks == list("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")[: len(marks)] and len(marks) >= len(files)
    for figure_id in cited:
        figure = figures[figure_id]
        assert figure["surface"] in text or figure["derived"]
        if not figure["derived"]:
            quote = re.sub(r"\s", "", figure["source"]["quote"])
            assert text.count(f"“{quote}”") == 1, quote  # once, in 附一
    assert "15.5亿次" in text and "19.5亿次" in text and "工信部" in text  # both, and whose each is


def test_every_figure_in_the_body_carries_its_source_number(out):
    html = (out / f"briefings/{SLUG}.html").read_text(encoding="utf-8")
    body = html[html.index("总体情况</h2>"):html.index("关键数据")]  # 一、 is a kept number: <span class="num">
    for match in re.finditer(r'<span class="fig" data-fig="([^"]+)">', body):
        after = body[match.end():match.end() + 400]
        assert re.search(r'^.*?</span>(?:<span class="calc">.*?</span>)?\u2060<a class="src" href="#source-\d+"',
                         after, re.S), match.group(1)


def test_charts_compare_like_periods_with_one_unit_and_say_both_periods(out, pages):
    html = (out / f"briefings/{SLUG}.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 1 + 4  # the chart, and the advice's icons
    report = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    page = next(a for a in report["artifacts"] if a["path"] == f"briefings/{SLUG}.html")
    for label, figure_id in (("32.2万起", "cases-solved-2020"), ("69万余名", "suspects-arrested-2021")):
        traced = {n.get("figure") for n in page["numbers"] if n["surface"] == label and not n.get("quoted_from_source")}
        assert traced == {figure_id}  # chart labels (and the other places it stands) traced to their figures
    text = "".join(pages)
    charts = text[text.index("四、图表"):text.index("防范提示")]
    assert charts.count("2020年与2021年（均为全年数字）") == 1  # both periods, and why they compare
    assert "1至5月" not in charts and "1—5月" not in charts  # no part-year bar among whole years
    assert "单位：起" not in charts  # no axis unit that the bars contradict


def test_advice_from_the_guidance_and_distribution_from_the_configuration(pages):
    text = "".join(pages)
    advice = re.sub(r"\s", "", text[text.index("防范提示"):text.index("附一")])
    for line in ("未知链接", "不点击", "陌生来电", "不轻信", "个人信息", "不透露", "转账汇款", "多核实"):
        assert line in advice
    assert "凡是自称公检法，要你把钱转进“安全账户”的，都是诈骗！" in advice
    assert "96110" in advice and "110" in advice and "立即停止转账" in advice
    last = re.sub(r"[ \r]", "", pages[-1])
    send_to, copy_to = SHIPPED_CONFIG["briefing"]["send_to"], SHIPPED_CONFIG["briefing"]["copy_to"]
    assert "分送：" + "，".join(send_to) in last.replace("\n", "")
    assert "抄送：" + "，".join(copy_to) in last.replace("\n", "")
    assert f"{SHIPPED_CONFIG['unit']['name']}2022年4月20日印发" in last.replace("\n", "")


def test_body_is_justified_and_reads_back_without_stray_spaces(pdf):
    """Body lines end at the right edge of the 165 mm column (a line the justification could not
    fill without spacing its characters so far apart that they read as words stays short);
    no space between Han characters in the text read back."""
    textpage = pdf[0].get_textpage()
    text = textpage.get_text_range()
    start, end = text.index("一、总体情况"), text.index("三、关键数据")
    lines, current, right, size = [], "", 0.0, 0.0
    for index in range(start, end):
        char = text[index]
        if char in "\r\n":
            if current:
                lines.append((current, right, size))
            current, right, size = "", 0.0, 0.0
            continue
        current += char
        if char != " ":
            right = max(right, textpage.get_charbox(index, loose=True)[2] / 72 * 25.4)
            size = max(size, raw.FPDFText_GetFontSize(textpage.raw, index))
    body = [(line, r) for line, r, s in lines if s < 17]  # 12 pt body (16 px), not the 15 pt headings
    inner = [(line, r) for (line, r), (following, _) in zip(body, body[1:], strict=False)
             if not following.startswith(("2020年，", "2021年，", "2021年4月至"))]  # not a paragraph's last
    right_edge = 25 + 165
    flush = [line for line, r in inner if abs(r - right_edge) < 0.6]
    assert len(inner) >= 4 and len(flush) >= len(inner) / 2, inner
    assert all(r > right_edge - 10 for _, r in inner), inner
    assert all(" " not in line for line, _ in body), body  # justified, yet read back as written


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


# --- the 版记 (报尾) at the foot of the last page, as GB/T 9704 sets it -------------------------------

PARAGRAPH = "各宣传点要把上述数字讲给群众听，提醒群众接到陌生来电时多核实、不转账，遇到可疑情况及时拨打110报警或96110咨询。"
SHORT = """---
title: 短简报
date: 2022-04-20
issue: 第2期
lead: 本期简报。
advice: false
cases: []
---
## 工作情况

{body}
"""
"""A briefing with no figures and no advice: no appendix, the 版记 right after its text."""


def test_the_colophon_closes_the_last_page_at_its_foot(out):
    """The shipped briefing: its appendices fill page 5 too far for the 版记 to fit under them,
    so it stands at the foot of page 6 (it stood alone at the top of that page)."""
    place = assert_colophon_at_the_foot((out / f"briefings/{SLUG}.pdf").read_bytes())
    assert place["lowest"][-2] + (place["bottom"] - place["top"]) + 8 > TEXT_FOOT  # no room on page 5


@pytest.fixture(name="short_briefing", scope="module")
def fixture_short_briefing(tmp_path_factory, docs, registry):
    """A short briefing of n paragraphs (SHORT) as a tagged PDF, rendered as the build renders it,
    with the shipped fanzha.toml's unit and distribution."""
    settings = load_config(ROOT)
    env = make_environment(TEMPLATES, settings.unit, settings.site, settings.briefing, root=ROOT)
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    renderer = PdfRenderer([TEMPLATES, CONTENT], compact_faces())
    folder = tmp_path_factory.mktemp("short")

    def render(paragraphs: int) -> bytes:
        path = folder / f"short-{paragraphs}.md"
        path.write_text(SHORT.format(body="\n\n".join([PARAGRAPH] * paragraphs)), encoding="utf-8")
        product = read_product(path, "briefing", set(registry.figures))
        html = render_page(env, product, registry, guidance, briefing_pages(product.slug)[0],
                           **briefing_context(registry, docs)).text
        return renderer.render(html, base_dir=TEMPLATES, name=path.name, tagged=True)

    return render


def test_a_short_briefing_ends_with_the_colophon_at_the_foot_of_its_last_page(short_briefing):
    """From one paragraph to two pages: the 版记 at the foot of page 1 under a short text, at the
    foot of page 2 under the text's end, and at the foot of a page of its own only when the text's
    last page has no room for it. Page 1 keeps the title and the text whatever the length (a
    footnote call without content made WeasyPrint push all of it to page 2)."""
    seen = set()
    for paragraphs in range(1, 14):
        pdf = short_briefing(paragraphs)
        place = assert_colophon_at_the_foot(pdf)
        texts = [re.sub(r"\s", "", text) for text in pdf_page_texts(pdf)]
        assert "短简报" in texts[0] and "一、工作情况" in texts[0] and PARAGRAPH[:20] in texts[0], paragraphs
        alone = PARAGRAPH[:10] not in texts[-1]
        if alone:
            assert place["lowest"][-2] + (place["bottom"] - place["top"]) + 8 > TEXT_FOOT, (paragraphs, place)
        seen.add((place["pages"], alone))
    assert {(1, False), (2, True), (2, False)} <= seen, seen


def test_the_colophon_is_one_block_in_the_html(out):
    """No whitespace between the 版记's blocks: WeasyPrint lays out a footnote's whitespace-only
    text as empty lines, which spread its three lines over six."""
    html = (out / f"briefings/{SLUG}.html").read_text(encoding="utf-8")
    colophon = html[html.index('<footer class="colophon">'):html.index("</footer>")]
    assert not re.search(r">\s+<", colophon), colophon


# --- charts: only like periods, one unit ------------------------------------------------------------

def test_period_shapes():
    assert period_shape("2021") == period_shape("2020") == period_shape("2021-01/2021-12") == ("year",)
    assert period_shape("2021-01/2021-05") == period_shape("2022-01/2022-05") == ("months", "1", "5")
    assert period_shape("2021-01/2021-05") != period_shape("2021-01/2021-06")
    assert period_shape("2021-04/2022-04") == ("months", "4", "13")
    assert period_shape("as_of:2022-03-05") == ("as_of",)
    assert period_shape("") is None


def chart_of(registry, *ids):
    figures = [registry.figures[i] for i in ids]
    return bar_chart("图", figures, None, [figure_text(f) for f in figures])


def test_a_chart_of_like_periods_is_drawn_with_its_periods_and_unit(registry):
    chart = chart_of(registry, "cases-solved-2020", "cases-solved-2021")
    assert chart.periods == ("2020年", "2021年") and chart.unit == "万起" and chart.note == "均为全年数字"
    assert "32.2万起" in str(chart.svg) and "44.1万余起" in str(chart.svg) and "<title>图</title>" in str(chart.svg)
    same_year = chart_of(registry, "calls-blocked-2021-nafc", "calls-blocked-2021-miit")
    assert same_year.actors == ("国家反诈中心", "工信部") and "国家反诈中心" in str(same_year.svg)  # labelled by actor


@pytest.mark.parametrize("ids, why", [
    (("cases-solved-2020", "cases-solved-2021-jan-may", "cases-solved-2021"), "unlike periods"),
    (("cases-solved-2021", "cases-solved-2021-04-to-2022-04"), "unlike periods"),
    (("card-gangs-to-2021-04", "card-gangs-2021"), "unlike periods"),
    (("cases-solved-2020", "suspects-arrested-2021"), "unlike measures"),
    (("suspects-arrested-2020", "suspects-arrested-2021"), "unlike measures"),  # 犯罪嫌疑人, 违法犯罪嫌疑人
    (("cases-solved-2020", "cases-solved-change-2020-to-2021"), "no period"),
    (("cases-solved-2021", "cases-solved-2021", "cases-solved-2020"), "more than once"),
])
def test_a_chart_of_unlike_periods_or_units_is_refused(registry, ids, why):
    with pytest.raises(ChartError, match=why) as raised:
        chart_of(registry, *ids)
    assert set(raised.value.figure_ids) <= set(ids)


def test_a_chart_whose_bars_write_different_magnitudes_is_refused(registry):
    figure = registry.figures["cases-solved-2020"]
    with pytest.raises(ChartError, match="different magnitudes"):
        bar_chart("图", [figure, registry.figures["cases-solved-2021"]], None, ["322000起", "44.1万余起"])
    assert bar_chart("图", [figure], None, ["32.2万起"]).unit == "万起"


def test_the_build_refuses_a_chart_of_unlike_periods_naming_file_and_line(project):
    """The review's chart: 2020, 2021年1至5月 and 2021 side by side. The build stops (exit 2),
    names the briefing and the line of the part-year figure, and publishes nothing."""
    briefings = project / "content/briefings"
    briefings.mkdir()
    text = (CONTENT / "briefings" / f"{SLUG}.md").read_text(encoding="utf-8")
    text = text.replace("figures: [cases-solved-2020, cases-solved-2021]",
                        "figures:\n      - cases-solved-2020\n      - cases-solved-2021-jan-may\n"
                        "      - cases-solved-2021")
    (briefings / "mixed.md").write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - cases-solved-2021-jan-may") + 1
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 2, result.output
    assert f"briefings/mixed.md:{line}: chart" in result.output and "unlike periods" in result.output
    assert "2021年1—5月" in result.output and "cases-solved-2021-jan-may" in result.output
    assert not (project / "output").exists()


# --- the parts that need no build -------------------------------------------------------------------

def test_source_numbers_mark_each_figure_after_its_calculated_note(registry):
    sources = SourceNumbers(registry)
    body = ('<p>案件<span class="fig" data-fig="cases-solved-2021"><span class="num">44.1万余起</span></span>，增长'
            '<span class="fig" data-fig="cases-solved-change-2020-to-2021">约37%</span><span class="calc">（计算值）'
            '</span>。</p>')
    marked = str(sources.mark_body(body))
    assert marked.count('<a class="src"') == 3
    assert re.search(r'44.1万余起</span></span>\u2060<a class="src" href="#source-1"', marked)
    assert re.search(r'（计算值）</span>\u2060<a class="src" href="#source-1"[^>]*>①</a><a class="src" '
                     r'href="#source-2"[^>]*>②</a>。', marked)  # the calculated one: both its inputs' sources
    assert [entry.mark for entry in sources.entries()] == ["①", "②"]
    assert sources.marks("cases-solved-2020") == "②" and sources.marks("cases-solved-2021") == "①"


def test_briefing_config_is_read_and_checked(tmp_path):
    (tmp_path / "fanzha.toml").write_text('[briefing]\nsend_to = ["各派出所"]\ncopy_to = ["市局"]\n', encoding="utf-8")
    assert load_config(tmp_path).briefing == BriefingConfig(send_to=("各派出所",), copy_to=("市局",))
    (tmp_path / "fanzha.toml").write_text('[briefing]\nsend_to = "各派出所"\n\ncc = ["x"]\n', encoding="utf-8")
    from generator.errors import ConfigError

    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert "fanzha.toml:2: send_to (分送) is a list of unit names" in raised.value.message
    assert "fanzha.toml:4: unknown key 'cc' in [briefing]" in raised.value.message


def test_typical_cases_show_when_the_guidance_has_them(docs, registry):
    """The marked place for 典型案例: each case verbatim, marked as quoted from its source (so
    the check reads its numbers as the source's own), credited by number; none, no section."""
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    product = read_product(CONTENT / "briefings" / f"{SLUG}.md", "briefing", set(registry.figures))
    env = make_environment(ROOT / "templates")
    plan = briefing_pages(SLUG)[0]
    if not guidance.cases:  # no cases in the guidance: no section
        without = render_page(env, product, registry, guidance, plan).text
        assert "、典型案例" not in without and "五、防范提示" in without
    quote = "通过6个虚假网络投资平台对我国群众实施“杀猪盘”诈骗，涉案金额高达1.6亿元。"
    case = Case("jinhua", "romance-investment", "境外窝点的“杀猪盘”", "002_7342b0a47cb5ad25.txt",
                (Passage(quote, quote),), "公安部刑侦局", "2021-06-17")
    html = render_page(env, product, registry, replace(guidance, cases=(case,)), plan,
                       sources=SourceNumbers(registry, docs)).text
    assert "五、典型案例" in html and "六、防范提示" in html
    section = html[html.index("五、典型案例"):html.index("六、防范提示")]
    assert re.sub(r"<[^>]+>", "", section).count(quote) == 1 and "境外窝点的" in re.sub(r"<[^>]+>", "", section)
    assert 'data-source="002_7342b0a47cb5ad25.txt"' in section
    assert re.search(r'原文摘录 <a class="src" href="#source-\d+"', section)
    later = replace(case, published="2023-01-01")  # reported after the briefing's date
    html = render_page(env, product, registry, replace(guidance, cases=(later,)), plan).text
    assert "、典型案例" not in html


def test_no_stray_space_where_markdown_broke_a_line(out):
    """A soft line break beside a Han character or full-width mark renders as nothing: in the
    briefing and every leaflet, the text on both sides of each such break reads back joined."""
    from generator.products.content import SHORTCODE

    figures = {f["id"]: f for f in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    checked = 0
    for path in sorted((CONTENT / "briefings").glob("*.md")) + sorted((CONTENT / "leaflets").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        body = SHORTCODE.sub(lambda m: figures[m.group(1)]["surface"] or figures[m.group(1)]["text"], body)
        pdf_path = out / path.relative_to(CONTENT).with_suffix(".pdf")
        text = re.sub(r"[\r\n\u2060①-⑳]", "", pdf_text(pdf_path.read_bytes()))
        for before, after in re.findall(r"(\S{2})\n(\S{2})", body):
            if not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", before[-1] + after[0]):
                continue
            assert before + after in text, (path.name, before, after)
            checked += 1
    assert checked >= 5


def test_a_chart_of_one_measure_in_two_units_is_refused(registry):
    """Same metric and wording, another unit (an editor's mistake in the registry): still no chart."""
    first = registry.figures["cases-solved-2020"]
    second = replace(registry.figures["cases-solved-2021"], unit="件")
    with pytest.raises(ChartError, match="mixes units"):
        bar_chart("图", [first, second], None, [figure_text(first), "44.1万余件"])
