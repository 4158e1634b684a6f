"""Shared building blocks: exact money, ratios, NFC text, strict frozen models without unknown keys."""
from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from pydantic import ValidationError

from onewindow.runtime.catalog import Department, Tier
from onewindow.runtime.catalog.base import Validity


@pytest.mark.parametrize(("given", "amount"), [
    ("12.50", Decimal("12.50")), ("80", Decimal("80.00")), (80, Decimal("80.00")), ("0", Decimal("0.00")),
    (" 3.5 ", Decimal("3.50")), (Decimal("1.05"), Decimal("1.05")),
])
def test_money_exact(given: object, amount: Decimal) -> None:
    tier = Tier(amount=given)
    assert tier.amount == amount
    assert tier.amount.as_tuple().exponent == -2


@pytest.mark.parametrize(("given", "message"), [
    (12.5, "不能是浮点数"), (0.1, "不能是浮点数"), (True, "不能是浮点数"),
    ("12.345", "最多精确到分"), ("1e-3", "最多精确到分"),
    ("-1", "非负"), ("NaN", "非负的有限数"), ("Infinity", "非负的有限数"), ("十二元", "不是有效金额"),
    (None, "金额必须是字符串或整数"),
])
def test_money_refused(given: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Tier(amount=given)
    assert message in str(caught.value)


def test_money_serialises_as_fen_string() -> None:
    assert Tier(amount="7").model_dump(mode="json") == {"up_to": None, "amount": "7.00"}


def test_text_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Café 青溪县")
    assert decomposed != "Café 青溪县"
    department = Department(id="market", name=decomposed, short_name=decomposed)
    assert department.name == "Café 青溪县"
    assert department.short_name == "Café 青溪县"
    assert unicodedata.is_normalized("NFC", department.name)


def test_text_empty_refused() -> None:
    with pytest.raises(ValidationError):
        Department(id="market", name="   ")


def test_model_frozen() -> None:
    department = Department(id="market", name="市场监管局")
    with pytest.raises(ValidationError):
        department.name = "别的"  # type: ignore[misc]
    assert hash(department) == hash(Department(id="market", name="市场监管局"))


def test_model_unknown_key_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Department(id="market", name="市场监管局", nmae="typo")  # type: ignore[call-arg]
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_model_strict_no_coercion() -> None:
    with pytest.raises(ValidationError) as caught:
        Tier(up_to="10", amount="1")
    assert caught.value.errors()[0]["type"] == "int_type"


def test_model_list_becomes_tuple() -> None:
    from onewindow.runtime.catalog import Window

    window = Window.model_validate({"id": "w1", "name": "窗口", "kind": "department", "departments": ["market"]})
    assert window.departments == ("market",)


def test_identifier_pattern() -> None:
    with pytest.raises(ValidationError):
        Department(id="Market-Office", name="市场监管局")


@pytest.mark.parametrize(("valid_from", "valid_until", "day", "in_force"), [
    (None, None, "2026-05-01", True),
    ("2026-01-01", None, "2025-12-31", False),
    ("2026-01-01", None, "2026-01-01", True),
    (None, "2025-12-31", "2025-12-31", True),
    (None, "2025-12-31", "2026-01-01", False),
    ("2026-01-01", "2026-06-30", "2026-07-01", False),
])
def test_validity_in_force(valid_from: str | None, valid_until: str | None, day: str, in_force: bool) -> None:
    from datetime import date

    parse = lambda v: date.fromisoformat(v) if v else None  # noqa: E731
    validity = Validity(valid_from=parse(valid_from), valid_until=parse(valid_until))
    assert validity.in_force(date.fromisoformat(day)) is in_force


def test_validity_until_before_from_refused() -> None:
    from datetime import date

    with pytest.raises(ValidationError, match="valid_until 早于 valid_from"):
        Validity(valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1))


def test_validity_overlaps() -> None:
    from datetime import date

    until_2025 = Validity(valid_until=date(2025, 12, 31))
    from_2026 = Validity(valid_from=date(2026, 1, 1))
    assert not until_2025.overlaps(from_2026)
    assert Validity().overlaps(from_2026)
    assert Validity(valid_from=date(2025, 12, 31)).overlaps(until_2025)
