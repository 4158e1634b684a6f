"""Items (事项): the catalog's main view, with its filters and the service-guide preview (八公开)."""
from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_admin import expose

from onewindow.runtime.catalog import Item
from onewindow.runtime.guide import build_guide, render_guide_body
from onewindow.runtime.guide import stylesheet

from ..store.records import ItemRecord
from ..store.working_catalog import build_catalog, catalog_rows
from ..sync.documents import validate_document
from .base import CatalogModelView


class ItemView(CatalogModelView):
    column_list = ("code", "name", "department", "item_type", "default_case_class", "state", "effective_on", "valid_from")
    column_filters = ("department", "item_type", "default_case_class", "state")
    column_searchable_list = ("code", "name", "department")

    def __init__(self) -> None:
        super().__init__(ItemRecord, category="事项目录")

    @expose("/guide/")
    def guide_view(self) -> Any:
        """办事指南预览: the runtime's own service guide of the working copy, as the public will read it."""
        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        item, _problems = validate_document(ItemRecord.model, record.document)
        if not isinstance(item, Item):
            abort(422)
        catalog = build_catalog(catalog_rows(), replace={(record.section, record.key): item})
        if catalog is None:
            abort(422)
        body = render_guide_body(build_guide(catalog, item))
        return self.render("admin/guide.html", record=record, item=item, body=body, stylesheet=stylesheet())


__all__ = ["ItemView"]
