"""The WSGI entry point of a production server, and the start-up chores every serving process runs.

``granian --interface wsgi --factory onewindow.admin.wsgi:create`` (what ``onewindow serve --production``
runs), or on Windows ``waitress-serve --call onewindow.admin.wsgi:create``. Settings come from the environment (the table in
docs/deploy.md). :func:`create` refuses to serve without a secret key in production, then runs
:func:`prepare` — migrate (create_app, unless ONEWINDOW_MIGRATE=off), import the catalog into an empty
database, fold due publications — under the database's start-up lock, so two workers starting together do
each chore once; on PostgreSQL it listens for catalog writes (no revision query per request); then warms the
caches in the background.
"""
from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from onewindow.runtime.errors import ConfigError

log = logging.getLogger("onewindow.startup")


def fold_due_publications() -> None:
    """Fold publications whose effective day has come into the version in force (inside an app context).

    Bookkeeping only — the runtime, the API and export already serve a due publication on its day — so the
    console's 「发布生效日期」 column and export's untouched-file check see the version in force too."""
    from .store.db import db
    from .store.publication import promote_due
    from .store.records import serving_day

    promote_due(serving_day())
    db.session.commit()


def prepare(app: Flask, say: Callable[[str], None] = log.info) -> None:
    """Import the catalog (``ONEWINDOW_CONFIG_DIR``) into an empty database, fold publications that are due,
    create the demo users in development — one process at a time, each chore skipped when already done."""
    from .auth.demo import ensure_demo_users
    from .settings import is_development
    from .store.db import db
    from .store.migrate import startup_lock
    from .store.records import CatalogRecord
    from .sync import import_catalog

    config_dir = Path(app.config.get("ONEWINDOW_CONFIG_DIR") or "config")
    with app.app_context(), startup_lock(db.engine):
        if db.session.scalar(db.select(CatalogRecord.id).limit(1)) is None and config_dir.is_dir():
            try:
                say(f"数据库为空，导入 {config_dir}：{import_catalog(config_dir, user='serve')} 个条目")
            except ConfigError as exc:
                say(f"{config_dir} 未通过校验（{len(exc.problems)} 个问题），以空数据库启动")
        fold_due_publications()
        if is_development(app.config):
            first = db.session.scalar(db.select(CatalogRecord.code).filter_by(section="departments").limit(1))
            for username, password, role in ensure_demo_users(first):
                say(f"演示用户：{username} / {password}（{role}）")


def behind_proxy(app: Flask) -> None:
    """Trust ``ONEWINDOW_PROXY_HOPS`` reverse proxies' X-Forwarded-For/-Proto/-Host (client address in the log,
    https links), and with ``ONEWINDOW_SECURE_COOKIES`` send the session cookies over HTTPS only."""
    hops = int(app.config.get("ONEWINDOW_PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
    if str(app.config.get("ONEWINDOW_SECURE_COOKIES") or "").lower() in ("1", "true", "yes", "on"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def warm_caches(app: Flask) -> threading.Thread:
    """Warm the caches in the background with the cyclic collector paused, then freeze what they hold.

    The serving process's own choice (the library never touches the collector): warming validates every
    document of a 10k-item catalog — about a million long-lived, acyclic models — and full collections
    walking them doubled its time; frozen afterwards, saves no longer pay a walk over them either, so the
    first save after a start costs what a warm one does."""
    gc.disable()

    def settle() -> None:
        gc.collect()
        gc.freeze()
        gc.enable()

    from .store.warmup import warm_in_background

    return warm_in_background(app, then=settle)


def create(config: dict[str, Any] | None = None, *, warm: bool = True) -> Flask:
    """A ready-to-serve console and API: settings checked, logging configured, chores done, caches warming."""
    from .app import create_app
    from .observe import configure_logging
    from .settings import require_secret_key
    from .store.runtimes import listen_for_catalog_writes

    app = create_app(config)
    require_secret_key(app.config)
    behind_proxy(app)
    configure_logging(app.config["ONEWINDOW_LOG_FORMAT"], app.config["ONEWINDOW_LOG_LEVEL"])
    prepare(app)
    listen_for_catalog_writes(app)  # PostgreSQL: hear catalog writes instead of reading the revision per request
    if warm:
        warm_caches(app)  # validate and lint once now, not on the first save or decision
    return app


__all__ = ["behind_proxy", "create", "fold_due_publications", "prepare"]
