"""The check: errors planted into a copy of the content make the build fail, naming the
place, and leave the previous output exactly as it was."""

import json
import re

import pytest
from click.testing import CliRunner
from conftest import CONTENT, TEMPLATES

from generator.checking.verify import verify_artifact
from generator.cli import cli
from generator.figures.guidance_reader import load_guidance
from generator.figures.registry import load_registry
from generator.model import Artifact
from generator.sources.index import read_sources

LEAFLET = "content/leaflets/general-public.md"
TEMPLATE = "templates/leaflet.html.j2"
REGISTRY = "content/figures.yaml"


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / "output")])


def edit(project, relative, old, new, count=1):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(name="built")
def fixture_built(built_project):
    """A project with the shipped content (one leaflet), built, and its output's bytes."""
    return built_project, snapshot(built_project / "output")


def test_shipped_content_builds_with_zero_findings(built):
    project, _ = built
    report = json.loads((project / "output/check-report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    numbers = [n for a in report["artifacts"] for n in a["numbers"]]
    assert all(n["findings"] == [] for n in report["artifacts"])
    traced = [n for n in numbers if n["kind"] == "statistic" and not n.get("quoted_from_source") and not n.get("age")]
    assert traced and all(n["figure"] and n["source"]["quote"] for n in traced)
    # a figure's age (16个月) stands only on the figures page, checked against its two dates
    aging = {a["path"] for a in report["artifacts"] if any(n.get("age") for n in a["numbers"])}
    assert aging == {"site/figures.html"}
    # numbers passed as a source's own words stand only where the site quotes sources verbatim, and
    # in a typical case (quoted from its source, listed on the page) on a leaflet or the briefing
    quoting = {a["path"] for a in report["artifacts"] if any(n.get("quoted_from_source") for n in a["numbers"])}
    assert quoting and all(p.startswith(("site/sources/", "site/figures.html", "briefings/", "site/briefings/",
                                         "leaflets/", "site/leaflets/")) for p in quoting)
    assert {"leaflets/general-public.pdf", "leaflets/general-public-trifold-print.pdf"} <= quoting
    assert {n["figure"] for n in traced} >= {"cases-solved-2021", "calls-blocked-2021-nafc"}


def test_rendered_figure_keeps_unit_together_and_is_tagged(built):
    project, _ = built
    html = (project / "output/leaflets/general-public.html").read_text(encoding="utf-8")
    assert '<span class="fig" data-fig="cases-solved-2021"><span class="num">44.1万余起' in html
    assert re.search(r"\.fig[^{]*\{ white-space: nowrap", html)
    assert 'lang="zh-CN"' in html


@pytest.mark.parametrize(
    "relative, old, new, exit_code, expected",
    [
        # numbers typed by hand, in a template and in Markdown
        (TEMPLATE, '<section class="lead">', '<section class="lead"><p>去年被骗45万起</p>', 1,
         r"“45万起” \(.*templates/leaflet\.html\.j2:\d+\): no figure this product uses"),
        (LEAFLET, "诈骗手法不断翻新", "去年被骗45万起，诈骗手法不断翻新", 1,
         r"“45万起” \(.*general-public\.md:\d+\)"),
        # a figure typed with its qualifier dropped, rounded, or another source's value
        (LEAFLET, "诈骗手法不断翻新", "全年破获44.1万起。诈骗手法不断翻新", 1,
         r"“44.1万起”.*qualifier exact differs from figure cases-solved-2021"),
        (LEAFLET, "诈骗手法不断翻新", "全年破获44万余起。诈骗手法不断翻新", 1, r"“44万余起”.*general-public\.md:\d+"),
        (LEAFLET, "诈骗手法不断翻新", "工信部拦截19.5亿次。诈骗手法不断翻新", 1,
         r"“19.5亿次”.*equals figure calls-blocked-2021-miit, which this product does not cite"),
        # the registry: a digit changed, 万 changed to 亿, 余 dropped, a quote edited
        (REGISTRY, 'surface: "44.1万余起"', 'surface: "45.1万余起"', 2, r"figures\.yaml:\d+: surface '45.1万余起' is not in the quote"),
        (REGISTRY, 'surface: "44.1万余起"', 'surface: "44.1亿余起"', 2, r"figures\.yaml:\d+: surface '44.1亿余起' is not in the quote"),
        (REGISTRY, '"公安机关共破获电信网络诈骗案件44.1万余起"', '"公安机关共破获电信网络诈骗案件44.1万起"', 2,
         r"figures\.yaml:\d+: quote not found in 000_"),
        (REGISTRY, '"拦截涉诈电话19.5亿次"', '"拦截涉诈电话15.5亿次"', 2, r"figures\.yaml:\d+: quote not found in 004_"),
        # a source edited after registration, an unknown figure id
        ("content/sources/003_a1eb468e64714588.txt", "15.5亿次", "16.5亿次", 2,
         r"003_a1eb468e64714588\.txt: was edited after it was registered.*sources\.yaml:\d+"),
        (LEAFLET, "[[fig:calls-blocked-2021-nafc]]", "[[fig:calls-blocked-2022]]", 2,
         r"general-public\.md:\d+: unknown figure id 'calls-blocked-2022'"),
        (TEMPLATE, "{{ credit()|nums }}", "{{ credit.idd }}", 2, r"templates/leaflet\.html\.j2"),
        # a hotline typed wrong
        (TEMPLATE, '<section class="lead">', '<section class="lead"><p>记住96111</p>', 1, r"phone number 96111 is not one of the guidance's hotlines"),
    ],
)
def test_planted_error_fails_the_build_and_keeps_output(built, relative, old, new, exit_code, expected):
    project, before = built
    edit(project, relative, old, new)
    result = build(project)
    assert result.exit_code == exit_code, result.output
    assert re.search(expected, result.output), result.output
    assert "nothing was published" in result.output or exit_code == 2
    assert snapshot(project / "output") == before


def test_fanzha_check_finds_an_edited_page(built):
    """`fanzha check` re-checks the output: an edited page fails with exit 1."""
    project, _ = built
    args = ["check", "--content", str(project / "content"), "--output", str(project / "output")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    page = project / "output/leaflets/general-public.html"
    page.write_text(page.read_text(encoding="utf-8").replace("44.1万余起", "44万起"), encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "“44万起”" in result.output


def test_markdown_cannot_run_template_code(built):
    """Editor text is data: {{ 7*7 }} in Markdown is printed, not evaluated."""
    project, _ = built
    edit(project, LEAFLET, "诈骗手法不断翻新", "{{ 7*7 }}<script>alert(1)</script>诈骗手法不断翻新")
    result = build(project)
    html = (project / "output/leaflets/general-public.html").read_text(encoding="utf-8")
    assert result.exit_code == 1 and "“7”" in result.output  # the literal 7s are untraced numbers
    assert "49" not in html


def test_output_not_made_by_fanzha_is_never_replaced(project):
    (project / "output").mkdir()
    (project / "output/precious.txt").write_text("keep me", encoding="utf-8")
    result = build(project)
    assert result.exit_code == 2 and "was not made by fanzha" in result.output
    assert (project / "output/precious.txt").read_text(encoding="utf-8") == "keep me"


def test_unchanged_build_is_skipped_and_a_change_is_seen(built):
    """Nothing changed: the build says so and keeps the output; one edit rebuilds."""
    project, before = built
    result = build(project)
    assert result.exit_code == 0 and "is up to date" in result.output
    assert snapshot(project / "output") == before
    edit(project, LEAFLET, "诈骗手法不断翻新", "骗子的手法不断翻新")
    result = build(project)
    assert result.exit_code == 0 and "built" in result.output
    assert "骗子的手法" in (project / "output/leaflets/general-public.html").read_text(encoding="utf-8")


def test_one_broken_product_is_named_and_the_others_still_checked(built):
    """A product that fails to render is reported by name; the others are still rendered
    and checked (their findings are reported too), and nothing is published."""
    project, before = built
    edit(project, TEMPLATE, '<section class="lead">', '<section class="lead"><p>{{ meta.audience }}</p>')
    (project / "content/leaflets/broken.md").write_text("---\ntitle: 无受众\ndate: 2022-04-15\n---\n正文。\n", encoding="utf-8")
    edit(project, LEAFLET, "诈骗手法不断翻新", "去年被骗45万起，诈骗手法不断翻新")
    result = build(project)
    assert result.exit_code == 2
    assert "1 product(s) failed to render" in result.output and "broken.md" in result.output
    assert "“45万起”" in result.output  # general-public was still rendered and checked
    assert snapshot(project / "output") == before


def test_interrupted_build_leaves_previous_output(built, monkeypatch):
    """Ctrl-C while the new output is being written: the old output stays, no debris."""
    from pathlib import Path

    from generator import build as build_module

    project, before = built
    edit(project, LEAFLET, "诈骗手法不断翻新", "骗子的手法不断翻新")
    real_write = Path.write_text
    calls = []

    def interrupted_write(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(project / "content", project / "output")
    monkeypatch.undo()
    assert snapshot(project / "output") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".output-")] == []


def test_screen_pdf_is_rendered_and_its_text_checked(built, monkeypatch):
    """The leaflet's PDF is rendered with a real CJK font; its text, read back with
    pypdfium2, holds the figures and the 三不一多 lines; a number only the PDF shows is checked."""
    from generator.rendering.readback import OpenPdf, pdf_text

    project, before = built
    text = pdf_text((project / "output/leaflets/general-public.pdf").read_bytes())
    for expected in ("44.1万余起", "15.5亿次", "2800余万名", "96110"):
        assert expected in text
    for line in ("未知链接不点击", "陌生来电不轻信", "个人信息不透露", "转账汇款多核实"):  # a tile: two lines
        assert re.search(rf"{line[:-3]}\s*{line[-3:]}", text), line
    # the render workers read each PDF's text back; they are forked with this patch in place
    read_back = OpenPdf.texts
    monkeypatch.setattr(OpenPdf, "texts", lambda opened: [text + "另有45万起。" for text in read_back(opened)])
    edit(project, LEAFLET, "诈骗手法不断翻新", "骗子的手法不断翻新")  # so the build is not skipped
    result = build(project)
    assert result.exit_code == 1 and "leaflets/general-public.pdf: “45万起”" in result.output
    assert snapshot(project / "output") == before


def test_remote_resource_in_a_template_is_refused(built):
    """The renderer has no network: a remote image stops the build, naming the page and URL."""
    project, before = built
    edit(project, TEMPLATE, '<div class="sheet">', '<div class="sheet"><img src="https://n.sinaimg.cn/finance/logo.png" alt="">')
    result = build(project)
    assert result.exit_code == 2
    assert "https://n.sinaimg.cn/finance/logo.png was refused" in result.output and "general-public" in result.output
    assert snapshot(project / "output") == before


def test_a_second_build_at_the_same_time_stops(built):
    """One build at a time per output directory: a held lock makes the second one stop."""
    import fcntl

    project, before = built
    edit(project, LEAFLET, "诈骗手法不断翻新", "骗子的手法不断翻新")
    with open(project / ".output.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = build(project)
    assert result.exit_code == 2 and "another fanzha build (PID unknown) is writing" in result.output
    assert snapshot(project / "output") == before


def test_unknown_figure_id_names_the_exact_line(built):
    project, _ = built
    edit(project, LEAFLET, "[[fig:calls-blocked-2021-nafc]]", "[[fig:calls-blocked-2022]]")
    lines = (project / LEAFLET).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "calls-blocked-2022" in text)
    result = build(project)
    assert f"general-public.md:{line}: unknown figure id 'calls-blocked-2022'" in result.output


def test_relative_periods_are_read_against_the_products_date_in_pdfs_too(built):
    """A PDF's or card's text is checked with its product's date, in the build and in `fanzha
    check` (the manifest keeps it): 去年 beside a 2021 figure passes in a leaflet of 2022 and
    fails in one of 2026, there as in the page."""
    from generator.checking.check import _read_back
    from generator.checking.verify import verify_artifact
    from generator.extraction.records import extract_records
    from generator.figures.guidance_reader import load_guidance
    from generator.figures.registry import project_registry
    from generator.model import Artifact
    from generator.sources.index import read_sources

    project, _ = built
    leaflet_date = re.search(r"(?m)^date: (\S+)", (project / LEAFLET).read_text(encoding="utf-8")).group(1)
    manifest = json.loads((project / "output/manifest.json").read_text(encoding="utf-8"))
    pdfs = [entry for entry in manifest if entry["product"].endswith("general-public") and entry["path"].endswith(".pdf")]
    assert len(pdfs) == 4 and all(entry["date"] == leaflet_date for entry in pdfs)
    readers = {entry["path"]: (entry["path"], None) for entry in pdfs}
    assert _read_back(project / "output", pdfs[0], readers, {}).date == leaflet_date

    docs = read_sources(project / "content")
    registry = project_registry(project / "content", docs, {doc.name: extract_records(doc) for doc in docs})
    guidance = load_guidance(project / "content/guidance.yaml", docs)
    text = "去年，全国共破获电信网络诈骗案件44.1万余起。"
    for day, fails in (("2026-05-01", True), ("2022-04-15", False)):
        page = Artifact(path="leaflets/x.pdf", product="leaflet/x", content_path="", template="leaflet.html.j2",
                        figure_ids=("cases-solved-2021",), text=text, date=day)
        _, findings = verify_artifact(page, registry, guidance, project / "templates", {d.name: d for d in docs})
        assert bool(findings) == fails, (day, findings)


# --- numbers that are what they are: lengths of time and ages pass, a count typed by hand fails ---

@pytest.mark.parametrize("sentence, fails", [
    ("有疑问请拨打96110专线（24小时）。", False),
    ("96110热线24小时接听，也可以24小时拨打110。", False),
    ("资金3天内到账的“高收益”都是诈骗。", False),
    ("60岁以上老人和年满18周岁的学生尤其要当心。", False),
    ("有疑問請撥打96110專線（24小時）；65歲以上長者尤其要當心。", False),  # a zh-Hant edition
    ("我县民警累计服务3000小时。", True),  # a statistic typed by hand
    ("我县本月共立电信网络诈骗案31起。", True),
])
def test_lengths_of_time_and_ages_pass_and_a_count_does_not(sentence, fails):
    docs = read_sources(CONTENT)
    page = Artifact(path="leaflets/x.html", product="leaflet/x", content_path="", template="leaflet.html.j2",
                    figure_ids=(), text=f"<p>{sentence}</p>", date="2024-04-10")
    _, findings = verify_artifact(page, load_registry(CONTENT / "figures.yaml", docs),
                                  load_guidance(CONTENT / "guidance.yaml", docs), TEMPLATES, {d.name: d for d in docs})
    assert bool(findings) == fails, findings


def test_a_traditional_editions_number_is_found_on_its_simplified_line(tmp_path):
    """A zh-Hant page says 約3成 where the product wrote 约3成: the finding still names the line."""
    product = tmp_path / "x.md"
    product.write_text("---\ntitle: 提醒\n---\n\n刷单诈骗约3成。\n", encoding="utf-8")
    docs = read_sources(CONTENT)
    page = Artifact(path="editions/hk/leaflets/x.html", product="leaflet/x", content_path=str(product),
                    template="leaflet.html.j2", figure_ids=(), text="<p>刷單詐騙約3成。</p>", date="2024-04-10")
    _, findings = verify_artifact(page, load_registry(CONTENT / "figures.yaml", docs),
                                  load_guidance(CONTENT / "guidance.yaml", docs), TEMPLATES, {d.name: d for d in docs})
    assert [f.origin for f in findings] == [f"{product}:5"]


def test_the_same_text_in_two_files_is_verified_once_and_each_finding_names_its_file(monkeypatch):
    """A leaflet's screen and print PDFs read back the same text: one verification, two report
    entries, and a finding for each file."""
    from dataclasses import replace

    from generator.checking import check as check_module
    from generator.checking.check import Checker

    docs = read_sources(CONTENT)
    checker = Checker(load_registry(CONTENT / "figures.yaml", docs), load_guidance(CONTENT / "guidance.yaml", docs),
                      TEMPLATES, docs)
    screen = Artifact(path="leaflets/x.pdf", product="leaflet/x", content_path="", template="leaflet.html.j2",
                      figure_ids=(), text="我县本月共立电信网络诈骗案31起。", date="2024-04-10")
    calls = []
    real = check_module.verify_artifact

    def counted(artifact, *args):
        calls.append(artifact.path)
        return real(artifact, *args)

    monkeypatch.setattr(check_module, "verify_artifact", counted)
    checker.check("renders", [screen, replace(screen, path="leaflets/x-print.pdf")])
    assert calls == ["leaflets/x.pdf"]
    assert [f.artifact for f in checker.findings] == ["leaflets/x.pdf", "leaflets/x-print.pdf"]
    assert [entry["path"] for entry in checker.entries["renders"]] == ["leaflets/x.pdf", "leaflets/x-print.pdf"]
