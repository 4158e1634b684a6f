"""Items (事项): the catalog's main view, with its filters and the service-guide preview (八公开)."""
from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_admin import expose

from onewindow.runtime.catalog.item import CASE_CLASS_NAMES, ITEM_TYPE_NAMES, STEP_NAMES
from onewindow.runtime.catalog.material import FORM_NAMES, NECESSITY_NAMES

from ..store.records import ItemRecord
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
        """办事指南预览: the eight disclosures of the working copy, as the public would read them."""
        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        item, problems = validate_document(ItemRecord.model, record.document)
        if item is None:
            abort(422)
        return self.render("admin/guide.html", record=record, item=item, item_types=ITEM_TYPE_NAMES,
                           case_classes=CASE_CLASS_NAMES, steps=STEP_NAMES, forms=FORM_NAMES, necessities=NECESSITY_NAMES)


__all__ = ["ItemView"]
