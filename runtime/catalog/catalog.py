"""The loaded catalog: immutable, hashable by content revision, answering "what was in force on day D".

A :class:`Catalog` is built once by the loader from validated files and never changes; a console edit or
a new commit produces a new catalog with a new ``revision`` that decisions cite.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from .calendar_year import CalendarYear
from .green_channel import GreenChannel
from .item import Item
from .legal import LegalDocument, plain_reference
from .material import LibraryMaterial, MaterialSource
from .organisation import Centre, Department, TownshipCentre, Window
from .pipeline import Pipeline
from .situation import Situation


@dataclass(frozen=True)
class Origin:
    """Where an entity was declared: file (relative to the catalog root) and its path inside that file."""

    file: str
    loc: tuple[str | int, ...]


def _frozen(mapping: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, eq=False)
class Catalog:
    """Every entity of one centre, indexed by id, plus where each was declared."""

    revision: str
    centre: Centre
    departments: Mapping[str, Department]
    windows: Mapping[str, Window]
    township_centres: Mapping[str, TownshipCentre]
    legal_documents: Mapping[str, LegalDocument]
    situations: Mapping[str, Situation]
    materials: Mapping[str, LibraryMaterial]
    item_versions: Mapping[str, tuple[Item, ...]]
    pipelines: Mapping[str, Pipeline]
    green_channel: GreenChannel | None
    calendar: Mapping[int, CalendarYear]
    origins: Mapping[int, Origin] = field(repr=False, default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash(self.revision)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalog) and other.revision == self.revision

    def with_documents(self, documents: Iterable[tuple[LegalDocument, Origin]]) -> "Catalog":
        """This catalog plus legal documents declared outside it (the national laws the policy library ships),
        each with where it was declared; a document id this catalog already has keeps the catalog's own.

        A new catalog whose revision covers what was added (a decision citing a shipped document is not the
        decision of the catalog alone, so the two never compare equal), or this very catalog when nothing is.
        """
        added = {document.id: (document, origin) for document, origin in documents if document.id not in self.legal_documents}
        if not added:
            return self
        lines = "".join(f"{key}\0{document.model_dump_json()}\n" for key, (document, _) in sorted(added.items()))
        return replace(self, revision=hashlib.sha256(f"{self.revision}\0{lines}".encode()).hexdigest()[:16],
                       legal_documents=MappingProxyType({**self.legal_documents, **{key: d for key, (d, _) in added.items()}}),
                       origins=MappingProxyType({**self.origins, **{id(d): origin for d, origin in added.values()}}))

    def law_documents(self, law: str, title: str | None = None) -> tuple[str, ...]:
        """This catalog's own document for the national law the policy library cites by key ``law``: the one
        ``centre.laws`` names (whether or not the catalog holds it), else the document with the key as its id,
        else those bearing the law's ``title``; none when the catalog has no document of its own for it."""
        mapped = next((ref.document for ref in self.centre.laws if ref.law == law), law)
        if mapped != law or law in self.legal_documents:
            return (mapped,)
        wanted = plain_reference(title) if title else None
        return tuple(sorted(d.id for d in self.legal_documents.values() if plain_reference(d.title) == wanted))

    # -- items -------------------------------------------------------------------------------------
    def items(self, on: date | None = None) -> Iterator[Item]:
        """Every item version, or only those in force on ``on``."""
        for versions in self.item_versions.values():
            for item in versions:
                if on is None or item.in_force(on):
                    yield item

    def item(self, code: str, on: date | None = None) -> Item | None:
        """The version of ``code`` in force on ``on`` (the latest declared version when ``on`` is None)."""
        versions = self.item_versions.get(code, ())
        if on is None:
            return versions[-1] if versions else None
        return next((v for v in versions if v.in_force(on)), None)

    def windows_of(self, department: str) -> tuple[Window, ...]:
        return tuple(w for w in self.windows.values() if department in w.departments)

    def fee_window(self) -> Window | None:
        return next((w for w in self.windows.values() if w.kind == "fee"), None)

    def general_window(self) -> Window | None:
        return next((w for w in self.windows.values() if w.kind == "general"), None)

    def township_centre_of(self, township: str) -> TownshipCentre | None:
        return next((t for t in self.township_centres.values() if t.township == township or t.id == township), None)

    def locate(self, entity: object) -> Origin | None:
        """Where ``entity`` (any model object held by this catalog) was declared."""
        return self.origins.get(id(entity))

    def material_name(self, item: Item, material_id: str) -> str:
        local = item.material(material_id)
        if local is not None and local.name:
            return local.name
        library = self.materials.get(material_id)
        return library.name if library else material_id

    def material_source(self, item: Item, material_id: str) -> MaterialSource | None:
        """Where the paper comes from: the item's own statement, else the library's; None when unpublished."""
        local = item.material(material_id)
        if local is not None and local.source is not None:
            return local.source
        library = self.materials.get(material_id)
        return library.source if library else None

    def pipelines_of_item(self, code: str) -> tuple[Pipeline, ...]:
        return tuple(p for p in self.pipelines.values() if code in p.item_codes())


__all__ = ["Catalog", "Origin"]
