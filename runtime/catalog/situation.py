"""Situations (情形引导): typed questions whose answers become the application's ``facts``.

A situation is declared once and reused by any item that lists it; its ``id`` is the fact name
(``facts.<id>``) that material conditions, fees and rules read, and its ``kind`` is the fact's type,
so conditions can be type-checked before anything runs.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Identifier, Model, Text

SituationKind = Literal["yes_no", "choice", "number", "date"]


class Choice(Model):
    value: Identifier = Field(title="取值", description="英文小写取值，条件中与之比较，如 new_build")
    label: Text = Field(title="选项", description="办事人看到的选项文字")


class Situation(Model):
    id: Identifier = Field(title="情形标识", description="英文小写标识；条件中写作 facts.情形标识，如 facts.entrusted_agent")
    question: Text = Field(title="问题", description="办事人看到的问题，如 是否连锁经营？")
    kind: SituationKind = Field(title="类型")
    choices: tuple[Choice, ...] = Field(default=(), title="选项", description="仅单选题填写，至少两个")
    unit: Text | None = Field(default=None, title="单位", description="数字题的单位，如 平方米、元、万元")
    minimum: int | None = Field(default=None, title="最小值", description="仅数值题")
    maximum: int | None = Field(default=None, title="最大值", description="仅数值题")
    help: Text | None = Field(default=None, title="说明", description="对问题的补充说明，展示给办事人")

    @model_validator(mode="after")
    def _kind_fields(self) -> "Situation":
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError("选择题至少要有两个选项（choices）")
        if self.kind != "choice" and self.choices:
            raise ValueError("只有 choice 类型才能有 choices")
        if self.kind == "number" and self.unit is None:
            raise ValueError("数字题必须写明单位（unit）")
        if self.kind != "number" and (self.unit or self.minimum is not None or self.maximum is not None):
            raise ValueError("unit / minimum / maximum 只适用于 number 类型")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError("选项取值重复")
        return self

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


__all__ = ["Choice", "Situation", "SituationKind"]
