"""Hostile input to the HTTP API (issue 12): every answer a Chinese error with a JSON path, never a 500,
every unexpected error logged with its request id; the items API answers what its OpenAPI document says."""
from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from onewindow.admin.security import json_depth
from onewindow.admin.api.openapi import openapi_document
from onewindow.admin.security import RequestHandler
from onewindow.runtime.limits import JSON_MAX_DEPTH, REQUEST_MAX_BYTES

from test_decisions import APPLICATION


def _paths(answer: object) -> list[str]:
    return [e["path"] for e in answer.get_json()["errors"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("received_at", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2300-01-01T00:00:00+08:00"])
def test_received_at_far_out_is_422_at_its_path(county: Flask, received_at: str) -> None:
    answer = county.test_client().post("/api/v1/decisions", json={**APPLICATION, "received_at": received_at})
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]
    assert [e["path"] for e in errors] == ["$.received_at"]
    assert "1990 年至 2199 年之间" in errors[0]["message"]


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 1_000, 50_000])
def test_deeply_nested_json_is_400_not_a_recursion_error(county: Flask, depth: int) -> None:
    body = '{"item": ' + "[" * depth + "]" * depth + "}"
    answer = county.test_client().post("/api/v1/decisions", data=body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["code"] == "json-too-deep"


def test_json_depth_counts_brackets_outside_strings_only() -> None:
    assert json_depth('{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]]"}]}') == 3
    assert json_depth("[]") == 1 and json_depth('"x"') == 0


@pytest.mark.parametrize("body", ['{"item": 1', "[1, 2]", '{"n": ' + "9" * 5000 + "}", "\xff"])
def test_malformed_json_is_400_in_chinese(county: Flask, body: str) -> None:
    answer = county.test_client().post("/api/v1/decisions", data=body.encode("latin-1") if body == "\xff" else body,
                                       content_type="application/json")
    assert answer.status_code == 400
    assert _paths(answer) == ["$"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.get_json()["errors"][0]["message"])


def test_request_body_over_the_limit_is_413(county: Flask) -> None:
    answer = county.test_client().post("/api/v1/decisions", data=b"{" + b" " * (REQUEST_MAX_BYTES + 1) + b"}",
                                       content_type="application/json")
    assert answer.status_code == 413
    assert "请求体过大" in answer.get_json()["errors"][0]["message"]


@pytest.mark.parametrize("query", ["limit=²", "limit=0", "limit=501", "offset=99999999999999999999", "offset=-1", "limit=١٠"])
def test_bad_query_integers_are_400_at_their_path(county: Flask, query: str) -> None:
    answer = county.test_client().get(f"/api/v1/items?{query}")
    assert answer.status_code == 400
    assert _paths(answer) == [f"$.query.{query.split('=')[0]}"]


def test_openapi_limit_bounds_are_the_servers() -> None:
    params = {p["name"]: p["schema"] for p in openapi_document()["paths"]["/api/v1/items"]["get"]["parameters"]}
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 500)
    assert params["offset"]["minimum"] == 0


def test_items_api_answers_aliases_as_its_openapi_says(county: Flask) -> None:
    """A condition's ``in`` is dumped as ``in`` (the schema's name), never the Python attribute ``in_``."""
    text = county.test_client().get("/api/v1/items/QX-SCJG-001").get_data(as_text=True)
    assert '"in":' in text and '"in_"' not in text


def test_unexpected_error_is_logged_with_request_id_and_answered_in_chinese(
        county: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from onewindow.admin.store.runtimes import Served

    def broken(self: Served) -> None:
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(Served, "usable", broken)  # on the fast path and in the route alike
    with caplog.at_level(logging.ERROR):
        answer = county.test_client().post("/api/v1/decisions", json=APPLICATION, headers={"X-Request-ID": "req-12345678"})
    assert answer.status_code == 500
    assert answer.headers["X-Request-ID"] == "req-12345678"
    message = answer.get_json()["errors"][0]["message"]
    assert "服务器内部错误" in message and "req-12345678" in message and "simulated" not in message
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged and "[req-12345678]" in logged[0].getMessage() and logged[0].exc_info[1].args == ("simulated fault",)


def test_console_page_number_out_of_range_is_400(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("reform_office")
    for page in ("99999999999999999999", "-1", "²"):
        answer = client.get(f"/admin/items/?page={page}")
        assert answer.status_code == 400 and "参数 page" in answer.get_data(as_text=True)
    assert client.get("/admin/items/?page=3").status_code == 200


def test_method_not_allowed_is_answered_in_chinese(county: Flask) -> None:
    answer = county.test_client().delete("/api/v1/items")
    assert answer.status_code == 405
    assert answer.get_json()["errors"][0]["message"] == "不支持该请求方法"


@pytest.fixture
def served(county: Flask) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, county, request_handler=RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("body", [b"zz\r\n{}\r\n0\r\n\r\n", b"5\r\n{}\r\n0\r\n\r\n", b"ffffffffffffffffffff\r\n{", b"2\r\n{}"])
def test_malformed_chunked_body_is_400_and_server_names_no_version(served: int, body: bytes) -> None:
    head = (b"POST /api/v1/decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    answer = _raw(served, head + body)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] in (b"400", b"413"), answer[:300]
    headers = rest.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert "server: onewindow" in headers and "werkzeug" not in headers and "python" not in headers
    payload = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert payload["errors"][0]["path"] == "$"


def test_malformed_chunked_form_post_to_the_console_is_400(served: int) -> None:
    head = (b"POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    answer = _raw(served, head + b"zz\r\nusername=a\r\n0\r\n\r\n")
    assert answer.split()[1] == b"400", answer[:300]
    assert "分块传输格式错误" in answer.decode("utf-8", "replace")


def test_unexpected_console_error_is_a_chinese_page_with_request_id(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> str:
        raise KeyError("simulated")

    app.add_url_rule("/admin-broken", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production (TESTING lets errors reach the test)
    with caplog.at_level(logging.ERROR):
        answer = app.test_client().get("/admin-broken")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500 and 'lang="zh-CN"' in page and "服务器内部错误" in page
    rid = answer.headers["X-Request-ID"]
    assert f"请求编号：{rid}" in page and "simulated" not in page and "Traceback" not in page
    assert any(f"[{rid}]" in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/decisions"])
def test_every_json_endpoint_refuses_deep_nesting_before_parsing(county: Flask, path: str) -> None:
    body = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = county.test_client().post(path, data=body, content_type="application/json")
    assert answer.status_code == 400 and answer.get_json()["errors"][0]["code"] == "json-too-deep"


def test_an_unexpected_error_is_logged_once(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    app.add_url_rule("/admin-broken", "broken", lambda: 1 / 0)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        app.test_client().get("/admin-broken")
    assert len([r for r in caplog.records if r.exc_info]) == 1
