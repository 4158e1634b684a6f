"""Catalog values as people read them: conditions, fees, copies, sources and citations in plain Chinese.

The guide, the public site, the review diff, the national export and the decision notice all show the same
things to people; this one wording module keeps "原件1份、复印件2份", "申请类型为「变更」" or
"《文件名》（文号）第X条" identical wherever it appears. Names of enumerated values are in
``catalog/names.py`` (one table per ``Literal``).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .catalog import Catalog, Fee, Item, ItemMaterial
from .catalog.material import FORM_NAMES, SOURCE_KIND_NAMES, MaterialSource
from .conditions import AllOf, AnyOf, Comparison, Condition, NotOf

_OPERATOR_WORDS = {"eq": "为", "ne": "不为", "gt": "大于", "gte": "不少于", "lt": "小于", "lte": "不超过",
                   "in": "为", "not_in": "不为"}
UNPUBLISHED = "未公布"
"""What a guide prints for a fact the catalog does not state (unknown is not none)."""


def _literal(catalog: Catalog, fact: str, value: Any) -> str:
    situation = catalog.situations.get(fact.removeprefix("facts.")) if fact.startswith("facts.") else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if situation is not None and situation.kind == "choice":
        labels = {c.value: c.label for c in situation.choices}
        return f"「{labels.get(value, value)}」"
    if isinstance(value, date):
        return value.isoformat()
    if situation is not None and situation.unit:
        return f"{value}{situation.unit}"
    return str(value)


def fact_label(catalog: Catalog, fact: str) -> str:
    """The question behind a fact path (``facts.has_agent`` → 是否委托他人办理)."""
    if fact.startswith("facts."):
        situation = catalog.situations.get(fact.removeprefix("facts."))
        if situation is not None:
            return situation.question
    return fact


def describe_condition(condition: Condition, catalog: Catalog) -> str:
    """A condition tree as one Chinese sentence, with the situation questions and choice labels."""
    if isinstance(condition, AllOf):
        return "且".join(_grouped(c, catalog) for c in condition.all)
    if isinstance(condition, AnyOf):
        return "或".join(_grouped(c, catalog) for c in condition.any)
    if isinstance(condition, NotOf):
        return f"并非（{describe_condition(condition.not_, catalog)}）"
    return _leaf(condition, catalog)


def _grouped(condition: Condition, catalog: Catalog) -> str:
    text = describe_condition(condition, catalog)
    return text if isinstance(condition, (Comparison, NotOf)) else f"（{text}）"


def _leaf(leaf: Comparison, catalog: Catalog) -> str:
    label = fact_label(catalog, leaf.fact)
    op, value = leaf.operator, leaf.value
    if op == "exists":
        return f"{label}{'已填写' if value else '未填写'}"
    if op in ("in", "not_in"):
        return f"{label}{_OPERATOR_WORDS[op]}" + "或".join(_literal(catalog, leaf.fact, v) for v in value)
    return f"{label}{_OPERATOR_WORDS[op]}{_literal(catalog, leaf.fact, value)}"


def material_name(catalog: Catalog, item: Item, material: ItemMaterial) -> str:
    return catalog.material_name(item, material.id)


def material_copies(material: ItemMaterial, *, unstated: bool = True) -> str:
    """"原件1份、复印件2份", "原件1份或复印件2份" — or "原件或复印件1份" / "电子件" / "原件（份数未公布）".

    A guide says when the catalog states no count (``unstated``); a decision notice asks for the form alone
    ("请提交原件") or one of either.
    """
    if material.form == "electronic":
        return "电子件"
    if material.form == "original_or_copy":
        if unstated and not material.stated_count():
            return f"原件或复印件（份数{UNPUBLISHED}）"
        return f"原件或复印件{max(material.originals, material.copies, 1)}份"
    return material.quantity_text() or FORM_NAMES[material.form] + (f"（份数{UNPUBLISHED}）" if unstated else "")


def material_source(catalog: Catalog, material: ItemMaterial) -> str:
    """Source channel and its explanation as the guide states them; 「未公布」 when the catalog says nothing."""
    source: MaterialSource | None = material.source
    if source is None and material.id in catalog.materials:
        source = catalog.materials[material.id].source
    if source is None:
        return UNPUBLISHED
    text = SOURCE_KIND_NAMES[source.kind] + ("，无需申请人提交" if source.kind == "handling_office" else "")
    if source.department:
        department = catalog.departments.get(source.department)
        text = f"{department.name if department else source.department}出具"
    elif source.issuer:
        text = f"{source.issuer}出具"
    if source.item:
        issuing = catalog.item(source.item)
        text += f"（{issuing.name if issuing else source.item}的办理结果）"
    if source.note:
        text += f"；{source.note}"
    return text


def yuan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:.2f}元"


def describe_fee(fee: Fee) -> str:
    """The charging standard in words: "100.00元", "20.00元/证", "每平方米 2.00元", "按 0.003 计收（最低 50.00元）"."""
    if fee.kind == "fixed":
        text = yuan(fee.amount) + (f"/{fee.unit}" if fee.unit and fee.amount is not None else "")
    elif fee.kind == "per_unit":
        text = f"每{fee.unit} {yuan(fee.unit_price)}"
    elif fee.kind == "tiered":
        text = "；".join(f"{'不超过' + str(t.up_to) if t.up_to is not None else '超过以上'}：{yuan(t.amount)}"
                        for t in fee.tiers)
    else:
        text = f"按 {fee.rate} 计收"
    bounds = [f"最低 {yuan(fee.minimum)}" if fee.minimum is not None else "",
              f"最高 {yuan(fee.maximum)}" if fee.maximum is not None else ""]
    bounds = [b for b in bounds if b]
    return text + (f"（{'，'.join(bounds)}）" if bounds else "")


def citation_text(title: str, number: str | None, article: str | None) -> str:
    """《文件名》（文号）第X条: how a guide, a review and a decision notice cite a legal basis."""
    return f"《{title}》" + (f"（{number}）" if number else "") + (article or "")


def basis_text(catalog: Catalog, document_id: str, article: str | None) -> str:
    """A basis as the catalog grounds it; an unknown document is named by its id, without 《》."""
    document = catalog.legal_documents.get(document_id)
    if document is None:
        return f"{document_id}{article or ''}"
    return citation_text(document.title, document.number, article)


__all__ = [
    "UNPUBLISHED", "basis_text", "citation_text", "describe_condition", "describe_fee", "fact_label", "material_copies", "material_name",
    "material_source", "yuan",
]
