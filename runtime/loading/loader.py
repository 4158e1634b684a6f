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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog, CatalogFile, Origin
from ..catalog.assembly import CatalogAssembly
from ..errors import ConfigError, Problem
from ..facts import base_env
from ..lint import CATALOG_CHECKS, Finding, lint_items
from .cache import FileResult, LintKey, LoadCache, content_hash, default_cache_dir
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


def _walk(root: Path, problems: list[Problem] | None) -> list[tuple[str, bool]]:
    """(path relative to ``root`` with ``/``, is a symbolic link?) of every ``*.yaml``, sorted by path parts.

    Hidden folders and files are skipped; directories are never followed through symbolic links. What
    cannot be walked — an unreadable folder, a linked folder, a file name that is not UTF-8 or holds
    control characters — is added to ``problems``. ``os.scandir`` gives names and link flags without a
    system call per file, and no Path object is made: at 10k files that is most of a warm load.
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
        try:
            with os.scandir(os.path.join(base, folder) if folder else base) as entries:
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


def _lint(root_path: Path, catalog: Catalog, models: list[tuple[str, CatalogFile]], digests: dict[str, str],
          texts: Mapping[str, str | Path], cache: LoadCache, used: dict[LintKey, tuple[Problem, ...]]) -> list[Problem]:
    """Catalog-wide checks every time; item checks per file, cached while the file and its context are unchanged.

    An item's lint depends on its own file and on the *context*: every file holding non-item sections,
    the set of item codes, the extension schema and where paths are shown from. An edit to one item file
    therefore re-lints that file only. ``used`` receives the item lint entries of this load (for the disk).
    """
    extensions = ExtensionSchema(root_path)
    context = hashlib.sha256()
    context.update(f"{os.getcwd()}\0{root_path.resolve()}\0{extensions.digest}\0".encode())
    for shown, model in models:
        if not model.__pydantic_fields_set__ <= _ITEMS_ONLY:  # a file that wrote any section besides items
            context.update(f"{shown}\0{digests[shown]}\n".encode())
    context.update("\0".join(sorted(catalog.item_versions)).encode())
    context_key = context.hexdigest()
    problems = resolve_positions(_pending(catalog, (f for check in CATALOG_CHECKS for f in check(catalog))), texts)
    env = None
    for shown, model in models:
        if not model.items:
            continue
        key = (context_key, shown, digests[shown])
        cached = cache.lint.get(key)
        if cached is None:
            env = env if env is not None else base_env(catalog)
            findings = [*lint_items(catalog, model.items, env), *extensions.check(model.items)]
            cached = tuple(resolve_positions(_pending(catalog, findings), texts))
            cache.lint[key] = cached
        used[key] = cached
        problems.extend(cached)
    return problems


def check_catalog(root: str | os.PathLike[str], *, cache_dir: Path | None | str = "default",
                  cache: LoadCache | None = None, documents: bool = False) -> LoadReport:
    """Load and check a catalog directory; never raises for bad content (problems are in the report).

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
    cache.load(root_path)
    base = os.path.abspath(root_path)
    shown_root = display_path(root_path)  # once: os.path.relpath per file costs more than parsing a cached one
    files = []
    for relative, link in _walk(root_path, report.problems):
        shown = relative if shown_root == "." else f"{shown_root}/{relative}"
        files.append((relative, shown, f"{base}/{relative}", link))
        report.relative[shown] = relative
    report.files = len(files)
    if not files:
        report.problems.append(Problem(display_path(root_path), 0, 0, "", "empty-catalog", "目录中没有任何 .yaml 文件"))
        return report
    stats: dict[str, os.stat_result] = {}
    signature = None if documents else _unchanged(files, cache, report.problems, root_path, stats)
    if signature is not None:
        previous = cache.reports.get(real_root)
        if previous is not None and previous[0] == signature:  # nothing changed since this cache's last load
            report._built, report.problems = (previous[1], previous[2]), list(previous[3])
            return report
        summary = cache.summary(root_path)
        if summary is not None and summary[0] == signature:  # nor since the disk layer's last load
            report.problems = list(summary[1])
            report._built, report._build = None, lambda: _catalogs(root_path, cache)
            return report
    cache.load_models(root_path)
    return _full(report, files, cache, real_root, documents, stats)


def _unchanged(files: list[tuple[str, str, str, bool]], cache: LoadCache, walked: list[Problem], root: Path,
               stats: dict[str, os.stat_result]) -> tuple[Any, ...] | None:
    """What identifies this load when every file's stat is the one last seen (no file read), else None.

    ``stats`` receives the stat of every plain file looked at, for the full load to reuse.
    """
    entries = []
    complete = True
    for relative, _, path, link in files:
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
        entries.append((relative, digest))
    return (os.getcwd(), tuple(entries), tuple(walked), ExtensionSchema.digest_of(root)) if complete else None


def _catalogs(root: Path, cache: LoadCache) -> tuple[Catalog | None, Catalog | None]:
    """Both catalogs of an unchanged directory, from the models of the disk layer (no file parsed)."""
    report = LoadReport(root)
    real_root = os.path.realpath(root)
    base, shown_root = os.path.abspath(root), display_path(root)
    files = [(relative, relative if shown_root == "." else f"{shown_root}/{relative}", f"{base}/{relative}", link)
             for relative, link in _walk(root, report.problems)]
    cache.load_models(root)
    full = _full(report, files, cache, real_root, False)
    return full.catalog, full.assembled


def _full(report: LoadReport, files: list[tuple[str, str, str, bool]], cache: LoadCache, real_root: str,
          documents: bool, stats: Mapping[str, os.stat_result] | None = None) -> LoadReport:
    root_path = report.root
    fresh: dict[tuple[str, str], FileResult] = {}
    models: list[tuple[str, CatalogFile]] = []
    texts: dict[str, str] = {}
    revision_entries = []
    digests: dict[str, str] = {}
    walked = tuple(report.problems)
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
            models.append((shown, result.model))  # type: ignore[arg-type]
    assembly = CatalogAssembly()
    for shown, model in models:
        assembly.add_file(shown, model)
    pending = list(assembly.clashes)
    catalog = assembly.build(_revision(revision_entries))
    used: dict[LintKey, tuple[Problem, ...]] = {}
    built: tuple[Catalog | None, Catalog | None] = (None, None)
    if catalog is None:
        if not report.errors:
            report.problems.append(Problem(display_path(root_path), 0, 0, "centre", "missing-centre", "目录中没有 centre 段落（中心名称、地址、办公时间）"))
    else:
        report.problems.extend(_lint(root_path, catalog, models, digests, texts, cache, used))
        report.problems.extend(resolve_positions(pending, texts))
        built = (None if report.errors else catalog, catalog if all(r.model is not None for r in fresh.values()) else None)
    report._built = built
    report.problems.sort()
    signature = (os.getcwd(), tuple(revision_entries), walked, ExtensionSchema.digest_of(root_path))
    if all(digest for _, digest in revision_entries):
        cache.reports[real_root] = (signature, *built, tuple(report.problems))
        if report.parsed or not cache.saved(root_path, fresh, used, signature):
            cache.save(root_path, fresh, used, (signature, tuple(report.problems)))
    return report


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
