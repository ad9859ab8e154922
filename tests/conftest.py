"""Shared fixtures: the repository's paths and a small project maker."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
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
