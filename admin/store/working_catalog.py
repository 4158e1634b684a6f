"""The database's working copy as a runtime :class:`Catalog`, so a console save runs the CLI's own lint.

The runtime assembles the catalog (:class:`CatalogAssembly`: the same identity rules as the loader)
and lints it (:func:`lint_catalog`); this module only feeds it rows. Two caches keep a save cheap over a
10k-item catalog, both keyed by what the database already versions instead of by content, both owned by
the Flask app (:class:`WorkingCopyCache` in ``app.extensions``, one per process), never by the module:

* validated models per row version (database, row id, ``version_id``, which document, its day): a save
  re-validates the one document that changed, never the 10k that did not;
* item lint per item while the item's *context* (every non-item row version and the set of item codes)
  holds — the runtime's :class:`LintMemo` — so saving one item re-lints that item and the catalog-wide
  checks, not every item.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from flask import current_app
from pydantic import BaseModel

from onewindow.runtime.catalog import Catalog, Item, Origin
from onewindow.runtime.catalog import CatalogAssembly
from onewindow.runtime.errors import Finding
from onewindow.runtime.lint import LintMemo, lint_catalog

from ..sync.documents import validate_document
from .db import db
from .records import RECORD_CLASSES, CatalogRecord, read_revision, schedule_due, serving_day

EntityKey = tuple[str, str]
"""(section, key) of one entity."""
ModelKey = tuple[str, int, int, str, Any]
"""(database, row id, version_id, which document, that document's day)."""



@dataclass
class WorkingCopyCache:
    """What the working copy remembers between saves; the app holds one (``app.extensions``)."""

    models: dict[tuple[str, int, str], tuple[ModelKey, BaseModel | None]] = field(default_factory=dict)
    """(database, row id, which document) → the latest key validated there and its model: one slot per row
    and kind, so a long-running console keeps one model per document, not one per edit ever made."""
    memos: dict[str, LintMemo] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Guards the lint memos (the console may serve saves from several threads)."""


def _cache() -> WorkingCopyCache:
    found = current_app.extensions.get("onewindow.working_copy")
    if found is None:
        found = current_app.extensions.setdefault("onewindow.working_copy", WorkingCopyCache())
    return found


def _database() -> str:
    return str(db.engine.url)


DOCUMENTS = {"working": CatalogRecord.document, "published": CatalogRecord.published_document,
             "scheduled": CatalogRecord.scheduled_document}
"""Which document column each kind of model is validated from."""


@dataclass(frozen=True, slots=True)
class RowVersion:
    """What assembling the catalog needs of a record: its identity, version and publication days."""

    id: int
    section: str
    key: str
    code: str
    name: str
    version_id: int
    effective_on: date | None
    scheduled_on: date | None

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


def catalog_rows() -> list[RowVersion]:
    """Every record's :class:`RowVersion`, no documents: a cached model needs only the row's version, and at
    10k rows decoding JSON documents — or even building ORM objects — costs more than the rest of a save."""
    columns = (CatalogRecord.id, CatalogRecord.section, CatalogRecord.key, CatalogRecord.code, CatalogRecord.name,
               CatalogRecord.version_id, CatalogRecord.effective_on, CatalogRecord.scheduled_on)
    return [RowVersion(*row) for row in db.session.execute(db.select(*columns).order_by(CatalogRecord.id))]


def _model_key(record: RowVersion, published: bool, day: date, database: str) -> ModelKey:
    """Which document of ``record`` the catalog uses — the working copy, or the published version served on
    ``day`` (:meth:`CatalogRecord.served_document`, decided here from the dates alone) — as a cache key.

    Kind and day make the key exact without hashing content: a row's ``version_id`` moves with every
    write, and a scheduled version folded into the published one keeps the version but not the day.
    """
    if not published:
        return database, record.id, record.version_id, "working", None
    if schedule_due(record.scheduled_on, day):
        return database, record.id, record.version_id, "scheduled", record.scheduled_on
    return database, record.id, record.version_id, "published", record.effective_on


def _slot(key: ModelKey) -> tuple[str, int, str]:
    return key[0], key[1], key[3]


def _cached(key: ModelKey) -> tuple[bool, BaseModel | None]:
    """(found?, model) for ``key``."""
    hit = _cache().models.get(_slot(key))
    return (True, hit[1]) if hit is not None and hit[0] == key else (False, None)


def _validate_missing(records: list[RowVersion], keys: list[ModelKey]) -> None:
    """Validate the documents of every key not cached yet, reading them in a few bulk queries."""
    missing: dict[str, dict[int, tuple[RowVersion, ModelKey]]] = {}
    for record, key in zip(records, keys, strict=True):
        if not _cached(key)[0]:
            missing.setdefault(key[3], {})[record.id] = (record, key)
    for kind, wanted in missing.items():
        ids = list(wanted)
        for start in range(0, len(ids), 500):
            rows = db.session.execute(db.select(CatalogRecord.id, DOCUMENTS[kind]).where(CatalogRecord.id.in_(ids[start:start + 500])))
            for row_id, document in rows:
                record, key = wanted[row_id]
                _cache().models[_slot(key)] = (key, None if document is None else validate_document(RECORD_CLASSES[record.section].model, document)[0])


def _origin(key: EntityKey) -> Origin:
    return Origin(key[0], (key[1],))


def entity_of(finding: Finding) -> EntityKey:
    """The (section, key) a finding of :meth:`WorkingCatalog.lint` or of the validity judge's catalog layer is
    about: rows are assembled with ``Origin(section, (key,))``."""
    origin = finding.subject
    if not isinstance(origin, Origin):
        raise TypeError(f"finding {finding.code} is not placed on a catalog entity")
    return origin.file, str(origin.loc[0])


@dataclass
class WorkingCatalog:
    """The assembled catalog and its lint context (None without a centre)."""

    catalog: Catalog | None
    context: str

    def lint(self) -> list[Finding]:
        """Every lint finding of the runtime's checks, placed on its entity's ``Origin`` (:func:`entity_of`
        gives its (section, key)); item lint remembered."""
        if self.catalog is None:
            return []
        cache = _cache()
        with cache.lock:
            memo = cache.memos.setdefault(_database(), LintMemo())
            findings = lint_catalog(self.catalog, context=self.context, memo=memo)
        placed = (finding._replace(subject=self.catalog.locate(finding.subject), path=tuple(finding.path))
                  for finding in findings)
        return [finding for finding in placed if finding.subject is not None]


def working_catalog(records: Iterable[RowVersion], *, published: bool = False,
                    replace: dict[EntityKey, BaseModel | None] | None = None) -> WorkingCatalog:
    """The catalog of every record (working copy, or what is published today), with ``replace`` applied.

    ``replace`` maps (section, key) to an edited model, or to None to leave that entity out; a key not
    in the database adds the entity.
    """
    pending = dict(replace or {})
    day, database = serving_day(), _database()
    rows = list(records)
    keys = [_model_key(record, published, day, database) for record in rows]
    _validate_missing(rows, keys)
    assembly = CatalogAssembly()
    context = hashlib.sha256()
    codes: set[str] = set()
    for record, model_key in zip(rows, keys, strict=True):
        key = (record.section, record.key)
        edited = key in pending
        model = pending.pop(key) if edited else _cached(model_key)[1]
        if model is None:
            continue
        assembly.add(record.section, model, _origin(key))
        if record.section == "items":
            codes.add(cast(Item, model).code)  # the items section holds Item models
        else:
            context.update(f"{key}:{'edit' + str(id(model)) if edited else record.version_id}\n".encode())
    for key, model in pending.items():
        if model is not None:
            assembly.add(key[0], model, _origin(key))
            if key[0] == "items":
                codes.add(cast(Item, model).code)
            else:
                context.update(f"{key}:new{id(model)}\n".encode())
    context.update(f"{published}:{day}:{sorted(codes)}".encode())
    return WorkingCatalog(assembly.build(_revision(published, keys, replace or {})), context.hexdigest())


def _revision(published: bool, keys: list[ModelKey], replace: dict[EntityKey, BaseModel | None]) -> str:
    """``published:<digest>`` or ``working-copy:<digest>`` — which catalog of the database, and a digest of the
    database's epoch and every row version and document it was built from (plus any unsaved edit), so two
    catalogs that differ never share a revision and decisions can be traced to what decided them."""
    found = read_revision(db.session())
    digest = hashlib.sha256(f"{found[0] if found else _database()}\n".encode())
    for key in keys:
        digest.update(f"{key[1]}:{key[2]}:{key[3]}:{key[4]}\n".encode())
    for entity, model in sorted(replace.items(), key=lambda pair: pair[0]):
        digest.update(f"edit:{entity}:{id(model)}\n".encode())
    return f"{'published' if published else 'working-copy'}:{digest.hexdigest()[:16]}"


def build_catalog(records: Iterable[RowVersion], *, published: bool = False,
                  replace: dict[EntityKey, BaseModel | None] | None = None) -> Catalog | None:
    """Just the catalog of :func:`working_catalog` (for the guide preview, the runtime, the sandbox)."""
    return working_catalog(records, published=published, replace=replace).catalog


def new_problems(records: list[RowVersion], edit: EntityKey, model: BaseModel | None,
                 old_key: EntityKey | None = None) -> list[Finding]:
    """Lint findings the edit introduces (present after it, absent before), edited entity first."""
    replace: dict[EntityKey, BaseModel | None] = {edit: model}
    if old_key is not None and old_key != edit:
        replace[old_key] = None
    after = working_catalog(records, replace=replace)
    if after.catalog is None:
        return []

    def signature(p: Finding) -> tuple[Any, ...]:
        return (*entity_of(p), p.path, p.code)

    before = {signature(p) for p in working_catalog(records).lint()}
    if old_key is not None and old_key != edit:
        before |= {(s, edit[1], *rest) for s, k, *rest in before if (s, k) == old_key}
    fresh = [p for p in after.lint() if signature(p) not in before]
    return sorted(fresh, key=lambda p: (entity_of(p) != edit, entity_of(p)))


__all__ = ["EntityKey", "RowVersion", "WorkingCopyCache", "WorkingCatalog", "build_catalog", "catalog_rows", "entity_of", "new_problems", "working_catalog"]
