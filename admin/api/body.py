"""Reading a JSON request body: 400 with a JSON path when it is not a readable JSON object.

Size (``MAX_CONTENT_LENGTH``, 413) and nesting depth (400 ``json-too-deep``) are refused for every JSON
request before any view runs (:mod:`onewindow.admin.security`), so no body can exhaust the stack or memory."""
from __future__ import annotations

import json
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

from .errors import error


def json_object() -> dict[str, Any]:
    """The request body as a JSON object, or an :class:`~.errors.ApiError` saying in Chinese what is wrong."""
    if not request.is_json:
        raise error(400, "$", "invalid-json", "请求体必须是 JSON 对象（Content-Type: application/json）")
    try:
        raw = request.get_data(cache=True)
    except (OSError, ValueError, BadRequest) as exc:  # a malformed chunked body
        raise error(400, "$", "unreadable-body", "请求体无法读取（分块传输格式错误）") from exc
    return json_object_of(raw)


def json_object_of(raw: bytes) -> dict[str, Any]:
    """``raw`` read as a JSON object, or an :class:`~.errors.ApiError` saying in Chinese what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(400, "$", "invalid-json", f"请求体不是 UTF-8 文本（第 {exc.start} 字节）") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(400, "$", "invalid-json", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列") from exc
    except ValueError as exc:  # an integer with more digits than Python converts
        raise error(400, "$", "invalid-json", "JSON 中的数字过长") from exc
    if not isinstance(data, dict):
        raise error(400, "$", "invalid-json", "请求体必须是 JSON 对象（Content-Type: application/json）")
    return data


__all__ = ["json_object", "json_object_of"]
