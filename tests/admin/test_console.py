"""Console behaviour: permission matrix, validation on save, optimistic locking, department scope, API."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from werkzeug.datastructures import MultiDict

from console_support import csrf_token, form_inputs, record_id
from onewindow.admin.auth.roles import PERMISSIONS, ROLES, TOKEN_ROLE, allowed
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord

SAMPLE = {"items": "SC-001", "departments": "market_regulation", "windows": "market_window", "legal_documents": "licensing_law",
          "situations": "floor_area", "materials": "id_card", "centre": "centre", "calendar": "2026"}
"""A row of each section the fixture has, for edit/delete checks."""


def _withdrawal(app: Flask, client, rid: int, answer) -> str:
    """What a delete did: "asked" (申请取消 waiting for review), "judged" (refused by the validity judge, the
    page says why), or "nothing" — never "gone": a delete removes nothing at once."""
    with app.app_context():
        record = db.session.get(CatalogRecord, rid)
        assert record is not None, "a delete must not remove the record"
        if record.state == "withdrawal":
            return "asked"
    page = client.get(answer.location).get_data(as_text=True) if answer.status_code == 302 else ""
    return "judged" if "会使正在提供的服务出错，未执行" in page else "nothing"


def _matrix_cells() -> list[tuple[str, str, str]]:
    return [(role, view, action) for role in ROLES for view in SAMPLE for action in ("list", "create", "edit", "delete")]


@pytest.mark.parametrize(("role", "view", "action"), _matrix_cells())
def test_permission_matrix(app: Flask, login_as, role: str, view: str, action: str) -> None:
    client = login_as(role)
    rid = record_id(app, view, SAMPLE[view])
    url = {"list": f"/admin/{view}/", "create": f"/admin/{view}/new/", "edit": f"/admin/{view}/edit/?id={rid}",
           "delete": f"/admin/{view}/"}[action]
    if action == "delete":
        page = client.get(f"/admin/{view}/").get_data(as_text=True) if allowed(role, view, "list") else ""
        answer = client.post(f"/admin/{view}/delete/", data={"id": rid, "csrf_token": csrf_token(page) if "csrf_token" in page else ""})
        assert (_withdrawal(app, client, rid, answer) != "nothing") == allowed(role, view, "delete")
        return
    answer = client.get(url)
    ok = allowed(role, view, action)
    if ok:
        assert answer.status_code == 200
    else:
        assert answer.status_code in (302, 403)


@pytest.mark.parametrize("view", ["audit", "users", "api_tokens", "repealed_citations"])
@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix_other_views(app: Flask, login_as, role: str, view: str) -> None:
    answer = login_as(role).get(f"/admin/{view}/")
    assert (answer.status_code == 200) == allowed(role, view, "list")


def _documents(app: Flask) -> dict[int, dict]:
    with app.app_context():
        return {r.id: r.document for r in db.session.scalars(db.select(CatalogRecord))}


@pytest.mark.parametrize("view", list(SAMPLE))
@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix_bulk_action(app: Flask, login_as, role: str, view: str) -> None:
    """Flask-Admin's bulk action (list page → 选中项 → 申请取消) is a delete: allowed exactly where delete is."""
    client = login_as(role)
    rid = record_id(app, view, SAMPLE[view])
    page = client.get(f"/admin/{view}/").get_data(as_text=True) if allowed(role, view, "list") else ""
    answer = client.post(f"/admin/{view}/action/", data={"action": "delete", "rowid": str(rid),
                                                         "csrf_token": csrf_token(page) if "csrf_token" in page else ""})
    assert (_withdrawal(app, client, rid, answer) != "nothing") == allowed(role, view, "delete")


@pytest.mark.parametrize("view", list(SAMPLE))
@pytest.mark.parametrize("role", [r for r in ROLES if r != "reform_office"])
def test_permission_matrix_refused_posts_change_nothing(app: Flask, login_as, role: str, view: str) -> None:
    """A role without create/edit that posts the form anyway (a crafted request) is refused and nothing changes."""
    client = login_as(role)
    rid = record_id(app, view, SAMPLE[view])
    before = _documents(app)
    workflow = client.get(f"/admin/items/workflow/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    token = csrf_token(workflow)  # a valid token: refused for the role, not for want of CSRF
    for action, url in (("create", f"/admin/{view}/new/"), ("edit", f"/admin/{view}/edit/?id={rid}")):
        if allowed(role, view, action):
            continue
        answer = client.post(url, data={"name": "越权修改", "code": "HACK-1", "id": "hack", "version_id": "1",
                                         "csrf_token": token})
        assert answer.status_code in (302, 403), f"{action}: {answer.status_code}"
    assert _documents(app) == before


def test_permission_matrix_is_complete() -> None:
    from onewindow.admin.auth.roles import VIEWS

    assert set(PERMISSIONS) == set(ROLES) | {TOKEN_ROLE}  # the token role: API only, never a user's role
    assert set(PERMISSIONS[TOKEN_ROLE]) == {"cases"} and PERMISSIONS[TOKEN_ROLE]["cases"] == {"list", "create", "edit"}
    assert all(set(views) <= set(VIEWS) for views in PERMISSIONS.values())  # no typo; a view left out is refused


def test_login_required(client) -> None:
    assert client.get("/admin/items/").status_code == 302


def test_department_editor_cannot_open_other_department(app: Flask, login_as) -> None:
    client = login_as("department_editor")
    assert client.get(f"/admin/items/edit/?id={record_id(app, 'items', 'ZJ-001')}").status_code == 403
    listing = client.get("/admin/items/").get_data(as_text=True)
    assert "SC-001" in listing and "ZJ-001" not in listing


def _edit_form(client, app: Flask, key: str) -> tuple[str, MultiDict[str, str]]:
    """The edit page of an item and what a browser would submit from it unchanged."""
    url = f"/admin/items/edit/?id={record_id(app, 'items', key)}"
    return url, form_inputs(client.get(url).get_data(as_text=True))


def test_save_invalid_edit_shows_error_and_stores_nothing(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    url, data = _edit_form(client, app, "SC-001")
    version = int(data["version_id"])
    data["time_limits-0-statutory_days"], data["time_limits-0-promised_days"] = "5", "10"
    page = client.post(url, data=data).get_data(as_text=True)
    assert "承诺时限 10 日超过法定时限 5 日" in page
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(key="SC-001"))
        assert record.version_id == version and record.state == "published"


def test_save_valid_edit_becomes_draft(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    url, data = _edit_form(client, app, "SC-001")
    data["name"] = "食品经营许可（新）"
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(key="SC-001"))
        assert record.document["name"] == "食品经营许可（新）" and record.state == "draft"
        assert record.published_document["name"] == "食品经营许可"


def test_optimistic_lock_second_saver_gets_conflict_and_keeps_input(app: Flask, login_as) -> None:
    first, second = login_as("reform_office"), login_as("reform_office")
    url, data_one = _edit_form(first, app, "SC-001")
    _, data_two = _edit_form(second, app, "SC-001")
    data_one["name"] = "第一位编辑的名称"
    data_two["name"] = "第二位编辑的名称"
    assert first.post(url, data=data_one).status_code == 302
    page = second.post(url, data=data_two).get_data(as_text=True)
    assert "保存冲突" in page and "第二位编辑的名称" in page
    with app.app_context():
        assert db.session.scalar(db.select(CatalogRecord).filter_by(key="SC-001")).document["name"] == "第一位编辑的名称"


def test_api_items(client) -> None:
    listing = client.get("/api/v1/items?department=market_regulation").get_json()
    assert {i["code"] for i in listing["items"]} == {"SC-001", "SC-002"}
    assert client.get("/api/v1/items/SC-001").get_json()["versions"][0]["name"] == "食品经营许可"
    missing = client.get("/api/v1/items/NOPE")
    assert missing.status_code == 404 and missing.get_json()["errors"][0]["path"] == "$.code"
    bad = client.get("/api/v1/items?limit=abc")
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["path"] == "$.query.limit"
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "Item" in spec["components"]["schemas"] and "/api/v1/items/{code}" in spec["paths"]


def test_warm_up_leaves_nothing_for_the_first_save_to_validate(app: Flask, login_as, monkeypatch: pytest.MonkeyPatch) -> None:
    """`onewindow serve` warms the caches in the background; afterwards a save validates no stored document."""
    import onewindow.admin.store.working_catalog as working
    from onewindow.admin.store.warmup import warm_in_background

    client = login_as("reform_office")
    url, data = _edit_form(client, app, "SC-001")
    warm_in_background(app).join(timeout=60)
    validated: list[object] = []
    original = working.validate_document
    monkeypatch.setattr(working, "validate_document", lambda *a: validated.append(a) or original(*a))
    assert client.post(url, data=data).status_code == 302
    assert validated == []


def test_department_filter_offers_departments_by_name(app: Flask, login_as) -> None:
    page = login_as("reform_office").get("/admin/items/").get_data(as_text=True)
    assert "县市场监督管理局" in page and "县住房和城乡建设局" in page
    assert "（market_regulation）" not in page  # staff read names, not identifiers


def test_repealed_citations_listed_from_lint_findings(app: Flask, login_as) -> None:
    """The working copy marks a cited document repealed: the report and the to-do list name the items citing
    it, with the field path and the lint message (the one Finding, placed on its entity by the working copy)."""
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="legal_documents", key="licensing_law"))
        record.document = {**record.document, "status": "repealed", "ends": "2020-01-01"}
        db.session.commit()
    client = login_as("reform_office")
    report = client.get("/admin/repealed_citations/").get_data(as_text=True)
    rows = re.findall(r"<tr><td>([^<]*)</td><td><code>([^<]*)</code></td><td>([^<]*)</td></tr>", report)
    assert ("SC-001 食品经营许可", "legal_bases[0].document", "引用的《中华人民共和国行政许可法》已废止（2020-01-01）") in rows
    assert all(path == "legal_bases[0].document" and "已废止" in message for _, path, message in rows), rows
    home = client.get("/admin/").get_data(as_text=True)
    assert "SC-001" in home.split('id="todo-stale"', 1)[1].split("</ul>", 1)[0]
