"""The semantic diff of two catalogs: what changed for citizens, item by item, each change classed.

Burden (增加群众负担) follows what a citizen feels: a new required material, more copies, an original where
a copy did, a higher fee, a longer promise, more trips, less online — an increase; the reverse a
reduction; wording, bases, windows and reorganisation are neutral. A new licensing-type item is new
approval (an increase), a cancelled one a reduction (取消审批); service items are neutral either way.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..catalog import Catalog, Fee, Item, ItemMaterial, TimeLimit
from ..catalog.item import ITEM_TYPE_NAMES
from ..catalog.legal import STATUS_NAMES
from ..catalog.material import FORM_NAMES, NECESSITY_NAMES
from ..catalog.names import DEPTH_NAMES, UNIT_LABELS
from ..wording import basis_text, describe_condition, describe_fee, material_copies
from .changes import Burden, Change, by_rank, compare

APPROVAL_TYPES = frozenset({"licensing", "non_licensing", "intermediary"})
NECESSITY_RANK = {"optional": 0, "conditional": 1, "tolerable": 2, "required": 3}
FORM_RANK = {"electronic": 0, "original_or_copy": 1, "copy": 2, "original": 3}
"""An original is more burden than a copy (the applicant must bring the paper itself); either is less than one of them."""
DEPTH_RANK = {"fully_online": 0, "online_application": 1, "download": 2, "information": 3}


class _ItemDiff:
    """Changes between two versions of one item; ``old``/``new`` catalogs give names and document status."""

    def __init__(self, base: Catalog, head: Catalog, old: Item, new: Item) -> None:
        self.base, self.head, self.old, self.new = base, head, old, new
        self.changes: list[Change] = []

    def add(self, kind: str, burden: Burden, message: str, old: Any = None, new: Any = None) -> None:
        self.changes.append(Change("item", self.new.code, kind, burden, message,
                                   None if old is None else str(old), None if new is None else str(new),
                                   self.new.name))

    def run(self) -> list[Change]:
        self._scalars()
        self._materials()
        self._time_limits()
        self._fees()
        self._bases()
        return self.changes

    def _scalars(self) -> None:
        old, new = self.old, self.new
        if old.name != new.name:
            self.add("name", "neutral", "事项名称变更", old.name, new.name)
        if old.department != new.department:
            self.add("department", "neutral", "实施部门变更", old.department, new.department)
        if old.item_type != new.item_type:
            self.add("item-type", "neutral", "事项类型变更", ITEM_TYPE_NAMES[old.item_type], ITEM_TYPE_NAMES[new.item_type])
        if old.max_visits != new.max_visits:
            burden = ("neutral" if old.max_visits is None or new.max_visits is None
                      else compare(old.max_visits, new.max_visits))
            self.add("max-visits", burden, "最多到场次数变更", _stated(old.max_visits), _stated(new.max_visits))
        if old.online_depth != new.online_depth:
            burden = (by_rank(DEPTH_RANK, old.online_depth, new.online_depth)
                      if old.online_depth is not None and new.online_depth is not None else "neutral")
            self.add("online-depth", burden, "网办深度变更", _stated(old.online_depth, DEPTH_NAMES),
                     _stated(new.online_depth, DEPTH_NAMES))
        if ("online" in old.channels) != ("online" in new.channels):
            self.add("online-channel", "reduction" if "online" in new.channels else "increase",
                     "新增网上办理渠道" if "online" in new.channels else "取消网上办理渠道")
        if old.commitment != new.commitment:
            self.add("commitment", "reduction" if new.commitment else "increase",
                     "实行告知承诺制" if new.commitment else "取消告知承诺制")
        for condition in sorted(set(new.conditions or ()) - set(old.conditions or ())):
            self.add("condition-added", "increase", "新增申请条件", None, condition)
        for condition in sorted(set(old.conditions or ()) - set(new.conditions or ())):
            self.add("condition-removed", "reduction", "删除申请条件", condition, None)
        if old.steps != new.steps:
            self.add("steps", "neutral", "办理流程变更", _steps(old), _steps(new))
        if set(old.windows) != set(new.windows):
            self.add("windows", "neutral", "受理窗口变更", "、".join(old.windows) or "本部门窗口", "、".join(new.windows) or "本部门窗口")
        if old.result != new.result:
            self.add("result", "neutral", "办理结果变更", old.result.name, new.result.name)

    def _materials(self) -> None:
        old = {m.id: m for m in self.old.materials}
        new = {m.id: m for m in self.new.materials}
        for mid, material in new.items():
            name = self.head.material_name(self.new, mid)
            if mid not in old:
                heavy = material.necessity != "optional"
                self.add("material-added", "increase" if heavy else "neutral",
                         f"新增{NECESSITY_NAMES[material.necessity]}材料「{name}」", None, _material(self.head, material))
            else:
                self._material(name, old[mid], material)
        for mid, material in old.items():
            if mid not in new:
                name = self.base.material_name(self.old, mid)
                self.add("material-removed", "neutral" if material.necessity == "optional" else "reduction",
                         f"删除{NECESSITY_NAMES[material.necessity]}材料「{name}」", _material(self.base, material), None)

    def _material(self, name: str, old: ItemMaterial, new: ItemMaterial) -> None:
        if old.necessity != new.necessity:
            self.add("material-necessity", by_rank(NECESSITY_RANK, old.necessity, new.necessity),
                     f"材料「{name}」必要性变更", NECESSITY_NAMES[old.necessity], NECESSITY_NAMES[new.necessity])
        if old.form != new.form:
            self.add("material-form", by_rank(FORM_RANK, old.form, new.form), f"材料「{name}」形式变更",
                     FORM_NAMES[old.form], FORM_NAMES[new.form])
        if (old.originals, old.copies) != (new.originals, new.copies):  # counted even when the form changed too
            self.add("material-copies", _count_burden(old, new), f"材料「{name}」份数变更",
                     material_copies(old), material_copies(new))
        if old.key != new.key:
            self.add("material-key", "increase" if new.key else "reduction",
                     f"材料「{name}」{'设为' if new.key else '不再是'}关键材料（关键材料不得容缺）")
        if old.tolerance_days != new.tolerance_days and old.necessity == new.necessity == "tolerable":
            self.add("material-tolerance", compare(new.tolerance_days or 0, old.tolerance_days or 0),
                     f"材料「{name}」容缺补交期限变更", f"{old.tolerance_days}个工作日", f"{new.tolerance_days}个工作日")
        if old.when != new.when and old.when is not None and new.when is not None:
            self.add("material-when", "neutral", f"材料「{name}」适用情形变更",
                     describe_condition(old.when, self.base), describe_condition(new.when, self.head))

    def _time_limits(self) -> None:
        for old, new in _pairs(self.old.time_limits, self.new.time_limits, _from):
            since = f"（自 {new.valid_from} 起）" if new.valid_from else ""
            for kind, label, before, after in (
                    ("promised-days", "承诺时限", (old.promised_days, old.unit), (new.promised_days, new.unit)),
                    ("statutory-days", "法定时限", (old.statutory_days, old.statute_unit), (new.statutory_days, new.statute_unit))):
                if before != after:  # days in another unit are neither more nor fewer: neutral
                    self.add(kind, compare(before[0], after[0]) if before[1] == after[1] else "neutral", f"{label}变更{since}",
                             f"{before[0]}个{UNIT_LABELS[before[1]]}", f"{after[0]}个{UNIT_LABELS[after[1]]}")

    def _fees(self) -> None:
        old_ids = {f.id for f in self.old.fees}
        new_ids = {f.id for f in self.new.fees}
        for fee in self.new.fees:
            if fee.id not in old_ids:
                self.add("fee-added", "increase", f"新增收费「{fee.name}」", None, describe_fee(fee))
        for fee in self.old.fees:
            if fee.id not in new_ids:
                self.add("fee-removed", "reduction", f"取消收费「{fee.name}」", describe_fee(fee), None)
        for fid in sorted(old_ids & new_ids):
            olds = tuple(f for f in self.old.fees if f.id == fid)
            news = tuple(f for f in self.new.fees if f.id == fid)
            for old, new in _pairs(olds, news, _from):
                self._fee(old, new)

    def _fee(self, old: Fee, new: Fee) -> None:
        before, after = describe_fee(old), describe_fee(new)
        if before != after:
            burden = compare(_headline(old), _headline(new)) if old.kind == new.kind else "neutral"
            since = f"（自 {new.valid_from} 起）" if new.valid_from else ""
            self.add("fee-amount", burden, f"收费「{new.name}」标准变更{since}", before, after)
        old_ex = {e.id: e for e in old.exemptions}
        new_ex = {e.id: e for e in new.exemptions}
        for eid in new_ex.keys() - old_ex.keys():
            self.add("exemption-added", "reduction", f"收费「{new.name}」新增减免「{new_ex[eid].name}」")
        for eid in old_ex.keys() - new_ex.keys():
            self.add("exemption-removed", "increase", f"收费「{new.name}」取消减免「{old_ex[eid].name}」")
        if old.basis != new.basis:
            self.add("fee-basis", "neutral", f"收费「{new.name}」依据变更", basis_text(self.base, old.basis.document, old.basis.article),
                     basis_text(self.head, new.basis.document, new.basis.article))

    def _bases(self) -> None:
        old = {(b.document, b.article) for b in self.old.legal_bases}
        new = {(b.document, b.article) for b in self.new.legal_bases}
        for document, article in sorted(new - old, key=str):
            self.add("basis-added", "neutral", "新增审批依据", None, basis_text(self.head, document, article))
        for document, article in sorted(old - new, key=str):
            self.add("basis-removed", "neutral", "删除审批依据", basis_text(self.base, document, article), None)
        for document in sorted(_cited(self.new) - _dead_cited(self.base, self.old)):
            status = _dead(self.head, document)
            if status:
                self.add("basis-dead", "neutral", f"引用已{status}的文件 {basis_text(self.head, document, None)}")


def _from(version: TimeLimit | Fee) -> date:
    return version.valid_from or date.min


def _pairs(olds: tuple[Any, ...], news: tuple[Any, ...], start: Any) -> Iterator[tuple[Any, Any]]:
    """Pair each new version with the old version that applied on its first day (or the first old one)."""
    for new in news:
        day = start(new)
        old = next((o for o in olds if start(o) == day), None) or next(
            (o for o in reversed(olds) if start(o) <= day), olds[0] if olds else None)
        if old is not None:
            yield old, new


def _headline(fee: Fee) -> float:
    figure = {"fixed": fee.amount, "per_unit": fee.unit_price, "percentage": fee.rate}.get(fee.kind)
    if fee.kind == "tiered":
        figure = max((t.amount for t in fee.tiers), default=None)
    return float(figure or 0)


def _stated(value: Any, names: dict[str, str] | None = None) -> str:
    """A published value as people read it; 「未公布」 when the guide does not state it."""
    if value is None:
        return "未公布"
    return names[value] if names else str(value)


def _count_burden(old: ItemMaterial, new: ItemMaterial) -> Burden:
    """More originals or more papers in all is an increase; fewer of both a reduction; a trade is neutral."""
    originals, total = compare(old.originals, new.originals), compare(old.originals + old.copies, new.originals + new.copies)
    kinds = {originals, total} - {"neutral"}
    return kinds.pop() if len(kinds) == 1 else "neutral" if not kinds else "increase"


def _steps(item: Item) -> str:
    from ..catalog.item import STEP_NAMES

    return " → ".join(f"{STEP_NAMES[s.step]}({'未公布' if s.days is None else s.days}日)" for s in item.steps)


def _material(catalog: Catalog, material: ItemMaterial) -> str:
    text = f"{FORM_NAMES[material.form]}，{material_copies(material)}"
    if material.when is not None:
        text += f"；适用：{describe_condition(material.when, catalog)}"
    return text


def _cited(item: Item) -> set[str]:
    documents = {b.document for b in item.legal_bases}
    documents |= {m.basis.document for m in item.materials if m.basis}
    documents |= {f.basis.document for f in item.fees}
    return documents


def _dead(catalog: Catalog, document_id: str) -> str:
    document = catalog.legal_documents.get(document_id)
    return STATUS_NAMES[document.status] if document and document.status in ("repealed", "expired") else ""


def _dead_cited(catalog: Catalog, item: Item) -> set[str]:
    return {d for d in _cited(item) if _dead(catalog, d)}


def _items(base: Catalog, head: Catalog) -> Iterator[Change]:
    for code in sorted(set(base.item_versions) | set(head.item_versions)):
        olds, news = base.item_versions.get(code, ()), head.item_versions.get(code, ())
        if not olds:
            item = news[-1]
            burden: Burden = "increase" if item.item_type in APPROVAL_TYPES else "neutral"
            yield Change("item", code, "item-added", burden, f"新增{ITEM_TYPE_NAMES[item.item_type]}事项", None, item.name, item.name)
            continue
        if not news:
            item = olds[-1]
            burden = "reduction" if item.item_type in APPROVAL_TYPES else "neutral"
            yield Change("item", code, "item-removed", burden, f"取消{ITEM_TYPE_NAMES[item.item_type]}事项", item.name, None, item.name)
            continue
        for old, new in _pairs(olds, news, _from):
            yield from _ItemDiff(base, head, old, new).run()


def _documents(base: Catalog, head: Catalog) -> Iterator[Change]:
    for doc_id in sorted(set(base.legal_documents) | set(head.legal_documents)):
        old, new = base.legal_documents.get(doc_id), head.legal_documents.get(doc_id)
        if old is None and new is not None:
            yield Change("legal_document", doc_id, "document-added", "neutral", "新增法律文件", None, f"《{new.title}》", new.title)
        elif new is None and old is not None:
            yield Change("legal_document", doc_id, "document-removed", "neutral", "删除法律文件", f"《{old.title}》", None, old.title)
        elif old is not None and new is not None and old.status != new.status:
            citing = sum(1 for item in head.items() if doc_id in _cited(item))
            yield Change("legal_document", doc_id, "document-status", "neutral",
                         f"《{new.title}》状态变更，{citing} 个事项版本引用", STATUS_NAMES[old.status], STATUS_NAMES[new.status], new.title)


def _pipelines(base: Catalog, head: Catalog) -> Iterator[Change]:
    for code in sorted(set(base.pipelines) | set(head.pipelines)):
        old, new = base.pipelines.get(code), head.pipelines.get(code)
        if old is None and new is not None:
            yield Change("pipeline", code, "pipeline-added", "reduction", "新增联合审批（一窗受理、并联办理）", None, new.name, new.name)
        elif new is None and old is not None:
            yield Change("pipeline", code, "pipeline-removed", "increase", "取消联合审批", old.name, None, old.name)
        elif old is not None and new is not None and old != new:
            if old.promised_days != new.promised_days:
                yield Change("pipeline", code, "pipeline-days", compare(old.promised_days, new.promised_days),
                             "联合审批总承诺时限变更", f"{old.promised_days}个工作日", f"{new.promised_days}个工作日", new.name)
            if (old.lead, old.departments, old.stages) != (new.lead, new.departments, new.stages):
                yield Change("pipeline", code, "pipeline-stages", "neutral", "联合审批的阶段、事项或牵头部门变更",
                             "、".join(old.item_codes()), "、".join(new.item_codes()), new.name)


def _windows(base: Catalog, head: Catalog) -> Iterator[Change]:
    for wid in sorted(set(base.windows) | set(head.windows)):
        old, new = base.windows.get(wid), head.windows.get(wid)
        if old == new:
            continue
        kind = "window-added" if old is None else "window-removed" if new is None else "window-changed"
        words = {"window-added": "新增窗口", "window-removed": "撤销窗口", "window-changed": "窗口信息变更"}[kind]
        yield Change("window", wid, kind, "neutral", words, old.name if old else None, new.name if new else None,
                     new.name if new else old.name if old else wid)


def diff_catalogs(base: Catalog, head: Catalog) -> list[Change]:
    """Every semantic change from ``base`` to ``head``: items, documents, pipelines, windows, the calendar."""
    from .calendar_diff import diff_calendars

    return [*_items(base, head), *_documents(base, head), *_pipelines(base, head), *_windows(base, head),
            *diff_calendars(base, head)]


__all__ = ["APPROVAL_TYPES", "diff_catalogs"]
