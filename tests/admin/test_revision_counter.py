"""The catalog revision counter listens on the app's session only, never on every SQLAlchemy session."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from onewindow.admin.store import records


def test_no_listener_on_the_session_class_of_the_process(app) -> None:
    assert not event.contains(Session, "before_flush", records._count_flushed_writes)
    assert not event.contains(Session, "do_orm_execute", records._count_bulk_writes)


def test_the_apps_session_counts_catalog_writes(app) -> None:
    from onewindow.admin.store.db import db

    assert event.contains(db.session, "before_flush", records._count_flushed_writes)
    assert event.contains(db.session, "do_orm_execute", records._count_bulk_writes)
