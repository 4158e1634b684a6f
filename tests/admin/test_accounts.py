"""Accounts: create, edit, disable, reset password and change role, in the console and the CLI, each audited;
the password policy; the first-start hint; the users page by role."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from console_support import PASSWORD, csrf_token, form_inputs, login, make_app
from onewindow.admin.auth.accounts import password_problems
from onewindow.admin.auth.roles import ROLES, allowed
from onewindow.admin.auth.users import User
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import db
from onewindow.runtime.cli import cli

GOOD = "county-2026-clerk"


def _user(app: Flask, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=username))
        if user is not None:
            db.session.expunge(user)
        return user


def _audit(app: Flask, key: str) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.user) for e in db.session.scalars(db.select(AuditEntry).filter_by(section="users", key=key)
                                                                 .order_by(AuditEntry.id))]


def _can_log_in(app: Flask, username: str, password: str) -> bool:
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    answer = client.post("/auth/login", data={"username": username, "password": password, "csrf_token": csrf_token(page)})
    return answer.status_code == 302


def _post_form(client: Any, url: str, **changes: str) -> str:
    data = form_inputs(client.get(url).get_data(as_text=True))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    answer = client.post(url, data=data)
    return client.get(answer.location).get_data(as_text=True) if answer.status_code == 302 else answer.get_data(as_text=True)


@pytest.mark.parametrize(("password", "problem"), [
    ("short1!", "密码至少 10 位"), ("abcdefghijkl", "至少 2 类"), ("newclerk-2026", "不能包含用户名"), ("1212121212", "重复的字符"),
])
def test_password_policy(app: Flask, password: str, problem: str) -> None:
    with app.app_context():
        assert any(problem in p for p in password_problems(password, username="newclerk"))
        assert password_problems(GOOD, username="newclerk") == []


def test_console_creates_disables_reenables_and_resets(app: Flask, login_as) -> None:
    reform = login_as("reform_office")
    page = _post_form(reform, "/admin/users/new/", username="newclerk", display_name="新窗口人员", role="department_editor",
                      department="market_regulation", password=GOOD)
    assert "已新建用户「newclerk」（部门编辑）" in page
    user = _user(app, "newclerk")
    assert user is not None and (user.role, user.department, user.active) == ("department_editor", "market_regulation", True)
    assert _can_log_in(app, "newclerk", GOOD)

    edit = f"/admin/users/edit/?id={user.id}"
    assert "已停用" in _post_form(reform, edit, active=None)  # the unticked checkbox is not submitted
    assert not _user(app, "newclerk").active and not _can_log_in(app, "newclerk", GOOD)
    _post_form(reform, edit, active="y", password="another-pass-77")
    assert _can_log_in(app, "newclerk", "another-pass-77") and not _can_log_in(app, "newclerk", GOOD)
    assert "角色为审计（只读）" in _post_form(reform, edit, role="auditor", department="")
    assert _user(app, "newclerk").role == "auditor"
    assert [a for a, _ in _audit(app, "newclerk")] == ["user_create", "user_disable", "user_password", "user_enable", "user_role"]
    assert all(by == "reform" for _, by in _audit(app, "newclerk"))


def test_console_refuses_weak_passwords_and_editors_without_department(app: Flask, login_as) -> None:
    reform = login_as("reform_office")
    page = _post_form(reform, "/admin/users/new/", username="weak", role="auditor", password="abc")
    assert "未保存：密码：密码至少 10 位" in page and _user(app, "weak") is None
    page = _post_form(reform, "/admin/users/new/", username="nodept", role="department_editor", department="", password=GOOD)
    assert "部门编辑必须选择所属部门" in page and _user(app, "nodept") is None
    page = _post_form(reform, "/admin/users/new/", username="nopass", role="auditor", password="")
    assert "新用户必须设置密码" in page and _user(app, "nopass") is None


def test_the_last_reform_office_account_and_ones_own_stay_enabled(app: Flask, login_as) -> None:
    reform = login_as("reform_office")
    me = _user(app, "reform")
    page = _post_form(reform, f"/admin/users/edit/?id={me.id}", active=None)
    assert "最后一个启用的审改办账号" in page and _user(app, "reform").active


def test_list_delete_disables(app: Flask, login_as) -> None:
    reform = login_as("reform_office")
    auditor = _user(app, "auditor")
    listing = reform.get("/admin/users/").get_data(as_text=True)
    reform.post("/admin/users/delete/", data={"id": auditor.id, "csrf_token": csrf_token(listing)})
    user = _user(app, "auditor")
    assert user is not None and not user.active


@pytest.mark.parametrize("role", list(ROLES))
def test_users_page_by_role(app: Flask, login_as, role: str) -> None:
    client = login_as(role)
    assert (client.get("/admin/users/").status_code == 200) == allowed(role, "users", "list")
    assert (client.get("/admin/users/new/").status_code == 200) == allowed(role, "users", "create")


def _cli(app: Flask, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str | None = None) -> Any:
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    return CliRunner().invoke(cli, ["db", *args], input=stdin)


def test_cli_create_reset_disable_enable_set_role(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _cli(app, monkeypatch, "create-user", "clerk2", "--role", "auditor", "--password", "abc").exit_code == 1
    result = _cli(app, monkeypatch, "create-user", "clerk2", "--role", "auditor", "--password", GOOD)
    assert result.exit_code == 0, result.output
    result = _cli(app, monkeypatch, "reset-password", "clerk2", stdin="fresh-pass-2026\nfresh-pass-2026\n")
    assert result.exit_code == 0, result.output
    assert _can_log_in(app, "clerk2", "fresh-pass-2026")
    assert _cli(app, monkeypatch, "disable-user", "clerk2").exit_code == 0 and not _can_log_in(app, "clerk2", "fresh-pass-2026")
    assert _cli(app, monkeypatch, "enable-user", "clerk2").exit_code == 0 and _can_log_in(app, "clerk2", "fresh-pass-2026")
    result = _cli(app, monkeypatch, "set-role", "clerk2", "--role", "department_editor")
    assert result.exit_code == 1 and "部门编辑必须选择所属部门" in result.output
    assert _cli(app, monkeypatch, "set-role", "clerk2", "--role", "department_editor", "--department", "housing").exit_code == 0
    assert (_user(app, "clerk2").role, _user(app, "clerk2").department) == ("department_editor", "housing")
    result = _cli(app, monkeypatch, "disable-user", "nobody")
    assert result.exit_code == 1 and "没有用户「nobody」" in result.output
    assert "clerk2" in _cli(app, monkeypatch, "users").output
    assert _audit(app, "clerk2") == [("user_create", "cli"), ("user_password", "cli"), ("user_disable", "cli"),
                                     ("user_enable", "cli"), ("user_role", "cli")]


def test_first_start_says_how_to_create_the_first_account(tmp_path: Path) -> None:
    app = make_app(tmp_path, ONEWINDOW_ENV="production")
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "onewindow db create-user" in page and "--role reform_office" in page


def test_no_first_start_hint_once_users_exist(app: Flask) -> None:
    assert "onewindow db create-user" not in app.test_client().get("/auth/login").get_data(as_text=True)
    assert _can_log_in(app, "reform", PASSWORD)
