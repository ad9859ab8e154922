"""The fanzha command line: extract and build, as a user runs them."""

import json

import pytest
from click.testing import CliRunner
from conftest import CONTENT

from generator.cli import cli


def snapshot(folder):
    """Every file under `folder` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(name="runner")
def fixture_runner():
    return CliRunner()


def test_extract_jsonl_has_the_gold_fields(runner):
    """One JSON object per number with every field of the gold list, offsets into the file."""
    path = CONTENT / "sources/003_a1eb468e64714588.txt"
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    original = path.read_text(encoding="utf-8")
    first = next(r for r in rows if r["kind"] == "statistic")
    assert {"source", "surface", "value", "unit", "qualifier", "kind", "metric", "period", "actor",
            "sentence", "start", "end"} <= set(first)
    assert (first["surface"], first["value"], first["unit"], first["qualifier"], first["period"]) == (
        "3200余亿元", "320000000000", "元", "more_than", "去年")
    assert all(original[r["start"] : r["end"]] == r["surface"] for r in rows)


def test_extract_any_path_and_table_format(runner, write):
    """Any file path works; --kind filters; the table is one line per number."""
    path = write("release.txt", "今年以来，全国公安机关共破获案件1.2万起，请拨打96110。")
    result = runner.invoke(cli, ["extract", "--format", "table", "--kind", "statistic", str(path)])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1 and "1.2万起" in result.output and "今年以来" in result.output


@pytest.mark.parametrize("content, message", [(b"", "is empty"), (b"\x00\x01\x02binary", "binary")])
def test_extract_bad_file_exits_2_with_message(runner, write, content, message):
    path = write("bad.txt", content)
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 2
    assert f"{path}: " in result.output and message in result.output
    assert "Traceback" not in result.output


def test_build_writes_output_and_is_byte_identical(runner, project):
    """Two builds of the same content give byte-identical files."""
    args = ["build", "--content", str(project / "content"), "--output", str(project / "output")]
    assert runner.invoke(cli, args).exit_code == 0
    first = snapshot(project / "output")
    assert runner.invoke(cli, args + ["--force"]).exit_code == 0
    second = snapshot(project / "output")
    assert first == second
    assert {"extracted.jsonl", "sources.json", "figures.json", "check-report.json", "manifest.json"} <= set(first)
    rows = [json.loads(line) for line in first["extracted.jsonl"].decode().splitlines()]
    seeds = ("000_", "001_", "002_", "003_", "004_")  # the gold set's five seeds; later sources add more
    assert sum(r["kind"] == "statistic" for r in rows if r["source"].startswith(seeds)) == 155


def test_failed_build_leaves_previous_output(runner, project):
    """An edited source stops the build with exit 2 and the old output stays as it was."""
    args = ["build", "--content", str(project / "content"), "--output", str(project / "output")]
    assert runner.invoke(cli, args).exit_code == 0
    before = snapshot(project / "output")
    seed = project / "content/sources/000_500d0aa563e641de.txt"
    seed.write_bytes(seed.read_bytes().replace("44.1万余起".encode(), "45万起".encode()))
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "000_500d0aa563e641de.txt: was edited after it was registered" in result.output
    after = snapshot(project / "output")
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".output-")]


def test_unlisted_source_is_a_configuration_error(runner, project):
    (project / "content/sources/new.txt").write_text("破获案件5起。", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--content", str(project / "content"),
                                 "--output", str(project / "output")])
    assert result.exit_code == 2 and "new.txt: not listed in" in result.output


def test_python_dash_m_runs_the_same_cli():
    """`python -m generator --help` works as well as the console script."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "extract" in done.stdout and "build" in done.stdout
