"""output/writer.py: the tree is replaced in one step, the user's files are kept or the write is
refused before any work, leftovers of a killed run are cleaned, faults are one line naming the path."""

import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.output import writer
from generator.output.writer import LISTING, OutputTree, write_atomically

MARKER = ".fanzha-output"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their target text) with its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(folder))] = os.readlink(path).encode()
        elif path.is_file():
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".fanzha-" in p.name or "-new-" in p.name or "-old-" in p.name)


def test_a_write_lists_what_it_made_and_replaces_only_that(tmp_path):
    """The listing names every file written; files of the last write that are not written again go."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一", "site/b.html": b"<p>"}, marker="{}\n")
    assert (out / LISTING).read_text().splitlines() == [".fanzha-files", ".fanzha-output", "a.txt", "site/b.html"]
    write_atomically(out, {"c.txt": "三"}, marker="{}\n")
    assert set(tree(out)) == {".fanzha-files", ".fanzha-output", "c.txt"}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kept", [".git/HEAD", "CNAME", ".nojekyll"])
def test_git_cname_and_nojekyll_are_kept_byte_for_byte(tmp_path, kept):
    """A user who made output/ a git repository (or gave it a Pages domain) keeps it."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一"})
    (out / kept).parent.mkdir(parents=True, exist_ok=True)
    (out / kept).write_bytes(b"ref: refs/heads/main\n")
    write_atomically(out, {"a.txt": "二"})
    assert (out / kept).read_bytes() == b"ref: refs/heads/main\n" and (out / "a.txt").read_text() == "二"


def test_a_path_listed_under_keep_is_kept(tmp_path):
    """Paths under [build] keep (here site/CNAME and README.md) are carried over too."""
    out = tmp_path / "output"
    write_atomically(out, {"site/index.html": "<p>"})
    (out / "site/CNAME").write_text("fanzha.example.org")
    (out / "README.md").write_text("mine")
    write_atomically(out, {"site/index.html": "<p>new"}, keep=["site/CNAME", "README.md"])
    assert (out / "site/CNAME").read_text() == "fanzha.example.org" and (out / "README.md").read_text() == "mine"


def test_a_file_fanzha_did_not_make_is_refused_before_any_work(tmp_path):
    """Refused when the tree is opened (before rendering), naming the file; nothing changes."""
    out = tmp_path / "output"
    write_atomically(out, {"site/index.html": "<p>"})
    (out / "site/notes.txt").write_text("mine")
    before = tree(out)
    with pytest.raises(ConfigError, match=rf"{out}/site/notes.txt: was not made by fanzha, which never deletes"):
        OutputTree(out).__enter__()
    assert tree(out) == before and leftovers(tmp_path) == []
    assert not (tmp_path / ".output.lock").read_text()  # released


def test_a_folder_holding_only_kept_files_is_written(tmp_path):
    """A fresh clone of a Pages repository (.git and CNAME, no marker) can be published into."""
    target = tmp_path / "www"
    (target / ".git").mkdir(parents=True)
    (target / ".git/HEAD").write_text("ref")
    (target / "CNAME").write_text("example.org")
    write_atomically(target, {"index.html": "<p>"}, marker_name=".fanzha-site")
    assert set(tree(target)) == {".git/HEAD", "CNAME", "index.html", ".fanzha-site", LISTING}


def test_a_folder_fanzha_did_not_make_is_refused(tmp_path):
    """A folder of someone else's files, without fanzha's marker, is never replaced."""
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("mine")
    with pytest.raises(ConfigError, match=r"www/index.html: was not made by fanzha"):
        write_atomically(target, {"index.html": "<p>"})
    assert (target / "index.html").read_text() == "mine"


def test_a_kept_path_that_fanzha_writes_is_refused(tmp_path):
    """Keeping a path fanzha writes would make two owners of one file: refused."""
    with pytest.raises(ConfigError, match=r"output/index.html: is kept .* but fanzha writes it"):
        write_atomically(tmp_path / "output", {"index.html": "<p>"}, keep=["index.html"])


def test_readers_always_see_the_old_or_the_new_tree(tmp_path):
    """While trees are exchanged, output/ never goes missing: every path looked up finds its file."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "0", "b.txt": "0"})
    seen, stop = [], threading.Event()
    whole = [".fanzha-files", ".fanzha-output", "a.txt", "b.txt"]

    def read():
        while not stop.is_set():
            try:
                seen.append(([name for name in whole if (out / name).is_file()], (out / "a.txt").read_text()))
            except FileNotFoundError:
                seen.append(([], "missing"))

    reader = threading.Thread(target=read)
    reader.start()
    for version in range(1, 40):
        write_atomically(out, {"a.txt": str(version), "b.txt": str(version)})
    stop.set()
    reader.join()
    bad = [(names, text) for names, text in seen if names != whole or not text.isdigit()]
    assert seen and not bad, bad[:3]


def test_without_an_exchange_two_renames_are_used(tmp_path, monkeypatch):
    """Where renameat2 cannot exchange, the old tree is renamed aside and the new one in."""
    monkeypatch.setattr(writer, "_rename_exchange", lambda a, b: False)
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一"})
    (out / ".git").mkdir()
    write_atomically(out, {"a.txt": "二"})
    assert (out / "a.txt").read_text() == "二" and (out / ".git").is_dir() and leftovers(tmp_path) == []


def test_an_exchange_that_fails_is_one_line_and_the_old_tree_stays(tmp_path, monkeypatch):
    """renameat2 refused (EBUSY, a mount point, EACCES): one line naming the output and the cause,
    no traceback, the old tree and the user's .git where they were."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一"}, keep=())
    (out / ".git").mkdir()
    (out / ".git/HEAD").write_text("ref: refs/heads/main\n")
    before = tree(out)

    def refused(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(writer, "_rename_exchange", refused)
    with pytest.raises(ConfigError, match=rf"^{out}: could not be replaced by the new output \(Device or resource "
                                          r"busy\); the previous output is as it was$"):
        write_atomically(out, {"a.txt": "二"})
    assert tree(out) == before and leftovers(tmp_path) == []


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_run(tmp_path, monkeypatch):
    """Killed after the old tree went aside: the next run puts it back, then writes."""
    monkeypatch.setattr(writer, "_rename_exchange", lambda a, b: False)
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一"})
    (out / "CNAME").write_text("example.org")
    real_rename = os.rename

    def killed(source, target):
        real_rename(source, target)
        if Path(target).name.startswith(".output.fanzha-old-"):
            raise KeyboardInterrupt  # as if killed right here

    monkeypatch.setattr(os, "rename", killed)
    opened = OutputTree(out).__enter__()
    with pytest.raises(KeyboardInterrupt):
        opened.write({"a.txt": "二"})
    opened._release()  # killed: no cleanup ran, and the lock went with the process
    monkeypatch.setattr(os, "rename", real_rename)
    assert not out.exists()
    with OutputTree(out):
        pass  # the next run opens the tree: the old one is back, the leftovers gone
    assert (out / "a.txt").read_text() == "一" and (out / "CNAME").read_text() == "example.org"
    assert leftovers(tmp_path) == []


def test_leftovers_of_killed_runs_are_removed_and_kept_files_in_them_moved_back(tmp_path):
    """Staging folders of killed runs (and of older versions) go; a .git caught in one comes back."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一"})
    staging = tmp_path / ".output.fanzha-new-abc"  # killed after moving .git in, before the exchange
    (staging / ".git").mkdir(parents=True)
    (staging / ".git/HEAD").write_text("ref")
    (tmp_path / ".output-new-xyz").mkdir()  # what older versions left, 30 MB each
    (tmp_path / ".output-new-xyz/big.pdf").write_bytes(b"%PDF" * 1000)
    write_atomically(out, {"a.txt": "二"})
    assert (out / ".git/HEAD").read_text() == "ref" and leftovers(tmp_path) == []


def test_a_second_run_stops_at_once_naming_the_lock_and_the_first_ones_pid(tmp_path):
    """The lock is held from opening to the end; another process trying it stops without waiting."""
    out = tmp_path / "output"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from generator.output.writer import OutputTree\n"
                               f"with OutputTree(Path({str(out)!r})):\n"
                               "    print('locked', flush=True); time.sleep(60)\n"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(ConfigError) as error:
            write_atomically(out, {"a.txt": "一"})
        assert time.monotonic() - started < 5  # it never waits for the lock
        assert f"{tmp_path}/.output.lock: another fanzha build (PID {holder.pid}) is writing" in error.value.message
    finally:
        holder.kill()
        holder.wait()
    write_atomically(out, {"a.txt": "一"})  # a killed holder's lock is free at once


def test_a_full_disk_is_one_line_naming_the_file_and_the_old_tree_stays(tmp_path, monkeypatch):
    """ENOSPC while writing: one line naming the file in output/, the old tree byte for byte."""
    out = tmp_path / "output"
    write_atomically(out, {"a.txt": "一", "b.pdf": b"%PDF"})
    before = tree(out)
    real = Path.write_bytes

    def full(self, data):
        if self.name == "b.pdf":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(ConfigError) as error:
        write_atomically(out, {"a.txt": "二", "b.pdf": b"%PDF-2"})
    assert error.value.message == f"{out}/b.pdf: cannot be written: No space left on device; nothing was replaced"
    assert tree(out) == before and leftovers(tmp_path) == []


def test_a_name_too_long_is_one_line_naming_it(tmp_path):
    """ENAMETOOLONG: one line naming the file, no staging folder left."""
    name = "长" * 100 + ".html"  # 305 bytes
    with pytest.raises(ConfigError, match=rf"output/{name}: cannot be written: File name too long"):
        write_atomically(tmp_path / "output", {name: "<p>"})
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_an_unwritable_place_is_found_when_the_tree_is_opened(tmp_path, monkeypatch, code):
    """Before any work: the staging folder is made when the tree is opened (a read-only file
    system, or a folder this user may not write: as root, only a refusal can be simulated)."""
    def refused(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", refused)
    with pytest.raises(ConfigError, match=rf"^{tmp_path}: cannot be written: {os.strerror(code)}; nothing was "):
        OutputTree(tmp_path / "output").__enter__()


@pytest.fixture(name="mounted")
def fixture_mounted(tmp_path):
    """A 1 MiB tmpfs at tmp_path/disk (skipped where this process may not mount)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_really_full_disk_and_a_really_read_only_one(mounted):
    """On a real 1 MiB file system: filling it, then making it read-only; one line each, old tree kept."""
    out = mounted / "output"
    write_atomically(out, {"a.txt": "一"})
    with pytest.raises(ConfigError, match=rf"{out}/big.pdf: cannot be written: No space left on device"):
        write_atomically(out, {"a.txt": "二", "big.pdf": b"0" * 2**21})
    assert (out / "a.txt").read_text() == "一" and leftovers(mounted) == []
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    with pytest.raises(ConfigError, match=rf"{mounted}.*: cannot be written: Read-only file system"):
        write_atomically(out, {"a.txt": "二"})
    assert (out / "a.txt").read_text() == "一"


def test_the_same_bytes_in_two_places_are_written_once_and_linked(tmp_path, monkeypatch):
    """A PDF in leaflets/ and in site/leaflets/ is one file with two names; small files and texts
    are written each time, and where the file system refuses a link the copy is written."""
    out = tmp_path / "output"
    pdf, small = b"%PDF" + bytes(range(256)) * 40, b"tiny"
    write_atomically(out, {"leaflets/a.pdf": pdf, "site/leaflets/a.pdf": pdf, "x.txt": small, "site/x.txt": small,
                           "b.pdf": b"%PDF" + bytes(range(256)) * 40})
    assert (out / "leaflets/a.pdf").read_bytes() == (out / "site/leaflets/a.pdf").read_bytes() == pdf
    assert os.path.samefile(out / "leaflets/a.pdf", out / "site/leaflets/a.pdf")
    assert not os.path.samefile(out / "x.txt", out / "site/x.txt")  # under LINK_FROM bytes
    assert not os.path.samefile(out / "leaflets/a.pdf", out / "b.pdf")  # equal bytes, another object

    def refuse(*args):
        raise OSError(errno.EPERM, "links refused")

    monkeypatch.setattr(writer.os, "link", refuse)
    write_atomically(out, {"leaflets/a.pdf": pdf, "site/leaflets/a.pdf": pdf})
    assert (out / "site/leaflets/a.pdf").read_bytes() == pdf
    assert not os.path.samefile(out / "leaflets/a.pdf", out / "site/leaflets/a.pdf")
