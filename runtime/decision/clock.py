"""The clock (承诺时限): when it starts, and the promised, statutory and extended due dates.

An application received after hours, at lunch, on a weekend or a holiday starts the clock at the next
working moment; the day of acceptance is not counted (民法典 第二百零一条); limits count working days
(行政许可法 第八十二条) unless the law gives calendar days (then a last day off rolls over, 民法典 第二百零三条).
The 第四十五条 procedures are named as not counted; the extension the regime allows (第四十二条) is dated;
every date in a provisional calendar year is marked. Each article quoted comes from the time law
(``calendar/law.yaml``: ``counting``, ``extensions``), never from a string here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from ..calendar import UNIT_NAMES, Unit, WorkingCalendar, WorkingDayCount, provisional_note
from ..calendar.law import TimeLaw
from ..catalog import Centre
from ..catalog.names import PAUSE_NAMES
from .decision import Clock, SkippedDay
from .memo import DecisionMemo, opening_sessions


class ClockStart(NamedTuple):
    at: datetime
    after_hours: bool
    working_day: bool
    reason: str | None


def clock_start(calendar: WorkingCalendar, centre: Centre, received: datetime,
                sessions: tuple[tuple[time, time], ...] | None = None) -> ClockStart:
    """The next working moment at or after ``received`` (local time); ``sessions``: the centre's opening hours
    already read (:func:`~.memo.opening_sessions`)."""
    sessions = sessions if sessions is not None else opening_sessions(centre.hours)
    day, moment = received.date(), received.time()  # time(): the wall-clock time, without its zone
    working_day = calendar.is_working_day(day)
    if working_day:
        for start, end in sessions:
            if moment < start:
                reason = "早于办公时间" if start == sessions[0][0] else "午间休息"
                return ClockStart(received.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0), True, True, f"{reason}收件，自 {start.hour:02d}:{start.minute:02d} 起算")
            if moment < end:
                return ClockStart(received, False, True, None)
    reason_off = calendar.reason_off(day)
    nxt = calendar.next_working_day(day + timedelta(days=1))
    first = sessions[0][0]
    start_at = datetime.combine(nxt, first, tzinfo=received.tzinfo)
    why = f"{reason_off}收件" if reason_off else "下班后收件"
    return ClockStart(start_at, True, working_day, f"{why}，顺延至 {nxt.isoformat()} {first.hour:02d}:{first.minute:02d} 起算")


def skipped(count: WorkingDayCount, memo: DecisionMemo | None = None) -> tuple[tuple[SkippedDay, ...], tuple[SkippedDay, ...]]:
    """The days off the count skipped and the make-up working days it counted (``memo`` shares equal ones)."""
    if memo is not None:
        return memo.skipped_days(count.skipped), memo.skipped_days(count.makeup_days)
    return (tuple(SkippedDay.trusted(date=s.day, reason=s.reason) for s in count.skipped),
            tuple(SkippedDay.trusted(date=s.day, reason=s.reason) for s in count.makeup_days))


@dataclass(frozen=True)
class Limits:
    """What the clock counts: days, unit, the 第四十五条 pauses and other pauses, the declared extension;
    ``statutory_unit`` when the statute counts in another unit than the promise (``None``: the same)."""

    promised: int
    statutory: int
    unit: Unit = "working_days"
    pauses: tuple[str, ...] = ()
    other_pauses: tuple[str, ...] = ()
    extension_days: int = 0
    statutory_unit: Unit | None = None

    @property
    def statute_unit(self) -> Unit:
        return self.statutory_unit or self.unit

    @property
    def other_statute_unit(self) -> Unit | None:
        """The statute's unit when it differs from the promise's (what :class:`Clock` reports), else ``None``."""
        return self.statutory_unit if self.statutory_unit not in (None, self.unit) else None


def not_started(calendar: WorkingCalendar, received: datetime, local_day: date, notice_deadline: date | None,
                limits: Limits) -> Clock:
    """An application not accepted: no dates, but the limits are kept (a case opened for a supplement starts this
    clock once accepted) and a supplement keeps the notice deadline, quoting the time law's
    ``counting.supplement_notice`` (行政许可法 第三十二条) with its description."""
    explanation = "未受理，不计时"
    years: tuple[int, ...] = ()
    if notice_deadline is not None:
        rule = calendar.law.counting.supplement_notice if calendar.law is not None else None
        explanation += f"；补正告知期限 {notice_deadline.isoformat()}" + (f"（{rule}：{rule.description}）" if rule else "")
        years = calendar.provisional_between(local_day, notice_deadline)
        if years:
            explanation += "；" + provisional_note(years)
    return Clock.trusted(received_at=received, starts_at=None, promised_days=limits.promised, statutory_days=limits.statutory,
                 unit=limits.unit, statutory_unit=limits.other_statute_unit, explanation=explanation, notice_deadline=notice_deadline,
                 provisional=bool(years), provisional_years=years)


def running(calendar: WorkingCalendar, law: TimeLaw | None, received: datetime, local_day: date, start: ClockStart,
            limits: Limits, regime: str, memo: DecisionMemo | None = None) -> Clock:
    """The clock of an accepted application: due dates in the limit's units (the statute's may differ from the
    promise's), pauses, extension, provisional years. The days skipped are those of the longer count when both
    count in one unit, else those of the promise (the count in ``Clock.unit``, the one the explanation details)."""
    start_day = start.at.date()
    mixed = limits.other_statute_unit
    promised = calendar.count(start_day, limits.promised, limits.unit)
    statutory = promised if limits.statutory == limits.promised and mixed is None else \
        calendar.count(start_day, limits.statutory, limits.statute_unit)
    skipped_days, makeup = skipped(statutory if mixed is None and limits.statutory >= limits.promised else promised, memo)
    cap = law.extensions.get(regime) if law is not None else None
    extension = min(limits.extension_days, cap.days) if cap is not None else 0
    extended = calendar.count(statutory.due, extension, limits.unit) if extension else None
    last = max(promised.due, statutory.due) if extended is None else max(promised.due, statutory.due, extended.due)
    years = calendar.provisional_between(local_day, last)
    unit_name = UNIT_NAMES[limits.unit]
    if limits.promised:
        parts = [promised.explain(provisional=False)]
    else:
        parts = [f"即办：{start_day.isoformat()} 当场办结"]
    if start.reason:
        parts.insert(0, start.reason)
    if limits.statutory:
        parts.append(f"法定时限 {limits.statutory} {UNIT_NAMES[limits.statute_unit]}，至 {statutory.due.isoformat()}")
    if limits.pauses:
        basis = f"（{law.counting.excluded_procedures}）" if law is not None else ""
        parts.append("、".join(PAUSE_NAMES[p] for p in limits.pauses) + f"所需时间不计入时限{basis}，所需时间书面告知申请人")
    if limits.other_pauses:
        parts.append("、".join(PAUSE_NAMES[p] for p in limits.other_pauses) + "期间不计入时限（依审批依据）")
    if extended is not None and cap is not None:
        parts.append(f"法定时限内不能办结的，经{cap.approver}批准可延长 {extension} {unit_name}，至 {extended.due.isoformat()}"
                     f"（{cap}）")
    if years:
        parts.append(provisional_note(years))
    return Clock.trusted(received_at=received, starts_at=start.at, start_reason=start.reason,
                 promised_days=limits.promised, statutory_days=limits.statutory, promised_due=promised.due,
                 statutory_due=statutory.due, pauses=limits.pauses + limits.other_pauses, skipped=skipped_days,
                 makeup_days=makeup, explanation="；".join(parts), unit=limits.unit, statutory_unit=mixed,
                 extension_days=extension, extended_due=extended.due if extended else None,
                 extension_approver=cap.approver if extended is not None and cap is not None else None,
                 provisional=bool(years), provisional_years=years)


__all__ = ["ClockStart", "Limits", "clock_start", "not_started", "running", "skipped"]
