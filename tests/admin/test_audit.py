"""The audit log: every console change with who, when, before and after — field by field, filterable, append-only."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from console_support import form_inputs, login, record_id
from onewindow.admin.store.audit import ABSENT, AuditEntry, AuditLogIsAppendOnly, changes
from onewindow.admin.store.db import db


def test_changes_are_field_by_field_and_lists_of_parts_compare_by_id() -> None:
    before = {"name": "甲", "materials": [{"id": "a", "copies": 1}, {"id": "b", "copies": 1}, {"id": "c"}],
              "steps": [{"step": "intake", "days": 0}, {"step": "review", "days": 5}], "audience": ["person"]}
    after = {"name": "乙", "materials": [{"id": "a", "copies": 2}, {"id": "c"}, {"id": "d"}],
             "steps": [{"step": "intake", "days": 0}, {"step": "review", "days": 3}], "audience": ["person", "legal_person"],
             "commitment": True}
    assert changes(before, after) == [
        ("name", "甲", "乙"),
        ("materials.id=a.copies", 1, 2),
        ("materials.id=b", {"id": "b", "copies": 1}, ABSENT),
        ("materials.id=d", ABSENT, {"id": "d"}),
        ("steps[1].days", 5, 3),
        ("audience", ["person"], ["person", "legal_person"]),
        ("commitment", ABSENT, True),
    ]
    assert changes(before, before) == []
    twins = [{"id": "a", "copies": 1}, {"id": "a", "copies": 2}]  # ids not distinct: compared by position
    assert changes({"materials": twins}, {"materials": [twins[0], {"id": "a", "copies": 3}]}) == [("materials[1].copies", 2, 3)]


def _save(app: Flask, client, key: str, **edits: str) -> None:
    url = f"/admin/items/edit/?id={record_id(app, 'items', key)}"
    data = form_inputs(client.get(url).get_data(as_text=True))
    for name, value in edits.items():
        data[name] = value
    assert client.post(url, data=data).status_code == 302


def test_a_save_is_logged_with_who_and_each_changed_field(app: Flask, login_as) -> None:
    editor = login_as("department_editor")
    _save(app, editor, "SC-001", **{"name": "食品经营许可（改）", "materials-1-copies": "2"})
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).filter_by(action="update", key="SC-001")).one()
        assert (entry.user, entry.section) == ("editor", "items")
        assert changes(entry.before, entry.after) == [("name", "食品经营许可", "食品经营许可（改）"),
                                                      ("materials.id=id_card.copies", 1, 2)]
        entry_id = entry.id
    page = login_as("auditor").get(f"/admin/audit/details/?id={entry_id}").get_data(as_text=True)
    listed = re.search(r'<ul class="audit-changes[^"]*">(.*?)</ul>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", listed) == "name：食品经营许可→食品经营许可（改）materials.id=id_card.copies：1→2"


def test_the_log_filters_by_user(app: Flask, login_as) -> None:
    _save(app, login_as("department_editor"), "SC-001", name="食品经营许可（编辑改）")
    _save(app, login_as("reform_office"), "SC-002", name="小摊点备案（审改办改）")
    with app.test_request_context():
        view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", "") == "audit")
        index, flt = next((i, f) for i, f in enumerate(view._filters) if f.name == "用户" and f.operation() in ("equals", "等于"))
        arg = f"flt0_{view.get_filter_arg(index, flt)}"
    page = login_as("auditor").get(f"/admin/audit/?{arg}=editor").get_data(as_text=True)
    assert "SC-001" in page and "SC-002" not in page


def test_the_log_is_append_only(app: Flask) -> None:
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).limit(1)).first()
        if entry is None:
            entry = AuditEntry(action="import", user="test")
            db.session.add(entry)
            db.session.commit()
        entry.note = "篡改"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(entry)
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
