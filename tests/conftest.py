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


@pytest.fixture(name="project")
def fixture_project(tmp_path):
    """A copy of the shipped content and templates in a temporary project folder, with one
    leaflet (general-public), no post and no briefing to keep builds fast; the `shipped`
    fixture builds them all, and `post_project` is this with one post."""
    import shutil

    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    for leaflet in (tmp_path / "content/leaflets").glob("*.md"):
        if leaflet.name != "general-public.md":
            leaflet.unlink()
    shutil.rmtree(tmp_path / "content/posts")
    shutil.rmtree(tmp_path / "content/briefings")  # the `shipped` fixture builds the briefing
    return tmp_path


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
