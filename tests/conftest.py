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
    leaflet (general-public) and no briefing to keep builds fast; tests/test_leaflets.py and
    tests/test_briefing.py build the others."""
    import shutil

    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    for leaflet in (tmp_path / "content/leaflets").glob("*.md"):
        if leaflet.name != "general-public.md":
            leaflet.unlink()
    shutil.rmtree(tmp_path / "content/briefings")  # tests/test_briefing.py builds the briefing
    return tmp_path
