"""What rests on one legal document: the items, materials, fees, exemptions, rules and scenarios citing it.

When a law is amended or a normative document repealed (规范性文件清理), the reform office needs the
complete list of what to revisit before the date it takes effect — the same "tell everything at once"
the centre owes applicants (行政许可法 第三十二条), owed here to the catalog's own editors.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Catalog, Item, LegalBasis, plain_reference
from ..catalog.legal import STATUS_NAMES
from ..loading.loader import display_path
from ..policy import LIBRARY_DIR
from .rules_scan import RuleEntry, scan_rules, scan_scenarios, shipped_laws

KIND_NAMES = {"item": "事项审批依据", "material": "申请材料", "fee": "收费", "exemption": "收费减免",
              "green_channel": "绿色通道类别", "document": "被替代文件", "rule": "规则", "scenario": "测试场景"}


@dataclass(frozen=True)
class Dependent:
    """One thing resting on the document: its kind, where (item code, rule id …), what, and the article cited."""

    kind: str
    key: str
    name: str
    article: str = ""
    where: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Impact:
    document: str
    title: str
    status: str
    dependents: list[Dependent] = field(default_factory=list)

    def items(self) -> set[str]:
        return {d.key.split("/")[0] for d in self.dependents if d.kind in ("item", "material", "fee", "exemption")}

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "status": self.status,
                "dependents": [d.as_dict() for d in self.dependents]}


def _cites(basis: LegalBasis | None, document: str) -> bool:
    return basis is not None and basis.document == document


def _version(item: Item) -> str:
    return f"{item.code}@{item.valid_from}" if item.valid_from else item.code


def _item(catalog: Catalog, item: Item, document: str) -> list[Dependent]:
    origin = catalog.locate(item)
    where = origin.file if origin else ""
    found = [Dependent("item", _version(item), item.name, b.article or "", where)
             for b in item.legal_bases if _cites(b, document)]
    for material in item.materials:
        basis = material.basis
        if basis is not None and _cites(basis, document):
            found.append(Dependent("material", f"{_version(item)}/{material.id}", catalog.material_name(item, material.id),
                                   basis.article or "", where))
    for fee in item.fees:
        if _cites(fee.basis, document):
            found.append(Dependent("fee", f"{_version(item)}/{fee.id}", fee.name, fee.basis.article or "", where))
        for exemption in fee.exemptions:
            if _cites(exemption.basis, document):
                found.append(Dependent("exemption", f"{_version(item)}/{fee.id}/{exemption.id}", exemption.name,
                                       exemption.basis.article or "", where))
    return found


def resolve_document(catalog: Catalog, reference: str) -> tuple[str, ...]:
    """The ids of the documents ``reference`` names: an id, the Chinese title or the 文号 (国务院令第412号)."""
    if reference in catalog.legal_documents:
        return (reference,)
    wanted = plain_reference(reference)
    return tuple(d.id for d in catalog.legal_documents.values()
                 if plain_reference(d.title) == wanted or (d.number is not None and plain_reference(d.number) == wanted))


def _cited(catalog: Catalog, rule: RuleEntry, shipped: dict[str, str]) -> set[str]:
    """The documents a rule cites, with the policy library's ``law:`` keys and ``policy:`` names grounded in this
    catalog (its own document for the law, else the shipped one: ``shipped`` key → title; ``centre.policies``)
    as the rule loader grounds them."""
    cited = rule.documents()
    basis = rule.data.get("basis") if isinstance(rule.data, dict) else None
    if isinstance(basis, dict) and isinstance(basis.get("law"), str):
        cited.update(catalog.law_documents(basis["law"], shipped.get(basis["law"])) or (basis["law"],))
    if isinstance(basis, dict) and isinstance(basis.get("policy"), str):
        declared = catalog.centre.policy(basis["policy"])
        if declared is not None:
            cited.add(declared.document)
    return cited


def find_impact(catalog: Catalog, document: str, rules_dir: Path | None = None) -> Impact:
    """Everything that cites ``document`` in the catalog and under ``rules_dir`` (rules, then their scenarios)."""
    doc = catalog.legal_documents.get(document)
    impact = Impact(document, doc.title if doc else "", STATUS_NAMES[doc.status] if doc else "未登记")
    for item in catalog.items():
        impact.dependents.extend(_item(catalog, item, document))
    for other in catalog.legal_documents.values():
        if other.replaced_by == document:
            impact.dependents.append(Dependent("document", other.id, other.title))
    if catalog.green_channel is not None:
        for category in catalog.green_channel.categories:
            if _cites(category.basis, document):
                impact.dependents.append(Dependent("green_channel", category.id, category.name, category.basis.article or ""))
    shipped = shipped_laws()
    rules = [r for r in [*scan_rules(LIBRARY_DIR), *scan_rules(rules_dir)] if document in _cited(catalog, r, shipped)]
    for rule in rules:
        impact.dependents.append(Dependent("rule", rule.id, rule.title, "", f"{display_path(rule.file)}:{rule.line}"))
    items = impact.items()
    rule_ids = {r.id for r in rules}
    for scenario in scan_scenarios(rules_dir):
        if scenario.items() & items or any(scenario.id == r or scenario.id.startswith(f"{r}/") for r in rule_ids):
            impact.dependents.append(Dependent("scenario", scenario.id, scenario.title, "", f"{scenario.file}:{scenario.line}"))
    return impact


def render_impact_text(impact: Impact) -> str:
    head = f"《{impact.title}》（{impact.document}，{impact.status}）" if impact.title else f"{impact.document}（未登记的文件）"
    lines = [head]
    for kind, label in KIND_NAMES.items():
        group = [d for d in impact.dependents if d.kind == kind]
        if not group:
            continue
        lines.append(f"{label}（{len(group)}）")
        for d in group:
            extra = "，".join(x for x in (d.article, d.where) if x)
            lines.append(f"  {d.key}  {d.name}" + (f"  [{extra}]" if extra else ""))
    lines.append(f"共 {len(impact.dependents)} 处引用，涉及 {len(impact.items())} 个事项")
    return "\n".join(lines)


__all__ = ["Dependent", "Impact", "KIND_NAMES", "find_impact", "render_impact_text", "resolve_document"]
