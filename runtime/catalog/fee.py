"""Fees (收费标准): exact Decimal yuan, always with a legal basis, paid at the one fee window.

行政许可法 第五十八条: no fee unless a law or administrative regulation provides for it, so ``basis`` is
mandatory here and the lint checks the cited document's level and status.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, model_validator

from ..conditions.syntax import Condition, FactPath
from .base import CONDITION_HELP, Identifier, Model, Money, Ratio, Text, Validity
from .legal import LegalBasis

FeeKind = Literal["fixed", "per_unit", "tiered", "percentage"]
PaymentPlace = Literal["fee_window", "handling_window", "online", "bank"]
PAYMENT_PLACE_NAMES = {"fee_window": "统一收费窗口", "handling_window": "受理窗口", "online": "网上缴费", "bank": "指定银行"}
FEN = Decimal("0.01")


class Tier(Model):
    """Quantities up to ``up_to`` (inclusive; None = no upper bound) cost ``amount`` in total."""

    up_to: int | None = Field(default=None, ge=0, title="上限（含）", description="数量不超过此值时适用本档；最后一档可留空，表示不设上限")
    amount: Money = Field(title="金额（元）")


class Exemption(Model):
    """A waiver or reduction with its own basis: pays ``pay_ratio`` of the fee (0 = fully waived)."""

    id: Identifier = Field(title="减免标识")
    name: Text = Field(title="减免名称")
    when: Condition = Field(title="适用情形", description=CONDITION_HELP)
    pay_ratio: Ratio = Field(default=Decimal("0"), title="应缴比例", description="0 为全免，0.5 为减半")
    requires: tuple[Identifier, ...] = Field(default=(), title="须提交的材料",
                                             description="减免只在申请人提交这些材料（如 小微企业承诺书）时适用；材料标识须在本事项材料中")
    basis: LegalBasis = Field(title="减免依据")

    @model_validator(mode="after")
    def _ratio_below_one(self) -> "Exemption":
        if self.pay_ratio >= 1:
            raise ValueError("pay_ratio 必须小于 1（减免后应缴比例）")
        return self


class Fee(Validity):
    id: Identifier = Field(title="收费标识")
    name: Text = Field(title="收费项目")
    kind: FeeKind = Field(default="fixed", title="计费方式")
    amount: Money | None = Field(default=None, title="金额（元）", description="定额收费时填写")
    unit: Text | None = Field(default=None, title="计费单位",
                              description="按单位计费时必填，如 平方米；定额收费时可填，指南写作 金额/单位，如 20.00元/证")
    unit_price: Money | None = Field(default=None, title="单价（元）", description="按单位计费时填写")
    quantity: FactPath | None = Field(default=None, title="数量取自", description="计费数量取自哪个事实，如 facts.floor_area")
    tiers: tuple[Tier, ...] = Field(default=(), title="分档")
    rate: Ratio | None = Field(default=None, title="费率", description="按比例计费时填写，如 0.003")
    minimum: Money | None = Field(default=None, title="最低收费")
    maximum: Money | None = Field(default=None, title="最高收费")
    when: Condition | None = Field(default=None, title="收费情形", description="不填则总是收费。" + CONDITION_HELP)
    basis: LegalBasis = Field(title="收费依据", description="须为法律或行政法规，或标明 role: charging 的收费文件"
                                                           "（行政许可法第五十八条；可设定收费的层级见 runtime/calendar/law.yaml 的 fees）")
    exemptions: tuple[Exemption, ...] = Field(default=(), title="减免")
    paid_at: PaymentPlace = Field(default="fee_window", title="缴费地点",
                                  description="fee_window 统一收费窗口；handling_window 在受理窗口缴纳；online 网上缴费；bank 指定银行")
    payment_note: Text | None = Field(default=None, title="缴费说明", description="如 凭缴款通知书到中国农业银行各网点缴纳")

    @model_validator(mode="after")
    def _kind_fields(self) -> "Fee":
        needs = {
            "fixed": ("amount",), "per_unit": ("unit_price", "quantity", "unit"),
            "tiered": ("tiers", "quantity"), "percentage": ("rate", "quantity"),
        }[self.kind]
        missing = [f for f in needs if not getattr(self, f)]
        if missing and not (self.kind == "fixed" and self.amount is not None):
            raise ValueError(f"{self.kind} 计费方式必须填写：{', '.join(missing)}")
        if self.kind == "tiered":
            bounds = [t.up_to for t in self.tiers]
            if any(b is None for b in bounds[:-1]) or bounds != sorted(bounds, key=lambda b: float("inf") if b is None else b):
                raise ValueError("分档必须按 up_to 升序排列，只有最后一档可以不设上限")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum 大于 maximum")
        return self

    def amount_for(self, quantity: int | None) -> Decimal:
        """The fee before exemptions, exact to the fen (half-up rounding only at the end)."""
        if self.kind == "fixed":
            total = self.amount or Decimal(0)
        elif quantity is None:
            raise ValueError(f"收费 {self.id} 需要数量 {self.quantity}")
        elif self.kind == "per_unit":
            total = (self.unit_price or Decimal(0)) * quantity
        elif self.kind == "tiered":
            total = next((t.amount for t in self.tiers if t.up_to is None or quantity <= t.up_to), self.tiers[-1].amount)
        else:
            total = (self.rate or Decimal(0)) * quantity
        if self.minimum is not None:
            total = max(total, self.minimum)
        if self.maximum is not None:
            total = min(total, self.maximum)
        return total.quantize(FEN, rounding=ROUND_HALF_UP)


__all__ = ["Exemption", "FEN", "Fee", "FeeKind", "PAYMENT_PLACE_NAMES", "PaymentPlace", "Tier"]
