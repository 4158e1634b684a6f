"""Bringing the database schema to the newest Alembic revision (on startup and by ``onewindow db upgrade``).

Several server processes start at once; :func:`startup_lock` makes their start-up chores (migrating,
importing an empty database, folding due publications) run one process at a time, so no two ever
migrate or import concurrently: on PostgreSQL an advisory lock, on SQLite a lock file beside the database.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
LOCK_KEY = 0x6F6E6577  # "onew": the advisory lock number of start-up chores on PostgreSQL


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Hold the database-wide start-up lock (blocking until other processes release it)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: one waitress process, nothing to serialise against
        yield
        return
    with open(f"{database}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration in one transaction, one process at a time."""
    config = alembic_config(engine)
    with startup_lock(engine), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


__all__ = ["MIGRATIONS", "alembic_config", "startup_lock", "upgrade"]
