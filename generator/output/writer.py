"""Writing the output: a new tree swapped in place of the old in one step, under a lock.

The build and `fanzha publish --to` both write through here. Files are written into a fresh
directory beside the target, which replaces the target only when everything was written, so a
failed or interrupted write leaves the previous tree as it was. A non-empty directory fanzha
did not make (no marker file) is never replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.errors import ConfigError
from generator.output.memory import MARKER


def write_atomically(output_dir: Path, files: Mapping[str, str | bytes], *, marker: str = "{}\n",
                       marker_name: str = MARKER) -> None:
    """Write `files` into a new directory, then swap it in place of output_dir.

    Refuses to replace a non-empty directory that fanzha did not make (no marker file),
    and holds a lock so that two builds never publish into the same place at once.
    """
    output_dir = Path(output_dir)
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        raise ConfigError(f"{output_dir}: is not a directory fanzha can publish into")
    if output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / marker_name).exists():
        raise ConfigError(f"{output_dir}: exists and was not made by fanzha (no {marker_name}); "
                          f"refusing to replace it — choose another folder or empty it yourself")
    with _lock(parent / f".{output_dir.name}.lock"):
        _swap_in(output_dir, {**files, marker_name: marker})


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock: a second build says so and stops."""
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"another fanzha build is publishing next to {path.parent} right now; "
                              f"wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _swap_in(output_dir: Path, files: Mapping[str, str | bytes]) -> None:
    parent = output_dir.parent
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-new-", dir=parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the output is meant to be published
    try:
        for relative, content in files.items():
            target = (staging / relative).resolve()
            if staging.resolve() not in target.parents:
                raise ValueError(f"refusing to write outside the output directory: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        old = None
        if output_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-old-", dir=parent))
            os.rename(output_dir, old / "previous")
        os.rename(staging, output_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
