"""Time limits must be coherent: promise ≤ statute, steps fit the promise, immediate items take no days.

行政许可法 第三十四条 (decide on the spot) and 第四十二条 (20 days by default) set the frame; the
centre's promise may only shorten it. Extensions (第四十二条) are capped by the regime: the caps are data
(``runtime/calendar/law.yaml``, ``extensions``), each naming the default case classes handled under it;
a declared extension above its cap is an error, one on an item whose regime allows none a warning (the
clock never grants it).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..calendar.law import ExtensionCap, TimeLaw, load_law
from ..catalog import Catalog, Item
from ..catalog.item import CASE_CLASS_NAMES
from .finding import Finding


def _overlaps(entity: object, path: str, versions: tuple[Any, ...], label: str) -> Iterator[Finding]:
    """``versions`` are dated versions of one entity (items, time limits): each has ``overlaps``."""
    for i, version in enumerate(versions):
        for j in range(i):
            if versions[j].overlaps(version) and getattr(versions[j], "id", None) == getattr(version, "id", None):
                yield Finding(entity, (path, i, "valid_from"), "overlapping-versions",
                              f"{label}第 {i + 1} 个版本与第 {j + 1} 个版本的有效期重叠")


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    steps_days = item.steps_days()
    for i, limit in enumerate(item.time_limits):
        here = ("time_limits", i)
        if limit.promised_days > limit.statutory_days:
            yield Finding(item, (*here, "promised_days"), "promise-exceeds-statute",
                          f"承诺时限 {limit.promised_days} 日超过法定时限 {limit.statutory_days} 日")
        if steps_days > limit.promised_days:
            yield Finding(item, ("steps",), "steps-exceed-promise",
                          f"各环节合计 {steps_days} 个工作日，超过承诺时限 {limit.promised_days} 日")
        if item.default_case_class == "immediate" and limit.promised_days > 0:
            yield Finding(item, (*here, "promised_days"), "immediate-with-days", "即办件的承诺时限应为 0（当场办结）")
    if item.default_case_class == "immediate" and steps_days > 0:
        yield Finding(item, ("steps",), "immediate-with-days", f"即办件的办理环节合计 {steps_days} 个工作日，应为 0")
    yield from _overlaps(item, "time_limits", item.time_limits, "办理时限")
    yield from _overlaps(item, "fees", item.fees, f"收费 ")


def _above_cap(entity: object, path: tuple[str | int, ...], days: int, cap: ExtensionCap, kind: str) -> Iterator[Finding]:
    if days > cap.days:
        yield Finding(entity, path, "extension-above-cap",
                      f"可延长 {days} 日超过上限 {cap.days} 日（{kind}：{cap}，经{cap.approver}批准）")


def check_extensions(catalog: Catalog, law: TimeLaw) -> Iterator[Finding]:
    """Each declared extension against the cap of its regime."""
    caps = law.extensions
    joint = caps.get("joint")
    for code, pipeline in catalog.pipelines.items():
        if pipeline.extension_days and joint is not None:
            yield from _above_cap(pipeline, ("extension_days",), pipeline.extension_days, joint, "联合审批")
    for item in catalog.items():
        for i, limit in enumerate(item.time_limits):
            if not limit.extension_days:
                continue
            cap = next((c for c in caps.values() if item.default_case_class in c.case_classes), None)
            here = ("time_limits", i, "extension_days")
            kind = CASE_CLASS_NAMES[item.default_case_class]
            if cap is None:
                yield Finding(item, here, "extension-not-applied",
                              f"默认办件类型为{kind}，其办理制度没有延长期限的规定（law.yaml extensions），"
                              f"可延长 {limit.extension_days} 日不会计入时限", "warning")
            else:
                yield from _above_cap(item, here, limit.extension_days, cap, kind)


def check_catalog(catalog: Catalog) -> Iterator[Finding]:
    if any(p.extension_days for p in catalog.pipelines.values()) or any(
            limit.extension_days for item in catalog.items() for limit in item.time_limits):
        yield from check_extensions(catalog, load_law())  # the law file is read once, when an extension is declared
    for code, versions in catalog.item_versions.items():
        if len(versions) < 2:
            continue
        for i, version in enumerate(versions):
            for earlier in versions[:i]:
                if earlier.overlaps(version):
                    yield Finding(version, ("code",), "duplicate-code",
                                  f"事项编码 {code} 重复，且有效期与另一版本重叠（同一编码的多个版本须用 valid_from/valid_until 错开）")
                    break


__all__ = ["check_catalog", "check_extensions", "check_item"]
