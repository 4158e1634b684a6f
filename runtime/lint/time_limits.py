"""Time limits must be coherent: promise ≤ statute, steps fit the promise, immediate items take no days.

行政许可法 第三十四条 (decide on the spot) and 第四十二条 (20 days by default) set the frame; the
centre's promise may only shorten it. Extensions (第四十二条) are capped by the regime: the caps are data
(``runtime/calendar/law.yaml``, ``extensions``), each naming the default case classes handled under it;
a declared extension above its cap is an error, one on an item whose regime allows none a warning (the
clock never grants it).

Promise against statute in different units (``statutory_unit``, e.g. 《居民身份证法》第十二条 六十日 as calendar
days beside a promise of 15 working days) is compared by due dates, as the clock counts them (the start day
not counted; a calendar-day limit whose last day is off rolls to the next working day):

* a promise of W working days against a statute of C calendar days with W > C is refused outright: fewer than
  W working days fall in the C calendar days up to the statutory due date (at most C, that day included), so
  the W-th working day is always later;
* a promise of C calendar days against a statute of W working days with C ≤ W always fits (by the same count,
  the promised due date is at most the C-th working day);
* otherwise the units alone prove nothing, and every working day of the loaded calendar years is tried as a
  start: the promise is refused when its due date falls after the statutory one for any start (the first such
  start is named). Without a calendar nothing is said here (``calendar-missing`` already is).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ..calendar import WorkingCalendar
from ..calendar.law import ExtensionCap, TimeLaw, load_law
from ..catalog import Catalog, Item
from ..catalog.item import CASE_CLASS_NAMES, TimeLimit
from ..catalog.names import UNIT_LABELS
from ..errors import CalendarRangeError
from .finding import Finding


def _overlaps(entity: object, path: str, versions: tuple[Any, ...], label: str) -> Iterator[Finding]:
    """``versions`` are dated versions of one entity (items, time limits): each has ``overlaps``."""
    for i, version in enumerate(versions):
        for j in range(i):
            if versions[j].overlaps(version) and getattr(versions[j], "id", None) == getattr(version, "id", None):
                yield Finding(entity, (path, i, "valid_from"), "overlapping-versions",
                              f"{label}第 {i + 1} 个版本与第 {j + 1} 个版本的有效期重叠")


def _dues(calendar: WorkingCalendar, start: date, limit: TimeLimit) -> tuple[date, date] | None:
    """The promised and statutory due dates from ``start``; ``None`` past the loaded years (or across a gap)."""
    try:
        return (calendar.count(start, limit.promised_days, limit.unit).due,
                calendar.count(start, limit.statutory_days, limit.statute_unit).due)
    except CalendarRangeError:
        return None


def _first_late_start(calendar: WorkingCalendar, limit: TimeLimit) -> tuple[date, date, date] | None:
    """The first working day of the loaded years from which the promise falls due after the statute, with both
    due dates; ``None`` when it never does (starts whose due dates leave the loaded years are not tried)."""
    for year in calendar.years:
        first = date(year, 1, 1)
        for day in (first + timedelta(days=n) for n in range(366)):
            if day.year != year or not calendar.is_working_day(day):
                continue
            dues = _dues(calendar, day, limit)
            if dues is not None and dues[0] > dues[1]:
                return day, *dues
    return None


def _promise_exceeds(catalog: Catalog, limit: TimeLimit) -> str | None:
    """Why the promise is longer than the statute (see the module's docstring), or ``None``."""
    promised, statutory = limit.promised_days, limit.statutory_days
    if limit.statute_unit == limit.unit:
        return f"承诺时限 {promised} 日超过法定时限 {statutory} 日" if promised > statutory else None
    said = f"承诺时限 {promised} 个{UNIT_LABELS[limit.unit]}超过法定时限 {statutory} 个{UNIT_LABELS[limit.statute_unit]}"
    if promised == 0:
        return None
    if statutory == 0:
        return f"{said}（法定当场办结）"
    if limit.unit == "working_days" and promised > statutory:
        return f"{said}（{promised} 个工作日至少跨 {promised} 个自然日，必晚于法定期满日）"
    if limit.unit == "calendar_days" and promised <= statutory:
        return None
    if not catalog.calendar:
        return None
    late = _first_late_start(WorkingCalendar(catalog.calendar), limit)
    if late is None:
        return None
    start, promised_due, statutory_due = late
    return (f"{said}：按工作日历，{start.isoformat()} 起算时承诺期满日 {promised_due.isoformat()} "
            f"晚于法定期满日 {statutory_due.isoformat()}")


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    steps_days = item.steps_days()
    for i, limit in enumerate(item.time_limits):
        here = ("time_limits", i)
        exceeds = _promise_exceeds(catalog, limit)
        if exceeds is not None:
            yield Finding(item, (*here, "promised_days"), "promise-exceeds-statute", exceeds)
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
