"""Several server processes over one PostgreSQL database, as production runs them (``onewindow serve
--production``, granian): a publish in one process is served by the other's next decision; concurrent
saves from many sessions on two processes are never lost, conflicts are reported; an import killed
halfway leaves the database as it was."""
from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from onewindow.admin import create_app
from onewindow.admin.store.db import db

from console_support import FIXTURE, PASSWORD, REPO_CONFIG, RULES, USERS, create_users, csrf_token, form_inputs
from databases import fresh_database, requires_postgres
from test_workflow import ACCEPT_ALL, APPLICATION, TODAY

pytestmark = requires_postgres()
ONEWINDOW = [str(Path(sys.executable).with_name("onewindow"))]
NEW_NAME = "食品经营许可（跨进程发布）"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A cookie-keeping HTTP client of one server process (what a clerk's browser does, minus the page)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def request(self, path: str, *, form: Any = None, body: Any = None) -> tuple[int, str]:
        data, headers = None, {}
        if form is not None:
            data = urllib.parse.urlencode(list(form.items(multi=True)) if hasattr(form, "items") and hasattr(form, "getlist")
                                          else list(form.items())).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data, headers=headers), timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, role: str) -> Browser:
        _, page = self.request("/auth/login")
        status, _ = self.request("/auth/login", form={"username": USERS[role][0], "password": PASSWORD,
                                                      "csrf_token": csrf_token(page)})
        assert status == 302
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """A PostgreSQL database with the fixture catalog imported and one user per role."""
    url = fresh_database("ow_mp_" + secrets.token_hex(6))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ONEWINDOW_ENV": "testing", "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path), "ONEWINDOW_PASSWORD_HASH": "pbkdf2:sha256:1000"})
    with app.app_context():
        from onewindow.admin.sync import import_catalog

        import_catalog(FIXTURE, user="test")
        create_users()
        db.engine.dispose()
    yield url


def _environment(url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "ONEWINDOW_SECRET_KEY": "s" * 48, "ONEWINDOW_TODAY": TODAY.isoformat(),
            "ONEWINDOW_LOG_LEVEL": "WARNING", "ONEWINDOW_SECURE_COOKIES": "off", **extra}  # plain HTTP on loopback


@pytest.fixture
def servers(database: str, tmp_path: Path) -> Iterator[list[str]]:
    """Two production servers (one granian worker each) over the same database."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "accept.yaml").write_text(ACCEPT_ALL, encoding="utf-8")
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    try:
        for index in range(2):
            port = _free_port()
            log = open(tmp_path / f"server{index}.log", "wb")
            process = subprocess.Popen([*ONEWINDOW, "serve", "--production", "--workers", "1", "--threads", "8",
                                        "--port", str(port), "--config", str(FIXTURE), "--rules", str(rules)],
                                       env=_environment(database), stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            deadline = time.monotonic() + 120
            while not (_listening(base) and Browser(base).request("/readyz")[0] == 200):
                assert process.poll() is None, (tmp_path / "server0.log").read_text() + (tmp_path / "server1.log").read_text()
                assert time.monotonic() < deadline, "server not ready in 120 s"
                time.sleep(0.3)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGTERM)
        for process, _ in started:
            process.wait(timeout=30)


def _listening(base: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=1):
            return True
    except OSError:
        return False


def _record_id(url: str, key: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT id FROM catalog_records WHERE section = 'items' AND key = :k"), {"k": key}).scalar_one()
    finally:
        engine.dispose()


def _decided_name(base: str) -> str:
    status, body = Browser(base).request("/api/v1/decisions", body=APPLICATION)
    assert status == 200, body
    return json.loads(body)["item_name"]


def test_a_publish_in_one_process_is_served_by_the_others_next_decision(database: str, servers: list[str]) -> None:
    one, other = servers
    old_name = _decided_name(other)  # the other process has built and cached its runtime
    record = _record_id(database, "SC-001")
    editor = Browser(one).login("department_editor")
    edit = f"/admin/items/edit/?id={record}"
    form = form_inputs(editor.request(edit)[1])
    form["name"] = NEW_NAME
    assert editor.request(edit, form=form)[0] == 302
    workflow = f"/admin/items/workflow/?id={record}"
    assert editor.request(workflow, form={"action": "submit", "csrf_token": csrf_token(editor.request(workflow)[1])})[0] == 302
    reviewer = Browser(one).login("reviewer")
    status, _ = reviewer.request(workflow, form={"action": "publish", "effective_on": TODAY.isoformat(),
                                                 "csrf_token": csrf_token(reviewer.request(workflow)[1])})
    assert status == 302
    assert old_name != NEW_NAME
    assert _decided_name(other) == NEW_NAME
    assert _decided_name(one) == NEW_NAME


def test_twenty_concurrent_saves_on_two_processes_none_lost_conflicts_reported(database: str, servers: list[str]) -> None:
    """Twenty sessions (ten per process) save the same item at once, each retrying after a reported conflict:
    every save lands exactly once, in some order, and each lost race was told so (保存冲突)."""
    record = _record_id(database, "SC-001")
    edit = f"/admin/items/edit/?id={record}"
    browsers = [Browser(servers[i % 2]).login("reform_office") for i in range(20)]
    start = threading.Barrier(20)
    conflicts = [0] * 20
    failures: list[str] = []

    def save(index: int) -> None:
        try:
            form = form_inputs(browsers[index].request(edit)[1])
            start.wait(timeout=60)
            for _ in range(60):
                form["name"] = f"并发保存 {index:02d}"
                status, page = browsers[index].request(edit, form=form)
                if status == 302:
                    return
                assert "保存冲突" in page, page[:500]
                conflicts[index] += 1
                form = form_inputs(browsers[index].request(edit)[1])
            failures.append(f"{index}: never saved")
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            failures.append(f"{index}: {exc!r}")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures
    assert sum(conflicts) >= 1  # twenty saves of one version at once: all but one were told of the conflict
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            saved = [row.after["name"] for row in connection.execute(text(
                "SELECT after FROM audit_log WHERE action = 'update' AND key = 'SC-001' ORDER BY id"))]
            final = connection.execute(text("SELECT document FROM catalog_records WHERE id = :id"), {"id": record}).scalar_one()
    finally:
        engine.dispose()
    assert sorted(saved) == sorted(f"并发保存 {i:02d}" for i in range(20))  # each save once: none lost, none twice
    assert final["name"] == saved[-1]


def _snapshot(url: str) -> tuple[Any, ...]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, section, key, version_id, document FROM catalog_records ORDER BY id")).all()
            revision = connection.execute(text("SELECT epoch, value FROM catalog_revision")).all()
            return tuple(map(tuple, rows)), tuple(map(tuple, revision))
    finally:
        engine.dispose()


def test_an_import_killed_halfway_changes_nothing(database: str, tmp_path: Path) -> None:
    before = _snapshot(database)
    name = database.rsplit("/", 1)[1]
    watch = create_engine(database, isolation_level="AUTOCOMMIT")
    importer = subprocess.Popen([*ONEWINDOW, "db", "import", str(REPO_CONFIG), "--rules", str(RULES), "--force"],
                                env=_environment(database), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        with watch.connect() as connection:
            deadline = time.monotonic() + 240
            while True:  # until the import's transaction holds row locks on catalog_records: it is writing
                writing = connection.execute(text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE c.relname = 'catalog_records' AND l.mode = 'RowExclusiveLock' AND a.datname = :db"
                    " AND a.pid <> pg_backend_pid()"), {"db": name}).scalar_one()
                if writing:
                    break
                assert importer.poll() is None, f"the import ended before it wrote: {importer.stderr.read().decode()}"
                assert time.monotonic() < deadline, "the import never started writing"
                time.sleep(0.02)
            # killed at once: the import's one transaction (delete, ~300 inserts, flush, audit, commit) takes far
            # longer than the 20 ms poll, and a commit that slipped through would show in the snapshot below
            assert importer.poll() is None, "the import finished before it could be killed; make the catalog larger"
            importer.send_signal(signal.SIGKILL)
            importer.wait(timeout=30)
            deadline = time.monotonic() + 60
            while connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"),
                                     {"db": name}).scalar_one():
                assert time.monotonic() < deadline, "the killed import's session never ended"
                time.sleep(0.1)
    finally:
        if importer.poll() is None:
            importer.kill()
        watch.dispose()
    assert _snapshot(database) == before
