"""Cross-references: every department, window, document, situation, material and item named must exist."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..catalog import Catalog, Item, LegalBasis, MaterialSource
from ..conditions import FactType, check as check_condition
from ..facts import item_env
from .finding import Finding


def _basis(catalog: Catalog, entity: object, path: tuple[str | int, ...], basis: LegalBasis | None) -> Iterator[Finding]:
    if basis is not None and basis.document not in catalog.legal_documents:
        yield Finding(entity, (*path, "document"), "unknown-document", f"未知法律文件 {basis.document}")
    elif basis is not None and basis.article:
        document = catalog.legal_documents[basis.document]
        if document.articles and document.article(basis.article) is None:
            yield Finding(entity, (*path, "article"), "unknown-article",
                          f"《{document.title}》中没有登记 {basis.article}", "warning")


def check_item(catalog: Catalog, item: Item, env_base: Mapping[str, FactType]) -> Iterator[Finding]:
    if item.department not in catalog.departments:
        yield Finding(item, ("department",), "unknown-department", f"未知部门 {item.department}")
    for i, window in enumerate(item.windows):
        if window not in catalog.windows:
            yield Finding(item, ("windows", i), "unknown-window", f"未知窗口 {window}")
    for i, basis in enumerate(item.legal_bases):
        yield from _basis(catalog, item, ("legal_bases", i), basis)
    for i, sid in enumerate(item.situations):
        if sid not in catalog.situations:
            yield Finding(item, ("situations", i), "unknown-situation", f"未知情形 {sid}")
    env = item_env(catalog, item, env_base)
    for i, material in enumerate(item.materials):
        here = ("materials", i)
        if material.name is None and material.id not in catalog.materials:
            yield Finding(item, (*here, "id"), "unknown-material", f"材料库中没有 {material.id}，请写明 name 或先登记到材料库")
        if material.source is not None:
            yield from _source(catalog, item, (*here, "source"), material.source)
        yield from _basis(catalog, item, (*here, "basis"), material.basis)
        if material.when is not None:
            yield from (finding.about(item) for finding in check_condition(material.when, env, (*here, "when")))
    for i, fee in enumerate(item.fees):
        here = ("fees", i)
        yield from _basis(catalog, item, (*here, "basis"), fee.basis)
        if fee.when is not None:
            yield from (finding.about(item) for finding in check_condition(fee.when, env, (*here, "when")))
        if fee.quantity is not None:
            kind = env.get(fee.quantity)
            if kind is None or kind.kind != "int":
                yield Finding(item, (*here, "quantity"), "fee-quantity", f"计费数量 {fee.quantity} 必须是本事项声明的数字情形")
        for j, exemption in enumerate(fee.exemptions):
            yield from _basis(catalog, item, (*here, "exemptions", j, "basis"), exemption.basis)
            yield from (finding.about(item) for finding in check_condition(exemption.when, env, (*here, "exemptions", j, "when")))


def _source(catalog: Catalog, entity: object, path: tuple[str | int, ...], source: MaterialSource) -> Iterator[Finding]:
    if source.department and source.department not in catalog.departments:
        yield Finding(entity, (*path, "department"), "unknown-department", f"未知出具部门 {source.department}")
    if source.item and source.item not in catalog.item_versions:
        yield Finding(entity, (*path, "item"), "unknown-item", f"未知出具事项 {source.item}")


def check_catalog(catalog: Catalog) -> Iterator[Finding]:
    for window in catalog.windows.values():
        for i, dept in enumerate(window.departments):
            if dept not in catalog.departments:
                yield Finding(window, ("departments", i), "unknown-department", f"未知部门 {dept}")
    for centre in catalog.township_centres.values():
        found = catalog.windows.get(centre.window)
        if found is None:
            yield Finding(centre, ("window",), "unknown-window", f"未知窗口 {centre.window}")
        elif found.kind != "township":
            yield Finding(centre, ("window",), "window-kind", f"乡镇便民服务中心的窗口 {centre.window} 必须是 township 类型")
        for i, code in enumerate(centre.delegated_items):
            if code not in catalog.item_versions:
                yield Finding(centre, ("delegated_items", i), "unknown-item", f"未知事项 {code}")
    for material in catalog.materials.values():
        if material.source is not None:
            yield from _source(catalog, material, ("source",), material.source)
    for document in catalog.legal_documents.values():
        if document.replaced_by and document.replaced_by not in catalog.legal_documents:
            yield Finding(document, ("replaced_by",), "unknown-document", f"未知替代文件 {document.replaced_by}")
    channel = catalog.green_channel
    if channel is not None:
        if channel.agency_window not in catalog.windows:
            yield Finding(channel, ("agency_window",), "unknown-window", f"未知窗口 {channel.agency_window}")
        for i, category in enumerate(channel.categories):
            yield from _basis(catalog, channel, ("categories", i, "basis"), category.basis)
        for i, project in enumerate(channel.projects):
            if project.agency_window and project.agency_window not in catalog.windows:
                yield Finding(channel, ("projects", i, "agency_window"), "unknown-window", f"未知窗口 {project.agency_window}")
            if channel.category(project.category) is None:
                yield Finding(channel, ("projects", i, "category"), "unknown-category", f"绿色通道未配置类别 {project.category}")


__all__ = ["check_catalog", "check_item"]
