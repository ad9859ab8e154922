"""The extractor measured on hand-checked gold lists of every number: the five seeds, and a
second development set of 40 real releases that are not the seeds (tests/gold/dev: mainland
police, procuratorates, courts, the MIIT, central-bank branches and banks; Hong Kong, Macau and
Taiwan in traditional script; text with site chrome, HTML, Markdown, GB18030 and Big5).

Bars on the seeds: statistics recall and precision of (value, unit, qualifier, overlapping
span), kind, period and normalised period all at 100%. On the second set: at least 98% recall,
precision and kind, 92% period (as intervals); metric and actor agreement are reported.
"""

import pytest
from conftest import CONTENT, GOLD

from generator.extraction.records import extract_records
from generator.extraction.score import load_gold, score
from generator.sources.index import read_sources
from generator.sources.reader import read_source
from generator.yamlfile import load_yaml

DEV_SETS = ("mainland", "mainland2", "traditional")


@pytest.fixture(name="result", scope="module")
def fixture_result():
    gold = load_gold(GOLD / "seed_figures.jsonl")
    seeds = {row["source"] for row in gold}  # the five seeds: content/sources holds more sources now
    records = [r for doc in read_sources(CONTENT) if doc.name in seeds for r in extract_records(doc)]
    assert len(seeds) == 5
    return score(gold, records)


def set_records(folder):
    """Every record of a development set's folder, each source read with the metadata its
    sources.yaml gives (the report date for 去年, 截至目前)."""
    records = []
    for entry in load_yaml(folder / "sources.yaml"):
        metadata = {k: v for k, v in entry.items() if k not in ("file", "note")}
        records += extract_records(read_source(folder / entry["file"], metadata=metadata))
    return records


def dev_records(name: str):
    """Every record of one part of the second development set."""
    return set_records(GOLD / "dev" / name)


@pytest.fixture(name="dev", scope="module")
def fixture_dev():
    gold, records = [], []
    for name in DEV_SETS:
        gold += load_gold(GOLD / "dev" / name / "gold.jsonl")
        records += dev_records(name)
    return score(gold, records)


def misses(result, what):
    return [(row and (row["source"][:3], row["offset"], row["surface"]), [r.surface for r in near])
            for kind, row, near in result.misses if kind == what]


def test_gold_set_is_complete(result):
    """The set the bars are measured on: 248 numbers, 155 statistics."""
    assert (result.gold_rows, result.gold_statistics) == (248, 155)


def test_statistics_recall(result):
    assert result.recall == 1.0, misses(result, "recall")


def test_statistics_precision(result):
    assert result.precision == 1.0, misses(result, "precision")


def test_kind_accuracy(result):
    assert result.kind_accuracy == 1.0, misses(result, "kind")


def test_period_agreement(result):
    assert result.share(result.period_right) == 1.0, misses(result, "period")


def test_period_norm_agreement(result):
    """The normalised period (2021, 2021-01/2021-05, as_of:…) is what cross-source checks use."""
    assert result.share(result.period_norm_right) == 1.0, misses(result, "period_norm")


def test_metric_and_actor_are_reported(result, capsys):
    """Every statistic gets a metric; agreement with the editor's wording is printed."""
    seeds = {row["source"] for row in load_gold(GOLD / "seed_figures.jsonl")}
    records = [r for doc in read_sources(CONTENT) if doc.name in seeds for r in extract_records(doc)
               if r.kind == "statistic"]
    assert all(r.metric for r in records), [r.surface for r in records if not r.metric]
    with capsys.disabled():
        print(f"\n  gold: {result.summary()}")


def test_offsets_point_at_surfaces():
    """For every number, original[start:end] is its surface."""
    for doc in read_sources(CONTENT):
        for record in extract_records(doc):
            assert doc.original[record.start : record.end] == record.surface


def test_the_second_set_is_complete(dev):
    """40 releases, every number annotated by hand, none of them a seed."""
    assert dev.gold_rows >= 850 and dev.gold_statistics >= 450


def test_second_set_statistics(dev, capsys):
    """Recall and precision of statistics on releases the rules were not written on."""
    with capsys.disabled():
        print(f"\n  second set: {dev.summary()}")
    assert dev.recall >= 0.98, misses(dev, "recall")
    assert dev.precision >= 0.98, misses(dev, "precision")


def test_second_set_kinds(dev):
    assert dev.kind_accuracy >= 0.98, misses(dev, "kind")


def test_second_set_periods(dev):
    """Periods compared as intervals (period_norm): what the check of time relies on."""
    assert dev.share(dev.period_norm_right) >= 0.92, misses(dev, "period_norm")


@pytest.mark.parametrize("name", DEV_SETS)
def test_second_set_offsets_point_at_surfaces(name):
    for record in dev_records(name):
        assert record.surface, record
    folder = GOLD / "dev" / name
    for row in load_gold(folder / "gold.jsonl"):
        text = read_source(folder / "sources" / row["source"]).original
        assert text[row["offset"] : row["offset"] + len(row["surface"])] == row["surface"], row
