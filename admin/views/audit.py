"""The append-only audit log, read-only and filterable by user, action, section and time."""
from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla import ModelView

from ..store.audit import ACTIONS, AuditEntry
from ..store.db import db
from .access import RoleGuard


class AuditView(RoleGuard, ModelView):
    permission_view = "audit"
    can_view_details = True
    column_default_sort = ("at", True)
    column_list = ("at", "user", "action", "section", "key", "note")
    column_details_list = ("at", "user", "action", "section", "key", "note", "before", "after")
    column_filters = ("user", "action", "section", "key", "at")
    column_searchable_list = ("user", "key", "note")
    column_labels = {"at": "时间", "user": "用户", "action": "操作", "section": "类别", "key": "标识",
                     "before": "修改前", "after": "修改后", "note": "说明"}
    column_formatters = {"action": lambda v, c, m, n: ACTIONS.get(m.action, m.action)}

    def __init__(self) -> None:
        super().__init__(AuditEntry, db, name="审计日志", endpoint="audit", category="系统")

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return False

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return False

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return False

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        raise PermissionError("审计日志只读")


__all__ = ["AuditView"]
