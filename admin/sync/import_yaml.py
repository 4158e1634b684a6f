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

from onewindow.runtime.catalog import KEYED_SECTIONS, Catalog
from onewindow.runtime.errors import ConfigError, Problem
from onewindow.runtime.validity import Judge
from onewindow.runtime.loading import check_catalog

from ..store import audit
from ..store.db import db
from ..store.records import RECORD_CLASSES, CatalogRecord, SourceFile, centre_time
from .documents import to_json

Entry = tuple[str, str, dict[str, Any], Any]
"""(section, file relative to the catalog root, document, validated model)."""
Progress = Callable[[Iterable[Entry]], Iterable[Entry]]


def _entities(catalog: Catalog) -> Iterator[tuple[str, Any]]:
    yield "centre", catalog.centre
    for section in KEYED_SECTIONS:
        for entity in getattr(catalog, section).values():
            yield section, entity
    yield from (("items", item) for item in catalog.items())
    if catalog.green_channel is not None:
        yield "green_channel", catalog.green_channel
    yield from (("calendar", year) for year in catalog.calendar.values())


def read_catalog(root: Path, *, rules_dir: Path | None = None) -> tuple[list[Entry], list[str]]:
    """Validate ``root`` with the runtime — with ``rules_dir``, the catalog and its rules as one whole
    (:class:`~onewindow.runtime.validity.Judge`) — and return every entity with its document and file.

    Raises:
        ConfigError: the directory has errors (every problem attached, as ``onewindow validate`` prints them).
    """
    report = check_catalog(root, documents=True)  # every file parsed once, its YAML kept for the documents
    if report.catalog is None:
        raise ConfigError(report.errors or report.problems, f"目录 {root} 未通过校验，未导入")
    if rules_dir is not None:
        verdict = Judge(rules_dir).judge(report.catalog, layers=("rules",))
        if not verdict.ok:
            raise ConfigError([f.subject for f in verdict.errors if isinstance(f.subject, Problem)],
                              f"规则 {rules_dir} 与目录 {root} 合在一起无法编译，未导入")
    catalog = report.catalog
    files: set[str] = set()
    entries: list[Entry] = []
    for section, entity in _entities(catalog):
        origin = catalog.locate(entity)
        assert origin is not None, f"loader lost the origin of a {section} entity"
        relative = report.relative[origin.file]
        files.add(relative)
        node: Any = report.documents[origin.file]
        for part in origin.loc:
            node = node[part]
        entries.append((section, relative, to_json(node), entity))
    return entries, sorted(files)


def file_digest(path: Path) -> str:
    """Content hash of a file: export skips a file still as imported and untouched in the console."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


class ImportWouldLose(ValueError):
    """The import would overwrite console edits the directory does not carry; ``lost`` lists them."""

    def __init__(self, lost: list[str]) -> None:
        super().__init__(f"导入会覆盖 {len(lost)} 处未导出的控制台修改")
        self.lost = lost


def unexported_edits(entries: list[Entry]) -> list[str]:
    """Console edits the import of ``entries`` would lose, one line each for staff.

    An entity changed in the console since the last import (created, edited, withdrawn: its
    ``version_id`` moved past ``source_version``) is lost when the directory brings something else for
    it — its working copy or the version served today differs from the file's, or the file lacks it.
    An edit already exported into the directory is not lost."""
    incoming = {(section, RECORD_CLASSES[section].key_of(document)): document for section, _, document, _ in entries}
    lost = []
    for record in db.session.scalars(db.select(CatalogRecord).order_by(CatalogRecord.section, CatalogRecord.key)):
        if record.source_version is not None and record.version_id == record.source_version:
            continue
        brought = incoming.get((record.section, record.key))
        served = record.served_document()
        label = f"{record.label}「{record}」（{record.updated_by or '未知'} 于 {centre_time(record.updated_at)}）"
        if brought is None and (served is not None or record.state not in ("withdrawn",)):
            lost.append(f"{label}：目录中没有此条目，控制台中的它将被删除")
        elif brought is not None and record.state in ("withdrawn", "withdrawal"):
            lost.append(f"{label}：控制台已{record.state_label()}，导入将使它重新生效")
        elif brought is not None and (brought != record.document or (served is not None and brought != served)):
            fields = sorted({path for path, _, _ in audit.changes(brought, record.document)}
                            | {path for path, _, _ in audit.changes(brought, served or brought)})
            lost.append(f"{label}：字段 {'、'.join(fields[:6]) or '（整条）'} 的修改将被覆盖")
    return lost


def import_catalog(root: str | Path, *, user: str | None = None, progress: Progress | None = None,
                   rules_dir: Path | None = None, force: bool = True) -> int:
    """Replace the working copy with the catalog in ``root``; returns the number of entities imported.

    With ``rules_dir`` the catalog is judged together with those rules. Without ``force`` an import
    that would lose console edits (:func:`unexported_edits`) raises :class:`ImportWouldLose` and
    changes nothing."""
    entries, files = read_catalog(Path(root), rules_dir=rules_dir)
    if not force:
        lost = unexported_edits(entries)
        if lost:
            raise ImportWouldLose(lost)
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


__all__ = ["ImportWouldLose", "file_digest", "import_catalog", "read_catalog", "unexported_edits"]
