"""Official schedules: the State Council notice (国务院办公厅关于 YEAR 年部分节假日安排的通知) typed in as YAML,
or seeded from chinese-calendar — each turned into a ``calendar`` entry and checked against the law.

A notice lists holidays as ranges (「春节：2月5日至13日放假调休，共9天」) and make-up working days one by one
(「2月7日（星期日）上班」); the catalog keeps one entry per day so reviewers see every day.
"""
from __future__ import annotations

import json
import datetime as dt
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from ..catalog import CalendarYear
from ..catalog.base import Model, Text
from ..errors import Problem
from .law import TimeLaw, check_schedule


class HolidayRange(Model):
    name: Text = Field(title="节日", description="如 春节")
    start: date = Field(title="放假起始日", alias="from")
    end: date = Field(title="放假结束日", alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> "HolidayRange":
        if self.end < self.start:
            raise ValueError(f"结束日 {self.end.isoformat()} 早于起始日 {self.start.isoformat()}")
        if (self.end - self.start).days > 15:
            raise ValueError("一段假期不超过 16 天，请检查日期")
        return self

    def dates(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1))


class NoticeWorkday(Model):
    date: dt.date = Field(title="日期")
    name: Text = Field(title="节日", description="为哪个节日调休，如 春节")


class HolidayNotice(Model):
    """The notice as published: ranges of days off and single make-up working days."""

    year: int = Field(ge=2000, le=2100, title="年份")
    source: Text = Field(title="来源", description="通知名称及文号，如 国办发明电〔2026〕7号")
    holidays: tuple[HolidayRange, ...] = Field(min_length=1, title="放假安排")
    makeup_workdays: tuple[NoticeWorkday, ...] = Field(default=(), title="调休上班日")

    def calendar_year(self) -> dict[str, Any]:
        """The ``calendar`` entry (one line per day), not yet checked against the law."""
        return {"year": self.year,
                "holidays": [{"date": d, "name": r.name} for r in self.holidays for d in r.dates()],
                "makeup_workdays": [{"date": m.date, "name": f"{m.name}调休上班"} for m in self.makeup_workdays],
                "source": self.source}


def notice_problems(notice: HolidayNotice) -> list[tuple[tuple[str | int, ...], str]]:
    """Shape problems a per-day entry cannot show: overlapping ranges, make-up days inside a range."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    taken: dict[date, int] = {}
    for i, holiday in enumerate(notice.holidays):
        for day in holiday.dates():
            if day.year != notice.year:
                found.append((("holidays", i, "to"), f"{day.isoformat()} 不属于 {notice.year} 年"))
                break
            if day in taken:
                found.append((("holidays", i, "from"), f"与第 {taken[day] + 1} 段假期重叠（{day.isoformat()}）"))
                break
            taken[day] = i
    for i, makeup in enumerate(notice.makeup_workdays):
        if makeup.date in taken:
            found.append((("makeup_workdays", i, "date"), f"{makeup.date.isoformat()} 在放假期间，不能同时是调休上班日"))
    return found


def law_problems(law: TimeLaw, entry: CalendarYear) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    for where, message in check_schedule(law, entry):
        group, _, rest = where.partition("[")
        path: tuple[str | int, ...] = (group,) if not rest else (group, int(rest.split("]")[0]), "date")
        out.append((path, message))
    return out


def read_notice(path: Path, law: TimeLaw) -> tuple[CalendarYear | None, list[Problem]]:
    """Parse, validate and check a notice file; every problem carries the file, line and field."""
    from ..loading.messages import field_path, relevant_errors, translate, yaml_loc
    from ..loading.yaml_source import locate, parse, position_tree

    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, 1, 1, "", "unreadable", f"无法读取文件：{exc}")]
    data, problem = parse(text, shown)
    if problem is not None:
        return None, [problem]
    tree = position_tree(text)

    def at(loc: tuple[str | int, ...], code: str, message: str) -> Problem:
        line, col = locate(tree, loc)
        return Problem(shown, line, col, field_path(loc), code, message)

    if not isinstance(data, dict):
        return None, [Problem(shown, 1, 1, "", "notice-shape", "通知文件应为映射：year、source、holidays、makeup_workdays")]
    try:
        notice = HolidayNotice.model_validate(data)
    except ValidationError as exc:
        return None, [at(yaml_loc(tuple(e["loc"])), e["type"].replace("_", "-"), translate(e))
                      for e in relevant_errors(exc.errors(include_url=False))]
    problems = [at(loc, "notice-overlap", message) for loc, message in notice_problems(notice)]
    if problems:
        return None, problems
    entry = CalendarYear.model_validate(notice.calendar_year())
    problems = [at(loc, "calendar-law", message) for loc, message in law_problems(law, entry)]
    return (None if problems else entry), problems


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


def calendar_yaml(entry: CalendarYear, header: str) -> str:
    """The ``config/calendar/YEAR.yaml`` text of one entry (one flow mapping per day, like the seeded files)."""
    lines = [f"# {line}" for line in header.splitlines()]
    lines += ["calendar:", f"  - year: {entry.year}", "    holidays:"]
    lines += [f"      - {{date: {h.date.isoformat()}, name: {h.name}}}" for h in entry.holidays]
    if entry.makeup_workdays:
        lines.append("    makeup_workdays:")
        lines += [f"      - {{date: {m.date.isoformat()}, name: {m.name}}}" for m in entry.makeup_workdays]
    if entry.source:
        lines.append(f"    source: {json.dumps(entry.source, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


__all__ = ["HolidayNotice", "HolidayRange", "NoticeWorkday", "calendar_yaml", "law_problems", "notice_problems",
           "read_notice", "seed_year"]
