"""Citations must rest on living law: repealed or expired documents are errors, republished ones warnings.

行政许可法 第五十八条 also fixes who may establish a fee: a law or an administrative regulation (or the
price/finance departments' charging documents made under them), so a fee's basis is checked for level.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog, Item, LegalBasis
from ..catalog.legal import STATUS_NAMES
from .finding import Finding

_FEE_LEVELS = {"law", "administrative_regulation"}


def _status(catalog: Catalog, entity: object, path: tuple[str | int, ...], basis: LegalBasis | None) -> Iterator[Finding]:
    if basis is None or basis.document not in catalog.legal_documents:
        return
    document = catalog.legal_documents[basis.document]
    if document.status in ("repealed", "expired"):
        yield Finding(entity, (*path, "document"), f"{document.status}-basis",
                      f"引用的《{document.title}》已{STATUS_NAMES[document.status]}（{document.ends}）")
    elif document.status == "republished":
        hint = f"，请改引 {document.replaced_by}" if document.replaced_by else "，请核对新文号"
        yield Finding(entity, (*path, "document"), "republished-basis",
                      f"引用的《{document.title}》已重新公布{hint}", "warning")


def _fee_basis(catalog: Catalog, entity: object, path: tuple[str | int, ...], basis: LegalBasis) -> Iterator[Finding]:
    document = catalog.legal_documents.get(basis.document)
    if document is None:
        return
    if document.level not in _FEE_LEVELS and basis.role != "charging":
        yield Finding(entity, (*path, "role"), "fee-basis-level",
                      f"收费依据《{document.title}》不是法律或行政法规，须为标明 role: charging 的收费文件（行政许可法第五十八条）")


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    for i, basis in enumerate(item.legal_bases):
        yield from _status(catalog, item, ("legal_bases", i), basis)
    for i, material in enumerate(item.materials):
        yield from _status(catalog, item, ("materials", i, "basis"), material.basis)
    for i, fee in enumerate(item.fees):
        yield from _status(catalog, item, ("fees", i, "basis"), fee.basis)
        yield from _fee_basis(catalog, item, ("fees", i, "basis"), fee.basis)
        for j, exemption in enumerate(fee.exemptions):
            yield from _status(catalog, item, ("fees", i, "exemptions", j, "basis"), exemption.basis)


def check_catalog(catalog: Catalog) -> Iterator[Finding]:
    if catalog.green_channel is not None:
        for i, category in enumerate(catalog.green_channel.categories):
            yield from _status(catalog, catalog.green_channel, ("categories", i, "basis"), category.basis)


__all__ = ["check_catalog", "check_item"]
