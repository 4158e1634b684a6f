"""Alembic environment: runs on the connection :func:`onewindow.admin.store.migrate.upgrade` hands over."""
from __future__ import annotations

from alembic import context

from onewindow.admin.store.db import Base
import onewindow.admin.store.records  # noqa: F401  (registers the tables on Base.metadata)
import onewindow.admin.store.audit  # noqa: F401
import onewindow.admin.auth.users  # noqa: F401
import onewindow.admin.auth.tokens  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
