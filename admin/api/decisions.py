"""``POST /api/v1/decisions``: an application in, the runtime's decision out (published catalog).

Bad input is 400 (not JSON, nested deeper than the limit, unreadable), 413 (too large) or 422 (JSON paths of every bad field, from the runtime's ApplicationError; a
due date beyond the loaded working-day calendar); a catalog or rule set that cannot decide is 503 with the
runtime's own message; never a 500 page.
"""
from __future__ import annotations

from typing import Any

from flask import Response

from onewindow.runtime.errors import ApplicationError, CalendarRangeError, OnewindowError

from ..auth.tokens import require_scope
from ..store.runtimes import RuntimeUnavailable, Served, served
from .blueprint import bp
from .body import json_object
from .errors import ApiError, error


@bp.post("/decisions")
@require_scope("decide")
def create_decision() -> Any:
    return Response(decision_of(json_object()), mimetype="application/json")


def decision_of(data: dict[str, Any], build: Served | None = None) -> bytes:
    """The decision on the application ``data`` by the runtime served today (``build`` when the caller has
    it already: the fast path, outside an app context), encoded; or the ApiError."""
    try:
        runtime = (build or served(published=True)).usable()
    except RuntimeUnavailable as exc:
        raise ApiError(503, [{"path": "$", "code": "runtime-unavailable", "message": str(exc)}]) from exc
    try:
        decision = runtime.decide(data)
    except ApplicationError as exc:
        raise ApiError(422, [e.as_dict() for e in exc.errors]) from exc
    except CalendarRangeError as exc:  # the due date falls in a year whose working-day calendar is not loaded
        raise error(422, "$.received_at", "calendar-range", str(exc)) from exc
    except OnewindowError as exc:  # the published rules cannot decide this case (e.g. no fallback rule)
        raise ApiError(503, [{"path": "$", "code": "decision-unavailable", "message": str(exc)}]) from exc
    return decision.model_dump_json().encode()  # pydantic's encoder: one pass, no dict


__all__ = ["create_decision", "decision_of"]
