"""The request path of the stateless API: no session work, item answers made once per served build and
remade after a publish, the decision encoded by its own model, the depth check skipped only where no body
can be too deep."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from console_support import csrf_token, form_inputs, login, record_id
from onewindow.admin.security import _deeper_than
from onewindow.admin.store.db import db
from onewindow.admin.store.runtimes import runtime_for, served
from onewindow.runtime.limits import JSON_MAX_DEPTH

OLD_NAME, NEW_NAME = "食品经营许可", "食品经营许可（改名）"


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _names(app: Flask) -> tuple[str, str]:
    client = app.test_client()
    listing = client.get("/api/v1/items?department=market_regulation")
    detail = client.get("/api/v1/items/SC-001")
    assert listing.status_code == detail.status_code == 200
    row = next(i for i in listing.get_json()["items"] if i["code"] == "SC-001")
    return row["name"], detail.get_json()["versions"][0]["name"]


def _publish_new_name(app: Flask) -> None:
    """An editor renames SC-001 and submits it; a reviewer publishes it for today — the console's own path."""
    record = record_id(app, "items", "SC-001")
    editor = login(app.test_client(), "department_editor")
    edit = f"/admin/items/edit/?id={record}"
    form = form_inputs(editor.get(edit).get_data(as_text=True))
    form["name"] = NEW_NAME
    assert editor.post(edit, data=form).status_code == 302
    workflow = f"/admin/items/workflow/?id={record}"
    token = csrf_token(editor.get(workflow).get_data(as_text=True))
    assert editor.post(workflow, data={"action": "submit", "csrf_token": token}).status_code == 302
    reviewer = login(app.test_client(), "reviewer")
    token = csrf_token(reviewer.get(workflow).get_data(as_text=True))
    answer = reviewer.post(workflow, data={"action": "publish", "csrf_token": token})
    assert answer.status_code == 302


def test_item_answers_are_made_once_per_build_and_remade_after_a_publish(app: Flask) -> None:
    assert _names(app) == (OLD_NAME, OLD_NAME)
    with statements(app) as seen:
        assert _names(app) == (OLD_NAME, OLD_NAME)
    assert not [s for s in seen if "catalog_records" in s], seen  # answered from the build's memo (a revision check at most)
    with app.test_request_context():
        remembered = served(published=True).answers
    assert ("item", "SC-001") in remembered and any(key[0] == "list" for key in remembered)

    _publish_new_name(app)
    assert _names(app) == (NEW_NAME, NEW_NAME)


def test_item_answers_follow_the_serving_day(app: Flask) -> None:
    """A new day is a new build (the key holds the day), so a listing never outlives the day it was made on."""
    client = app.test_client()
    before = client.get("/api/v1/items").get_data()
    app.config["ONEWINDOW_TODAY"] = "2099-01-01"
    with app.test_request_context():
        assert served(published=True).answers == {}
    assert client.get("/api/v1/items").get_data() == before  # same catalog, answered anew


def test_stateless_routes_neither_read_nor_set_a_cookie(app: Flask) -> None:
    clerk = login(app.test_client(), "reform_office")
    for path in ("/api/v1/items", "/api/v1/items/SC-001", "/api/v1/openapi.json", "/healthz"):
        answer = clerk.get(path)
        assert answer.status_code == 200
        assert "Set-Cookie" not in answer.headers and "Cookie" not in answer.headers.get("Vary", ""), path
    assert "Set-Cookie" in clerk.get("/admin/").headers  # the console's session goes on (refreshed each request)
    assert clerk.get("/api/v1/cases/NO-SUCH-CASE").status_code != 401  # the case API still sees the clerk
    assert app.test_client().get("/api/v1/cases/NO-SUCH-CASE").status_code == 401


def test_the_decision_answer_is_its_models_json(county: Flask) -> None:
    from test_decisions import APPLICATION

    answer = county.test_client().post("/api/v1/decisions", json=APPLICATION)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    with county.app_context():
        expected = runtime_for(published=True).decide(APPLICATION).model_dump(mode="json")
    assert json.loads(answer.get_data()) == expected


@pytest.mark.parametrize(("body", "deep"), [
    ("[" * (JSON_MAX_DEPTH + 1) + "]" * (JSON_MAX_DEPTH + 1), True),
    ('{"a": ' + "[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH + "}", True),
    ('{"facts": {' + ", ".join(f'"k{i}": [[1], {{"x": []}}]' for i in range(40)) + "}}", False),  # 120 brackets, depth 4
    ('{"s": "' + "[" * 100 + '"}', False),  # brackets inside a string
    ("[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH, False),
])
def test_the_depth_check_counts_before_it_walks(body: str, deep: bool) -> None:
    assert _deeper_than(body.encode(), JSON_MAX_DEPTH) is deep


def test_many_shallow_brackets_are_decided_not_refused(client: Any) -> None:
    body = {"item": "SC-001", "applicant": {"kind": "legal_person", "name": "某公司"}, "received_at": "2026-03-02T10:00:00+08:00",
            "facts": {f"k{i}": [[1], {"x": []}] for i in range(40)}, "materials": {}}
    answer = client.post("/api/v1/decisions", json=body)
    assert answer.status_code != 400 and "json-too-deep" not in answer.get_data(as_text=True)


def test_the_request_log_names_the_console_user_and_nobody_on_stateless_routes(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    from console_support import USERS

    clerk = login(app.test_client(), "reform_office")
    with caplog.at_level(logging.INFO, logger="onewindow.request"):
        clerk.get("/admin/")
        clerk.get("/api/v1/items")
    users = [(r.path, r.user) for r in caplog.records if r.name == "onewindow.request"]  # type: ignore[attr-defined]
    assert users == [("/admin/", USERS["reform_office"][0]), ("/api/v1/items", "-")]
