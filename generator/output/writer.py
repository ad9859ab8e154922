"""Writing the output: a new tree exchanged with the old in one step, under a lock held throughout.

The build and `fanzha publish --to` both write through here. An OutputTree is opened when the
work starts: it takes the lock (a second build stops at once, naming the first one's PID),
repairs what a killed run left, refuses a tree holding files fanzha did not make, and makes
the staging folder beside the target, so that an unwritable place is found before anything
is rendered. At the end, the files are written into the staging folder, the files the user
keeps (.git, CNAME, .nojekyll and [build] keep) are moved into it, and it is exchanged with
the target in one step.

Why an exchange: Linux's renameat2(RENAME_EXCHANGE) swaps two directory entries atomically,
so the target is always a real directory holding either the whole old tree or the whole new
one (a reader never finds it missing or half written), and its path and what points into it
stay as they were. A symlink switched by one rename is atomic too, but it would make output/
a link, which tools that copy, serve or watch it must be told to follow. Where the file system
cannot exchange (EINVAL, ENOSYS), the target is renamed aside and the new tree renamed in:
a kill between the two leaves no target, and the next run puts the old tree back. Leftovers
of a killed run (the staging folder, an old tree) are named `.NAME.fanzha-…` beside the target
and removed by the next run, after any kept file in them is moved back.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.errors import ConfigError
from generator.output.memory import MARKER

LISTING = ".fanzha-files"
"""In every tree fanzha writes: the path of every file it wrote, one a line. A later run replaces
those and refuses to replace anything else that is not kept."""
KEEP = (".git", "CNAME", ".nojekyll")
"""What is always carried over from the old tree to the new (a git checkout, a Pages domain)."""
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputTree:
    """The target directory while a run writes it. Use it in a with; write() replaces the tree."""

    def __init__(self, target: Path, *, marker_name: str = MARKER, keep: Iterable[str] = ()):
        self.target = Path(target)
        self.parent = self.target.parent
        self.marker_name = marker_name
        self.keep = tuple(dict.fromkeys([*KEEP, *keep]))
        self.prefix = f".{self.target.name}.fanzha-"
        self.staging: Path | None = None
        self._lock: int | None = None

    def __enter__(self) -> OutputTree:
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _unwritable(self.parent, exc) from None
        self._lock = _take_lock(self.parent / f".{self.target.name}.lock", self.target)
        try:
            self._recover()
            self._refuse_foreign()
            self.staging = self._make_staging()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            if self.staging is not None:  # stopped before the exchange: as the next run would, put
                self.staging = None       # back what was moved and remove the staging folder
                with contextlib.suppress(Exception):
                    self._recover()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            _release_lock(self._lock)
            self._lock = None

    # --- before the work -------------------------------------------------------------------

    def _leftovers(self) -> list[Path]:
        """What killed runs left beside the target (also the older `.NAME-new-…` staging folders)."""
        prefixes = (self.prefix, f".{self.target.name}-new-", f".{self.target.name}-old-")
        return sorted(p for p in self.parent.iterdir()
                      if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink())

    def _recover(self) -> None:
        """Put back an old tree a kill left aside, move kept files back, and remove the leftovers."""
        leftovers = self._leftovers()
        if not os.path.lexists(self.target):
            olds = [tree for p in leftovers if "old-" in p.name
                    for tree in (p, p / "previous") if (tree / self.marker_name).is_file()]
            if olds:  # the newest old tree; `previous` inside: left by an older fanzha
                os.rename(max(olds, key=lambda p: p.stat().st_mtime), self.target)
                leftovers = self._leftovers()
        for leftover in leftovers:
            for kept in self.keep:
                if os.path.lexists(leftover / kept) and not os.path.lexists(self.target / kept):
                    (self.target / kept).parent.mkdir(parents=True, exist_ok=True)
                    os.rename(leftover / kept, self.target / kept)
            stuck = [k for k in self.keep if os.path.lexists(leftover / k)]
            if stuck:
                raise ConfigError(f"{leftover}: left by a stopped run, holds {stuck[0]}, which {self.target} "
                                  f"also has; look at both and remove the one you do not need")
            shutil.rmtree(leftover, ignore_errors=True)

    def _made(self) -> set[str] | None:
        """The files the last run wrote into the target (None when it did not say: an older fanzha)."""
        try:
            return set((self.target / LISTING).read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError):
            return None

    def _kept(self, relative: str) -> bool:
        return any(relative == k or relative.startswith(k + "/") for k in self.keep)

    def _refuse_foreign(self) -> None:
        """Refuse, before any work, a target holding anything fanzha did not make and is not kept."""
        if not os.path.lexists(self.target):
            return
        if self.target.is_symlink() or not self.target.is_dir():
            raise ConfigError(f"{self.target}: is not a directory fanzha can write into "
                              f"({'a symbolic link' if self.target.is_symlink() else 'a file'})")
        made = self._made()
        ours = (self.target / self.marker_name).is_file()
        made_dirs = {str(Path(p).parent) for p in made or ()}
        made_dirs |= {str(parent) for d in list(made_dirs) for parent in Path(d).parents}
        foreign = []
        for folder, dirs, names in os.walk(self.target):
            here = Path(folder).relative_to(self.target)
            dirs[:] = [d for d in dirs if not self._kept(str(here / d))]
            for name in sorted(names) + [d for d in dirs if os.path.islink(Path(folder) / d)]:
                relative = str(here / name)
                if self._kept(relative) or (made is None and ours) or (made is not None and relative in made):
                    continue
                foreign.append(relative)
            unlisted = str(here) not in made_dirs if made is not None else not ours
            if here != Path(".") and not names and not dirs and unlisted:
                foreign.append(str(here) + "/")
        if foreign:
            more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
            raise ConfigError(f"{self.target / foreign[0]}{more}: was not made by fanzha, which never deletes "
                              f"what it did not make; move it away, or list it under [build] keep in fanzha.toml "
                              f"to keep it in {self.target}")

    def _make_staging(self) -> Path:
        """The folder the new tree is written into, made now: an unwritable place stops the run here."""
        if self.target.is_dir() and not os.access(self.target, os.W_OK):
            raise _unwritable(self.target, OSError(errno.EACCES, os.strerror(errno.EACCES)))
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{self.prefix}new-", dir=self.parent))
            staging.chmod(0o755)  # mkdtemp makes it private; the output is meant to be published
        except OSError as exc:
            raise _unwritable(self.parent, exc) from None
        return staging

    # --- at the end ------------------------------------------------------------------------

    def write(self, files: Mapping[str, str | bytes], marker: str = "{}\n") -> None:
        """Write `files` (relative path → text or bytes) and replace the target with them in one step."""
        assert self.staging is not None, "OutputTree.write() outside its with"
        staging = self.staging
        for kept in self.keep:
            if kept in files or any(path.startswith(kept + "/") for path in files):
                raise ConfigError(f"{self.target / kept}: is kept ([build] keep in fanzha.toml), but fanzha writes it")
        every = {**files, self.marker_name: marker}
        every[LISTING] = "".join(f"{path}\n" for path in sorted([*every, LISTING]))
        first: dict[int, str] = {}  # a file's bytes, by identity: where they were written first
        for relative, content in every.items():
            if isinstance(content, bytes) and len(content) >= LINK_FROM and id(content) in first:
                _link_file(staging, first[id(content)], relative, content, self.target)
                continue
            _write_file(staging, relative, content, self.target)
            if isinstance(content, bytes):
                first.setdefault(id(content), relative)
        moved = self._carry_kept(staging)
        try:
            self._exchange(staging)
        except BaseException as exc:
            for kept in moved:  # the old tree stays: give it back what was moved out of it
                with contextlib.suppress(OSError):
                    os.rename(staging / kept, self.target / kept)
            if isinstance(exc, OSError):
                raise ConfigError(f"{self.target}: could not be replaced by the new output ({exc.strerror or exc}); "
                                  f"the previous output is as it was") from None
            raise

    def _carry_kept(self, staging: Path) -> list[str]:
        """Move the kept files from the old tree into the new (a rename each: no copy of .git)."""
        moved = []
        for kept in self.keep:
            if os.path.lexists(self.target / kept):
                (staging / kept).parent.mkdir(parents=True, exist_ok=True)
                os.rename(self.target / kept, staging / kept)
                moved.append(kept)
        return moved

    def _exchange(self, staging: Path) -> None:
        """Put the new tree in place of the old in one step; remove the old."""
        if not os.path.lexists(self.target):
            os.rename(staging, self.target)
        elif _rename_exchange(staging, self.target):
            pass  # the old tree is now where the staging folder was
        else:
            old = Path(tempfile.mkdtemp(prefix=f"{self.prefix}old-", dir=self.parent))
            os.rename(self.target, old)  # replaces the empty folder in one step
            os.rename(staging, self.target)
            staging = old
        self.staging = None
        shutil.rmtree(staging, ignore_errors=True)  # what a kill leaves here, the next run removes


def write_atomically(output_dir: Path, files: Mapping[str, str | bytes], *, marker: str = "{}\n",
                     marker_name: str = MARKER, keep: Iterable[str] = ()) -> None:
    """Write `files` into a new tree and exchange it with output_dir, in one call (under the lock)."""
    with OutputTree(Path(output_dir), marker_name=marker_name, keep=keep) as tree:
        tree.write(files, marker)


def refuse_if_locked(target: Path) -> None:
    """Stop at once when another run holds the target's lock (before the slow imports of a build;
    the build itself takes the lock when it starts)."""
    lock = Path(target).parent / f".{Path(target).name}.lock"
    if lock.is_file():
        _release_lock(_take_lock(lock, Path(target)))  # free: the build takes it again when it starts


def _take_lock(path: Path, target: Path) -> int:
    """An exclusive, non-blocking lock with the holder's PID in it: a second run says whose it is and stops."""
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise _unwritable(path.parent, exc) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(handle)
        raise ConfigError(f"{path}: another fanzha build (PID {holder}) is writing {target} right now; "
                          f"wait for it to finish") from None
    os.ftruncate(handle, 0)
    os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
    return handle


def _release_lock(handle: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(handle, 0)  # no PID in a free lock
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)


def _rename_exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # a C library without it
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


LINK_FROM = 4096
"""Bytes the tree holds twice (a PDF in leaflets/ and in site/leaflets/, an edition's in its
folder and in the site) are written once and hard-linked from the second place, when they are at
least this long: an output of a city's eleven editions is about 670 MB, half of it such copies,
and writing it was the build's last 6 s. Where the file system cannot link, the copy is written."""


def _link_file(staging: Path, existing: str, relative: str, content: bytes, target: Path) -> None:
    """`relative` as a hard link to `existing` (the same bytes), or written where links fail."""
    path = staging / relative
    if ".." in Path(relative).parts or Path(relative).is_absolute():
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.link(staging / existing, path)
    except OSError:
        _write_file(staging, relative, content, target)


def _write_file(staging: Path, relative: str, content: str | bytes, target: Path) -> None:
    """One file of the new tree; a full disk, a name too long or any other fault names the file."""
    path = staging / relative
    if ".." in Path(relative).parts or Path(relative).is_absolute():
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{target / relative}: cannot be written: {exc.strerror or exc}; "
                          f"nothing was replaced") from None


def _unwritable(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(f"{path}: cannot be written: {exc.strerror or exc}; nothing was rendered or replaced")
