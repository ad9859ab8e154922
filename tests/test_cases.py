"""Typical cases (典型案例) and the scams that target older people: quoted from their sources,
loaded into typed records with every problem named by file and line, shown verbatim and traced
by the check, in HTML and in the text read back from PDFs."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT, TEMPLATES

from generator.checking.verify import verify_artifact
from generator.cli import cli
from generator.errors import ConfigError
from generator.figures.guidance_reader import load_guidance
from generator.figures.quotes import display_quote, find_quote, quote_key
from generator.figures.registry import load_registry
from generator.model import Artifact
from generator.sources.index import read_sources

CASE_SOURCE = "008_sichuan-fake-customer-service-2021.txt"
PASSAGE = ("张女士信以为真,告诉自己的相关信息。随后,对方以支付宝芝麻信用分不够为由,提出要求张女士转款刷信用额度。"
           "张女士在“网购客服”引导下,先后两次将钱转入对方指定的账户,共被骗走19240元。")


@pytest.fixture(name="docs", scope="module")
def fixture_docs():
    return read_sources(CONTENT)


@pytest.fixture(name="guidance", scope="module")
def fixture_guidance(docs):
    return load_guidance(CONTENT / "guidance.yaml", docs)


# --- quotes.py: shown with full-width punctuation, found again whatever the layout ---------------

def test_a_quote_is_shown_with_full_width_punctuation_and_the_same_words():
    assert display_quote("张女士信以为真,告诉自己的相关信息。随后(去年):") == "张女士信以为真，告诉自己的相关信息。随后（去年）："
    assert display_quote("共1,234元,12:30到账") == "共1,234元，12:30到账"  # numbers keep their comma and colon
    for text in (PASSAGE, "共1,234元,12:30到账", "随后在 APP内"):
        assert quote_key(display_quote(text)) == quote_key(text)
    assert quote_key("1，234") != quote_key("1,234")  # two numbers are not one


def test_a_quote_is_found_across_line_breaks_and_only_whole():
    shown = display_quote(PASSAGE)
    laid_out = "典型案例\r\n" + shown[:30] + "\r\n" + shown[30:61] + "\u2005\r\n" + shown[61:] + "\r\n——封面新闻"
    start, end = find_quote(laid_out, PASSAGE)
    assert laid_out[start:end].startswith("张女士信以为真") and laid_out[start:end].endswith("19240元。")
    assert find_quote(laid_out.replace("19240", "19340"), PASSAGE) is None
    assert find_quote(laid_out[:-20], PASSAGE) is None  # cut short: not the whole passage


# --- the guidance: cases and the scams that target older people ---------------------------------

def test_the_shipped_cases_and_elder_scams_are_quoted_from_their_sources(guidance, docs):
    bodies = {doc.name: doc.body.text for doc in docs}
    assert {case.type for case in guidance.cases} >= {"brushing", "fake-customer-service", "health-products",
                                                       "fake-acquaintance"}
    for case in guidance.cases:
        assert case.passages and case.publisher and case.published
        for passage in case.passages:
            assert bodies[case.source].count(passage.quote) == 1
            assert quote_key(passage.text) == quote_key(passage.quote)
        assert not re.search(r"\d", case.title)
    names = [item.name for item in guidance.elder_scams.items]
    assert names == ["保健品类诈骗", "集资类养老诈骗", "宣称“以房养老”", "冒充社保、医保"]
    assert guidance.fraud_type("fake-social-security").quoted.source == "006_mps-medical-card-fraud-2016.txt"
    assert guidance.fraud_type_list("health-products") is guidance.elder_scams
    assert all(item.warning.startswith("凡是") and item.warning.endswith("都是诈骗！") for item in guidance.elder_scams.items)


def guidance_with(tmp_path, docs, old, new):
    text = (CONTENT / "guidance.yaml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "guidance.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)]


@pytest.mark.parametrize("old, new, message", [
    ("共被骗走19240元。", "共被骗走19340元。", "case 'fake-customer-service-facial-mask': quote not found in "
                                             "008_sichuan-fake-customer-service-2021.txt"),
    ("    title: 先返小额佣金，再骗大额本金", "    title: 投入11万元之后", "the title is the team's words and may hold no number"),
    ("    type: health-products\n    title:", "    type: health-product\n    title:", "of an unknown fraud type 'health-product'"),
    ("      - \"多名群众举报称", "      - \"据办案民警介绍,为获取老年人信任,这些门店经常举办健康讲座、零团费旅游、免费聚餐、店庆抽奖等活动。\"\n"
                             "      - \"多名群众举报称", "its passages must follow the source's order"),
    ("      quote: \"犯罪分子首先冒充社保、医保中心工作人员", "      quote: \"犯罪分子首先冒充社保、医保局工作人员",
     "quote not found in 006_mps-medical-card-fraud-2016.txt"),
    ("        - “钱先转过去，手续后补”", "        - “钱先转过去，3天后补手续”", "`says` may hold no number"),
])
def test_a_case_or_elder_scam_that_is_not_its_sources_stops_naming_file_and_line(tmp_path, docs, old, new, message):
    path, _ = guidance_with(tmp_path, docs, old, new)
    with pytest.raises(ConfigError) as raised:
        load_guidance(path, docs)
    assert re.search(rf"{re.escape(str(path))}:\d+: .*{re.escape(message)}", raised.value.message), \
        raised.value.message


def test_a_product_never_shows_a_case_published_after_its_date(guidance):
    newer = guidance.case("brushing-shao")  # 2023-06-15
    assert newer not in guidance.chosen_cases([], ["brushing"], "2022-04-15")
    assert newer in guidance.chosen_cases([], ["brushing"], "2023-07-01")
    with pytest.raises(ConfigError, match="published on 2023-06-15, after the product's date 2022-04-15"):
        guidance.chosen_cases(["brushing-shao"], [], "2022-04-15")
    with pytest.raises(ConfigError, match="unknown typical case 'nope'"):
        guidance.case("nope")


# --- the check: a case's numbers are its source's, in HTML and in text read back from a PDF ------

def pdf_artifact(text: str, quotes) -> Artifact:
    return Artifact(path="leaflets/x.pdf", product="x", content_path=str(CONTENT / "leaflets/general-public.md"),
                    template="leaflet.html.j2", figure_ids=(), text=text, date="2022-04-15", quotes=tuple(quotes))


def test_numbers_inside_a_quoted_case_pass_in_pdf_text_and_not_otherwise(docs, guidance):
    registry = load_registry(CONTENT / "figures.yaml", docs)
    sources = {doc.name: doc for doc in docs}
    shown = display_quote(PASSAGE)
    text = f"典型案例\n{shown[:40]}\n{shown[40:]}\n——封面新闻，2021年5月27日"

    numbers, findings = verify_artifact(pdf_artifact(text, [(CASE_SOURCE, PASSAGE)]), registry, guidance,
                                        TEMPLATES, sources)
    assert findings == []
    assert [n["surface"] for n in numbers if n.get("quoted_from_source")] == ["两次", "19240元"]

    # the same words with no quote listed: the numbers are untraced
    _, findings = verify_artifact(pdf_artifact(text, []), registry, guidance, TEMPLATES, sources)
    assert "19240元" in {f.number for f in findings}

    # a number changed on the page: the passage is no longer there whole, its number is untraced
    _, findings = verify_artifact(pdf_artifact(text.replace("19240", "19340"), [(CASE_SOURCE, PASSAGE)]),
                                  registry, guidance, TEMPLATES, sources)
    assert [f.number for f in findings] == ["两次", "19340元"]  # every number of the passage

    # a passage that is not its source's cannot vouch for anything
    forged = PASSAGE.replace("19240", "19340")
    _, findings = verify_artifact(pdf_artifact(text.replace("19240", "19340"), [(CASE_SOURCE, forged)]),
                                  registry, guidance, TEMPLATES, sources)
    assert any("not found there verbatim" in f.problem for f in findings)
    assert "19340元" in {f.number for f in findings}


def build(root: Path, *extra: str):
    return CliRunner().invoke(cli, ["build", "--content", str(root / "content"), "--output", str(root / "output"),
                                    *extra])


def test_a_case_whose_number_is_changed_in_the_template_fails_the_build(built_project):
    """The small project builds with its case (its numbers traced as the source's, see
    test_check); a template that changes a number inside the quoted case stops the build, in the
    HTML (marked as quoted but not in its source) and in every PDF (the number is untraced)."""
    components = built_project / "templates/design/components.html.j2"
    text = components.read_text(encoding="utf-8")
    old = "{{ quote(case.source, passage.quote) }}"
    assert old in text
    components.write_text(text.replace(old, '{{ quote(case.source, passage.quote)|replace("19240", "19340") }}'),
                          encoding="utf-8")
    result = build(built_project)
    assert result.exit_code == 1, result.output
    assert "marked as quoted from 008_sichuan-fake-customer-service-2021.txt but not found there verbatim" \
           in result.output
    untraced = [line for line in result.output.splitlines() if "“19340元”" in line]
    assert untraced and all("no figure this product uses" in line for line in untraced)
    pdfs = " ".join(untraced)
    for name in ("general-public.pdf", "general-public-print.pdf", "general-public-trifold.pdf",
                 "general-public-trifold-print.pdf"):
        assert f"leaflets/{name}" in pdfs, name
    assert "Traceback" not in result.output


def test_text_that_runs_off_its_page_fails_the_render():
    """A box of fixed height whose content runs past the page would be cut off on paper: the
    render stops instead of shipping it."""
    from generator.rendering.jobs import PdfFile, PdfPlan, RenderJob
    from generator.rendering.pdf import RenderError, render_pdf
    from generator.rendering.pool import derive

    html = ('<html lang="zh-CN"><style>@page { size: 100mm 100mm; margin: 0 }</style>'
            '<p style="position: absolute; top: 120mm">落在纸外的字</p><p>纸上的字</p></html>')
    pdf = render_pdf(html, base_dir=TEMPLATES, roots=[TEMPLATES, CONTENT], name="off")
    page = pdf_artifact("", [])
    with pytest.raises(RenderError, match="text runs past its box and off the page"):
        derive(pdf, RenderJob(page, PdfPlan(tagged=False, files=(PdfFile("x.pdf"),), pages=1)))


def test_text_a_page_holds_but_its_pdf_lost_is_found():
    """lost_han: the Han characters of the page's body its PDF's text lacks; a drawing's text
    (an SVG chart's labels) is not counted, nor the head."""
    from generator.rendering.readback import lost_han

    html = ("<html><head><title>标题</title></head><body><p>遇到诈骗怎么办</p>"
            "<svg><text>图表标签</text></svg><p>拨打110</p></body></html>")
    assert lost_han(html, ["遇到诈骗怎么办\r\n拨打110"]) == ""
    assert lost_han(html, ["遇到诈骗\r\n拨打110"]) == "怎么办"
    assert lost_han(html, ["遇到诈骗怎么办"]) == "拨打"


def test_a_checker_owns_the_keys_of_its_sources_bodies():
    """A source body's quote key is made once per check and kept by the check's Sources."""
    from generator.checking.verify import Sources

    docs = read_sources(CONTENT)
    sources = Sources({doc.name: doc for doc in docs})
    doc = docs[0]
    assert sources.get(doc.name) is doc and sources.get("nothing.txt") is None
    assert sources.body_key(doc) is sources.body_key(doc)
    assert Sources().get(doc.name) is None
