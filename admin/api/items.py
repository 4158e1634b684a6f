"""``GET /api/v1/items`` and ``GET /api/v1/items/<code>``: the catalog served today, as the runtime models dump it.

Each answer is encoded once per served build and query (:meth:`~onewindow.admin.store.runtimes.Served.answer`):
a publish, any catalog write or a new serving day makes a new build, so no answer outlives what it lists."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Response, current_app, request

from onewindow.runtime.catalog import Catalog, Item
from onewindow.runtime.limits import QUERY_MAX_INTEGER

from ..auth.tokens import require_scope
from ..store.db import db
from ..store.records import ItemRecord, serving_day
from ..store.runtimes import Served, served
from .blueprint import bp
from .errors import error

FILTERS = ("department", "item_type", "default_case_class")
LIMIT_RANGE = (1, 500)
OFFSET_RANGE = (0, QUERY_MAX_INTEGER)
"""Query integers accepted (inclusive); the OpenAPI document states the same bounds."""


def _int_arg(args: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    if name not in args:  # not .get(): werkzeug builds an exception per missing key
        return default
    raw = args[name]
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(high)) and low <= int(raw) <= high):
        raise error(400, f"$.query.{name}", "invalid-integer", f"{name} 应为 {low}–{high} 之间的整数")
    return int(raw)


def _served() -> tuple[Served, Catalog]:
    """The build served today and its catalog (also when its rules do not compile: the catalog API lists what
    is served whatever the rules say); 503 when there is no catalog at all."""
    found = served(published=True)
    if found.catalog is None:  # then the runtime slot holds why: no centre
        raise error(503, "$", "catalog-unavailable", str(found.runtime))
    return found, found.catalog


def _json(document: object) -> bytes:
    return current_app.json.dumps(document, separators=(",", ":")).encode()  # as compact as jsonify


def _answer(body: bytes) -> Response:
    return Response(body, mimetype="application/json")


def _effective_on(versions: list[Item], day: date) -> list[str | None]:
    """The publication day of each listed version, from its row (the catalog knows content, not workflow)."""
    keys = [ItemRecord.key_of({"code": v.code, "valid_from": v.valid_from}) for v in versions]
    rows = db.session.scalars(db.select(ItemRecord).where(ItemRecord.key.in_(keys)))
    days = {row.key: (on := row.served_effective_on(day)) and on.isoformat() for row in rows}
    return [days.get(key) for key in keys]


@bp.get("/items")
@require_scope("catalog:read")
def list_items() -> Any:
    """Item versions served today (the very catalog the decisions API decides with), filtered by department /
    item_type / default_case_class, paged by limit/offset."""
    return _answer(listing_of(request.args))


def listing_of(args: Mapping[str, str]) -> bytes:
    """The encoded answer to ``GET /api/v1/items`` with the query ``args``, or the ApiError."""
    unknown = sorted(set(args) - {*FILTERS, "limit", "offset"})
    if unknown:
        raise error(400, f"$.query.{unknown[0]}", "unknown-parameter", f"未知参数 {unknown[0]}")
    limit, offset = _int_arg(args, "limit", 100, *LIMIT_RANGE), _int_arg(args, "offset", 0, *OFFSET_RANGE)
    wanted = {name: args[name] for name in FILTERS if name in args}
    build, catalog = _served()
    key = ("list", limit, offset, tuple(sorted(wanted.items())))
    return build.answer(key, lambda: _listing(catalog, wanted, limit, offset))


def _listing(catalog: Catalog, wanted: dict[str, str], limit: int, offset: int) -> bytes:
    matching = [item for code in sorted(catalog.item_versions) for item in catalog.item_versions[code]
                if all(getattr(item, name) == value for name, value in wanted.items())]
    page = matching[offset:offset + limit]
    return _json({"total": len(matching), "limit": limit, "offset": offset, "items": [
        {"code": item.code, "name": item.name, "department": item.department, "item_type": item.item_type,
         "default_case_class": item.default_case_class, "valid_from": item.valid_from and item.valid_from.isoformat(),
         "effective_on": effective_on} for item, effective_on in zip(page, _effective_on(page, serving_day()), strict=True)]})


@bp.get("/items/<code>")
@require_scope("catalog:read")
def get_item(code: str) -> Any:
    """Every version of one item served today, dumped by the runtime's model."""
    return _answer(item_of(code))


def item_of(code: str) -> bytes:
    """The encoded answer to ``GET /api/v1/items/<code>``, or the ApiError."""
    build, catalog = _served()
    versions = catalog.item_versions.get(code)
    if not versions:
        raise error(404, "$.code", "unknown-item", f"没有已发布的事项 {code}")
    return build.answer(("item", code), lambda: _json({"code": code, "versions": [
        v.model_dump(mode="json", exclude_defaults=True, by_alias=True) for v in versions]}))


__all__ = ["get_item", "item_of", "list_items", "listing_of"]
