"""Getting in (issue 12): login throttling and lockout, the unknown-user path, server-side session ends,
safe ``next``, cookies and security headers; department scope over shared windows; bounded texts."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from console_support import PASSWORD, USERS, csrf_token, form_inputs, login, make_app, record_id
from onewindow.admin.auth.users import User
from onewindow.admin.security import CSP
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord
from onewindow.admin.views.base import like_literal
from onewindow.runtime.limits import LOGIN_ADDRESS_FACTOR, LOGIN_MAX_FAILURES


def _post_login(client: FlaskClient, username: str, password: str, query: str = "", base_url: str = "http://localhost",
                **environ: Any) -> Any:
    token = csrf_token(client.get("/auth/login", base_url=base_url).get_data(as_text=True))
    return client.post(f"/auth/login{query}", data={"username": username, "password": password, "csrf_token": token},
                       environ_base=environ, base_url=base_url, headers={"Referer": f"{base_url}/auth/login"})


@pytest.mark.parametrize("query", ["/%09/evil.example/phish", "//evil.example", "/%5Cevil.example", "https://evil.example/",
                                   "/admin//evil.example", "/admin/%09/x", "/admin%2F%2Fevil.example", "/admin/%0d%0aSet-Cookie:x",
                                   "javascript:alert(1)", "/auth/logout"])
def test_login_never_redirects_off_the_console(client: FlaskClient, query: str) -> None:
    answer = _post_login(client, "reform", PASSWORD, "?next=" + query)
    assert answer.status_code == 302 and answer.location == "/admin/"


def test_login_follows_a_local_console_path(client: FlaskClient) -> None:
    answer = _post_login(client, "reform", PASSWORD, "?next=%2Fadmin%2Fitems%2F%3Fpage%3D1")
    assert answer.location == "/admin/items/?page=1"


def test_account_locks_after_repeated_failures_even_with_the_right_password(app: Flask) -> None:
    client = app.test_client()
    for _ in range(LOGIN_MAX_FAILURES):
        assert _post_login(client, "reform", "wrong-password").status_code == 200
    locked = _post_login(client, "reform", PASSWORD)
    assert locked.status_code == 429 and "暂时锁定" in locked.get_data(as_text=True)
    assert _post_login(app.test_client(), "reviewer", PASSWORD).status_code == 302  # other accounts unaffected


def test_unknown_names_lock_like_known_ones_and_an_address_locks_across_names(app: Flask) -> None:
    client = app.test_client()
    for _ in range(LOGIN_MAX_FAILURES):
        _post_login(client, "nobody-here", "x")
    assert _post_login(client, "nobody-here", "x").status_code == 429
    spray = {"REMOTE_ADDR": "203.0.113.9"}
    for i in range(LOGIN_MAX_FAILURES * LOGIN_ADDRESS_FACTOR):
        assert _post_login(client, f"guess{i}", "x", **spray).status_code == 200
    assert _post_login(client, "reviewer", PASSWORD, **spray).status_code == 429
    assert _post_login(client, "reviewer", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_unknown_user_costs_one_password_check_like_a_known_one(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import onewindow.admin.auth.views as views

    checked: list[str] = []
    real = views.check_password_hash
    monkeypatch.setattr(views, "check_password_hash", lambda h, p: checked.append(h.split("$")[0]) or real(h, p))
    _post_login(client, "no-such-user", "whatever")
    assert checked == ["pbkdf2:sha256:1000"]  # the configured method, as a real account's hash would be


def test_hostile_user_name_is_stored_cut_to_its_column(app: Flask, client: FlaskClient) -> None:
    assert _post_login(client, "名" * 200_000, "x").status_code == 413  # 1.8 MB form: over the request limit
    assert _post_login(client, "名" * 50_000, "x").status_code == 200
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="login_failed"))
        assert entry.user == "名" * 64


def test_logged_out_session_cookie_is_dead(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    assert client.get("/admin/items/").status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/admin/").get_data(as_text=True))})
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/admin/items/").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(AuditEntry.user).filter_by(action="logout")) == "reform"


def test_password_change_ends_older_sessions(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    assert client.get("/admin/items/").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="reform"))
        user.set_password("another-long-password")
        db.session.commit()
    assert client.get("/admin/items/").status_code == 302


def test_production_cookies_are_secure(tmp_path: Any, app: Flask) -> None:
    production = make_app(tmp_path, ONEWINDOW_ENV="production")  # the same database file as ``app``
    answer = _post_login(production.test_client(), "reform", PASSWORD, base_url="https://localhost")  # TLS
    assert answer.status_code == 302
    assert "Secure" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("path", ["/auth/login", "/admin/", "/api/v1/items", "/api/v1/openapi.json", "/nowhere", "/admin/items/edit/?id=x"])
def test_security_headers_on_every_answer(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CSP and "frame-ancestors 'none'" in CSP
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin" and headers["X-Request-ID"]
    assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS
    assert (headers.get("Cache-Control") == "no-store") == (not path.startswith("/api/"))


def _share_market_window(app: Flask) -> None:
    from onewindow.admin.store.records import RECORD_CLASSES
    from onewindow.admin.sync.documents import validate_document

    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="windows", key="market_window"))
        document = {**record.document, "departments": ["market_regulation", "housing"]}
        model, problems = validate_document(RECORD_CLASSES["windows"].model, document)
        assert model is not None, problems
        record.apply(document, model)
        db.session.commit()


@pytest.mark.parametrize("change", [{"departments": ["market_regulation"]}, {"name": "市场监管专窗"},
                                    {"departments": ["market_regulation", "housing", "other"]}])
def test_editor_cannot_change_other_departments_part_of_a_shared_window(app: Flask, login_as, change: dict) -> None:
    _share_market_window(app)
    client = login_as("department_editor")
    url = f"/admin/windows/edit/?id={record_id(app, 'windows', 'market_window')}"
    data = form_inputs(client.get(url).get_data(as_text=True))
    for name, value in change.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    page = client.post(url, data=data).get_data(as_text=True)
    assert "未保存" in page and ("共用" in page or "不能改动其他部门" in page)
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="windows", key="market_window"))
        assert record.document["departments"] == ["market_regulation", "housing"] and record.document["name"] == "市场监管窗口"
    data = form_inputs(client.get(url).get_data(as_text=True))  # unchanged: saves
    assert client.post(url, data=data).status_code == 302


def test_department_scope_matches_literally(app: Flask) -> None:
    assert like_literal("a_b%c\\") == "a\\_b\\%c\\\\"
    with app.app_context():
        db.session.add(User(username="wild", display_name="wild", role="department_editor", department="%",
                            password_hash=db.session.scalar(db.select(User.password_hash).filter_by(username="editor")), active=True))
        db.session.commit()
    client = app.test_client()
    assert _post_login(client, "wild", PASSWORD).status_code == 302
    listing = client.get("/admin/items/").get_data(as_text=True)
    assert "SC-001" not in listing and "ZJ-001" not in listing


def test_a_send_back_reason_longer_than_its_column_is_refused(app: Flask, login_as) -> None:
    from onewindow.admin.store.publication import PublicationRefused, send_back

    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key="SC-001"))
        record.state = "review"
        with pytest.raises(PublicationRefused, match="退回原因最多 394 个字"):
            send_back(record, "改" * 1_000_000, user="reviewer", section="items")
        assert send_back(record, "改" * 394, user="reviewer", section="items") == "已退回修改。"




def test_create_user_twice_is_a_clear_chinese_error_without_traceback_or_hash(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from onewindow.runtime.cli import cli

    monkeypatch.setenv("ONEWINDOW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'users.sqlite'}")
    args = ["db", "create-user", "clerk", "--role", "reviewer", "--password", "a-long-password-1"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 1 and "用户名「clerk」已存在" in second.output, second.output
    assert "Traceback" not in second.output and "scrypt" not in second.output and "pbkdf2" not in second.output
    too_long = CliRunner().invoke(cli, ["db", "create-user", "名" * 65, "--role", "reviewer", "--password", "a-long-password-1"])
    assert too_long.exit_code == 1 and "用户名最多 64 个字符" in too_long.output, too_long.output


@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deeply_nested_yaml_box_is_a_field_error_not_a_crash(app: Flask, login_as, depth: int) -> None:
    """One console save with ``'[' * 50000`` in a material's ``when`` took the whole server down (issue 12)."""
    client = login_as("department_editor")
    url = f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}"
    data = form_inputs(client.get(url).get_data(as_text=True))
    data["materials-0-when"] = "[" * depth + "]" * depth
    answer = client.post(url, data=data)
    assert answer.status_code == 200 and "未保存" in answer.get_data(as_text=True)
    assert "嵌套过深" in answer.get_data(as_text=True)
