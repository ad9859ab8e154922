"""Extraction throughput on a synthetic corpus made from the seed sentences.

Builds corpora of 2.5, 5, 10 and 20 MB (UTF-8 bytes of body text) by drawing sentences of
the five seed sources at random (fixed seed), in paragraphs of 1–6 sentences and documents
of about 16 KB (a long press release), then times reading (parse_source) and extraction
(extract_records) of the whole corpus separately, on one core. Times are CPU seconds of
this process (time.process_time), median of three runs: the machines are shared, and CPU
time is what other processes disturb least.
Run: `make bench` or `.venv/bin/python benchmarks/bench_extract.py`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extraction.context import split_sentences  # noqa: E402
from generator.extraction.records import extract_records  # noqa: E402
from generator.sources.index import read_sources  # noqa: E402
from generator.sources.reader import parse_source  # noqa: E402

SIZES_MB = (2.5, 5, 10, 20)
RUNS = 5


def seed_sentences() -> list[str]:
    """Every sentence of the seeds' bodies."""
    out = []
    for doc in read_sources(ROOT / "content"):
        for block in doc.body.blocks:
            text = doc.body.text[block.start : block.end]
            out += [text[s.start : s.end] for s in split_sentences(text)]
    return out


DOCUMENT_BYTES = 16_000


def corpus(sentences: list[str], megabytes: float, seed: int = 7) -> list[bytes]:
    """Documents of random seed sentences until the corpus has the wanted size."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    documents, lines, size, doc_size = [], [], 0, 0
    while size < target:
        line = "".join(rng.choice(sentences) for _ in range(rng.randint(1, 6)))
        lines.append(line)
        length = len(line.encode()) + 1
        size += length
        doc_size += length
        if doc_size >= DOCUMENT_BYTES:
            documents.append("\n".join(lines).encode())
            lines, doc_size = [], 0
    if lines:
        documents.append("\n".join(lines).encode())
    return documents


def median_time(func) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def reference_loop() -> float:
    """CPU seconds of a fixed pure-Python loop: how fast this shared machine is right now."""
    start = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - start


def main() -> None:
    sentences = seed_sentences()
    print(f"reference loop (10M additions): {reference_loop():.2f} s — compare runs only at similar values")
    print(f"{len(sentences)} seed sentences; documents of ~{DOCUMENT_BYTES // 1000} KB; "
          f"CPU seconds, median of {RUNS} runs; one process, one core")
    print(f"{'body MB':>8} {'read s':>8} {'extract s':>10} {'extract MB/s':>13} {'numbers':>9} {'s per MB':>9}")
    per_mb, total_mb, total_s = [], 0.0, 0.0
    warm = corpus(sentences, 0.3)
    for doc in [parse_source(d, "warm-up.txt") for d in warm]:
        extract_records(doc)  # first use compiles regular expressions and fills caches
    for size in SIZES_MB:
        documents = corpus(sentences, size)
        read_s, docs = median_time(lambda documents=documents: [parse_source(d, f"synthetic-{i}.txt")
                                                                for i, d in enumerate(documents)])
        body_mb = sum(len(doc.body.text.encode()) for doc in docs) / 1_000_000
        extract_s, records = median_time(lambda docs=docs: [r for doc in docs for r in extract_records(doc)])
        per_mb.append(extract_s / body_mb)
        total_mb, total_s = total_mb + body_mb, total_s + extract_s
        print(f"{body_mb:8.2f} {read_s:8.2f} {extract_s:10.2f} {body_mb / extract_s:13.2f} "
              f"{len(records):9d} {extract_s / body_mb:9.3f}")
    print(f"all sizes together: {total_mb / total_s:.2f} MB/s of body text extracted")
    print(f"cost per MB, largest / smallest corpus: {per_mb[-1] / per_mb[0]:.2f} (1.00 = linear)")
    print(f"reference loop after the runs: {reference_loop():.2f} s")


if __name__ == "__main__":
    main()
