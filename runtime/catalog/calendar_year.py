"""Working-day calendar data (工作日 / 调休), one entry per year, seeded from chinese-calendar.

Kept as config so the centre's calendar is reviewed like everything else and so a year that is not
declared is refused rather than guessed (行政许可法 第八十二条: limits count working days).
"""
from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import Model, Text


class DayOff(Model):
    date: dt.date = Field(title="日期")
    name: Text = Field(title="节日", description="如 春节")


class MakeupDay(Model):
    date: dt.date = Field(title="日期")
    name: Text = Field(title="调休上班", description="如 春节调休")


class CalendarYear(Model):
    year: int = Field(ge=2000, le=2100, title="年份")
    holidays: tuple[DayOff, ...] = Field(title="法定节假日（放假日）", description="放假的每一天各一项")
    makeup_workdays: tuple[MakeupDay, ...] = Field(default=(), title="调休上班日", description="周末调休上班的日期")
    source: Text | None = Field(default=None, title="来源", description="如 国务院办公厅节假日安排通知")

    @model_validator(mode="after")
    def _dates_in_year(self) -> "CalendarYear":
        entries: tuple[DayOff | MakeupDay, ...] = (*self.holidays, *self.makeup_workdays)
        for entry in entries:
            if entry.date.year != self.year:
                raise ValueError(f"{entry.date.isoformat()} 不属于 {self.year} 年")
        off = {h.date for h in self.holidays}
        clash = sorted(d.date for d in self.makeup_workdays if d.date in off)
        if clash:
            raise ValueError(f"同一天既是假日又是调休上班日：{clash[0].isoformat()}")
        return self


__all__ = ["CalendarYear", "DayOff", "MakeupDay"]
