"""The site's pages as files (no browser): each figure's age and stale marks on the figures page,
and the check of an age."""

import json
import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from generator.checking.verify import age_in_months, verify_artifact
from generator.cli import cli
from generator.extraction.periods import period_end
from generator.figures.guidance import Guidance
from generator.figures.registry import Registry
from generator.model import Artifact
from generator.products.site import months_before, reference_date


def ages_on_page(html: str) -> dict[str, tuple[str, bool]]:
    """Figure id → (its age as the page writes it, marked stale?)."""
    out = {}
    for row in re.findall(r'<tr id="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        figure_id, cells = row
        age = re.search(r'<td class="age"[^>]*>(.*?)</td>', cells, re.S).group(1)
        text = re.sub(r"<[^>]+>", "", age).replace("已过时", "").strip()
        out[figure_id] = (text, "stale-mark" in age)
    return out


def test_every_figure_shows_its_age_to_the_newest_source(built_project):
    """Age = whole months from the end of the figure's period to the newest source's date (not
    the day of the build), as the stale warning counts it; none for a calculated figure."""
    out = built_project / "output"
    figures = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    sources = json.loads((out / "sources.json").read_text(encoding="utf-8"))
    newest = max(s.get("reported") or s["published"] for s in sources)
    html = (out / "site/figures.html").read_text(encoding="utf-8")
    ages = ages_on_page(html)
    assert f"（最新来源的发布日期，<span class=\"date\">{newest[:4]}年" in html
    for figure in figures:
        end = period_end(figure["period_norm"])
        if end is None:
            assert ages[figure["id"]] == ("—", False)
            continue
        months = age_in_months(end, date.fromisoformat(newest))
        assert ages[figure["id"]] == (f"{months}个月" if months else "当月", months > 24), figure["id"]
        if months:
            assert (f'<time data-age-from="{end.isoformat()}" data-age-to="{newest}" datetime="P{months}M">'
                    f"{months}个月</time>") in html
    assert len({text for text, _ in ages.values()}) >= 3  # figures of several periods: several ages
    report = json.loads((out / "check-report.json").read_text(encoding="utf-8"))
    page = next(a for a in report["artifacts"] if a["path"] == "site/figures.html")
    assert sum(1 for n in page["numbers"] if n.get("age")) == sum(1 for text, _ in ages.values() if "个月" in text)


def test_stale_figures_are_marked_past_stale_after(project):
    """With [check] stale_after = 12, every figure whose period ended more than 12 months before
    the newest source is marked 已过时 on the figures page, and only those."""
    with (project / "fanzha.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[check]\nstale_after = 12\n")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output",
                                      str(project / "output")])
    assert result.exit_code == 0, result.output
    html = (project / "output/site/figures.html").read_text(encoding="utf-8")
    ages = ages_on_page(html)
    stale = {figure_id for figure_id, (_, marked) in ages.items() if marked}
    expected = {figure_id for figure_id, (text, _) in ages.items() if text.endswith("个月") and int(text[:-2]) > 12}
    assert stale == expected and len(stale) >= 5
    assert len(re.findall(r'<tr id="[^"]+"[^>]* class="stale"', html)) == len(stale)
    newest = reference_date_of(project / "output")
    cutoff = months_before(newest, 12)
    assert f'<span class="date">{int(cutoff[:4])}年{int(cutoff[5:7])}月1日</span> 的数字标为“已过时”' in html


def reference_date_of(out: Path) -> str:
    sources = json.loads((out / "sources.json").read_text(encoding="utf-8"))
    return max(s.get("reported") or s["published"] for s in sources)


def test_the_reference_date_is_the_newest_sources_not_the_clock():
    class Doc:
        def __init__(self, **metadata):
            self.metadata = metadata

    docs = [Doc(published="2021-04-10"), Doc(published="2022-03-05", reported="2022-03-06"), Doc(title="x")]
    assert reference_date(docs) == "2022-03-06"
    assert reference_date([]) == ""
    assert months_before("2022-04-14", 24) == "2020-04-01" and months_before("2022-01-31", 1) == "2021-12-01"


def test_an_age_that_does_not_match_its_dates_fails_the_check(tmp_path):
    """An age is shown only as the build computed it: a wrong one is a finding, like any number."""
    registry = Registry(figures={}, warnings=(), path="figures.yaml")
    guidance = Guidance.__new__(Guidance)
    object.__setattr__(guidance, "contacts", ())
    object.__setattr__(guidance, "local_numbers", frozenset())

    def check(age_html: str):
        html = f"<html><body><p>时效：{age_html}</p></body></html>"
        artifact = Artifact(path="site/figures.html", product="site", content_path="", template="site/figures.html.j2",
                            figure_ids=(), text=html)
        return verify_artifact(artifact, registry, guidance, tmp_path)

    right = '<time data-age-from="2021-12-31" data-age-to="2022-04-14" datetime="P4M">4个月</time>'
    numbers, findings = check(right)
    assert findings == [] and numbers[0]["age"] is True
    numbers, findings = check(right.replace(">4个月<", ">5个月<"))
    assert len(findings) == 1 and "an age of 4个月 from 2021-12-31 to 2022-04-14 is written 5个月" in findings[0].problem
    numbers, findings = check("4个月")  # no dates: an untraced number, as before
    assert len(findings) == 1 and "no figure this product uses" in findings[0].problem
