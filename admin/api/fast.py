"""The stateless API's fast path: a bare WSGI dispatcher in front of Flask for its hot routes.

``POST /api/v1/decisions``, ``GET /api/v1/items`` and ``GET /api/v1/items/<code>`` open no session and
read nothing of the request beyond its body or query, yet Flask's request context, URL matching, session
interface and seven hooks cost more than a decision. :class:`StatelessApi` answers an ordinary call of
those routes itself — inside an app context only, or for a decision by a build the runtime cache vouches
for, with no context at all — with the very functions the Flask routes call: the
answer (:func:`~.decisions.decision_of`, :func:`~.items.listing_of`, :func:`~.items.item_of`, which use the
served runtime of :mod:`onewindow.admin.store.runtimes`), the body reading
(:func:`~.body.json_object_of`), the request id and log line (:mod:`onewindow.admin.observe`) and the
security headers (:func:`onewindow.admin.security.answer_headers`), so both give the same bytes and headers
(tests/admin/test_api_fast_path.py compares them over a matrix of calls).

Everything else goes to Flask unchanged: another route or method, a call with an ``Authorization`` header
(a token is checked and counted by :func:`onewindow.admin.auth.tokens.admit`) or to a scope that is not
public (``ONEWINDOW_API_PUBLIC``), a body that is not JSON by its Content-Type, has no length, is chunked,
larger than ``MAX_CONTENT_LENGTH`` or nested deeper than the limit — and every call whose answer is not a
success (bad JSON, wrong types, unknown item, no catalog …): the Flask route answers it again from the same
body, so each error answer has one implementation, the route's.
"""
from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, g
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Request

from onewindow.runtime.limits import JSON_MAX_DEPTH

from ..auth.tokens import public_scopes
from ..observe import log_request, request_id_of
from ..security import _deeper_than, answer_headers
from ..store.runtimes import Served, known_build
from .body import json_object_of
from .decisions import decision_of
from .items import item_of, listing_of

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
ITEM = re.compile(r"/api/v1/items/([^/]+)")
"""The item route's ``<code>`` (werkzeug's default converter: one path segment)."""


def _anonymous() -> str:
    return "-"  # the log's user: these routes open no session, and a token call never comes here


class StatelessApi:
    """WSGI middleware over ``app``'s own WSGI callable (installed by the application factory)."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        if not path.startswith("/api/v1/") or "HTTP_AUTHORIZATION" in environ:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        answer: Callable[[Served | None], bytes]
        if method == "POST" and path == "/api/v1/decisions":  # read off the environ: no werkzeug Request
            raw = self._body(environ)
            if raw is None:
                return self.wsgi_app(environ, start_response)
            scope, body = "decide", raw

            def answer(build: Served | None) -> bytes:
                return decision_of(json_object_of(raw), build)
        elif method == "GET":
            request = Request(environ)
            path, body = request.path, None  # the decoded path, as the route and its log line see it
            scope = "catalog:read"
            if path == "/api/v1/items":
                def answer(build: Served | None) -> bytes:
                    return listing_of(request.args)
            elif (match := ITEM.fullmatch(path)) is not None:
                def answer(build: Served | None) -> bytes:
                    return item_of(match.group(1))
            else:
                return self.wsgi_app(environ, start_response)
        else:
            return self.wsgi_app(environ, start_response)
        rid = request_id_of(environ)
        try:
            data = self._answered(answer, scope, rid) if scope in public_scopes(self.app.config) else None
        except Exception:  # an error answer (or an unexpected error) is the route's: Flask answers it again
            data = None
        if data is None:
            if body is not None:
                environ["wsgi.input"] = io.BytesIO(body)
            environ["HTTP_X_REQUEST_ID"] = rid  # the same id in the route's answer and log line
            return self.wsgi_app(environ, start_response)
        secure = environ.get("wsgi.url_scheme") in SECURE_SCHEMES
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                                  *answer_headers(path, secure), ("X-Request-Id", rid)])
        log_request(method, path, 200, rid, _anonymous, started, environ.get("REMOTE_ADDR"))
        return [data]

    def _answered(self, answer: Callable[[Served | None], bytes], scope: str, rid: str) -> bytes:
        """The answer. A decision by a build the runtime cache vouches for without a query needs no app
        context (:func:`~onewindow.admin.store.runtimes.known_build`); anything else is made inside one."""
        if scope == "decide" and (build := known_build(self.app, published=True)) is not None:
            return answer(build)
        with self.app.app_context():
            g.request_id = rid  # log lines written meanwhile carry it (security.RequestIdFilter)
            return answer(None)

    def _body(self, environ: dict[str, Any]) -> bytes | None:
        """The JSON body of an ordinary call: a JSON Content-Type, a length within the limit, no chunks and
        no nesting beyond the limit; None when Flask must read it (it answers each of those cases)."""
        length = environ.get("CONTENT_LENGTH", "")
        limit = self.app.config["MAX_CONTENT_LENGTH"]
        if (not _json_content(environ) or "HTTP_TRANSFER_ENCODING" in environ or not (length.isascii() and length.isdigit())
                or (limit is not None and int(length) > limit)):
            return None
        body = environ["wsgi.input"].read(int(length))
        if len(body) != int(length) or _deeper_than(body, JSON_MAX_DEPTH):
            environ["wsgi.input"] = io.BytesIO(body)
            return None
        return body


SECURE_SCHEMES = ("https", "wss")
"""werkzeug's ``Request.is_secure``: the request came over one of these schemes."""


def _json_content(environ: dict[str, Any]) -> bool:
    """werkzeug's ``Request.is_json`` read off the environ: ``application/json`` or ``application/*+json``."""
    mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))

__all__ = ["StatelessApi"]
