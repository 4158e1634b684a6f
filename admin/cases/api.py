"""``/api/v1/cases``: create a case from an application, append events, read a case; the public status lookup
and evaluation by case number + query code. The decision API (``/api/v1/decisions``) stays stateless.

Callers: a logged-in window clerk, or an embedding system with a bearer token listed in
``ONEWINDOW_CASE_API_TOKENS`` (token → system name, recorded as the actor). Errors are JSON with JSON paths:
400 not JSON, 401/403 who, 404 unknown number, 409 an event the case cannot take now, 422 invalid fields,
503 nothing published — never a 500 page.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask_login import current_user

from onewindow.runtime.cases import COLOUR_NAMES, CaseError, CaseStatus, RESULT_NAMES, Supervision, TIMELINESS_NAMES
from onewindow.runtime.errors import ApplicationError, CalendarRangeError, OnewindowError

from ..auth.roles import allowed
from ..auth.tokens import require_scope
from ..json_errors import ApiError, answer_errors_as_json, error
from ..store.db import db
from ..store.runtimes import RuntimeUnavailable
from .feedback import EvaluationError, evaluate
from .ledger import Ledger, append_event, create_case, events_of, ledger, now, parse_event, status_now
from .numbering import NumberingError
from .tables import Case

bp = Blueprint("cases_api", __name__, url_prefix="/api/v1/cases")

CONFLICT_CODES = frozenset({"not-allowed", "deemed-accepted", "out-of-order", "step-started", "step-not-open", "stages-open"})


answer_errors_as_json(bp)


PHONE_MAX = Case.applicant_phone.type.length  # a String column has its length


def _actor(action: str) -> str:
    """Who acts: the console login or the token that :func:`require_scope` admitted for this request."""
    if not current_user.is_authenticated:
        raise error(401, "$", "unauthorized", "请先登录，或以 Authorization: Bearer <令牌> 调用")
    if not allowed(current_user.role, "cases", action):
        raise error(403, "$", "forbidden", "当前账号无权办理办件")
    return str(current_user.username)


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise error(400, "$", "invalid-json", "请求体必须是 JSON 对象（Content-Type: application/json）")
    return data


def _ledger() -> Ledger:
    try:
        return ledger()
    except RuntimeUnavailable as exc:
        raise error(503, "$", "runtime-unavailable", str(exc)) from exc


def _case(number: str) -> Case:
    case = db.session.scalar(db.select(Case).where(Case.number == number))
    if case is None:
        raise error(404, "$.number", "unknown-case", f"办件 {number} 不存在")
    return case


def _case_errors(exc: CaseError) -> ApiError:
    status = 409 if any(e.code in CONFLICT_CODES for e in exc.errors) else 422
    return ApiError(status, [e.as_dict() for e in exc.errors])


def status_json(status: CaseStatus) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "state": status.state, "state_name": status.state_name, "closed": status.closed,
        "received_on": day(status.received_on), "notice_deadline": day(status.notice_deadline),
        "deemed_accepted": status.deemed_accepted, "accepted_on": day(status.accepted_on),
        "starts_on": day(status.starts_on), "promised_due": day(status.promised_due),
        "statutory_due": day(status.statutory_due), "paused": status.paused,
        "steps": [{"order": s.order, "name": s.name, "due": day(s.due), "started_on": day(s.started_on),
                   "completed_on": day(s.completed_on)} for s in status.steps],
        "pauses": [{"category": p.category, "name": p.name, "started_on": day(p.started_on), "ended_on": day(p.ended_on),
                    "notice_days": p.notice_days, "excluded_days": p.excluded_days} for p in status.pauses],
        "extensions": [{"clock": x.clock, "days": x.days, "approver": x.approver, "on": day(x.on)} for x in status.extensions],
        "tolerance": [{"material": m.material, "name": m.name, "due": day(m.due), "supplied_on": day(m.supplied_on)}
                      for m in status.tolerance],
        "decided_on": day(status.decided_on), "result": status.result,
        "result_name": RESULT_NAMES.get(status.result or "", None), "delivery_due": day(status.delivery_due),
        "delivered_on": day(status.delivered_on), "timeliness": status.timeliness,
        "timeliness_name": TIMELINESS_NAMES.get(status.timeliness or "", None),
        "fees_total": str(status.fees_total), "provisional": status.provisional,
        "provisional_years": list(status.provisional_years), "provisional_note": status.provisional_note, "explanation": list(status.explanation),
    }


def case_json(case: Case, status: CaseStatus, supervision: Supervision | None = None) -> dict[str, Any]:
    out = {"number": case.number, "item": case.item, "item_name": case.item_name, "pipeline": case.pipeline,
           "department": case.department, "window": case.window, "applicant": case.applicant_name,
           "regime": case.regime, "case_class": case.case_class, "status": status_json(status)}
    if supervision is not None:
        out["supervision"] = {"colour": supervision.colour, "colour_name": COLOUR_NAMES[supervision.colour],
                              "cards": [{"colour": c.colour, "scope": c.scope, "code": c.code, "message": c.message}
                                        for c in supervision.cards]}
    return out


@bp.post("")
@require_scope("cases:write")
def create() -> Any:
    actor = _actor("create")
    data = _body()
    application = data.get("application")
    if not isinstance(application, dict):
        raise error(422, "$.application", "missing", "缺少申请（application，与 POST /api/v1/decisions 的请求体相同）")
    phone, prereview = data.get("phone"), data.get("prereview", False)
    if phone is not None and (not isinstance(phone, str) or len(phone) > PHONE_MAX):
        raise error(422, "$.phone", "bad-phone", f"联系电话应为不超过 {PHONE_MAX} 个字符的文字")
    if not isinstance(prereview, bool):
        raise error(422, "$.prereview", "bad-prereview", "prereview 应为 true 或 false")
    led = _ledger()
    try:
        case, status = create_case(led, application, actor=actor, phone=phone or None, prereview=prereview)
        db.session.commit()
    except ApplicationError as exc:
        db.session.rollback()
        raise ApiError(422, [{**e.as_dict(), "path": "$.application" + e.path[1:]} for e in exc.errors]) from exc
    except CalendarRangeError as exc:
        db.session.rollback()
        raise error(422, "$.application.received_at", "calendar-range", str(exc)) from exc
    except NumberingError as exc:
        db.session.rollback()
        raise error(503, "$", "numbering", str(exc)) from exc
    except OnewindowError as exc:
        db.session.rollback()
        raise error(503, "$", "decision-unavailable", str(exc)) from exc
    answer = case_json(case, status, led.supervise(status, led.now().date())) | {"query_code": case.query_code}
    return jsonify(answer), 201


@bp.get("/<number>")
@require_scope("cases:read")
def read(number: str) -> Any:
    _actor("list")
    case, led = _case(number), _ledger()
    status = status_now(led, case)
    answer = case_json(case, status, led.supervise(status, led.now().date()))
    answer["events"] = [e.data() for e in events_of(case)]
    return jsonify(answer)


@bp.post("/<number>/events")
@require_scope("cases:write")
def add_event(number: str) -> Any:
    actor = _actor("edit")
    case, led = _case(number), _ledger()
    try:
        event = parse_event(_body(), at=led.now(), actor=actor, strict=True)
        status = append_event(led, case, event, actor=actor)
        db.session.commit()
    except CaseError as exc:
        db.session.rollback()
        raise _case_errors(exc) from exc
    return jsonify(case_json(case, status, led.supervise(status, led.now().date())))


def _public_case() -> tuple[Case, Ledger]:
    number = (request.values.get("number") or "").strip()
    code = (request.values.get("code") or "").strip().upper()
    case = db.session.scalar(db.select(Case).where(Case.number == number)) if number else None
    if case is None or not code or case.query_code != code:
        raise error(404, "$", "not-found", "办件编号或查询码不正确")
    return case, _ledger()


@bp.get("/lookup")
def lookup() -> Any:
    """Public: what an applicant may see with the number and query code (no names of staff, no notes)."""
    case, led = _public_case()
    status = status_now(led, case)
    return jsonify({"number": case.number, "item_name": case.item_name, "state_name": status.state_name,
                    "received_on": status.received_on.isoformat(),
                    "promised_due": status.promised_due.isoformat() if status.promised_due else None,
                    "decided_on": status.decided_on.isoformat() if status.decided_on else None,
                    "result_name": RESULT_NAMES.get(status.result or "", None), "closed": status.closed,
                    "provisional_note": status.provisional_note})


@bp.post("/evaluation")
def evaluation() -> Any:
    """Public: the applicant's 好差评, once per case (number + query code)."""
    case, led = _public_case()
    data: Any = request.form
    if request.is_json:  # JSON as documented: grade an integer 1–5, reason a string (or null)
        data = _body()
        grade, reason = data.get("grade"), data.get("reason")
        if not isinstance(grade, int) or isinstance(grade, bool):
            raise error(422, "$.grade", "bad-grade", "评价等级应为整数 1–5（5 非常满意 … 1 非常不满意）")
        if reason is not None and not isinstance(reason, str):
            raise error(422, "$.reason", "bad-reason", "理由应为文字")
        if set(data) - {"grade", "reason"}:
            raise error(422, "$." + sorted(set(data) - {"grade", "reason"})[0], "unknown-field", "评价只有 grade 与 reason 两项")
    try:
        row = evaluate(led, case, grade=data.get("grade"), reason=data.get("reason"), channel="online")
        db.session.commit()
    except EvaluationError as exc:
        db.session.rollback()
        raise error(exc.status, exc.path, exc.code, str(exc)) from exc
    return jsonify({"number": case.number, "grade": row.grade}), 201


__all__ = ["bp", "case_json", "status_json"]
