"""API errors as JSON with JSON paths (``$.query.limit``): 400 bad input, 404 unknown, 422 invalid — never a 500 page.

An unexpected error is logged with its traceback and the request id, and answered as a Chinese JSON error
carrying that id (:mod:`onewindow.admin.security`).
"""
from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..security import MESSAGES, error_answer, unexpected_error
from .blueprint import bp


class ApiError(Exception):
    """An error answer: HTTP status plus a list of {path, code, message}."""

    def __init__(self, status: int, errors: list[dict[str, str]]) -> None:
        super().__init__(errors)
        self.status = status
        self.errors = errors


def error(status: int, path: str, code: str, message: str) -> ApiError:
    return ApiError(status, [{"path": path, "code": code, "message": message}])


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Any:
    return jsonify({"errors": exc.errors}), exc.status


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    if status >= 500:  # already logged by Flask, with the request id
        return error_answer(status)
    code = exc.name.lower().replace(" ", "-")
    return jsonify({"errors": [{"path": "$", "code": code, "message": MESSAGES.get(status, MESSAGES[400])}]}), status


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Any:
    return unexpected_error(exc)


__all__ = ["ApiError", "error"]
