"""`fanzha source add`: a file or a URL served from 127.0.0.1 stored byte for byte, its entry
written with the right sha256 and the metadata the page gives, drafts printed; the same bytes
twice, other schemes and unreadable files refused with nothing written."""

import hashlib
import http.server
import shutil
import threading

import pytest
from click.testing import CliRunner
from conftest import CONTENT, GOLD

from generator.cli import cli
from generator.sources.index import load_index, read_sources

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某县公安局4月警情通报_某县人民政府</title>
<meta property="og:site_name" content="某县人民政府"></head>
<body><nav>首页 &gt; 政务公开</nav><article><h1>某县公安局4月反电信网络诈骗警情通报</h1>
<p>日期：2025-05-06 09:30</p>
<p>2025年4月，全县共立电信网络诈骗案件36起，同比下降18.2%；共劝阻群众1200余人次。</p>
<p>请牢记：陌生来电不轻信，如有疑问请拨打96110。</p></article></body></html>
"""


@pytest.fixture(name="content")
def fixture_content(tmp_path):
    shutil.copytree(CONTENT / "sources", tmp_path / "content" / "sources")
    shutil.copy(CONTENT / "sources.yaml", tmp_path / "content" / "sources.yaml")
    return tmp_path / "content"


SHIPPED = len(list((CONTENT / "sources").iterdir()))
NEXT = f"{SHIPPED:03d}_"  # the number the next source added to the shipped ones is stored under


def add(target, content):
    return CliRunner().invoke(cli, ["source", "add", str(target), "--content", str(content)])


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_file_is_stored_unchanged_with_its_entry_and_drafts(tmp_path, content):
    page = tmp_path / "通报.html"
    page.write_bytes(PAGE.encode("gb18030").replace(b'charset="utf-8"', b'charset="gb18030"'))
    result = add(page, content)
    assert result.exit_code == 0, result.output
    sha = hashlib.sha256(page.read_bytes()).hexdigest()
    stored = content / "sources" / f"{NEXT}{sha[:16]}.html"
    assert stored.read_bytes() == page.read_bytes()
    entry = load_index(content / "sources.yaml")[stored.name]
    assert entry["sha256"] == sha
    assert entry["title"] == "某县公安局4月警情通报_某县人民政府"
    assert (entry["publisher"], entry["published"], entry["reported"]) == ("某县人民政府", "2025-05-06", "2025-05-06")
    assert "published: 2025-05-06  (the dateline of the page)" in result.output
    assert "surface: \"36起\"" in result.output and "surface: \"1200余人次\"" in result.output
    assert "96110" not in result.output.split("draft entries")[1]  # a hotline is never drafted
    assert len(read_sources(content)) == SHIPPED + 1  # the project reads it, sha256 and all


def test_the_same_bytes_twice_are_refused(tmp_path, content):
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    assert add(page, content).exit_code == 0
    before = files(content / "sources"), (content / "sources.yaml").read_bytes()
    again = tmp_path / "copy.html"
    again.write_bytes(page.read_bytes())
    result = add(again, content)
    assert result.exit_code == 2 and "already in the project as" in result.output, result.output
    assert (files(content / "sources"), (content / "sources.yaml").read_bytes()) == before


@pytest.mark.parametrize("target, message", [
    ("file:///etc/passwd", "only http and https"), ("ftp://127.0.0.1/x.txt", "only http and https"),
])
def test_other_schemes_are_refused(content, target, message):
    before = files(content / "sources")
    result = add(target, content)
    assert result.exit_code == 2 and message in result.output, result.output
    assert files(content / "sources") == before


def test_an_unreadable_file_writes_nothing(tmp_path, content):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    index = (content / "sources.yaml").read_bytes()
    result = add(empty, content)
    assert result.exit_code == 2 and f"{empty}: is empty" in result.output, result.output
    assert (content / "sources.yaml").read_bytes() == index and len(list((content / "sources").iterdir())) == SHIPPED


@pytest.fixture(name="local_site")
def fixture_local_site(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "report").write_bytes(PAGE.encode("utf-8"))
    (root / "huge").write_bytes(b"x" * 2048)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def guess_type(self, path):
            return "text/html"

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_url_is_fetched_byte_for_byte(content, local_site):
    result = add(f"{local_site}/report", content)
    assert result.exit_code == 0, result.output
    sha = hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    stored = content / "sources" / f"{NEXT}{sha[:16]}.html"
    assert stored.read_bytes() == PAGE.encode("utf-8")
    entry = load_index(content / "sources.yaml")[stored.name]
    assert (entry["sha256"], entry["url"]) == (sha, f"{local_site}/report")


def test_a_missing_page_says_what_the_server_answered(content, local_site):
    result = add(f"{local_site}/nothing-here", content)
    assert result.exit_code == 2 and "the server answered 404" in result.output, result.output


def test_a_page_over_the_size_limit_is_not_stored(content, local_site, monkeypatch):
    from generator.commands import source

    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 1024)
    before = files(content / "sources"), (content / "sources.yaml").read_bytes()
    result = add(f"{local_site}/huge", content)
    assert result.exit_code == 2 and "is larger than" in result.output and "not stored" in result.output, result.output
    assert (files(content / "sources"), (content / "sources.yaml").read_bytes()) == before


def test_a_server_that_does_not_answer_times_out(content, monkeypatch):
    """A server that accepts the connection and never answers: refused after the timeout."""
    import socket
    import time

    from generator.commands import source

    monkeypatch.setattr(source, "TIMEOUT_SECONDS", 0.5)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        started = time.monotonic()
        result = add(f"http://127.0.0.1:{silent.getsockname()[1]}/report", content)
        assert time.monotonic() - started < 10
    finally:
        silent.close()
    assert result.exit_code == 2 and "cannot be fetched" in result.output and "timed out" in result.output, result.output



def test_a_text_capture_offers_its_headline_under_the_trail(content):
    """A county report saved as text (a real capture of the development set) starts with its
    "you are here" trail, its dateline under the headline: the headline is offered as the title,
    the dateline as the date, and the drafts read 本月 as the month the report is about (its title
    says 3月), not the month it came out (April)."""
    result = add(GOLD / "dev" / "mainland" / "sources" / "100_tongcheng-county-2024-03.txt", content)
    assert result.exit_code == 0, result.output
    assert "title: 通城县公安局3月反电信网络诈骗警情通报(2024年3月)  (the headline at the top of the text)" in result.output
    assert "published: 2024-04-08  (the dateline of the page)" in result.output
    assert "a change against 2023年3月" in result.output and "2023年4月" not in result.output
