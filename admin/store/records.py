"""ORM rows of the catalog: indexed columns for what the console filters, joins and locks on, plus the document.

One table, one row per catalog entity (single-table inheritance: one subclass per catalog section, so
Flask-Admin gets one view per entity kind). A row keeps the validated YAML mapping of its entity as JSON
(``document``, the working copy; ``published_document``, what the runtime serves) and copies out only
the few fields the database must index: code, department, type, status, validity dates. Every other
field lives once, in the pydantic model (style §8: no ORM column restating the catalog's shape).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, ClassVar

from pydantic import BaseModel
from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from onewindow.runtime.catalog import (
    CalendarYear, Centre, Department, GreenChannel, Item, LegalDocument, LibraryMaterial, Pipeline, Situation,
    TownshipCentre, Window,
)

from .db import db

STATES: dict[str, str] = {"draft": "草稿", "review": "待审核", "published": "已发布"}
"""Workflow of a console edit: draft → review → published (with an effective date)."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class CatalogRecord(db.Model):
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
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_document: Mapped[dict[str, Any] | None] = mapped_column(JSON)
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
        return cls.__mapper_args__["polymorphic_identity"]


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


class SourceFile(db.Model):
    """A YAML file the last import read: export reconciles it even when all its entities were deleted."""

    __tablename__ = "source_files"

    path: Mapped[str] = mapped_column(String(400), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), default="")
    entities: Mapped[int] = mapped_column(Integer, default=0)


RECORD_CLASSES: dict[str, type[CatalogRecord]] = {
    cls.__mapper_args__["polymorphic_identity"]: cls
    for cls in (CentreRecord, DepartmentRecord, WindowRecord, TownshipCentreRecord, LegalDocumentRecord,
                SituationRecord, MaterialRecord, ItemRecord, PipelineRecord, GreenChannelRecord, CalendarYearRecord)
}
"""Catalog section (a key of :class:`onewindow.runtime.catalog.CatalogFile`) → its record class."""

__all__ = ["RECORD_CLASSES", "STATES", "CatalogRecord", "SourceFile", "utcnow", *[c.__name__ for c in RECORD_CLASSES.values()]]
