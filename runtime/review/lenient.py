"""Loading a catalog for review even when the lint finds errors in it.

The loader refuses to hand out a catalog with errors, which is right for deciding applications but wrong
for review: a pull request that makes an item cite a repealed document is exactly what ``diff`` and
``impact`` must be able to show. So when every file validates but cross-reference lint fails, the
catalog is assembled here anyway, and the problems travel beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..catalog import Catalog, CatalogFile
from ..errors import Problem
from ..loading import check_catalog
from ..loading.loader import catalog_files
from ..loading.yaml_source import parse

_KEYED = ("departments", "windows", "township_centres", "legal_documents", "situations", "materials", "pipelines")


@dataclass
class ReviewLoad:
    """A catalog for reading (None when some file does not even validate) and every problem found."""

    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _files(root: Path) -> list[CatalogFile] | None:
    models = []
    for path in catalog_files(root):
        data, problem = parse(path.read_text(encoding="utf-8"), str(path))
        if problem is not None:
            return None
        try:
            models.append(CatalogFile.model_validate(data or {}))
        except ValueError:
            return None
    return models


def _assemble(models: list[CatalogFile], revision: str) -> Catalog | None:
    sections: dict[str, dict[Any, Any]] = {name: {} for name in _KEYED}
    items: dict[str, list[Any]] = {}
    single: dict[str, Any] = {}
    calendar: dict[int, Any] = {}
    for model in models:
        for name in _KEYED:
            for entity in getattr(model, name):
                sections[name].setdefault(getattr(entity, "id", None) or entity.code, entity)
        for item in model.items:
            items.setdefault(item.code, []).append(item)
        for year in model.calendar:
            calendar.setdefault(year.year, year)
        for name in ("centre", "green_channel"):
            if getattr(model, name) is not None:
                single.setdefault(name, getattr(model, name))
    if "centre" not in single:
        return None
    return Catalog(
        revision=revision, centre=single["centre"],
        **{name: MappingProxyType(sections[name]) for name in _KEYED},
        item_versions=MappingProxyType({code: tuple(sorted(v, key=lambda i: i.valid_from or date.min))
                                        for code, v in items.items()}),
        green_channel=single.get("green_channel"),
        calendar=MappingProxyType(dict(sorted(calendar.items()))),
    )


def load_for_review(root: Path) -> ReviewLoad:
    """The catalog under ``root`` with its problems; lint errors do not withhold the catalog."""
    report = check_catalog(root, cache_dir=None)
    if report.catalog is not None:
        return ReviewLoad(report.catalog, report.problems)
    models = _files(root) if root.is_dir() else None
    catalog = _assemble(models, "unchecked") if models else None
    return ReviewLoad(catalog, report.problems)


__all__ = ["ReviewLoad", "load_for_review"]
