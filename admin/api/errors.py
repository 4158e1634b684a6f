"""API errors as JSON with JSON paths (``$.query.limit``): 400 bad input, 404 unknown, 422 invalid — never 500."""
from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException

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
    return jsonify({"errors": [{"path": "$", "code": exc.name.lower().replace(" ", "-"), "message": exc.description or ""}]}), exc.code or 500


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Any:  # pragma: no cover - the contract is "never a 500 page"
    return jsonify({"errors": [{"path": "$", "code": "internal", "message": "服务器内部错误"}]}), 500


__all__ = ["ApiError", "error"]
