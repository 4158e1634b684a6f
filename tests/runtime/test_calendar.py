"""Working days of 2026 (glossary facts, checked against chinese-calendar 1.11) and refusing unloaded years."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from onewindow.runtime import CalendarRangeError
from onewindow.runtime.calendar import WorkingCalendar, seed_year
from onewindow.runtime.catalog import CalendarYear

CONFIG = Path(__file__).parents[2] / "config"


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar({2026: CalendarYear.model_validate(seed_year(2026))})


@pytest.mark.parametrize("day", [date(2026, 2, d) for d in range(15, 24)])
def test_calendar_spring_festival_off(calendar: WorkingCalendar, day: date) -> None:
    assert not calendar.is_working_day(day)
    assert calendar.reason_off(day) == "春节"


@pytest.mark.parametrize("day", [date(2026, 10, d) for d in range(1, 8)])
def test_calendar_national_day_off(calendar: WorkingCalendar, day: date) -> None:
    assert calendar.reason_off(day) == "国庆节"


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)])
def test_calendar_makeup_weekend_is_working_day(calendar: WorkingCalendar, day: date) -> None:
    assert day.weekday() >= 5
    assert calendar.is_working_day(day)


def test_calendar_mid_autumn_and_ordinary_days(calendar: WorkingCalendar) -> None:
    assert calendar.reason_off(date(2026, 9, 25)) == "中秋节"
    assert calendar.reason_off(date(2026, 3, 7)) == "周末"
    assert calendar.is_working_day(date(2026, 3, 9))


def test_calendar_add_working_days_across_national_day(calendar: WorkingCalendar) -> None:
    # accepted Tue 2026-09-29; the day of acceptance is not counted (民法典 第二百零一条)
    count = calendar.add_working_days(date(2026, 9, 29), 5)
    # 09-30 (1), 10-01..07 off, 10-08 (2), 10-09 (3), 10-10 Sat make-up (4), 10-11 Sun, 10-12 (5)
    assert count.due == date(2026, 10, 12)
    assert [s.day for s in count.skipped if s.reason == "国庆节"] == [date(2026, 10, d) for d in range(1, 8)]
    assert [m.day for m in count.makeup_days] == [date(2026, 10, 10)]
    explanation = count.explain()
    assert "国庆节" in explanation and "2026-10-01" in explanation
    assert "调休上班日计入：2026-10-10" in explanation
    assert "至 2026-10-12" in explanation


def test_calendar_add_working_days_zero_is_same_day(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(date(2026, 10, 3), 0).due == date(2026, 10, 3)


def test_calendar_spring_festival_makeup_counted(calendar: WorkingCalendar) -> None:
    count = calendar.add_working_days(date(2026, 2, 13), 2)  # Fri → Sat 02-14 (make-up), then 02-24
    assert count.due == date(2026, 2, 24)
    assert "2026-02-14" in count.explain() and "春节" in count.explain()


def test_calendar_next_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert calendar.next_working_day(date(2026, 10, 8)) == date(2026, 10, 8)


@pytest.mark.parametrize("call", [
    lambda c: c.is_working_day(date(2027, 1, 4)),
    lambda c: c.add_working_days(date(2026, 12, 30), 5),
    lambda c: c.add_working_days(date(2025, 12, 30), 1),
    lambda c: c.next_working_day(date(2027, 1, 1)),
])
def test_calendar_unloaded_year_raises(calendar: WorkingCalendar, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarRangeError) as caught:
        call(calendar)
    assert caught.value.loaded_years == (2026,)
    assert "不作推测" in str(caught.value)


def test_calendar_seed_2027_not_known_yet() -> None:
    with pytest.raises(NotImplementedError):
        seed_year(2027)


@pytest.mark.skipif(not (CONFIG / "calendar" / "2026.yaml").exists(), reason="config/ calendar not written yet")
def test_calendar_config_2026_equals_seed() -> None:
    data = YAML(typ="safe").load((CONFIG / "calendar" / "2026.yaml").read_text(encoding="utf-8"))
    [entry] = data["calendar"]
    seeded = seed_year(2026)
    assert entry["holidays"] == seeded["holidays"]
    assert entry["makeup_workdays"] == seeded["makeup_workdays"]
    assert CalendarYear.model_validate(entry) == CalendarYear.model_validate({**seeded, "source": entry.get("source")})
