"""The item model keeps what real guides say: per-situation materials, media, either-or counts, sources,
the commitment regime, pledge-gated exemptions — and refuses what contradicts itself (issue 15)."""
from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from onewindow.runtime.catalog import Item
from onewindow.runtime.catalog.material import ItemMaterial


def _item(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "code": "T-1", "name": "测试事项", "item_type": "licensing", "department": "health", "content": "内容",
        "legal_bases": [{"document": "law"}], "steps": [{"step": "intake", "days": 0}],
        "time_limits": [{"statutory_days": 20, "promised_days": 10}], "result": {"name": "许可证", "kind": "licence"},
        "audience": ["legal_person"], "default_case_class": "promised", "contacts": {"consult_phone": "0571-1234567"},
        "materials": [{"id": "form", "name": "申请表", "originals": 1}],
    }
    base.update(changes)
    return base


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        Item.model_validate(data)
    return str(caught.value)


def test_one_material_repeats_only_across_disjoint_variants() -> None:
    variants = [{"id": "new", "name": "新购置"}, {"id": "renew", "name": "更新"}]
    ok = _item(variants=variants, materials=[
        {"id": "form", "name": "申请表", "originals": 1, "variants": ["new"]},
        {"id": "form", "name": "申请表", "originals": 2, "variants": ["renew"]}])
    assert len(Item.model_validate(ok).materials) == 2
    overlapping = _item(variants=variants, materials=[
        {"id": "form", "name": "申请表", "originals": 1, "variants": ["new", "renew"]},
        {"id": "form", "name": "申请表", "originals": 2, "variants": ["renew"]}])
    assert "材料标识重复：form" in _error(overlapping)
    assert "未声明的办理情形 other" in _error(_item(materials=[{"id": "form", "name": "表", "variants": ["other"]}]))


def test_unknown_is_not_none_defaults() -> None:
    item = Item.model_validate(_item())
    assert (item.conditions, item.max_visits, item.online_depth, item.charges, item.result.delivery) == (
        None, None, None, None, ())
    assert item.contacts.complaint_phone is None
    material = ItemMaterial.model_validate({"id": "plan", "form": "copy"})
    assert not material.stated_count() and material.quantity_text() == ""


def test_either_or_counts_and_electronic_media() -> None:
    material = ItemMaterial.model_validate({"id": "licence", "originals": 1, "alternatives": [{"copies": 2}],
                                            "media": ["paper", "electronic"]})
    assert material.quantity_text() == "原件1份或复印件2份"
    assert material.accepts_electronic()
    with pytest.raises(ValidationError, match="至少写明原件或复印件一份"):
        ItemMaterial.model_validate({"id": "licence", "alternatives": [{}]})


def test_commitment_terms_must_name_item_materials() -> None:
    terms = {"pledge": "pledge", "replaces": ["proof"], "opt_out": "opt_out"}
    assert "告知承诺制引用的材料 pledge 不在本事项材料中" in _error(_item(commitment=True, commitment_terms=terms))
    assert "应设 commitment: true" in _error(_item(commitment_terms={"pledge": "form", "replaces": ["form"]}))


def test_exemption_material_must_exist_and_charges_false_contradicts_fees() -> None:
    fee = {"id": "fee", "name": "登记费", "amount": "80", "basis": {"document": "law"},
           "exemptions": [{"id": "small", "name": "小微企业免征", "when": {"fact": "facts.small", "eq": True},
                           "requires": ["small_pledge"], "basis": {"document": "law"}}]}
    assert "要求的材料 small_pledge 不在本事项材料中" in _error(_item(fees=[fee]))
    assert "charges: false" in _error(_item(charges=False, fees=[{**fee, "exemptions": []}]))
