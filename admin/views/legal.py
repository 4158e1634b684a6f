"""Legal documents (法律文件) and the report of items citing repealed or expired ones."""
from __future__ import annotations

from typing import Any

from flask_admin import BaseView, expose

from onewindow.runtime.catalog import STATUS_NAMES
from onewindow.runtime.loading import field_path

from ..store.records import LegalDocumentRecord
from ..store.publication import TOLERATED_ELSEWHERE
from ..store.working_catalog import catalog_rows, entity_of, working_catalog
from .access import RoleGuard
from .base import CatalogModelView


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
        rows = [(entity_of(f), field_path(f.path), f.message) for f in working_catalog(records).lint()
                if f.code in TOLERATED_ELSEWHERE]
        ids = {(r.section, r.key): r for r in records}
        return self.render("admin/repealed.html", rows=rows, records=ids, statuses=STATUS_NAMES)


__all__ = ["LegalDocumentView", "RepealedCitationsView"]
