"""``GET /api/v1/openapi.json``: the API description, its schemas generated from the pydantic models."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from pydantic.json_schema import models_json_schema

from onewindow.runtime import __version__
from onewindow.runtime import Application, Decision
from onewindow.runtime.catalog import Item

from .blueprint import bp
from .items import LIMIT_RANGE, OFFSET_RANGE

_ERRORS = {"$ref": "#/components/schemas/Errors"}


def _responses(ok: dict[str, Any], *codes: int) -> dict[str, Any]:
    answers: dict[str, Any] = {"200": {"description": "成功", "content": {"application/json": {"schema": ok}}}}
    for code in (*codes, "default"):  # default: any other error (405, 413 …) has the same shape
        answers[str(code)] = {"description": "错误", "content": {"application/json": {"schema": _ERRORS}}}
    return answers


def openapi_document() -> dict[str, Any]:
    _, schemas = models_json_schema([(Item, "serialization"), (Application, "validation"), (Decision, "serialization")],
                                    ref_template="#/components/schemas/{model}")
    components = dict(schemas.get("$defs", {}))
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
    return {
        "openapi": "3.1.0",
        "info": {"title": "一窗通 API", "version": __version__},
        "paths": {
            "/api/v1/items": {"get": {"summary": "已发布事项列表", "parameters": query, "responses": _responses(
                {"type": "object", "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": summary}}}, 400, 503)}},
            "/api/v1/items/{code}": {"get": {"summary": "事项的全部已发布版本", "parameters": [
                {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": _responses(
                {"type": "object", "properties": {"code": {"type": "string"}, "versions": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}, 404, 422, 503)}},
            "/api/v1/decisions": {"post": {
                "summary": "对一件申请作出受理决定（已发布目录）",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Application"}}}},
                "responses": _responses({"$ref": "#/components/schemas/Decision"}, 400, 413, 422, 503)}},
        },
        "components": {"schemas": components},
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi_document())


__all__ = ["openapi_document"]
