"""The monthly report's figures per (department, window, item), computed live over ``cases`` or read frozen.

A closed month's figures never change unless a case changes in a way that alters them (a late event, a
decision recorded with a past date, a reopened case). So the first report of a closed month computes them
live and freezes them in ``case_month_figures``; every later report reads the frozen rows. Correctness rests
on one rule, kept in :func:`touch`: whenever the ledger rewrites a case's derived columns, it compares what
the case contributed to each closed month before and after, and raises ``case_months.version`` of every
month whose contribution changed; frozen figures are used only while ``frozen_version == version``. The
per-window, per-clerk counts of 绩效考核 (received, decided, in time) are frozen with them (``case_month_staff``).

Freezing holds the month's row lock (``SELECT … FOR UPDATE``; SQLite has one writer at a time) while it
computes, so a concurrent change either committed before (and is counted) or raises the version after (and
the month is recomputed on its next read). A month is frozen from the second day after its end (a day of
grace for a transaction still open across midnight); the current month is always live.

What the figures count (for the report's readers):

* 受理件 ``accepted``: top-level cases accepted in the month (a joint case counts once, not per department);
* 办结件 ``completed``: decided in the month (准予 or 不予); 办结率 = 办结件 / 受理件;
* 提前 / 按时 / 超期: completed cases by their decision day against the promised date;
* 结转 ``carried_over``: accepted by the month's last day, and neither decided nor closed (withdrawn) by then;
* 不予受理: received in the month and not accepted;
* 平均实际办理 / 承诺: mean counted working days (pauses excluded) and mean promised days of completed cases;
* 网办占比: accepted cases whose channel is ``online``; 收费: fees recorded on cases completed in the month.
"""
from __future__ import annotations

import calendar as month_days
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case as when, func, or_
from sqlalchemy.dialects import postgresql, sqlite

from ..store.db import db
from .tables import Case, CaseMonth, CaseMonthFigures, CaseMonthStaff

MEASURES = ("accepted", "completed", "not_accepted", "early", "on_time", "overdue", "carried_over", "online",
            "used_days", "promised_days", "fees")
GRACE = timedelta(days=1)
"""A month is frozen only once this long has passed after its last day."""

Key = tuple[str | None, str | None, str | None]
"""(department, window, item)."""
StaffKey = tuple[str | None, str]
"""(window, who created the case): the unit 绩效考核 rolls up to windows and to staff."""


@dataclass
class StaffCounts:
    """Per window and clerk in a month: cases received, decided, decided early or on time."""

    handled: int = 0
    completed: int = 0
    on_time: int = 0


@dataclass
class MonthFigures:
    figures: dict[Key, "Figures"]
    staff: dict[StaffKey, StaffCounts]


@dataclass
class Figures:
    accepted: int = 0
    completed: int = 0
    not_accepted: int = 0
    early: int = 0
    on_time: int = 0
    overdue: int = 0
    carried_over: int = 0
    online: int = 0
    used_days: int = 0
    promised_days: int = 0
    fees: Decimal = Decimal("0.00")

    def add(self, other: "Figures") -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.accepted)

    @property
    def online_share(self) -> Decimal | None:
        return percent(self.online, self.accepted)

    @property
    def average_used(self) -> Decimal | None:
        return (Decimal(self.used_days) / self.completed).quantize(Decimal("0.1")) if self.completed else None

    @property
    def average_promised(self) -> Decimal | None:
        return (Decimal(self.promised_days) / self.completed).quantize(Decimal("0.1")) if self.completed else None

    def row(self) -> list[Any]:
        return [self.accepted, self.completed, self.completion_rate, self.early, self.on_time, self.overdue,
                self.carried_over, self.not_accepted, self.average_used, self.average_promised, self.online_share,
                self.fees]


def percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01")) if whole else None


def month_range(month: str) -> tuple[date, date]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"月份应写成 YYYY-MM（如 2026-03），而不是 {month!r}")
    year, number = int(match.group(1)), int(match.group(2))
    return date(year, number, 1), date(year, number, month_days.monthrange(year, number)[1])


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def live_figures(first: date, last: date) -> dict[Key, Figures]:
    """The month's flows in one pass over the cases accepted, decided or received in it (index ranges), and the
    cases carried over (accepted by the month's end, neither decided nor closed by then) in a second, counting
    only; both grouped by (department, window, item) — the report's three views are roll-ups of this."""
    accepted = Case.accepted_on.between(first, last)
    decided = Case.decided_on.between(first, last)
    received = Case.received_on.between(first, last)
    refused = and_(received, Case.state == "not_accepted")
    keys = (Case.department, Case.window, Case.item)

    def count(condition: Any) -> Any:
        return func.sum(when((condition, 1), else_=0))

    def total(condition: Any, column: Any) -> Any:
        return func.sum(when((condition, column), else_=0))

    flows = db.select(
        *keys, count(accepted), count(decided), count(refused),
        count(and_(decided, Case.timeliness == "early")), count(and_(decided, Case.timeliness == "on_time")),
        count(and_(decided, Case.timeliness == "overdue")), count(and_(accepted, Case.channel == "online")),
        total(decided, func.coalesce(Case.working_days_used, 0)), total(decided, func.coalesce(Case.promised_days, 0)),
        total(decided, Case.fees_total),
    ).where(Case.parent_id.is_(None), or_(accepted, decided, received)).group_by(*keys)
    found: dict[Key, Figures] = {}
    for row in db.session.execute(flows):
        (acc, done, ref, early, on_time, late, online, used, promised), fees = (int(v or 0) for v in row[3:12]), row[12]
        found[(row[0], row[1], row[2])] = Figures(acc, done, ref, early, on_time, late, 0, online, used, promised,
                                                  Decimal(str(fees or 0)).quantize(Decimal("0.01")))
    not_closed = or_(Case.closed_on.is_(None), Case.closed_on > last)
    for condition in (Case.decided_on > last, and_(Case.decided_on.is_(None), not_closed)):
        carried = db.select(*keys, func.count()).where(Case.parent_id.is_(None), Case.accepted_on <= last, condition)
        for row in db.session.execute(carried.group_by(*keys)):
            found.setdefault((row[0], row[1], row[2]), Figures()).carried_over += int(row[3])
    return found


def live_staff(first: date, last: date) -> dict[StaffKey, StaffCounts]:
    """Cases received and decided in the month per (window, created_by): one pass over two index ranges."""
    received = Case.received_on.between(first, last)
    decided = Case.decided_on.between(first, last)
    counted = db.select(Case.window, Case.created_by, func.sum(when((received, 1), else_=0)),
                        func.sum(when((decided, 1), else_=0)),
                        func.sum(when((and_(decided, Case.timeliness.in_(("early", "on_time"))), 1), else_=0))
                        ).where(Case.parent_id.is_(None), or_(received, decided)).group_by(Case.window, Case.created_by)
    return {(window, person): StaffCounts(int(handled or 0), int(completed or 0), int(on_time or 0))
            for window, person, handled, completed, on_time in db.session.execute(counted)}


def live_month(first: date, last: date) -> MonthFigures:
    return MonthFigures(live_figures(first, last), live_staff(first, last))


def frozen_until(today: date) -> date:
    """Months ending before this day may be frozen."""
    return today - GRACE


def month_figures(month: str, today: date, *, live: bool = False) -> MonthFigures:
    """The figures of ``month`` as of ``today``: frozen ones if valid, else live (and frozen if the month is
    closed — this commits the session). ``live`` forces the live computation and freezes nothing."""
    first, last = month_range(month)
    if live:
        return live_month(first, last)
    state = db.session.execute(db.select(CaseMonth.version, CaseMonth.frozen_version)
                               .where(CaseMonth.month == month)).first()
    if state is not None and state[0] == state[1]:
        return _read_frozen(month)
    if last >= frozen_until(today):
        return live_month(first, last)
    return _freeze(month, first, last)


def freeze_closed(today: date, months: int = 12) -> list[str]:
    """Freeze (or re-freeze) the closed months of the past ``months`` whose frozen figures are missing or stale,
    so no report of theirs computes live (the daily snapshot calls this; each freeze commits)."""
    month, done = month_of(today), []
    for _ in range(months):
        year, number = int(month[:4]), int(month[5:])
        month = f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}"
        if month_range(month)[1] >= frozen_until(today):
            continue
        state = db.session.execute(db.select(CaseMonth.version, CaseMonth.frozen_version)
                                   .where(CaseMonth.month == month)).first()
        if state is None or state[0] != state[1]:
            month_figures(month, today)
            done.append(month)
    return done


def _insert() -> Any:
    return postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _freeze(month: str, first: date, last: date) -> MonthFigures:
    db.session.execute(_insert()(CaseMonth).values(month=month, version=0).on_conflict_do_nothing(index_elements=["month"]))
    version = db.session.execute(db.select(CaseMonth.version).where(CaseMonth.month == month).with_for_update()).scalar_one()
    found = live_month(first, last)
    db.session.execute(db.delete(CaseMonthFigures).where(CaseMonthFigures.month == month))
    db.session.execute(db.delete(CaseMonthStaff).where(CaseMonthStaff.month == month))
    if found.figures:
        db.session.execute(db.insert(CaseMonthFigures), [
            {"month": month, "department": key[0], "window": key[1], "item": key[2],
             **{name: getattr(figures, name) for name in MEASURES}} for key, figures in found.figures.items()])
    if found.staff:
        db.session.execute(db.insert(CaseMonthStaff), [
            {"month": month, "window": key[0], "created_by": key[1], "handled": counts.handled,
             "completed": counts.completed, "on_time": counts.on_time} for key, counts in found.staff.items()])
    db.session.execute(db.update(CaseMonth).where(CaseMonth.month == month)
                       .values(frozen_version=version, frozen_at=datetime.now(timezone.utc)))
    db.session.commit()
    return found


def _read_frozen(month: str) -> MonthFigures:
    rows = db.session.scalars(db.select(CaseMonthFigures).where(CaseMonthFigures.month == month))
    staff = db.session.scalars(db.select(CaseMonthStaff).where(CaseMonthStaff.month == month))
    return MonthFigures({(r.department, r.window, r.item): Figures(**{name: getattr(r, name) for name in MEASURES}) for r in rows},
                        {(r.window, r.created_by): StaffCounts(r.handled, r.completed, r.on_time) for r in staff})


Inputs = tuple[Any, ...]
"""The columns of a case that the figures read (see :func:`inputs`)."""


def inputs(case: Case) -> Inputs:
    return (case.parent_id, case.department, case.window, case.item, case.created_by, case.accepted_on, case.decided_on,
            case.received_on, case.closed_on, case.state == "not_accepted", case.channel, case.timeliness,
            case.working_days_used, case.promised_days, Decimal(str(case.fees_total or 0)).quantize(Decimal("0.01")))


def contribution(values: Inputs, before: str) -> dict[str, tuple[Any, ...]]:
    """What a case with these column values adds to each month before ``before`` (YYYY-MM)."""
    (parent, department, window, item, created_by, accepted, decided, received, closed, refused, channel, timeliness,
     used, promised, fees) = values
    out: dict[str, list[Any]] = {}
    if parent is not None:
        return {}

    def add(month: str, *part: Any) -> None:
        if month < before:
            out.setdefault(month, [(department, window, item, created_by)]).append(part)

    if accepted is not None:
        add(month_of(accepted), "accepted", channel == "online")
    if decided is not None:
        add(month_of(decided), "decided", timeliness, used or 0, promised or 0, fees)
    if received is not None:
        add(month_of(received), "received", refused)
    if accepted is not None:
        ends = [month_of(d) for d in (decided, closed) if d is not None]
        month, end = month_of(accepted), min(ends + [before])
        while month < end:
            add(month, "carried")
            month = _next_month(month)
    return {month: tuple(parts) for month, parts in out.items()}


def touch(before: Inputs | None, after: Inputs, today: date) -> list[str]:
    """Raise the version of every frozen-able month whose figures the change from ``before`` to ``after``
    alters (in the caller's transaction); returns those months."""
    if before == after:
        return []
    bound = month_of(today)
    old = contribution(before, bound) if before is not None else {}
    new = contribution(after, bound)
    months = sorted(m for m in old.keys() | new.keys() if old.get(m) != new.get(m))
    for month in months:
        db.session.execute(_insert()(CaseMonth).values(month=month, version=1).on_conflict_do_update(
            index_elements=["month"], set_={"version": CaseMonth.version + 1}))
    return months


__all__ = ["Figures", "MEASURES", "MonthFigures", "StaffCounts", "contribution", "freeze_closed", "inputs", "live_figures", "live_staff",
           "month_figures", "month_of", "month_range", "percent", "touch"]
