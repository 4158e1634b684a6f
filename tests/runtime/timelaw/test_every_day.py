"""The issue's property over every calendar day of 2024–2029 and every item of ``config/``.

The clock depends only on the received moment and the item's limits, so every day is checked against each
distinct set of limits through the clock function the decider uses (vectorised over items); full decisions
run for every item on a sample of days around each year end (where the old calendar refused) — the sample is
the expensive part, the every-day sweep is index arithmetic.

- every complete application decides: no calendar refusal, ever, within the horizon;
- ``clock.provisional`` is true exactly when the counted range touches a provisional year;
- due dates are monotonic in the received day;
- loading an official 2027 changes due dates only for ranges touching 2027.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from onewindow.runtime.calendar import WorkingCalendar, load_law, read_notice
from onewindow.runtime.decision.clock import Limits, clock_start, running
from onewindow.runtime.runtime import Runtime

ROOT = Path(__file__).parents[3]
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
FIRST, LAST = date(2024, 1, 1), date(2029, 12, 31)
DAYS = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime(ROOT / "config", engine="compiled", now=lambda: NOW)


def _limits(runtime: Runtime) -> dict[Limits, list[str]]:
    """Each distinct set of limits in force in 2024–2029, and the items carrying it."""
    found: dict[Limits, list[str]] = {}
    for item in runtime.catalog.items():
        for limit in item.time_limits:
            key = Limits(limit.promised_days, limit.statutory_days, limit.unit, limit.pauses, limit.other_pauses,
                         limit.extension_days)
            found.setdefault(key, []).append(item.code)
    for pipeline in runtime.catalog.pipelines.values():
        found.setdefault(Limits(pipeline.promised_days, pipeline.statutory_days, extension_days=pipeline.extension_days),
                         []).append(pipeline.code)
    return found


def test_every_day_every_limit(runtime: Runtime) -> None:
    calendar, centre, law = runtime.calendar, runtime.catalog.centre, load_law()
    provisional = calendar.provisional_years
    assert provisional == frozenset(range(2027, runtime.calendar_horizon + 3))
    notice, problems = read_notice(Path(__file__).with_name("notice_2027.yaml"), law)
    assert notice is not None, problems
    official = WorkingCalendar({**runtime.catalog.calendar, 2027: notice}, law=law,
                               provisional_through=runtime.calendar_horizon + 2)
    limits = _limits(runtime)
    assert len(limits) >= 10
    changed = 0
    for key, codes in limits.items():
        regime = "joint" if codes[0].startswith("QX-LB-") else "time_limited"
        previous = None
        for day in DAYS:
            received = datetime.combine(day, time(10), centre.zone)
            start = clock_start(calendar, centre, received)
            clock = running(calendar, law, received, day, start, key, regime)
            last = max(d for d in (clock.promised_due, clock.statutory_due, clock.extended_due) if d is not None)
            touched = {y for y in range(day.year, last.year + 1)} & provisional
            assert clock.provisional == bool(touched), (codes, day)
            assert set(clock.provisional_years) == touched
            assert ("暂按法定节假日推算" in clock.explanation) == bool(touched)
            dues = (clock.promised_due, clock.statutory_due)
            if previous is not None:
                assert previous[0] <= dues[0] and previous[1] <= dues[1], (codes, day)
            previous = dues
            other = official.count(clock_start(official, centre, received).at.date(), key.statutory, key.unit).due
            if day.year <= 2027 <= max(last, other).year:
                changed += other != clock.statutory_due
            else:
                assert other == clock.statutory_due, (codes, day)
    assert changed, "载入 2027 年正式安排应当改变部分到期日"


def _complete(runtime: Runtime, code: str, received: datetime) -> dict:
    item = runtime.catalog.item(code, on=received.date()) or runtime.catalog.item(code)
    materials = {m.id: {"form": "original" if m.form == "original_or_copy" else m.form, "originals": m.originals,
                        "copies": max(m.copies, 1 if m.form == "original_or_copy" and not m.originals else 0)}
                 for m in item.materials}
    return {"item": code, "applicant": {"kind": item.audience[0], "name": "申请人"}, "materials": materials,
            "received_at": received.isoformat()}


SAMPLE = sorted({*(date(y, 12, d) for y in range(2024, 2030) for d in (10, 20, 31)),
                 *(date(2026, 12, 1) + timedelta(days=i) for i in range(0, 41, 2)), date(2029, 12, 28)})


def test_complete_applications_decide_around_every_year_end(runtime: Runtime) -> None:
    zone = runtime.catalog.centre.zone
    decided = 0
    for code in sorted(runtime.catalog.item_versions):
        for day in SAMPLE:
            received = datetime.combine(day, time(10), zone)
            decision = runtime.decide(_complete(runtime, code, received))  # never an ApplicationError
            decided += 1
            if decision.clock.starts_at is not None:
                last = max(d for d in (decision.clock.promised_due, decision.clock.statutory_due,
                                       decision.clock.extended_due) if d is not None)
                assert decision.clock.provisional == any(2027 <= y for y in range(day.year, last.year + 1)), (code, day)
    assert decided == len(runtime.catalog.item_versions) * len(SAMPLE)
    late = datetime(2029, 12, 31, 23, 30, tzinfo=zone)  # after hours on the horizon's last day: starts in 2030
    assert runtime.decide(_complete(runtime, "QX-NY-001", late)).clock.provisional
