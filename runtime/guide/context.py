"""The service guide (办事指南) of one item as plain data, the eight disclosures (八公开) in order.

Templates only lay this out; every wording decision lives here and in :mod:`.wording`, so the markdown
guide, the HTML guide and the public site say exactly the same thing. Unknown is not none: what the
catalog does not state is printed as 「未公布」, never as a default (不收费, 无特别条件, 最多跑1次 …).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..catalog import Catalog, Item, LegalDocument
from ..catalog.fee import PAYMENT_PLACE_NAMES, Fee
from ..catalog.item import (
    CASE_CLASS_NAMES, IMPLEMENTER_NAMES, ITEM_TYPE_NAMES, LEVEL_NAMES, POWER_SOURCE_NAMES, RELATION_NAMES,
    SCOPE_NAMES, STEP_NAMES,
)
from ..catalog.legal import STATUS_NAMES
from ..catalog.material import MEDIUM_NAMES, NECESSITY_NAMES, ItemMaterial
from ..catalog.names import AUDIENCE_NAMES, CHANNEL_NAMES, DEPTH_NAMES, PAUSE_NAMES, RESULT_DELIVERY, ROLE_NAMES, UNIT_LABELS
from ..catalog.organisation import Session, Window
from ..wording import UNPUBLISHED, basis_text, describe_condition, describe_fee, material_copies, material_source

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


def _days(days: int | None, unit: str = "working_days") -> str:
    if days is None:
        return "未公布"
    return "当场办结" if days == 0 else f"{days}个{UNIT_LABELS[unit]}"


def _hours(sessions: tuple[Session, ...]) -> str:
    return "，".join(f"{s.start}—{s.end}" for s in sessions)


def _centre_hours(catalog: Catalog) -> str:
    """The centre's hours, or 「未公布」 when its guide does not publish them (``hours_published: false``)."""
    return _hours(published) if (published := catalog.centre.published_hours) else UNPUBLISHED


def _window_hours(catalog: Catalog, window: Window) -> str:
    """The window's own hours, else the centre's."""
    return _hours(window.hours) if window.hours else _centre_hours(catalog)


def _yes_no(value: bool | None) -> str:
    return UNPUBLISHED if value is None else ("是" if value else "否")


def _windows(catalog: Catalog, item: Item) -> list[dict[str, str]]:
    """Each window with its own hours (a provincial window keeps its own, not the county hall's)."""
    windows = [catalog.windows[w] for w in item.windows if w in catalog.windows] or list(catalog.windows_of(item.department))
    rows = []
    for window in windows:
        place = window.address or window.site or catalog.centre.address
        rows.append({"name": window.name, "number": window.number or "", "place": place,
                     "hours": _window_hours(catalog, window), "phone": window.phone or ""})
    return rows


def _excerpt(document: LegalDocument | None, article: str | None) -> str:
    """The article's text as the catalog holds it, or nothing."""
    found = document.article(article) if document is not None and article else None
    return found.text if found is not None else ""


def _material(catalog: Catalog, item: Item, material: ItemMaterial) -> dict[str, Any]:
    library = catalog.materials.get(material.id)
    source = catalog.material_source(item, material.id)
    return {
        "id": material.id, "name": catalog.material_name(item, material.id),
        "copies": material_copies(material),
        "media": "、".join(MEDIUM_NAMES[m] for m in material.media) or UNPUBLISHED,
        "necessity": NECESSITY_NAMES[material.necessity],
        "when": describe_condition(material.when, catalog) if material.when is not None else "",
        "source": material_source(catalog, material),
        "tolerance_days": material.tolerance_days, "key": material.key,
        "standard": material.standard or "",
        "blank_form": material.blank_form or (library.blank_form if library else None) or "",
        "sample": material.sample or (library.sample if library else None) or "",
        "instructions": material.instructions or "", "specification": material.specification or "",
        "formats": "、".join(material.upload_formats), "remark": material.remark or "",
        "shared": "数据共享免提交" + (f"（{material.shared_source}）" if material.shared_source else "") if material.shared else "",
        "office": source is not None and source.kind == "handling_office",
    }


def _material_groups(catalog: Catalog, item: Item) -> list[dict[str, Any]]:
    """Materials per handling situation (办理情形); one unnamed group when the item has none."""
    if not item.variants:
        return [{"name": "", "when": "", "materials": [_material(catalog, item, m) for m in item.materials]}]
    groups = []
    for variant in item.variants:
        rows = [_material(catalog, item, m) for m in item.materials if not m.variants or variant.id in m.variants]
        groups.append({"name": variant.name, "when": describe_condition(variant.when, catalog) if variant.when else "",
                       "materials": rows})
    return groups


def _commitment(catalog: Catalog, item: Item) -> dict[str, Any] | None:
    if not item.commitment:
        return None
    terms = item.commitment_terms
    if terms is None:
        return {"modelled": False}
    return {
        "modelled": True, "pledge": catalog.material_name(item, terms.pledge),
        "opt_out": catalog.material_name(item, terms.opt_out) if terms.opt_out else "",
        "replaces": "、".join(catalog.material_name(item, m) for m in terms.replaces),
        "on_the_spot": terms.on_the_spot, "verification": terms.verification or "",
        "basis": basis_text(catalog, terms.basis.document, terms.basis.article) if terms.basis else "",
    }


def _fee(catalog: Catalog, item: Item, fee: Fee, fee_window: str) -> dict[str, str]:
    exemptions = []
    for e in fee.exemptions:
        text = f"{e.name}（{describe_condition(e.when, catalog)}"
        if e.requires:
            text += "，须提交" + "、".join(catalog.material_name(item, m) for m in e.requires)
        exemptions.append(text + "）")
    place = fee_window if fee.paid_at == "fee_window" and fee_window else PAYMENT_PLACE_NAMES[fee.paid_at]
    return {"name": fee.name, "standard": describe_fee(fee), "basis": basis_text(catalog, fee.basis.document, fee.basis.article),
            "exemptions": "；".join(exemptions), "paid_at": place + (f"（{fee.payment_note}）" if fee.payment_note else "")}


def _basic(catalog: Catalog, item: Item, department: str) -> list[tuple[str, str]]:
    """The basic-information block: always the core rows, the national elements when the catalog states them."""
    rows = [("事项编码", item.code), ("事项类型", ITEM_TYPE_NAMES[item.item_type]),
            ("实施主体", item.implementer or department), ("服务对象", "、".join(AUDIENCE_NAMES[a] for a in item.audience)),
            ("办件类型", CASE_CLASS_NAMES[item.default_case_class])]
    optional = [
        ("基本编码", item.catalog_code), ("实施编码", item.implementation_code), ("业务办理项编码", item.handling_code),
        ("实施主体性质", IMPLEMENTER_NAMES.get(item.implementer_nature or "")),
        ("权力来源", POWER_SOURCE_NAMES.get(item.power_source or "")),
        ("行使层级", "、".join(LEVEL_NAMES[v] for v in item.levels)), ("委托部门", item.entrusting_department),
        ("办理机构", item.handling_unit), ("联办机构", "、".join(item.joint_agencies)),
        ("通办范围", SCOPE_NAMES.get(item.service_scope or "")), ("数量限制", item.quantity_limit),
        ("中介服务", "、".join(item.intermediary_services)), ("特别程序", item.special_procedure),
    ]
    rows += [(label, value) for label, value in optional if value]
    for related in item.related:
        other = catalog.item(related.code)
        rows.append((RELATION_NAMES[related.relation], f"{other.name if other else related.name or related.code}（{related.code}）"))
    return rows


def _contacts(item: Item) -> list[tuple[str, str]]:
    c = item.contacts
    rows = [("咨询电话", c.consult_phone or UNPUBLISHED), ("咨询地址", c.consult_address), ("网上咨询", c.consult_url),
            ("投诉电话", c.complaint_phone or UNPUBLISHED), ("投诉地址", c.complaint_address), ("网上投诉", c.complaint_url),
            ("举报电话", c.report_phone),
            ("电子邮箱", c.email)]
    return [(label, value) for label, value in rows if value]


def _fees_text(item: Item, fees: tuple[Fee, ...]) -> str:
    """What the fee section says when there is no fee table: 不收费 only when the catalog says so."""
    if fees:
        return ""
    return "不收费。" if item.charges is False else "未公布。" if item.charges is None else "收费项目未列出。"


def build_guide(catalog: Catalog, item: Item, on: date | None = None) -> Guide:
    day = on or date.today()
    department = catalog.departments.get(item.department)
    department_name = department.name if department else item.department
    limit = item.time_limit_on(day) or item.time_limits[-1]
    fees = item.fees_on(day) or (item.fees if not on else ())
    fee_window = catalog.fee_window()
    fee_window_name = (fee_window.name + (f"（{fee_window.number}号）" if fee_window.number else "")) if fee_window else ""
    bases = []
    for basis in item.legal_bases:
        document = catalog.legal_documents.get(basis.document)
        status = document.status if document else "in_force"
        bases.append({"text": basis_text(catalog, basis.document, basis.article), "role": ROLE_NAMES[basis.role],
                      "status": "" if status == "in_force" else STATUS_NAMES[status],
                      "excerpt": _excerpt(document, basis.article)})
    groups = _material_groups(catalog, item)
    data = {
        "item": item, "centre": catalog.centre, "department": department_name,
        "item_type": ITEM_TYPE_NAMES[item.item_type], "case_class": CASE_CLASS_NAMES[item.default_case_class],
        "audience": "、".join(AUDIENCE_NAMES[a] for a in item.audience),
        "basic": _basic(catalog, item, department_name),
        "bases": bases,
        "conditions": list(item.conditions or ()), "conditions_text": "" if item.conditions else (
            "无特别条件。" if item.conditions is not None else "未公布。"),
        "situations": [catalog.situations[s].question for s in item.situations if s in catalog.situations],
        "material_groups": groups, "materials": [m for g in groups for m in g["materials"]],
        "commitment": _commitment(catalog, item),
        "steps": [{"name": STEP_NAMES[s.step], "days": s.days, "days_text": _days(s.days), "title": s.title or ""}
                  for s in item.steps],
        "statutory": _days(limit.statutory_days, limit.statute_unit), "promised": _days(limit.promised_days, limit.unit),
        "unit": limit.unit, "statutory_unit": limit.statute_unit, "extension": _days(limit.extension_days, limit.unit),
        "statutory_days": limit.statutory_days, "promised_days": limit.promised_days,
        "extension_days": limit.extension_days, "pauses": "、".join(PAUSE_NAMES[p] for p in (*limit.pauses, *limit.other_pauses)),  # none listed: no line (not 「无」)
        "fees": [_fee(catalog, item, f, fee_window_name) for f in fees], "fees_text": _fees_text(item, fees),
        "fee_window": fee_window_name,
        "result": item.result,
        "result_delivery": "、".join(RESULT_DELIVERY[d] for d in item.result.delivery) or UNPUBLISHED,
        "windows": _windows(catalog, item),
        "hours": _centre_hours(catalog),
        "channels": "、".join(CHANNEL_NAMES[c] for c in item.channels),
        "online_depth": DEPTH_NAMES[item.online_depth] if item.online_depth else UNPUBLISHED,
        "visits": UNPUBLISHED if item.max_visits is None else (
            "零跑动（全程网办）" if item.max_visits == 0 else f"最多跑{item.max_visits}次"),
        "visit_reason": item.visit_reason or "",
        "online": [(label, value) for label, value in (
            ("网上办理地址", item.online_url), ("移动端办理地址", item.mobile_url),
            ("网上支付", _yes_no(item.pay_online) if item.pay_online is not None else None),
            ("预约办理", _yes_no(item.appointment) if item.appointment is not None else None)) if value],
        "max_visits": item.max_visits, "contacts": _contacts(item),
        "questions": [{"question": q.question, "answer": q.answer} for q in item.questions],
        "on": day.isoformat(),
    }
    return Guide(item.code, item.name, DISCLOSURES, data)


__all__ = ["DISCLOSURES", "Guide", "build_guide", "pick_version"]
