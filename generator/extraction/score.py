"""Scoring the extractor against a hand-checked gold list (the format of shared/gold).

A gold row and an extracted record match when they come from the same source and their spans
overlap. Statistics count as found when value, unit and qualifier agree too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import NumberRecord


@dataclass
class Score:
    """The figures of one comparison, with the rows behind every miss."""

    gold_rows: int = 0
    gold_statistics: int = 0
    found_statistics: int = 0
    extracted_statistics: int = 0
    correct_statistics: int = 0
    kind_right: int = 0
    period_right: int = 0
    period_norm_right: int = 0
    metric_right: int = 0
    actor_right: int = 0
    misses: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_statistics / self.gold_statistics if self.gold_statistics else 1.0

    @property
    def precision(self) -> float:
        return self.correct_statistics / self.extracted_statistics if self.extracted_statistics else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.gold_rows if self.gold_rows else 1.0

    def share(self, count: int) -> float:
        """A count over the gold statistics."""
        return count / self.gold_statistics if self.gold_statistics else 1.0

    def summary(self) -> str:
        return (
            f"statistics: recall {self.recall:.1%} ({self.found_statistics}/{self.gold_statistics}), "
            f"precision {self.precision:.1%} ({self.correct_statistics}/{self.extracted_statistics}); "
            f"kind {self.kind_accuracy:.1%} ({self.kind_right}/{self.gold_rows}); "
            f"period {self.share(self.period_right):.1%}, period_norm {self.share(self.period_norm_right):.1%}, "
            f"metric {self.share(self.metric_right):.1%}, actor {self.share(self.actor_right):.1%}"
        )


def load_gold(path: str | Path) -> list[dict]:
    """The rows of a gold JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _overlaps(row: dict, record: NumberRecord) -> bool:
    start = row["offset"]
    end = start + len(row["surface"])
    return record.source == row["source"] and record.start < end and start < record.end


def _same_figure(row: dict, record: NumberRecord) -> bool:
    return (record.value, record.unit, record.qualifier) == (row["value"], row["unit"], row["qualifier"])


def score(gold: list[dict], records: list[NumberRecord]) -> Score:
    """Compare extracted records with gold rows."""
    result = Score(gold_rows=len(gold))
    by_source: dict[str, list[NumberRecord]] = {}
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    gold_stats = [row for row in gold if row["kind"] == "statistic"]
    result.gold_statistics = len(gold_stats)
    for row in gold:
        near = [r for r in by_source.get(row["source"], []) if _overlaps(row, r)]
        if any(r.kind == row["kind"] for r in near):
            result.kind_right += 1
        else:
            result.misses.append(("kind", row, near))
        if row["kind"] != "statistic":
            continue
        match = next((r for r in near if r.kind == "statistic" and _same_figure(row, r)), None)
        if match is None:
            result.misses.append(("recall", row, near))
            continue
        result.found_statistics += 1
        for name in ("period", "period_norm", "metric", "actor"):
            if getattr(match, name) == row.get(name, ""):
                setattr(result, f"{name}_right", getattr(result, f"{name}_right") + 1)
            else:
                result.misses.append((name, row, [match]))
    for record in records:
        if record.kind != "statistic":
            continue
        result.extracted_statistics += 1
        if any(row["source"] == record.source and _overlaps(row, record) and _same_figure(row, record)
               for row in gold_stats):
            result.correct_statistics += 1
        else:
            result.misses.append(("precision", None, [record]))
    return result
