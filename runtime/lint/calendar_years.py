"""Every date the catalog puts into use must fall in a loaded calendar year (working days are never guessed),
and every official year must agree with the holiday law: each statutory holiday a day off, each make-up
working day a Saturday or Sunday, no day declared twice (:func:`~onewindow.runtime.calendar.check_schedule`)
— whether the year came from ``calendar add``, a hand edit or the console's calendar editor."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..calendar.law import TimeLaw, check_schedule, load_law
from ..catalog import Catalog, Item
from .finding import Finding


def _outside(catalog: Catalog, day: date | None) -> bool:
    years = catalog.calendar
    return bool(years) and day is not None and day.year not in years and day.year >= min(years)


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    for field in ("valid_from", "valid_until"):
        if _outside(catalog, getattr(item, field)):
            yield Finding(item, (field,), "calendar-year-missing", f"{getattr(item, field)} 所在年份没有工作日历")
    for group in ("time_limits", "fees"):
        for i, version in enumerate(getattr(item, group)):
            for field in ("valid_from", "valid_until"):
                if _outside(catalog, getattr(version, field)):
                    yield Finding(item, (group, i, field), "calendar-year-missing",
                                  f"{getattr(version, field)} 所在年份没有工作日历")


def check_schedules(catalog: Catalog, law: TimeLaw) -> Iterator[Finding]:
    """Each official calendar year against the holiday law; the statutory days missing from one year are
    named in one finding."""
    for entry in catalog.calendar.values():
        missing: list[str] = []
        for where, message in check_schedule(law, entry):
            group, _, rest = where.partition("[")
            if not rest:
                missing.append(message.split("是《", 1)[0])
                continue
            yield Finding(entry, (group, int(rest.split("]")[0]), "date"), "calendar-law", message)
        if missing:
            yield Finding(entry, ("holidays",), "calendar-law",
                          f"《{law.holidays.title}》{law.holidays.article}规定的放假日不在放假安排之内：{'、'.join(missing)}")


def check_catalog(catalog: Catalog) -> Iterator[Finding]:
    years = set(catalog.calendar)
    if not years:
        yield Finding(catalog.centre, ("timezone",), "calendar-missing", "没有任何工作日历年份（calendar），无法计算工作日")
        return
    yield from check_schedules(catalog, load_law())
    first, last = min(years), max(years)
    for year in range(first, last + 1):
        if year not in years:
            yield Finding(catalog.calendar[last], ("year",), "calendar-gap", f"工作日历缺少 {year} 年")
    if catalog.green_channel is not None:
        for i, project in enumerate(catalog.green_channel.projects):
            if _outside(catalog, project.registered_on):
                yield Finding(catalog.green_channel, ("projects", i, "registered_on"), "calendar-year-missing",
                              f"{project.registered_on} 所在年份没有工作日历")


__all__ = ["check_catalog", "check_item", "check_schedules"]
