"""Shared fixtures: the repository's paths, a small project maker, and where a briefing's 版记 stands."""

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


# --- a briefing's 版记 (报尾), read back from its PDF ----------------------------------------------------

TEXT_FOOT = 297 - 20
"""Where the briefing's text area ends, in mm from the top of the page: A4 less its 20 mm bottom
margin (briefing.css). The 版记's last rule stands on the text area's last line."""
MM = 25.4 / 72


def colophon_place(pdf: bytes) -> dict:
    """Where the 版记 (分送 … 印发) stands, read back from the PDF: `pages`, the pages that hold
    any of it (`on`, from 1), the `top` and `bottom` of its text and `above`, the bottom of the
    lowest other text of its page's text area (the running header on a page of its own), in mm
    from the top of the page; `lowest`: that of the lowest text in each page's text area."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    place: dict = {"pages": len(document), "on": [], "lowest": []}
    for number, page in enumerate(document, 1):
        textpage = page.get_textpage()
        text, height = textpage.get_text_range(), page.get_height()
        boxes = [(i, (height - textpage.get_charbox(i)[3]) * MM, (height - textpage.get_charbox(i)[1]) * MM)
                 for i in range(len(text)) if not text[i].isspace()]
        place["lowest"].append(max(bottom for _, _, bottom in boxes if bottom <= TEXT_FOOT))  # not the page number
        if "分送：" not in text and "印发" not in text:
            continue
        place["on"].append(number)
        start, end = text.index("分送："), text.index("印发") + 2
        place["top"] = min(top for i, top, _ in boxes if start <= i < end)
        place["bottom"] = max(bottom for i, _, bottom in boxes if start <= i < end)
        place["above"] = max(bottom for i, _, bottom in boxes if not start <= i < end and bottom <= TEXT_FOOT)
    return place


def structure_of_text(pdf: bytes, index: int) -> list[tuple[tuple[str, ...], str]]:
    """(the structure elements it is tagged as, from the document down; () when untagged, as the
    margin boxes' header and page number are) and text, of each text object of a page."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    def utf16(func, *args) -> str:
        size = func(*args, None, 0)
        buffer = ctypes.create_string_buffer(size)
        func(*args, buffer, size)
        return buffer.raw.decode("utf-16-le").rstrip("\x00")

    document = pypdfium2.PdfDocument(pdf)
    page = document[index]
    tagged: dict[int, tuple[str, ...]] = {}

    def walk(element, path: tuple[str, ...]) -> None:
        path += (utf16(raw.FPDF_StructElement_GetType, element),)
        for k in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element)):
            tagged[raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, k)] = path
        for c in range(raw.FPDF_StructElement_CountChildren(element)):
            if child := raw.FPDF_StructElement_GetChildAtIndex(element, c):
                walk(child, path)

    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    for i in range(raw.FPDF_StructTree_CountChildren(tree)):
        walk(raw.FPDF_StructTree_GetChildAtIndex(tree, i), ())
    raw.FPDF_StructTree_Close(tree)
    textpage = page.get_textpage()
    found = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=5):
        size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        buffer = (ctypes.c_ushort * size)()
        raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
        found.append((tagged.get(raw.FPDFPageObj_GetMarkedContentID(obj.raw), ()),
                      bytes(buffer).decode("utf-16-le").rstrip("\x00")))
    return found


def assert_colophon_at_the_foot(pdf: bytes) -> dict:
    """The 版记 on the last page alone, its last line on the text area's last line (the rule
    under it is 1 mm lower), its lines together, below the text and clear of it; tagged
    as paragraphs of the document's structure. Where it stands is returned."""
    place = colophon_place(pdf)
    assert place["on"] == [place["pages"]], place
    assert TEXT_FOOT - 4 < place["bottom"] <= TEXT_FOOT, place
    assert place["bottom"] - place["top"] < 20, place  # 分送, 抄送 and the unit's line, without gaps
    assert place["above"] < place["top"] - 5, place
    colophon = [(path, text) for path, text in structure_of_text(pdf, place["pages"] - 1)
                if text.strip() and ("分送" in text or "抄送" in text or "印发" in text)]
    assert len(colophon) >= 2 and all("P" in path for path, _ in colophon), colophon  # 分送 (抄送) and 印发
    return place
