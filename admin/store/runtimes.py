"""A :class:`onewindow.runtime.Runtime` over the database: published catalog for the API, working copy
for the sandbox.

The runtime decides; the console only supplies the catalog it reads and the rules directory. Runtimes are
cached by the (id, version) of every record, so an edit or a publish gives a new runtime and nothing else
does.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from flask import current_app

from onewindow.runtime import Runtime
from onewindow.runtime.errors import ConfigError, OnewindowError

from .db import db
from .records import CatalogRecord
from .working_catalog import build_catalog

_CACHE: dict[tuple[str, bool, str], Runtime] = {}
_LOCK = threading.Lock()


class RuntimeUnavailable(OnewindowError):
    """No usable catalog or rules (nothing published yet, or rules that do not compile)."""

    def __init__(self, message: str, problems: tuple = ()) -> None:
        super().__init__(message)
        self.problems = problems


def _rules_dir() -> Path:
    return Path(current_app.config.get("ONEWINDOW_RULES_DIR") or "rules")


def runtime_for(*, published: bool) -> Runtime:
    """The runtime of the published catalog (``published=True``) or of the working copy (drafts included)."""
    records = list(db.session.scalars(db.select(CatalogRecord).order_by(CatalogRecord.id)))
    digest = hashlib.sha256()
    for record in records:
        digest.update(f"{record.id}:{record.version_id}:{record.state}\n".encode())
    key = (digest.hexdigest(), published, str(_rules_dir().resolve()))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        catalog, _ = build_catalog(records, published=published)
        if catalog is None:
            raise RuntimeUnavailable("尚无已发布的目录（缺少中心信息）" if published else "工作副本缺少中心信息")
        try:
            runtime = Runtime(rules_dir=_rules_dir(), catalog=catalog)
        except ConfigError as exc:
            raise RuntimeUnavailable("规则无法编译", exc.problems) from exc
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = runtime
        return runtime


__all__ = ["RuntimeUnavailable", "runtime_for"]
