"""fanzha new, publish and serve, as an editor uses them."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def build(project):
    result = run("build", "--content", project / "content", "--output", project / "output")
    assert result.exit_code == 0, result.output
    return project / "output"


# --- fanzha new ------------------------------------------------------------------------------------

def test_new_starters_build_as_they_are(project):
    for kind in ("leaflet", "post", "briefing"):
        result = run("new", kind, f"new-{kind}", "--content", project / "content", "--title", "新的内容")
        assert result.exit_code == 0, result.output
        path = project / "content" / f"{kind}s" / f"new-{kind}.md"
        assert f"wrote {path}" in result.output
        text = path.read_text(encoding="utf-8")
        assert 'title: "新的内容"' in text and "[[fig:cases-solved-2021]]" in text
    out = build(project)
    for kind in ("leaflet", "post", "briefing"):
        assert (out / "site" / f"{kind}s" / f"new-{kind}.html").is_file()
    assert (out / "leaflets/new-leaflet-print.pdf").is_file() and (out / "posts/new-post/cards/og.png").is_file()


def test_new_keeps_a_title_with_yaml_punctuation_as_written(project):
    title = '防骗: "客服"来电 # 要当心'
    assert run("new", "post", "odd-title", "--content", project / "content", "--title", title).exit_code == 0
    from generator.sources.reader import split_front_matter

    path = project / "content/posts/odd-title.md"
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    assert meta["title"] == title and meta["short_title"] == title


def test_new_refuses_an_existing_file_and_a_bad_name(project):
    assert run("new", "leaflet", "general-public", "--content", project / "content").exit_code == 2
    result = run("new", "post", "Bad Name", "--content", project / "content")
    assert result.exit_code == 2 and "lower-case letters, digits and hyphens" in result.output
    assert run("new", "poster", "x", "--content", project / "content").exit_code == 2


# --- fanzha publish --------------------------------------------------------------------------------

@pytest.fixture(name="built")
def fixture_built(built_project):
    return built_project


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_to_a_folder_copies_the_checked_site(built, tmp_path):
    target = tmp_path / "www"
    result = run("publish", "--content", built / "content", "--output", built / "output", "--to", target)
    assert result.exit_code == 0, result.output
    published = tree(target)
    assert published.pop(".fanzha-site") and published.pop(".fanzha-files")
    assert published == tree(built / "output/site")
    # a second publish replaces it in place; a folder fanzha did not publish is refused
    assert run("publish", "--content", built / "content", "--output", built / "output", "--to", target).exit_code == 0
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    result = run("publish", "--content", built / "content", "--output", built / "output", "--to", foreign)
    assert result.exit_code == 2 and "was not made by fanzha" in result.output
    assert tree(foreign) == {"keep.txt": b"mine"}


def test_publish_keeps_the_targets_git_cname_and_nojekyll(built, tmp_path):
    """`publish --to` a clone of a Pages repository: its .git, CNAME and .nojekyll stay, byte for byte."""
    target = tmp_path / "www"
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    (target / "CNAME").write_text("fanzha.example.org\n")
    (target / ".nojekyll").write_text("")
    kept = {name: data for name, data in tree(target).items() if not name.startswith(".fanzha")}
    for _ in range(2):  # into the clone, then over its own publication
        result = run("publish", "--content", built / "content", "--output", built / "output", "--to", target)
        assert result.exit_code == 0, result.output
        assert {name: data for name, data in tree(target).items() if name in kept} == kept
    assert (target / "index.html").is_file()


def test_publish_refuses_an_output_edited_after_the_check(built, tmp_path):
    target = tmp_path / "www"
    assert run("publish", "--content", built / "content", "--output", built / "output", "--to", target).exit_code == 0
    before = tree(target)
    page = built / "output/site/leaflets/general-public.html"
    figure = "44.1万余起" if "44.1万余起" in page.read_text(encoding="utf-8") else None
    text = page.read_text(encoding="utf-8")
    assert figure, "the leaflet page cites a figure"
    page.write_text(text.replace(figure, "45万起"), encoding="utf-8")
    result = run("publish", "--content", built / "content", "--output", built / "output", "--to", target)
    assert result.exit_code == 1 and "“45万起”" in result.output and "nothing was published" in result.output
    assert tree(target) == before


def test_publish_refuses_a_failed_build_and_a_missing_one(built, project, tmp_path):
    report = built / "output/check-report.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    report.write_text(json.dumps({**data, "ok": False}), encoding="utf-8")
    result = run("publish", "--content", built / "content", "--output", built / "output", "--to", tmp_path / "w")
    assert result.exit_code == 1 and "the last check failed" in result.output
    result = run("publish", "--content", built / "content", "--output", tmp_path / "nothing", "--to", tmp_path / "w")
    assert result.exit_code == 2 and "run fanzha build first" in result.output
    assert not (tmp_path / "w").exists()


def git(*args, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_publish_to_a_git_branch_of_a_local_bare_repository(built, tmp_path):
    bare = tmp_path / "site.git"
    git("init", "-q", "--bare", str(bare))
    args = ["publish", "--content", built / "content", "--output", built / "output",
            "--git-branch", "gh-pages", "--remote", bare]
    result = run(*args)
    assert result.exit_code == 0, result.output
    files = set(git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert files == set(tree(built / "output/site")) | {".nojekyll"}
    index = git("--git-dir", str(bare), "show", "gh-pages:index.html")
    assert index == (built / "output/site/index.html").read_text(encoding="utf-8")
    # nothing changed: no new commit
    result = run(*args)
    assert result.exit_code == 0 and "nothing to publish" in result.output
    assert len(git("--git-dir", str(bare), "log", "--oneline", "gh-pages").splitlines()) == 1
    # a changed site: one more commit, on top of the first
    leaflet = built / "content/leaflets/general-public.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8").replace("title: 防范电信网络诈骗，", "title: 新版：", 1), encoding="utf-8")
    build(built)
    assert run(*args).exit_code == 0
    assert len(git("--git-dir", str(bare), "log", "--oneline", "gh-pages").splitlines()) == 2
    assert "新版：" in git("--git-dir", str(bare), "show", "gh-pages:index.html")


def test_publish_needs_exactly_one_destination(built):
    assert run("publish", "--content", built / "content", "--output", built / "output").exit_code == 2
    result = run("publish", "--content", built / "content", "--output", built / "output", "--to", "x",
                 "--git-branch", "y")
    assert result.exit_code == 2


# --- fanzha serve ----------------------------------------------------------------------------------

@pytest.fixture(name="server")
def fixture_server(project):
    """`fanzha serve --port 0` on the small project, as a child process: (base URL, project)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0", "--content", str(project / "content"),
         "--output", str(project / "output")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = process.stdout.readline()
    assert line.startswith("serving http://127.0.0.1:"), line + process.stderr.read()
    yield line.split()[1], project
    process.terminate()
    process.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for_generation(url, generation, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(get(url + "__fanzha__/state")[1])
        if state["generation"] >= generation:
            return state
        time.sleep(0.2)
    raise AssertionError(f"no build {generation} within {timeout} s")


def test_serve_rebuilds_on_change_and_shows_findings_instead_of_stale_pages(server, browser):
    url, project = server
    status, home = get(url)
    assert status == 200 and "/__fanzha__/reload.js" in home
    leaflet = project / "content/leaflets/general-public.md"
    original = leaflet.read_text(encoding="utf-8")

    page = browser.new_page()
    page.goto(url + "leaflets/general-public.html")
    leaflet.write_text(original.replace("title: 防范电信网络诈骗，", "title: 预览测试", 1), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').textContent.startsWith('预览测试')", timeout=60_000)

    leaflet.write_text(original.replace("[[fig:", "共45万起。[[fig:", 1), encoding="utf-8")
    assert wait_for_generation(url, 3)["ok"] is False
    status, body = get(url + "leaflets/general-public.html")
    assert status == 500 and "构建失败" in body and "45万起" in body and "general-public.md" in body
    page.wait_for_selector("#findings", timeout=30_000)  # the open page reloads into the findings

    leaflet.write_text(original, encoding="utf-8")
    assert wait_for_generation(url, 4)["ok"] is True
    assert get(url + "leaflets/general-public.html")[0] == 200
    assert get(url + "no-such-page.html")[0] == 404
    page.close()


def test_serve_on_a_busy_port_says_so(project):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run("serve", "--port", busy.getsockname()[1], "--content", project / "content",
                     "--output", project / "output")
    assert result.exit_code == 2 and "choose another --port" in result.output
    assert not (project / "output").exists()  # it stopped before building
