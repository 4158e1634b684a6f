"""Directory → :class:`Catalog`, or every problem in the whole tree at once.

Path of a load: find ``*.yaml`` → hash each file → cache hit, or C-parse + strict pydantic validation
(positions from a round-trip re-parse only when the file has problems) → merge sections, recording
where each entity came from → county extension fields checked with jsonschema → cross-reference lint →
problems sorted by file and line. The catalog's ``revision`` is a hash of every file's content.
"""
from __future__ import annotations

import hashlib
import os
import stat as stat_module
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog, CatalogFile, Item, Origin
from ..catalog.assembly import CatalogAssembly
from ..errors import ConfigError, Problem
from ..facts import base_env
from ..lint import Finding, Prerequisites, catalog_findings, catalog_inputs, lint_items
from .cache import Basis, FileResult, LintKey, LoadCache, Signature, Stat, content_hash, default_cache_dir
from .extensions import ExtensionSchema
from .messages import field_path, relevant_errors, translate, yaml_loc
from .yaml_source import MAX_BYTES, locate, parse, position_tree

MAX_PROBLEMS_PER_FILE = 100
"""Validation problems listed per file; the rest are counted in one last problem (a generated file with
200,000 bad entries is reported in a second, not a minute)."""


@dataclass
class LoadReport:
    """Outcome of checking a catalog directory: the catalog (None when unusable) and every problem.

    ``catalog`` and ``assembled`` may be built on first access: when nothing changed since the disk
    layer's last load, the problems come from it and the models are decoded only if someone asks
    (``onewindow validate`` never does).
    """

    root: Path
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    parsed: int = 0
    relative: dict[str, str] = field(default_factory=dict)
    """Each file as shown → its path relative to ``root`` (``/``-separated)."""
    documents: dict[str, Any] = field(default_factory=dict)
    """Parsed YAML of the files parsed by this load, when asked for (``db import`` parses each file once)."""
    _built: tuple[Catalog | None, Catalog | None] | None = field(default=(None, None), repr=False)
    _build: Callable[[], tuple[Catalog | None, Catalog | None]] | None = field(default=None, repr=False)
    _context: Callable[[], Catalog | None] | None = field(default=None, repr=False)

    def _catalogs(self) -> tuple[Catalog | None, Catalog | None]:
        if self._built is None:
            assert self._build is not None
            self._built, self._build = self._build(), None
        return self._built

    @property
    def catalog(self) -> Catalog | None:
        """The checked catalog, or None when it has errors."""
        return self._catalogs()[0]

    @property
    def assembled(self) -> Catalog | None:
        """The catalog even when the lint found errors, as long as every file validated: review tools (diff,
        impact) must be able to read a pull request that, say, cites a repealed document."""
        return self._catalogs()[1]

    @property
    def context(self) -> Catalog | None:
        """What a reader of the context only (centre, calendar, departments, …; no item) needs: ``assembled``,
        or — when the problems came from the disk layer and no catalog was built — the files holding more
        than items assembled alone, without decoding a single item file (``onewindow validate``'s calendar
        warning). None whenever ``assembled`` is."""
        if self._built is None and self._context is not None:
            return self._context()
        return self.assembled

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def display_path(path: Path) -> str:
    """Path as the user should read it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _walk(root: Path, problems: list[Problem] | None, folders: dict[str, int] | None = None) -> list[tuple[str, bool]]:
    """(path relative to ``root`` with ``/``, is a symbolic link?) of every ``*.yaml``, sorted by path parts.

    Hidden folders and files are skipped; directories are never followed through symbolic links. What
    cannot be walked — an unreadable folder, a linked folder, a file name that is not UTF-8 or holds
    control characters — is added to ``problems``. ``os.scandir`` gives names and link flags without a
    system call per file, and no Path object is made: at 10k files that is most of a warm load.
    ``folders`` receives each folder listed with its modification time, taken before the listing.
    """
    found: list[tuple[str, bool]] = []
    shown_root = display_path(root)

    def refuse(relative: str, code: str, message: str) -> None:
        if problems is not None:
            shown = relative if shown_root == "." else os.path.join(shown_root, relative)
            problems.append(Problem(_printable(shown), 0, 0, "", code, message))

    pending = [""]
    base = str(root)
    while pending:
        folder = pending.pop()
        path = os.path.join(base, folder) if folder else base
        try:
            if folders is not None:
                folders[os.path.abspath(path)] = os.stat(path).st_mtime_ns
            with os.scandir(path) as entries:
                listed = list(entries)
        except OSError as exc:
            refuse(folder or ".", "unreadable", f"无法读取目录：{exc.strerror or exc}")
            continue
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            relative = f"{folder}/{name}" if folder else name
            try:
                link = entry.is_symlink()
                is_dir = not link and entry.is_dir(follow_symlinks=False)
            except OSError:
                link, is_dir = False, False
            if is_dir:
                pending.append(relative)
            elif not name.endswith(YAML_SUFFIXES):
                if link and os.path.isdir(entry.path):
                    refuse(relative, "symlink", "目录是符号链接，未读取（目录中的文件须真实存在于目录树内）")
            elif not _printable_name(name):
                refuse(relative, "file-name", "文件名含非 UTF-8 字节或控制字符（如换行），请改名")
            else:
                found.append((relative, link))
    found.sort(key=lambda entry: entry[0].split("/"))
    return found


YAML_SUFFIXES = (".yaml", ".yml")
"""What every reader of the repository treats as YAML: the loader, the rules, scenarios, fmt and impact."""


def catalog_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` under ``root`` in a stable order (see :func:`_walk`) — the one walker
    of the repository's YAML."""
    return [root / relative for relative, _ in _walk(root, problems)]


def _printable_name(name: str) -> bool:
    """No control characters and no undecodable bytes (``os.fsdecode`` makes those lone surrogates, which
    are not printable either)."""
    return name.isprintable()


def _printable(text: str) -> str:
    """A path safe to print in one line (surrogate-escaped bytes and control characters replaced)."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


_OS_MESSAGES = {
    "ENOENT": "文件不存在（可能是失效的符号链接）",
    "ELOOP": "符号链接循环",
    "EACCES": "没有读取权限",
    "EISDIR": "是目录，不是文件",
}


def _os_problem(error: OSError) -> _Refused:
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _Refused("unreadable", f"无法读取文件：{_OS_MESSAGES.get(name, error.strerror or str(error))}")


def _checked_stat(path: str, root: str | None, link: bool) -> os.stat_result:
    """The stat of a file fit to read, or :class:`_Refused`.

    A symbolic link must resolve inside ``root``; the target must be a regular file (a FIFO would block
    the read forever, ``/dev/zero`` never ends) no larger than :data:`MAX_BYTES`.
    """
    if link and root is not None:
        target = os.path.realpath(path)
        if os.path.commonpath([target, root]) != root:
            raise _Refused("symlink", "符号链接指向目录树之外，已拒绝")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _os_problem(exc) from None
    _check_kind(info)
    return info


def _check_kind(info: os.stat_result) -> None:
    if not stat_module.S_ISREG(info.st_mode):
        raise _Refused("not-a-file", "不是普通文件（管道、设备或套接字），已拒绝")
    if info.st_size > MAX_BYTES:
        raise _Refused("file-too-large", f"文件过大（超过 {MAX_BYTES // (1024 * 1024)} MB），请拆分为多个文件")


def _open_checked(path: str) -> int:
    """Open for reading without blocking, and check again what was opened (it may have been swapped)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _os_problem(exc) from None
    try:
        _check_kind(os.fstat(fd))
    except _Refused:
        os.close(fd)
        raise
    return fd


def _read(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _validation_problems(file: str, text: str, error: ValidationError) -> tuple[Problem, ...]:
    tree = position_tree(text)
    problems = []
    errors = relevant_errors(error.errors(include_url=False))
    for item in errors[:MAX_PROBLEMS_PER_FILE]:
        loc = yaml_loc(tuple(item["loc"]))
        line, col = locate(tree, loc)
        problems.append(Problem(file, line, col, field_path(loc), item["type"].replace("_", "-"), translate(item)))
    if len(errors) > MAX_PROBLEMS_PER_FILE:
        problems.append(Problem(file, problems[-1].line, problems[-1].col, "", "too-many-problems",
                                f"另有 {len(errors) - MAX_PROBLEMS_PER_FILE} 个问题未列出（每个文件最多列出 {MAX_PROBLEMS_PER_FILE} 个）"))
    return tuple(problems)


def load_file(path: Path | str, shown: str, cache: LoadCache, fresh: dict[tuple[str, str], FileResult],
              model: type[BaseModel] = CatalogFile, *, root: str | None = None, link: bool = True,
              documents: dict[str, Any] | None = None, info: os.stat_result | None = None) -> tuple[FileResult, bool, str]:
    """Validate one file as ``model``, from ``cache`` when its content was seen before.

    Shared by catalog and rules loading. Returns (result, parsed?, digest); an unreadable file is a
    problem at the file (digest ``""``), never an exception. ``root`` (resolved) refuses symbolic links
    that leave the tree (``link``: the path may be one); ``documents`` receives the parsed YAML of a file
    parsed here; ``info`` is the file's stat when the caller just took it (a plain file, not a link).
    """
    absolute = path if isinstance(path, str) and os.path.isabs(path) else os.path.abspath(path)
    try:
        if info is None:
            info = _checked_stat(absolute, root, link)
        else:
            _check_kind(info)
        stat = (info.st_mtime_ns, info.st_size)
        digest = cache.known_digest(absolute, stat) if documents is None else None
        if digest is not None:
            hit = cache.get(shown, digest)
            if hit is not None:
                fresh[(shown, digest)] = hit
                return hit, False, digest
        data = _read(_open_checked(absolute))
    except _Refused as refused:
        return FileResult(None, (Problem(shown, 1, 1, "", refused.code, refused.message),)), False, ""
    except OSError as exc:
        return FileResult(None, (Problem(shown, 1, 1, "", "unreadable", _os_problem(exc).message),)), False, ""
    digest = content_hash(data)
    cache.remember_digest(absolute, stat, digest)
    key = (shown, digest)
    hit = cache.get(shown, digest)
    if hit is not None and documents is None:
        fresh[key] = hit
        return hit, False, digest
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result = FileResult(None, (Problem(shown, 1, 1, "", "encoding", f"文件不是 UTF-8 编码（字节 {exc.start}）"),))
    else:
        parsed, problem = parse(text, shown)
        if problem is not None:
            result = FileResult(None, (problem,))
        elif parsed is None:
            result = FileResult(model(), ())
        elif not isinstance(parsed, dict):
            result = FileResult(None, (Problem(shown, 1, 1, "", "not-a-mapping", "文件顶层必须是映射（centre / items / … 等段落）"),))
        else:
            if documents is not None:
                documents[shown] = parsed
            if hit is not None:
                result = hit
            else:
                try:
                    result = FileResult(model.model_validate(parsed), ())
                except ValidationError as exc:
                    result = FileResult(None, _validation_problems(shown, text, exc))
    cache.put(shown, digest, result)
    fresh[key] = result
    return result, True, digest


def _revision(entries: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for relative, content in sorted(entries):
        digest.update(f"{relative}\0{content}\n".encode())
    return digest.hexdigest()[:16]


def _pending(catalog: Catalog, findings: Iterable[Finding]) -> list[Finding]:
    """Lint findings about entities, placed on the file origin of each entity."""
    out = []
    for finding in findings:
        origin = catalog.locate(finding.subject)
        if origin is not None:
            out.append(finding._replace(subject=origin))
    return out


_ITEMS_ONLY = frozenset({"items"})


def _items_only(model: CatalogFile) -> bool:
    """A file that wrote no section besides items (its edits leave the lint context unchanged)."""
    return model.__pydantic_fields_set__ <= _ITEMS_ONLY


@dataclass
class _Lint:
    """The lint of one load, in the parts a later load may reuse."""

    context_key: str
    context: list[Problem]
    """Findings of the catalog checks that read only the context (:data:`CONTEXT_CHECKS`)."""
    catalog: list[Problem]
    """Findings of the other catalog checks (they read items)."""
    files: dict[str, tuple[Problem, ...]]
    """Item lint per file holding items."""
    extensions: ExtensionSchema
    prerequisites: Prerequisites


def _context_key(root_path: Path, extensions: ExtensionSchema, models: list[tuple[str, CatalogFile]],
                 digests: Mapping[str, str], relative: Mapping[str, str], catalog: Catalog) -> str:
    """The lint context, named relative to the catalog root: the same from any working directory."""
    context = hashlib.sha256()
    context.update(f"{root_path.resolve()}\0{extensions.digest}\0".encode())
    for shown, model in models:
        if not _items_only(model):
            context.update(f"{relative[shown]}\0{digests[shown]}\n".encode())
    context.update("\0".join(sorted(catalog.item_versions)).encode())
    return context.hexdigest()


def _lint(root_path: Path, catalog: Catalog, models: list[tuple[str, CatalogFile]], digests: dict[str, str],
          relative: Mapping[str, str], texts: Mapping[str, str | Path], cache: LoadCache,
          used: dict[LintKey, tuple[Problem, ...]]) -> _Lint:
    """Catalog-wide checks every time; item checks per file, cached while the file and its context are unchanged.

    An item's lint depends on its own file and on the *context*: every file holding non-item sections,
    the set of item codes and the extension schema (the key of a file's entry adds the file as shown, as its
    problems name it). An edit to one item file
    therefore re-lints that file only. ``used`` receives the item lint entries of this load (for the disk).
    """
    extensions = ExtensionSchema(root_path)
    context_key = _context_key(root_path, extensions, models, digests, relative, catalog)
    prerequisites = Prerequisites()
    result = _Lint(context_key, resolve_positions(_pending(catalog, catalog_findings(catalog, items=False)), texts),
                   _item_reading(catalog, texts, prerequisites), {}, extensions, prerequisites)
    env = None
    for shown, model in models:
        if not model.items:
            continue
        key = (context_key, shown, digests[shown])
        cached = cache.lint.get(key)
        if cached is None:
            env = env if env is not None else base_env(catalog)
            cached = _lint_file(catalog, model, extensions, texts, env)
            cache.lint[key] = cached
        used[key] = cached
        result.files[shown] = cached
    return result


def _item_reading(catalog: Catalog, texts: Mapping[str, str | Path], prerequisites: Prerequisites) -> list[Problem]:
    """Findings of the catalog checks that read items (run over every new catalog)."""
    return resolve_positions(_pending(catalog, catalog_findings(catalog, context=False, prerequisites=prerequisites)), texts)


def _lint_file(catalog: Catalog, model: CatalogFile, extensions: ExtensionSchema, texts: Mapping[str, str | Path],
               env: Mapping[str, Any]) -> tuple[Problem, ...]:
    findings = [*lint_items(catalog, model.items, env), *extensions.check(model.items)]
    return tuple(resolve_positions(_pending(catalog, findings), texts))


def check_catalog(root: str | os.PathLike[str], *, cache_dir: Path | None | str = "default",
                  cache: LoadCache | None = None, documents: bool = False) -> LoadReport:
    """Load and check a catalog directory; never raises for bad content (problems are in the report).

    What a previous load left is reused, first fit (each layer asks :func:`_reusable` first):
    the last load in memory updated in place (:func:`_update`); the outcome of this cache's last load, or of
    the disk layer's, when no file changed (:func:`_unchanged`); the disk layer's outline updated with the
    changed item files (:func:`_outlined`); else the full load (:func:`_full`), from cached models where a
    file's content was seen before.

    Args:
        root: the catalog directory.
        cache_dir: the disk layer of a new :class:`LoadCache` (``"default"``: :func:`default_cache_dir`;
            None: none). Ignored when ``cache`` is given.
        cache: what this caller remembers between loads (a long-running process passes the same one).
        documents: keep the parsed YAML of every file in ``report.documents`` (each file parsed once).
    """
    if cache is None:
        cache = LoadCache(default_cache_dir() if cache_dir == "default" else (Path(cache_dir) if cache_dir else None))
    root_path = Path(root)
    report = LoadReport(root_path)
    if not root_path.is_dir():
        report.problems.append(Problem(display_path(root_path), 0, 0, "", "not-a-directory", "目录不存在或不可读"))
        return report
    real_root = os.path.realpath(root_path)
    shown_root = display_path(root_path)  # once: os.path.relpath per file costs more than parsing a cached one
    cache.load(root_path)
    snapshot: _Snapshot | None = None if documents else cache.snapshots.get(real_root)
    folders: dict[str, int] = {}
    listed = time.time_ns()
    if snapshot is not None and snapshot.basis.shown_root == shown_root and _listed(snapshot):
        files, folders, listed = snapshot.files, snapshot.folders, snapshot.listed
        report.problems, report.relative = list(snapshot.basis.walked), dict(snapshot.relative)
    else:
        files = _files(root_path, shown_root, report.problems, folders)
        report.relative = {shown: relative for relative, shown, _, _ in files}
    report.files = len(files)
    if not files:
        report.problems.append(Problem(shown_root, 0, 0, "", "empty-catalog", "目录中没有任何 .yaml 文件"))
        return report
    basis = _basis(root_path, shown_root, files, report.problems)
    if snapshot is not None:
        updated = _update(report, snapshot, basis, cache, real_root)
        if updated is not None:
            snapshot.folders, snapshot.listed = folders, listed
            return updated
    stats: dict[str, os.stat_result] = {}
    digests = None if documents else _unchanged(files, cache, stats)
    if digests is not None:
        previous = cache.reports.get(real_root)
        if previous is not None and _reusable(previous[0][0], basis) and previous[0][1] == digests:
            report._built, report.problems = (previous[1], previous[2]), list(previous[3])  # nothing changed since this cache's last load
            return report
        summary = cache.summary(root_path, shown_root)
        if summary is not None and _reusable(summary[0][0], basis) and summary[0][1] == digests:
            report.problems = list(summary[1])  # nor since the disk layer's last load
            report._built, report._build = None, lambda: _catalogs(root_path, cache)
            report._context = lambda: _context_catalog(root_path, cache, (basis, digests))
            return report
    if not documents:
        outlined = _outlined(report, basis, files, cache, real_root, stats)
        if outlined is not None:
            return outlined
    cache.load_models(root_path, shown_root)
    return _full(report, basis, files, cache, real_root, documents, stats, (folders, listed))


_File = tuple[str, str, str, bool]
"""(path relative to the root with ``/``, as shown, absolute, is a symbolic link?) of one catalog file."""


def _files(root: Path, shown_root: str, problems: list[Problem], folders: dict[str, int] | None = None) -> list[_File]:
    base = os.path.abspath(root)
    return [(relative, relative if shown_root == "." else f"{shown_root}/{relative}", f"{base}/{relative}", link)
            for relative, link in _walk(root, problems, folders)]


def _basis(root: Path, shown_root: str, files: list[_File], walked: Iterable[Problem]) -> Basis:
    return Basis(shown_root, tuple(relative for relative, *_ in files), tuple(walked), ExtensionSchema.digest_of(root),
                 any(link for *_, link in files))


def _reusable(previous: Basis | None, current: Basis) -> bool:
    """May the outcome of a load made on ``previous`` stand for the load of ``current`` — as it is when no file's
    content changed, or updated file by file when some did? The one test every layer applies before reusing a
    load: this cache's last outcome and the disk summary's (``check_catalog``), the in-place update of the last
    load in memory (:func:`_update`) and the update of the disk layer's outline (:func:`_outlined`).

    Preconditions:

    * there is a previous load (None: none, or its record on disk was unreadable, torn or forged);
    * the same shown root: problems name files as the user typed them (``config/x.yaml`` from the repository's
      root, ``x.yaml`` inside ``config/``). The disk layer keeps paths relative to the catalog root and names
      them from the current root when read, so only an outcome kept in memory can differ here;
    * the same files in the same order: a file added, removed or renamed changes which declaration comes
      first, the revision and the set of item codes an item's lint reads;
    * the same walk problems (an unreadable or linked folder, a refused file name);
    * the same extension schema: county extension fields are checked against it;
    * no symbolic link: a link's target may change while the stat of the link does not.

    What then remains is per file: an outcome stands when every content hash is the recorded one
    (:func:`_unchanged`); an update applies when each changed file is an item edit (:func:`_item_edit`).
    """
    return previous is not None and not current.linked and previous == current


def _item_edit(result: FileResult, digest: str, codes: Iterable[str]) -> CatalogFile | None:
    """The new model of a changed file when an update can take its edit, else None: the file was read
    (``digest``) and validated without problems, holds only items, and declares the item codes ``codes`` in that
    order. The in-place update also needs the old file to have been one (:func:`_update`); the outline update,
    the same inputs to the catalog checks (:func:`_outlined`)."""
    model = result.model
    if digest and isinstance(model, CatalogFile) and not result.problems and _items_only(model) \
            and [item.code for item in model.items] == list(codes):
        return model
    return None


def _unchanged(files: list[_File], cache: LoadCache, stats: dict[str, os.stat_result]) -> tuple[str, ...] | None:
    """Every file's content hash when every stat is the one last seen (no file read), else None.

    ``stats`` receives the stat of every plain file looked at, for the later paths to reuse.
    """
    digests = []
    complete = True
    for _, _, path, link in files:
        if link:
            complete = False  # a link's target may change without its own stat changing
            continue
        try:
            info = os.stat(path)
        except OSError:
            complete = False
            continue
        stats[path] = info
        digest = cache.known_digest(path, (info.st_mtime_ns, info.st_size)) if complete else None
        if digest is None or not stat_module.S_ISREG(info.st_mode):
            complete = False
            continue
        digests.append(digest)
    return tuple(digests) if complete else None


def _catalogs(root: Path, cache: LoadCache) -> tuple[Catalog | None, Catalog | None]:
    """Both catalogs of an unchanged directory, from the models of the disk layer (no file parsed)."""
    report = LoadReport(root)
    shown_root = display_path(root)
    files = _files(root, shown_root, report.problems)
    cache.load_models(root, shown_root)
    full = _full(report, _basis(root, shown_root, files, report.problems), files, cache, os.path.realpath(root), False)
    return full.catalog, full.assembled


def _context_catalog(root: Path, cache: LoadCache, signature: Signature) -> Catalog | None:
    """The catalog of the files holding more than items, from the disk layer's summary (see ``LoadReport.context``)."""
    models = cache.context_models(root, signature[0].shown_root)
    if models is None:
        return _catalogs(root, cache)[1]
    assembly = CatalogAssembly()
    for shown, model in models:
        assembly.add_file(shown, model)
    return assembly.build(_revision(list(zip(signature[0].files, signature[1]))))


def _outline(models: Iterable[tuple[str, CatalogFile]], catalog_problems: Iterable[Problem],
             relative: Mapping[str, str]) -> list[Any] | None:
    """What a new process needs to update this load after item files changed, without decoding a model: the
    files holding findings of the catalog checks that read items, and per file holding only items, its item
    codes and a digest of what those checks read of its items (:func:`catalog_inputs`). JSON arrays only, every
    file relative to the catalog root (``relative``: file as shown → relative). None: a finding names a file
    outside the catalog (none is expected), so no update may rely on it."""
    found = {p.file for p in catalog_problems}
    if not found <= relative.keys():
        return None
    return [sorted(relative[shown] for shown in found),
            [[relative[shown], [item.code for item in model.items], _inputs_digest(model)] for shown, model in models if _items_only(model)]]


def _inputs_digest(model: CatalogFile) -> str:
    return hashlib.sha256(repr([catalog_inputs(item) for item in model.items]).encode()).hexdigest()[:16]


def _outlined(report: LoadReport, basis: Basis, files: list[_File], cache: LoadCache, real_root: str,
              stats: Mapping[str, os.stat_result]) -> LoadReport | None:
    """The load of a directory whose disk layer holds the outline of its last load, when only files holding
    nothing but items changed, each still valid, declaring the same codes, with the same inputs to the catalog
    checks and none of their findings: the changed files are parsed, validated and linted against the context
    (the files holding more than items, kept in the summary) and the set of item codes — no other model is
    decoded. The other findings stand: an item's lint reads only its own file and that context. None: the
    full path."""
    root = report.root
    summary = cache.summary(root, basis.shown_root)
    outline, context = cache.outline(root), cache.context_models(root, basis.shown_root)
    if summary is None or outline is None or context is None or not _reusable(summary[0][0], basis):
        return None
    (_, old_digests), old_problems = summary
    catalog_files, item_files = outline
    outlines = {relative: (codes, inputs) for relative, codes, inputs in item_files}
    revision = list(zip(basis.files, old_digests))
    changed = []
    for (relative, shown, path, _), old_digest in zip(files, old_digests):
        info = stats.get(path)
        if info is None:
            return None
        digest = cache.known_digest(path, (info.st_mtime_ns, info.st_size))
        if digest is None:
            changed.append((relative, shown, path, info, old_digest))
        elif digest != old_digest:
            return None
    if not changed:
        return None
    updates: list[tuple[str, CatalogFile]] = []
    at = {relative: i for i, (relative, _) in enumerate(revision)}
    for relative, shown, path, info, old_digest in changed:
        result, parsed, digest = load_file(path, shown, cache, {}, root=real_root, link=False, info=info)
        report.parsed += parsed
        if digest == old_digest:
            continue
        old = outlines.get(relative)
        if old is None or relative in catalog_files:
            return None
        model = _item_edit(result, digest, old[0])
        if model is None or _inputs_digest(model) != old[1]:
            return None
        revision[at[relative]] = (relative, digest)
        updates.append((shown, model))
    assembly = CatalogAssembly()
    for shown, model in context:
        assembly.add_file(shown, model)
    for shown, model in updates:
        assembly.add_file(shown, model)
    partial = assembly.build(_revision(revision))
    if partial is None:
        return None
    in_context = {shown: [item.code for item in model.items] for shown, model in context}
    order = (code for relative, shown, _, _ in files
             for code in (in_context[shown] if shown in in_context else outlines.get(relative, ((), ""))[0]))
    versions = {code: partial.item_versions.get(code, ()) for code in order}  # every code, in the full load's order
    catalog = replace(partial, item_versions=MappingProxyType(versions))
    edited = {shown for shown, _ in updates}
    problems = [p for p in old_problems if p.file not in edited]
    if updates:
        extensions, texts = ExtensionSchema(root), {shown: path for _, shown, path, _ in files}
        env = base_env(catalog)
        for shown, model in updates:
            problems.extend(_lint_file(catalog, model, extensions, texts, env))
    problems.sort()
    report.problems = problems
    signature: Signature = (basis, tuple(digest for _, digest in revision))
    report._built, report._build = None, lambda: _catalogs(root, cache)
    report._context = lambda: _context_catalog(root, cache, signature)
    cache.update_summary(root, (signature, tuple(problems)))  # new stats at least: a touched file is read once
    return report


def _context_files(models: Iterable[tuple[str, CatalogFile]], digests: Mapping[str, str]) -> list[tuple[str, str]]:
    """(file as shown, digest) of the files holding more than items: what ``LoadReport.context`` assembles."""
    return [(shown, digests[shown]) for shown, model in models if not _items_only(model)]


def _full(report: LoadReport, basis: Basis, files: list[_File], cache: LoadCache, real_root: str,
          documents: bool, stats: Mapping[str, os.stat_result] | None = None,
          listing: tuple[dict[str, int], int] | None = None) -> LoadReport:
    root_path = report.root
    relative_of = {shown: relative for relative, shown, _, _ in files}
    fresh: dict[tuple[str, str], FileResult] = {}
    models: list[tuple[str, CatalogFile]] = []
    texts: dict[str, str] = {}
    revision_entries = []
    digests: dict[str, str] = {}
    walked = basis.walked
    kept = report.documents if documents else None
    for relative, shown, path, link in files:
        texts[shown] = path
        result, parsed, digest = load_file(path, shown, cache, fresh, root=real_root, link=link, documents=kept,
                                           info=stats.get(path) if stats else None)
        report.parsed += parsed
        report.problems.extend(result.problems)
        revision_entries.append((relative, digest))
        digests[shown] = digest
        if result.model is not None:
            models.append((shown, result.model))  # type: ignore[arg-type]  # parse_file returns BaseModel; catalog files parse as CatalogFile
    assembly = CatalogAssembly()
    for shown, model in models:
        assembly.add_file(shown, model)
    pending = list(assembly.clashes)
    catalog = assembly.build(_revision(revision_entries))
    used: dict[LintKey, tuple[Problem, ...]] = {}
    built: tuple[Catalog | None, Catalog | None] = (None, None)
    lint = None
    if catalog is None:
        if not report.errors:
            report.problems.append(Problem(basis.shown_root, 0, 0, "centre", "missing-centre", "目录中没有 centre 段落（中心名称、地址、办公时间）"))
    else:
        lint = _lint(root_path, catalog, models, digests, relative_of, texts, cache, used)
        report.problems.extend(lint.context)
        report.problems.extend(lint.catalog)
        for problems in lint.files.values():
            report.problems.extend(problems)
        clashes = resolve_positions(pending, texts)
        report.problems.extend(clashes)
        built = (None if report.errors else catalog, catalog if all(r.model is not None for r in fresh.values()) else None)
    report._built = built
    report.problems.sort()
    signature: Signature = (basis, tuple(digest for _, digest in revision_entries))
    complete = all(digest for _, digest in revision_entries)
    if complete:
        cache.reports[real_root] = (signature, *built, tuple(report.problems))
        if report.parsed or not cache.saved(root_path, fresh, used, signature):
            all_valid = built[1] is not None and lint is not None and cache.directory is not None  # else nothing is written
            cache.save(root_path, fresh, used, (signature, tuple(report.problems)),
                       _context_files(models, digests) if all_valid else None,
                       _outline(models, lint.catalog, relative_of) if all_valid and lint is not None else None)
    cache.snapshots.pop(real_root, None)
    if complete and listing and catalog is not None and lint is not None and not documents and not basis.linked:
        results = {shown: fresh[(shown, digests[shown])] for shown in digests}
        per_file = {shown: (*result.problems, *lint.files.get(shown, ())) for shown, result in results.items()}
        cache.snapshots[real_root] = _Snapshot(
            files=files, basis=basis, lint=lint, fixed=[*walked, *lint.context, *clashes],
            stats={path: cache.stats[path][0] for *_, path, _ in files}, results=results, digests=digests,
            problems={shown: problems for shown, problems in per_file.items() if problems},
            position={shown: i for i, (_, shown, _, _) in enumerate(files)}, texts=texts,
            revision=_RevisionLines(revision_entries), catalog=catalog, all_valid=built[1] is not None,
            relative=relative_of, folders=listing[0], listed=listing[1])
    return report


class _RevisionLines:
    """The lines :func:`_revision` hashes, kept in order so one changed file re-hashes without a sort."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        ordered = sorted(entries)
        self.lines = [f"{relative}\0{content}\n".encode() for relative, content in ordered]
        self.at = {relative: i for i, (relative, _) in enumerate(ordered)}

    def update(self, relative: str, content: str) -> None:
        self.lines[self.at[relative]] = f"{relative}\0{content}\n".encode()

    def digest(self) -> str:
        return hashlib.sha256(b"".join(self.lines)).hexdigest()[:16]


@dataclass
class _Snapshot:
    """What the last complete load of a directory gave, kept so the next load can update it in place.

    When only files holding nothing but items changed, and each still declares the same item codes in the
    same order, the catalog is updated (the changed files' items replaced, other sections shared) instead of
    assembled again, and only those files are linted again: the catalog checks reading only the context
    keep their findings, the others run over the new catalog with their memo. Anything else — a file added,
    removed or failing, another section edited, a code renamed — takes the full path.
    """

    files: list[_File]
    basis: Basis
    """What the load was made on (see :func:`_reusable`)."""
    lint: _Lint
    fixed: list[Problem]
    """Problems no item file edit can change: the walk's, the context checks', the clashes'."""
    stats: dict[str, Stat]
    results: dict[str, FileResult]
    digests: dict[str, str]
    problems: dict[str, tuple[Problem, ...]]
    """Per file (only those with any): validation problems and item lint."""
    position: dict[str, int]
    texts: dict[str, str]
    revision: _RevisionLines
    catalog: Catalog
    all_valid: bool
    relative: dict[str, str]
    folders: dict[str, int]
    """Every folder walked → its modification time: while none changed, neither did the list of files."""
    listed: int
    """When the folders were listed (ns since the epoch)."""


RACY_NS = 2_000_000_000
"""A folder modified this close before it was listed may change again within the same timestamp (coarse
file system clocks): its listing is not trusted until a later walk."""


def _listed(snapshot: _Snapshot) -> bool:
    """True when the snapshot's list of files still holds: no folder changed since it was (safely) listed."""
    try:
        for folder, mtime in snapshot.folders.items():
            if mtime > snapshot.listed - RACY_NS or os.stat(folder).st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return bool(snapshot.folders)


def _update(report: LoadReport, snapshot: _Snapshot, basis: Basis, cache: LoadCache, real_root: str) -> LoadReport | None:
    """The load of a directory whose last complete load is ``snapshot``, updated in place; None: take the full path."""
    if not _reusable(snapshot.basis, basis):
        return None
    stats = snapshot.stats
    changed = []
    for relative, shown, path, _ in snapshot.files:  # the same files (a snapshot's tree holds no symbolic link)
        try:
            info = os.stat(path)
        except OSError:
            return None
        if (info.st_mtime_ns, info.st_size) != stats[path]:
            changed.append((relative, shown, path, info))
    updates = []
    for relative, shown, path, info in changed:
        result, parsed, digest = load_file(path, shown, cache, {}, root=real_root, link=False, info=info)
        report.parsed += parsed
        old = snapshot.results[shown]
        if digest == snapshot.digests[shown]:
            stats[path] = (info.st_mtime_ns, info.st_size)
            continue
        was = old.model if not old.problems else None  # the old file must have been an item-only file too
        codes = [item.code for item in was.items] if isinstance(was, CatalogFile) and _items_only(was) else None
        if codes is None or _item_edit(result, digest, codes) is None:
            return None
        updates.append((relative, shown, path, info, result, digest))
    if updates:
        _apply(snapshot, updates, cache)
    catalog = snapshot.catalog
    problems = [*snapshot.fixed, *snapshot.lint.catalog]
    for file_problems in snapshot.problems.values():
        problems.extend(file_problems)
    problems.sort()
    report.problems = problems
    report._built = (None if report.errors else catalog, catalog if snapshot.all_valid else None)
    if updates and cache.directory is not None:
        _save_snapshot(report, snapshot, cache)
    return report


def _apply(snapshot: _Snapshot, updates: list[tuple[str, str, str, os.stat_result, FileResult, str]], cache: LoadCache) -> None:
    """Replace the changed files' items in the snapshot's catalog and lint them again."""
    old_catalog = snapshot.catalog
    versions = dict(old_catalog.item_versions)
    origins = dict(old_catalog.origins)
    changed_files = {shown for _, shown, *_ in updates}
    affected: dict[str, list[Item]] = {}
    for _, shown, _, _, result, _ in updates:
        for item in snapshot.results[shown].model.items:  # type: ignore[union-attr]  # updates hold parsed CatalogFile models only
            del origins[id(item)]
        for i, item in enumerate(result.model.items):  # type: ignore[union-attr]  # updates hold parsed CatalogFile models only
            origins[id(item)] = Origin(shown, ("items", i))
            affected.setdefault(item.code, []).append(item)
    position = snapshot.position
    for code, new in affected.items():
        kept = [v for v in versions[code] if old_catalog.origins[id(v)].file not in changed_files]
        merged = sorted([*kept, *new], key=lambda v: (position[origins[id(v)].file], origins[id(v)].loc[1]))
        versions[code] = tuple(sorted(merged, key=lambda v: v.valid_from or date.min))
    for relative, shown, path, info, result, digest in updates:
        snapshot.revision.update(relative, digest)
    catalog = replace(old_catalog, revision=snapshot.revision.digest(), item_versions=MappingProxyType(versions),
                      origins=MappingProxyType(origins))
    lint = snapshot.lint
    env = base_env(catalog)
    for relative, shown, path, info, result, digest in updates:
        key = (lint.context_key, shown, digest)
        cached = cache.lint.get(key)
        if cached is None:
            cached = cache.lint[key] = _lint_file(catalog, result.model, lint.extensions, snapshot.texts, env)  # type: ignore[arg-type]  # parse_file returns BaseModel; catalog files parse as CatalogFile
        lint.files[shown] = cached
        snapshot.stats[path] = (info.st_mtime_ns, info.st_size)
        snapshot.results[shown], snapshot.digests[shown] = result, digest
        if cached:
            snapshot.problems[shown] = cached
        else:
            snapshot.problems.pop(shown, None)
    lint.catalog = _item_reading(catalog, snapshot.texts, lint.prerequisites)
    snapshot.catalog = catalog


def _save_snapshot(report: LoadReport, snapshot: _Snapshot, cache: LoadCache) -> None:
    """The disk layer after an update in place, as the full path would have written it."""
    signature: Signature = (snapshot.basis, tuple(snapshot.digests[shown] for _, shown, _, _ in snapshot.files))
    fresh = {(shown, digest): snapshot.results[shown] for shown, digest in snapshot.digests.items()}
    used = {(snapshot.lint.context_key, shown, snapshot.digests[shown]): problems for shown, problems in snapshot.lint.files.items()}
    context = outline = None
    if snapshot.all_valid:  # every result holds a CatalogFile
        models = [(shown, r.model) for shown, r in snapshot.results.items() if isinstance(r.model, CatalogFile)]
        context, outline = _context_files(models, snapshot.digests), _outline(models, snapshot.lint.catalog, snapshot.relative)
    cache.save(report.root, fresh, used, (signature, tuple(report.problems)), context, outline)


def resolve_positions(pending: Iterable[Finding], texts: Mapping[str, str | Path]) -> list[Problem]:
    """Place findings whose subject is a file :class:`Origin` at file:line:col — the one place positions are
    resolved — re-parsing each affected file once with the round-trip loader."""
    trees: dict[str, Any] = {}
    problems = []
    for subject, path, code, message, severity in pending:
        origin = subject if isinstance(subject, Origin) else None
        if origin is None:
            raise TypeError(f"finding {code} is not placed on a file origin: {subject!r}")
        if origin.file not in trees:
            source = texts.get(origin.file)
            trees[origin.file] = _positions(source)
        loc = (*origin.loc, *path)
        line, col = locate(trees[origin.file], loc)
        problems.append(Problem(origin.file, line, col, field_path(loc), code, message, severity))
    return problems


def _positions(source: str | Path | None) -> Any:
    if source is None:
        return None
    try:
        return position_tree(_read(_open_checked(str(source))).decode("utf-8"))
    except (_Refused, OSError, UnicodeDecodeError):
        return None


def load_catalog(root: str | os.PathLike[str], *, cache_dir: Path | None | str = "default",
                 cache: LoadCache | None = None) -> Catalog:
    """Load a catalog directory or raise :class:`ConfigError` carrying every problem (warnings do not raise)."""
    report = check_catalog(root, cache_dir=cache_dir, cache=cache)
    if report.catalog is None:
        raise ConfigError(report.problems, f"目录 {display_path(Path(root))} 无法加载")
    return report.catalog


__all__ = ["YAML_SUFFIXES", "LoadReport", "catalog_files", "load_file", "resolve_positions", "check_catalog", "display_path", "load_catalog"]
