"""Append-only audit log: who changed which entity, when, and the document before and after.

Rows are only ever inserted; an ORM update or delete of an entry raises, so neither a view nor a bug
can rewrite history.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from onewindow.runtime.loading import field_path

from ..sync.documents import entry_ids
from .db import db
from .records import utcnow

ACTIONS: dict[str, str] = {
    "create": "新建", "update": "修改", "delete": "删除", "submit": "提交审核", "publish": "发布",
    "return": "退回修改", "unschedule": "撤销排期", "withdraw": "申请取消", "restore": "恢复", "effective": "到期生效",
    "user_create": "新建用户", "user_update": "修改用户", "user_password": "重设密码", "user_role": "更改角色",
    "user_disable": "停用用户", "user_enable": "启用用户", "token_create": "签发令牌", "token_revoke": "撤销令牌",
    "import": "导入", "export": "导出", "login": "登录", "login_failed": "登录失败",
    "logout": "退出登录",
}


class AuditEntry(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16), index=True)
    section: Mapped[str | None] = mapped_column(String(32), index=True)
    key: Mapped[str | None] = mapped_column(String(96), index=True)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(400))


class AuditLogIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or remove an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly(f"审计日志只能追加，不能修改或删除（#{target.id}）")


def column_length(name: str) -> int:
    return AuditEntry.__table__.c[name].type.length


def _fit(name: str, text: str | None) -> str | None:
    return text if text is None else text[:column_length(name)]


def record(action: str, *, user: str | None, section: str | None = None, key: str | None = None,
           before: Any = None, after: Any = None, note: str | None = None) -> AuditEntry:
    """Add one entry to the current session (committed with the change it describes); texts longer than
    their column (a hostile 1 MB user name) are cut to it."""
    entry = AuditEntry(action=action, user=_fit("user", user), section=_fit("section", section), key=_fit("key", key),
                       before=before, after=after, note=_fit("note", note))
    db.session.add(entry)
    return entry


Change = tuple[str, Any, Any]
"""(path inside the document, value before, value after); a missing value is :data:`ABSENT`."""
ABSENT = "（无）"


def changes(before: Any, after: Any, loc: tuple[str | int, ...] = ()) -> list[Change]:
    """Field-level differences between two documents, deepest first-differing path each.

    Lists of parts with ids (materials, fees …) are compared by id, so removing one material reads as
    one removal, not as every later material changing."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in [*before, *(k for k in after if k not in before)]:
            found += changes(before.get(key, ABSENT), after.get(key, ABSENT), (*loc, key))
        return found
    if isinstance(before, list) and isinstance(after, list):
        ids_before, ids_after = entry_ids(before), entry_ids(after)
        if ids_before is not None and ids_after is not None:
            old, new = dict(zip(ids_before, before, strict=True)), dict(zip(ids_after, after, strict=True))
            return [change for key in [*old, *(k for k in new if k not in old)]
                    for change in changes(old.get(key, ABSENT), new.get(key, ABSENT), (*loc, f"id={key}"))]
        if len(before) == len(after):
            return [change for i, (b, a) in enumerate(zip(before, after, strict=True)) for change in changes(b, a, (*loc, i))]
    return [(field_path(loc), before, after)]


__all__ = ["ABSENT", "ACTIONS", "AuditEntry", "AuditLogIsAppendOnly", "Change", "changes", "column_length", "record"]
