"""Citations must rest on living law: repealed or expired documents are errors, republished ones warnings.

行政许可法 第五十八条 also fixes who may establish a fee: a law or an administrative regulation (or the
price/finance departments' charging documents made under them), so a fee's basis is checked for level. Which
levels ground a fee, and the article quoted, are the law file's ``fees`` (``runtime/calendar/law.yaml``): the
check reads it once per catalog, so it is a catalog check reading every item's fee bases
(:func:`~onewindow.runtime.lint.catalog_inputs` lists them).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..calendar.law import TimeLaw, load_law
from ..catalog import Catalog, Item, LegalBasis
from ..catalog.legal import STATUS_NAMES
from .finding import Finding


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


def check_fee_levels(catalog: Catalog, law: TimeLaw) -> Iterator[Finding]:
    """Each fee resting on a document below the levels of ``law.fees`` without ``role: charging``."""
    fees = law.fees
    for item in catalog.items():
        for i, fee in enumerate(item.fees):
            document = catalog.legal_documents.get(fee.basis.document)
            if document is not None and document.level not in fees.levels and fee.basis.role != "charging":
                yield Finding(item, ("fees", i, "basis", "role"), "fee-basis-level",
                              f"收费依据《{document.title}》不是{fees.level_names()}，须为标明 role: charging 的收费文件（{fees}）")


def check_fees(catalog: Catalog) -> Iterator[Finding]:
    """:func:`check_fee_levels` against the shipped law file, read once when any item charges a fee."""
    if any(item.fees for item in catalog.items()):
        yield from check_fee_levels(catalog, load_law())


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    for i, basis in enumerate(item.legal_bases):
        yield from _status(catalog, item, ("legal_bases", i), basis)
    for i, material in enumerate(item.materials):
        yield from _status(catalog, item, ("materials", i, "basis"), material.basis)
    for i, fee in enumerate(item.fees):
        yield from _status(catalog, item, ("fees", i, "basis"), fee.basis)
        for j, exemption in enumerate(fee.exemptions):
            yield from _status(catalog, item, ("fees", i, "exemptions", j, "basis"), exemption.basis)


def check_catalog(catalog: Catalog) -> Iterator[Finding]:
    if catalog.green_channel is not None:
        for i, category in enumerate(catalog.green_channel.categories):
            yield from _status(catalog, catalog.green_channel, ("categories", i, "basis"), category.basis)


__all__ = ["check_catalog", "check_fee_levels", "check_fees", "check_item"]
