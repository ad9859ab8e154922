"""`fanzha publish`: the checked site, copied atomically to a folder or committed to a branch.

Publishing re-runs the check on the built output first (the same check as `fanzha check`)
and refuses anything that does not pass, so an output edited after the build, or one whose
build failed, never goes out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator.checking.check import CheckFailed, recheck
from generator.errors import ConfigError
from generator.output.writer import KEEP, write_atomically
from generator.products.outputs import SITE

PUBLISH_MARKER = ".fanzha-site"
"""Marks a folder fanzha published into: it never replaces a folder without one."""


def checked_site(content_dir: Path, output_dir: Path, templates_dir: Path | None = None) -> dict[str, bytes]:
    """The files of output/site after the check passed again: relative path → bytes."""
    site = Path(output_dir) / SITE
    report_path = Path(output_dir) / "check-report.json"
    if not site.is_dir() or not report_path.is_file():
        raise ConfigError(f"{site}: no built site; run fanzha build first")
    if not json.loads(report_path.read_text(encoding="utf-8")).get("ok"):
        raise CheckFailed(f"{report_path}: the last check failed; fix the findings and build again")
    checked, findings = recheck(content_dir, output_dir, templates_dir=templates_dir)
    if findings:
        raise CheckFailed("\n".join([f"the check found {len(findings)} untraced number(s) in {output_dir}:"]
                                    + [str(f) for f in findings] + ["nothing was published"]))
    files = {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}
    _refuse_changed_edition_copies(files, Path(output_dir))
    return files


def _refuse_changed_edition_copies(files: dict[str, bytes], output_dir: Path) -> None:
    """The site holds each other edition at editions/NAME/, a copy of output/editions/NAME/site/,
    which the check read: a copy that differs from it was not checked and is not published."""
    for path, data in files.items():
        parts = path.split("/", 2)
        if len(parts) == 3 and parts[0] == "editions":
            checked = output_dir / "editions" / parts[1] / SITE / parts[2]
            if not checked.is_file() or checked.read_bytes() != data:
                raise CheckFailed(f"{output_dir / SITE / path}: differs from {checked}, which the check read; "
                                  f"build again; nothing was published")


def publish_to_folder(files: dict[str, bytes], target: Path, keep: Iterable[str] = ()) -> None:
    """Swap the site into `target` atomically, keeping its .git, CNAME, .nojekyll and `keep`;
    refuse a folder holding anything else fanzha did not publish."""
    write_atomically(Path(target), files, marker="published by fanzha\n", marker_name=PUBLISH_MARKER, keep=keep)


def publish_to_branch(files: dict[str, bytes], branch: str, remote: str, keep: Iterable[str] = ()) -> str | None:
    """Commit the site as the whole tree of `branch` in `remote` and push it; the new commit's
    id, or None when the branch already holds exactly this site. The branch's CNAME (a Pages
    domain, which GitHub writes into the branch) and the paths of `keep` stay as they are."""
    _git_ok("check-ref-format", "--branch", branch, error=f"{branch!r} is not a valid branch name")
    with tempfile.TemporaryDirectory(prefix="fanzha-publish-") as work:
        git = _git_in(Path(work))
        git("init", "-q")
        exists = git("ls-remote", "--heads", remote, branch).strip() != ""
        if exists:
            git("fetch", "-q", "--depth", "1", remote, branch)
            git("checkout", "-q", "-B", branch, "FETCH_HEAD")
        else:
            git("checkout", "-q", "--orphan", branch)
        kept = {".git", *KEEP, *keep}
        for child in Path(work).iterdir():
            if child.name not in kept:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        for relative, data in {**files, ".nojekyll": b""}.items():
            path = Path(work) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        git("add", "-A")
        if exists and not git("status", "--porcelain").strip():
            return None
        git("commit", "-q", "-m", f"Publish the checked site ({len(files)} files)")
        git("push", "-q", remote, f"HEAD:refs/heads/{branch}")
        return git("rev-parse", "HEAD").strip()


_IDENTITY = {"GIT_AUTHOR_NAME": "fanzha", "GIT_AUTHOR_EMAIL": "fanzha@localhost",
             "GIT_COMMITTER_NAME": "fanzha", "GIT_COMMITTER_EMAIL": "fanzha@localhost"}


def _git_in(folder: Path):
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                                env={**os.environ, **_IDENTITY})
        if result.returncode != 0:
            raise ConfigError(f"git {' '.join(args[:2])} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout
    return git


def _git_ok(*args: str, error: str) -> None:
    if subprocess.run(["git", *args], capture_output=True).returncode != 0:
        raise ConfigError(error)


def project_repository(project_root: Path) -> str:
    """The git repository the project lives in, as the default remote for --git-branch."""
    result = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=project_root, capture_output=True, text=True)
    if result.returncode != 0:
        raise ConfigError(f"{project_root}: not inside a git repository; give --remote URL")
    return result.stdout.strip()
