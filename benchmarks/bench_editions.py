"""Editions at scale: a city's ten county editions against the shipped project's one edition.

Run: `.venv/bin/python benchmarks/bench_editions.py [--editions N] [--runs R]` (after `make
build`). Two generated projects in benchmarks/.data/ (not committed), both the shipped content,
templates and fanzha.toml: `one` as it is (the default edition only), and `city` with N county
editions besides it ([editions.county-01] … each with its own unit name, short name and hotline;
every third with a folder of its own holding one more leaflet). Each is built cold (`fanzha build
--force` into an empty output/, a new process, as a user runs it) R times, alternating, and the
medians are compared: the bar is the city at most 6 times one edition for N = 10 (the shared
reading and extraction are done once, every edition's pages go to the same render workers).
Wall seconds and the CPU seconds of the build and its workers are both reported; a national run
is planned from the CPU figure (README, "Editions").
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_build import copy_project  # the shipped project copied: content, templates, fanzha.toml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data" / "editions"
FANZHA = [sys.executable, "-m", "generator", "build", "--quiet", "--force"]

LEAFLET = """---
title: {name}提醒
date: 2022-04-15
audience: 辖区群众
fraud_types: [brushing, fake-police]
---

2021年，全国公安机关共破获电信网络诈骗案件[[fig:cases-solved-2021]]。有疑问请拨打{label}{number}。
"""


CITY_UNIT = (('name = "示例县公安局反诈中心（样例，请替换）"', 'name = "示例市公安局反诈中心"'),
             ('short_name = "示例县反诈中心"', 'short_name = "示例市反诈中心"'),
             ('number = "0000-0000000"', 'number = "0715-2345600"'),
             ('label = "示例派出所值班电话（样例，请替换）"', 'label = "市反诈中心咨询电话"'))
"""The city's own unit in [unit] (the shipped project's is a sample, marked as one at length)."""


def city_project(target: Path, sample_unit: bool = False) -> Path:
    """The shipped project as a city's: its [unit] the city's anti-fraud centre (or the shipped
    sample unit, with `sample_unit`)."""
    project = copy_project(target)
    if not sample_unit:
        toml = (project / "fanzha.toml").read_text(encoding="utf-8")
        for sample, city_value in CITY_UNIT:
            assert sample in toml, sample
            toml = toml.replace(sample, city_value)
        (project / "fanzha.toml").write_text(toml, encoding="utf-8")
    return project


def city(target: Path, editions: int, sample_unit: bool = False) -> Path:
    project = city_project(target, sample_unit)
    tables = []
    for i in range(1, editions + 1):
        name, number, label = f"第{i}县公安局反诈中心", f"0715-{2345600 + i}", "县反诈中心咨询电话"
        tables.append(f'\n[editions.county-{i:02d}]\nname = "{name}"\nshort_name = "第{i}县反诈"\n'
                      f'[[editions.county-{i:02d}.hotlines]]\nnumber = "{number}"\nlabel = "{label}"\n')
        if i % 3 == 0:
            folder = project / "editions" / f"county-{i:02d}" / "leaflets"
            folder.mkdir(parents=True)
            (folder / "county-notice.md").write_text(LEAFLET.format(name=name, label=label, number=number),
                                                      encoding="utf-8")
    with (project / "fanzha.toml").open("a", encoding="utf-8") as toml:
        toml.write("".join(tables))
    return project


def cold_build(project: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the build and its render workers) of one cold build."""
    shutil.rmtree(project / "output", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(FANZHA + ["--content", str(project / "content"), "--output", str(project / "output")],
                   check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample-unit", action="store_true",
                        help="keep the shipped sample [unit] for the city's own edition (its long name "
                             "wraps where the counties' do not: their pages cannot share its layouts)")
    args = parser.parse_args()
    one, many = city_project(DATA / "one", args.sample_unit), city(DATA / "city", args.editions, args.sample_unit)
    times: dict[str, list[tuple[float, float]]] = {"one": [], "city": []}
    for _ in range(args.runs):
        times["one"].append(cold_build(one))
        times["city"].append(cold_build(many))
    wall = {key: statistics.median(w for w, _ in runs) for key, runs in times.items()}
    cpu = {key: statistics.median(c for _, c in runs) for key, runs in times.items()}
    print(f"one edition:  cold wall {wall['one']:.1f} s, CPU {cpu['one']:.1f} s "
          f"(runs: {', '.join(f'{w:.1f}' for w, _ in times['one'])})")
    print(f"{args.editions + 1} editions (default + {args.editions} counties): cold wall {wall['city']:.1f} s, "
          f"CPU {cpu['city']:.1f} s (runs: {', '.join(f'{w:.1f}' for w, _ in times['city'])})")
    print(f"ratio: wall {wall['city'] / wall['one']:.2f}, CPU {cpu['city'] / cpu['one']:.2f} "
          f"(the bar: at most 6 for 10 county editions)")
    per_edition = (cpu["city"] - cpu["one"]) / args.editions
    print(f"CPU per further edition: {per_edition:.1f} s")


if __name__ == "__main__":
    main()
