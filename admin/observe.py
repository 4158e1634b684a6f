"""The request log: one line per request with its id, user, method, path, status and duration.

:func:`observe` registers the hooks on an app (every app has them, tests included); the log lines go to the
``onewindow.request`` logger, which only the serving entry points connect to a handler
(:func:`configure_logging`), so embedding the console never reconfigures the host's logging. The request
id is taken from an ``X-Request-Id`` header (a reverse proxy's) when it looks sane, otherwise made up, and
is sent back in the answer's ``X-Request-Id`` so a complaint can be matched to its log line.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from flask import Flask, g, request

log = logging.getLogger("onewindow.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
LOG_FORMATS = ("text", "json")


def _user() -> str:
    from flask import session
    from flask_login import current_user

    try:
        if g.get("_login_user") is None and "_user_id" not in session:  # nobody logged in: load no user for the line
            return "-"
        return current_user.username if current_user.is_authenticated else "-"
    except Exception:  # no user loader state (e.g. the database is down): the line is still written
        return "-"


def request_id_of(environ: dict[str, Any]) -> str:
    """The id of the request ``environ`` describes: its ``X-Request-Id`` (a reverse proxy's) when that looks
    sane, otherwise a new one. ``environ`` and ``.get`` rather than werkzeug's headers: no exception per
    missing key."""
    given = environ.get("HTTP_X_REQUEST_ID", "")
    return given if REQUEST_ID.match(given) else secrets.token_hex(16)


def log_request(method: str, path: str, status: int, request_id: str, user: Callable[[], str], started: float,
                remote: str | None) -> None:
    """The request's log line (``user`` is asked only when the line is written)."""
    if log.isEnabledFor(logging.INFO):  # made and handed on directly: a request line needs no caller lookup
        log.handle(log.makeRecord(log.name, logging.INFO, "", 0, "%s %s %s", (method, path, status), None, extra={
            "request_id": request_id, "user": user(), "method": method, "path": path, "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2), "remote": remote}))


def observe(app: Flask) -> None:
    """Give each request an id and log it when answered."""

    @app.before_request
    def start() -> None:
        if "request_id" not in g:  # given already by the security hook when the app has it
            g.request_id = request_id_of(request.environ)
        g.request_started = time.perf_counter()

    @app.after_request
    def finish(response: Any) -> Any:
        started = g.get("request_started")
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        if started is not None:
            log_request(request.method, request.path, response.status_code, g.request_id, _user, started, request.remote_addr)
        return response


FIELDS = ("request_id", "user", "method", "path", "status", "duration_ms", "remote")


class JsonFormatter(logging.Formatter):
    """One JSON object per line (for a log shipper); request fields as keys, Chinese left readable."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update({k: getattr(record, k) for k in FIELDS if hasattr(record, k)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``time level logger message`` plus, for requests, ``id user duration``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if hasattr(record, "request_id"):
            fields = record.__dict__  # request_id, user and duration_ms come in through logging's ``extra``
            text += f" id={fields['request_id']} user={fields.get('user')} {fields.get('duration_ms')}ms"
        return text


def configure_logging(log_format: str = "text", level: str = "INFO") -> None:
    """Send the ``onewindow`` loggers to stderr as text or JSON lines (called by the serving entry points).

    Written in the request's own thread: a writer thread was measured to add more to a decision's latency
    (it takes the interpreter lock while the server sends the answer) than the write it saves."""
    if log_format not in LOG_FORMATS:
        from .settings import SettingsError

        raise SettingsError(f"ONEWINDOW_LOG_FORMAT 只能是 {' 或 '.join(LOG_FORMATS)}，当前为 {log_format!r}")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger("onewindow")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False


__all__ = ["JsonFormatter", "TextFormatter", "configure_logging", "log_request", "observe", "request_id_of"]
