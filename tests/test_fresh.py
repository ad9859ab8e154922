"""The extractor on the fourth set (tests/gold/fresh-a and fresh-b: 12 releases, 2017–2024,
provinces, cities and counties of Yunnan, Shandong, Jiangsu, Guangdong, Chongqing, Xinjiang,
Shaanxi, Zhejiang, Guizhou; two high courts, two central-bank branches, a university, a
communications authority; Hong Kong and Tainan in traditional script), annotated by hand and
committed before the extractor was first run on it. That first run is the honest estimate for a
release never seen (README, "On releases it has never seen"); its misses have been used since,
and the bars sit a little below what it measures now, to guard against regressions.

Two of its conventions the extractor does not follow, on purpose, and they hold its figures
down: a money amount written without 元 in the traditional texts is given 元 (the seeds and the
mainland sets leave it "", as the extractor does), and a numbered section (一是…, 三、…) is given
no period (the extractor keeps the report's period, which is what the shares are of)."""

import pytest
from conftest import GOLD
from test_gold import set_records

from generator.extraction.score import load_gold, score
from generator.sources.reader import read_source

PARTS = ("fresh-a", "fresh-b")
FIFTH = ("fresh-c", "fresh-d")
SIXTH = ("fresh-e", "fresh-f")
"""The sixth set: 10 releases more (a 公众号 weekly map, a county police flash, a hotline report of
Xiamen, Heilongjiang, Inner Mongolia; Macau's first five months of 2025, Taiwan's 165 dashboard,
Hong Kong's first half of 2024, a Jiangsu court's typical case with its sentences, a bank branch)."""
"""The fifth set: 11 releases more (Macau, two weekly 警情 of Guangdong cities, one in tables,
Chongqing's procuratorate, a central-bank branch in Lhasa; two Taiwan county police pages, Hong
Kong's 2025 review, a university, a 街道 police station, a city's joint meeting), made the same
way after the fourth set's rules."""


@pytest.fixture(name="fresh", scope="module")
def fixture_fresh():
    gold = [row for part in PARTS for row in load_gold(GOLD / part / "gold.jsonl")]
    return score(gold, [record for part in PARTS for record in set_records(GOLD / part)])


def test_the_fresh_set_is_complete(fresh):
    assert fresh.gold_rows >= 290 and fresh.gold_statistics >= 140


def test_fresh_statistics_kinds_and_periods(fresh, capsys):
    with capsys.disabled():
        print(f"\n  fresh set: {fresh.summary()}")
    assert fresh.recall >= 0.97
    assert fresh.precision >= 0.95
    assert fresh.kind_accuracy >= 0.96
    assert fresh.share(fresh.period_norm_right) >= 0.78


@pytest.mark.parametrize("part", PARTS)
def test_fresh_offsets_point_at_surfaces(part):
    for row in load_gold(GOLD / part / "gold.jsonl"):
        text = read_source(GOLD / part / "sources" / row["source"]).original
        assert text[row["offset"] : row["offset"] + len(row["surface"])] == row["surface"], row


@pytest.fixture(name="fifth", scope="module")
def fixture_fifth():
    gold = [row for part in FIFTH for row in load_gold(GOLD / part / "gold.jsonl")]
    return score(gold, [record for part in FIFTH for record in set_records(GOLD / part)])


def test_fifth_statistics_kinds_and_periods(fifth, capsys):
    with capsys.disabled():
        print(f"\n  fifth set: {fifth.summary()}")
    assert fifth.gold_rows >= 280 and fifth.gold_statistics >= 150
    assert fifth.recall >= 0.99
    assert fifth.precision >= 0.97
    assert fifth.kind_accuracy >= 0.93
    assert fifth.share(fifth.period_norm_right) >= 0.70


@pytest.mark.parametrize("part", FIFTH)
def test_fifth_offsets_point_at_surfaces(part):
    test_fresh_offsets_point_at_surfaces(part)


@pytest.fixture(name="sixth", scope="module")
def fixture_sixth():
    gold = [row for part in SIXTH for row in load_gold(GOLD / part / "gold.jsonl")]
    return score(gold, [record for part in SIXTH for record in set_records(GOLD / part)])


def test_sixth_statistics_kinds_and_periods(sixth, capsys):
    with capsys.disabled():
        print(f"\n  sixth set: {sixth.summary()}")
    assert sixth.gold_rows >= 230 and sixth.gold_statistics >= 150
    assert sixth.recall >= 0.99
    assert sixth.precision >= 0.98
    assert sixth.kind_accuracy >= 0.97
    assert sixth.share(sixth.period_norm_right) >= 0.92


@pytest.mark.parametrize("part", SIXTH)
def test_sixth_offsets_point_at_surfaces(part):
    test_fresh_offsets_point_at_surfaces(part)
