"""The remaining catalog sections: organisation, situations, material library, pipelines, calendar."""
from __future__ import annotations

from ..store.records import (
    CalendarYearRecord, CentreRecord, DepartmentRecord, GreenChannelRecord, MaterialRecord, PipelineRecord,
    SituationRecord, TownshipCentreRecord, WindowRecord,
)
from .base import CatalogModelView


class WindowView(CatalogModelView):
    column_list = ("code", "name", "department", "state", "effective_on")
    column_filters = ("department", "state")


class PipelineView(CatalogModelView):
    column_list = ("code", "name", "department", "state", "effective_on")
    column_filters = ("department", "state")


def section_views() -> list[CatalogModelView]:
    """Views of every section but items and legal documents, grouped in the menu."""
    return [
        CatalogModelView(CentreRecord, category="组织机构"),
        CatalogModelView(DepartmentRecord, category="组织机构"),
        WindowView(WindowRecord, category="组织机构"),
        CatalogModelView(TownshipCentreRecord, category="组织机构"),
        CatalogModelView(SituationRecord, category="依据与材料"),
        CatalogModelView(MaterialRecord, category="依据与材料"),
        PipelineView(PipelineRecord, category="事项目录"),
        CatalogModelView(GreenChannelRecord, category="事项目录"),
        CatalogModelView(CalendarYearRecord, category="组织机构"),
    ]


__all__ = ["PipelineView", "WindowView", "section_views"]
