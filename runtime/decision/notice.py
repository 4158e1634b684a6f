"""Checking materials and writing the one-time notice (一次性告知, 行政许可法 第三十二条第四项).

Every applicable material is checked against what was handed in, and *every* problem goes into one
notice — supplying exactly what the notice lists must turn the next decision into an acceptance.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog, Item, ItemMaterial
from ..conditions import evaluate
from .application import SubmittedMaterial
from .citations import cite
from .decision import PROBLEM_NAMES, NoticeEntry, Requirement


@dataclass(frozen=True)
class MaterialCheck:
    """Problems found, split by what they allow: key materials, other required ones, tolerable ones."""

    entries: tuple[NoticeEntry, ...]
    key: tuple[NoticeEntry, ...]
    required: tuple[NoticeEntry, ...]
    tolerable: tuple[tuple[NoticeEntry, int], ...]
    """Tolerable problems with their make-up days."""

    def facts(self) -> dict[str, int]:
        return {
            "materials.missing_key": len(self.key),
            "materials.missing_required": len(self.required),
            "materials.missing_tolerable": len(self.tolerable),
            "materials.defective": sum(1 for e in self.entries if e.problem != "missing"),
        }


def applicable(material: ItemMaterial, facts: Mapping[str, Any], required: set[str], waived: set[str]) -> bool:
    if material.id in waived:
        return False
    if material.id in required:
        return True
    if material.necessity == "optional":
        return False
    if material.necessity == "conditional":
        return material.when is not None and evaluate(material.when, facts)
    return True


def _problems(material: ItemMaterial, submitted: SubmittedMaterial | None) -> list[tuple[str, str]]:
    if submitted is None:
        return [("missing", "请提交" + _quantity(material))]
    found: list[tuple[str, str]] = []
    if material.form not in ("original_or_copy", None) and submitted.form is not None and submitted.form != material.form:
        found.append(("wrong_form", f"应提交{_FORM.get(material.form, material.form)}"))
    if material.form == "original_or_copy":
        if submitted.originals + submitted.copies < max(material.originals, material.copies, 1):
            found.append(("insufficient_copies", f"原件或复印件至少 {max(material.originals, material.copies, 1)} 份"))
    else:
        if submitted.originals < material.originals:
            found.append(("insufficient_originals", f"原件应为 {material.originals} 份，实交 {submitted.originals} 份"))
        if submitted.copies < material.copies:
            found.append(("insufficient_copies", f"复印件应为 {material.copies} 份，实交 {submitted.copies} 份"))
    for finding in submitted.findings:
        problem = "wrong_form" if finding == "wrong_form" else finding
        if all(p != problem for p, _ in found):
            found.append((problem, PROBLEM_NAMES[problem]))
    return found


_FORM = {"original": "原件", "copy": "复印件", "electronic": "电子件"}


def _quantity(material: ItemMaterial) -> str:
    """What to bring, as the guide says it: "原件1份、复印件2份", "电子件", "原件或复印件1份"."""
    if material.form == "electronic":
        return "电子件"
    if material.form == "original_or_copy":
        return f"原件或复印件{max(material.originals, material.copies, 1)}份"
    parts = [f"原件{material.originals}份" if material.originals else "", f"复印件{material.copies}份" if material.copies else ""]
    return "、".join(p for p in parts if p) or _FORM[material.form]


_STRICTER = {"required": 3, "conditional": 3, "tolerable": 2, "optional": 1}


def _merged_requirements(items: tuple[Item, ...], facts: Mapping[str, Any], required: set[str],
                         waived: set[str]) -> list[tuple[Item, ItemMaterial]]:
    """One requirement per material id: a paper several items of a pipeline need is handed in once, and must
    satisfy the strictest of them (key beats non-key, required beats tolerable, the most originals/copies)."""
    merged: dict[str, tuple[Item, ItemMaterial]] = {}
    for item in items:
        for material in item.materials:
            if not applicable(material, facts, required, waived):
                continue
            if material.id not in merged:
                merged[material.id] = (item, material)
                continue
            first_item, first = merged[material.id]
            stricter = material if _STRICTER[material.necessity] > _STRICTER[first.necessity] else first
            same_form = first.form == material.form
            form = first.form if same_form else "original"
            # an original also satisfies a requirement for a copy, so when forms differ only the originals'
            # own copy counts still apply
            copies = max((m.copies for m in (first, material) if same_form or m.form != "copy"), default=0)
            merged[material.id] = (first_item, stricter.model_copy(update={
                "key": first.key or material.key, "form": form,
                "originals": max(first.originals, material.originals, 1 if form == "original" else 0),
                "copies": copies,
                "necessity": "required" if (first.key or material.key) and stricter.necessity == "tolerable" else stricter.necessity,
            }))
    return list(merged.values())


def check_materials(catalog: Catalog, items: tuple[Item, ...], submitted: Mapping[str, SubmittedMaterial],
                    facts: Mapping[str, Any], required: set[str], waived: set[str], widened: bool,
                    widened_days: int | None) -> MaterialCheck:
    """Check every applicable material of the item(s); a material shared by several items is checked once."""
    entries: list[NoticeEntry] = []
    key: list[NoticeEntry] = []
    needed: list[NoticeEntry] = []
    tolerable: list[tuple[NoticeEntry, int]] = []
    for item, material in _merged_requirements(items, facts, required, waived):
            name = catalog.material_name(item, material.id)
            basis = cite(catalog, material.basis) if material.basis else cite(catalog, item.legal_bases[0])
            for problem, detail in _problems(material, submitted.get(material.id)):
                entry = NoticeEntry(material=material.id, name=name, item=item.code, problem=problem, detail=detail,
                                    required=Requirement(form=material.form, originals=material.originals,
                                                         copies=material.copies), basis=basis)
                entries.append(entry)
                if material.key:
                    key.append(entry)
                elif material.necessity == "tolerable" and problem == "missing":
                    tolerable.append((entry, material.tolerance_days or widened_days or 0))
                elif widened and widened_days and problem == "missing" and material.necessity in ("required", "conditional"):
                    tolerable.append((entry, widened_days))
                else:
                    needed.append(entry)
    return MaterialCheck(tuple(entries), tuple(key), tuple(needed), tuple(tolerable))


__all__ = ["MaterialCheck", "applicable", "check_materials"]
