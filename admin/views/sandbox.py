"""Sandbox (沙盘): pick an item, tick materials, answer its situations, see the decision as a clerk would —
against the working copy, drafts included, so a reform-office edit can be tried before it is published.

The view builds an application from the form and calls the runtime; it decides nothing itself.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import request
from flask_admin import BaseView, expose
from flask_wtf import FlaskForm

from onewindow.runtime.catalog import CASE_CLASS_NAMES
from onewindow.runtime.decision import PROBLEM_NAMES
from onewindow.runtime.errors import ApplicationError
from onewindow.runtime.rules import OUTCOME_NAMES, REGIME_NAMES

from ..store.runtimes import RuntimeUnavailable, console_now, runtime_for
from .access import RoleGuard

PHASE_NAMES = {"derive": "推导", "materials": "材料", "decide": "决定"}
"""The rule phases (``onewindow.runtime.rules.PHASES``) as the trace table names them."""
REVISION_NAMES = {"working-copy": "工作副本", "published": "已发布目录"}
"""Which database catalog a revision (store/working_catalog.py: ``kind:digest``) names, in words."""


def picked_item(catalog: Any) -> tuple[list[Any], Any]:
    """The items to pick from (by code) and the one the request names (else the first), for the item picker
    (``admin/_item_picker.html``) of the sandbox and the clerk's intake page."""
    items = sorted(catalog.items(), key=lambda i: i.code)
    code = request.values.get("item") or (items[0].code if items else None)
    return items, catalog.item(code) if code else None


def _answer(kind: str, raw: str) -> Any:
    """Form text → the typed answer the situation declares (empty = not answered)."""
    if raw == "":
        return None
    if kind == "yes_no":
        return raw == "true"
    if kind == "number":
        return int(raw) if raw.lstrip("-").isdigit() else raw
    if kind == "date":
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(f"日期应写成 年-月-日（如 2026-03-02），而不是 {raw!r}") from None
    return raw


def application_from_form(item, catalog, form) -> dict[str, Any]:
    facts = {}
    for sid in item.situations:
        situation = catalog.situations.get(sid)
        if situation is not None:
            value = _answer(situation.kind, form.get(f"fact_{sid}", ""))
            if value is not None:
                facts[sid] = value
    materials = {}
    for material in item.materials:
        if form.get(f"material_{material.id}"):
            form_kind = "original" if material.form == "original_or_copy" else material.form
            materials[material.id] = {"form": form_kind, "originals": material.originals,
                                      "copies": max(material.copies, 1 if material.form == "original_or_copy" and not material.originals else 0)}
    received = form.get("received_at") or console_now().astimezone(catalog.centre.zone).strftime("%Y-%m-%dT%H:%M")
    try:
        received_at = datetime.fromisoformat(received)
    except ValueError:
        raise ValueError(f"收件时间应写成 年-月-日 时:分（如 2026-03-02T10:00），而不是 {received!r}") from None
    application: dict[str, Any] = {
        "item": item.code,
        "applicant": {"kind": form.get("applicant_kind") or item.audience[0], "name": form.get("applicant_name") or "申请人"},
        "facts": facts, "materials": materials, "channel": form.get("channel") or "window",
        "received_at": received_at.replace(tzinfo=catalog.centre.zone).isoformat(),
        "tolerance_pledge": bool(form.get("tolerance_pledge")),
    }
    if form.get("township"):
        application["applicant"]["township"] = form["township"]
    if form.get("project_id"):
        application["project"] = {"id": form["project_id"]}
    return application


class SandboxView(RoleGuard, BaseView):
    permission_view = "sandbox"

    @expose("/", methods=("GET", "POST"))
    def index(self) -> Any:
        csrf = FlaskForm()
        try:
            runtime = runtime_for(published=False)
        except RuntimeUnavailable as exc:
            return self.render("admin/sandbox.html", unavailable=str(exc), problems=exc.problems, csrf=csrf)
        catalog = runtime.catalog
        items, item = picked_item(catalog)
        decision, errors, application = None, [], None
        if request.method == "POST" and item is not None and csrf.validate_on_submit():
            try:
                application = application_from_form(item, catalog, request.form)
                decision = runtime.decide(application)
            except ApplicationError as exc:
                errors = [f"{e.path}：{e.message}" for e in exc.errors]
            except ValueError as exc:
                errors = [f"表单有误：{exc}"]
        return self.render("admin/sandbox.html", unavailable=None, items=items, item=item, catalog=catalog,
                           decision=decision, errors=errors, form=request.form, csrf=csrf,
                           outcomes=OUTCOME_NAMES, regimes=REGIME_NAMES, case_classes=CASE_CLASS_NAMES,
                           problems_names=PROBLEM_NAMES, phases=PHASE_NAMES, revisions=REVISION_NAMES)


__all__ = ["PHASE_NAMES", "REVISION_NAMES", "SandboxView", "application_from_form"]
