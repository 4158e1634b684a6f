"""The shape of one catalog YAML file: any subset of the catalog's sections.

A county may keep everything in one file (see ``examples/``) or one item per file (see ``config/``):
the loader merges the sections of every ``*.yaml`` under the directory, so layout is the county's choice.
"""
from __future__ import annotations

from pydantic import Field

from .base import Model
from .calendar_year import CalendarYear
from .green_channel import GreenChannel
from .item import Item
from .legal import LegalDocument
from .material import LibraryMaterial
from .organisation import Centre, Department, TownshipCentre, Window
from .pipeline import Pipeline
from .situation import Situation


class CatalogFile(Model):
    """One YAML file of the catalog; every section is optional, unknown sections are errors."""

    centre: Centre | None = Field(default=None, title="中心")
    departments: tuple[Department, ...] = Field(default=(), title="进驻部门")
    windows: tuple[Window, ...] = Field(default=(), title="窗口")
    township_centres: tuple[TownshipCentre, ...] = Field(default=(), title="乡镇便民服务中心")
    legal_documents: tuple[LegalDocument, ...] = Field(default=(), title="法律文件")
    situations: tuple[Situation, ...] = Field(default=(), title="情形")
    materials: tuple[LibraryMaterial, ...] = Field(default=(), title="材料库")
    items: tuple[Item, ...] = Field(default=(), title="事项")
    pipelines: tuple[Pipeline, ...] = Field(default=(), title="联合审批")
    green_channel: GreenChannel | None = Field(default=None, title="绿色通道")
    calendar: tuple[CalendarYear, ...] = Field(default=(), title="工作日历")


SECTIONS: tuple[str, ...] = tuple(CatalogFile.model_fields)

__all__ = ["CatalogFile", "SECTIONS"]
