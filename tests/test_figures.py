"""figures.py and guidance.py: the registry and the guidance, checked against the sources."""

import json
import re

import pytest
from click.testing import CliRunner
from conftest import CONTENT

from generator.cli import cli
from generator.errors import ConfigError
from generator.figures.guidance_reader import load_guidance
from generator.figures.registry import load_registry
from generator.sources.index import read_sources
from generator.yamlfile import load_yaml

ENTRY = """- id: {id}
  source: {source}
  quote: "{quote}"
  surface: "{surface}"
  label: 破获电信网络诈骗案件
  period: 2021年
  actor: 全国公安机关
"""
S000 = "000_500d0aa563e641de.txt"
S003 = "003_a1eb468e64714588.txt"


@pytest.fixture(name="docs", scope="module")
def fixture_docs():
    return read_sources(CONTENT)


@pytest.fixture(name="registry", scope="module")
def fixture_registry(docs):
    return load_registry(CONTENT / "figures.yaml", docs)


def entry(**fields):
    values = dict(id="cases-2021", source=S000, quote="公安机关共破获电信网络诈骗案件44.1万余起", surface="44.1万余起")
    values.update(fields)
    return ENTRY.format(**values)


def load(tmp_path, docs, text):
    path = tmp_path / "figures.yaml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path, docs)


def test_shipped_registry_covers_the_national_totals(registry):
    """At least 40 figures, with the totals for 2020, Jan–May 2021, 2021 and Apr 2021–Apr 2022."""
    figures = registry.figures.values()
    assert len([f for f in figures if not f.derived]) >= 40
    periods = {f.period_norm for f in figures}
    assert {"2020", "2021-01/2021-05", "2021", "2021-04/2022-04"} <= periods
    solved = {f.period_norm: f.surface for f in figures if f.metric == "cases-solved"}
    assert solved == {"2020": "32.2万起", "2021-01/2021-05": "11.4万起", "2021": "44.1万余起",
                      "2021-04/2022-04": "39.4万起"}
    metrics = {f.metric for f in figures}
    for needed in ("suspects-arrested", "funds-stopped", "funds-returned", "calls-blocked", "sms-blocked",
                   "people-dissuaded", "publicity-events", "app-warnings", "card-gangs"):
        assert needed in metrics


def test_figure_values_come_from_the_source(registry, docs):
    """Value, unit and qualifier are the extractor's, and the offsets point at the surface."""
    figure = registry.figures["cases-solved-2021"]
    assert (figure.value, figure.unit, figure.qualifier) == ("441000", "起", "more_than")
    for f in registry.figures.values():
        if not f.derived:
            assert next(d for d in docs if d.name == f.source).original[f.start : f.end] == f.surface


def test_conflicting_sources_are_warned(registry):
    """2021 calls intercepted: 15.5亿次 (国家反诈中心) against 19.5亿次 (工信部)."""
    conflict = next(w for w in registry.warnings if "calls-blocked in 2021" in w)
    assert "15.5亿次 (国家反诈中心" in conflict and "19.5亿次 (工信部" in conflict
    assert any("covers 2021年1至5月 only" in w for w in registry.warnings)


def test_a_regions_count_is_no_conflict_with_the_countrys(registry):
    """Conflicts are of the same metric, interval and scope: a province's count of 2021 beside the
    country's is another count, not a contradiction."""
    from dataclasses import replace

    from generator.figures.registry import _warnings

    counts = [f for f in registry.figures.values() if f.metric == "calls-blocked" and f.period_norm == "2021"
              and not f.derived]
    pair = [next(f for f in counts if f.value == "1550000000"), next(f for f in counts if f.value == "1950000000")]
    assert any("calls-blocked in 2021" in w for w in _warnings(pair, CONTENT / "figures.yaml"))
    regional = [pair[0], replace(pair[1], actor="湖北省公安厅")]
    assert not any("calls-blocked in 2021" in w for w in _warnings(regional, CONTENT / "figures.yaml"))


def test_derived_figure_is_recomputed_and_marked(registry):
    change = registry.figures["cases-solved-change-2020-to-2021"]
    assert change.derived and change.formula.startswith("percent_change(cases-solved-2020, cases-solved-2021)")
    assert (change.value, change.unit, change.qualifier) == ("37", "%", "about")  # 44.1万余 is not exact


@pytest.mark.parametrize(
    "text, message",
    [
        (entry(source="nope.txt"), "unknown source 'nope.txt'"),
        (entry(quote="公安机关共破获电信网络诈骗案件45万起", surface="45万起"), "quote not found in 000_"),
        (entry(source=S003, quote="拦截诈骗电话15.5亿次", surface="15.5亿次"), "quote found 2 times in 003_"),
        (entry(surface="44万起"), "surface '44万起' is not in the quote"),
        (entry(surface="44.1万"), "is not one number as the extractor reads it (it reads 44.1万余起)"),
        (entry(quote="2021年，公安机关共破获", surface="2021年"), "'2021年' is a date, not a statistic"),
        (entry() + "  value: \"440000\"\n", "declared value '440000' disagrees with the source, which reads '441000'"),
        (entry() + "  unit: 件\n", "declared unit '件' disagrees"),
        (entry() + "  qualifier: exact\n", "declared qualifier 'exact' disagrees with the source, which reads 'more_than'"),
        (entry() + entry(), "duplicate id 'cases-2021' (first at line 1)"),
        (entry(id="Cases 2021"), "must be lower-case letters"),
        (entry() + "  label: again\n", "duplicate key 'label'"),
        (entry() + "  colour: red\n", "unknown field(s): colour"),
    ],
)
def test_registry_errors_name_file_line_and_problem(tmp_path, docs, text, message):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, docs, text)
    assert message in str(info.value)
    assert re.search(r"figures\.yaml:\d+", str(info.value))


def test_every_problem_is_reported_at_once(tmp_path, docs):
    text = entry(id="a", source="x.txt") + entry(id="b", surface="99起")
    with pytest.raises(ConfigError) as info:
        load(tmp_path, docs, text)
    assert "2 problem(s)" in str(info.value) and ":1: unknown source" in str(info.value)
    assert ":8: surface '99起'" in str(info.value)


def test_yaml_keeps_numbers_as_written(tmp_path):
    """44.10 stays 44.10, 0755 stays 0755, NO stays NO, a date stays text."""
    path = tmp_path / "a.yaml"
    path.write_text("a: 44.10\nb: 0755\nc: NO\nd: 2021-01-01\ne: 12:30\n", encoding="utf-8")
    assert load_yaml(path) == {"a": "44.10", "b": "0755", "c": "NO", "d": "2021-01-01", "e": "12:30"}


def test_suggested_entries_load_as_a_valid_registry(tmp_path, docs):
    """`fanzha extract --suggest` drafts entries that pass every registry check as they are."""
    result = CliRunner().invoke(cli, ["extract", "--suggest", str(CONTENT / "sources" / S000)])
    assert result.exit_code == 0, result.output
    registry = load(tmp_path, docs, result.output)
    surfaces = [f.surface for f in registry.figures.values()]
    assert "44.1万余起" in surfaces and "1110万条" in surfaces and len(surfaces) >= 15


def test_suggest_drafts_statistics_only_and_marks_what_the_editor_must_fill(tmp_path):
    """Never a date, a hotline or a rank; an empty period or actor says so; a change names its base."""
    source = tmp_path / "release.txt"
    source.write_text("2024年，某市公安局共破获电信网络诈骗案件1200起，同比上升15%。\n\n"
                      "请拨打96110咨询。在全省排名第3名。\n\n## 宣传\n\n发放宣传资料5000份。\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--suggest", str(source)])
    assert result.exit_code == 0, result.output
    surfaces = re.findall(r"surface: (.*)", result.output)
    assert [s.strip("'\"") for s in surfaces] == ["1200起", "15%", "5000份"]
    assert "a change against 2023年" in result.output
    entry = result.output[result.output.index("5000份") :]
    assert "# EDITOR: no period found" in entry.split("- id:")[0]


def test_a_quote_that_differs_in_punctuation_width_or_spaces_gets_the_sources_wording(tmp_path, docs):
    text = (CONTENT / "figures.yaml").read_text(encoding="utf-8")
    quote = "公安机关共破获电信网络诈骗案件44.1万余起"
    assert f'"{quote}"' in text
    text = text.replace(f'"{quote}"', '"公安机关共破获电信网络诈骗案件 44.1万余起"', 1)
    with pytest.raises(ConfigError) as error:
        load(tmp_path, docs, text)
    assert f"the source has it with other punctuation or spaces, as '{quote}': paste that" in str(error.value)


def test_shipped_guidance_matches_its_sources(docs):
    guidance = load_guidance(CONTENT / "guidance.yaml", docs)
    assert "".join(guidance.principle.lines) == "未知链接不点击陌生来电不轻信个人信息不透露转账汇款多核实"
    names = [item.name for item in guidance.fraud_types.items]
    assert len(names) == 10 and names[0] == "网络贷款" and names[-1] == "网络游戏虚假交易"
    assert "2021" in guidance.fraud_types.edition
    assert [c.number for c in guidance.contacts] == ["96110", "110"]
    assert (guidance.hotline("warning").number, guidance.hotline("report").number) == ("96110", "110")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("    role: report        # where a fraud is reported\n", "",
         "contacts need a hotline with role: report"),
        ("    name: 报警电话\n", "", "guidance.yaml:{line}: needs `name` (a text)"),
        ("  edition: 《防范", "  editions: 《防范", "fraud_types needs the handbook edition"),
    ],
)
def test_a_missing_guidance_key_names_file_and_line(tmp_path, docs, old, new, message):
    """Guidance is read into typed records: a missing key is an error naming the file and line,
    and the hotlines are found by role, not by their place in the list."""
    text = (CONTENT / "guidance.yaml").read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index('  - number: "110"')].count("\n") + 1
    path = tmp_path / "guidance.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message.format(line=line))):
        load_guidance(path, docs)


def test_hotlines_are_found_by_role_in_any_order(tmp_path, docs):
    text = (CONTENT / "guidance.yaml").read_text(encoding="utf-8")
    start, middle = text.index('  - number: "96110"'), text.index('  - number: "110"')
    end = text.index("\napp:")
    swapped = text[:start] + text[middle:end] + "\n" + text[start:middle].rstrip("\n") + text[end:]
    path = tmp_path / "guidance.yaml"
    path.write_text(swapped, encoding="utf-8")
    guidance = load_guidance(path, docs)
    assert [c.number for c in guidance.contacts] == ["110", "96110"]
    assert guidance.hotline("warning").number == "96110"


def test_an_editions_guidance_replaces_whole_sections_and_names_its_own_file(tmp_path, docs):
    """editions/NAME/guidance.yaml: each section it has replaces the shared one whole (here the
    contacts: a line that does not call people, and its own report number), the others stay the
    shared file's; its problems name its own file and line, and the shared file's theirs."""
    edition = tmp_path / "guidance.yaml"
    edition.write_text('contacts:\n  - number: "18222"\n    name: 防骗易热线\n    role: warning\n'
                       '    calls_you: false\n    editorial: 拿不准，致电查询。\n'
                       '  - number: "999"\n    name: 报警电话\n    role: report\n    editorial: 已受骗，立即报警。\n',
                       encoding="utf-8")
    guidance = load_guidance(CONTENT / "guidance.yaml", docs, override=edition)
    assert [(c.number, c.calls_you) for c in guidance.contacts] == [("18222", False), ("999", True)]
    assert guidance.app.name == "国家反诈中心APP" and guidance.app.search_text == "国家反诈中心"
    assert guidance.principle == load_guidance(CONTENT / "guidance.yaml", docs).principle
    edition.write_text(edition.read_text(encoding="utf-8").replace("calls_you: false", "calls_you: sometimes"),
                       encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{edition}:2: `calls_you` is true or false")):
        load_guidance(CONTENT / "guidance.yaml", docs, override=edition)
    edition.write_text("hotlines: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{edition}: unknown section(s): hotlines; a guidance file has")):
        load_guidance(CONTENT / "guidance.yaml", docs, override=edition)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("    - 陌生来电不轻信\n", "    - 陌生来电要轻信\n", "'陌生来电要轻信' is not in the quote"),
        ("    - name: 虚假购物\n", "    - name: 虚假网购\n", "'虚假网购' is not in the quote"),
        ("今年4月26日，公安部推出了国家反诈中心APP", "今年4月25日，公安部推出了国家反诈中心APP", "quote not found"),
    ],
)
def test_guidance_wording_is_checked_against_the_source(tmp_path, docs, old, new, message):
    text = (CONTENT / "guidance.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "guidance.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_guidance(path, docs)


def test_build_publishes_figures_with_provenance(project):
    tmp_path = project
    result = CliRunner().invoke(cli, ["build", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "out/figures.json").read_text(encoding="utf-8"))
    first = next(f for f in figures if f["id"] == "calls-blocked-2021-miit")
    assert first["surface"] == "19.5亿次" and first["source"]["quote"] == "拦截涉诈电话19.5亿次"
    assert len(first["source"]["sha256"]) == 64


def test_registry_error_fails_the_build_and_keeps_output(project):
    tmp_path = project
    args = ["build", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    before = (tmp_path / "out/figures.json").read_bytes()
    registry = tmp_path / "content/figures.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace('"44.1万余起"', '"44万起"', 1), encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "surface '44万起' is not in the quote" in result.output
    assert (tmp_path / "out/figures.json").read_bytes() == before


# --- derived figures: rounding by GB/T 8170, places checked, precision shown ------------------------

def shipped_plus(tmp_path, docs, extra: str):
    text = (CONTENT / "figures.yaml").read_text(encoding="utf-8") + extra
    return load(tmp_path, docs, text)


DERIVED = """- id: change-{places}
  derived: percent_change
  inputs: [cases-solved-2020, cases-solved-2021]
  label: 增长
  period: 2020年至2021年
  places: {places}
"""


@pytest.mark.parametrize("places, shown", [("0", "37"), ("1", "37.0"), ("2", "36.96"), ("3", "36.957")])
def test_a_derived_figure_shows_the_decimals_asked_for(tmp_path, docs, places, shown):
    """(44.1 − 32.2) / 32.2 = 36.9565…%: 37.0 when one decimal is asked for, never 37."""
    from generator.rendering.templates import figure_text

    figure = shipped_plus(tmp_path, docs, DERIVED.format(places=places)).figures[f"change-{places}"]
    assert figure.shown == shown and figure_text(figure, "words") == f"约{shown}%"
    read = shown.rstrip("0").rstrip(".") if "." in shown else shown
    assert figure.value == read  # the value the check compares: 37.0% reads as 37


@pytest.mark.parametrize("exact, places, rounded", [
    ("36.85", 1, "36.8"), ("36.95", 1, "37.0"), ("36.75", 1, "36.8"), ("36.851", 1, "36.9"), ("2.5", 0, "2"),
    ("3.5", 0, "4"), ("0.125", 2, "0.12")])
def test_rounding_follows_gb_t_8170(exact, places, rounded):
    """四舍六入五成双: exactly five rounds to the even digit, anything past five rounds up."""
    from decimal import Decimal

    from generator.figures.registry import _rounded

    assert str(_rounded(Decimal(exact), Decimal(1), places)) == rounded


@pytest.mark.parametrize("places, message", [
    ('"one"', "places must be a whole number of decimals from 0 to 6, not 'one'"),
    ('"-3"', "places must be a whole number of decimals from 0 to 6, not '-3'"),
    ("7", "places must be a whole number of decimals from 0 to 6, not '7'"),
    ("[1]", "places must be a whole number of decimals from 0 to 6, not ['1']")])
def test_places_is_checked_and_named_with_its_line(tmp_path, docs, places, message):
    """places: "one" was a traceback; places: "-3" showed 44% as 约0%."""
    with pytest.raises(ConfigError) as info:
        shipped_plus(tmp_path, docs, DERIVED.format(places=places))
    assert message in str(info.value) and re.search(r"figures\.yaml:\d+", str(info.value))


def test_places_on_an_exact_derivation_is_refused(tmp_path, docs):
    """A difference or sum is exact: places there is a mistake, named."""
    extra = DERIVED.format(places="1").replace("percent_change", "difference")
    with pytest.raises(ConfigError, match="places applies to percent_change, share, ratio; a difference is exact"):
        shipped_plus(tmp_path, docs, extra)


def test_a_period_that_differs_from_the_quotes_needs_a_period_note(tmp_path, docs):
    """period: 2022年 for a quote about 2021 stops the build naming the line; with period_note
    saying why (the editor's own reading, checked by a person), it loads with the period given."""
    wrong = entry().replace("period: 2021年", "period: 2022年")
    with pytest.raises(ConfigError, match=r"figures\.yaml:1: period '2022年' \(2022年\) is not what the source gives"):
        load(tmp_path, docs, wrong)
    noted = wrong.replace("actor: 全国公安机关", "actor: 全国公安机关\n  period_note: 发布会通报的是上一年度数字")
    figure = load(tmp_path, docs, noted).figures["cases-2021"]
    assert (figure.period, figure.period_norm) == ("2022年", "2022")
