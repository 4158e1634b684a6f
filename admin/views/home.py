"""The console's start page: who is logged in, and the day's to-do list (待办).

What waits for someone: changes to review (待审核, withdrawals included), publications waiting for their
day (待生效), drafts not yet submitted, items citing repealed or expired documents, next year's working
calendar still missing, and whether the published catalog and its rules are sound right now (the
validity judge). Each line links to the page where it is dealt with.
"""
from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from ..auth.roles import ROLES, allowed
from ..store.db import db
from ..store.records import RECORD_CLASSES, CatalogRecord, serving_day
from .base import department_options


def _rows(*conditions: Any) -> list[CatalogRecord]:
    return list(db.session.scalars(db.select(CatalogRecord).where(*conditions).order_by(CatalogRecord.section, CatalogRecord.key)
                                   .limit(200)))


def _line(record: CatalogRecord) -> dict[str, Any]:
    return {"record": record, "label": RECORD_CLASSES[record.section].label, "state": record.state_label(),
            "url": url_for(f"{record.section}.workflow_view", id=record.id)}


def todo(role: str | None, department: str | None) -> dict[str, Any]:
    """The to-do of a role (department editors: their department's rows only)."""
    from onewindow.runtime.validity import Judge

    from ..store.publication import TOLERATED_ELSEWHERE, describe, rules_dir
    from ..store.working_catalog import build_catalog, catalog_rows, entity_of, working_catalog

    today = serving_day()
    scope = [CatalogRecord.departments.like(f"%,{department},%")] if role == "department_editor" else []
    review = [_line(r) for r in _rows(CatalogRecord.state.in_(("review", "withdrawal")), *scope)]
    drafts = [_line(r) for r in _rows(CatalogRecord.state == "draft", *scope)]
    waiting = [{**_line(r), "day": r.scheduled_on} for r in _rows(CatalogRecord.scheduled_on > today, *scope)]
    rows = catalog_rows()
    stale = sorted({entity_of(f) for f in working_catalog(rows).lint() if f.code in TOLERATED_ELSEWHERE})
    years = {r.key for r in rows if r.section == "calendar"}
    missing_year = today.year + 1 if str(today.year + 1) not in years else None
    verdict = Judge(rules_dir()).judge(build_catalog(rows, published=True))
    return {"review": review, "drafts": drafts, "waiting": waiting, "stale": stale, "missing_year": missing_year,
            "service_errors": [describe(f) for f in verdict.errors][:20], "today": today,
            "may_publish": allowed(role, "items", "publish")}


class HomeView(AdminIndexView):
    @expose("/")
    def index(self) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        departments = dict(department_options())
        return self.render("admin/index.html", roles=ROLES, departments=departments,
                           todo=todo(current_user.role, current_user.department))


__all__ = ["HomeView", "todo"]
