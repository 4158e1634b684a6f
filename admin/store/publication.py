"""The workflow's two writes — submit for review, publish with an effective date — and their audit rows.

Kept out of the view so the rules read in one place: an effective date is a calendar day in
Asia/Shanghai (:func:`~onewindow.admin.store.records.serving_day`), today or later — a publication
cannot take effect in the past, that would rewrite what applicants were already told. A date in the
future does not touch what is served until its day (see :meth:`CatalogRecord.served_document`).
Refusals are :class:`PublicationRefused` with a message for staff, never an exception page.

Every write that changes what will be served — publish, a withdrawal (申请取消, the console's delete)
and its approval — is judged first by the runtime's one validity judge
(:class:`onewindow.runtime.validity.Judge`) on the *would-be published catalog*: the catalog served
today with this change applied, catalog lint and rules compile together. A change adding an error there
is refused with the findings named (the rule, the entity, the field); nothing the judge refuses is served.

A *preview* — the app setting ``ONEWINDOW_TODAY`` on a day after today's real date — never writes:
folding due publications only ever folds what is due by the real date, and the workflow refuses to act.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from pydantic import BaseModel
from sqlalchemy import null, select, update

from onewindow.runtime.catalog import Origin
from onewindow.runtime.errors import Finding, Problem
from onewindow.runtime.loading import field_path
from onewindow.runtime.validity import Judge, Layer, layer_of

from ..sync.documents import validate_document
from . import audit
from .db import db
from .records import CENTRE_ZONE, RECORD_CLASSES, CatalogRecord, serving_day
from .working_catalog import EntityKey, build_catalog, catalog_rows, entity_of

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


SECTION_NAMES: dict[str, str] = {section: cls.label for section, cls in RECORD_CLASSES.items()}
TOLERATED_ELSEWHERE = frozenset({"repealed-basis", "expired-basis"})
"""Catalog findings a change may cause on *other* entities without being refused: marking a document
repealed must be possible, and the items citing it are then listed in 「引用已废止文件的事项」 for the fix.
Never tolerated in the rules layer — a rule citing a lapsed document stops every decision."""


class PublicationRefused(ValueError):
    """A workflow action that must not happen; ``str()`` is the Chinese message shown to staff."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


def real_day() -> date:
    """Today's date in Asia/Shanghai by the clock, whatever ``ONEWINDOW_TODAY`` says."""
    return datetime.now(CENTRE_ZONE).date()


def preview_day() -> date | None:
    """The serving day when it is a preview (``ONEWINDOW_TODAY`` after today's real date), else None."""
    day = serving_day()
    return day if day > real_day() else None


def refuse_in_preview(what: str) -> None:
    day = preview_day()
    if day is not None:
        raise PublicationRefused(f"预览模式（ONEWINDOW_TODAY={day.isoformat()}）只供查看，不能{what}：预览不写入任何内容。")


def rules_dir() -> Path:
    return Path(current_app.config.get("ONEWINDOW_RULES_DIR") or "rules")


def describe(finding: Finding) -> str:
    """A finding for staff: which entity (by section name and key) or which rule file and line, and why."""
    subject = finding.subject
    if isinstance(subject, Problem):
        return f"规则文件 {subject.file} 第 {subject.line} 行：{finding.message}"
    where = ""
    if isinstance(subject, Origin):
        where = f"{SECTION_NAMES.get(subject.file, subject.file)}「{subject.loc[0]}」"
    path = field_path(finding.path)
    return f"{where}{' ' + path if path else ''}：{finding.message}"


def judge_change(replace: dict[EntityKey, BaseModel | None], *, layers: Iterable[Layer] = ("catalog", "rules"),
                 own: EntityKey | None = None) -> tuple[Finding, ...]:
    """Errors the change would add to the catalog served today (``replace`` as in ``build_catalog``).

    Catalog findings of :data:`TOLERATED_ELSEWHERE` on entities other than ``own`` are not counted."""
    wanted = tuple(layers)
    judge = Judge(rules_dir())
    rows = catalog_rows()
    before = judge.judge(build_catalog(rows, published=True), layers=wanted)
    after = judge.judge(build_catalog(rows, published=True, replace=replace), layers=wanted)
    added = after.added_to(before)
    return tuple(f for f in added if not (
        layer_of(f) == "catalog" and f.code in TOLERATED_ELSEWHERE and isinstance(f.subject, Origin)
        and entity_of(f) != own))


def four_eyes() -> bool:
    """Whether a publication needs a second person (``ONEWINDOW_FOUR_EYES``; default: on in production)."""
    setting = current_app.config.get("ONEWINDOW_FOUR_EYES")
    if setting is None or setting == "":
        return current_app.config.get("ONEWINDOW_ENV", "production") == "production"
    return str(setting).lower() not in ("0", "false", "no", "off")


def _author(record: CatalogRecord) -> str | None:
    """Who made the change being published: the last editor, or who asked for the withdrawal."""
    if record.state == "withdrawal":
        return db.session.scalar(select(audit.AuditEntry.user).where(
            audit.AuditEntry.action == "withdraw", audit.AuditEntry.section == record.section,
            audit.AuditEntry.key == record.key).order_by(audit.AuditEntry.id.desc()).limit(1))
    return record.updated_by


def proposed_changes(record: CatalogRecord, section: str) -> list[Any]:
    """The semantic diff (burden classes, ``onewindow diff``) of publishing ``record`` now: the catalog served
    today against it with this change applied."""
    from onewindow.runtime.review import diff_catalogs

    rows = catalog_rows()
    replacement = None if record.state == "withdrawal" else validate_document(type(record).model, record.document)[0]
    if replacement is None and record.state != "withdrawal":
        return []
    base = build_catalog(rows, published=True)
    head = build_catalog(rows, published=True, replace={(section, record.key): replacement})
    return [] if base is None or head is None else diff_catalogs(base, head)


def _refuse_if_broken(findings: tuple[Finding, ...], what: str) -> None:
    if findings:
        lines = "；".join(describe(f) for f in findings[:8])
        more = f"（另有 {len(findings) - 8} 项）" if len(findings) > 8 else ""
        raise PublicationRefused(f"{what}会使正在提供的服务出错，未执行：{lines}{more}", findings)


def _model_of(record: CatalogRecord) -> BaseModel:
    model, problems = validate_document(type(record).model, record.document)
    if model is None:
        raise PublicationRefused("工作副本未通过校验，请先在编辑页修正：" + "；".join(p.message for p in problems[:5]))
    return model


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
    today = min(today, real_day())  # a preview day never folds a publication early
    records = CatalogRecord.__table__
    due = (records.c.scheduled_on.is_not(None), records.c.scheduled_on <= today)
    folded = db.session.execute(select(records.c.section, records.c.key, records.c.scheduled_on,
                                       records.c.scheduled_document).where(*due)).all()
    if not folded:
        return  # the usual case: no write, so no new catalog revision and no runtime rebuild
    for section, key, day, document in folded:
        audit.record("effective", user="system", section=section, key=key,
                     note=f"{day.isoformat()} 起生效" + ("（取消）" if document is None else ""))
    db.session.execute(
        update(records).where(*due).values(published_document=records.c.scheduled_document, effective_on=records.c.scheduled_on,
                                           scheduled_document=null(), scheduled_on=None),
        execution_options={"synchronize_session": False})
    db.session.expire_all()  # rows already loaded in this session must not write back their old documents


def submit(record: CatalogRecord, *, user: str, section: str) -> None:
    """Draft → review."""
    if record.state != "draft":
        raise PublicationRefused("只有草稿可以提交审核（当前状态：" + record.state_label() + "）。")
    refuse_in_preview("提交审核")
    _refuse_if_broken(judge_change({(section, record.key): _model_of(record)}, own=(section, record.key)), "此修改一旦发布")
    record.state = "review"
    audit.record("submit", user=user, section=section, key=record.key)


def send_back(record: CatalogRecord, reason: str | None, *, user: str, section: str) -> str:
    """Review → draft: the reviewer returns the submission to its editors, with the reason in the log."""
    if record.state not in ("review", "withdrawal"):
        raise PublicationRefused("只有待审核的修改可以退回（当前状态：" + record.state_label() + "）。")
    refuse_in_preview("退回")
    text = (reason or "").strip()
    if not text:
        raise PublicationRefused("退回时请写明原因，编辑人员据此修改。")
    longest = audit.column_length("note") - max(len("退回原因："), len("不同意取消："))  # the note's prefixes below
    if len(text) > longest:
        raise PublicationRefused(f"退回原因最多 {longest} 个字（现有 {len(text)} 个字），请精简。")
    if record.state == "withdrawal":  # the withdrawal is refused: the entity stays as it was
        record.state = "published" if record.served_document() is not None else "draft"
        audit.record("return", user=user, section=section, key=record.key, note=f"不同意取消：{text}")
        return "已退回取消申请，条目继续有效。"
    record.state = "draft"
    audit.record("return", user=user, section=section, key=record.key, note=f"退回原因：{text}")
    return "已退回修改。"


def request_withdrawal(record: CatalogRecord, *, user: str, section: str) -> str:
    """The console's delete: 申请取消, reviewed and in force from a day like any publication.

    Judged at once on the catalog served today without this entity — a department items still name,
    a document rules cite — so a withdrawal that could never be approved is refused while it is asked."""
    if record.state in ("withdrawal", "withdrawn"):
        raise PublicationRefused(f"「{record}」已{record.state_label()}。")
    refuse_in_preview("申请取消")
    if record.served_document() is not None or record.pending_on() is not None:
        _refuse_if_broken(judge_change({(section, record.key): None}), f"取消「{record}」")
    record.state = "withdrawal"
    audit.record("withdraw", user=user, section=section, key=record.key, before=record.document, note="申请取消")
    return f"已申请取消「{record}」，经审核后在生效日期起停止提供。"


def restore(record: CatalogRecord, *, user: str, section: str) -> str:
    """A withdrawn entity (or one whose withdrawal waits for its day) back as a draft, to be reviewed again."""
    if record.state != "withdrawn":
        raise PublicationRefused("只有已取消的条目可以恢复（当前状态：" + record.state_label() + "）。")
    refuse_in_preview("恢复")
    record.state = "draft"
    audit.record("restore", user=user, section=section, key=record.key, after=record.document,
                 note="恢复为草稿，须重新审核发布")
    return f"已恢复「{record}」为草稿；提交审核并发布后重新提供。"


def unschedule(record: CatalogRecord, *, user: str, section: str, today: date) -> str:
    """Withdraw a publication still waiting for its day; the version in force stays in force."""
    waiting = record.pending_on(today)
    if waiting is None:
        raise PublicationRefused("没有待生效的排期发布可撤销。")
    refuse_in_preview("撤销排期")
    before = record.scheduled_document
    if before is None and record.state == "withdrawn":  # a withdrawal called off before its day
        record.state = "published"
    record.scheduled_document = record.scheduled_on = None
    audit.record("unschedule", user=user, section=section, key=record.key, before=before,
                 note=f"撤销原定 {waiting.isoformat()} 生效的版本")
    return f"已撤销原定 {waiting.isoformat()} 生效的版本，现行版本继续有效。"


def publish(record: CatalogRecord, effective_text: str | None, *, user: str, section: str, today: date) -> str:
    """Draft or review → published, in force from the effective day; returns the confirmation for staff."""
    if record.state not in ("draft", "review", "withdrawal"):
        raise PublicationRefused("没有待发布的修改（当前状态：" + record.state_label(today) + "）。")
    refuse_in_preview("发布")
    if four_eyes() and _author(record) == user:
        raise PublicationRefused("须由另一人发布：本中心启用了双人复核（ONEWINDOW_FOUR_EYES），"
                                 "不能发布自己提交的修改或取消申请。")
    effective_on = parse_effective_on(effective_text, today)
    key = (section, record.key)
    if record.state == "withdrawal":
        _refuse_if_broken(judge_change({key: None}), f"取消「{record}」")
        before = record.served_document(today)
        replaced = record.withdraw(effective_on, today)
        day = effective_on.isoformat()
        note = f"取消，{day} 起停止提供"
        message = f"已批准取消，{day} 起停止提供。" if effective_on > today else f"已批准取消，自 {day} 起停止提供。"
        if replaced is not None:
            note += f"；取代原定 {replaced.isoformat()} 生效的版本"
        audit.record("publish", user=user, section=section, key=record.key, before=before, after=None, note=note)
        return message
    _refuse_if_broken(judge_change({key: _model_of(record)}, own=key), "此修改")
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


__all__ = ["PublicationRefused", "TOLERATED_ELSEWHERE", "describe", "four_eyes", "judge_change", "proposed_changes", "parse_effective_on", "preview_day",
           "promote_due", "publish", "real_day", "refuse_in_preview", "request_withdrawal", "restore", "rules_dir",
           "send_back", "submit", "unschedule"]
