"""The database's working copy as a runtime :class:`Catalog`, so a console save runs the CLI's own lint.

Validated models are cached per document content: a save re-validates only what changed, and the lint of
a 10k-item catalog does not re-validate 10k documents each time.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.lint import CHECKS

from ..sync.documents import FieldProblem, validate_document
from .records import CatalogRecord

_MODELS: dict[tuple[str, str], BaseModel | None] = {}
EntityKey = tuple[str, str]
"""(section, key) of one entity."""


@dataclass(frozen=True)
class LintProblem:
    """A lint finding on one entity of the working copy."""

    section: str
    key: str
    problem: FieldProblem


def _model(record: CatalogRecord, published: bool) -> BaseModel | None:
    # published: the version in force today (Asia/Shanghai), a scheduled one only once its day has come
    document = record.served_document() if published else record.document
    if document is None:
        return None
    # keyed by content, not row id: several databases (tests, a second app) may live in one process
    cache_key = (record.section, json.dumps(document, sort_keys=True, ensure_ascii=False))
    if cache_key not in _MODELS:
        _MODELS[cache_key] = validate_document(type(record).model, document)[0]
    return _MODELS[cache_key]


def build_catalog(records: Iterable[CatalogRecord], *, published: bool = False,
                  replace: dict[EntityKey, BaseModel | None] | None = None) -> tuple[Catalog | None, dict[int, EntityKey]]:
    """A catalog of every record (working or published documents), with ``replace`` applied.

    ``replace`` maps (section, key) to the edited model, or to None to leave that entity out; a key not
    yet in the database adds the entity. Returns the catalog (None without a centre) and, for each
    model's ``id()``, the entity it stands for.
    """
    pending = dict(replace or {})
    entities: list[tuple[EntityKey, BaseModel]] = []
    for record in records:
        key = (record.section, record.key)
        model = pending.pop(key) if key in pending else _model(record, published)
        if model is not None:
            entities.append((key, model))
    entities += [(key, model) for key, model in pending.items() if model is not None]
    sections: dict[str, dict[Any, Any]] = {s: {} for s in (
        "departments", "windows", "township_centres", "legal_documents", "situations", "materials", "pipelines")}
    items: dict[str, list[Any]] = {}
    calendar: dict[int, Any] = {}
    singletons: dict[str, Any] = {}
    owners: dict[int, EntityKey] = {}
    for (section, key), model in entities:
        owners[id(model)] = (section, key)
        if section == "items":
            items.setdefault(model.code, []).append(model)  # type: ignore[attr-defined]
        elif section == "calendar":
            calendar[model.year] = model  # type: ignore[attr-defined]
        elif section in ("centre", "green_channel"):
            singletons[section] = model
        else:
            sections[section][key] = model
    if "centre" not in singletons:
        return None, owners
    catalog = Catalog(
        revision="working-copy", centre=singletons["centre"],
        item_versions=MappingProxyType({code: tuple(sorted(v, key=lambda m: m.valid_from or date.min))
                                        for code, v in items.items()}),
        green_channel=singletons.get("green_channel"), calendar=MappingProxyType(dict(sorted(calendar.items()))),
        **{name: MappingProxyType(values) for name, values in sections.items()},
    )
    return catalog, owners


def lint(catalog: Catalog, owners: dict[int, EntityKey]) -> list[LintProblem]:
    """Every lint finding of the runtime's checks, addressed to its entity."""
    found = []
    for check in CHECKS:
        for finding in check(catalog):
            owner = owners.get(id(finding.entity))
            if owner is not None:
                found.append(LintProblem(*owner, FieldProblem(tuple(finding.path), finding.code, finding.message, finding.severity)))
    return found


def new_problems(records: list[CatalogRecord], edit: EntityKey, model: BaseModel | None,
                 old_key: EntityKey | None = None) -> list[LintProblem]:
    """Lint findings the edit introduces (present after it, absent before), edited entity first."""
    replace: dict[EntityKey, BaseModel | None] = {edit: model}
    if old_key is not None and old_key != edit:
        replace[old_key] = None
    before_catalog, before_owners = build_catalog(records)
    after_catalog, after_owners = build_catalog(records, replace=replace)
    if after_catalog is None:
        return []

    def signature(p: LintProblem) -> tuple[Any, ...]:
        return (p.section, p.key, p.problem.loc, p.problem.code)

    before = {signature(p) for p in lint(before_catalog, before_owners)} if before_catalog else set()
    if old_key is not None and old_key != edit:
        before |= {(s, edit[1], *rest) for s, k, *rest in before if (s, k) == old_key}
    fresh = [p for p in lint(after_catalog, after_owners) if signature(p) not in before]
    return sorted(fresh, key=lambda p: ((p.section, p.key) != edit, p.section, p.key))


__all__ = ["EntityKey", "LintProblem", "build_catalog", "lint", "new_problems"]
