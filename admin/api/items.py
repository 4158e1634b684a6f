"""``GET /api/v1/items`` and ``GET /api/v1/items/<code>``: the published catalog, as the runtime models dump it."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from ..store.db import db
from ..store.records import ItemRecord, serving_day
from ..sync.documents import validate_document
from .blueprint import bp
from .errors import error

FILTERS = ("department", "item_type", "default_case_class")
MAX_LIMIT = 500


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise error(400, f"$.query.{name}", "invalid-integer", f"{name} 应为 {low}–{high} 之间的整数")
    return int(raw)


@bp.get("/items")
def list_items() -> Any:
    """Published items, filtered by department / item_type / default_case_class, paged by limit/offset."""
    unknown = sorted(set(request.args) - {*FILTERS, "limit", "offset"})
    if unknown:
        raise error(400, f"$.query.{unknown[0]}", "unknown-parameter", f"未知参数 {unknown[0]}")
    limit, offset = _int_arg("limit", 100, 1, MAX_LIMIT), _int_arg("offset", 0, 0, 10**9)
    day = serving_day()
    query = db.select(ItemRecord).where(ItemRecord.served_on(day))  # in force today; a scheduled version from its day
    for name in FILTERS:
        if name in request.args:
            query = query.where(getattr(ItemRecord, name) == request.args[name])
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(ItemRecord.code).limit(limit).offset(offset))
    return jsonify({"total": total, "limit": limit, "offset": offset, "items": [
        {"code": r.code, "name": r.name, "department": r.department, "item_type": r.item_type,
         "default_case_class": r.default_case_class, "valid_from": r.valid_from and r.valid_from.isoformat(),
         "effective_on": (on := r.served_effective_on(day)) and on.isoformat()} for r in rows]})


@bp.get("/items/<code>")
def get_item(code: str) -> Any:
    """Every published version of one item, validated and dumped by the runtime's model."""
    day = serving_day()
    records = list(db.session.scalars(db.select(ItemRecord).where(ItemRecord.code == code, ItemRecord.served_on(day))))
    if not records:
        raise error(404, "$.code", "unknown-item", f"没有已发布的事项 {code}")
    versions = []
    for record in sorted(records, key=lambda r: r.key):
        model, problems = validate_document(ItemRecord.model, record.served_document(day) or {})
        if model is None:
            raise error(422, f"$.versions[{len(versions)}]", "invalid-document", "；".join(p.message for p in problems))
        versions.append(model.model_dump(mode="json", exclude_defaults=True))
    return jsonify({"code": code, "versions": versions})


__all__ = ["get_item", "list_items"]
