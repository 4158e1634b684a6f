"""API errors as JSON with JSON paths (``$.query.limit``): the shared answers of :mod:`onewindow.admin.json_errors`
registered on the ``/api/v1`` blueprint."""
from __future__ import annotations

from ..json_errors import ApiError, answer_errors_as_json, error
from .blueprint import bp

answer_errors_as_json(bp)

__all__ = ["ApiError", "error"]
