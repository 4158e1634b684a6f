"""Account management — create, edit, disable, reset password, change role — for the console and the CLI.

One place for the rules, so the users page and ``onewindow db …-user`` commands behave the same: the
password policy (:func:`password_problems`), the department a department editor needs, the last
enabled reform-office account that must stay, and an audit entry for every change (never the password
or its hash). Refusals are :class:`AccountRefused` with a Chinese message naming the field.

The policy is settings, not constants: ``ONEWINDOW_PASSWORD_MIN_LENGTH`` (default 10) and
``ONEWINDOW_PASSWORD_KINDS`` (how many of letters / digits / other characters, default 2).
"""
from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from ..store import audit
from ..store.db import db
from .roles import ROLES
from .users import User

FIELD_NAMES: dict[str, str] = {"username": "用户名", "display_name": "姓名", "role": "角色", "department": "所属部门",
                               "active": "启用", "password": "密码"}


class AccountRefused(ValueError):
    """An account change that must not happen; ``field`` is the form field it is about (or None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name) or default) if has_app_context() else default


def password_problems(password: str, *, username: str = "") -> list[str]:
    """What is wrong with ``password`` under the policy (empty: acceptable)."""
    length, kinds = _setting("ONEWINDOW_PASSWORD_MIN_LENGTH", 10), _setting("ONEWINDOW_PASSWORD_KINDS", 2)
    found = []
    if len(password) < length:
        found.append(f"密码至少 {length} 位（现为 {len(password)} 位）")
    present = sum((any(c.isalpha() for c in password), any(c.isdigit() for c in password),
                   any(not c.isalnum() for c in password)))
    if present < kinds:
        found.append(f"密码须包含字母、数字、符号中的至少 {kinds} 类")
    if username and username.lower() in password.lower():
        found.append("密码不能包含用户名")
    if password and len(set(password)) <= 2:
        found.append("密码不能由重复的字符组成")
    return found


def _check_password(password: str, username: str) -> None:
    problems = password_problems(password, username=username)
    if problems:
        raise AccountRefused("；".join(problems), "password")


def _check_lengths(**texts: str | None) -> None:
    """Texts no longer than their column (a hostile 1 MB name is refused, never cut or half-stored)."""
    for field, text in texts.items():
        longest = User.__table__.c[field].type.length
        if text is not None and len(text) > longest:
            raise AccountRefused(f"{FIELD_NAMES[field]}最多 {longest} 个字符（现为 {len(text)} 个）", field)


def _check_role(role: str, department: str | None) -> None:
    if role not in ROLES:
        raise AccountRefused(f"未知角色「{role}」，可选：{'、'.join(ROLES.values())}", "role")
    if role == "department_editor" and not department:
        raise AccountRefused("部门编辑必须选择所属部门", "department")


def snapshot(user: User) -> dict[str, Any]:
    """What the audit keeps of an account (never the password hash)."""
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "department": user.department, "active": bool(user.active)}


def _last_reform_office(user: User) -> bool:
    others = db.session.scalar(db.select(db.func.count(User.id)).where(
        User.role == "reform_office", User.active.is_(True), User.id != user.id))
    return user.role == "reform_office" and bool(user.active) and not others


def find(username: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise AccountRefused(f"没有用户「{username}」", "username")
    return user


def create(username: str, password: str, *, role: str, by: str, display_name: str = "",
           department: str | None = None) -> User:
    """A new enabled account (added to the session, audited; the caller commits)."""
    username = username.strip()
    if not username:
        raise AccountRefused("请填写用户名", "username")
    _check_lengths(username=username, display_name=display_name, department=department)
    if db.session.scalar(db.select(User.id).filter_by(username=username)) is not None:
        raise AccountRefused(f"用户名「{username}」已存在", "username")
    _check_role(role, department)
    _check_password(password, username)
    user = User(username=username, display_name=display_name or username, role=role,
                department=department if role == "department_editor" else department or None, active=True)
    user.set_password(password)
    db.session.add(user)
    audit.record("user_create", user=by, section="users", key=username, after=snapshot(user),
                 note=f"新建用户（{ROLES[role]}）")
    return user


def update(user: User, *, by: str, display_name: str | None = None, role: str | None = None,
           department: str | None = None, active: bool | None = None, password: str | None = None) -> list[str]:
    """Change what is given; returns what changed (Chinese), each change audited under its own action."""
    _check_lengths(display_name=display_name, department=department)
    before = snapshot(user)
    new_role = role or user.role
    new_department = department if department is not None else user.department
    changed = []
    if role is not None or department is not None:
        _check_role(new_role, new_department)
    if new_role != user.role and _last_reform_office(user):
        raise AccountRefused("这是最后一个启用的审改办账号，不能改为其他角色", "role")
    if active is False and user.active and _last_reform_office(user):
        raise AccountRefused("这是最后一个启用的审改办账号，不能停用", "active")
    if active is False and by == user.username:
        raise AccountRefused("不能停用自己的账号", "active")
    if password:
        _check_password(password, user.username)
        user.set_password(password)
        audit.record("user_password", user=by, section="users", key=user.username, note="重设密码")
        changed.append("密码已重设")
    if new_role != user.role or (new_department or None) != (user.department or None):
        user.role, user.department = new_role, new_department or None
        audit.record("user_role", user=by, section="users", key=user.username, before=before, after=snapshot(user),
                     note=f"角色：{ROLES.get(before['role'], before['role'])} → {ROLES[new_role]}")
        changed.append(f"角色为{ROLES[new_role]}")
    if active is not None and bool(active) != bool(user.active):
        user.active = bool(active)
        audit.record("user_enable" if active else "user_disable", user=by, section="users", key=user.username,
                     before=before, after=snapshot(user))
        changed.append("已启用" if active else "已停用")
    if display_name is not None and display_name != user.display_name:
        user.display_name = display_name
        audit.record("user_update", user=by, section="users", key=user.username, before=before, after=snapshot(user))
        changed.append("姓名已修改")
    return changed


def first_start_hint() -> str | None:
    """With no account at all yet, how to create the first one (production has no default users)."""
    if db.session.scalar(db.select(User.id).limit(1)) is not None:
        return None
    return ("尚无任何用户。请在服务器上运行：onewindow db create-user 用户名 --role reform_office"
            "（按提示输入密码），创建第一个审改办账号后再登录。")


__all__ = ["AccountRefused", "FIELD_NAMES", "create", "find", "first_start_hint", "password_problems", "snapshot", "update"]
