"""Draft → review → published: the workflow actions of every catalog view.

An edit saved in the console is a draft; an editor submits it for review, a reviewer publishes it with
an effective date. Only published content reaches the runtime (see ``store/runtimes.py``).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from markupsafe import Markup, escape

from ..store import audit
from ..store.db import db
from ..store.records import STATES


class WorkflowMixin:
    """Adds the workflow page (``.workflow_view``) and the state link of the list to a catalog view."""

    @expose("/workflow/", methods=("GET", "POST"))
    def workflow_view(self) -> Any:
        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        if request.method == "POST":
            validate_csrf(request.form.get("csrf_token"))
            action = request.form.get("action", "")
            if action == "submit" and self.may("submit") and record.state == "draft":
                record.state = "review"
                audit.record("submit", user=current_user.username, section=self.permission_view, key=record.key)
            elif action == "publish" and self.may("publish") and record.state in ("review", "draft"):
                effective = request.form.get("effective_on") or date.today().isoformat()
                record.state, record.effective_on = "published", date.fromisoformat(effective)
                record.published_document = record.document
                audit.record("publish", user=current_user.username, section=self.permission_view, key=record.key,
                             after=record.document, note=f"生效日期 {effective}")
            else:
                flash("无权执行此操作，或当前状态不允许。", "error")
                return redirect(request.url)
            db.session.commit()
            flash("已" + {"submit": "提交审核", "publish": "发布"}[action], "success")
            return redirect(self.get_url(".index_view"))
        return self.render("admin/workflow.html", record=record, states=STATES,
                           may_submit=self.may("submit"), may_publish=self.may("publish"), today=date.today())

    def state_link(self, model: Any) -> Markup:
        url = self.get_url(".workflow_view", id=model.id)
        return Markup(f'<a href="{escape(url)}">{escape(STATES.get(model.state, model.state))}</a>')


__all__ = ["WorkflowMixin"]
