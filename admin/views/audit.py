"""The append-only audit log, read-only and filterable by user, action, section and time."""
from __future__ import annotations

import json
from typing import Any

from flask_admin.contrib.sqla import ModelView
from markupsafe import Markup, escape

from ..store.audit import ACTIONS, AuditEntry, changes
from ..store.db import db
from ..store.records import RECORD_CLASSES, centre_time
from .access import RoleGuard

SECTION_NAMES: dict[str, str] = {**{section: cls.label for section, cls in RECORD_CLASSES.items()}, "users": "用户"}


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _changes_list(entry: AuditEntry) -> Markup:
    """改动, field by field: what a reviewer of the log wants before reading two whole documents."""
    if entry.before is None or entry.after is None:
        return Markup("")
    rows = "".join(f"<li><code>{escape(path)}</code>：{escape(_value(old))} → {escape(_value(new))}</li>"
                   for path, old, new in changes(entry.before, entry.after))
    return Markup(f'<ul class="audit-changes mb-0">{rows}</ul>')


class AuditView(RoleGuard, ModelView):
    permission_view = "audit"
    can_view_details = True
    column_default_sort = ("at", True)
    column_list = ("at", "user", "action", "section", "key", "note")
    column_details_list = ("at", "user", "action", "section", "key", "note", "changes", "before", "after")
    column_filters = ("user", "action", "section", "key", "at")
    column_searchable_list = ("user", "key", "note")
    column_labels = {"at": "时间", "user": "用户", "action": "操作", "section": "类别", "key": "标识",
                     "before": "修改前", "after": "修改后", "note": "说明", "changes": "改动"}
    column_formatters = {"action": lambda v, c, m, n: ACTIONS.get(m.action, m.action),
                         "at": lambda v, c, m, n: centre_time(m.at),  # the centre's zone, to the minute
                         "section": lambda v, c, m, n: SECTION_NAMES.get(m.section or "", m.section or "")}
    column_formatters_detail = {**column_formatters, "changes": lambda v, c, m, n: _changes_list(m)}

    def __init__(self) -> None:
        super().__init__(AuditEntry, db, name="审计日志", endpoint="audit", category="系统")

    @property
    def can_create(self) -> bool:
        return False

    @property
    def can_edit(self) -> bool:
        return False

    @property
    def can_delete(self) -> bool:
        return False

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        raise PermissionError("审计日志只读")


__all__ = ["AuditView"]
