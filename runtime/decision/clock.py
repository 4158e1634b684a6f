"""The clock (承诺时限): when it starts, and the promised and statutory due dates in working days.

An application received after hours, at lunch, on a weekend or a holiday starts the clock at the next
working moment; the day of acceptance is not counted (民法典 第二百零一条); only working days count
(行政许可法 第八十二条).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..calendar import WorkingCalendar, WorkingDayCount
from ..catalog import Centre
from .decision import SkippedDay


def _t(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


@dataclass(frozen=True)
class ClockStart:
    at: datetime
    after_hours: bool
    working_day: bool
    reason: str | None


def clock_start(calendar: WorkingCalendar, centre: Centre, received: datetime) -> ClockStart:
    """The next working moment at or after ``received`` (local time)."""
    sessions = [(_t(s.start), _t(s.end)) for s in centre.hours]
    day, moment = received.date(), received.time().replace(tzinfo=None)
    working_day = calendar.is_working_day(day)
    if working_day:
        for start, end in sessions:
            if moment < start:
                reason = "早于办公时间" if start == sessions[0][0] else "午间休息"
                return ClockStart(received.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0), True, True, f"{reason}收件，自 {start.strftime('%H:%M')} 起算")
            if moment < end:
                return ClockStart(received, False, True, None)
    reason_off = calendar.reason_off(day)
    nxt = calendar.next_working_day(day + timedelta(days=1))
    first = sessions[0][0]
    start_at = datetime.combine(nxt, first, tzinfo=received.tzinfo)
    why = f"{reason_off}收件" if reason_off else "下班后收件"
    return ClockStart(start_at, True, working_day, f"{why}，顺延至 {nxt.isoformat()} {first.strftime('%H:%M')} 起算")


def skipped(count: WorkingDayCount) -> tuple[tuple[SkippedDay, ...], tuple[SkippedDay, ...]]:
    return (tuple(SkippedDay(date=s.day, reason=s.reason) for s in count.skipped),
            tuple(SkippedDay(date=s.day, reason=s.reason) for s in count.makeup_days))


__all__ = ["ClockStart", "clock_start", "skipped"]
