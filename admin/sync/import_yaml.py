"""``onewindow db import DIR``: the runtime's own checks first, then one transaction — all or nothing.

The YAML in git is the record; the database is the console's working copy. An import therefore
replaces the working copy entirely, and only when ``onewindow validate DIR`` would accept the directory.
Any failure while writing rolls the transaction back, leaving the database exactly as it was.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.errors import ConfigError
from onewindow.runtime.loading import check_catalog
from onewindow.runtime.loading.yaml_source import parse

from ..store import audit
from ..store.db import db
from ..store.records import RECORD_CLASSES, CatalogRecord, SourceFile
from .documents import to_json

Entry = tuple[str, str, dict[str, Any], Any]
"""(section, file relative to the catalog root, document, validated model)."""
Progress = Callable[[Iterable[Entry]], Iterable[Entry]]


def _entities(catalog: Catalog) -> Iterator[tuple[str, Any]]:
    yield "centre", catalog.centre
    for section in ("departments", "windows", "township_centres", "legal_documents", "situations", "materials", "pipelines"):
        for entity in getattr(catalog, section).values():
            yield section, entity
    yield from (("items", item) for item in catalog.items())
    if catalog.green_channel is not None:
        yield "green_channel", catalog.green_channel
    yield from (("calendar", year) for year in catalog.calendar.values())


def read_catalog(root: Path) -> tuple[list[Entry], list[str]]:
    """Validate ``root`` with the runtime and return every entity with its document and file.

    Raises:
        ConfigError: the directory has errors (every problem attached, as ``onewindow validate`` prints them).
    """
    report = check_catalog(root)
    if report.catalog is None:
        raise ConfigError(report.errors or report.problems, f"目录 {root} 未通过校验，未导入")
    catalog, base = report.catalog, root.resolve()
    parsed: dict[str, Any] = {}
    entries: list[Entry] = []
    for section, entity in _entities(catalog):
        origin = catalog.locate(entity)
        assert origin is not None, f"loader lost the origin of a {section} entity"
        relative = Path(origin.file).resolve().relative_to(base).as_posix()
        if relative not in parsed:
            parsed[relative] = parse((base / relative).read_text(encoding="utf-8"), relative)[0]
        node: Any = parsed[relative]
        for part in origin.loc:
            node = node[part]
        entries.append((section, relative, to_json(node), entity))
    return entries, sorted(parsed)


def file_digest(path: Path) -> str:
    """Content hash of a file: export skips a file still as imported and untouched in the console."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def import_catalog(root: str | Path, *, user: str | None = None, progress: Progress | None = None) -> int:
    """Replace the working copy with the catalog in ``root``; returns the number of entities imported."""
    entries, files = read_catalog(Path(root))
    session = db.session
    try:
        session.execute(delete(CatalogRecord))
        session.execute(delete(SourceFile))
        counts = Counter(relative for _, relative, _, _ in entries)
        session.add_all(SourceFile(path=f, digest=file_digest(Path(root) / f), entities=counts[f]) for f in files)
        for section, relative, document, model in (progress or (lambda x: x))(entries):
            record = RECORD_CLASSES[section](state="published", file=relative)
            record.apply(document, model)
            record.published_document = document
            record.source_key = record.key
            record.updated_by = user
            session.add(record)
        session.flush()
        # plain SQL: an ORM update of source_version would itself bump version_id and never match it
        table = CatalogRecord.__table__
        session.execute(update(table).values(source_version=table.c.version_id))
        audit.record("import", user=user, note=f"自 {root} 导入 {len(entries)} 个条目")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(entries)


__all__ = ["file_digest", "import_catalog", "read_catalog"]
