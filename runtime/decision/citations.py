"""Turning a :class:`LegalBasis` into a citation a decision carries (title, number, article)."""
from __future__ import annotations

from ..catalog import Catalog, LegalBasis
from ..rules.models import RuleBasis
from .decision import Citation


def cite(catalog: Catalog, basis: LegalBasis | RuleBasis) -> Citation:
    """A rule's basis is cited once grounded in the catalog (its ``document`` set by the rule loader)."""
    document_id = basis.document or ""
    document = catalog.legal_documents.get(document_id)
    if document is None:
        return Citation(document=document_id, title=document_id, article=basis.article)
    return Citation(document=document.id, title=document.title, number=document.number, article=basis.article)


__all__ = ["cite"]
