"""Shared building blocks of the catalog models: strict frozen base, NFC text, identifiers, money, validity.

Every catalog shape is a pydantic model deriving from :class:`Model`: unknown keys are errors (a typo is
never silently ignored), values are not coerced across types (``"1"`` is not ``1``), instances are frozen
so a loaded catalog cannot be changed behind the runtime's back, and every string is NFC-normalised so
that two visually identical Chinese names compare equal.
"""
from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, get_args, get_origin

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator

from .._model import Model as Model, _nfc


Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=2, max_length=64,
          description="英文小写字母、数字和下划线（snake_case），中文写在名称里"),
]
"""An id used in YAML references and in rule conditions: ASCII snake_case."""

Code = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", min_length=2, max_length=64,
          description="编码：字母或数字开头，可含字母、数字及 - _ .（如 SC-001）"),
]

Text = Annotated[str, BeforeValidator(_nfc), Field(min_length=1)]
"""Human-readable text (Chinese first), NFC-normalised and never empty."""

Phone = Annotated[str, Field(pattern=r"^[0-9+\-() ]{5,20}$",
                             description="电话号码：数字及 + - ( ) 空格，5～20 位，如 0571-12345678")]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="24 小时制“时:分”，如 09:00、17:30")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", description="网址，以 http:// 或 https:// 开头")]

CONDITION_HELP = ("条件语言（YAML）：比较写 {fact: facts.情形标识, eq: 值}，运算符 eq ne gt gte lt lte in not_in exists，"
                  "可用 all / any / not 组合；如 {fact: facts.entrusted_agent, eq: true}")
"""Help text of every field written in the condition language (runtime/conditions/syntax.py)."""


def _money(value: Any) -> Decimal:
    """Money is exact: a string ("12.50") or an integer, never a float, at most two decimals (fen)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("金额必须写成字符串（如 \"12.50\"）或整数，不能是浮点数，以免分位误差")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, (int, str)):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"不是有效金额：{value!r}") from None
    else:
        raise ValueError("金额必须是字符串或整数")
    if not amount.is_finite() or amount < 0:
        raise ValueError("金额必须是非负的有限数")
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("金额最多精确到分（两位小数）")
    return amount.quantize(Decimal("0.01"))


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d+(\.\d{1,2})?$",
                    "description": "元，精确到分；写成字符串如 \"12.50\""}),
]
"""Exact yuan amount, fen precision (Decimal quantized to 0.01)."""


def _ratio(value: Any) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("比例必须写成字符串（如 \"0.5\"）或整数，不能是浮点数")
    try:
        ratio = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"不是有效比例：{value!r}") from None
    if not ratio.is_finite() or ratio < 0:
        raise ValueError("比例必须是非负数")
    return ratio


Ratio = Annotated[
    Decimal,
    BeforeValidator(_ratio),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d+(\.\d+)?$"}),
]
"""An exact non-negative ratio (rate, factor), written as a string like "0.003"."""


class Validity(Model):
    """Dated versions (like OpenFisca parameters): in force from ``valid_from`` until ``valid_until`` inclusive."""

    valid_from: date | None = Field(default=None, title="生效日期")
    valid_until: date | None = Field(default=None, title="失效日期（含当日）")

    @model_validator(mode="after")
    def _ordered(self) -> "Validity":
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until 早于 valid_from")
        return self

    def in_force(self, day: date) -> bool:
        """True when this version applies on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until)

    def overlaps(self, other: "Validity") -> bool:
        start_a, start_b = self.valid_from or date.min, other.valid_from or date.min
        end_a, end_b = self.valid_until or date.max, other.valid_until or date.max
        return start_a <= end_b and start_b <= end_a


def bare_type(annotation: Any) -> Any:
    """A field's annotation without ``Annotated`` metadata and without ``| None`` (other unions stay unions);
    what forms and spreadsheets use to decide how a field is edited."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


__all__ = ["CONDITION_HELP", "bare_type", "ClockTime", "Code", "Identifier", "Model", "Money", "Phone", "Ratio", "Text", "Url", "Validity"]
