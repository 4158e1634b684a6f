"""Login and logout (blueprint ``auth``): Flask-Login sessions that expire, CSRF-protected form.

Logins are throttled per account and per address (:mod:`.throttle`); an unknown name costs the same
password check as a known one; a session ends server-side on logout (recorded in the audit log) and when
the password changes (:mod:`onewindow.admin.security`); after login only a local console path is followed.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from onewindow.runtime.limits import LOGIN_WINDOW_SECONDS

from ..security import SESSION_ID, start_session
from ..store import audit
from ..store.db import db
from .throttle import address_note, locked
from .users import User

bp = Blueprint("auth", __name__, url_prefix="/auth")

NEXT_ALLOWED = re.compile(r"^/admin(?:/[A-Za-z0-9_.~%/-]*)?(?:\?[A-Za-z0-9_.~%=&+-]*)?$")
"""Where a login may send the user on: console paths only (no scheme, host, ``//``, backslash or whitespace)."""
USERNAME_LENGTH: int = User.__table__.c.username.type.length


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired(message="请输入用户名")])
    password = PasswordField("密码", validators=[DataRequired(message="请输入密码")])


def _safe_next(target: str | None) -> str:
    if target and NEXT_ALLOWED.match(target) and "//" not in target:
        return target
    return url_for("admin.index")


def _unknown_user_hash() -> str:
    """A hash made like real ones, checked when the name is unknown so both paths take the same time."""
    extension = current_app.extensions.setdefault("onewindow_auth", {})
    if "dummy_hash" not in extension:
        method = current_app.config.get("ONEWINDOW_PASSWORD_HASH", "scrypt")
        extension["dummy_hash"] = generate_password_hash("unknown-user-placeholder", method=method)
    return extension["dummy_hash"]


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        name = (form.username.data or "")[:USERNAME_LENGTH + 1]
        address = request.remote_addr
        if locked(name[:USERNAME_LENGTH], address):
            audit.record("login_failed", user=name, note=address_note(address))
            db.session.commit()
            flash(f"登录失败次数过多，账号或地址已暂时锁定，请 {LOGIN_WINDOW_SECONDS // 60} 分钟后再试", "error")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(db.select(User).filter_by(username=name)) if len(name) <= USERNAME_LENGTH else None
        password = form.password.data or ""
        if user is None:
            check_password_hash(_unknown_user_hash(), password)
        elif user.active and user.check_password(password):
            session.clear()  # a fresh session: nothing from before the login survives it
            session.permanent = True
            login_user(user)
            audit.record("login", user=user.username, key=start_session(user.password_hash), note=address_note(address))
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        audit.record("login_failed", user=name, note=address_note(address))
        db.session.commit()
        flash("用户名或密码错误", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    sid = session.get(SESSION_ID)
    if current_user.is_authenticated and sid:
        audit.record("logout", user=current_user.username, key=sid)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


__all__ = ["LoginForm", "bp"]
