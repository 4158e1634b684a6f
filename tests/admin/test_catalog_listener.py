"""PostgreSQL: a serving process hears catalog writes (LISTEN/NOTIFY) instead of reading the revision on
every request; a write nobody notified is still served within the recheck bound, and a lost listener
falls back to reading per request until it is back."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from onewindow.admin import create_app
from onewindow.admin.store.db import db
from onewindow.admin.store.records import bump_revision
from onewindow.admin.store.runtimes import NotifyProbe, listen_for_catalog_writes, runtime_cache

from console_support import wait_until
from databases import admin_execute, fresh_database, requires_postgres
from test_api_path import statements

pytestmark = requires_postgres()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    url = fresh_database("ow_listen_" + secrets.token_hex(6))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ONEWINDOW_ENV": "testing", "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path)})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def probe(app: Flask) -> Iterator[NotifyProbe]:
    found = listen_for_catalog_writes(app)
    assert found is not None
    wait_until(lambda: found.listening)
    yield found
    found.stop()


def _write(app: Flask, notify: bool = True) -> None:
    """A catalog write committed by another process's engine (with or without the notification)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as connection:
            if notify:
                bump_revision(connection)
            else:
                connection.execute(text("UPDATE catalog_revision SET value = value + 1 WHERE id = 1"))
    finally:
        engine.dispose()


def test_a_hit_runs_no_query_and_a_notified_write_is_heard(app: Flask, probe: NotifyProbe) -> None:
    probe.RECHECK = 3600.0  # only a notification may move the token here
    with app.app_context():
        cache = runtime_cache()
        assert cache.probe is probe
        first = cache.revision()
        assert first is not None
        with statements(app) as seen:
            for _ in range(20):
                assert cache.revision() == first
        assert seen == []
        heard = probe.generation
        _write(app)
        wait_until(lambda: probe.generation > heard)
        assert cache.revision() == (first[0], first[1] + 1)


def test_a_write_nobody_notified_is_read_within_the_recheck_bound(app: Flask, probe: NotifyProbe) -> None:
    probe.RECHECK = 0.3
    with app.app_context():
        cache = runtime_cache()
        first = cache.revision()
        assert first is not None
        heard = probe.generation
        _write(app, notify=False)
        wait_until(lambda: cache.revision() != first, seconds=5)
        assert probe.generation == heard


def test_a_lost_listener_reads_per_request_until_it_is_back(app: Flask, probe: NotifyProbe) -> None:
    probe.RECHECK, probe.RETRY = 3600.0, 1.5
    name = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    admin_execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND query LIKE 'LISTEN%'")
    wait_until(lambda: probe.token() is None, seconds=5)
    with app.app_context():
        cache = runtime_cache()
        with statements(app) as seen:
            cache.revision()
        assert seen  # cannot tell: read
        wait_until(lambda: probe.listening)
        first = cache.revision()
        with statements(app) as seen:
            assert cache.revision() == first
        assert seen == []


def test_sqlite_and_other_drivers_do_not_listen(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "x",
                      "ONEWINDOW_ENV": "testing", "INSTANCE_PATH": str(tmp_path)})
    assert listen_for_catalog_writes(app) is None
