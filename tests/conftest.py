"""Shared fixtures: the repository's paths and a small project maker."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(name="write")
def fixture_write(tmp_path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def write(name: str, data, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        return path

    return write


def make_small_project(root: Path) -> Path:
    """The shipped content, templates and fanzha.toml with one leaflet (general-public), no post
    and no briefing, in `root`."""
    import shutil

    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copy(ROOT / "fanzha.toml", root / "fanzha.toml")  # the sample unit
    for leaflet in (root / "content/leaflets").glob("*.md"):
        if leaflet.name != "general-public.md":
            leaflet.unlink()
    shutil.rmtree(root / "content/posts")
    shutil.rmtree(root / "content/briefings")  # the `shipped` fixture builds the briefing
    return root


@pytest.fixture(name="project")
def fixture_project(tmp_path):
    """A copy of the shipped content and templates in a temporary project folder, with one
    leaflet (general-public), no post and no briefing to keep builds fast; the `shipped`
    fixture builds them all, and `post_project` is this with one post."""
    return make_small_project(tmp_path)


@pytest.fixture(name="small_build", scope="session")
def fixture_small_build(tmp_path_factory):
    """The small project built once a session (tests get a copy of it: `built_project`)."""
    from click.testing import CliRunner

    from generator.cli import cli

    root = make_small_project(tmp_path_factory.mktemp("small") / "project")
    result = CliRunner().invoke(cli, ["build", "--content", str(root / "content"), "--output", str(root / "output")])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(name="built_project")
def fixture_built_project(small_build, tmp_path):
    """A copy of the built small project, its output as the build left it (byte for byte)."""
    import shutil

    return Path(shutil.copytree(small_build, tmp_path / "project", symlinks=True))


@pytest.fixture(name="post_project")
def fixture_post_project(project):
    """The small project with one post, cases-solved-2021."""
    import shutil

    (project / "content/posts").mkdir()
    shutil.copy(CONTENT / "posts/cases-solved-2021.md", project / "content/posts")
    return project


@pytest.fixture(name="shipped", scope="session")
def fixture_shipped(tmp_path_factory):
    """The shipped project (every leaflet, the briefing, every post) built once for the session:
    the output folder."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path_factory.mktemp("shipped") / "output"
    result = CliRunner().invoke(cli, ["build", "--content", str(CONTENT), "--templates", str(TEMPLATES),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this machine's closed network refuses (see the env notes).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(name="browser", scope="session")
def fixture_browser():
    """Debian's Chromium driven by Playwright (scripts/setup.sh installs it; no browser download)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/setup.sh (it installs Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve_folder(folder: Path):
    """A static HTTP server on 127.0.0.1 for `folder`, in a thread: (server, base URL)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(name="site_url", scope="session")
def fixture_site_url(shipped):
    """The shipped build's output/site served over HTTP, as a host would serve it."""
    server, url = serve_folder(shipped / "site")
    yield url
    server.shutdown()


SLOW_FIXTURES = {"browser", "shipped", "server", "small_build", "project"}
"""Tests that use these are slow: a real browser, a local server, or a project built (the whole
shipped one, or the small one that `project`, `built_project` and `post_project` give): the
loop of the others (`make quick`) takes about 30 s on this machine."""


def pytest_collection_modifyitems(items):
    """Mark the slow tests (`make quick` runs the others: pytest -m "not slow"); CI runs all."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
