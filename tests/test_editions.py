"""Editions: one project built for three units, one of them in traditional characters.

The default edition ([unit]) goes to output/, each [editions.NAME] to output/editions/NAME/ with
the same layout. The county edition has a folder of its own (a source, a figure, a leaflet); the
Hong Kong edition is the shared material converted to traditional characters. Every product
names its unit, the unit's hotline is allowed, another local number is not, the converted
edition has the same statistics, and --edition rebuilds one edition and keeps the others.
"""

import hashlib
import json
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import CONTENT, make_small_project

from generator.cli import cli
from generator.extraction.fold import fold
from generator.rendering.readback import pdf_page_texts

pytestmark = pytest.mark.slow

COUNTY_SOURCE = ("通山县公安局2025年4月反电信网络诈骗警情通报\n\n"
                 "2025年4月，全县共立电信网络诈骗案件36起，同比下降18.2%。\n\n"
                 "县反诈中心提醒：陌生来电不轻信。\n")
EDITIONS = """
[editions.county]
name = "通山县公安局反诈中心（测试）"
short_name = "通山反诈"

[[editions.county.hotlines]]
number = "0715-2345678"
label = "县反诈中心咨询电话"

[editions.hk]
script = "zh-HK"
name = "某區防騙關注組（測試）"

[[editions.hk.qr]]
url = "https://hk-group.example.net/{page}"
label = "扫码核对数据来源"
"""
HK_SOURCE = ("反詐騙協調中心提醒市民\n\n"
             "警方設立「防騙易」熱線18222，市民如懷疑遇上騙案，可隨時致電查詢。"
             "市民亦可下載「防騙視伏App」，查核可疑電話號碼及網址。如已受騙，請立即致電999報警。\n")
HK_GUIDANCE = """# Hong Kong's numbers, not the mainland's: these sections replace content/guidance.yaml's
principle:
  name: 三不一多
  lines: [未知链接不点击, 陌生来电不轻信, 个人信息不透露, 转账汇款多核实]
  source: 002_7342b0a47cb5ad25.txt
  quote: "牢记“三不一多”原则：“未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实”"
  editorial:
    - 陌生人傳來的連結和二維碼，可能是釣魚網站。
    - 自稱警方、客服、上司的來電，先掛斷，再自行核實。
    - 身份證號、銀行戶口號碼、密碼、驗證碼，不告訴任何人。
    - 轉賬前先打電話或當面問清楚；拿不準，先致電防騙易熱線。
contacts:
  - number: "18222"
    name: 防騙易熱線
    role: warning
    calls_you: false
    source: hk-adcc.txt
    quote: "警方設立「防騙易」熱線18222"
    editorial: 懷疑遇上騙案，可隨時致電防騙易熱線查詢。
  - number: "999"
    name: 報警電話
    role: report
    editorial: 如已受騙，請立即致電報警。
app:
  name: 防騙視伏App
  source: hk-adcc.txt
  quote: "市民亦可下載「防騙視伏App」"
  editorial: 下載「防騙視伏App」，查核可疑電話號碼及網址。
"""
COUNTY_LEAFLET = """---
title: 通山县四月反诈提醒
date: 2025-05-06
audience: 全县群众
fraud_types: [brushing]
---

2025年4月，全县共立电信网络诈骗案件[[fig:county-cases-2025-04]]。有疑问请拨打县反诈中心咨询电话0715-2345678。
"""


def make_project(root):
    project = make_small_project(root)
    (project / "content/posts").mkdir()
    shutil.copy(CONTENT / "posts/cases-solved-2021.md", project / "content/posts/")
    with (project / "fanzha.toml").open("a", encoding="utf-8") as toml:
        toml.write(EDITIONS)
    county = project / "editions/county"
    (county / "sources").mkdir(parents=True)
    (county / "leaflets").mkdir()
    data = COUNTY_SOURCE.encode("utf-8")
    (county / "sources/county-2025-04.txt").write_bytes(data)
    (county / "sources.yaml").write_text(
        f"- file: county-2025-04.txt\n  title: 通山县公安局2025年4月反电信网络诈骗警情通报\n  publisher: 通山县公安局\n"
        f"  published: 2025-05-06\n  reported: 2025-05-06\n  url: \"\"\n  sha256: {hashlib.sha256(data).hexdigest()}\n",
        encoding="utf-8")
    (county / "figures.yaml").write_text(
        "- id: county-cases-2025-04\n  source: county-2025-04.txt\n  quote: \"全县共立电信网络诈骗案件36起\"\n"
        "  surface: \"36起\"\n  label: 全县立电信网络诈骗案件\n  period: 2025年4月\n  actor: 通山县公安局\n",
        encoding="utf-8")
    (county / "leaflets/county-notice.md").write_text(COUNTY_LEAFLET, encoding="utf-8")
    hk = project / "editions/hk"
    (hk / "sources").mkdir(parents=True)
    data = HK_SOURCE.encode("utf-8")
    (hk / "sources/hk-adcc.txt").write_bytes(data)
    (hk / "sources.yaml").write_text(
        f"- file: hk-adcc.txt\n  title: 反詐騙協調中心提醒市民\n  publisher: 香港警務處反詐騙協調中心\n"
        f"  published: 2025-03-01\n  url: \"\"\n  sha256: {hashlib.sha256(data).hexdigest()}\n", encoding="utf-8")
    (hk / "guidance.yaml").write_text(HK_GUIDANCE, encoding="utf-8")
    return project


def build(project, *extra):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / "output"), *extra])


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(name="editions", scope="module")
def fixture_editions(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("editions") / "project")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "3 editions: default, county, hk" in result.output
    # the shipped sample unit's values, and the hk edition keeps its hotline and QR address
    assert "sample value(s) of fanzha.toml would be printed on the material ([unit], [editions.county], " \
           "[editions.hk], [briefing])" in result.output
    return project


def pdf_text(path):
    return "\n".join(pdf_page_texts(path.read_bytes()))


def test_each_edition_is_built_into_its_folder(editions):
    out = editions / "output"
    for prefix in ("", "editions/county/", "editions/hk/"):
        for name in ("leaflets/general-public.pdf", "leaflets/general-public-print.pdf", "site/index.html",
                     "posts/cases-solved-2021/cards.pdf", "check-report.json", "manifest.json"):
            assert (out / prefix / name).is_file(), prefix + name
    assert (out / "editions/county/leaflets/county-notice.pdf").is_file()
    assert not (out / "leaflets/county-notice.pdf").exists() and not (out / "editions/hk/leaflets/county-notice.pdf").exists()
    assert json.loads((out / "editions/county/check-report.json").read_text(encoding="utf-8"))["ok"] is True


@pytest.mark.parametrize("prefix, unit", [("", "示例县公安局反诈中心"), ("editions/county/", "通山县公安局反诈中心（测试）"),
                                          ("editions/hk/", "某區防騙關注組（測試）")])
def test_every_product_names_its_unit(editions, prefix, unit):
    out = editions / "output" / prefix
    documents = sorted(out.glob("leaflets/*.pdf"))
    for document in documents:
        text = pdf_text(document).replace("\n", "")
        assert unit in text, document
    assert unit in (out / "site/index.html").read_text(encoding="utf-8")


def edition_units(project):
    """(output prefix, the edition's unit as configured, its script) of every edition."""
    from generator.config import load_config

    settings = load_config(project)
    return [("", settings.unit, "zh-Hans")] + [(f"editions/{name}/", edition.unit, edition.script)
                                                for name, edition in sorted(settings.editions.items())]


def flat(text):
    return text.replace("\n", "").replace("\r", "")


def test_the_unit_and_its_hotline_read_back_from_every_product_of_every_edition(editions):
    """Issue 15: the unit's name and its local hotline on every product of each edition, read
    back as a reader gets it: the A4 and tri-fold PDFs (screen and print), every card of every post
    (cards.pdf, all but the 公众号 cover for the hotline), every text of every post, and the
    header of every page of the edition's site."""
    from generator.products.platforms import CARDS
    from generator.rendering.script import convert_text

    for prefix, unit, script in edition_units(editions):
        out = editions / "output" / prefix
        name, short = unit.name, convert_text(unit.short_name or unit.name, script)
        local = unit.hotlines[0]
        label = convert_text(local.label, script)
        assert name and local.number and unit.qr, prefix
        for pdf in ("general-public.pdf", "general-public-print.pdf", "general-public-trifold.pdf",
                    "general-public-trifold-print.pdf"):
            text = flat(pdf_text(out / "leaflets" / pdf))
            assert name in text and local.number in text and label in text, prefix + pdf
            assert convert_text(unit.qr[0].label, script) in text, prefix + pdf  # the QR code's caption
        posts = sorted((out / "posts").iterdir())
        assert posts, prefix
        for post in posts:
            cards = pdf_page_texts((post / "cards.pdf").read_bytes())
            assert len(cards) == len(CARDS)
            for card, text in zip(CARDS, cards, strict=True):
                assert name in flat(text), (prefix, post.name, card)
                assert (local.number in flat(text)) == (card != "wechat-cover"), (prefix, post.name, card)
            for text_file in ("weibo.txt", "wechat.txt", "wechat-article.html", "moments.txt", "douyin.txt",
                              "xiaohongshu.txt", "x.txt"):
                text = (post / text_file).read_text(encoding="utf-8")
                assert local.number in text, (prefix, post.name, text_file)
                if text_file in ("wechat-article.html", "douyin.txt", "xiaohongshu.txt"):
                    assert f"{short}提醒" in text and label in text, (prefix, post.name, text_file)
        pages = sorted(page for page in (out / "site").rglob("*.html")  # the other editions' sites: theirs
                       if page.relative_to(out / "site").parts[0] != "editions")
        assert len(pages) > 5, prefix
        for page in pages:
            html = page.read_text(encoding="utf-8")
            header = html[html.index('<header class="site-header">'):html.index("</header>")]
            header = re.sub(r"<[^>]+>", "", header)  # what a reader sees (a name's last two characters are kept together)
            assert name in header and local.number in header and label in header, (prefix, page)


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg missing: run scripts/setup.sh (zbar-tools)")
def test_every_editions_qr_codes_decode_to_its_target(editions):
    """Each edition's leaflets carry its unit's QR target: every code in the A4 and tri-fold PDFs,
    screen and print, decodes (zbar, 300 dpi) to the configured address for that leaflet: {page} is
    the edition's own page, at editions/NAME/… of [unit]'s site when the edition keeps [unit]'s
    address, at the root of an address of its own (where it publishes its own site)."""
    import pypdfium2
    from test_leaflets import zbar

    from generator.config import load_config
    from generator.rendering.images import png_bytes
    from generator.rendering.templates import qr_targets

    settings = load_config(editions)
    for prefix, unit, _ in edition_units(editions):
        own = unit.qr != settings.unit.qr  # its own address: its own site published there, its pages at the root
        page = f"{'' if own else prefix}leaflets/general-public.html"
        wanted = {url for url, _ in qr_targets(unit, settings.site, page)}
        assert wanted and all(url.endswith("/" + page) for url in wanted), prefix
        assert own == (prefix == "editions/hk/")  # the county keeps [unit]'s address, hk has its own
        for name in ("general-public.pdf", "general-public-print.pdf", "general-public-trifold.pdf",
                     "general-public-trifold-print.pdf"):
            document = pypdfium2.PdfDocument((editions / "output" / prefix / "leaflets" / name).read_bytes())
            found = set()
            for page in document:
                found |= set(zbar(png_bytes(page.render(scale=300 / 72).to_pil())))
            assert found == wanted, prefix + name


HOTLINE = re.compile(r"(?<![0-9])(96110|110|18222|999)(?![0-9])")


def test_an_edition_with_guidance_of_its_own_prints_its_own_hotlines(editions):
    """A Hong Kong group's edition gives its own contacts and app in editions/hk/guidance.yaml
    (quoted from a source of its own): its leaflets, tri-folds, cards, post texts and site say 999
    and 18222 — a line people call to ask, so never "来电一定要接听" — and its app, and never the
    mainland's 110, 96110 or 国家反诈中心APP; the other editions keep those."""
    from generator.rendering.script import convert_text

    out = editions / "output"
    for prefix, wanted, app in (("", {"110", "96110"}, "国家反诈中心APP"),
                                ("editions/county/", {"110", "96110"}, "国家反诈中心APP"),
                                ("editions/hk/", {"999", "18222"}, "防騙視伏App")):
        texts = {pdf.name: flat(pdf_text(pdf)) for pdf in sorted((out / prefix / "leaflets").glob("general-public*.pdf"))}
        texts |= {f"{post.name}/cards.pdf": flat(pdf_text(post / "cards.pdf")) for post in (out / prefix / "posts").iterdir()}
        texts |= {f"{post.name}/{t.name}": t.read_text(encoding="utf-8") for post in (out / prefix / "posts").iterdir()
                  for t in post.glob("*.txt")}
        texts["site/index.html"] = (out / prefix / "site/index.html").read_text(encoding="utf-8")
        for name, text in texts.items():
            assert set(HOTLINE.findall(text)) == wanted, (prefix, name, set(HOTLINE.findall(text)))
        trifold = texts["general-public-trifold.pdf"]
        assert app in trifold, prefix
        answers = convert_text("来电一定要接听", "zh-HK") in trifold or "来电一定要接听" in trifold
        assert answers == (prefix != "editions/hk/"), prefix
    hk = texts["general-public-trifold.pdf"].replace("\u2005", "")  # the quarter em between Han and digits
    assert "拿不準，先撥打18222" in hk and "懷疑遇上騙案，可隨時致電防騙易熱線查詢" in hk
    assert "搜索「防騙視伏」" in hk and "搜索「國家反詐中心」" not in hk
    assert "防騙諮詢熱線" in texts["cases-solved-2021/cards.pdf"]


def test_the_county_hotline_is_printed_and_its_figure_traced(editions):
    out = editions / "output/editions/county"
    text = pdf_text(out / "leaflets/county-notice.pdf")
    assert "0715-2345678" in text and "县反诈中心咨询电话" in text and "36起" in text.replace("\u2005", "")
    report = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    traced = [n for a in report["artifacts"] if a["path"] == "leaflets/county-notice.pdf" for n in a["numbers"]
              if n.get("figure") == "county-cases-2025-04"]
    assert traced and traced[0]["source"]["file"] == "county-2025-04.txt"


def statistics(report, path):
    artifact = next(a for a in report["artifacts"] if a["path"] == path)
    return sorted((n["value"], fold(n["unit"]), n["qualifier"]) for n in artifact["numbers"] if n["kind"] == "statistic")


def test_the_traditional_edition_has_traditional_text_and_the_same_statistics(editions):
    out = editions / "output"
    text = pdf_text(out / "editions/hk/leaflets/general-public.pdf")
    assert "電信網絡詐騙" in text and "电信网络诈骗" not in text
    assert 'lang="zh-HK"' in (out / "editions/hk/leaflets/general-public.html").read_text(encoding="utf-8")
    default = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    hk = json.loads((out / "editions/hk/check-report.json").read_text(encoding="utf-8"))
    for path in ("leaflets/general-public.pdf", "leaflets/general-public-trifold.pdf", "posts/cases-solved-2021/weibo.txt"):
        assert statistics(hk, path) == statistics(default, path) != [], path
    weibo = (out / "editions/hk/posts/cases-solved-2021/weibo.txt").read_text(encoding="utf-8")
    assert "破獲電詐案件" in weibo and "#全民反诈#" in weibo  # the text converted, its topics as written


def test_a_local_number_not_in_the_units_hotlines_fails(editions, tmp_path):
    project = shutil.copytree(editions, tmp_path / "project")
    before = snapshot(project / "output")
    leaflet = project / "editions/county/leaflets/county-notice.md"
    leaflet.write_text(COUNTY_LEAFLET.replace("0715-2345678。", "0715-2345678，或0715-7654321。"), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 1, result.output
    assert "editions/county/leaflets/county-notice.html: “0715-7654321”" in result.output
    assert "phone number 0715-7654321 is not one of the guidance's hotlines" in result.output
    assert "allow it by adding it under [[unit.hotlines]] in fanzha.toml" in result.output
    assert snapshot(project / "output") == before


def test_one_edition_is_rebuilt_and_the_others_kept(editions, tmp_path):
    project = shutil.copytree(editions, tmp_path / "project")
    before = snapshot(project / "output")
    toml = project / "fanzha.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("某區防騙關注組（測試）", "另一區防騙組（測試）"), encoding="utf-8")
    result = build(project, "--edition", "hk")
    assert result.exit_code == 0, result.output
    after = snapshot(project / "output")
    unchanged = {path for path in before if not path.startswith(("editions/hk/", "site/editions/hk/", "."))}
    assert {path: after[path] for path in unchanged} == {path: before[path] for path in unchanged}
    assert "另一區防騙組" in pdf_text(project / "output/editions/hk/leaflets/general-public.pdf")
    assert "(edition hk only)" in result.output
    result = build(project, "--edition", "nowhere")
    assert result.exit_code == 2 and "no edition 'nowhere'; known: default, county, hk" in result.output


def test_the_site_lists_the_editions_and_holds_their_sites(editions):
    site = editions / "output/site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="editions/county/index.html"' in index and "通山县公安局反诈中心（测试）" in index
    assert 'href="editions/hk/index.html" lang="zh-HK"' in index and "繁體，香港" in index
    hk = (site / "editions/hk/index.html").read_text(encoding="utf-8")
    assert hk == (editions / "output/editions/hk/site/index.html").read_text(encoding="utf-8")
    assert "其他版本" not in hk  # an edition's site lists no editions


def test_every_shipped_product_builds_in_traditional_characters_with_the_same_statistics(shipped, tmp_path):
    """The whole shipped campaign as a zh-Hant edition (a Hong Kong or Taiwan group would start from
    it): every leaflet, tri-fold, card, post and the briefing fits and checks as it does in simplified
    characters, and every page shows the same statistics. (A number set apart by a quarter em before
    餘, which simplified typesetting kept solid before 余, pushed a Douyin card past its safe area.)"""
    project = tmp_path / "hant"
    shutil.copytree(CONTENT, project / "content")
    shutil.copytree(CONTENT.parent / "templates", project / "templates")
    toml = (CONTENT.parent / "fanzha.toml").read_text(encoding="utf-8") + '\n[editions.hant]\nscript = "zh-Hant"\n'
    (project / "fanzha.toml").write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--edition", "hant", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 0, result.output
    default = json.loads((shipped / "check-report.json").read_text(encoding="utf-8"))
    hant = json.loads((project / "output/editions/hant/check-report.json").read_text(encoding="utf-8"))
    paths = [a["path"] for a in default["artifacts"] if a["path"].startswith(("leaflets/", "posts/", "briefings/"))]
    assert len(paths) > 100 and {a["path"] for a in hant["artifacts"]} >= set(paths)
    for path in paths:
        assert statistics(hant, path) == statistics(default, path), path
    assert "詐騙" in pdf_text(project / "output/editions/hant/briefings/national-2020-2022.pdf")
