"""API tokens for embedding systems: scoped, revocable, rate-limited, stored hashed, audited; which routes stay public."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from console_support import csrf_token, record_id
from onewindow.admin.auth.roles import ROLES, allowed
from onewindow.admin.auth.tokens import ApiToken, digest_of, issue, revoke
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import db

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "applications" / "real_estate_first_registration.yaml"


def _issue(app: Flask, *scopes: str, name: str = "一网通办平台") -> str:
    with app.app_context():
        _, secret = issue(name, list(scopes), by="test")
        db.session.commit()
    return secret


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _error(answer) -> dict[str, str]:
    body = answer.get_json()
    assert set(body) == {"errors"}, body
    return body["errors"][0]


def test_a_case_route_needs_a_token_or_a_login(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/api/v1/cases/NOPE")
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert _error(answer)["code"] == "token-required" and "令牌" in _error(answer)["message"]
    assert client.post("/api/v1/cases", json={}).status_code == 401
    assert client.post("/api/v1/cases/NOPE/events", json={"kind": "accept"}).status_code == 401
    garbled = client.get("/api/v1/cases/NOPE", headers={"Authorization": "Basic abc"})
    assert garbled.status_code == 401 and _error(garbled)["code"] == "invalid-authorization"
    unknown = client.get("/api/v1/cases/NOPE", headers=_bearer("ow_" + "x" * 43))
    assert unknown.status_code == 401 and _error(unknown)["code"] == "invalid-token"


def test_a_token_opens_exactly_its_scopes(app: Flask) -> None:
    client = app.test_client()
    reader = _issue(app, "cases:read")
    passed = client.get("/api/v1/cases/NOPE", headers=_bearer(reader))
    assert passed.status_code == 404 and _error(passed)["code"] == "unknown-case"  # past the door, then no such case
    for url, body in (("/api/v1/cases", {"application": {}}), ("/api/v1/cases/NOPE/events", {"kind": "accept"})):
        refused = client.post(url, json=body, headers=_bearer(reader))
        assert refused.status_code == 403, url
        error = _error(refused)
        assert error["code"] == "insufficient-scope" and "cases:write" in error["message"] and "cases:read" in error["message"]
    writer = _issue(app, "cases:write")
    assert client.get("/api/v1/cases/NOPE", headers=_bearer(writer)).status_code == 403
    assert client.post("/api/v1/cases/NOPE/events", json={"kind": "accept"}, headers=_bearer(writer)).status_code == 404


def test_a_revoked_token_is_refused_and_the_row_stays(app: Flask) -> None:
    secret = _issue(app, "cases:read")
    client = app.test_client()
    assert client.get("/api/v1/cases/NOPE", headers=_bearer(secret)).status_code == 404
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken).filter_by(digest=digest_of(secret)))
        revoke(token, by="test")
        db.session.commit()
    answer = client.get("/api/v1/cases/NOPE", headers=_bearer(secret))
    assert answer.status_code == 401 and _error(answer)["code"] == "token-revoked" and "撤销" in _error(answer)["message"]
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(AuditEntry.section == "api_tokens"))]
    assert actions == ["token_create", "token_revoke"]


def test_tokens_are_stored_hashed_and_last_use_is_recorded(app: Flask) -> None:
    secret = _issue(app, "cases:read")
    assert secret.startswith("ow_") and len(secret) >= 40
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        assert token.last_used_at is None
        stored = [str(v) for v in db.session.execute(db.select(ApiToken.__table__)).one()]
        audited = json.dumps([(e.before, e.after, e.note) for e in db.session.scalars(db.select(AuditEntry))], ensure_ascii=False)
    assert secret not in "".join(stored) and secret[SHOWN:] not in "".join(stored) and secret not in audited
    assert token.digest == digest_of(secret) and secret.startswith(token.prefix)
    app.test_client().get("/api/v1/cases/NOPE", headers=_bearer(secret))
    with app.app_context():
        assert db.session.scalar(db.select(ApiToken)).last_used_at is not None


SHOWN = 10


def test_rate_limit_answers_429_with_retry_after(app: Flask) -> None:
    app.config.update(ONEWINDOW_API_RATE_LIMIT="3", ONEWINDOW_API_RATE_WINDOW="3600")
    busy, other = _issue(app, "cases:read"), _issue(app, "cases:read", name="自助终端")
    client = app.test_client()
    codes = [client.get("/api/v1/cases/NOPE", headers=_bearer(busy)).status_code for _ in range(3)]
    assert codes == [404, 404, 404]
    answer = client.get("/api/v1/cases/NOPE", headers=_bearer(busy))
    assert answer.status_code == 429 and _error(answer)["code"] == "rate-limited"
    assert 1 <= int(answer.headers["Retry-After"]) <= 3600
    assert "每 3600 秒最多 3 次" in _error(answer)["message"]
    assert client.get("/api/v1/cases/NOPE", headers=_bearer(other)).status_code == 404  # counted per token


def test_decisions_and_items_are_public_unless_the_setting_closes_them(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/api/v1/items").status_code == 200
    assert client.post("/api/v1/decisions", json={}).status_code != 401
    assert client.get("/api/v1/items", headers=_bearer("ow_wrong")).status_code == 401  # a token sent is checked
    app.config["ONEWINDOW_API_PUBLIC"] = ""
    assert client.get("/api/v1/items").status_code == 401
    assert client.post("/api/v1/decisions", json={}).status_code == 401
    reader, decider = _issue(app, "catalog:read"), _issue(app, "decide")
    assert client.get("/api/v1/items", headers=_bearer(reader)).status_code == 200
    assert client.get("/api/v1/items", headers=_bearer(decider)).status_code == 403
    assert client.post("/api/v1/decisions", json={}, headers=_bearer(decider)).status_code not in (401, 403, 429)
    assert client.get("/api/v1/cases/lookup?number=x&code=y").status_code == 404  # the applicant's lookup stays public


def test_a_token_writes_a_case_recorded_under_its_system_name(county: Flask) -> None:
    from onewindow.runtime.loading.yaml_source import parse

    data, _ = parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    data = json.loads(json.dumps(data, default=str))
    secret = _issue(county, "cases:write", "cases:read", name="省一网通办平台")
    client = county.test_client()
    created = client.post("/api/v1/cases", json={"application": data}, headers=_bearer(secret))
    assert created.status_code == 201, created.get_json()
    number = created.get_json()["number"]
    read = client.get(f"/api/v1/cases/{number}", headers=_bearer(secret)).get_json()
    assert read["events"][0]["actor"].startswith("省一网通办平台（令牌 ow_")


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix_api_tokens(login_as, app: Flask, role: str) -> None:
    """Only the reform office lists, issues and revokes tokens; everybody else is refused and nothing changes."""
    client = login_as(role)
    page = client.get("/admin/api_tokens/")
    assert (page.status_code == 200) == allowed(role, "api_tokens", "list")
    workflow = client.get(f"/admin/items/workflow/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    token = csrf_token(workflow)  # a valid token: refused for the role, not for want of CSRF
    secret = _issue(app, "cases:read", name="被撤销对象")
    with app.app_context():
        target = db.session.scalar(db.select(ApiToken).filter_by(digest=digest_of(secret)))
    created = client.post("/admin/api_tokens/", data={"name": "越权签发", "scopes": "cases:read", "csrf_token": token})
    revoked = client.post(f"/admin/api_tokens/revoke/{target.id}", data={"csrf_token": token})
    with app.app_context():
        names = set(db.session.scalars(db.select(ApiToken.name)))
        gone = db.session.get(ApiToken, target.id).revoked
    assert ("越权签发" in names) == allowed(role, "api_tokens", "create")
    assert gone == allowed(role, "api_tokens", "delete")
    if not allowed(role, "api_tokens", "create"):
        assert created.status_code in (302, 403) and revoked.status_code in (302, 403)


def test_console_shows_a_new_token_once(login_as, app: Flask) -> None:
    client = login_as("reform_office")
    page = client.get("/admin/api_tokens/").get_data(as_text=True)
    refused = client.post("/admin/api_tokens/", data={"name": "", "scopes": "cases:read", "csrf_token": csrf_token(page)})
    assert "请填写调用系统名称" in refused.get_data(as_text=True)
    answer = client.post("/admin/api_tokens/", data={"name": "自助终端", "scopes": ["cases:read", "decide"],
                                                     "csrf_token": csrf_token(page)}).get_data(as_text=True)
    secret = answer.split('id="issued-secret" readonly value="')[1].split('"')[0]
    assert secret.startswith("ow_")
    assert app.test_client().get("/api/v1/cases/NOPE", headers=_bearer(secret)).status_code == 404
    again = client.get("/admin/api_tokens/").get_data(as_text=True)
    assert secret not in again and secret[:SHOWN] in again and "自助终端" in again


def test_cli_creates_lists_and_revokes(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from onewindow.runtime.cli import cli

    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])

    def token(*args: str):
        return CliRunner().invoke(cli, ["db", "token", *args])

    made = token("create", "统一受理平台", "--scope", "cases:write")
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("ow_")
    wrong = token("create", "x", "--scope", "cases:delete")
    assert wrong.exit_code != 0 and "未知权限" in wrong.output
    listed = token("list").output
    assert "统一受理平台" in listed and secret[:SHOWN] in listed and secret not in listed and "有效" in listed
    assert token("revoke", secret[:SHOWN]).exit_code == 0
    assert "已撤销" in token("list").output
    again = token("revoke", secret[:SHOWN])
    assert again.exit_code != 0 and "已于" in again.output
    assert app.test_client().post("/api/v1/cases", json={}, headers=_bearer(secret)).status_code == 401


def test_a_rate_setting_that_is_not_a_number_is_refused_at_start(tmp_path: Path) -> None:
    from console_support import make_app
    from onewindow.admin.settings import SettingsError

    with pytest.raises(SettingsError, match="设置 ONEWINDOW_API_RATE_LIMIT 应为正整数"):
        make_app(tmp_path, ONEWINDOW_API_RATE_LIMIT="lots")


def test_the_plain_text_token_setting_is_warned_about_in_production(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from console_support import make_app

    with caplog.at_level("WARNING"):
        make_app(tmp_path, ONEWINDOW_ENV="production", ONEWINDOW_CASE_API_TOKENS={"t": "旧系统"})
    assert any("ONEWINDOW_CASE_API_TOKENS（明文令牌）已过时" in r.getMessage() for r in caplog.records)


def test_a_token_opens_no_console_page(app: Flask) -> None:
    secret = _issue(app, "cases:read", "cases:write", "decide", "catalog:read")
    client = app.test_client()
    for url in ("/admin/", "/admin/items/", "/admin/cases/", "/admin/api_tokens/"):
        answer = client.get(url, headers=_bearer(secret))
        assert answer.status_code == 302 and "/auth/login" in answer.location, url
