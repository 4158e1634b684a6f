"""The workflow's two writes — submit for review, publish with an effective date — and their audit rows.

Kept out of the view so the rules read in one place: an effective date is a calendar day in
Asia/Shanghai (:func:`~onewindow.admin.store.records.serving_day`), today or later — a publication
cannot take effect in the past, that would rewrite what applicants were already told. A date in the
future does not touch what is served until its day (see :meth:`CatalogRecord.served_document`).
Refusals are :class:`PublicationRefused` with a message for staff, never an exception page.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import null, select, update

from . import audit
from .db import db
from .records import CatalogRecord

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class PublicationRefused(ValueError):
    """A workflow action that must not happen; ``str()`` is the Chinese message shown to staff."""


def parse_effective_on(text: str | None, today: date) -> date:
    """The effective day a reviewer typed: empty means today; not a real day, or before today, is refused."""
    raw = (text or "").strip()
    if not raw:
        return today
    if not _ISO_DAY.fullmatch(raw):
        raise PublicationRefused(f"生效日期「{raw}」格式不对，应为 YYYY-MM-DD（如 {today.isoformat()}），未发布。")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise PublicationRefused(f"生效日期「{raw}」不是有效的日期，未发布。") from None
    if day < today:
        raise PublicationRefused(f"生效日期 {day.isoformat()} 早于今天（{today.isoformat()}）：发布只能今天或以后生效，未发布。")
    return day


def promote_due(today: date) -> None:
    """Fold every scheduled version whose day has come into ``published_document`` (one UPDATE).

    Bookkeeping only — what is served is already right without it — so the list's effective date and
    export's "untouched" check see the version in force. A Core update on purpose: it leaves
    ``version_id`` alone, so an editor with the form open gets no false 「保存冲突」. Runs in the
    caller's transaction; the revision counter is bumped by the session event like any other write.
    """
    records = CatalogRecord.__table__
    due = (records.c.scheduled_on <= today, records.c.scheduled_document.is_not(None))
    if db.session.execute(select(records.c.id).where(*due).limit(1)).first() is None:
        return  # the usual case: no write, so no new catalog revision and no runtime rebuild
    db.session.execute(
        update(records).where(*due).values(published_document=records.c.scheduled_document, effective_on=records.c.scheduled_on,
                                           scheduled_document=null(), scheduled_on=None),
        execution_options={"synchronize_session": False})
    db.session.expire_all()  # rows already loaded in this session must not write back their old documents


def submit(record: CatalogRecord, *, user: str, section: str) -> None:
    """Draft → review."""
    if record.state != "draft":
        raise PublicationRefused("只有草稿可以提交审核（当前状态：" + record.state_label() + "）。")
    record.state = "review"
    audit.record("submit", user=user, section=section, key=record.key)


def send_back(record: CatalogRecord, reason: str | None, *, user: str, section: str) -> str:
    """Review → draft: the reviewer returns the submission to its editors, with the reason in the log."""
    if record.state != "review":
        raise PublicationRefused("只有待审核的修改可以退回（当前状态：" + record.state_label() + "）。")
    text = (reason or "").strip()
    if not text:
        raise PublicationRefused("退回时请写明原因，编辑人员据此修改。")
    record.state = "draft"
    audit.record("return", user=user, section=section, key=record.key, note=f"退回原因：{text}")
    return "已退回修改。"


def unschedule(record: CatalogRecord, *, user: str, section: str, today: date) -> str:
    """Withdraw a publication still waiting for its day; the version in force stays in force."""
    waiting = record.pending_on(today)
    if waiting is None:
        raise PublicationRefused("没有待生效的排期发布可撤销。")
    before = record.scheduled_document
    record.scheduled_document = record.scheduled_on = None
    audit.record("unschedule", user=user, section=section, key=record.key, before=before,
                 note=f"撤销原定 {waiting.isoformat()} 生效的版本")
    return f"已撤销原定 {waiting.isoformat()} 生效的版本，现行版本继续有效。"


def publish(record: CatalogRecord, effective_text: str | None, *, user: str, section: str, today: date) -> str:
    """Draft or review → published, in force from the effective day; returns the confirmation for staff."""
    if record.state not in ("draft", "review"):
        raise PublicationRefused("没有待发布的修改（当前状态：" + record.state_label(today) + "）。")
    effective_on = parse_effective_on(effective_text, today)
    before = record.served_document(today)
    replaced = record.publish(effective_on, today)
    day = effective_on.isoformat()
    if effective_on > today:
        note = f"生效日期 {day}（此前仍使用现行版本）"
        message = f"已发布，{day} 起生效；此前仍使用现行版本。"
    else:
        note = f"生效日期 {day}"
        message = f"已发布，自 {day} 起生效。"
    if replaced is not None:
        note += f"；取代原定 {replaced.isoformat()} 生效的版本"
        message += f"原定 {replaced.isoformat()} 生效的版本已被取代。"
    audit.record("publish", user=user, section=section, key=record.key, before=before, after=record.document, note=note)
    return message


__all__ = ["PublicationRefused", "parse_effective_on", "promote_due", "publish", "send_back", "submit", "unschedule"]
