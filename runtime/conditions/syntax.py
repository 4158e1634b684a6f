"""The condition language shared by catalog materials, fees and rules: its shape as data.

A condition is a small tree written in YAML::

    all:
      - {fact: facts.construction_kind, eq: new_build}
      - any:
          - {fact: facts.investment_amount, gte: 5000000}
          - not: {fact: project.registered, eq: true}

Leaves compare one *fact path* (``facts.x``, ``applicant.kind``, ``item.item_type``, ``project.category``,
``derived.x``, ``channel``, ``calendar.*``, ``material.<id>``) with a literal by exactly one operator.
It is data, not a string to parse, so YAML line numbers point at the offending leaf and no expression
ever reaches an engine as text (durable-rules must never see a regex from config).
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, PrivateAttr, Tag, model_validator

from .._model import Model

Scalar = Union[bool, int, str, date]
"""Literal values a condition may compare against (no floats: amounts are integers in their unit)."""

OPERATORS: tuple[str, ...] = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists")
ORDERED_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})

FactPath = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", description="事实路径，以点分隔，如 facts.floor_area、applicant.kind")]


class Node(Model):
    """Base of the four condition shapes; each node keeps its own compiled predicate (see ``evaluate``)."""

    _predicate: Any = PrivateAttr(default=None)


class Comparison(Node):
    """One leaf: ``fact`` compared with a literal by exactly one operator."""

    fact: FactPath
    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: int | date | None = None
    gte: int | date | None = None
    lt: int | date | None = None
    lte: int | date | None = None
    in_: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Scalar, ...] | None = None
    exists: bool | None = None

    model_config = Model.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _one_operator(self) -> "Comparison":
        given = self.operators_given()
        if len(given) != 1:
            raise ValueError(f"每个比较必须恰好有一个运算符（{', '.join(OPERATORS)}），现有 {len(given)} 个")
        return self

    def operators_given(self) -> list[str]:
        return [op for op in OPERATORS if getattr(self, "in_" if op == "in" else op) is not None]

    @property
    def operator(self) -> str:
        return self.operators_given()[0]

    @property
    def value(self) -> Any:
        return getattr(self, "in_" if self.operator == "in" else self.operator)


class AllOf(Node):
    all: tuple["Condition", ...] = Field(min_length=1)


class AnyOf(Node):
    any: tuple["Condition", ...] = Field(min_length=1)


class NotOf(Node):
    not_: "Condition" = Field(alias="not")

    model_config = Model.model_config | {"populate_by_name": True}


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return f"{key}-of"
        return "comparison"
    return UNION_TAGS_BY_TYPE.get(type(value))


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("all-of")],
        Annotated[AnyOf, Tag("any-of")],
        Annotated[NotOf, Tag("not-of")],
        Annotated[Comparison, Tag("comparison")],
    ],
    Discriminator(_condition_tag, custom_error_type="condition", custom_error_message="条件必须是映射：all / any / not 或 {fact: …, 运算符: 值}"),
]

UNION_TAGS_BY_TYPE: dict[type, str] = {AllOf: "all-of", AnyOf: "any-of", NotOf: "not-of", Comparison: "comparison"}
UNION_TAGS = frozenset(UNION_TAGS_BY_TYPE.values())
"""Tags pydantic inserts into error locations; they are not YAML keys and are stripped from paths."""

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def leaves(condition: Condition) -> list[Comparison]:
    """Every comparison of a condition tree, in document order."""
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, NotOf):
        return leaves(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return [leaf for child in children for leaf in leaves(child)]


def depth(condition: Condition) -> int:
    """Nesting depth (a leaf is 1); the engines bound it."""
    if isinstance(condition, Comparison):
        return 1
    if isinstance(condition, NotOf):
        return 1 + depth(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return 1 + max(depth(c) for c in children)


__all__ = ["AllOf", "AnyOf", "Comparison", "Condition", "FactPath", "NotOf", "OPERATORS", "Scalar", "depth", "leaves"]
