"""Fees: exact amounts per kind, minimum/maximum, tiers, and the shape each kind requires."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from onewindow.runtime.catalog import Fee

BASIS = {"document": "price_notice", "role": "charging"}


def _fee(**fields: object) -> Fee:
    return Fee.model_validate({"id": "fee", "name": "收费", "basis": BASIS, **fields})


def test_fee_fixed_amount() -> None:
    assert _fee(amount="80").amount_for(None) == Decimal("80.00")


def test_fee_per_unit_exact() -> None:
    fee = _fee(kind="per_unit", unit="平方米", unit_price="1.10", quantity="facts.floor_area")
    assert fee.amount_for(3) == Decimal("3.30")  # a float would give 3.3000000000000003
    assert fee.amount_for(0) == Decimal("0.00")


def test_fee_per_unit_minimum_and_maximum() -> None:
    fee = _fee(kind="per_unit", unit="平方米", unit_price="1.50", quantity="facts.floor_area", minimum="100", maximum="1000")
    assert fee.amount_for(10) == Decimal("100.00")
    assert fee.amount_for(100) == Decimal("150.00")
    assert fee.amount_for(10_000) == Decimal("1000.00")


@pytest.mark.parametrize(("quantity", "amount"), [(0, "50.00"), (100, "50.00"), (101, "120.00"), (500, "120.00"), (501, "300.00"), (10**6, "300.00")])
def test_fee_tiered(quantity: int, amount: str) -> None:
    fee = _fee(kind="tiered", quantity="facts.floor_area",
               tiers=[{"up_to": 100, "amount": "50"}, {"up_to": 500, "amount": "120"}, {"amount": "300"}])
    assert fee.amount_for(quantity) == Decimal(amount)


def test_fee_tiered_with_bounded_last_tier_uses_last() -> None:
    fee = _fee(kind="tiered", quantity="facts.floor_area", tiers=[{"up_to": 100, "amount": "50"}, {"up_to": 500, "amount": "120"}])
    assert fee.amount_for(900) == Decimal("120.00")


def test_fee_percentage_rounds_half_up_with_minimum() -> None:
    fee = _fee(kind="percentage", rate="0.003", quantity="facts.investment_amount", minimum="10")
    assert fee.amount_for(12_345) == Decimal("37.04")  # 37.035 → 37.04 (half up, at the end only)
    assert fee.amount_for(100) == Decimal("10.00")


def test_fee_percentage_maximum() -> None:
    fee = _fee(kind="percentage", rate="0.5", quantity="facts.investment_amount", maximum="99.99")
    assert fee.amount_for(1000) == Decimal("99.99")


def test_fee_needs_quantity_when_not_fixed() -> None:
    fee = _fee(kind="per_unit", unit="本", unit_price="10", quantity="facts.extra_certificates")
    with pytest.raises(ValueError, match="需要数量"):
        fee.amount_for(None)


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "fixed"}, "fixed 计费方式必须填写：amount"),
    ({"kind": "per_unit", "unit_price": "1", "unit": "本"}, "per_unit 计费方式必须填写：quantity"),
    ({"kind": "tiered", "quantity": "facts.x"}, "tiered 计费方式必须填写：tiers"),
    ({"kind": "percentage", "quantity": "facts.x"}, "percentage 计费方式必须填写：rate"),
    ({"amount": "1", "minimum": "5", "maximum": "1"}, "minimum 大于 maximum"),
    ({"kind": "tiered", "quantity": "facts.x", "tiers": [{"up_to": 500, "amount": "1"}, {"up_to": 100, "amount": "2"}]}, "升序"),
    ({"kind": "tiered", "quantity": "facts.x", "tiers": [{"amount": "1"}, {"up_to": 100, "amount": "2"}]}, "升序"),
    ({"amount": 80.0}, "不能是浮点数"),
    ({"amount": "12.345"}, "最多精确到分"),
    ({"kind": "percentage", "quantity": "facts.x", "rate": 0.3}, "不能是浮点数"),
])
def test_fee_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _fee(**fields)
    assert message in str(caught.value)


def test_fee_basis_mandatory() -> None:
    with pytest.raises(ValidationError) as caught:
        Fee.model_validate({"id": "fee", "name": "收费", "amount": "1"})
    assert caught.value.errors()[0]["loc"] == ("basis",)


def test_fee_exemption_ratio_below_one() -> None:
    exemption = {"id": "exemption", "name": "减免", "when": {"fact": "facts.x", "eq": True}, "basis": BASIS, "pay_ratio": "1"}
    with pytest.raises(ValidationError, match="pay_ratio 必须小于 1"):
        _fee(amount="1", exemptions=[exemption])
