"""Draft → review → published: the workflow actions of every catalog view.

An edit saved in the console is a draft; an editor submits it for review, a reviewer publishes it with
an effective date (today or later, Asia/Shanghai). Only published content in force reaches the runtime:
a publication effective later waits beside the version in force (see ``store/publication.py``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from markupsafe import Markup, escape
from wtforms import ValidationError

from ..auth.roles import ROLES
from ..store import audit, publication
from ..store.db import db
from ..store.records import STATES, CatalogRecord, serving_day
from .access import current_role

ACTION_NAMES: dict[str, str] = {"submit": "提交审核", "publish": "发布", "return": "退回修改", "unschedule": "撤销排期",
                                "withdraw": "申请取消", "restore": "恢复"}
PERMISSION_OF: dict[str, str] = {"submit": "submit", "publish": "publish", "return": "publish", "unschedule": "publish",
                                 "withdraw": "delete", "restore": "delete"}
"""The permission-matrix action each workflow action needs: the reviewer who may publish may also send back
and withdraw a schedule; who may ask for a withdrawal (the console's delete) may restore."""


class WorkflowMixin:
    """Adds the workflow page (``.workflow_view``) and the state link of the list to a catalog view."""

    if TYPE_CHECKING:  # provided by the catalog view (Flask-Admin's ModelView and RoleGuard) this mixes into
        record_class: type[CatalogRecord]
        permission_view: str

        def get_one(self, id: str) -> Any: ...
        def may(self, action: str) -> bool: ...
        def get_url(self, endpoint: str, **kwargs: Any) -> str: ...
        def render(self, template: str, **kwargs: Any) -> Any: ...

    @expose("/workflow/", methods=("GET", "POST"))
    def workflow_view(self) -> Any:
        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        today = serving_day()
        if request.method == "POST":
            try:
                validate_csrf(request.form.get("csrf_token"))
            except ValidationError:
                abort(400)  # CSRFProtect answers first; this only guards a view that someone exempts
            action = request.form.get("action", "")
            if action not in ACTION_NAMES:
                flash("未知的操作。", "error")
                return redirect(request.url)
            if not self.may(PERMISSION_OF[action]):
                flash(f"无权{ACTION_NAMES[action]}：{ROLES.get(current_role() or '', '当前账号')}没有此权限。", "error")
                return redirect(request.url)
            publication.promote_due(today)
            try:
                user, section = current_user.username, self.permission_view
                if action == "submit":
                    publication.submit(record, user=user, section=section)
                    message = "已提交审核。"
                elif action == "return":
                    message = publication.send_back(record, request.form.get("reason"), user=user, section=section)
                elif action == "unschedule":
                    message = publication.unschedule(record, user=user, section=section, today=today)
                elif action == "withdraw":
                    message = publication.request_withdrawal(record, user=user, section=section)
                elif action == "restore":
                    message = publication.restore(record, user=user, section=section)
                else:
                    message = publication.publish(record, request.form.get("effective_on"), user=user, section=section,
                                                  today=today)
            except publication.PublicationRefused as refused:
                db.session.rollback()
                flash(str(refused), "error")
                return redirect(request.url)
            db.session.commit()
            flash(message, "success")
            return redirect(self.get_url(".index_view"))
        from onewindow.runtime.review import BURDEN_NAMES

        from ..store.audit import changes as field_changes

        pending = record.state in ("draft", "review", "withdrawal")
        return self.render("admin/workflow.html", record=record, states=STATES, today=today,
                           changes=publication.proposed_changes(record, self.permission_view) if pending else [],
                           burden_names=BURDEN_NAMES, four_eyes=publication.four_eyes(),
                           fields=[(self._field_title(path), old, new) for path, old, new in
                                   field_changes(record.served_document(today) or {}, record.document)] if pending else [],
                           guide_url=self.get_url(".guide_view", id=record.id) if hasattr(self, "guide_view") else None,
                           served_on=record.served_effective_on(today), pending_on=record.pending_on(today),
                           may_submit=self.may("submit"), may_publish=self.may("publish"), may_delete=self.may("delete"))

    @expose("/history/", methods=("GET", "POST"))
    def history_view(self) -> Any:
        """Every audited version of one record, newest first; 「恢复此版本」 makes one the working copy again
        — a new draft, checked by the models like a save, reviewed and published like any edit."""
        from ..store.audit import ACTIONS, AuditEntry, changes as field_changes
        from ..store.records import centre_time
        from ..sync.documents import validate_document

        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        entries = list(db.session.scalars(db.select(AuditEntry).where(
            AuditEntry.section == self.permission_view, AuditEntry.key == record.key).order_by(AuditEntry.id.desc())))
        if request.method == "POST":
            try:
                validate_csrf(request.form.get("csrf_token"))
            except ValidationError:
                abort(400)
            if not self.may("edit"):
                flash(f"无权恢复：{ROLES.get(current_role() or '', '当前账号')}没有编辑权限。", "error")
                return redirect(request.url)
            chosen = next((e for e in entries if str(e.id) == request.form.get("entry")), None)
            version = None if chosen is None else (chosen.after if chosen.after is not None else chosen.before)
            if chosen is None or not isinstance(version, dict):
                flash("找不到要恢复的版本。", "error")
                return redirect(request.url)
            model, problems = validate_document(self.record_class.model, version)
            if model is None or self.record_class.key_of(version) != record.key:
                flash("此版本不能按现行格式恢复：" + "；".join(p.message for p in problems[:3]), "error")
                return redirect(request.url)
            before = record.document
            record.apply(version, model)
            record.state = "draft" if record.state != "withdrawn" else "withdrawn"
            record.updated_by = current_user.username
            audit.record("update", user=current_user.username, section=self.permission_view, key=record.key,
                         before=before, after=version, note=f"恢复为审计记录 #{chosen.id}（{centre_time(chosen.at)}）的版本")
            db.session.commit()
            flash(f"已把 {centre_time(chosen.at)} 的版本恢复为草稿，请核对后提交审核。", "success")
            return redirect(self.get_url(".workflow_view", id=record.id))
        rows = [{"entry": e, "at": centre_time(e.at), "action": ACTIONS.get(e.action, e.action),
                 "changes": [(self._field_title(p), o, n) for p, o, n in field_changes(e.before, e.after)]
                 if e.before is not None and e.after is not None else [],
                 "restorable": isinstance(e.after if e.after is not None else e.before, dict)} for e in entries]
        return self.render("admin/history.html", record=record, rows=rows, may_edit=self.may("edit"))

    def _field_title(self, path: str) -> str:
        """A field path with its first name in Chinese (the model's field title): 「名称」, 「材料.id=x.份数」…"""
        head, dot, rest = path.partition(".")
        name, bracket, index = head.partition("[")
        info = self.record_class.model.model_fields.get(name)
        title = info.title if info is not None and info.title else name
        return f"{title}{bracket}{index}{dot}{rest}"

    def state_link(self, model: Any) -> Markup:
        url = self.get_url(".workflow_view", id=model.id)
        return Markup(f'<a href="{escape(url)}">{escape(model.state_label(serving_day()))}</a>')


__all__ = ["ACTION_NAMES", "WorkflowMixin"]
