"""The extractor measured on the hand-checked gold list of every number in the seeds.

Bars from the issue: statistics recall and precision of (value, unit, qualifier,
overlapping span) at least 99% each; kind right for at least 98% of all rows; period
agreement on statistics at least 90%. Metric and actor agreement are reported.
"""

import pytest
from conftest import CONTENT, GOLD

from generator.extraction.records import extract_records
from generator.extraction.score import load_gold, score
from generator.sources.index import read_sources


@pytest.fixture(name="result", scope="module")
def fixture_result():
    records = [r for doc in read_sources(CONTENT) for r in extract_records(doc)]
    gold = load_gold(GOLD / "seed_figures.jsonl")
    return score(gold, records)


def misses(result, what):
    return [(row and (row["source"][:3], row["offset"], row["surface"]), [r.surface for r in near])
            for kind, row, near in result.misses if kind == what]


def test_gold_set_is_complete(result):
    """The set the bars are measured on: 248 numbers, 155 statistics."""
    assert (result.gold_rows, result.gold_statistics) == (248, 155)


def test_statistics_recall(result):
    assert result.recall >= 0.99, misses(result, "recall")


def test_statistics_precision(result):
    assert result.precision >= 0.99, misses(result, "precision")


def test_kind_accuracy(result):
    assert result.kind_accuracy >= 0.98, misses(result, "kind")


def test_period_agreement(result):
    assert result.share(result.period_right) >= 0.90, misses(result, "period")


def test_period_norm_agreement(result):
    """The normalised period (2021, 2021-01/2021-05, as_of:…) is what cross-source checks use."""
    assert result.share(result.period_norm_right) >= 0.90, misses(result, "period_norm")


def test_metric_and_actor_are_reported(result, capsys):
    """Every statistic gets a metric; agreement with the editor's wording is printed."""
    records = [r for doc in read_sources(CONTENT) for r in extract_records(doc) if r.kind == "statistic"]
    assert all(r.metric for r in records), [r.surface for r in records if not r.metric]
    with capsys.disabled():
        print(f"\n  gold: {result.summary()}")


def test_offsets_point_at_surfaces():
    """For every number, original[start:end] is its surface."""
    for doc in read_sources(CONTENT):
        for record in extract_records(doc):
            assert doc.original[record.start : record.end] == record.surface
