"""Directory → :class:`Catalog`, or every problem in the whole tree at once.

Path of a load: find ``*.yaml`` → hash each file → cache hit, or C-parse + strict pydantic validation
(positions from a round-trip re-parse only when the file has problems) → merge sections, recording
where each entity came from → county extension fields checked with jsonschema → cross-reference lint →
problems sorted by file and line. The catalog's ``revision`` is a hash of every file's content.
"""
from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog, CatalogFile, Origin
from ..catalog.assembly import CatalogAssembly
from ..catalog.document import SECTIONS
from ..errors import ConfigError, Problem
from ..facts import base_env
from ..lint import CATALOG_CHECKS, Finding, lint_items
from . import cache
from .extensions import ExtensionSchema
from .messages import field_path, relevant_errors, translate, yaml_loc
from .yaml_source import locate, parse, position_tree



@dataclass
class LoadReport:
    """Outcome of checking a catalog directory: the catalog (None when unusable) and every problem."""

    root: Path
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    parsed: int = 0
    assembled: Catalog | None = None
    """The catalog even when the lint found errors, as long as every file validated: review tools (diff,
    impact) must be able to read a pull request that, say, cites a repealed document."""

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


def catalog_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` under ``root`` in a stable order, skipping hidden folders and files."""
    found = []
    for directory, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found.extend(Path(directory, name) for name in files if name.endswith(".yaml") and not name.startswith("."))
    return sorted(found, key=lambda path: path.parts)  # Path order, without Path.__lt__'s cost


def _validation_problems(file: str, text: str, error: ValidationError) -> tuple[Problem, ...]:
    tree = position_tree(text)
    problems = []
    for item in relevant_errors(error.errors(include_url=False)):
        loc = yaml_loc(tuple(item["loc"]))
        line, col = locate(tree, loc)
        problems.append(Problem(file, line, col, field_path(loc), item["type"].replace("_", "-"), translate(item)))
    return tuple(problems)


def load_file(path: Path, shown: str, disk: dict[tuple[str, str], Any],
              fresh: dict[tuple[str, str], cache.FileResult],
              model: type[BaseModel] = CatalogFile) -> tuple[cache.FileResult, bool, str]:
    """Validate one file as ``model``, from cache when its content was seen before.

    Shared by catalog and rules loading. Returns (result, parsed?, digest).
    """
    absolute = os.path.abspath(path)
    info = os.stat(absolute)
    stat = (info.st_mtime_ns, info.st_size)
    digest = cache.known_digest(absolute, stat)
    if digest is not None:
        hit = cache.memory_get(shown, digest) or disk.get((shown, digest))
        if hit is not None:
            cache.memory_put(shown, digest, hit)
            fresh[(shown, digest)] = hit
            return hit, False, digest
    data = path.read_bytes()
    digest = cache.content_hash(data)
    cache.remember_digest(absolute, stat, digest)
    key = (shown, digest)
    hit = cache.memory_get(shown, digest) or disk.get(key)
    if hit is not None:
        cache.memory_put(shown, digest, hit)
        fresh[key] = hit
        return hit, False, digest
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result = cache.FileResult(None, (Problem(shown, 1, 1, "", "encoding", f"文件不是 UTF-8 编码（字节 {exc.start}）"),))
    else:
        parsed, problem = parse(text, shown)
        if problem is not None:
            result = cache.FileResult(None, (problem,))
        elif parsed is None:
            result = cache.FileResult(model(), ())
        elif not isinstance(parsed, dict):
            result = cache.FileResult(None, (Problem(shown, 1, 1, "", "not-a-mapping", "文件顶层必须是映射（centre / items / … 等段落）"),))
        else:
            try:
                result = cache.FileResult(model.model_validate(parsed), ())
            except ValidationError as exc:
                result = cache.FileResult(None, _validation_problems(shown, text, exc))
    cache.memory_put(shown, digest, result)
    fresh[key] = result
    return result, True, digest


def _revision(entries: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for relative, content in sorted(entries):
        digest.update(f"{relative}\0{content}\n".encode())
    return digest.hexdigest()[:16]


def _pending(catalog: Catalog, findings: Iterable[Finding]) -> list[tuple[Origin, tuple[str | int, ...], str, str, str]]:
    out = []
    for finding in findings:
        origin = catalog.locate(finding.entity)
        if origin is not None:
            out.append((origin, finding.path, finding.code, finding.message, finding.severity))
    return out


def _lint(root_path: Path, catalog: Catalog, models: list[tuple[str, CatalogFile]], digests: dict[str, str],
          texts: dict[str, Path]) -> list[Problem]:
    """Catalog-wide checks every time; item checks per file, cached while the file and its context are unchanged.

    An item's lint depends on its own file and on the *context*: every file holding non-item sections,
    the set of item codes, the extension schema and where paths are shown from. An edit to one item file
    therefore re-lints that file only.
    """
    extensions = ExtensionSchema(root_path)
    context = hashlib.sha256()
    context.update(f"{os.getcwd()}\0{root_path.resolve()}\0{extensions.digest}\0".encode())
    for shown, model in models:
        if any(getattr(model, section) for section in SECTIONS if section != "items"):
            context.update(f"{shown}\0{digests[shown]}\n".encode())
    context.update("\0".join(sorted(catalog.item_versions)).encode())
    context_key = context.hexdigest()
    problems = resolve_positions(_pending(catalog, (f for check in CATALOG_CHECKS for f in check(catalog))), texts)
    env = None
    for shown, model in models:
        if not model.items:
            continue
        key = (context_key, shown, digests[shown])
        cached = cache.lint_get(key)
        if cached is None:
            env = env if env is not None else base_env(catalog)
            findings = [*lint_items(catalog, model.items, env), *extensions.check(model.items)]
            cached = tuple(resolve_positions(_pending(catalog, findings), texts))
            cache.lint_put(key, cached)
        problems.extend(cached)
    return problems


def check_catalog(root: str | os.PathLike[str], *, cache_dir: Path | None | str = "default") -> LoadReport:
    """Load and check a catalog directory; never raises for bad content (problems are in the report).

    The cyclic garbage collector is paused meanwhile: a load allocates hundreds of thousands of
    long-lived, acyclic model objects, and generation-2 scans of them cost more than the load itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_catalog(root, cache_dir)
    finally:
        if enabled:
            gc.enable()


def _check_catalog(root: str | os.PathLike[str], cache_dir: Path | None | str) -> LoadReport:
    root_path = Path(root)
    report = LoadReport(root_path, None)
    if not root_path.is_dir():
        report.problems.append(Problem(display_path(root_path), 0, 0, "", "not-a-directory", "目录不存在或不可读"))
        return report
    disk_dir = cache.default_cache_dir() if cache_dir == "default" else (Path(cache_dir) if cache_dir else None)
    disk = cache.disk_load(disk_dir, root_path)
    fresh: dict[tuple[str, str], cache.FileResult] = {}
    models: list[tuple[str, CatalogFile]] = []
    texts: dict[str, Path] = {}
    revision_entries = []
    digests: dict[str, str] = {}
    shown_root = display_path(root_path)  # once: os.path.relpath per file costs more than parsing a cached one
    root_text = str(root_path) + os.sep
    for path in catalog_files(root_path):
        text = str(path)
        relative = (text[len(root_text):].replace(os.sep, "/") if text.startswith(root_text)
                    else path.relative_to(root_path).as_posix())
        shown = relative if shown_root == "." else os.path.join(shown_root, relative)
        texts[shown] = path
        result, parsed, digest = load_file(path, shown, disk, fresh)
        report.files += 1
        report.parsed += parsed
        report.problems.extend(result.problems)
        revision_entries.append((relative, digest))
        digests[shown] = digest
        if result.model is not None:
            models.append((shown, result.model))
    if report.parsed or len(fresh) != len(disk):
        cache.disk_save(disk_dir, root_path, fresh)
    if report.files == 0:
        report.problems.append(Problem(display_path(root_path), 0, 0, "", "empty-catalog", "目录中没有任何 .yaml 文件"))
        return report
    assembly = CatalogAssembly()
    for shown, model in models:
        assembly.add_file(shown, model)
    pending: list[tuple[Origin, tuple[str | int, ...], str, str, str]] = [
        (clash.origin, clash.path, clash.code, clash.message, "error") for clash in assembly.clashes]
    catalog = assembly.build(_revision(revision_entries))
    if catalog is None:
        if not report.errors:
            report.problems.append(Problem(display_path(root_path), 0, 0, "centre", "missing-centre", "目录中没有 centre 段落（中心名称、地址、办公时间）"))
        report.problems.sort()
        return report
    report.problems.extend(_lint(root_path, catalog, models, digests, texts))
    report.problems.extend(resolve_positions(pending, texts))
    report.problems.sort()
    report.catalog = None if report.errors else catalog
    report.assembled = catalog if all(r.model is not None for r in fresh.values()) else None
    return report


def resolve_positions(pending: list[tuple[Origin, tuple[str | int, ...], str, str, str]], texts: dict[str, Path]) -> list[Problem]:
    """Turn (origin, path) into file:line:col, re-parsing each affected file once with the round-trip loader."""
    trees: dict[str, Any] = {}
    problems = []
    for origin, path, code, message, severity in pending:
        if origin.file not in trees:
            source = texts.get(origin.file)
            trees[origin.file] = position_tree(source.read_text(encoding="utf-8")) if source else None
        loc = (*origin.loc, *path)
        line, col = locate(trees[origin.file], loc)
        problems.append(Problem(origin.file, line, col, field_path(loc), code, message, severity))  # type: ignore[arg-type]
    return problems


def load_catalog(root: str | os.PathLike[str], *, cache_dir: Path | None | str = "default") -> Catalog:
    """Load a catalog directory or raise :class:`ConfigError` carrying every problem (warnings do not raise)."""
    report = check_catalog(root, cache_dir=cache_dir)
    if report.catalog is None:
        raise ConfigError(report.problems, f"目录 {display_path(Path(root))} 无法加载")
    return report.catalog


__all__ = ["LoadReport", "catalog_files", "load_file", "resolve_positions", "check_catalog", "display_path", "load_catalog"]
