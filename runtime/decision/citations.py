"""Turning a :class:`LegalBasis` into a citation a decision carries (title, number, article)."""
from __future__ import annotations

from ..catalog import Catalog, LegalBasis
from .decision import Citation


def cite(catalog: Catalog, basis: LegalBasis) -> Citation:
    document = catalog.legal_documents.get(basis.document)
    if document is None:
        return Citation(document=basis.document, title=basis.document, article=basis.article)
    return Citation(document=document.id, title=document.title, number=document.number, article=basis.article)


__all__ = ["cite"]
