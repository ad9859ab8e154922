"""build.py as a process: one build at a time, inputs that change during a build, Ctrl-C, SIGTERM
and SIGKILL; each leaves the previous output byte for byte and no process behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

SLOW_TABLE = "\n\n| 事项 | 说明 |\n|---|---|\n" + "| 陌生来电 | 不轻信，先核实 |\n" * 2500
"""A long table without a digit: each of the leaflet's four documents takes a few seconds to render."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if ".fanzha-" in p.name)


@pytest.fixture(name="slow_project")
def fixture_slow_project(built_project):
    """The built small project, its leaflet given a long table (and room for its pages): the next
    build renders for several seconds. Returns the project and its output as built."""
    leaflet = built_project / "content/leaflets/general-public.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + SLOW_TABLE, encoding="utf-8")
    (built_project / "fanzha.toml").write_text("[build]\nmax_pages = {leaflet = 500}\n", encoding="utf-8")
    return built_project, snapshot(built_project / "output")


def start_build(project: Path) -> tuple[subprocess.Popen, list[int]]:
    """`fanzha build` in its own process, once its two render workers are rendering."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(project / "content"),
                                "--output", str(project / "output")], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2:
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the build never started its render workers"
        time.sleep(0.05)
    workers = children(process.pid)
    time.sleep(1.0)  # the workers are well into the long leaflet
    assert process.poll() is None, "the build ended before it could be stopped"
    return process, workers


@pytest.mark.parametrize("signum, status, name", [(signal.SIGINT, 130, "Ctrl-C (SIGINT)"),
                                                  (signal.SIGTERM, 143, "SIGTERM")])
def test_a_signal_stops_the_build_cleans_up_and_exits_130_or_143(slow_project, signum, status, name):
    """Workers stopped, staging removed, lock released, one line, the old output byte for byte."""
    project, before = slow_project
    process, workers = start_build(project)
    process.send_signal(signum)
    output = process.communicate(timeout=15)[0]
    assert process.returncode == status, output
    assert output.strip().splitlines() == [
        f"Error: stopped by {name}: the render workers were stopped and nothing was left half-written in "
        f"{project / 'output'}"]
    time.sleep(0.2)
    assert alive(workers) == [] and leftovers(project) == []
    assert snapshot(project / "output") == before
    assert not (project / ".output.lock").read_text()  # released: the next build may start


@pytest.mark.slow
def test_ctrl_c_stops_the_build_every_time(slow_project):
    """Five tries in a row, each within a few seconds (one of four hung before)."""
    project, before = slow_project
    for _ in range(5):
        process, workers = start_build(project)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
        assert process.returncode == 130 and time.monotonic() - started < 10
        time.sleep(0.2)
        assert alive(workers) == [] and leftovers(project) == []
    assert snapshot(project / "output") == before


@pytest.mark.slow
def test_a_killed_build_takes_its_workers_with_it_and_the_next_build_cleans_up(slow_project):
    """SIGKILL of the build: the kernel ends its workers (no orphans rendering forever); the old
    output is still in place, and the next build removes the staging folder it left."""
    project, before = slow_project
    process, workers = start_build(project)
    process.kill()
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(workers) == []
    assert snapshot(project / "output") == before and leftovers(project) != []
    leaflet = project / "content/leaflets/general-public.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8").replace(SLOW_TABLE, ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 0, result.output
    assert leftovers(project) == []


@pytest.mark.slow
def test_a_second_build_stops_within_a_second_naming_the_lock_and_the_first_ones_pid(slow_project):
    """Two builds at once: the second stops without waiting, naming the lock and the first's PID."""
    project, before = slow_project
    process, _ = start_build(project)
    try:
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["build", "--force", "--content", str(project / "content"),
                                          "--output", str(project / "output")])
        assert time.monotonic() - started < 5  # never waits for the first build
        assert result.exit_code == 2
        assert (f"{project / '.output.lock'}: another fanzha build (PID {process.pid}) is writing "
                f"{project / 'output'} right now") in result.output
        assert "Traceback" not in result.output
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    assert snapshot(project / "output") == before


def test_an_input_saved_during_the_build_stops_it_before_the_swap(built_project, monkeypatch):
    """A template saved while the pages render: exit 2, "changed during the build", nothing replaced."""
    from generator import edition_work

    project, before = built_project, snapshot(built_project / "output")
    template = project / "templates/leaflet.html.j2"
    real = edition_work._site_pages

    def saved_meanwhile(*args, **kwargs):
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(edition_work, "_site_pages", saved_meanwhile)
    result = CliRunner().invoke(cli, ["build", "--force", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 2
    assert result.output == (f"Error: {template}: changed during the build; build again (nothing was replaced: "
                             f"the previous output is as it was)\n")
    assert snapshot(project / "output") == before and leftovers(project) == []


def test_documents_over_their_page_limit_fail_together_by_name_with_exit_1(built_project):
    """Each long leaflet is named, all in one report; nothing is published."""
    project, before = built_project, snapshot(built_project / "output")
    leaflets = project / "content/leaflets"
    text = (leaflets / "general-public.md").read_text(encoding="utf-8")
    (leaflets / "general-public.md").write_text(text + SLOW_TABLE[:4000], encoding="utf-8")
    (leaflets / "second.md").write_text(text + SLOW_TABLE[:4000], encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 1, result.output
    for name in ("general-public", "second"):
        assert f"leaflets/{name}.md: leaflets/{name}.html: " in result.output
        assert f"leaflets/{name}.md: leaflets/{name}-trifold-print.html: " in result.output
    assert "more than the 2 this kind of product may have ([build] max_pages in fanzha.toml)" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project / "output") == before and leftovers(project) == []


def test_a_build_keeps_the_git_repository_the_user_made_of_output(built_project):
    """output/ made a git repository to publish it: the next build keeps .git and CNAME, byte for byte."""
    project, out = built_project, built_project / "output"
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    (out / "CNAME").write_text("fanzha.example.org\n")
    git_before = snapshot(out / ".git")
    result = CliRunner().invoke(cli, ["build", "--force", "--content", str(project / "content"),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert snapshot(out / ".git") == git_before and (out / "CNAME").read_text() == "fanzha.example.org\n"


def test_a_file_fanzha_did_not_make_stops_the_build_before_rendering(built_project, monkeypatch):
    """One line naming the file and the way out; no render worker is ever started; nothing changes."""
    from generator.rendering import pool

    project, before = built_project, snapshot(built_project / "output")
    (project / "output/site/notes.txt").write_text("mine")
    monkeypatch.setattr(pool.RenderPool, "_start", lambda self: pytest.fail("rendering started"))
    result = CliRunner().invoke(cli, ["build", "--force", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 2
    assert result.output == (f"Error: {project}/output/site/notes.txt: was not made by fanzha, which never deletes "
                             f"what it did not make; move it away, or list it under [build] keep in fanzha.toml "
                             f"to keep it in {project}/output\n")
    assert snapshot(project / "output") == {**before, "site/notes.txt": b"mine"}
    (project / "fanzha.toml").write_text('[build]\nkeep = ["site/notes.txt"]\n', encoding="utf-8")
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output", str(project / "output")])
    assert result.exit_code == 0, result.output
    assert (project / "output/site/notes.txt").read_text() == "mine"


def test_an_unwritable_output_is_found_before_rendering(built_project, monkeypatch):
    """A read-only place: one line naming it and the cause, before any render; the output stays."""
    import errno

    from generator.output import writer
    from generator.rendering import pool

    project, before = built_project, snapshot(built_project / "output")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", read_only)
    monkeypatch.setattr(pool.RenderPool, "_start", lambda self: pytest.fail("rendering started"))
    result = CliRunner().invoke(cli, ["build", "--force", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 2
    assert result.output == (f"Error: {project}: cannot be written: Read-only file system; nothing was rendered "
                             f"or replaced\n")
    assert snapshot(project / "output") == before


def test_sources_json_records_each_sources_encoding_and_why(built_project):
    """sources.json says which encoding each source was read with, and why that one."""
    import json

    entries = json.loads((built_project / "output/sources.json").read_text(encoding="utf-8"))
    assert {(e["encoding"], e["encoding_why"]) for e in entries} == {("utf-8", "valid UTF-8")}


# --- the check covers every channel ---------------------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("meta", ['<meta name="keywords" content="破获案件45万起">',
                                  '<meta name="author" content="统计45万起的编辑组">'])
def test_a_number_in_pdf_metadata_is_checked(built_project, meta):
    """Keywords and author go into the PDF's metadata only (not its pages): checked all the same."""
    project, before = built_project, snapshot(built_project / "output")
    edit(project / "templates/leaflet.html.j2", "</title>", "</title>\n" + meta)
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 1, result.output
    assert "leaflets/general-public.pdf: “45万起”" in result.output
    assert "leaflets/general-public-print.pdf" in result.output  # the same number, grouped on one line
    assert snapshot(project / "output") == before


def test_a_number_in_json_ld_is_checked(built_project):
    """Structured data a page emits (what search engines show) is read like the page's text."""
    project, before = built_project, snapshot(built_project / "output")
    edit(project / "templates/site/index.html.j2", "<h1>",
         '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite", '
         '"description": "去年破获案件45万起"}</script>\n<h1>')
    result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"),
                                      "--output", str(project / "output")])
    assert result.exit_code == 1, result.output
    assert "site/index.html: “45万起”" in result.output
    assert snapshot(project / "output") == before


def test_no_output_file_holds_the_build_machines_paths(built_project):
    """Built with absolute --content and --output: no file of output/ (the published site, the
    check report, the manifest, PDFs and images) holds the project's absolute path."""
    root = str(built_project).encode()
    holding = [path for path, data in snapshot(built_project / "output").items() if root in data]
    assert holding == []


def test_fanzha_check_reads_the_projects_relative_paths(built_project):
    """The manifest names content files relative to the project: `fanzha check` still finds them."""
    import json

    manifest = json.loads((built_project / "output/manifest.json").read_text(encoding="utf-8"))
    assert {entry["content"] for entry in manifest} >= {"content/leaflets/general-public.md", "fanzha.toml"}
    result = CliRunner().invoke(cli, ["check", "--content", str(built_project / "content"),
                                      "--output", str(built_project / "output")])
    assert result.exit_code == 0, result.output
