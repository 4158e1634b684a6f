"""Helpers shared by the console tests: app factory over a temp SQLite file, users per role, CSRF, login."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from onewindow.admin import create_app
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord

FIXTURE = Path(__file__).parent / "fixtures" / "catalog"
REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"
PASSWORD = "correct-horse-battery"
USERS = {"reform_office": ("reform", None), "department_editor": ("editor", "market_regulation"),
         "reviewer": ("reviewer", None), "auditor": ("auditor", None)}
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def make_app(tmp_path: Path, **extra: Any) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'console.sqlite'}",
                       "ONEWINDOW_ENV": "testing",
                       "ONEWINDOW_PASSWORD_HASH": "pbkdf2:sha256:1000", **extra})


def create_users() -> None:
    """One user per role (inside an app context), all with :data:`PASSWORD`."""
    from onewindow.admin.auth.users import User

    for role, (username, department) in USERS.items():
        user = User(username=username, display_name=username, role=role, department=department, active=True)
        user.set_password(PASSWORD)
        db.session.add(user)
    db.session.commit()


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no csrf_token"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, role: str) -> FlaskClient:
    page = client.get("/auth/login").get_data(as_text=True)
    answer = client.post("/auth/login", data={"username": USERS[role][0], "password": PASSWORD, "csrf_token": csrf_token(page)})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def record_id(app: Flask, section: str, key: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(CatalogRecord.id).filter_by(section=section, key=key))
