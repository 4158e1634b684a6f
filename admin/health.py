"""``/healthz`` (the process answers) and ``/readyz`` (it can serve decisions) for probes and load balancers.

``/readyz`` answers 200 only when the database is reachable, a published catalog is loaded and the rules
compile for it; otherwise 503 with each check's state in Chinese, so a probe's log says what is wrong.
Both are plain JSON, need no login and read nothing a visitor could not learn from the public API.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text

from onewindow.runtime.errors import OnewindowError

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Any:
    from .store.db import db
    from .store.runtimes import served

    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready", never a 500
        db.session.rollback()
        checks["database"] = f"数据库不可用：{type(exc).__name__}"
    if checks["database"] == "ok":
        try:
            found = served(published=True)
            checks["catalog"] = "ok" if found.catalog is not None else str(found.runtime)
            checks["rules"] = "ok" if found.catalog is not None and not isinstance(found.runtime, Exception) else (
                str(found.runtime) if found.catalog is not None else "未检查（没有目录）")
        except OnewindowError as exc:
            checks["catalog"] = str(exc)
    ready = all(state == "ok" for state in checks.values()) and len(checks) == 3
    return jsonify(status="ready" if ready else "not_ready", checks=checks), 200 if ready else 503


__all__ = ["bp"]
