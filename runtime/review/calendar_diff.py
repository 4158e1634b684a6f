"""The calendar part of the semantic diff: which days changed (工作日 ↔ 放假, 调休), and which due dates move.

A year official on one side and not on the other is compared with its provisional derivation from the holiday
law, so loading the State Council notice shows exactly what it changes against what the centre promised
until then. The sample for due dates: every item in force, received on each working day from 31 days
before the first changed day to the last changed day — one change per item, with the first example.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..calendar import WorkingCalendar, load_law
from ..calendar.law import TimeLaw
from ..catalog import Catalog
from ..errors import CalendarRangeError
from .changes import Change

LOOKBACK_DAYS = 31
"""Receipts this many days before the first changed day are sampled too: their due dates may cross it."""


def _status(calendar: WorkingCalendar, day: date) -> str:
    if not calendar.is_working_day(day):
        return f"放假（{calendar.reason_off(day)}）" if calendar.reason_off(day) != "周末" else "周末休息"
    return "工作日" if day.weekday() < 5 else "调休上班"


def _calendars(base: Catalog, head: Catalog, law: TimeLaw) -> tuple[WorkingCalendar, WorkingCalendar, list[int]]:
    years = sorted(set(base.calendar) | set(head.calendar))
    through = max(years, default=0) + 2
    return (WorkingCalendar(base.calendar, law=law, provisional_through=through),
            WorkingCalendar(head.calendar, law=law, provisional_through=through), years)


def changed_days(old: WorkingCalendar, new: WorkingCalendar, years: list[int]) -> list[tuple[date, str, str]]:
    """Every day of ``years`` that is a working day on one side only, with the status before and after."""
    found = []
    for year in years:
        if year not in old.years or year not in new.years or old.year(year) == new.year(year):
            continue
        day = date(year, 1, 1)
        while day.year == year:
            before, after = _status(old, day), _status(new, day)
            if old.is_working_day(day) != new.is_working_day(day):
                found.append((day, before, after))
            day += timedelta(days=1)
    return found


def _moved(base: Catalog, head: Catalog, old: WorkingCalendar, new: WorkingCalendar,
           first: date, last: date) -> Iterator[Change]:
    day = max(first - timedelta(days=LOOKBACK_DAYS), date(new.years[0], 1, 1))
    received = []
    while day <= last:
        if new.is_working_day(day):
            received.append(day)
        day += timedelta(days=1)
    for item in head.items():
        moved: list[tuple[date, str, date, date]] = []
        for day in received:
            limit = item.time_limit_on(day) if item.in_force(day) else None
            if limit is None:
                continue
            for label, days, unit in (("承诺", limit.promised_days, limit.unit), ("法定", limit.statutory_days, limit.statute_unit)):
                try:
                    before, after = old.count(day, days, unit).due, new.count(day, days, unit).due
                except CalendarRangeError:
                    continue
                if before != after:
                    moved.append((day, label, before, after))
        if moved:
            day, label, before, after = moved[0]
            receipts = len({m[0] for m in moved})
            yield Change("item", item.code, "due-dates-moved", "neutral",
                         f"日历变更使 {receipts} 个受理日的到期日变化（{moved[0][0].isoformat()} 至 {moved[-1][0].isoformat()} 受理），"
                         f"如 {day.isoformat()} 受理的{label}到期日", before.isoformat(), after.isoformat(), item.name)


def diff_calendars(base: Catalog, head: Catalog, law: TimeLaw | None = None) -> list[Change]:
    """Day-by-day calendar changes, then per item the due dates the sample shows moving."""
    old, new, years = _calendars(base, head, law or load_law())
    days = changed_days(old, new, years)
    changes = [Change("calendar", str(day.year), "calendar-day", "neutral",
                      f"{day.isoformat()}（{'一二三四五六日'[day.weekday()]}）安排变更"
                      + ("；原为暂定推算" if day.year in old.provisional_years else ""), before, after)
               for day, before, after in days]
    if days:
        changes += _moved(base, head, old, new, days[0][0], days[-1][0])
    return changes


__all__ = ["LOOKBACK_DAYS", "changed_days", "diff_calendars"]
