"""Chinese first in what staff read: every catalog field has a Chinese label and Chinese help.

The console derives its forms from the models (label = ``Field(title=...)``, help = ``description``),
and ``schemas/`` carries the same texts, so an English title or help text here is an English word on a
reform-office clerk's screen. The walk starts at :class:`CatalogFile` and follows every nested model,
through tuples, unions and ``Annotated`` aliases (``Identifier``, ``Code``, ``ClockTime`` …), whose own
descriptions must be Chinese too.

The condition language (``Condition``, ``FactPath``) is not walked: its keys (``fact``, ``eq``, ``all`` …)
are the language's syntax, edited as YAML, and its texts belong to ``runtime/conditions/``.
"""
from __future__ import annotations

import re
import typing
from typing import Annotated, Any, get_args, get_origin

import pytest
from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from onewindow.runtime.catalog import CatalogFile
from onewindow.runtime.catalog.base import Identifier, Model
from onewindow.runtime.conditions.syntax import FactPath

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LANGUAGE = "onewindow.runtime.conditions"
"""The condition language's package: its models' keys are its syntax, not console labels."""


def _annotated_descriptions(annotation: Any) -> tuple[list[type[BaseModel]], list[str]]:
    """The models nested in ``annotation`` and the descriptions its ``Annotated`` aliases carry."""
    models: list[type[BaseModel]] = []
    descriptions: list[str] = []
    pending = [annotation]
    while pending:
        current = pending.pop()
        if current == FactPath:
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not current.__module__.startswith(LANGUAGE):
                models.append(current)
        elif get_origin(current) is Annotated:
            inner, *metadata = get_args(current)
            descriptions += [m.description for m in metadata if isinstance(m, FieldInfo) and m.description]
            pending.append(inner)
        elif get_origin(current) is not typing.Literal:
            pending.extend(get_args(current))
    return models, descriptions


def catalog_fields(root: type[BaseModel] = CatalogFile) -> list[tuple[str, FieldInfo, list[str]]]:
    """(``Model.field``, its field info, descriptions of the aliases in its type) for every reachable model."""
    seen: set[type[BaseModel]] = set()
    pending = [root]
    found = []
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            nested, descriptions = _annotated_descriptions(info.annotation)
            found.append((f"{model.__name__}.{name}", info, descriptions))
            pending.extend(nested)
    return found


def _problems(root: type[BaseModel]) -> list[str]:
    problems = []
    for where, info, descriptions in catalog_fields(root):
        if not info.title or not CJK.search(info.title):
            problems.append(f"{where}: 标题不是中文：{info.title!r}")
        for text in ([info.description] if info.description else []) + descriptions:
            if not CJK.search(text):
                problems.append(f"{where}: 说明不是中文：{text!r}")
    return problems


def test_every_catalog_field_has_chinese_title_and_help() -> None:
    assert _problems(CatalogFile) == []


def test_walk_reaches_nested_models_and_aliases() -> None:
    """The walk is not shallow: nested parts and alias descriptions are inspected."""
    reached = {where for where, _, _ in catalog_fields()}
    assert {"CatalogFile.items", "Item.materials", "ItemMaterial.source", "MaterialSource.kind", "Fee.exemptions",
            "Exemption.basis", "LegalBasis.document", "Pipeline.stages", "Stage.items", "GreenChannel.categories",
            "ChannelCategory.grants", "Grants.time_factor", "CalendarYear.holidays", "DayOff.name", "Centre.hours",
            "Session.start", "Situation.choices", "Choice.label", "Fee.tiers", "Tier.up_to", "TimeLimit.pauses",
            "Item.contacts", "Contacts.consult_phone", "Result.delivery", "Step.days", "Item.valid_from"} <= reached
    alias_help = {where: descriptions for where, _, descriptions in catalog_fields()}
    assert alias_help["Window.departments"] and alias_help["Stage.items"]


@pytest.mark.parametrize(("title", "alias_help", "field_help"), [
    ("Name", None, None),                      # English title
    ("名称", "English help", None),            # English help on an alias, reached through a tuple
    ("名称", None, "identifier of the thing"),  # English help on the field
])
def test_english_labels_are_caught(title: str, alias_help: str | None, field_help: str | None) -> None:
    alias = Annotated[str, Field(description=alias_help)] if alias_help else Identifier

    class Inner(Model):
        names: tuple[alias, ...] = Field(title=title, description=field_help)  # type: ignore[valid-type]

    class Outer(Model):
        parts: tuple[Inner, ...] | None = Field(default=None, title="部分")

    assert _problems(Outer)
