"""``/healthz`` (the process answers) and ``/readyz`` (it can serve decisions) for probes and load balancers.

``/readyz`` answers 200 only when the database is reachable, a published catalog is loaded, the rules
compile for it and the validity judge (:class:`onewindow.runtime.validity.Judge`: the catalog lint and the
rule checks over that same catalog) accepts it; otherwise 503 with each check's state in Chinese, so a
probe's log says what is wrong. The judge runs once per served build (a publish, a new serving day), not
per probe. Both are plain JSON, need no login and read nothing a visitor could not learn from the public API.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text

from onewindow.runtime.errors import OnewindowError

bp = Blueprint("health", __name__)

CHECKS = ("database", "catalog", "rules", "validity")
FINDINGS_SHOWN = 3
"""Judge's errors quoted in the ``validity`` check (the count says how many more)."""


@bp.get("/healthz")
def healthz() -> Any:
    return jsonify(status="ok")


def _judged(found: Any) -> str:
    """'ok' when the judge accepts the served catalog with its rules, else why not — judged once per build
    (the served build is cached per catalog revision and day; the verdict is kept in the build's own slot)."""
    from onewindow.runtime.validity import Judge

    from .store.publication import describe, rules_dir

    def judge() -> str:
        errors = Judge(rules_dir()).judge(found.catalog).errors
        return "ok" if not errors else (
            f"目录与规则未通过有效性评判（{len(errors)} 处错误），不应对外提供服务：" + "；".join(describe(f) for f in errors[:FINDINGS_SHOWN])
            + ("……" if len(errors) > FINDINGS_SHOWN else ""))

    return found.verdict("validity", judge)


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
            checks["validity"] = _judged(found) if checks["rules"] == "ok" else "未检查（目录或规则不可用）"
        except OnewindowError as exc:
            checks["catalog"] = str(exc)
    ready = all(state == "ok" for state in checks.values()) and len(checks) == len(CHECKS)
    return jsonify(status="ready" if ready else "not_ready", checks=checks), 200 if ready else 503


__all__ = ["bp"]
