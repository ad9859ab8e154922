"""The whole build on inputs of the wrong shape: is its cost proportional to their size?

Run: `.venv/bin/python benchmarks/bench_scale.py [--quick]` (--quick: 0.25 and 1 MB only). Each
case is `fanzha build` in a new process, timed by the wall clock, on the small project (the
shipped content with one leaflet) plus one generated source, at 1 MB and 20 MB side by side:

- one line: the seed sources' sentences on one line, no line break (one paragraph);
- one sentence: the same with every 。！？； made a comma (one sentence of megabytes);
- numbers: `破获44起，` again and again, 40 to a line (1,000,000 statistics at 16 MB);
- registry: the five seed sources and a figures.yaml of 10,000 figures (the size column is
  then the size of figures.yaml).

Every build is cold (output/ removed first, so nothing is reused from the last build). The
base project's own build is timed first and subtracted: the per-MB column is what each MB of
the case adds. Linear means the per-MB cost at 20 MB is about that at 1 MB. The
generated projects are in benchmarks/.data/ (not committed).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_build import reference_loop  # how fast the machine is right now (it drifts)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data" / "scale"
FANZHA = [sys.executable, "-m", "generator", "build", "--quiet", "--force"]
MB = 2**20


def base_project(target: Path) -> Path:
    """The shipped content with one leaflet, no post and no briefing."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "templates", target / "templates")
    for leaflet in (target / "content/leaflets").glob("*.md"):
        if leaflet.name != "general-public.md":
            leaflet.unlink()
    shutil.rmtree(target / "content/posts")
    shutil.rmtree(target / "content/briefings")
    return target


def seed_sentences() -> list[str]:
    text = "".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "content/sources").iterdir()))
    return [s for s in re.findall(r"[^。！？；\n]*[。！？；]", text) if len(s) > 8]


def one_line(size: int) -> str:
    """Seed sentences, one after another, up to `size` bytes (never over: 20 MiB is the limit)."""
    sentences, out, total, i = seed_sentences(), [], 0, 0
    while total + len(sentences[i % len(sentences)].encode()) <= size:
        out.append(sentences[i % len(sentences)])
        total += len(out[-1].encode())
        i += 1
    return "".join(out)


def one_sentence(size: int) -> str:
    return re.sub("[。！？；]", "，", one_line(size))


def numbers(size: int) -> str:
    """破获44起， again and again, 40 to a line: 1,000,000 statistics in 16 MB, 25,000 paragraphs."""
    line = "破获44起，" * 40 + "\n"
    return line * (size // len(line.encode()))


def with_source(name: str, text: str) -> Path:
    """The base project with one more source, listed in sources.yaml with its sha256."""
    project = base_project(DATA / name)
    data = text.encode()
    (project / "content/sources/big.txt").write_bytes(data)
    with open(project / "content/sources.yaml", "a", encoding="utf-8") as index:
        index.write(f"- file: big.txt\n  title: 生成的长文本\n  publisher: 基准测试\n  published: 2022-04-15\n"
                    f"  reported: 2022-04-15\n  sha256: {hashlib.sha256(data).hexdigest()}\n")
    return project


def with_registry(name: str, count: int) -> Path:
    """The base project whose figures.yaml holds `count` figures (the shipped ones copied under new ids)."""
    project = base_project(DATA / name)
    path = project / "content/figures.yaml"
    text = path.read_text(encoding="utf-8")
    entries = re.split(r"(?m)^(?=- id: )", text)
    head, plain = entries[0], [e for e in entries[1:] if "derived:" not in e and "inputs:" not in e]
    copies = []
    for i in range(count - (len(entries) - 1)):
        entry = plain[i % len(plain)]
        copies.append(re.sub(r"(?m)^- id: (\S+)", rf"- id: \1-copy-{i}", entry, count=1)
                      .replace("metric: ", f"metric: copy-{i}-", 1))
    path.write_text(head + "".join(entries[1:]) + "".join(copies), encoding="utf-8")
    return project


def timed_build(project: Path, runs: int = 3) -> float:
    """The median wall time of `runs` cold builds (no output/: nothing is reused from a last build)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(project / "output", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(FANZHA + ["--content", str(project / "content"), "--output", str(project / "output")],
                       check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


CASES = {"one line": one_line, "one sentence": one_sentence, "numbers": numbers}


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = (0.25, 1) if quick else (1, 20)
    print(f"reference loop before: {reference_loop():.2f} s")
    base = timed_build(base_project(DATA / "base"))
    print(f"base project: {base:.2f} s\n")
    print("| case | MB | build s | added s | s per MB |")
    print("|---|---:|---:|---:|---:|")
    for name, make in CASES.items():
        for size in sizes:
            project = with_source(f"{name.replace(' ', '-')}-{size}", make(int(size * MB)))
            mb = (project / "content/sources/big.txt").stat().st_size / MB
            took = timed_build(project, runs=1 if mb > 5 else 3)
            print(f"| {name} | {mb:.2f} | {took:.2f} | {took - base:.2f} | {(took - base) / mb:.2f} |", flush=True)
    for count in (1_000, 10_000) if not quick else (250, 1_000):
        project = with_registry(f"registry-{count}", count)
        mb = (project / "content/figures.yaml").stat().st_size / MB
        took = timed_build(project, runs=1)
        print(f"| registry of {count:,} figures | {mb:.2f} | {took:.2f} | {took - base:.2f} | "
              f"{(took - base) / mb:.2f} |", flush=True)
    print(f"\nreference loop after: {reference_loop():.2f} s")


if __name__ == "__main__":
    main()
