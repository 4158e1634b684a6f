"""A :class:`onewindow.runtime.Runtime` over the database: published catalog for the API, working copy
for the sandbox.

The runtime decides; the console only supplies the catalog it reads and the rules directory. Every API
decision asks for a runtime, so the cache hit must be cheap at 10k records: it is keyed by the
database's ``catalog_revision`` (one single-row read; the counter moves in the same transaction as any
write to ``catalog_records``) and, for the published catalog, by the serving day — a publication
scheduled for tomorrow changes what is served at midnight without any write. Records are read only on
a miss.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app

from onewindow.runtime import Runtime
from onewindow.runtime.catalog import Catalog
from onewindow.runtime.errors import ConfigError, OnewindowError

from .db import db
from .records import read_revision, serving_day
from .working_catalog import build_catalog, catalog_rows

CacheKey = tuple[str, tuple[str, int], bool, str, date | None]
"""(database URL, catalog revision, published, rules directory, serving day or None for the working copy)."""

_CACHE: dict[CacheKey, "Served"] = {}
_LOCK = threading.Lock()
"""Guards ``_CACHE``; held only for a lookup or an insert, so a hit never waits for a build."""
_BUILD_LOCK = threading.Lock()
"""One build at a time: a burst of requests after a publish shares one build instead of racing N."""
_MAX_ENTRIES = 8


class RuntimeUnavailable(OnewindowError):
    """No usable catalog or rules (nothing published yet, or rules that do not compile)."""

    def __init__(self, message: str, problems: tuple = ()) -> None:
        super().__init__(message)
        self.problems = problems


def _rules_dir() -> Path:
    return Path(current_app.config.get("ONEWINDOW_RULES_DIR") or "rules")


@dataclass(frozen=True)
class Served:
    """One cached build: the catalog (None without a centre) and its runtime, or why there is none."""

    catalog: Catalog | None
    runtime: Runtime | RuntimeUnavailable


def _build(published: bool) -> Served:
    catalog = build_catalog(catalog_rows(), published=published)
    if catalog is None:
        return Served(None, RuntimeUnavailable("尚无已发布的目录（缺少中心信息）" if published else "工作副本缺少中心信息"))
    try:
        engine = current_app.config.get("ONEWINDOW_ENGINE") or "auto"  # compiled where durable-rules cannot be built
        return Served(catalog, Runtime(rules_dir=_rules_dir(), catalog=catalog, engine=engine))
    except ConfigError as exc:
        unavailable = RuntimeUnavailable("规则无法编译", exc.problems)
        unavailable.__cause__ = exc
        return Served(catalog, unavailable)


def _answer(found: Runtime | RuntimeUnavailable) -> Runtime:
    if isinstance(found, RuntimeUnavailable):  # a fresh exception each time: re-raising one would grow its traceback
        raise RuntimeUnavailable(str(found), found.problems) from found.__cause__
    return found


def runtime_for(*, published: bool) -> Runtime:
    """The runtime of the catalog served today (``published=True``) or of the working copy (drafts included).

    A refusal (no centre, rules that do not compile) is cached like a runtime, so a broken catalog costs
    one build per change, not one per request.
    """
    return _answer(served(published=published).runtime)


def catalog_for(*, published: bool) -> Catalog:
    """The catalog :func:`runtime_for` decides with — also when the rules do not compile (the catalog API
    lists what is served whatever the rules say)."""
    found = served(published=published)
    if found.catalog is None:  # then the runtime slot holds why: no centre
        raise RuntimeUnavailable(str(found.runtime))
    return found.catalog


def served(*, published: bool) -> Served:
    """The cached build for the current catalog revision (and, for the published catalog, the serving day)."""
    day = serving_day() if published else None
    revision = read_revision(db.session)
    key: CacheKey | None = None
    if revision is not None:  # no counter row (schema not made by migrations): never cache, always correct
        key = (str(db.engine.url), revision, published, str(_rules_dir().resolve()), day)
        with _LOCK:
            found = _CACHE.get(key)
        if found is not None:
            return found
    with _BUILD_LOCK:
        if key is not None:
            with _LOCK:
                found = _CACHE.get(key)
            if found is not None:
                return found
        built = _build(published)
        # cache only what is exactly the keyed state: no write committed and no midnight passed meanwhile
        if key is not None and read_revision(db.session) == revision and (serving_day() if published else None) == day:
            with _LOCK:
                if len(_CACHE) >= _MAX_ENTRIES:
                    _CACHE.clear()
                _CACHE[key] = built
    return built


__all__ = ["RuntimeUnavailable", "Served", "catalog_for", "runtime_for", "served"]
