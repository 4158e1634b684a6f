"""Which database the admin suite runs on: a SQLite file per test, or a PostgreSQL database per test.

``make test`` runs the suite on SQLite; ``make test-postgres`` runs the admin/store suite again with
``ONEWINDOW_TEST_BACKEND=postgresql`` on the server named by ``ONEWINDOW_TEST_DATABASE_URL`` (CI starts
one with ``.ci/postgres``). The tests need not know: they keep their database in ``<folder>/console.sqlite``
and copy that file to clone a prepared database. On PostgreSQL that file is a marker holding the name of
the folder's database, and :func:`database_url` turns a copied marker into ``CREATE DATABASE … TEMPLATE``
— the same cheap clone, done by the server.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("ONEWINDOW_TEST_DATABASE_URL")
"""A PostgreSQL server URL (any database on it; the tests create their own)."""
BACKEND = os.environ.get("ONEWINDOW_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    raise RuntimeError(f"ONEWINDOW_TEST_BACKEND={BACKEND!r}: sqlite or postgresql")
if BACKEND == "postgresql" and not SERVER:
    raise RuntimeError("ONEWINDOW_TEST_BACKEND=postgresql needs ONEWINDOW_TEST_DATABASE_URL (start one with .ci/postgres)")
MARKER = "postgresql:"
CREATED: list[str] = []
"""Databases this test session made, oldest first (dropped by conftest once their test or the session ends)."""


def requires_postgres() -> list[pytest.MarkDecorator]:
    """Marks (``pytestmark``) skipping without a PostgreSQL server — unless CI says one must be there
    (``ONEWINDOW_REQUIRE_POSTGRES``): then the tests run and fail instead."""
    if SERVER or os.environ.get("ONEWINDOW_REQUIRE_POSTGRES"):
        return []
    return [pytest.mark.skip(reason="no PostgreSQL server (ONEWINDOW_TEST_DATABASE_URL); .ci/postgres starts one")]


def server_url(database: str) -> str:
    assert SERVER, "ONEWINDOW_TEST_DATABASE_URL is not set"
    return make_url(SERVER).set(database=database).render_as_string(hide_password=False)


def admin_execute(*statements: str) -> None:
    """Run statements outside a transaction on the server's maintenance database (CREATE/DROP DATABASE)."""
    engine = create_engine(server_url(make_url(SERVER).database or "postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def fresh_database(name: str, template: str | None = None) -> str:
    """(Re)create database ``name``, empty or as a copy of ``template``; its URL."""
    clone = f" TEMPLATE {template}" if template else ""
    # a template must have no sessions: end any an app left in its pool
    ended = (f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'",) if template else ()
    admin_execute(*ended, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}{clone}")
    CREATED.append(name)
    return server_url(name)


def drop_created(since: int = 0) -> None:
    """Drop the databases made since ``CREATED[since]`` (a test's own copies; each is ~8 MB on the server)."""
    names = CREATED[since:]
    del CREATED[since:]
    if names:
        admin_execute(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names))


def database_url(folder: Path) -> str:
    """The URL of ``folder``'s database (created on first use on PostgreSQL, cloned if a marker was copied in)."""
    path = folder / "console.sqlite"
    if BACKEND == "sqlite":
        return f"sqlite:///{path}"
    own = "ow_" + hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:20]
    found = path.read_text().removeprefix(MARKER) if path.is_file() else None
    if found != own:
        fresh_database(own, template=found)
        path.write_text(MARKER + own)
    return server_url(own)


__all__ = ["BACKEND", "CREATED", "SERVER", "admin_execute", "database_url", "drop_created", "fresh_database",
           "requires_postgres", "server_url"]
