"""The service guide (办事指南) of one item as plain data, the eight disclosures (八公开) in order.

Templates only lay this out; every wording decision lives here and in :mod:`.wording`, so the markdown
guide, the HTML guide and the public site say exactly the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..catalog import Catalog, Item, LegalDocument
from ..catalog.item import CASE_CLASS_NAMES, ITEM_TYPE_NAMES, STEP_NAMES
from ..catalog.legal import STATUS_NAMES
from ..catalog.material import FORM_NAMES, NECESSITY_NAMES
from ..catalog.names import AUDIENCE_NAMES, CHANNEL_NAMES, DEPTH_NAMES, PAUSE_NAMES, RESULT_DELIVERY, ROLE_NAMES
from .wording import basis_text, describe_condition, describe_fee, material_copies, material_source

DISCLOSURES: tuple[tuple[str, str], ...] = (
    ("content", "事项内容"), ("basis", "办理依据"), ("conditions", "申请条件"), ("materials", "申请材料"),
    ("procedure", "办理流程"), ("time_limit", "办理时限"), ("fees", "收费标准"), ("result", "办理结果"),
)
"""八公开, in the order every guide shows them (anchor id, heading)."""



@dataclass
class Guide:
    """Everything a guide shows; ``sections`` lists the eight disclosures in order."""

    code: str
    name: str
    sections: tuple[tuple[str, str], ...]
    data: dict[str, Any] = field(default_factory=dict)


def pick_version(catalog: Catalog, code: str, on: date | None) -> Item | None:
    """The version in force on ``on``, else the latest declared one."""
    return (catalog.item(code, on) if on else None) or catalog.item(code)


def _days(days: int) -> str:
    return "当场办结" if days == 0 else f"{days}个工作日"


def _windows(catalog: Catalog, item: Item) -> list[dict[str, str]]:
    windows = [catalog.windows[w] for w in item.windows if w in catalog.windows] or list(catalog.windows_of(item.department))
    rows = []
    for window in windows:
        place = window.address or window.site or catalog.centre.address
        rows.append({"name": window.name, "number": window.number or "", "place": place})
    return rows


def _excerpt(document: LegalDocument | None, article: str | None) -> str:
    """The article's text as the catalog holds it, or nothing."""
    found = document.article(article) if document is not None and article else None
    return found.text if found is not None else ""


def build_guide(catalog: Catalog, item: Item, on: date | None = None) -> Guide:
    day = on or date.today()
    department = catalog.departments.get(item.department)
    limit = item.time_limit_on(day) or item.time_limits[-1]
    fees = item.fees_on(day) or (item.fees if not on else ())
    fee_window = catalog.fee_window()
    materials = []
    for material in item.materials:
        materials.append({
            "id": material.id, "name": catalog.material_name(item, material.id),
            "form": FORM_NAMES[material.form], "copies": material_copies(material),
            "necessity": NECESSITY_NAMES[material.necessity],
            "when": describe_condition(material.when, catalog) if material.when is not None else "",
            "source": material_source(catalog, material),
            "tolerance_days": material.tolerance_days, "key": material.key,
            "standard": material.standard or "", "blank_form": material.blank_form or "",
        })
    bases = []
    for basis in item.legal_bases:
        document = catalog.legal_documents.get(basis.document)
        status = document.status if document else "in_force"
        bases.append({"text": basis_text(catalog, basis.document, basis.article), "role": ROLE_NAMES[basis.role],
                      "status": "" if status == "in_force" else STATUS_NAMES[status],
                      "excerpt": _excerpt(document, basis.article)})
    data = {
        "item": item, "centre": catalog.centre,
        "department": department.name if department else item.department,
        "item_type": ITEM_TYPE_NAMES[item.item_type], "case_class": CASE_CLASS_NAMES[item.default_case_class],
        "audience": "、".join(AUDIENCE_NAMES[a] for a in item.audience),
        "bases": bases, "conditions": list(item.conditions),
        "situations": [catalog.situations[s].question for s in item.situations if s in catalog.situations],
        "materials": materials,
        "steps": [{"name": STEP_NAMES[s.step], "days": s.days, "days_text": _days(s.days), "title": s.title or ""}
                  for s in item.steps],
        "statutory": _days(limit.statutory_days), "promised": _days(limit.promised_days),
        "statutory_days": limit.statutory_days, "promised_days": limit.promised_days,
        "extension_days": limit.extension_days, "pauses": "、".join(PAUSE_NAMES[p] for p in limit.pauses),
        "fees": [{"name": f.name, "standard": describe_fee(f), "basis": basis_text(catalog, f.basis.document, f.basis.article),
                  "exemptions": "；".join(f"{e.name}（{describe_condition(e.when, catalog)}）" for e in f.exemptions)}
                 for f in fees],
        "fee_window": fee_window.name + (f"（{fee_window.number}号）" if fee_window and fee_window.number else "") if fee_window else "",
        "result": item.result, "result_delivery": "、".join(RESULT_DELIVERY[d] for d in item.result.delivery),
        "windows": _windows(catalog, item),
        "hours": "，".join(f"{s.start}—{s.end}" for s in catalog.centre.hours),
        "channels": "、".join(CHANNEL_NAMES[c] for c in item.channels), "online_depth": DEPTH_NAMES[item.online_depth],
        "max_visits": item.max_visits, "commitment": item.commitment, "contacts": item.contacts,
        "on": day.isoformat(),
    }
    return Guide(item.code, item.name, DISCLOSURES, data)


__all__ = ["DISCLOSURES", "Guide", "build_guide", "pick_version"]
