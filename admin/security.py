"""Defences every request goes through: request ids, Chinese error answers, security headers, body limits,
server-side session checks. ``install(app)`` registers them (one call in the application factory).

* Every log line written while a request is handled carries its id (``X-Request-Id``, given by
  :func:`onewindow.admin.observe.observe` and echoed in the answer), and an unexpected error is logged with its traceback and answered in Chinese with
  that id — a JSON error under ``/api/``, a page elsewhere — never werkzeug's English page.
* Security headers on every answer (CSP, frame-ancestors and X-Frame-Options, nosniff, Referrer-Policy;
  HSTS when the request came over TLS) and a ``Server`` header without versions.
* Request bodies are capped (``MAX_CONTENT_LENGTH``); an unreadable body (a malformed chunked upload) is 400.
* A console session is valid only while it has not been logged out (the logout is recorded server-side)
  and the account's password is the one it logged in with; production cookies are ``Secure``.

Limits are in :mod:`onewindow.runtime.limits`; ``docs/security.md`` describes the threat model.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from typing import Any

from flask import Flask, current_app, g, has_app_context, jsonify, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, default_exceptions
from werkzeug.serving import WSGIRequestHandler

from onewindow.runtime.limits import JSON_MAX_DEPTH, QUERY_MAX_INTEGER, REQUEST_MAX_BYTES

from .observe import request_id_of
from .settings import is_development

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
"""Scripts and styles only from the console itself. Inline scripts stay allowed because Flask-Admin's own
templates use inline event handlers (delete confirmation, adding a material); escaping is the XSS defence."""

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000"
PUBLIC_PREFIXES = ("/api/", "/admin/static/", "/static/")
STATELESS_PREFIXES = ("/api/v1/decisions", "/api/v1/items", "/api/v1/openapi.json", "/healthz", "/readyz")
"""Routes that never use a console session: no cookie is read or set and the answer does not vary on one
(the case API under ``/api/v1/cases`` is called with a clerk's session, so it is not among them)."""
SERVER = "onewindow"

MESSAGES: dict[int, str] = {
    400: "请求无效：请求体或参数无法读取",
    401: "请先登录",
    403: "无权访问",
    404: "找不到请求的地址",
    405: "不支持该请求方法",
    408: "请求超时",
    411: "请求须说明长度",
    413: f"请求体过大（上限 {REQUEST_MAX_BYTES // 1024} KB）",
    414: "请求地址过长",
    415: "不支持的请求体类型",
    429: "请求过于频繁，请稍后再试",
    431: "请求头过大",
    500: "服务器内部错误，已记录；请把请求编号告知管理员",
}
"""Chinese text of each error status the server may answer with by itself."""

PAGED_ARGUMENTS = ("page", "page_size")
"""Console list-page query arguments that become SQL numbers: digits only, at most QUERY_MAX_INTEGER."""

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """Deepest nesting of objects and arrays in ``text`` (brackets inside strings do not count); linear."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _deeper_than(body: bytes, limit: int) -> bool:
    """Whether the JSON ``body`` nests deeper than ``limit``; a body with no more opening brackets than that
    cannot (counting bytes is a memchr, the exact walk a regex pass), so a usual request skips the walk."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    return json_depth(body.decode("utf-8", "replace")) > limit


SESSION_ID, SESSION_PASSWORD = "_onewindow_sid", "_onewindow_pw"


class StatelessSession(SecureCookieSession):
    """The session of a :data:`STATELESS_PREFIXES` request: empty, and never saved."""


class ConsoleSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions for the console; none for the stateless API routes, which then skip the cookie's
    signature check, the server-side session check and ``Vary: Cookie`` on every call."""

    def open_session(self, app: Flask, request: Any) -> SecureCookieSession | None:
        if request.path.startswith(STATELESS_PREFIXES):
            return StatelessSession()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if not isinstance(session, StatelessSession):
            super().save_session(app, session, response)


def request_id() -> str:
    """The current request's id (``-`` outside a request)."""
    return g.get("request_id", "-") if has_app_context() else "-"  # the API's fast path has no request context


class RequestIdFilter(logging.Filter):
    """Prefixes every log record written while a request is handled with ``[request id]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        rid = request_id()
        if rid != "-" and not str(record.msg).startswith("["):
            record.msg = f"[{rid}] {record.msg}"
        return True


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_answer(status: int, message: str | None = None, code: str | None = None) -> Any:
    """A Chinese error answer for ``status``: JSON under /api/, a small page elsewhere; carries the request id."""
    text = message or MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]
    rid = request_id()
    if wants_json():
        code = code or ("internal" if status >= 500 else f"http-{status}")
        said = f"{text}（请求编号 {rid}）" if status >= 500 else text
        return jsonify({"errors": [{"path": "$", "code": code, "message": said}]}), status
    page = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{text}</title>'
            f"<h1>{text}（{status}）</h1><p>请求编号：{rid}</p><p><a href=\"/admin/\">返回首页</a></p>")
    return page, status, {"Content-Type": "text/html; charset=utf-8"}


def http_error(exc: HTTPException) -> Any:
    return error_answer(exc.code or 500)


def unexpected_error(exc: Exception) -> Any:
    """Log an unexpected error with its traceback and request id; answer 500 in Chinese."""
    if not isinstance(exc, InternalServerError):  # Flask logged those itself (handle_exception), with the id
        current_app.logger.error("未处理的异常：%s %s", request.method, request.path, exc_info=exc)
    return error_answer(500)


def password_mark(password_hash: str) -> str:
    """A keyed digest of the account's password hash: changing the password ends every older session."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def start_session(password_hash: str) -> str:
    """Mark a fresh login's session (id and password mark); returns the session id the audit log records."""
    sid = secrets.token_urlsafe(24)
    session[SESSION_ID] = sid
    session[SESSION_PASSWORD] = password_mark(password_hash)
    return sid


def _session_valid() -> bool:
    from .auth.users import User
    from .store.audit import AuditEntry
    from .store.db import db

    user_id, sid = str(session.get("_user_id") or ""), session.get(SESSION_ID)
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not sid or not user.active:
        return False
    if not hmac.compare_digest(str(session.get(SESSION_PASSWORD, "")), password_mark(user.password_hash)):
        return False
    ended = db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.action == "logout", AuditEntry.key == str(sid)).limit(1))
    return ended is None


def before_request() -> Any:
    # environ and ``in`` rather than .get(): werkzeug's Headers/MultiDict .get builds an exception per missing key
    g.request_id = request_id_of(request.environ)  # here: a refusal below precedes observe's hook
    args = request.args
    for name in PAGED_ARGUMENTS if args else ():
        raw = args[name] if name in args else None
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) <= QUERY_MAX_INTEGER):
            return error_answer(400, f"参数 {name} 应为 0–{QUERY_MAX_INTEGER} 之间的整数")
    chunked = request.environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
    if chunked or request.is_json:  # read now: a malformed chunked body is a 400 here, not a 500 inside a view,
        try:                        # and JSON too deep for any parser is refused before every JSON endpoint
            body = request.get_data(cache=True)
        except (OSError, ValueError, BadRequest):
            return error_answer(400, "请求体无法读取（分块传输格式错误）", "unreadable-body")
        if request.is_json and _deeper_than(body, JSON_MAX_DEPTH):
            return error_answer(400, f"JSON 嵌套过深（最多 {JSON_MAX_DEPTH} 层）", "json-too-deep")
    if "_user_id" in session and not _session_valid():
        session.clear()
        g.pop("_login_user", None)
    return None


def answer_headers(path: str, secure: bool) -> list[tuple[str, str]]:
    """The security headers of an answer to ``path`` (HSTS when the request came over TLS)."""
    wanted = list(HEADERS.items())
    if secure:
        wanted.append(("Strict-Transport-Security", HSTS))
    if not path.startswith(PUBLIC_PREFIXES):  # console pages show unpublished drafts: never cached
        wanted.append(("Cache-Control", "no-store"))
    return wanted


def after_request(response: Any) -> Any:
    headers = response.headers
    present = {name.lower() for name in headers.keys()}  # one pass; setdefault would raise and catch per absent header
    headers.extend([(name, value) for name, value in answer_headers(request.path, request.is_secure)
                    if name.lower() not in present])
    return response


class RequestHandler(WSGIRequestHandler):
    """werkzeug's request handler naming no server or Python version in its ``Server`` header."""

    def version_string(self) -> str:
        return SERVER


def install(app: Flask) -> None:
    """Register the request hooks, error answers and cookie settings on ``app``.

    Production cookies are ``Secure`` unless ``ONEWINDOW_SECURE_COOKIES=off`` (plain HTTP before TLS is set
    up); behind a reverse proxy ``ONEWINDOW_PROXY_HOPS`` (:func:`onewindow.admin.wsgi.behind_proxy`) makes
    client addresses (login throttling) and TLS (HSTS) come from its forwarded headers.
    """
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = REQUEST_MAX_BYTES
    secure = str(app.config.get("ONEWINDOW_SECURE_COOKIES") or "").lower()
    if not is_development(app.config) and secure not in ("0", "false", "no", "off"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.session_interface = ConsoleSessions()
    app.logger.addFilter(RequestIdFilter())
    app.before_request_funcs.setdefault(None, []).insert(0, before_request)  # before CSRF reads the form
    app.after_request(after_request)
    for status in MESSAGES:  # statuses the factory gave no page of its own
        if status != 500 and default_exceptions[status] not in app.error_handler_spec[None].get(status, {}):
            app.register_error_handler(status, http_error)
    app.register_error_handler(InternalServerError, unexpected_error)


__all__ = ["CSP", "ConsoleSessions", "STATELESS_PREFIXES", "StatelessSession", "HEADERS", "answer_headers", "MESSAGES", "error_answer", "RequestHandler", "install", "json_depth", "password_mark", "request_id", "start_session"]
