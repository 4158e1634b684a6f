"""Working days (行政许可法 第八十二条: limits count working days, public holidays excluded).

:class:`WorkingCalendar` answers from the catalog's own calendar data only; a day in a year that was not
loaded raises :class:`CalendarRangeError` — a due date is a promise, never a guess.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .catalog import CalendarYear
from .errors import CalendarRangeError


@dataclass(frozen=True)
class SkippedDay:
    """A day the count passed over, and why (weekend, or the holiday's name)."""

    day: date
    reason: str


@dataclass(frozen=True)
class WorkingDayCount:
    """Result of counting working days: the due date, and every non-working or make-up day met on the way."""

    start: date
    days: int
    due: date
    skipped: tuple[SkippedDay, ...]
    makeup_days: tuple[SkippedDay, ...]

    def explain(self) -> str:
        """A Chinese sentence naming each holiday and 调休 day that shaped the due date."""
        parts = [f"自 {self.start.isoformat()} 起算 {self.days} 个工作日，至 {self.due.isoformat()}"]
        holidays = [s for s in self.skipped if s.reason != "周末"]
        weekends = len(self.skipped) - len(holidays)
        if holidays:
            parts.append("跳过节假日：" + "、".join(f"{s.day.isoformat()}（{s.reason}）" for s in holidays))
        if weekends:
            parts.append(f"跳过周末 {weekends} 天")
        if self.makeup_days:
            parts.append("调休上班日计入：" + "、".join(f"{s.day.isoformat()}（{s.reason}）" for s in self.makeup_days))
        return "；".join(parts)


class WorkingCalendar:
    """Working-day arithmetic over the loaded calendar years."""

    def __init__(self, years: Mapping[int, CalendarYear]) -> None:
        self._years = tuple(sorted(years))
        self._holidays = {h.date: h.name for y in years.values() for h in y.holidays}
        self._makeup = {m.date: m.name for y in years.values() for m in y.makeup_workdays}
        self._working: list[date] = []
        self._position: dict[date, int] = {}
        """Every working day of the loaded years in order, and for every loaded day the index of the first
        working day after it — so a due date is one lookup, not a day-by-day walk."""
        for year in self._years:
            day = date(year, 1, 1)
            while day.year == year:
                self._position[day] = len(self._working) + (0 if not self._is_working(day) else 1)
                if self._is_working(day):
                    self._working.append(day)
                day += timedelta(days=1)

    def _is_working(self, day: date) -> bool:
        return day in self._makeup or (day.weekday() < 5 and day not in self._holidays)

    def due_date(self, start: date, days: int) -> date:
        """Same due date as :meth:`add_working_days`, by index arithmetic."""
        self._require(start)
        if days == 0:
            return start
        index = self._position[start] + days - 1
        if index >= len(self._working):
            raise CalendarRangeError(date(self._years[-1] + 1, 1, 1), self._years)
        due = self._working[index]
        for year in range(start.year + 1, due.year):
            self._require(date(year, 1, 1))  # a gap in the loaded years is never jumped over
        return due

    @property
    def years(self) -> tuple[int, ...]:
        return self._years

    def _require(self, day: date) -> None:
        if day.year not in self._years:
            raise CalendarRangeError(day, self._years)

    def is_working_day(self, day: date) -> bool:
        self._require(day)
        if day in self._makeup:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def reason_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name or 周末), or None for a working day."""
        if self.is_working_day(day):
            return None
        return self._holidays.get(day, "周末")

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> WorkingDayCount:
        """Count ``days`` working days after ``start`` (民法典 第二百零一条: the start day is not counted).

        ``days == 0`` means on the spot: the due date is ``start`` itself.
        """
        skipped: list[SkippedDay] = []
        makeup: list[SkippedDay] = []
        day, left = start, days
        self._require(start)
        while left > 0:
            day += timedelta(days=1)
            reason = self.reason_off(day)
            if reason is not None:
                skipped.append(SkippedDay(day, reason))
                continue
            if day in self._makeup:
                makeup.append(SkippedDay(day, self._makeup[day]))
            left -= 1
        return WorkingDayCount(start, days, day, tuple(skipped), tuple(makeup))


def seed_year(year: int) -> dict[str, object]:
    """A ``calendar`` entry for ``year`` from chinese-calendar (raises NotImplementedError for unknown years)."""
    import chinese_calendar
    from chinese_calendar.constants import holidays as known_holidays, workdays

    names = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
             "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
             "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}
    first, last = date(year, 1, 1), date(year, 12, 31)
    chinese_calendar.is_workday(first)  # raises NotImplementedError when the library has no data for the year
    holidays = [{"date": d, "name": names.get(str(known_holidays[d]), str(known_holidays[d]))}
                for d in sorted(known_holidays) if first <= d <= last]
    makeup = [{"date": d, "name": names.get(str(workdays[d]), str(workdays[d])) + "调休上班"}
              for d in sorted(workdays) if first <= d <= last and d.weekday() >= 5]
    return {"year": year, "holidays": holidays, "makeup_workdays": makeup,
            "source": f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()}


__all__ = ["SkippedDay", "WorkingCalendar", "WorkingDayCount", "seed_year"]
