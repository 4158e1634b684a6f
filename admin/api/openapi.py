"""``GET /api/v1/openapi.json``: the API description, its schemas generated from the pydantic models."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from pydantic.json_schema import models_json_schema

from onewindow.runtime import __version__
from onewindow.runtime import Application, Decision
from onewindow.runtime.cases import CaseEvent
from onewindow.runtime.catalog import Item

from ..auth.tokens import SCOPES, public_scopes
from ..cases.api import PHONE_MAX
from .blueprint import bp
from .items import LIMIT_RANGE, OFFSET_RANGE

_ERRORS = {"$ref": "#/components/schemas/Errors"}


def _responses(ok: dict[str, Any], *codes: int) -> dict[str, Any]:
    answers: dict[str, Any] = {"200": {"description": "成功", "content": {"application/json": {"schema": ok}}}}
    for code in (*codes, "default"):  # default: any other error (405, 413 …) has the same shape
        answers[str(code)] = {"description": "错误", "content": {"application/json": {"schema": _ERRORS}}}
    return answers


def _security(scope: str, public: frozenset[str]) -> list[dict[str, list[str]]]:
    """Who may call: a bearer token with ``scope``, or anybody when the scope is public (``{}``)."""
    return [{}, {"bearer": [scope]}] if scope in public else [{"bearer": [scope]}]


def _guarded(operation: dict[str, Any], scope: str, public: frozenset[str]) -> dict[str, Any]:
    """``operation`` with its security and the answers of the token check (401, 403, 429 with Retry-After)."""
    responses = dict(operation["responses"])
    for code, text in (("401", "缺少令牌、令牌无效或已撤销"), ("403", "令牌没有此权限"), ("429", "令牌调用过于频繁")):
        responses[code] = {"description": text, "content": {"application/json": {"schema": _ERRORS}}}
    responses["429"]["headers"] = {"Retry-After": {"description": "多少秒后可再调用", "schema": {"type": "integer"}}}
    return {**operation, "security": _security(scope, public), "responses": responses}


def _case_schemas() -> dict[str, Any]:
    """The cases API's bodies and answers (admin/cases/api.py), the event body from the runtime's CaseEvent model."""
    event = CaseEvent.model_json_schema(mode="validation", ref_template="#/components/schemas/{model}")
    properties = {k: v for k, v in event["properties"].items() if k != "actor"}  # who acts: the token or login
    properties["at"] = {"anyOf": [properties["at"], {"type": "null"}], "description": "发生时间（带时区）；不写为当前时间"}
    day = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
    text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    status = {"type": "object", "required": ["state", "state_name", "closed", "received_on", "promised_due", "provisional",
                                             "explanation"],
              "properties": {"state": {"type": "string"}, "state_name": {"type": "string"}, "closed": {"type": "boolean"},
                             "received_on": {"type": "string", "format": "date"}, "promised_due": day,
                             "statutory_due": day, "decided_on": day, "paused": {"type": "boolean"},
                             "provisional": {"type": "boolean", "description": "有日期落在暂按法定节假日推算的年份"},
                             "provisional_years": {"type": "array", "items": {"type": "integer"}},
                             "provisional_note": text, "explanation": {"type": "array", "items": {"type": "string"}}}}
    case = {"type": "object", "required": ["number", "item_name", "status"],
            "properties": {"number": {"type": "string"}, "item": text, "item_name": {"type": "string"},
                           "department": text, "window": text, "status": {"$ref": "#/components/schemas/CaseStatus"},
                           "query_code": {"type": "string", "description": "仅在登记时返回一次，交申请人查询用"},
                           "events": {"type": "array", "items": {"type": "object"}},
                           "supervision": {"type": "object", "properties": {"colour": {
                               "type": "string", "enum": ["none", "green", "yellow", "red"]}}}}}
    return {
        "CaseEventRequest": {"type": "object", "additionalProperties": False, "required": ["kind"],
                             "description": event.get("description", ""), "properties": properties},
        "CaseRequest": {"type": "object", "required": ["application"], "properties": {
            "application": {"$ref": "#/components/schemas/Application"},
            "phone": {"anyOf": [{"type": "string", "maxLength": PHONE_MAX}, {"type": "null"}]},
            "prereview": {"type": "boolean", "description": "网上预审：收件前不计时"}}},
        "CaseStatus": status,
        "Case": case,
        "CaseLookup": {"type": "object", "required": ["number", "item_name", "state_name", "received_on", "closed"],
                       "properties": {"number": {"type": "string"}, "item_name": {"type": "string"},
                                      "state_name": {"type": "string"}, "received_on": {"type": "string", "format": "date"},
                                      "promised_due": day, "decided_on": day, "result_name": text,
                                      "closed": {"type": "boolean"}, "provisional_note": text}},
        "EvaluationRequest": {"type": "object", "additionalProperties": False, "required": ["grade"], "properties": {
            "grade": {"type": "integer", "minimum": 1, "maximum": 5, "description": "5 非常满意 … 1 非常不满意（国办发〔2019〕51号）"},
            "reason": {**text, "description": "不满意、非常不满意时必填"}}},
        "EvaluationAnswer": {"type": "object", "required": ["number", "grade"],
                             "properties": {"number": {"type": "string"}, "grade": {"type": "integer"}}},
    }


def _cases_paths(public: frozenset[str]) -> dict[str, Any]:
    """The case ledger's API (admin/cases/api.py): writes and reads need a token (or a console login)."""
    number = [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"}}]
    lookup = [{"name": n, "in": "query", "required": True, "schema": {"type": "string"}} for n in ("number", "code")]

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def body(name: str) -> dict[str, Any]:
        return {"required": True, "content": {"application/json": {"schema": ref(name)}}}

    def created(name: str, *codes: int) -> dict[str, Any]:
        answers = _responses(ref(name), *codes)
        answers["201"] = answers.pop("200") | {"description": "已登记"}
        return answers

    return {
        "/api/v1/cases": {"post": _guarded({
            "summary": "登记办件（按已发布目录作出受理决定，记录受理、补正或不予受理事件）", "requestBody": body("CaseRequest"),
            "responses": created("Case", 400, 413, 422, 503)}, "cases:write", public)},
        "/api/v1/cases/{number}": {"get": _guarded({
            "summary": "办件详情与事件", "parameters": number, "responses": _responses(ref("Case"), 404, 503)},
            "cases:read", public)},
        "/api/v1/cases/{number}/events": {"post": _guarded({
            "summary": "追加办件事件（受理、补正、暂停、办结……）；不允许的事件答 409，字段有误答 422", "parameters": number,
            "requestBody": body("CaseEventRequest"),
            "responses": _responses(ref("Case"), 400, 404, 409, 413, 422, 503)}, "cases:write", public)},
        "/api/v1/cases/lookup": {"get": {"summary": "申请人凭办件编号和查询码查询进度（公开）", "parameters": lookup,
                                         "security": [{}], "responses": _responses(ref("CaseLookup"), 404, 503)}},
        "/api/v1/cases/evaluation": {"post": {
            "summary": "申请人对办结的办件评价（好差评，公开，每件一次）", "parameters": lookup, "security": [{}],
            "requestBody": body("EvaluationRequest"), "responses": created("EvaluationAnswer", 404, 409, 422, 503)}},
    }


def openapi_document() -> dict[str, Any]:
    _, schemas = models_json_schema([(Item, "serialization"), (Application, "validation"), (Decision, "serialization")],
                                    ref_template="#/components/schemas/{model}")
    components = dict(schemas.get("$defs", {})) | _case_schemas()
    components["Errors"] = {"type": "object", "properties": {"errors": {"type": "array", "items": {
        "type": "object", "required": ["path", "code", "message"],
        "properties": {"path": {"type": "string", "description": "JSON 路径，如 $.query.limit"},
                       "code": {"type": "string"}, "message": {"type": "string"}}}}}}
    summary = {"type": "object", "properties": {name: {"type": ["string", "null"]} for name in (
        "code", "name", "department", "item_type", "default_case_class", "valid_from", "effective_on")}}
    query: list[dict[str, object]] = [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
             for n in ("department", "item_type", "default_case_class")]
    query += [{"name": n, "in": "query", "required": False, "schema": {"type": "integer", "minimum": low, "maximum": high}}
              for n, (low, high) in (("limit", LIMIT_RANGE), ("offset", OFFSET_RANGE))]
    public = public_scopes()
    return {
        "openapi": "3.1.0",
        "info": {"title": "一窗通 API", "version": __version__},
        "paths": {
            "/api/v1/items": {"get": _guarded({"summary": "已发布事项列表", "parameters": query, "responses": _responses(
                {"type": "object", "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": summary}}}, 400, 503)},
                "catalog:read", public)},
            "/api/v1/items/{code}": {"get": _guarded({"summary": "事项的全部已发布版本", "parameters": [
                {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": _responses(
                {"type": "object", "properties": {"code": {"type": "string"}, "versions": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}, 404, 422, 503)}, "catalog:read", public)},
            "/api/v1/decisions": {"post": _guarded({
                "summary": "对一件申请作出受理决定（已发布目录）",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Application"}}}},
                "responses": _responses({"$ref": "#/components/schemas/Decision"}, 400, 413, 422, 503)}, "decide", public)},
            **_cases_paths(public),
        },
        "components": {"schemas": components, "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "API 令牌（审改办在后台「API 令牌」页或以 onewindow db token create 签发）。权限："
                           + "；".join(f"{scope} — {text}" for scope, text in SCOPES.items())}}},
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi_document())


__all__ = ["openapi_document"]
