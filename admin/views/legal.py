"""Legal documents (法律文件) and the report of items citing repealed or expired ones."""
from __future__ import annotations

from typing import Any

from flask_admin import BaseView, expose

from onewindow.runtime.catalog import STATUS_NAMES

from ..store.records import LegalDocumentRecord
from ..store.working_catalog import catalog_rows, working_catalog
from .access import RoleGuard
from .base import SURFACED_ELSEWHERE, CatalogModelView


class LegalDocumentView(CatalogModelView):
    column_list = ("code", "name", "legal_status", "valid_from", "valid_until", "state", "effective_on")
    column_filters = ("legal_status", "state")

    def __init__(self) -> None:
        super().__init__(LegalDocumentRecord, category="依据与材料")


class RepealedCitationsView(RoleGuard, BaseView):
    """Items of the working copy citing a repealed or expired document, found by the runtime's lint."""

    permission_view = "repealed_citations"

    @expose("/")
    def index(self) -> Any:
        records = catalog_rows()
        rows = [p for p in working_catalog(records).lint() if p.problem.code in SURFACED_ELSEWHERE]
        ids = {(r.section, r.key): r for r in records}
        return self.render("admin/repealed.html", rows=rows, records=ids, statuses=STATUS_NAMES)


__all__ = ["LegalDocumentView", "RepealedCitationsView"]
