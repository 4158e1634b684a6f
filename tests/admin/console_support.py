"""Helpers shared by the console tests: app factory over a temp SQLite file, users per role, CSRF, login."""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from databases import database_url
from onewindow.admin import create_app
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord

FIXTURE = Path(__file__).parent / "fixtures" / "catalog"
REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"
RULES = Path(__file__).resolve().parents[2] / "rules"
PASSWORD = "correct-horse-battery"
USERS = {"reform_office": ("reform", None), "department_editor": ("editor", "market_regulation"),
         "reviewer": ("reviewer", None), "auditor": ("auditor", None), "window_clerk": ("clerk", None),
         "efficiency_office": ("office", None)}
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def make_app(tmp_path: Path, **extra: Any) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path),
                       "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
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

class _FormInputs(HTMLParser):
    """The (name, value) pairs a browser would submit from the first ``<form method="post">`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self._done:
            self._in_form = True
        if not self._in_form or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value", "y" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.pairs += [(name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.pairs.append((self._textarea, self._text.removeprefix("\r").removeprefix("\n")))
            self._textarea = None


def form_inputs(html: str) -> MultiDict[str, str]:
    """What a browser submits from the page's post form, unchanged (inline templates are text, so left out)."""
    parser = _FormInputs()
    parser.feed(html)
    return MultiDict(parser.pairs)


def new_entry(html: str, list_id: str, index: int) -> MultiDict[str, str]:
    """The inputs of a new inline entry as the page's "添加" button creates them (Flask-Admin's form.js):
    the list's template, with every name prefixed ``{list_id}-{index}-``."""
    button = html.index(f'id="{list_id}-button"')
    start = html.rindex('<div class="inline-field-template d-none">', 0, button)
    template = unescape(html[html.index(">", start) + 1:html.rindex("</div>", start, button)])
    fields = form_inputs(f'<form method="post">{template}</form>')
    return MultiDict([(f"{list_id}-{index}-{name}", value) for name, value in fields.items(multi=True)])


def imported_database(folder: Path, source: Path) -> Path:
    """A database file in ``folder`` with the catalog ``source`` imported and one user per role; tests copy it."""
    app = make_app(folder)
    with app.app_context():
        from onewindow.admin.sync import import_catalog

        import_catalog(source, user="test")
        create_users()
        db.engine.dispose()
    return folder / "console.sqlite"


def wait_until(condition: Callable[[], Any], seconds: float = 20) -> None:
    """Poll ``condition`` until it holds (a notification, a thread starting), failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)
