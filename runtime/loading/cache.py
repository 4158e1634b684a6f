"""Parse/validation cache keyed by file content hash: an unchanged file is never parsed twice.

Two layers: a process-wide dict (an edit to one file re-validates only that file), and an optional
pickle on disk (a warm start of a 10k-item catalog). The disk key includes a fingerprint of the models,
so a new onewindow version never reads stale shapes.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..catalog import CatalogFile
from ..errors import Problem


@dataclass(frozen=True)
class FileResult:
    """What validating one file's content gave: the model, or the problems (positions already resolved)."""

    model: CatalogFile | None
    problems: tuple[Problem, ...]


_MEMORY: dict[tuple[str, str], FileResult] = {}
_MEMORY_LIMIT = 200_000


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fingerprint() -> str:
    """Hash of the model sources (catalog + conditions): any change to a shape invalidates the disk cache.

    Hashing the source files costs ~1 ms; building the JSON Schema of every model cost ~1 s per process.
    """
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for folder in ("catalog", "conditions"):
        for source in sorted((package / folder).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


_FINGERPRINT: str | None = None


def fingerprint() -> str:
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = _fingerprint()
    return _FINGERPRINT


def memory_get(file: str, digest: str) -> FileResult | None:
    return _MEMORY.get((file, digest))


def memory_put(file: str, digest: str, result: FileResult) -> None:
    if len(_MEMORY) >= _MEMORY_LIMIT:
        _MEMORY.clear()
    _MEMORY[(file, digest)] = result


_LINT: dict[tuple[str, ...], tuple[Problem, ...]] = {}
_LINT_LIMIT = 200_000


def lint_get(key: tuple[str, ...]) -> tuple[Problem, ...] | None:
    """Lint problems of one file's items already checked in this process in the same context."""
    return _LINT.get(key)


def lint_put(key: tuple[str, ...], problems: tuple[Problem, ...]) -> None:
    if len(_LINT) >= _LINT_LIMIT:
        _LINT.clear()
    _LINT[key] = problems


def clear_memory() -> None:
    _MEMORY.clear()
    _STATS.clear()
    _LINT.clear()


def default_cache_dir() -> Path | None:
    """``$ONEWINDOW_CACHE_DIR``, else ``~/.cache/onewindow``; ``ONEWINDOW_CACHE_DIR=off`` disables the disk layer."""
    configured = os.environ.get("ONEWINDOW_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "onewindow"


def _disk_file(cache_dir: Path, root: Path) -> Path:
    key = hashlib.sha256(f"{root.resolve()}|{fingerprint()}".encode()).hexdigest()[:24]
    return cache_dir / f"catalog-{key}.pickle"


Stat = tuple[int, int]
"""(mtime_ns, size) of a file: when both are unchanged the file is not read again (as make and git do)."""

_STATS: dict[str, tuple[Stat, str]] = {}


def known_digest(path: str, stat: Stat) -> str | None:
    """The content hash recorded for ``path`` (absolute) when its stat is unchanged, else None (read it)."""
    entry = _STATS.get(path)
    return entry[1] if entry is not None and entry[0] == stat else None


def remember_digest(path: str, stat: Stat, digest: str) -> None:
    _STATS[path] = (stat, digest)


def disk_load(cache_dir: Path | None, root: Path) -> dict[tuple[str, str], FileResult]:
    """File results from the disk cache (and the stat → digest table, merged into memory)."""
    if cache_dir is None:
        return {}
    path = _disk_file(cache_dir, root)
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], dict) and isinstance(loaded[1], dict)):
        return {}
    entries, stats = loaded
    for name, entry in stats.items():
        _STATS.setdefault(name, entry)
    return entries


def disk_save(cache_dir: Path | None, root: Path, entries: dict[tuple[str, str], FileResult]) -> None:
    """Write atomically (temp file + rename): a crash never leaves a half-written cache."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = _disk_file(cache_dir, root)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as handle:
            prefix = str(root.resolve())
            stats = {name: entry for name, entry in _STATS.items() if name.startswith(prefix)}
            pickle.dump((entries, stats), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        return


__all__ = ["FileResult", "clear_memory", "content_hash", "default_cache_dir", "disk_load", "disk_save", "fingerprint", "lint_get", "lint_put", "memory_get", "memory_put"]
