"""JSON error answers shared by the API blueprints (``/api/v1`` and ``/api/v1/cases``).

An error is an HTTP status plus a list of ``{path, code, message}`` with JSON paths (``$.query.limit``):
400 bad input, 401/403 access, 404 unknown, 409 conflict, 422 invalid — never a 500 page. An unexpected error is
logged with its traceback and the request id and answered as a Chinese JSON error carrying that id
(:mod:`onewindow.admin.security`).
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from .security import MESSAGES, error_answer, unexpected_error


class ApiError(Exception):
    """An error answer: HTTP status plus a list of {path, code, message}."""

    def __init__(self, status: int, errors: list[dict[str, str]]) -> None:
        super().__init__(errors)
        self.status = status
        self.errors = errors


def error(status: int, path: str, code: str, message: str) -> ApiError:
    return ApiError(status, [{"path": path, "code": code, "message": message}])


def _api_error(exc: ApiError) -> Any:
    return jsonify({"errors": exc.errors}), exc.status


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    if status >= 500:  # already logged by Flask, with the request id
        return error_answer(status)
    code = (exc.name or "error").lower().replace(" ", "-")
    return jsonify({"errors": [{"path": "$", "code": code, "message": MESSAGES.get(status, MESSAGES[400])}]}), status


def answer_errors_as_json(blueprint: Blueprint) -> None:
    """Every error raised under ``blueprint`` answered as JSON: ours, HTTP ones, and the unexpected."""
    blueprint.register_error_handler(ApiError, _api_error)
    blueprint.register_error_handler(HTTPException, _http_error)
    blueprint.register_error_handler(Exception, unexpected_error)


__all__ = ["ApiError", "answer_errors_as_json", "error"]
