"""The catalog as the JSON the public site's scripts read: search index and pre-review data in one file.

Material conditions are exported as the same tree the catalog declares (``all``/``any``/``not`` over
``{fact, operator: value}`` leaves), so ``conditions.js`` evaluates exactly what the runtime evaluates,
with the same rule for unanswered questions (a missing fact satisfies only ``ne``, ``not_in`` and
``exists: false``).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ..catalog import Catalog, Item
from ..catalog.item import ITEM_TYPE_NAMES
from ..catalog.material import NECESSITY_NAMES
from ..wording import describe_condition, material_copies, material_source
from ..review.stats import online_available

AUDIENCE_EVENTS = {"person": "个人办事", "legal_person": "企业办事", "other": "其他组织办事"}


def life_events(item: Item) -> list[str]:
    """Life events (人生事件 / 企业生命周期) of an item: ``extensions.life_events`` when the county declares
    them, otherwise the audience ("个人办事" / "企业办事") so every item can still be browsed by theme."""
    declared = item.extensions.get("life_events")
    if isinstance(declared, list) and declared:
        return [str(e) for e in declared]
    return [AUDIENCE_EVENTS[a] for a in item.audience]


def item_url(code: str) -> str:
    return f"items/{code}.html"


def _situation(catalog: Catalog, sid: str) -> dict[str, Any] | None:
    situation = catalog.situations.get(sid)
    if situation is None:
        return None
    return {"id": sid, "fact": f"facts.{sid}", "question": situation.question, "kind": situation.kind,
            "choices": [{"value": c.value, "label": c.label} for c in situation.choices],
            "unit": situation.unit, "minimum": situation.minimum, "maximum": situation.maximum, "help": situation.help}


def item_record(catalog: Catalog, item: Item, on: date) -> dict[str, Any]:
    department = catalog.departments.get(item.department)
    limit = item.time_limit_on(on) or item.time_limits[-1]
    materials = [{
        "id": m.id, "name": catalog.material_name(item, m.id), "copies": material_copies(m),
        "necessity": m.necessity, "necessity_name": NECESSITY_NAMES[m.necessity],
        "when": m.when.model_dump(mode="json", by_alias=True, exclude_none=True) if m.when is not None else None,
        "when_text": describe_condition(m.when, catalog) if m.when is not None else "",
        "source": material_source(catalog, m), "tolerance_days": m.tolerance_days,
    } for m in item.materials]
    return {
        "code": item.code, "name": item.name, "url": item_url(item.code),
        "item_type": item.item_type, "item_type_name": ITEM_TYPE_NAMES[item.item_type],
        "department": item.department, "department_name": department.name if department else item.department,
        "life_events": life_events(item), "content": item.content,
        "statutory_days": limit.statutory_days, "statutory_unit": limit.statute_unit,
        "promised_days": limit.promised_days, "unit": limit.unit,
        "max_visits": item.max_visits, "online": online_available(item), "has_fee": bool(item.fees_on(on)),
        "situations": [s for sid in item.situations if (s := _situation(catalog, sid)) is not None],
        "materials": materials,
    }


def export_catalog(catalog: Catalog, on: date) -> dict[str, Any]:
    items = [i for code in sorted(catalog.item_versions) if (i := catalog.item(code, on)) is not None]
    return {"centre": catalog.centre.name, "revision": catalog.revision, "on": on.isoformat(),
            "items": [item_record(catalog, item, on) for item in items]}


__all__ = ["AUDIENCE_EVENTS", "export_catalog", "item_record", "item_url", "life_events"]
