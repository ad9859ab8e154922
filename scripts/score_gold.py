"""Score the extractor on hand-annotated sets of tests/gold (the set_records approach of tests/test_gold.py).

Run from the repository root:

    .venv/bin/python scripts/score_gold.py holdout fresh-a fresh-b [-v]

Each argument is a folder of tests/gold with sources/, sources.yaml and gold.jsonl; the folders
named are scored together. -v lists every recall, precision, kind, period and period_norm
disagreement (metric and actor are wording and only counted).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.extraction.records import extract_records  # noqa: E402
from generator.extraction.score import load_gold, score  # noqa: E402
from generator.sources.reader import read_source  # noqa: E402
from generator.yamlfile import load_yaml  # noqa: E402


def main(folders: list[str], verbose: bool) -> None:
    gold, records = [], []
    for name in folders:
        folder = ROOT / "tests/gold" / name
        gold += load_gold(folder / "gold.jsonl")
        for entry in load_yaml(folder / "sources.yaml"):
            metadata = {key: value for key, value in entry.items() if key not in ("file", "note")}
            records += extract_records(read_source(folder / entry["file"], metadata=metadata))
    result = score(gold, records)
    print(result.summary())
    if not verbose:
        return
    for kind, row, near in result.misses:
        if kind in ("metric", "actor"):
            continue
        wanted = row and (f"{row['source'][:3]}@{row['offset']} {row['surface']} [{row['kind']} {row['value']} "
                          f"{row['unit']} {row['qualifier']} | {row.get('period', '')} → {row.get('period_norm', '')}]")
        found = [f"{r.surface}[{r.kind} {r.value} {r.unit} {r.qualifier} | {r.period} → {r.period_norm}]"
                 + ("" if row else f" {r.source[:3]}@{r.start}") for r in near]
        print(kind, "|", wanted, "|", found)


if __name__ == "__main__":
    main([arg for arg in sys.argv[1:] if arg != "-v"], "-v" in sys.argv[1:])
