"""ORM rows of the catalog: indexed columns for what the console filters, joins and locks on, plus the document.

One table, one row per catalog entity (single-table inheritance: one subclass per catalog section, so
Flask-Admin gets one view per entity kind). A row keeps the validated YAML mapping of its entity as JSON
(``document``, the working copy; ``published_document``, the published version in force;
``scheduled_document``, a published version waiting for its effective day) and copies out only the few
fields the database must index: code, department, type, status, validity dates. Every other field lives
once, in the pydantic model (style §8: no ORM column restating the catalog's shape).

What is served on a day is decided lazily (:meth:`CatalogRecord.served_document`), so a publication
takes effect on its day with no scheduled job. ``catalog_revision`` is a one-row counter bumped in the
same transaction as every write to ``catalog_records``, so the runtime cache can tell "nothing changed"
with one single-row read instead of reading every record.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from pydantic import BaseModel
from sqlalchemy import (
    JSON, Connection, Date, DateTime, Index, Integer, String, UniqueConstraint, and_, event, or_, select, text, update,
)
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from onewindow.runtime.catalog import (
    CalendarYear, Centre, Department, GreenChannel, Item, LegalDocument, LibraryMaterial, Pipeline, Situation,
    TownshipCentre, Window,
)

from .db import db

STATES: dict[str, str] = {"draft": "草稿", "review": "待审核", "published": "已发布", "withdrawal": "申请取消（待审核）",
                          "withdrawn": "已取消"}
"""Workflow of a console edit: draft → review → published (with an effective date).

The state is that of the working copy; a published version waiting for its day is not a state of its
own (an edit may already have made a new draft on top of it), it is shown beside the state as
:data:`PENDING`. A deletion is a *withdrawal* (申请取消) going through the same review: approved, it
publishes "nothing" from its effective day — ``scheduled_on`` set with no ``scheduled_document`` — and
the row stays, so the entity can be restored."""
PENDING = "{day} 生效的新版本待生效"
"""Shown after the state while a scheduled publication has not reached its effective day."""


CENTRE_ZONE = ZoneInfo(Centre.model_fields["timezone"].default)
"""The centre model's one time zone (``Centre.timezone`` admits Beijing time only), for clocks read without a catalog."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def centre_time(value: datetime | None) -> str:
    """A stored time (naive UTC) as staff read it: the centre's zone (Asia/Shanghai), to the minute."""
    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(CENTRE_ZONE).strftime("%Y-%m-%d %H:%M")


def serving_day(config: Mapping[str, Any] | None = None) -> date:
    """Today's calendar day in Asia/Shanghai: the one clock deciding which published version is served.

    The centre works on Beijing time whatever the server's zone is, so a publication effective on
    2026-12-01 is served from 00:00 Beijing time. Tests and demos move the day with the app setting
    ``ONEWINDOW_TODAY`` (a date or ``YYYY-MM-DD``), read from ``config`` (an app's settings, for a caller
    outside an app context) or from the current app's.
    """
    if config is None and has_app_context():
        config = current_app.config
    if config is not None:
        override = config.get("ONEWINDOW_TODAY")
        if isinstance(override, datetime):
            return override.date()
        if isinstance(override, date):
            return override
        if override:
            return date.fromisoformat(str(override))
    return datetime.now(CENTRE_ZONE).date()


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def schedule_due(scheduled_on: date | None, on: date) -> bool | None:
    """None: nothing scheduled; True: the scheduled version's day has come by ``on``; False: it still waits.

    The one test of a schedule's day, for rows (:meth:`CatalogRecord.served_document`) and for the bare row
    versions the console assembles its catalog from."""
    return None if scheduled_on is None else scheduled_on <= on


class CatalogRecord(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """One catalog entity: its indexed columns, workflow state and document."""

    __tablename__ = "catalog_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str] = mapped_column(String(96))
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str | None] = mapped_column(String(64), index=True)
    departments: Mapped[str | None] = mapped_column(String(400))
    item_type: Mapped[str | None] = mapped_column(String(32), index=True)
    default_case_class: Mapped[str | None] = mapped_column(String(32), index=True)
    legal_status: Mapped[str | None] = mapped_column(String(32), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="published", index=True)
    effective_on: Mapped[date | None] = mapped_column(Date)
    """The day ``published_document`` took (or takes) effect."""
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_document: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    scheduled_document: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    """A published version served from ``scheduled_on`` on; None as SQL NULL (not JSON ``null``), so
    ``IS NULL`` in queries means "nothing scheduled"."""
    scheduled_on: Mapped[date | None] = mapped_column(Date, index=True)
    file: Mapped[str | None] = mapped_column(String(400))
    source_key: Mapped[str | None] = mapped_column(String(96))
    source_version: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        UniqueConstraint("section", "key", name="uq_catalog_records_section_key"),
        Index("ix_catalog_records_section_code", "section", "code"),
    )
    __mapper_args__ = {"polymorphic_on": "section", "version_id_col": version_id}

    model: ClassVar[type[BaseModel]]
    label: ClassVar[str]
    singleton: ClassVar[bool] = False

    @classmethod
    def key_of(cls, data: Mapping[str, Any]) -> str:
        """The entity's identity inside its section, from a document (YAML mapping or JSON)."""
        return str(data.get("id") or data.get("code"))

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        """The indexed columns this kind copies out of its validated model."""
        return {"name": str(getattr(model, "name", "") or getattr(model, "title", "") or cls.label)}

    def apply(self, document: dict[str, Any], model: BaseModel) -> None:
        """Set the document and every derived column from one validated edit."""
        self.document = document
        self.key = self.key_of(document)
        self.code = self.key.split("@", 1)[0]
        for column, value in self.columns_of(model).items():
            setattr(self, column, value)

    # -- publication -------------------------------------------------------------------------------
    def _schedule_due(self, on: date | None) -> bool | None:
        """:func:`schedule_due` of this row on ``on`` (default: today)."""
        if self.scheduled_on is None:  # a scheduled withdrawal has a day and no document
            return None
        return schedule_due(self.scheduled_on, serving_day() if on is None else on)

    def served_document(self, on: date | None = None) -> dict[str, Any] | None:
        """The published version in force on ``on`` (default: :func:`serving_day`), or None.

        Decided at read time rather than by a job at midnight: a scheduled version is served as soon as
        its day has come, whether or not it has been folded into ``published_document`` yet.
        """
        return self.scheduled_document if self._schedule_due(on) else self.published_document

    def served_effective_on(self, on: date | None = None) -> date | None:
        """The effective day of :meth:`served_document`."""
        if self._schedule_due(on):
            return self.scheduled_on
        return self.effective_on if self.published_document is not None else None

    def pending_on(self, on: date | None = None) -> date | None:
        """The effective day of a scheduled version not yet in force on ``on``, else None."""
        return self.scheduled_on if self._schedule_due(on) is False else None

    @classmethod
    def served_on(cls, on: date) -> ColumnElement[bool]:
        """SQL twin of ``served_document(on) is not None``: rows with a version in force on ``on``."""
        due = and_(cls.scheduled_on.is_not(None), cls.scheduled_on <= on)
        return or_(and_(due, cls.scheduled_document.is_not(None)), and_(~due, cls.published_document.is_not(None)))

    def promote(self, on: date) -> bool:
        """Fold a scheduled version whose day has come into ``published_document``; True if one was."""
        if not self._schedule_due(on):
            return False
        self.published_document, self.effective_on = self.scheduled_document, self.scheduled_on
        self.scheduled_document = self.scheduled_on = None
        return True

    def publish(self, effective_on: date, today: date) -> date | None:
        """Publish the working copy, in force from ``effective_on`` (today or later; the caller checks).

        Effective today: it replaces the version in force at once. Later: it waits in
        ``scheduled_document`` and the version in force is served until that day. Either way a version
        still waiting is replaced — publishing again before the day means "this one instead", and an
        older schedule must never overwrite a newer publication when its day comes. Returns the day of
        the replaced schedule, if any.
        """
        return self._serve_from(self.document, effective_on, today, "published")

    def withdraw(self, effective_on: date, today: date) -> date | None:
        """Stop serving this entity from ``effective_on`` (an approved 申请取消); like :meth:`publish`
        of nothing. The working copy stays, for restore. Returns the day of a replaced schedule, if any."""
        return self._serve_from(None, effective_on, today, "withdrawn")

    def _serve_from(self, document: dict[str, Any] | None, effective_on: date, today: date, state: str) -> date | None:
        """Serve ``document`` (None: nothing) from ``effective_on``: at once when the day has come, else
        scheduled in place of any version still waiting. Returns the day of the replaced schedule, if any."""
        self.promote(today)
        replaced = self.pending_on(today)
        if effective_on <= today:
            self.published_document, self.effective_on = document, effective_on
            self.scheduled_document = self.scheduled_on = None
        else:
            self.scheduled_document, self.scheduled_on = document, effective_on
        self.state = state
        return replaced

    def state_label(self, on: date | None = None) -> str:
        """The workflow state in Chinese, with the pending publication if one waits for its day."""
        label = STATES.get(self.state, self.state)
        pending = self.pending_on(on)
        return f"{label}（{PENDING.format(day=pending.isoformat())}）" if pending else label

    def in_department(self, department: str) -> bool:
        return self.department == department or f",{department}," in (self.departments or "")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class ItemRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "items"}
    model = Item
    label = "事项"

    @classmethod
    def key_of(cls, data: Mapping[str, Any]) -> str:
        start = data.get("valid_from")
        return f"{data['code']}@{_iso(start)}" if start else str(data["code"])

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": model.name, "department": model.department, "departments": f",{model.department},",
                "item_type": model.item_type, "default_case_class": model.default_case_class,
                "valid_from": model.valid_from, "valid_until": model.valid_until}


class DepartmentRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "departments"}
    model = Department
    label = "进驻部门"

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": model.name, "department": model.id}


class WindowRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "windows"}
    model = Window
    label = "窗口"

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        first = model.departments[0] if model.departments else None
        return {"name": model.name, "department": first,
                "departments": "," + ",".join(model.departments) + "," if model.departments else None}


class TownshipCentreRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "township_centres"}
    model = TownshipCentre
    label = "乡镇便民服务中心"


class LegalDocumentRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "legal_documents"}
    model = LegalDocument
    label = "法律文件"

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": model.title, "legal_status": model.status, "valid_from": model.effective,
                "valid_until": model.ends}


class SituationRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "situations"}
    model = Situation
    label = "情形"

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": model.question}


class MaterialRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "materials"}
    model = LibraryMaterial
    label = "材料库"


class PipelineRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "pipelines"}
    model = Pipeline
    label = "联合审批"

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": model.name, "department": model.lead, "departments": "," + ",".join(model.departments) + ","}


class _SingletonRecord(CatalogRecord):
    """A section holding one mapping, not a list: its key is the section name."""

    __abstract__ = True
    singleton = True

    @classmethod
    def key_of(cls, data: Mapping[str, Any]) -> str:
        return str(cls.__mapper_args__["polymorphic_identity"])


class CentreRecord(_SingletonRecord):
    __mapper_args__ = {"polymorphic_identity": "centre"}
    model = Centre
    label = "中心"


class GreenChannelRecord(_SingletonRecord):
    __mapper_args__ = {"polymorphic_identity": "green_channel"}
    model = GreenChannel
    label = "绿色通道"


class CalendarYearRecord(CatalogRecord):
    __mapper_args__ = {"polymorphic_identity": "calendar"}
    model = CalendarYear
    label = "工作日历"

    @classmethod
    def key_of(cls, data: Mapping[str, Any]) -> str:
        return str(data["year"])

    @classmethod
    def columns_of(cls, model: Any) -> dict[str, Any]:
        return {"name": f"{model.year} 年工作日历"}


class SourceFile(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """A YAML file the last import read: export reconciles it even when all its entities were deleted."""

    __tablename__ = "source_files"

    path: Mapped[str] = mapped_column(String(400), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), default="")
    entities: Mapped[int] = mapped_column(Integer, default=0)


class CatalogRevision(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """One row counting the writes to ``catalog_records``: a cheap, exact key for the runtime cache.

    ``epoch`` is random per database (set by migration 0002), so two databases that happen to reach
    the same count are never confused; ``value`` is bumped by the session events below in the same
    transaction as the change, so it commits or rolls back with it. A write that bypasses the ORM
    session (raw SQL on a bare connection) must call :func:`bump_revision` itself.
    """

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    value: Mapped[int] = mapped_column(Integer, default=0)


_REVISION = CatalogRevision.__table__


CATALOG_CHANNEL = "onewindow_catalog"
"""PostgreSQL ``NOTIFY`` channel of catalog writes: serving processes listen (:class:`~.runtimes.NotifyProbe`)
instead of reading the revision on every request. Sent in the writing transaction, so only a commit is heard."""


def bump_revision(connection: Connection) -> None:
    """Count one write to ``catalog_records`` (on the connection of the writing transaction); on PostgreSQL
    also notify the listening servers (PostgreSQL folds a transaction's identical notifications into one)."""
    connection.execute(update(_REVISION).where(_REVISION.c.id == 1).values(value=_REVISION.c.value + 1))
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"NOTIFY {CATALOG_CHANNEL}"))


def read_revision(session: Session) -> tuple[str, int] | None:
    """(epoch, value) of the catalog, or None when the row is missing (a schema not made by migrations)."""
    row = session.execute(select(_REVISION.c.epoch, _REVISION.c.value).where(_REVISION.c.id == 1)).one_or_none()
    return None if row is None else (row.epoch, row.value)


def _count_flushed_writes(session: Session, flush_context: Any, instances: Any) -> None:
    """ORM inserts, updates and deletes of catalog records (console saves, workflow, import)."""
    if any(isinstance(o, CatalogRecord) for o in (*session.new, *session.deleted)) or any(
            isinstance(o, CatalogRecord) and session.is_modified(o) for o in session.dirty):
        bump_revision(session.connection())


def _count_bulk_writes(state: ORMExecuteState) -> None:
    """Bulk DML through ``session.execute`` (``delete(CatalogRecord)`` on import, Core updates)."""
    statement = state.statement
    table = getattr(statement, "table", None) if getattr(statement, "is_dml", False) else None
    if getattr(table, "name", None) == CatalogRecord.__tablename__:
        bump_revision(state.session.connection())


def install_revision_counter(session: Any) -> None:
    """Count catalog writes on ``session`` (the app's ``db.session``: its session factory only), never on
    every SQLAlchemy session of the process; called by ``create_app``, idempotent across apps."""
    for name, listener in (("before_flush", _count_flushed_writes), ("do_orm_execute", _count_bulk_writes)):
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)


RECORD_CLASSES: dict[str, type[CatalogRecord]] = {
    str(cls.__mapper_args__["polymorphic_identity"]): cls
    for cls in (CentreRecord, DepartmentRecord, WindowRecord, TownshipCentreRecord, LegalDocumentRecord,
                SituationRecord, MaterialRecord, ItemRecord, PipelineRecord, GreenChannelRecord, CalendarYearRecord)
}
"""Catalog section (a key of :class:`onewindow.runtime.catalog.CatalogFile`) → its record class."""

__all__ = ["CATALOG_CHANNEL", "PENDING", "RECORD_CLASSES", "STATES", "CatalogRecord", "CatalogRevision", "SourceFile", "bump_revision", "centre_time",
           "install_revision_counter",
           "CENTRE_ZONE", "read_revision", "schedule_due", "serving_day", "utcnow", *[c.__name__ for c in RECORD_CLASSES.values()]]
