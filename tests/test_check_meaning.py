"""checking/meaning.py: errors of meaning planted in a built project fail the build (exit 1),
naming the product file and line, the figure and what is wrong; the previous output stays."""

import pytest
from click.testing import CliRunner

from generator.cli import cli

LEAFLET = "content/leaflets/general-public.md"
OPENING = "电信网络诈骗就在身边。2021年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，"


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project, *extra):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                    "--output", str(project / "output"), *extra])


def replace_opening(project, new):
    path = project / LEAFLET
    text = path.read_text(encoding="utf-8")
    assert OPENING in text
    path.write_text(text.replace(OPENING, new), encoding="utf-8")
    return text[: text.index(OPENING)].count("\n") + 1


@pytest.mark.parametrize("opening, words", [
    # a year beside a figure of another year
    ("2023年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，", "the page puts it in 2023年 (2023年); "
     "figure cases-solved-2021 is of 2021年"),
    # 今年以来 in a leaflet dated 2022-04-15 beside a 2021 figure
    ("今年以来，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，", "the page puts it in 今年以来 "
     "(2022年1月至2022年4月15日); figure cases-solved-2021 is of 2021年"),
    # the same time of another year (2019年同期) beside a 2021 figure
    ("2019年同期，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，", "the page puts it in 2019年同期 "
     "(the same time of 2019年); figure cases-solved-2021 is of 2021年"),
    # a January–May figure called a whole year
    ("2021年全年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021-jan-may]]，", "the page puts it in "
     "2021年全年 (2021年); figure cases-solved-2021-jan-may is of 2021年1—5月"),
    # a falling direction beside a rising figure
    ("电信网络诈骗就在身边。2021年1至5月，全国破获案件同比下降[[fig:cases-solved-growth-2021-jan-may]]。",
     "the page says it went 下降 (全国破获案件同比下降); figure cases-solved-growth-2021-jan-may went 上升"),
    # a minus sign beside a rising figure
    ("电信网络诈骗就在身边。2021年1至5月，全国破获案件同比 -[[fig:cases-solved-growth-2021-jan-may]]。",
     "the page says it went 下降"),
    # a change measured against another base than the source's (同比: 2020年1—5月)
    ("电信网络诈骗就在身边。2021年1至5月，全国破获案件与2019年同期相比上升[[fig:cases-solved-growth-2021-jan-may]]。",
     "the page compares it with 2019年1—5月"),
    ("电信网络诈骗就在身边。2021年1至5月，全国破获案件环比上升[[fig:cases-solved-growth-2021-jan-may]]。",
     "the page compares it with 2020年8—12月 (全国破获案件环比上升); figure cases-solved-growth-2021-jan-may is a "
     "change against 2020年1—5月"),
    # false precision: more digits than the source writes
    ("电信网络诈骗就在身边。2021年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，即44.10万余起。",
     "shows 2 decimal place(s), more than the source writes (44.1万余起, figure cases-solved-2021)"),
    # false precision written out in full: 441000余起 for 44.1万余起
    ("电信网络诈骗就在身边。2021年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，即441000余起。",
     "writes it to more digits than the source (44.1万余起, figure cases-solved-2021): false precision"),
])
def test_a_planted_error_of_meaning_fails_naming_file_and_line(built_project, opening, words):
    before = snapshot(built_project / "output")
    line = replace_opening(built_project, opening)
    result = build(built_project)
    assert result.exit_code == 1, result.output
    assert f"general-public.md:{line}" in result.output and words in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(built_project / "output") == before


def test_the_same_period_said_another_way_passes(built_project):
    """截至2022年3月 names the month of a figure as of 2022年3月5日; 2021年 names 2021."""
    replace_opening(built_project, "电信网络诈骗就在身边。2021年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]，"
                                   "截至2022年3月，从境外劝返回国[[fig:people-returned-to-2022-03]]。")
    result = build(built_project)
    assert result.exit_code == 0, result.output


def test_last_years_same_time_passes_for_a_figure_of_last_year(built_project):
    """去年同期 in a leaflet of 2022-04-15 names 2021: a figure of 2021年1—5月 is of it."""
    replace_opening(built_project, "电信网络诈骗就在身边。去年同期，全国公安机关共破获电信网络诈骗案件"
                                   "[[fig:cases-solved-2021-jan-may]]，")
    result = build(built_project)
    assert result.exit_code == 0, result.output


def test_the_sources_base_said_another_way_passes(built_project):
    """同比 and 与去年同期相比 name the same base for a change of 2021年1—5月."""
    replace_opening(built_project, "电信网络诈骗就在身边。2021年1至5月，全国破获案件与去年同期相比上升"
                                   "[[fig:cases-solved-growth-2021-jan-may]]，抓获犯罪嫌疑人同比上升"
                                   "[[fig:suspects-growth-2021-jan-may]]。")
    result = build(built_project)
    assert result.exit_code == 0, result.output


def test_a_registry_period_that_contradicts_its_quote_stops_the_build(built_project):
    before = snapshot(built_project / "output")
    path = built_project / "content/figures.yaml"
    text = path.read_text(encoding="utf-8")
    old = '  quote: "全国共破获电信网络诈骗案件11.4万起"\n  surface: "11.4万起"\n  label: "破获电信网络诈骗案件"\n  period: "2021年1至5月"'
    assert old in text
    path.write_text(text.replace(old, old.replace('period: "2021年1至5月"', 'period: "2022年"')), encoding="utf-8")
    line = text[: text.index(old)].count("\n") - 1  # the entry's first line, its id
    result = build(built_project)
    assert result.exit_code == 2, result.output
    assert f"figures.yaml:{line}: period '2022年' (2022年) is not what the source gives this figure: it reads " \
           f"2021年1至5月 (2021年1—5月)" in result.output
    assert snapshot(built_project / "output") == before


def test_a_stale_figure_warns_and_fails_with_strict(built_project):
    """A leaflet dated 2026 citing 2021's figures: a warning naming product, figure and age;
    --strict fails the build and publishes nothing."""
    (built_project / "fanzha.toml").write_text('[unit]\nname = "通山县公安局反诈中心"\n', encoding="utf-8")  # no sample
    path = built_project / LEAFLET
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2022-04-15", "date: 2026-03-01"), encoding="utf-8")
    result = build(built_project)
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "general-public.md: figure cases-solved-2021 (2021年) is 51 months " \
                                            "older than the product (2026-03-01)" in result.output
    before = snapshot(built_project / "output")
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-03-01", "date: 2026-03-02"), encoding="utf-8")
    strict = build(built_project, "--strict")
    assert strict.exit_code == 1 and "--strict: " in strict.output and "cases-solved-2021" in strict.output
    assert snapshot(built_project / "output") == before
    unchanged = build(built_project, "--strict")  # nothing changed since: still stale, still failing
    assert unchanged.exit_code == 1


def test_stale_after_is_a_setting(built_project):
    """The leaflet is dated 2022-04-15: its 2021 figures are 4 months old, stale after 3."""
    (built_project / "fanzha.toml").write_text("[check]\nstale_after = 3\n", encoding="utf-8")
    result = build(built_project, "--strict")
    assert result.exit_code == 1 and "is 4 months older" in result.output and "stale_after is 3 months" in result.output


def test_a_metric_cites_its_newest_whole_year_figure(built_project):
    """[[metric:cases-solved]] is 2021's figure (not the January–May one), and says its year."""
    replace_opening(built_project, "电信网络诈骗就在身边。全国公安机关共破获电信网络诈骗案件[[metric:cases-solved]]，")
    result = build(built_project)
    assert result.exit_code == 0, result.output
    from generator.rendering.typeset import plain_text

    html = (built_project / "output/leaflets/general-public.html").read_text(encoding="utf-8")
    assert 'data-fig="cases-solved-2021"' in html and "案件44.1万余起（2021年）" in plain_text(html)


def test_an_unknown_metric_names_file_and_line(built_project):
    line = replace_opening(built_project, "全国破获案件[[metric:cases-solvd]]，")
    result = build(built_project)
    assert result.exit_code == 2
    assert f"general-public.md:{line}: no whole-year figure is registered for metric 'cases-solvd'" in result.output


@pytest.mark.parametrize("field, old, new", [
    ("lead", "lead: 2021年，全国公安机关破获", "lead: 2023年，全国公安机关破获"),
    ("body", "凡是陌生人要你转账", "今年以来，全国公安机关破获电诈案件[[fig:cases-solved-2021]]。凡是陌生人要你转账"),
])
def test_a_wrong_time_in_a_post_fails_naming_the_post(post_project, field, old, new):
    """The check of time covers posts as it does leaflets: a year or 今年以来 beside a 2021 figure in a
    post of 2022 fails, naming the post's file, and nothing is written."""
    path = post_project / "content/posts/cases-solved-2021.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = build(post_project)
    assert result.exit_code == 1, result.output
    assert "cases-solved-2021.md" in result.output and "figure cases-solved-2021 is of 2021年" in result.output, \
        result.output
    assert not (post_project / "output").exists()
