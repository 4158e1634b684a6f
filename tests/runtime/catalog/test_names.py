"""Every enumerated value staff can meet in the catalog has a Chinese name (runtime/catalog/names.py)."""
from __future__ import annotations

import re
import typing
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from onewindow.runtime.catalog import CatalogFile
from onewindow.runtime.catalog.names import LITERAL_NAMES, value_names

CJK = re.compile(r"[\u4e00-\u9fff]")


def _literals(annotation: Any, seen: set[type]) -> list[tuple[Any, str]]:
    """Every Literal type inside ``annotation`` (through Annotated, unions, tuples, dicts and nested models)."""
    if get_origin(annotation) is Literal:
        return [(annotation, "")]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return []
        seen.add(annotation)
        return [(literal, f"{annotation.__name__}.{name}{trail and '.' + trail}")
                for name, info in annotation.model_fields.items()
                for literal, trail in _literals(info.annotation, seen)]
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        args = args[:1]
    return [found for arg in args for found in _literals(arg, seen)]


CONDITION_LITERALS = {"Comparison", "AllOf", "AnyOf", "NotOf"}
"""The condition language is written by reform-office staff in YAML, not picked from lists."""


def test_every_catalog_literal_has_chinese_names_for_all_its_values() -> None:
    missing = []
    for literal, where in _literals(CatalogFile, set()):
        if where.split(".")[0] in CONDITION_LITERALS:
            continue
        names = value_names(literal)
        missing += [f"{where}: {value}" for value in get_args(literal) if not CJK.search(names.get(value, ""))]
    assert missing == []


def test_the_same_word_may_read_differently_by_type() -> None:
    channel = typing.Literal["window", "online", "township", "express"]
    delivery = typing.Literal["window", "express", "electronic"]
    assert value_names(channel)["window"] == "窗口办理" and value_names(delivery)["window"] == "窗口领取"


def test_no_table_names_a_value_its_type_does_not_have() -> None:
    extra = {str(literal): sorted(set(names) - set(get_args(literal))) for literal, names in LITERAL_NAMES.items()}
    assert {k: v for k, v in extra.items() if v} == {}
