"""Working days (行政许可法 第八十二条: limits count working days, public holidays excluded) and calendar days.

:class:`WorkingCalendar` answers from the catalog's official calendar years and, past the last official
year, from *provisional* years derived from the holiday law (:mod:`.law`) up to a horizon its owner chooses.
A day outside every loaded and derivable year raises :class:`CalendarRangeError` — a due date is a promise,
never a guess. Counts are index arithmetic over a sorted array of working days (one bisect per count).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..catalog import CalendarYear
from ..errors import CalendarRangeError
from .law import TimeLaw, provisional_year

Unit = Literal["working_days", "calendar_days"]
UNIT_NAMES: dict[str, str] = {"working_days": "工作日", "calendar_days": "日（自然日）"}
DAYS_IN: dict[str, str] = {"working_days": "个工作日", "calendar_days": "日（自然日）"}
"""How a number of days in each unit is written after the number: 「15 个工作日」, 「60 日（自然日）」."""


def provisional_note(years: tuple[int, ...]) -> str:
    """The Chinese sentence every date computed in a provisional year carries."""
    shown = "、".join(str(y) for y in years)
    return f"{shown} 年放假安排尚未公布，暂按法定节假日推算，公布后以正式安排为准"


@dataclass(frozen=True)
class SkippedDay:
    """A day the count passed over, and why (weekend, or the holiday's name)."""

    day: date
    reason: str


@dataclass(frozen=True)
class WorkingDayCount:
    """Result of counting: the due date, the unit, every non-working or make-up day met on the way, and the
    provisional years the range touches."""

    start: date
    days: int
    due: date
    skipped: tuple[SkippedDay, ...]
    makeup_days: tuple[SkippedDay, ...]
    unit: Unit = "working_days"
    provisional_years: tuple[int, ...] = ()
    rolled_from: date | None = None
    """Calendar days only: the nominal last day, when it was a day off and the count rolled over it."""
    rolled_basis: str | None = None
    """The article that rolls it (the time law's ``counting.last_day_off``), quoted by :meth:`explain`."""

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def explain(self, *, provisional: bool = True) -> str:
        """A Chinese sentence naming the unit, each holiday and 调休 day that shaped the due date (and, unless
        ``provisional`` is False, the provisional years it touched)."""
        parts = [f"自 {self.start.isoformat()} 起算 {self.days} {DAYS_IN[self.unit]}，"
                 f"至 {self.due.isoformat()}"]
        holidays = [s for s in self.skipped if s.reason != "周末"]
        if self.rolled_from is not None:
            named = "、".join(f"{s.day.isoformat()}（{s.reason}）" for s in self.skipped)
            basis = f"（{self.rolled_basis}）" if self.rolled_basis else ""
            parts.append(f"期满日 {self.rolled_from.isoformat()} 为休假日，顺延至休假日结束的次日{basis}：{named}")
        elif self.unit == "working_days":
            weekends = len(self.skipped) - len(holidays)
            if holidays:
                parts.append("跳过节假日：" + "、".join(f"{s.day.isoformat()}（{s.reason}）" for s in holidays))
            if weekends:
                parts.append(f"跳过周末 {weekends} 天")
            if self.makeup_days:
                parts.append("调休上班日计入：" + "、".join(f"{s.day.isoformat()}（{s.reason}）" for s in self.makeup_days))
        if provisional and self.provisional_years:
            parts.append(provisional_note(self.provisional_years))
        return "；".join(parts)


class WorkingCalendar:
    """Working-day and calendar-day arithmetic over official and provisional years.

    Args:
        years: the official calendar years (the catalog's ``calendar`` section).
        law: the time law (:func:`~.law.load_law`); without it no year is derived.
        provisional_through: derive every year after the first official one up to this year (inclusive) that
            has no official schedule.
    """

    def __init__(self, years: Mapping[int, CalendarYear], *, law: TimeLaw | None = None,
                 provisional_through: int | None = None) -> None:
        entries = dict(years)
        provisional: set[int] = set()
        if law is not None and provisional_through is not None:
            first = min(entries, default=provisional_through)
            for year in range(first, provisional_through + 1):
                if year not in entries:
                    entries[year] = provisional_year(law, year)
                    provisional.add(year)
        self.law = law
        self._entries = dict(sorted(entries.items()))
        self._years = tuple(self._entries)
        self._official = tuple(y for y in self._years if y not in provisional)
        self._provisional = frozenset(provisional)
        holidays = {h.date: h.name for y in self._entries.values() for h in y.holidays}
        makeup = {m.date: m.name for y in self._entries.values() for m in y.makeup_workdays}
        self._working: list[int] = []
        self._off: list[int] = []
        self._off_days: list[SkippedDay] = []
        self._makeup: list[int] = []
        self._makeup_days: list[SkippedDay] = []
        self._loaded = frozenset(self._years)
        for year in self._years:
            day = date(year, 1, 1)
            while day.year == year:
                ordinal = day.toordinal()
                if day in makeup:
                    self._working.append(ordinal)
                    self._makeup.append(ordinal)
                    self._makeup_days.append(SkippedDay(day, makeup[day]))
                elif day.weekday() < 5 and day not in holidays:
                    self._working.append(ordinal)
                else:
                    self._off.append(ordinal)
                    self._off_days.append(SkippedDay(day, holidays.get(day, "周末")))
                day += timedelta(days=1)

    # -- what is loaded ----------------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        """Every year the calendar answers for, official and provisional."""
        return self._years

    @property
    def official_years(self) -> tuple[int, ...]:
        return self._official

    @property
    def provisional_years(self) -> frozenset[int]:
        return self._provisional

    def year(self, year: int) -> CalendarYear | None:
        """The schedule of ``year`` (official or derived)."""
        return self._entries.get(year)

    def provisional_between(self, first: date, last: date) -> tuple[int, ...]:
        if first.year == last.year:  # most ranges: one year, one lookup
            return (first.year,) if first.year in self._provisional else ()
        return tuple(y for y in range(first.year, last.year + 1) if y in self._provisional)

    def _require(self, day: date) -> None:
        if day.year not in self._loaded:
            raise CalendarRangeError(day, self._years)

    # -- single days -------------------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        self._require(day)
        ordinal = day.toordinal()
        i = bisect_left(self._working, ordinal)
        return i < len(self._working) and self._working[i] == ordinal

    def reason_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name or 周末), or None for a working day."""
        self._require(day)
        i = bisect_left(self._off, day.toordinal())
        return self._off_days[i].reason if i < len(self._off) and self._off[i] == day.toordinal() else None

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        self._require(day)
        i = bisect_left(self._working, day.toordinal())
        if i >= len(self._working):
            raise CalendarRangeError(date(self._years[-1] + 1, 1, 1), self._years)
        found = date.fromordinal(self._working[i])
        for year in range(day.year + 1, found.year + 1):
            self._require(date(year, 1, 1))
        return found

    # -- counts ------------------------------------------------------------------------------------
    def due_date(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself for 0), without the explanation."""
        self._require(start)
        if days == 0:
            return start
        index = bisect_right(self._working, start.toordinal()) + days - 1
        if index >= len(self._working):
            raise CalendarRangeError(date(self._years[-1] + 1, 1, 1), self._years)
        due = date.fromordinal(self._working[index])
        for year in range(start.year + 1, due.year):
            self._require(date(year, 1, 1))  # a gap in the loaded years is never jumped over
        return due

    def _between(self, ordinals: list[int], days: list[SkippedDay], first: int, last: int) -> tuple[SkippedDay, ...]:
        return tuple(days[bisect_left(ordinals, first):bisect_right(ordinals, last)])

    def add_working_days(self, start: date, days: int) -> WorkingDayCount:
        """Count ``days`` working days after ``start`` (民法典 第二百零一条: the start day is not counted).

        ``days == 0`` means on the spot: the due date is ``start`` itself.
        """
        due = self.due_date(start, days)
        first, last = start.toordinal() + 1, due.toordinal()
        return WorkingDayCount(start, days, due, self._between(self._off, self._off_days, first, last),
                               self._between(self._makeup, self._makeup_days, first, last),
                               "working_days", self.provisional_between(start, due))

    def add_calendar_days(self, start: date, days: int) -> WorkingDayCount:
        """Count ``days`` calendar days after ``start``; a last day that is a day off rolls to the next working
        day (the time law's ``counting.last_day_off``: 民法典 第二百零三条)."""
        self._require(start)
        nominal = start + timedelta(days=days)
        if days == 0:
            return WorkingDayCount(start, 0, start, (), (), "calendar_days", self.provisional_between(start, start))
        due = self.next_working_day(nominal)
        rolled = self._between(self._off, self._off_days, nominal.toordinal(), due.toordinal() - 1)
        basis = str(self.law.counting.last_day_off) if rolled and self.law is not None else None
        return WorkingDayCount(start, days, due, rolled, (), "calendar_days", self.provisional_between(start, due),
                               nominal if rolled else None, basis)

    def count(self, start: date, days: int, unit: Unit = "working_days") -> WorkingDayCount:
        """Either count, by the limit's unit."""
        return self.add_calendar_days(start, days) if unit == "calendar_days" else self.add_working_days(start, days)


__all__ = ["DAYS_IN", "SkippedDay", "UNIT_NAMES", "Unit", "WorkingCalendar", "WorkingDayCount", "provisional_note"]
