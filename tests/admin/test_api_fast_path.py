"""The stateless API's fast path (admin/api/fast.py) answers exactly as the Flask routes do: for every call of
a matrix — good, bad JSON, wrong types, too large, too deep, not JSON, unknown item, query errors, no token
when one is required, a token, a spent rate limit, HTTPS — the status line, every header (in order) and the
body are byte-identical with and without the fast path, and so is the request's log line; and the fast path
really answers the ordinary calls (Flask is not asked)."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from onewindow.admin.api.fast import StatelessApi
from onewindow.admin.auth.tokens import issue
from onewindow.admin.store.db import db
from onewindow.admin.store.runtimes import EXTENSION, NotifyProbe, listen_for_catalog_writes, runtime_cache
from onewindow.runtime.limits import JSON_MAX_DEPTH, REQUEST_MAX_BYTES

from console_support import wait_until
from test_decisions import APPLICATION

Answer = tuple[str, list[tuple[str, str]], bytes]
REQUEST_ID = "fast-path-test-0001"


def _call(wsgi: Callable[..., Iterable[bytes]], method: str, path: str, body: bytes | None = None,
          content_type: str | None = "application/json", scheme: str = "http", **headers: str) -> Answer:
    environ = EnvironBuilder(method=method, path=path, data=body, content_type=content_type if body is not None else None,
                             base_url=f"{scheme}://localhost", headers={"X-Request-Id": REQUEST_ID, **headers}).get_environ()
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen.update(status=status, headers=list(response_headers))

    chunks = wsgi(environ, start_response)
    try:
        data = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return seen["status"], seen["headers"], data


class Counted:
    """Flask's own WSGI callable, counting the calls that reach it."""

    def __init__(self, wsgi: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi, self.calls = wsgi, 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.calls += 1
        return self.wsgi(environ, start_response)


@pytest.fixture
def paths(county: Flask, monkeypatch: pytest.MonkeyPatch) -> tuple[StatelessApi, Counted]:
    """The fast path over a counted Flask, and that Flask alone."""
    stack = county.wsgi_app
    assert isinstance(stack, StatelessApi)  # the application factory installs it
    flask = Counted(stack.wsgi_app)
    monkeypatch.setattr(stack, "wsgi_app", flask)
    return stack, flask


def _same(paths: tuple[StatelessApi, Counted], caplog: pytest.LogCaptureFixture, method: str, path: str,
          body: bytes | None = None, **options: Any) -> tuple[Answer, int]:
    """Both answers (asserted identical, log lines too) and how many of the two calls reached Flask."""
    fast, flask = paths
    before = flask.calls
    answers, lines = [], []
    for wsgi in (fast, flask):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="onewindow.request"):
            answers.append(_call(wsgi, method, path, body, **options))
        lines.append([(r.getMessage(), {k: getattr(r, k, None) for k in ("request_id", "user", "method", "path", "status", "remote")})
                      for r in caplog.records if r.name == "onewindow.request"])
    assert answers[0] == answers[1]
    assert lines[0] == lines[1]  # (a refusal before the route, e.g. too deep, is not logged on either path)
    assert len(lines[0]) == 1 or _status(answers[0]) in (400, 413)
    return answers[0], flask.calls - before


def _status(answer: Answer) -> int:
    return int(answer[0].split()[0])


def _error_code(answer: Answer) -> str:
    return json.loads(answer[2])["errors"][0]["code"]


GOOD = json.dumps(APPLICATION).encode()


def test_ordinary_calls_are_answered_by_the_fast_path_as_flask_answers_them(paths: Any, caplog: pytest.LogCaptureFixture) -> None:
    for method, path, body in (("POST", "/api/v1/decisions", GOOD), ("GET", "/api/v1/items", None),
                               ("GET", "/api/v1/items?department=market_regulation&limit=5&offset=1", None),
                               ("GET", "/api/v1/items/QX-SCJG-001", None)):
        answer, reached_flask = _same(paths, caplog, method, path, body)
        assert _status(answer) == 200 and reached_flask == 1, path  # only the comparison call went to Flask
        names = [name for name, _ in answer[1]]
        assert names[:2] == ["Content-Type", "Content-Length"] and names[-1] == "X-Request-Id"
        assert ("X-Request-Id", REQUEST_ID) in answer[1] and "Set-Cookie" not in names
    decision = json.loads(_same(paths, caplog, "POST", "/api/v1/decisions", GOOD)[0][2])
    assert decision["outcome"] == "supplement"


def test_over_https_the_answer_carries_hsts_on_both_paths(paths: Any, caplog: pytest.LogCaptureFixture) -> None:
    answer, reached_flask = _same(paths, caplog, "POST", "/api/v1/decisions", GOOD, scheme="https")
    assert reached_flask == 1 and any(name == "Strict-Transport-Security" for name, _ in answer[1])


@pytest.mark.parametrize(("body", "content_type", "status", "code"), [
    (b"{", "application/json", 400, "invalid-json"),
    (b"[1, 2]", "application/json", 400, "invalid-json"),
    (b"\xff\xfe", "application/json", 400, "invalid-json"),
    (b"", "application/json", 400, "invalid-json"),
    (json.dumps({**APPLICATION, "received_at": 5, "facts": []}).encode(), "application/json", 422, None),
    (json.dumps({**APPLICATION, "item": "NO-SUCH"}).encode(), "application/json", 422, None),
    (json.dumps({**APPLICATION, "received_at": "2099-03-02T10:00:00+08:00"}).encode(), "application/json", 422, None),
    (GOOD, "text/plain", 400, "invalid-json"),
    (b"[" * (JSON_MAX_DEPTH + 1) + b"]" * (JSON_MAX_DEPTH + 1), "application/json", 400, "json-too-deep"),
    (b'{"pad": "' + b"x" * REQUEST_MAX_BYTES + b'"}', "application/json", 413, None),
])
def test_bad_decision_calls_get_the_routes_own_answer(paths: Any, caplog: pytest.LogCaptureFixture, body: bytes,
                                                      content_type: str, status: int, code: str | None) -> None:
    answer, _ = _same(paths, caplog, "POST", "/api/v1/decisions", body, content_type=content_type)
    assert _status(answer) == status, answer
    if code is not None:
        assert _error_code(answer) == code
    assert json.loads(answer[2])["errors"][0]["path"].startswith("$")


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/v1/items/NO-SUCH", 404, "unknown-item"),
    ("/api/v1/items/%E4%B8%8D%E5%AD%98%E5%9C%A8", 404, "unknown-item"),
    ("/api/v1/items?limit=0", 400, "invalid-integer"),
    ("/api/v1/items?limit=abc", 400, "invalid-integer"),
    ("/api/v1/items?page=x", 400, None),
    ("/api/v1/items?colour=red", 400, "unknown-parameter"),
    ("/api/v1/items/", 404, None),
])
def test_bad_item_calls_get_the_routes_own_answer(paths: Any, caplog: pytest.LogCaptureFixture, path: str, status: int,
                                                  code: str | None) -> None:
    answer, _ = _same(paths, caplog, "GET", path)
    assert _status(answer) == status
    if code is not None:
        assert _error_code(answer) == code


def test_other_methods_go_to_flask(paths: Any, caplog: pytest.LogCaptureFixture) -> None:
    for method, path in (("HEAD", "/api/v1/items"), ("GET", "/api/v1/decisions"), ("PUT", "/api/v1/items/QX-SCJG-001")):
        answer, reached_flask = _same(paths, caplog, method, path)
        assert reached_flask == 2, (method, path)
    assert _status(_same(paths, caplog, "GET", "/api/v1/decisions")[0]) == 405


def test_a_scope_that_is_not_public_needs_a_token_on_both_paths(county: Flask, paths: Any, caplog: pytest.LogCaptureFixture,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(county.config, "ONEWINDOW_API_PUBLIC", "")
    for method, path, body in (("POST", "/api/v1/decisions", GOOD), ("GET", "/api/v1/items", None),
                               ("GET", "/api/v1/items/QX-SCJG-001", None)):
        answer, _ = _same(paths, caplog, method, path, body)
        assert _status(answer) == 401 and _error_code(answer) == "token-required"
        assert ("WWW-Authenticate", 'Bearer realm="onewindow"') in answer[1]


def test_token_calls_and_a_spent_rate_limit_answer_alike(county: Flask, paths: Any, caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(county.config, "ONEWINDOW_API_RATE_LIMIT", "2")
    monkeypatch.setitem(county.config, "ONEWINDOW_API_RATE_WINDOW", "3600")
    with county.app_context():
        _, secret = issue("快速通道测试", ["decide"], by="test")
        db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    ok = [_call(wsgi, "POST", "/api/v1/decisions", GOOD, **bearer) for wsgi in (paths[0], paths[1].wsgi)]
    assert [_status(a) for a in ok] == [200, 200] and ok[0] == ok[1]
    answer, _ = _same(paths, caplog, "POST", "/api/v1/decisions", GOOD, **bearer)  # the third and fourth call
    assert _status(answer) == 429 and _error_code(answer) == "rate-limited"
    assert any(name == "Retry-After" for name, _ in answer[1])
    wrong = _same(paths, caplog, "GET", "/api/v1/items", **bearer)[0]
    assert _status(wrong) == 403 and _error_code(wrong) == "insufficient-scope"


def test_an_unsafe_request_id_is_replaced_on_the_fast_path_too(paths: Any) -> None:
    status, headers, _ = _call(paths[0], "GET", "/api/v1/items", **{"X-Request-Id": "bad id;" + "x" * 80})
    given = dict(headers)["X-Request-Id"]
    assert status.startswith("200") and len(given) == 32 and int(given, 16) >= 0


@pytest.fixture
def vouching(county: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], object]]:
    """The app's runtime cache with a probe that can vouch: SQLite's commit counter as the app makes it, or on
    PostgreSQL the notification listener a serving process starts (its once-a-second recheck pushed out of the
    test's way). Yields the probe's token."""
    with county.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        cache = runtime_cache()
    if not postgres:
        yield cache.probe.token
        return
    monkeypatch.setattr(NotifyProbe, "RECHECK", 3600.0)
    monkeypatch.setitem(county.extensions, EXTENSION, cache)  # the fixture app's own cache again afterwards
    probe = listen_for_catalog_writes(county)
    assert probe is not None
    try:
        wait_until(lambda: probe.listening)
        yield probe.token
    finally:
        probe.stop()


def test_a_decision_by_a_build_the_cache_vouches_for_opens_no_app_context(county: Flask, paths: Any, vouching: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The runtime cache's probe (SQLite's commit counter, PostgreSQL's notifications) says nothing changed: the
    decision needs no app context (no session, no query). After a catalog write it cannot vouch, and the
    decision is made inside one, by the build of the new revision."""
    from onewindow.admin.store.records import CatalogRecord
    from onewindow.admin.store.runtimes import served

    fast = paths[0]
    assert _status(_call(fast, "POST", "/api/v1/decisions", GOOD)) == 200  # the build is cached now
    contexts: list[object] = []
    real = county.app_context
    monkeypatch.setattr(county, "app_context", lambda: contexts.append(1) or real())
    quick = [_call(fast, "POST", "/api/v1/decisions", GOOD) for _ in range(3)]
    assert [_status(a) for a in quick] == [200] * 3 and contexts == [] and paths[1].calls == 0
    token = vouching()
    with real():
        before = served(published=True)
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items").limit(1))
        record_id = record.id
        record.document = {**record.document, "name": record.document["name"] + "（改）"}
        db.session.commit()
    try:
        wait_until(lambda: vouching() != token)  # PostgreSQL: the notification travels with the commit
        after = _call(fast, "POST", "/api/v1/decisions", GOOD)
        assert _status(after) == 200 and contexts == [1] and paths[1].calls == 0
        with real():
            assert served(published=True) is not before  # the new revision's build decided
        assert json.loads(after[2])["revision"] != json.loads(quick[0][2])["revision"]
    finally:
        with real():
            record = db.session.get(CatalogRecord, record_id)
            record.document = {**record.document, "name": record.document["name"].removesuffix("（改）")}
            db.session.commit()


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON", "application/vnd.onewindow+json"])
def test_every_json_content_type_the_route_accepts_is_answered_by_the_fast_path(paths: Any, caplog: pytest.LogCaptureFixture,
                                                                                content_type: str) -> None:
    """The fast path reads the Content-Type off the environ as werkzeug's ``is_json`` does."""
    answer, reached_flask = _same(paths, caplog, "POST", "/api/v1/decisions", GOOD, content_type=content_type)
    assert _status(answer) == 200 and reached_flask == 1
