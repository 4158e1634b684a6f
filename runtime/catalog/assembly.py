"""Assembling one :class:`Catalog` from entities, wherever they were declared.

The loader gathers entities from YAML files, the console from database rows; both hand them to a
:class:`CatalogAssembly` with an :class:`Origin` each, so identity rules (ids unique per section, one
calendar per year, one centre), item versions in date order and the ``locate`` map that lint findings
are addressed through are decided in one place.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from ..errors import Finding
from .catalog import Catalog, Origin
from .document import CatalogFile

KEYED_SECTIONS: tuple[str, ...] = (
    "departments", "windows", "township_centres", "legal_documents", "situations", "materials", "pipelines")
"""Sections whose entities are keyed by ``id`` (``code`` for pipelines)."""
SINGLE_SECTIONS: tuple[str, ...] = ("centre", "green_channel")
"""Sections holding one mapping for the whole catalog."""


@dataclass
class CatalogAssembly:
    """Entities collected from any source; :meth:`build` makes the immutable catalog."""

    sections: dict[str, dict[Any, Any]] = field(default_factory=lambda: {
        **{s: {} for s in KEYED_SECTIONS}, **{s: {} for s in SINGLE_SECTIONS}, "items": {}, "calendar": {}})
    origins: dict[int, Origin] = field(default_factory=dict)
    clashes: list[Finding] = field(default_factory=list)
    """Entities refused because their identity is already taken (the first declaration wins)."""

    def add(self, section: str, entity: BaseModel, origin: Origin) -> None:
        """One entity of ``section`` (a :class:`CatalogFile` field name), declared at ``origin``."""
        if section == "items":
            self.origins[id(entity)] = origin
            self.sections["items"].setdefault(getattr(entity, "code"), []).append(entity)  # the "items" section holds Item
            return
        where: tuple[str, ...]
        if section == "calendar":
            year = getattr(entity, "year")  # the "calendar" section holds CalendarYear entities
            key, where, message = year, ("year",), f"{year} 年的工作日历重复"
        elif section in SINGLE_SECTIONS:
            key, where, message = section, (), f"{section} 只能声明一次"
        else:
            key = getattr(entity, "id", None) or getattr(entity, "code")
            where = ("id" if hasattr(entity, "id") else "code",)
            message = ""
        taken = self.sections[section].get(key)
        if taken is not None:
            first = self.origins[id(taken)]
            self.clashes.append(Finding(origin, where, "duplicate-section" if section in SINGLE_SECTIONS else "duplicate-id",
                                      message or f"标识 {key} 重复（首次出现在 {first.file}）"))
            return
        self.origins[id(entity)] = origin
        self.sections[section][key] = entity

    def add_file(self, shown: str, document: CatalogFile) -> None:
        """Every entity of one validated catalog file, in the order the loader has always merged them."""
        for section in KEYED_SECTIONS:
            for i, entity in enumerate(getattr(document, section)):
                self.add(section, entity, Origin(shown, (section, i)))
        for i, item in enumerate(document.items):
            self.add("items", item, Origin(shown, ("items", i)))
        for i, year in enumerate(document.calendar):
            self.add("calendar", year, Origin(shown, ("calendar", i)))
        for section in SINGLE_SECTIONS:
            value = getattr(document, section)
            if value is not None:
                self.add(section, value, Origin(shown, (section,)))

    def extend(self, entities: Iterable[tuple[str, BaseModel, Origin]]) -> CatalogAssembly:
        for section, entity, origin in entities:
            self.add(section, entity, origin)
        return self

    def build(self, revision: str) -> Catalog | None:
        """The catalog (None while no centre has been added)."""
        centre = self.sections["centre"].get("centre")
        if centre is None:
            return None
        keyed = {section: MappingProxyType(self.sections[section]) for section in KEYED_SECTIONS}
        return Catalog(
            revision=revision, centre=centre,
            item_versions=MappingProxyType({code: tuple(sorted(versions, key=lambda v: v.valid_from or date.min))
                                            for code, versions in self.sections["items"].items()}),
            green_channel=self.sections["green_channel"].get("green_channel"),
            calendar=MappingProxyType(dict(sorted(self.sections["calendar"].items()))),
            origins=MappingProxyType(self.origins), **keyed,
        )


__all__ = ["CatalogAssembly", "KEYED_SECTIONS", "SINGLE_SECTIONS"]
