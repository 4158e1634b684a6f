"""Login and logout (blueprint ``auth``): Flask-Login sessions that expire, CSRF-protected form."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from ..store import audit
from ..store.db import db
from .users import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired(message="请输入用户名")])
    password = PasswordField("密码", validators=[DataRequired(message="请输入密码")])


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("admin.index")


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data))
        if user is not None and user.active and user.check_password(form.password.data or ""):
            session.permanent = True
            login_user(user)
            audit.record("login", user=user.username)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        audit.record("login_failed", user=form.username.data)
        db.session.commit()
        flash("用户名或密码错误", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    logout_user()
    return redirect(url_for("auth.login"))


__all__ = ["LoginForm", "bp"]
