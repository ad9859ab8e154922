"""Score the extractor on tests/gold/fresh-h (the dev_records approach of tests/test_gold.py).

Run from the repository root: .venv/bin/python tests/gold/fresh-h/score.py [-v]
-v lists every recall, precision, kind, period and period_norm disagreement.
"""
import sys, collections
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from generator.extraction.records import extract_records
from generator.extraction.score import load_gold, score
from generator.sources.reader import read_source
from generator.yamlfile import load_yaml
folder = ROOT / 'tests/gold/fresh-h'
records = []
for entry in load_yaml(folder / 'sources.yaml'):
    metadata = {k: v for k, v in entry.items() if k not in ('file', 'note')}
    records += extract_records(read_source(folder / entry['file'], metadata=metadata))
gold = load_gold(folder / 'gold.jsonl')
res = score(gold, records)
print(res.summary())
if '-v' in sys.argv:
    for kind, row, near in res.misses:
        if kind in ('metric', 'actor'): continue
        g = row and f"{row['source'][:3]}@{row['offset']} {row['surface']} [{row['kind']} {row['value']} {row['unit']} {row['qualifier']} | {row.get('period','')} → {row.get('period_norm','')}]"
        n = [f"{r.surface}[{r.kind} {r.value} {r.unit} {r.qualifier} | {r.period} → {r.period_norm}]" + ('' if row else f" {r.source[:3]}@{r.start}") for r in near]
        print(kind, '|', g, '|', n)
