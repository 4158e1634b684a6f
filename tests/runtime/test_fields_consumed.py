"""Every field the schemas accept is read somewhere (runtime or console), or documented as informational.

A field accepted and read nowhere is policy that silently does nothing (``RouteAction.fee_window`` and
``Item.online_prereview`` once were). The check walks every model reachable from a catalog file, a rules
file and an application, and looks for a read of the field in the code and templates (attribute access,
a quoted key, ``getattr``), its own declaration excluded. Informational fields are listed, with what they
are for, in ``docs/fields.md``; fields another part of the work is about to read are listed in ``PENDING``
and must leave it as soon as they are read.
"""
from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from onewindow.runtime.catalog import CatalogFile
from onewindow.runtime.conditions.syntax import AllOf, AnyOf, Comparison, NotOf
from onewindow.runtime.decision.application import Application
from onewindow.runtime.rules.models import RulesFile

ROOT = Path(__file__).resolve().parents[2]
CONDITIONS = {Comparison, AllOf, AnyOf, NotOf}
"""The condition language is read generically (operator, value), not field by field."""
PENDING: dict[tuple[str, str], str] = {}
"""(model, field) → what will read it; empty when every field is read."""


def _models(annotation: object, seen: set[type]) -> typing.Iterator[type[BaseModel]]:
    for argument in typing.get_args(annotation):
        yield from _models(argument, seen)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
        seen.add(annotation)
        yield annotation
        for info in annotation.model_fields.values():
            yield from _models(info.annotation, seen)


def _sources() -> list[str]:
    found = []
    for folder in ("runtime", "admin"):
        for pattern in ("*.py", "*.j2", "*.html"):
            found += [p.read_text(encoding="utf-8") for p in (ROOT / folder).rglob(pattern)]
    return found


def _fields() -> list[tuple[str, str]]:
    seen: set[type] = set()
    out = []
    for root in (CatalogFile, RulesFile, Application):
        for model in _models(root, seen):
            if model not in CONDITIONS:
                out += [(model.__name__, name) for name in model.model_fields]
    return sorted(set(out))


def _read(name: str, sources: list[str]) -> bool:
    declaration = re.compile(rf"^\s*{name}\s*:", re.M)
    use = re.compile(rf"\.{name}\b|[\"']{name}[\"']")
    return any(use.search(declaration.sub("", text)) for text in sources)


def _informational() -> set[tuple[str, str]]:
    text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    return {(m, f) for m, f in re.findall(r"`([A-Z]\w+)\.(\w+)`", text)}


def test_every_accepted_field_is_read_or_documented_informational() -> None:
    sources, informational = _sources(), _informational()
    unread = [f"{m}.{f}" for m, f in _fields() if (m, f) not in informational and (m, f) not in PENDING
              and not _read(f, sources)]
    assert unread == [], "字段被接受却无处读取（请使用它，或在 docs/fields.md 中写明其为信息性字段）"


def test_pending_fields_leave_the_list_once_read() -> None:
    sources = _sources()
    assert [f"{m}.{f}" for m, f in PENDING if _read(f, sources)] == []


def test_documented_informational_fields_exist() -> None:
    fields = set(_fields())
    assert sorted(f"{m}.{f}" for m, f in _informational() - fields) == []
