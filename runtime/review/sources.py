"""Where a reviewed catalog comes from: a directory, or a git revision unpacked into a temporary directory.

A pull request is reviewed by comparing two trees, and the working copy of the repository is shared by
other people, so a revision is never checked out in place: ``git archive`` writes the revision's
``config/`` and ``rules/`` into a private temporary directory, which disappears with the context.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import OnewindowError

CATALOG_FOLDER = "config"
RULES_FOLDER = "rules"


class SourceError(OnewindowError):
    """BASE or HEAD is neither a directory nor a revision of the git repository."""

    def __init__(self, spec: str, reason: str) -> None:
        self.spec = spec
        self.reason = reason
        super().__init__(f"{spec}: {reason}")


@dataclass(frozen=True)
class Tree:
    """One side of a comparison: the catalog directory and, when there is one, the rules directory."""

    label: str
    catalog_dir: Path
    rules_dir: Path | None


def tree_of(root: Path, label: str) -> Tree:
    """A repository-shaped folder (``config/`` + ``rules/``) or a bare catalog folder."""
    if (root / CATALOG_FOLDER).is_dir():
        rules = root / RULES_FOLDER
        return Tree(label, root / CATALOG_FOLDER, rules if rules.is_dir() else None)
    return Tree(label, root, None)


def _git(repo: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise SourceError(" ".join(args), done.stderr.decode("utf-8", "replace").strip() or "git 命令失败")
    return done.stdout


def _unpack_revision(repo: Path, revision: str, into: Path) -> None:
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except SourceError:
        raise SourceError(revision, "既不是目录，也不是 git 仓库中的版本") from None
    listed = _git(repo, "ls-tree", "--name-only", commit).decode().split()
    folders = [f for f in (CATALOG_FOLDER, RULES_FOLDER) if f in listed]
    if CATALOG_FOLDER not in folders:
        raise SourceError(revision, f"该版本中没有 {CATALOG_FOLDER}/ 目录")
    archive = _git(repo, "archive", "--format=tar", commit, *folders)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


@contextmanager
def materialise(spec: str, *, repo: Path = Path(".")) -> Iterator[Tree]:
    """Yield the :class:`Tree` named by ``spec``: an existing directory as is, a git revision unpacked."""
    path = Path(spec)
    if path.is_dir():
        yield tree_of(path, spec)
        return
    with tempfile.TemporaryDirectory(prefix="onewindow-rev-") as temp:
        _unpack_revision(repo, spec, Path(temp))
        yield tree_of(Path(temp), spec)


__all__ = ["CATALOG_FOLDER", "RULES_FOLDER", "SourceError", "Tree", "materialise", "tree_of"]
