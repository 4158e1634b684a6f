"""What loading remembers: validated files by content hash, item lint, and a disk copy that cannot run code.

:class:`LoadCache` is owned by the caller (the CLI makes one per command, a long-running process keeps
one), never by this module. It holds, per file content hash, the validated model or the problems; per
file and lint context, the item lint problems; and per path, the ``(mtime_ns, size)`` last seen with its
hash, so an unchanged file is not even read (as make and git do).

The disk layer (a warm start of a 10k-item catalog in a new process) is JSON, never pickle: decoding
can only rebuild dates, decimals, tuples and instances of the project's own pydantic models, looked up
by name in a fixed registry — no import, no ``__reduce__``, no code. Each file's model is held as its own
JSON text, kept as read: a save after one file changed encodes that file only. Each file carries a SHA-256 of its
payload (a torn or edited file is ignored) and the fingerprint of the model sources (a new onewindow
never reads old shapes). The small summary file (read on every start) also holds the models of the few
files holding more than items, so a reader of the context alone (``onewindow validate``'s calendar
warning) decodes no item file. It is read only from a directory owned by the current user and writable by
nobody else (``~/.cache/onewindow``, mode 0700): a cache planted by another account is ignored.

Every path on disk is relative to the catalog root (:class:`_Paths`), and so is the catalog's disk key: the
cache ``onewindow validate config`` made at the repository's root serves ``onewindow validate .`` run inside
``config/``, whose problems name the same files as that user typed them (``items/a.yaml``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat as stat_module
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..catalog import CatalogFile
from ..errors import Problem

FORMAT = 5
"""Version of the disk layout; bumped whenever the encoding changes."""


@dataclass(frozen=True)
class FileResult:
    """What validating one file's content gave: the model, or the problems (positions already resolved)."""

    model: BaseModel | None
    problems: tuple[Problem, ...]


Stat = tuple[int, int]
"""(mtime_ns, size) of a file: when both are unchanged the file is not read again."""
LintKey = tuple[str, str, str]
"""(lint context, file as shown, file content hash)."""


class Basis(NamedTuple):
    """What the outcome of a load depends on besides its files' contents (``loader._reusable`` compares them)."""

    shown_root: str
    """The catalog root as problems show it: relative to the working directory when inside it (``.``, ``config``)."""
    files: tuple[str, ...]
    """Every YAML file, relative to the root with ``/``, in the order they are merged."""
    walked: tuple[Problem, ...]
    """What the walk refused (unreadable folders, linked folders, bad file names)."""
    extensions: str
    """Digest of the county's extension schema."""
    linked: bool
    """Some file is a symbolic link."""


Signature = tuple[Basis, tuple[str, ...]]
"""What identifies a load's outcome: its basis and each file's content hash (in ``files`` order)."""


class _Paths:
    """Files as problems show them ⇄ as the disk layer holds them: relative to the catalog root.

    ``""`` stands for the root itself; a name outside the root (none is expected) is kept verbatim behind
    ``\0``. The file a duplicate id was first declared in, named in its message, moves with the rest.
    """

    _FIRST = re.compile("（首次出现在 ([^）]+)）")

    def __init__(self, shown_root: str) -> None:
        self.root = shown_root
        self.prefix = "" if shown_root == "." else shown_root + "/"

    def store(self, shown: str) -> str:
        if shown == self.root:
            return ""
        if shown.startswith(self.prefix):
            return shown[len(self.prefix):]
        return "\0" + shown

    def show(self, stored: str) -> str:
        if not stored:
            return self.root
        if stored[0] == "\0":
            return stored[1:]
        return self.prefix + stored

    def store_problem(self, problem: Problem) -> list[Any]:
        message = problem.message
        if problem.code == "duplicate-id":
            message = self._FIRST.sub(lambda m: f"（首次出现在 {self.store(m.group(1))}）", message)
        return [self.store(problem.file), problem.line, problem.col, problem.field_path, problem.code, message, problem.severity]

    def show_problem(self, stored: Sequence[Any]) -> Problem:
        file, line, col, field_path, code, message, severity = stored
        if code == "duplicate-id":
            message = self._FIRST.sub(lambda m: f"（首次出现在 {self.show(m.group(1))}）", message)
        return Problem(self.show(file), line, col, field_path, code, message, severity)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint() -> str:
    """Hash of the model sources (catalog, conditions, rules): any change to a shape invalidates the disk layer."""
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}|{FORMAT}".encode())
    for folder in ("catalog", "conditions", "rules"):
        for source in sorted((package / folder).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


# --- a JSON encoding of validated models ---------------------------------------------------------------------

def _model_classes() -> dict[str, type[BaseModel]]:
    """Every pydantic model of ``onewindow.runtime`` by qualified name: the only classes decoding may build."""
    import onewindow.runtime.rules.models  # noqa: F401  (registers the rules models)

    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("onewindow.runtime.") and "[" not in sub.__qualname__:
                found[f"{sub.__module__}:{sub.__qualname__}"] = sub
    return found


class _Unencodable(TypeError):
    pass


class Codec:
    """Validated models ⇄ JSON-compatible data, exactly (types, field sets, tuples vs lists)."""

    def __init__(self) -> None:
        self.classes = _model_classes()
        self.names = {cls: name for name, cls in self.classes.items()}
        self.private = {cls: {name: attr.get_default() for name, attr in cls.__private_attributes__.items()}
                        for cls in self.classes.values() if cls.__private_attributes__}
        """Private attributes (a condition's compiled predicate) start from their defaults, as after validation."""

    def encode(self, value: Any) -> Any:
        kind = value.__class__
        if kind is str or kind is int or kind is bool or value is None:
            return value
        if kind is tuple:
            return [self.encode(v) for v in value]
        name = self.names.get(kind)
        if name is not None:
            out = {"$m": name, "$s": sorted(value.__pydantic_fields_set__)}
            for key, field_value in value.__dict__.items():
                out[key] = self.encode(field_value)
            if value.__pydantic_extra__:
                raise _Unencodable("extra fields")
            return out
        if kind is date:
            return {"$date": value.isoformat()}
        if kind is datetime:
            return {"$datetime": value.isoformat()}
        if kind is time:
            return {"$time": value.isoformat()}
        if kind is Decimal:
            return {"$decimal": str(value)}
        if kind is float:
            return {"$float": repr(value)}
        if kind is list:
            return {"$list": [self.encode(v) for v in value]}
        if kind is dict:
            return {"$dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if kind is frozenset:
            return {"$frozenset": [self.encode(v) for v in value]}
        raise _Unencodable(f"cannot cache {kind.__name__}")

    def _hook(self, data: dict[str, Any]) -> Any:
        name = data.get("$m")
        if name is not None:
            cls = self.classes[name]  # KeyError: a name not in the registry — the whole file is ignored
            fields_set = set(data.pop("$s"))
            del data["$m"]
            for key, value in data.items():
                if value.__class__ is list or value.__class__ is _List:
                    data[key] = _field(value)
            obj = cls.__new__(cls)
            object.__setattr__(obj, "__dict__", data)
            object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
            object.__setattr__(obj, "__pydantic_extra__", None)
            private = self.private.get(cls)
            object.__setattr__(obj, "__pydantic_private__", None if private is None else dict(private))
            return obj
        if len(data) == 1:
            (key, value), = data.items()
            if key == "$date":
                return date.fromisoformat(value)
            if key == "$datetime":
                return datetime.fromisoformat(value)
            if key == "$time":
                return time.fromisoformat(value)
            if key == "$decimal":
                return Decimal(value)
            if key == "$float":
                return float(value)
            if key == "$list":
                return _List(value)
            if key == "$dict":
                return {_hashable(k): _field(v) for k, v in value}
            if key == "$frozenset":
                return frozenset(_hashable(v) for v in value)
        raise ValueError("unknown cache object")

    def decode(self, text: str) -> Any:
        return json.loads(text, object_hook=self._hook)


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


class _List(list):  # type: ignore[type-arg]  # holds any JSON value, like the list it replaces
    """A list field value (``$list``), as opposed to a JSON array that stands for a tuple."""


def _field(value: Any) -> Any:
    """JSON arrays are tuples in the models; ``$list`` values stay lists."""
    kind = value.__class__
    if kind is list:
        return tuple(_field(v) for v in value)
    if kind is _List:
        return [_field(v) for v in value]
    return value


# --- the cache object ----------------------------------------------------------------------------------------

def default_cache_dir() -> Path | None:
    """``$ONEWINDOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/onewindow`` (``~/.cache/onewindow``); ``off`` disables it."""
    configured = os.environ.get("ONEWINDOW_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onewindow"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat_module.S_IWGRP | stat_module.S_IWOTH)


class LoadCache:
    """Memory of loads for one owner (a CLI command, a server, a test), with an optional disk layer.

    Args:
        directory: where the disk layer lives (created with mode 0700), or None for memory only.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.files: dict[tuple[str, str], FileResult] = {}
        self.lint: dict[LintKey, tuple[Problem, ...]] = {}
        self.stats: dict[str, tuple[Stat, str]] = {}
        self._loaded: set[str] = set()
        self._on_disk: dict[str, tuple[set[tuple[str, str]], set[LintKey]]] = {}
        self._summaries: dict[str, tuple[Any, ...]] = {}
        """Per catalog root: the last load's outcome as the disk layer holds it (paths relative to the root)."""
        self._contexts: dict[str, list[tuple[str, str]] | None] = {}
        """Per catalog root: the encoded models of the files holding more than items, when every file validated."""
        self._outlines: dict[str, Any] = {}
        self.reports: dict[str, tuple[Any, ...]] = {}
        """Per catalog root: what its last load saw (files and their hashes) and gave — reused when unchanged."""
        self.snapshots: dict[str, Any] = {}
        """Per catalog root: its last complete load, which the next load updates in place (the loader's)."""
        self._codec: Codec | None = None
        self._fingerprint: str | None = None
        self._texts: dict[tuple[str, str], str] = {}
        """Each model's encoded JSON as the disk layer holds it: written again as is, never re-encoded."""

    # memory
    def known_digest(self, path: str, stat: Stat) -> str | None:
        entry = self.stats.get(path)
        return entry[1] if entry is not None and entry[0] == stat else None

    def remember_digest(self, path: str, stat: Stat, digest: str) -> None:
        self.stats[path] = (stat, digest)

    def get(self, shown: str, digest: str) -> FileResult | None:
        return self.files.get((shown, digest))

    def put(self, shown: str, digest: str, result: FileResult) -> None:
        self.files[(shown, digest)] = result

    def clear(self) -> None:
        self.files.clear()
        self.lint.clear()
        self.stats.clear()
        self.reports.clear()
        self.snapshots.clear()
        self._texts.clear()
        self._summaries.clear()
        self._contexts.clear()
        self._outlines.clear()
        self._loaded.clear()

    # disk
    @property
    def codec(self) -> Codec:
        if self._codec is None:
            self._codec = Codec()
        return self._codec

    def _disk_file(self, root: Path, kind: str) -> Path | None:
        if self.directory is None:
            return None
        if self._fingerprint is None:
            self._fingerprint = fingerprint()
        key = hashlib.sha256(f"{root.resolve()}|{self._fingerprint}".encode()).hexdigest()[:24]
        return self.directory / f"catalog-{key}.{kind}.json"

    def _read(self, path: Path | None) -> Any:
        """The decoded payload of one disk file, or None when it is missing, foreign, torn or forged."""
        if path is None or str(path) in self._loaded:
            return None
        self._loaded.add(str(path))
        try:
            if not _private(os.stat(self.directory)):  # type: ignore[arg-type]  # a disk path exists: so does the directory
                return None
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
            try:
                info = os.fstat(fd)
                if not stat_module.S_ISREG(info.st_mode) or not _private(info):
                    return None
                with os.fdopen(fd, "rb", closefd=False) as handle:
                    raw = handle.read()
            finally:
                os.close(fd)
            header, _, payload = raw.partition(b"\n")
            if header != f"onewindow-cache {FORMAT} {self._fingerprint} {hashlib.sha256(payload).hexdigest()}".encode():
                return None
            return self.codec.decode(payload.decode("utf-8"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
            return None

    def load(self, root: Path) -> None:
        """Read ``root``'s summary from disk (once): the stat table and the last load's outcome, no model."""
        data = self._read(self._disk_file(root, "summary"))
        try:
            if data is not None:
                (files, digests, walked, extensions, linked), problems, stat_entries, context, outline = data
                if len(files) != len(digests) or not all(isinstance(f, str) for f in (*files, *digests, extensions)):
                    return
                summary = (tuple(files), tuple(digests), tuple(tuple(p) for p in walked), extensions, linked is True,
                           tuple(tuple(p) for p in problems))
                prefix = os.path.abspath(root) + os.sep
                stats = {prefix + relative: ((mtime, size), digest) for relative, mtime, size, digest in stat_entries}
                key = str(root.resolve())
                self._summaries[key] = summary
                self._contexts[key] = None if context is None else [(stored, text) for stored, text in context]
                self._outlines[key] = outline
                for name, entry in stats.items():
                    self.stats.setdefault(name, entry)
        except (ValueError, TypeError):
            return

    def summary(self, root: Path, shown_root: str) -> tuple[Signature, tuple[Problem, ...]] | None:
        """(signature, problems) of ``root``'s last load as the disk layer recorded it, its files named from
        ``shown_root`` (where the catalog root is as the current load shows it)."""
        data = self._summaries.get(str(root.resolve()))
        if data is None:
            return None
        files, digests, walked, extensions, linked, problems = data
        paths = _Paths(shown_root)
        try:
            basis = Basis(shown_root, files, tuple(paths.show_problem(p) for p in walked), extensions, linked)
            return (basis, digests), tuple(paths.show_problem(p) for p in problems)
        except (ValueError, TypeError):  # a forged problem: as if there were no summary
            return None

    def context_models(self, root: Path, shown_root: str) -> list[tuple[str, CatalogFile]] | None:
        """The models of ``root``'s files holding more than items, decoded from the summary (no item file read),
        or None when the disk layer's last load had a file that failed validation."""
        texts = self._contexts.get(str(root.resolve()))
        if texts is None:
            return None
        paths = _Paths(shown_root)
        try:
            models = [(paths.show(stored), self.codec.decode(text)) for stored, text in texts]
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # forged: as if there were none
            return None
        if any(model.__class__ is not CatalogFile for _, model in models):
            return None
        return models

    def load_models(self, root: Path, shown_root: str) -> None:
        """Merge ``root``'s validated models and lint results from disk into memory (once), named from ``shown_root``."""
        path = self._disk_file(root, "models")
        data = self._read(path)
        if data is None:
            return
        try:
            self._on_disk[str(path)] = self._merge(data, _Paths(shown_root))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # a forged or torn model: ignored
            return

    def _merge(self, data: list[Any], paths: _Paths) -> tuple[set[tuple[str, str]], set[LintKey]]:
        files, lint, texts = {}, {}, {}
        entries, lint_entries = data
        for stored, digest, text, problems in entries:
            model = self.codec.decode(text) if text is not None else None
            if model is not None and self.codec.names.get(model.__class__) is None:
                raise ValueError("not a model")
            key = (paths.show(stored), digest)
            files[key] = FileResult(model, tuple(paths.show_problem(p) for p in problems))
            if text is not None:
                texts[key] = text
        for context, stored, digest, problems in lint_entries:
            lint[(context, paths.show(stored), digest)] = tuple(paths.show_problem(p) for p in problems)
        for key, value in files.items():
            self.files.setdefault(key, value)
        self._texts.update(texts)
        for lint_key, found in lint.items():
            self.lint.setdefault(lint_key, found)
        return set(files), set(lint)

    def saved(self, root: Path, files: dict[tuple[str, str], FileResult], lint: dict[LintKey, tuple[Problem, ...]],
              signature: Signature) -> bool:
        """True when the disk layer of ``root`` already holds exactly this outcome (or there is none)."""
        path = self._disk_file(root, "models")
        if path is None:
            return True
        summary = self.summary(root, signature[0].shown_root)
        return self._on_disk.get(str(path)) == (set(files), set(lint)) and summary is not None and summary[0] == signature

    def save(self, root: Path, files: dict[tuple[str, str], FileResult], lint: dict[LintKey, tuple[Problem, ...]],
             summary: tuple[Signature, tuple[Problem, ...]], context: list[tuple[str, str]] | None = None,
             outline: Any = None) -> None:
        """Write ``root``'s models (when they changed) and summary, each atomically (temp file + rename).

        Files are named as the summary's basis shows them, and stored relative to the root (:class:`_Paths`).
        ``context``: (file as shown, digest) of the files holding more than items, when every file validated —
        their models go into the summary too, so what reads only the context needs no item file.
        ``outline``: what the loader keeps of every item file to update this load without its models (JSON
        arrays and strings only, paths relative to the root; see :meth:`outline`).
        """
        models_path, summary_path = self._disk_file(root, "models"), self._disk_file(root, "summary")
        if models_path is None or summary_path is None:
            return
        paths = _Paths(summary[0][0].shown_root)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # type: ignore[union-attr]  # disk paths: a directory
            if not _private(os.stat(self.directory)):  # type: ignore[arg-type]  # as above
                return
            if self._on_disk.get(str(models_path)) != (set(files), set(lint)):
                entries = []
                texts: dict[tuple[str, str], str] = {}
                for key, result in files.items():
                    text = self._texts.get(key)
                    if text is None and result.model is not None:
                        try:
                            text = _dumps(self.codec.encode(result.model))
                        except _Unencodable:
                            continue
                    if text is not None:
                        texts[key] = text
                    entries.append([paths.store(key[0]), key[1], text, [paths.store_problem(p) for p in result.problems]])
                self._texts = texts  # only what the disk now holds
                self._write(models_path, [entries, [[context, paths.store(shown), digest, [paths.store_problem(p) for p in problems]]
                                                    for (context, shown, digest), problems in lint.items()]])
                self._on_disk[str(models_path)] = (set(files), set(lint))
            context_texts: list[tuple[str, str]] | None = None
            if context is not None:
                context_texts = []
                for key in context:
                    text = self._texts.get(key)
                    try:
                        text = text if text is not None else _dumps(self.codec.encode(files[key].model))
                    except _Unencodable:
                        context_texts = None  # a model that cannot be cached: the reader assembles everything
                        break
                    context_texts.append((paths.store(key[0]), text))
            self._write_summary(root, summary, context_texts, outline)
        except (OSError, ValueError, TypeError):
            return

    def update_summary(self, root: Path, summary: tuple[Signature, tuple[Problem, ...]]) -> None:
        """Write ``root``'s summary alone (stats, outcome), its context models and outline as last read: after
        item files changed without a model being decoded. The models file keeps what it held — an entry for a
        content no longer there is never looked up (entries are keyed by content hash)."""
        if self._disk_file(root, "summary") is None:
            return
        key = str(root.resolve())
        try:
            if _private(os.stat(self.directory)):  # type: ignore[arg-type]  # a disk path exists: so does the directory
                self._write_summary(root, summary, self._contexts.get(key), self._outlines.get(key))
        except (OSError, ValueError, TypeError):
            return

    def _write_summary(self, root: Path, summary: tuple[Signature, tuple[Problem, ...]],
                       context: list[tuple[str, str]] | None, outline: Any) -> None:
        """``context``: (file relative to the root, encoded model) of the files holding more than items."""
        (basis, digests), problems = summary
        paths = _Paths(basis.shown_root)
        prefix = os.path.abspath(root) + os.sep
        stored = (basis.files, digests, tuple(tuple(paths.store_problem(p)) for p in basis.walked), basis.extensions,
                  basis.linked, tuple(tuple(paths.store_problem(p)) for p in problems))
        self._write(self._disk_file(root, "summary"), [  # type: ignore[arg-type]  # callers checked there is a disk layer
            [list(basis.files), list(digests), [list(p) for p in stored[2]], basis.extensions, basis.linked],
            [list(p) for p in stored[5]],
            [[name[len(prefix):], entry[0][0], entry[0][1], entry[1]] for name, entry in self.stats.items() if name.startswith(prefix)],
            None if context is None else [list(entry) for entry in context],
            outline,
        ])
        key = str(root.resolve())
        self._summaries[key], self._contexts[key], self._outlines[key] = stored, context, outline

    def outline(self, root: Path) -> Any:
        """The outline the loader gave with ``root``'s last saved summary (None: none); its paths are relative to
        the root."""
        return self._outlines.get(str(root.resolve()))

    def _write(self, path: Path, value: Any) -> None:
        # an array at the top: every JSON object in the payload is an encoded value
        payload = _dumps(value).encode("utf-8")
        header = f"onewindow-cache {FORMAT} {self._fingerprint} {hashlib.sha256(payload).hexdigest()}\n".encode()
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["Basis", "Codec", "FileResult", "LoadCache", "Signature", "content_hash", "default_cache_dir", "fingerprint"]
