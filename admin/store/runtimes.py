"""A :class:`onewindow.runtime.Runtime` over the database: published catalog for the API, working copy
for the sandbox.

The runtime decides; the console only supplies the catalog it reads and the rules directory. Every API
decision asks for a runtime, so the cache hit must be cheap at 10k records: it is keyed by the
database's ``catalog_revision`` (the counter moves in the same transaction as any write to
``catalog_records``) and, for the published catalog, by the serving day — a publication scheduled for
tomorrow changes what is served at midnight without any write. Records are read only on a miss.

The cache belongs to the app (``app.extensions``), one per process. Whether the revision may have moved
is asked of a :class:`ChangeProbe` first: a SQLite database in rollback-journal mode counts every commit,
by any process, in its file header (offset 24), so a hit there costs a 4-byte file read and no query; a
changed counter (any write) costs one single-row read of the revision. On PostgreSQL a serving process
(:func:`listen_for_catalog_writes`, called by the WSGI entry point) listens on :data:`~.records.CATALOG_CHANNEL`,
which every write notifies on commit (:class:`NotifyProbe`): a hit costs no query either, and the revision is
read again at least once a second whatever is heard. Elsewhere (SQLite in WAL mode, an app that does not
listen, a listener that lost its connection) the revision is read on every request — one indexed single-row
query — so a publish in one server process is served by every other process's very next decision.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app

from onewindow.runtime import EngineName, Runtime
from onewindow.runtime.catalog import Catalog
from onewindow.runtime.errors import ConfigError, OnewindowError

from .db import db
from .records import CATALOG_CHANNEL, CENTRE_ZONE, read_revision, serving_day
from .working_catalog import build_catalog, catalog_rows

CacheKey = tuple[tuple[str, int], bool, str, str, date | None]
"""(catalog revision, published, rules directory, engine, serving day or None for the working copy)."""
MAX_ENTRIES = 8
EXTENSION = "onewindow.runtimes"
"""The key of an app's :class:`RuntimeCache` in ``app.extensions``."""
log = logging.getLogger(__name__)


class Probe(Protocol):
    def token(self) -> Hashable | None:
        """A value that changes whenever the catalog may have changed; None: cannot tell, read the revision."""


class ChangeProbe:
    """A cheap token that changes whenever the database may have changed (None: cannot tell, read).

    SQLite's file change counter (header offset 24) is incremented by every committed write transaction
    in rollback-journal mode, whichever process commits; WAL mode (header byte 18 = 2) does not keep it.
    """

    def __init__(self, url: object) -> None:
        database = getattr(url, "database", None)
        self.path = database if getattr(url, "drivername", "").startswith("sqlite") and database not in (None, "", ":memory:") else None

    def token(self) -> bytes | None:
        if self.path is None:
            return None
        try:  # os-level calls: no buffered file object per request
            descriptor = os.open(self.path, os.O_RDONLY)
            try:
                header = os.read(descriptor, 28)
            finally:
                os.close(descriptor)
        except OSError:
            return None
        if len(header) < 28 or header[18] == 2:  # empty file, or WAL mode: no commit counter
            return None
        return header[24:28]


class NotifyProbe:
    """PostgreSQL: a token moved by every committed catalog write, heard on a connection of its own that
    ``LISTEN``s to :data:`~.records.CATALOG_CHANNEL` in a daemon thread — no query per request.

    The token is None (read the revision) until the listener is in place and whenever it has lost its
    connection (it reconnects every :attr:`RETRY` seconds); it also moves every :attr:`RECHECK` seconds, so a
    write nobody notified (a restored dump, a counter bumped by hand) is served within that bound too. A
    notification travels with the commit, so what another process publishes is seen within milliseconds.
    """

    RECHECK = 1.0
    RETRY = 2.0
    POLL = 0.5
    """Seconds between the listener's looks at :meth:`stop` (it waits for notifications meanwhile)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.generation = 0
        self.listening = False
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def token(self) -> Hashable | None:
        if not self.listening:
            return None
        return self.generation, int(time.monotonic() / self.RECHECK)

    def start(self) -> NotifyProbe:
        self.thread = threading.Thread(target=self._run, name="onewindow-catalog-listener", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def _connect(self) -> Any:
        arguments, options = self.engine.dialect.create_connect_args(self.engine.url)
        return self.engine.dialect.loaded_dbapi.connect(*arguments, **{**options, "autocommit": True})

    def _run(self) -> None:
        while not self.stopped.is_set():
            try:
                with self._connect() as connection:
                    connection.execute(f"LISTEN {CATALOG_CHANNEL}")
                    self.generation += 1  # whatever was committed before LISTEN: read the revision once more
                    self.listening = True
                    while not self.stopped.is_set():
                        for _ in connection.notifies(timeout=self.POLL):
                            self.generation += 1
            except Exception as exc:  # the server went away, a restart, a network cut: read per request meanwhile
                if self.listening:
                    log.warning("目录变更监听连接中断，改为每次请求读取目录版本：%s", exc)
            finally:
                self.listening = False
            self.stopped.wait(self.RETRY)


def listen_for_catalog_writes(app: Flask) -> NotifyProbe | None:
    """Make ``app``'s runtime cache hear PostgreSQL's notifications of catalog writes instead of reading the
    revision per request (a serving process's choice: one thread and one connection; psycopg 3 only).
    None when the database is not PostgreSQL over psycopg 3."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
            return None
        probe = NotifyProbe(engine)
        app.extensions[EXTENSION] = RuntimeCache(probe)
    return probe.start()


@dataclass
class RuntimeCache:
    """One app's builds, keyed by :data:`CacheKey`, and the last revision it read with the probe's token then."""

    probe: Probe
    entries: dict[CacheKey, "Served"] = field(default_factory=dict)
    seen: tuple[Hashable, tuple[str, int] | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Guards ``entries`` and ``seen``; held only for a lookup or an insert, so a hit never waits for a build."""
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    """One build at a time: a burst of requests after a publish shares one build instead of racing N."""

    def known(self, config: Mapping[str, Any], *, published: bool) -> Served | None:
        """The build :func:`served` would give, when the probe vouches that the revision read last still holds
        and that build is cached; None otherwise (then ask :func:`served`, inside an app context). Needs no app
        context and no query: the API's fast path decides with it (``config`` is the app's settings)."""
        token = self.probe.token()
        with self.lock:
            seen = self.seen
            if token is None or seen is None or seen[0] != token or seen[1] is None:
                return None
            return self.entries.get(_key(seen[1], published, config))

    def revision(self) -> tuple[str, int] | None:
        """The catalog revision: remembered while the probe's token holds, else read (one single-row query)."""
        token = self.probe.token()  # taken before the read: a commit in between shows as a new token next time
        with self.lock:
            seen = self.seen
        if token is not None and seen is not None and seen[0] == token:
            return seen[1]
        revision = read_revision(db.session())
        if token is not None:
            with self.lock:
                self.seen = (token, revision)
        return revision


def known_build(app: Flask, *, published: bool) -> Served | None:
    """``app``'s cached build for the current state when its cache can vouch for it without a query (see
    :meth:`RuntimeCache.known`); no app context needed."""
    cache = app.extensions.get(EXTENSION)
    return None if cache is None else cache.known(app.config, published=published)


def runtime_cache() -> RuntimeCache:
    """The current app's cache (made on first use)."""
    extensions = current_app.extensions
    found = extensions.get(EXTENSION)
    if found is None:
        found = extensions.setdefault(EXTENSION, RuntimeCache(ChangeProbe(db.engine.url)))
    return found


class RuntimeUnavailable(OnewindowError):
    """No usable catalog or rules (nothing published yet, or rules that do not compile)."""

    def __init__(self, message: str, problems: tuple = ()) -> None:
        super().__init__(message)
        self.problems = problems


def _rules_setting(config: Mapping[str, Any]) -> str:
    """The rules directory as configured (a cache key part: no path parsing per request)."""
    return str(config.get("ONEWINDOW_RULES_DIR") or "rules")


def _engine(config: Mapping[str, Any]) -> EngineName:
    name = config.get("ONEWINDOW_ENGINE") or "auto"  # compiled where durable-rules cannot be built
    return "durable" if name == "durable" else "compiled" if name == "compiled" else "auto"


def _key(revision: tuple[str, int], published: bool, config: Mapping[str, Any]) -> CacheKey:
    """What a build depends on besides the records: the revision, which catalog, the rules and engine settings,
    and for the published catalog the serving day (a publication may take effect at midnight without a write)."""
    return revision, published, _rules_setting(config), _engine(config), serving_day(config) if published else None


MAX_ANSWERS = 256
"""Answers remembered per build (item lists by query, item documents); past this the memo starts afresh."""


@dataclass(frozen=True)
class Served:
    """One cached build: the catalog (None without a centre) and its runtime, or why there is none; and the
    API answers made from it, remembered with it (a publish makes a new build, so none outlives its catalog)."""

    catalog: Catalog | None
    runtime: Runtime | RuntimeUnavailable
    answers: dict[Hashable, bytes] = field(default_factory=dict, compare=False, repr=False)
    verdicts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """What was judged of this build once (``/readyz``'s validity verdict), never cleared: unlike
    :attr:`answers`, which item queries may fill and empty, a verdict costs a full judge run to remake."""

    def answer(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The answer ``make`` gives for ``key``, made once per build (two threads may both make it once)."""
        found = self.answers.get(key)
        if found is None:
            found = make()
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.clear()
            self.answers[key] = found
        return found

    def usable(self) -> Runtime:
        """The runtime, or the reason there is none raised as :class:`RuntimeUnavailable`."""
        found = self.runtime
        if isinstance(found, RuntimeUnavailable):  # a fresh exception each time: re-raising one would grow its traceback
            raise RuntimeUnavailable(str(found), found.problems) from found.__cause__
        return found

    def verdict(self, key: str, judge: Callable[[], str]) -> str:
        """What ``judge`` says of this build, asked once per build (two threads may both ask once)."""
        found = self.verdicts.get(key)
        if found is None:
            found = self.verdicts[key] = judge()
        return found


def console_now() -> datetime:
    """The console's clock: the real moment, moved to the serving day when ``ONEWINDOW_TODAY`` says another day
    (previews and tests see provisional calendar years and the sandbox's default receipt as on that day)."""
    real = datetime.now(timezone.utc).astimezone(CENTRE_ZONE)
    day = serving_day()
    return real if day == real.date() else datetime.combine(day, real.time(), CENTRE_ZONE)


def _build(published: bool) -> Served:
    catalog = build_catalog(catalog_rows(), published=published)
    if catalog is None:
        return Served(None, RuntimeUnavailable("尚无已发布的目录（缺少中心信息）" if published else "工作副本缺少中心信息"))
    try:
        moment = console_now()
        config = current_app.config
        return Served(catalog, Runtime(rules_dir=Path(_rules_setting(config)), catalog=catalog, engine=_engine(config),
                                       now=lambda: moment))
    except ConfigError as exc:
        unavailable = RuntimeUnavailable("规则无法编译", exc.problems)
        unavailable.__cause__ = exc
        return Served(catalog, unavailable)


def runtime_for(*, published: bool) -> Runtime:
    """The runtime of the catalog served today (``published=True``) or of the working copy (drafts included).

    A refusal (no centre, rules that do not compile) is cached like a runtime, so a broken catalog costs
    one build per change, not one per request.
    """
    return served(published=published).usable()


def catalog_for(*, published: bool) -> Catalog:
    """The catalog :func:`runtime_for` decides with — also when the rules do not compile (the catalog API
    lists what is served whatever the rules say)."""
    found = served(published=published)
    if found.catalog is None:  # then the runtime slot holds why: no centre
        raise RuntimeUnavailable(str(found.runtime))
    return found.catalog


def served(*, published: bool) -> Served:
    """The cached build for the current catalog revision (and, for the published catalog, the serving day)."""
    cache = runtime_cache()
    config = current_app.config
    revision = cache.revision()
    key: CacheKey | None = None
    if revision is not None:  # no counter row (schema not made by migrations): never cache, always correct
        key = _key(revision, published, config)
        with cache.lock:
            found = cache.entries.get(key)
        if found is not None:
            return found
    with cache.build_lock:
        if key is not None:
            with cache.lock:
                found = cache.entries.get(key)
            if found is not None:
                return found
        built = _build(published)
        # cache only what is exactly the keyed state: no write committed and no midnight passed meanwhile
        if revision is not None and read_revision(db.session()) == revision and _key(revision, published, config) == key:
            with cache.lock:
                if len(cache.entries) >= MAX_ENTRIES:
                    cache.entries.clear()
                cache.entries[key] = built
    return built


__all__ = ["ChangeProbe", "NotifyProbe", "Probe", "listen_for_catalog_writes", "RuntimeCache", "RuntimeUnavailable", "Served", "catalog_for", "console_now", "known_build", "runtime_cache", "runtime_for", "served"]
