"""sources/files.py and the build: links out of the project are refused unread, source names are
safe page names, and no two products or sources make a file of the same name."""

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ConfigError
from generator.sources.files import check_source_names, refuse_links_outside

SECRET = "root:x:0:0:秘密:/root:/bin/bash\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


_OPENED: list[str] = []
_WATCHING: list[bool] = [False]


def _audit(event, args):
    if _WATCHING[0] and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@pytest.fixture(name="opened")
def fixture_opened():
    """Every file this process opens while the test runs, with links followed."""
    _OPENED.clear()
    _WATCHING[0] = True
    yield _OPENED
    _WATCHING[0] = False


def build(project: Path):
    return CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output",
                                    str(project / "output")])


@pytest.mark.parametrize("where", ["content/sources/999_passwd.txt", "content/leaflets/outside.md",
                                   "templates/leaflet.html.j2", "content/figures.yaml"])
def test_a_link_out_of_the_project_is_refused_and_never_read(built_project, tmp_path, opened, where):
    """A link to a file outside (listed with its sha256 or not): exit 2, one line naming it, the file
    never opened, nothing published, the previous output byte for byte."""
    secret = tmp_path / "secret" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    project, before = built_project, snapshot(built_project / "output")
    link = project / where
    if link.exists():
        link.unlink()
    link.symlink_to(secret)
    opened.clear()
    result = build(project)
    assert result.exit_code == 2
    assert result.output == (f"Error: {link}: is a symbolic link to {secret}, outside the project; fanzha reads "
                             f"only the project's own files (copy the file into the project instead)\n")
    assert str(secret) not in opened
    assert snapshot(project / "output") == before


def test_a_linked_folder_out_of_the_project_is_refused(built_project, tmp_path):
    """A link to a folder outside (a folder of leaflets elsewhere) is refused like a file."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "extra.md").write_text("---\ntitle: x\ndate: 2022-01-01\n---\n正文\n", encoding="utf-8")
    (built_project / "content/leaflets/more").symlink_to(outside)
    result = build(built_project)
    assert result.exit_code == 2 and "content/leaflets/more: is a symbolic link to" in result.output


@pytest.mark.parametrize("where", ["content/leaflets/pipe.md", "content/sources/pipe.txt", "templates/pipe.html.j2"])
def test_a_named_pipe_is_refused_at_once(built_project, where):
    """A named pipe (or device) would block the build forever on reading it: refused before any
    work, one line naming it, exit 2, the previous output byte for byte."""
    import subprocess

    project, before = built_project, snapshot(built_project / "output")
    os.mkfifo(project / where)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(project / "content"),
                             "--output", str(project / "output")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{project / where}: is not a regular file (a named pipe, socket or device)" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "output") == before


def test_a_link_inside_the_project_is_followed(tmp_path):
    """A link to another file of the project is fine; one to nowhere is not."""
    (tmp_path / "content").mkdir()
    (tmp_path / "shared.md").write_text("正文")
    (tmp_path / "content/a.md").symlink_to(tmp_path / "shared.md")
    refuse_links_outside([tmp_path / "content"], [tmp_path])
    (tmp_path / "content/b.md").symlink_to(tmp_path / "missing.md")
    with pytest.raises(ConfigError, match=r"content/b.md: is a symbolic link to .*missing.md, which does not exist"):
        refuse_links_outside([tmp_path / "content"], [tmp_path])


@pytest.mark.parametrize("name", ["a\nb.txt", 'say"hi".txt', "a#b.txt", "why?.txt", "a b.txt", "长" * 60 + ".txt"])
def test_a_source_name_that_is_not_a_safe_page_name_is_refused(tmp_path, name):
    """A newline, quotes, # or ? in a source's name, or a name too long for its page, named and refused."""
    with pytest.raises(ConfigError) as error:
        check_source_names([name, "ok.txt"], tmp_path)
    assert error.value.message.count("\n") == 0
    assert f"{tmp_path}/{name if name.isprintable() else repr(name)}: a source's file name" in error.value.message


def test_chinese_source_names_are_fine(tmp_path):
    """Chinese letters, digits, _ and . are safe page names."""
    check_source_names(["公安部_2021.txt", "000_500d0aa563e641de.txt"], tmp_path)


def test_two_sources_with_one_page_name_are_refused_naming_both(tmp_path):
    """dup.txt and dup.md no longer overwrite each other's site page."""
    with pytest.raises(ConfigError, match=rf"{tmp_path}/dup.txt: its site page sources/dup.html would overwrite "
                                          rf"that of {tmp_path}/dup.md; rename one of them"):
        check_source_names(["dup.txt", "dup.md"], tmp_path)


def test_two_products_whose_outputs_collide_are_refused_before_rendering(built_project, monkeypatch):
    """general-public and general-public-trifold both make leaflets/general-public-trifold.html."""
    from generator.rendering import pool

    project, before = built_project, snapshot(built_project / "output")
    leaflets = project / "content/leaflets"
    (leaflets / "general-public-trifold.md").write_bytes((leaflets / "general-public.md").read_bytes())
    monkeypatch.setattr(pool.RenderPool, "_start", lambda self: pytest.fail("rendering started"))
    result = build(project)
    assert result.exit_code == 2
    assert result.output == (f"Error: {leaflets}/general-public.md: would make leaflets/general-public-trifold.html, "
                             f"which {leaflets}/general-public-trifold.md makes too; rename one of them\n")
    assert snapshot(project / "output") == before
