"""The issue's property over every calendar day of 2024–2029 and every item of ``config/``.

A complete application of every item version (and of every joint-approval bundle) is *decided in full*
(:meth:`Runtime.decide`, compiled engine; the durable engine on a sample, see ``test_time_law.py``) on
every calendar day of 2024–2029, received at 10:00 Beijing time:

- it decides — no calendar refusal, ever, within the horizon — and is accepted (its clock runs);
- ``clock.provisional`` is true exactly when the counted range touches a provisional year (2027 on);
- the promised, statutory and extended due dates are monotonic in the received day;
- loading an official 2027 (the sample notice beside this file) changes the promised and statutory due
  dates only for ranges touching 2027, and does change some.

The durable engine decides the same on a sample of days (:func:`test_durable_engine_decides_the_same_on_a_sample`).
The runtime is built once; each item's complete application is built once per version and only its
received time changes. The official-2027 due dates are counted with the same calendar index the decider
uses, once per distinct (start, days, unit) — the decision itself is never recomputed by the test.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from onewindow.runtime.calendar import WorkingCalendar, load_law, read_notice
from onewindow.runtime.catalog import Item
from onewindow.runtime.decision.clock import clock_start
from onewindow.runtime.runtime import Runtime, application_from

ROOT = Path(__file__).parents[3]
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
FIRST, LAST = date(2024, 1, 1), date(2029, 12, 31)
DAYS = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
STARTED = ("accept", "escalate")
"""Outcomes of a complete application: accepted here, or accepted and escalated (报批件) — the clock runs."""


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime(ROOT / "config", engine="compiled", now=lambda: NOW)


def _answer(situation: Any) -> Any:
    """A plain, valid answer: no, the first choice, the lower bound, a date inside the range."""
    if situation.kind == "yes_no":
        return False
    if situation.kind == "choice":
        return situation.choice_values()[0]
    if situation.kind == "date":
        return FIRST
    return situation.minimum if situation.minimum is not None else 1


def _as_required(required: Any) -> dict[str, Any]:
    form = "original" if required.form == "original_or_copy" else required.form
    return {"form": form, "originals": required.originals,
            "copies": max(required.copies, 1 if required.form == "original_or_copy" and not required.originals else 0)}


def complete_application(runtime: Runtime, items: Iterable[Item], head: dict[str, Any], day: date) -> dict[str, Any]:
    """Every situation answered and every material handed in as required; what the one-time notice still
    asks for (materials of the answers given) is added — the application a careful applicant brings."""
    items = list(items)
    catalog = runtime.catalog
    kinds = [k for k in items[0].audience if all(k in it.audience for it in items)]
    data: dict[str, Any] = {
        **head, "applicant": {"kind": kinds[0], "name": "申请人"},
        "facts": {s: _answer(catalog.situations[s]) for it in items for s in it.situations},
        "materials": {m.id: _as_required(m) for it in items for m in it.materials if m.when is None},
        "received_at": datetime.combine(day, time(10), catalog.centre.zone).isoformat()}
    for _ in range(4):
        decision = runtime.decide(data)
        if decision.outcome != "supplement":
            break
        for question in decision.notice.questions:
            data["facts"][question.situation] = _answer(catalog.situations[question.situation])
        for entry in [*decision.notice.entries, *(m for q in decision.notice.questions for m in q.materials)]:
            data["materials"][entry.material] = _as_required(entry.required)
    assert decision.outcome in STARTED, (head, day, decision.outcome, decision.reason)
    return data


def _versions_in_range(runtime: Runtime) -> list[tuple[str, dict[str, Any], list[date]]]:
    """(label, head, days) per item version in force on some day of 2024–2029 and per bundle; ``head`` is
    what names the item or bundle in an application."""
    out: list[tuple[str, dict[str, Any], list[date]]] = []
    catalog = runtime.catalog
    for code in sorted(catalog.item_versions):
        latest = catalog.item(code)
        by_version: dict[int, tuple[Item, list[date]]] = {}
        for day in DAYS:  # the version in force that day (the latest one where none is)
            item = catalog.item(code, on=day) or latest
            by_version.setdefault(id(item), (item, []))[1].append(day)  # type: ignore[arg-type]
        out += [(f"{code}@{item.valid_from or ''}", {"item": code}, days) for item, days in by_version.values()]
    for code, pipeline in sorted(catalog.pipelines.items()):
        out.append((code, {"pipeline": {"code": code, "items": list(pipeline.item_codes())}}, DAYS))
    return out


def test_every_day_every_item_decides_in_full(runtime: Runtime) -> None:
    catalog, calendar, law = runtime.catalog, runtime.calendar, load_law()
    zone = catalog.centre.zone
    provisional = calendar.provisional_years
    assert provisional == frozenset(range(2027, runtime.calendar_horizon + 3))
    notice, problems = read_notice(Path(__file__).with_name("notice_2027.yaml"), law)
    assert notice is not None, problems
    official = WorkingCalendar({**catalog.calendar, 2027: notice}, law=law, provisional_through=runtime.calendar_horizon + 2)
    starts: dict[date, date] = {}
    counted: dict[tuple[date, int, str], date] = {}

    def official_due(day: date, days: int, unit: str) -> date:
        """The due date with the official 2027 loaded: the same index the decider counts with."""
        if day not in starts:
            starts[day] = clock_start(official, catalog.centre, datetime.combine(day, time(10), zone)).at.date()
        key = (starts[day], days, unit)
        if key not in counted:
            counted[key] = official.count(starts[day], days, unit).due  # type: ignore[arg-type]
        return counted[key]

    decided = changed = 0
    versions = _versions_in_range(runtime)
    assert len(versions) >= len(catalog.item_versions) + len(catalog.pipelines)
    for label, head, days in versions:
        base = application_from(complete_application(
            runtime, [catalog.item(c, on=days[0]) or catalog.item(c)  # type: ignore[misc]
                      for c in head.get("pipeline", {}).get("items", [head.get("item")])], head, days[0]))
        previous: tuple[date, ...] | None = None
        for day in days:
            decision = runtime.decide(base.model_copy(update={"received_at": datetime.combine(day, time(10), zone)}))
            decided += 1
            clock = decision.clock
            assert decision.outcome in STARTED and clock.starts_at is not None, (label, day, decision.outcome)
            assert clock.promised_due is not None and clock.statutory_due is not None
            last = max(d for d in (clock.promised_due, clock.statutory_due, clock.extended_due) if d is not None)
            touched = set(range(day.year, last.year + 1)) & provisional
            assert clock.provisional == bool(touched), (label, day)
            assert set(clock.provisional_years) == touched, (label, day)
            assert ("暂按法定节假日推算" in clock.explanation) == bool(touched), (label, day)
            dues = (clock.promised_due, clock.statutory_due, clock.extended_due or clock.statutory_due)
            assert previous is None or all(a <= b for a, b in zip(previous, dues)), (label, day, previous, dues)
            previous = dues
            for days_, due in ((clock.promised_days or 0, clock.promised_due), (clock.statutory_days or 0, clock.statutory_due)):
                other = official_due(day, days_, clock.unit)
                if day.year <= 2027 <= max(due, other).year:
                    changed += other != due
                else:
                    assert other == due, (label, day, days_, due, other)
    assert decided == sum(len(days) for _, _, days in versions) >= len(DAYS) * len(catalog.item_versions)
    assert changed, "载入 2027 年正式安排应当改变部分到期日"


def test_after_hours_on_the_horizon_last_day(runtime: Runtime) -> None:
    """Received after hours on 2029-12-31 the clock starts in 2030, still inside the derivable range."""
    item = runtime.catalog.item("QX-NY-001")
    assert item is not None
    data = complete_application(runtime, [item], {"item": "QX-NY-001"}, date(2029, 12, 28))
    late = datetime(2029, 12, 31, 23, 30, tzinfo=runtime.catalog.centre.zone)
    clock = runtime.decide({**data, "received_at": late.isoformat()}).clock
    assert clock.starts_at is not None and clock.starts_at.year == 2030 and 2030 in clock.provisional_years


SAMPLE = sorted({date(y, m, d) for y in range(2024, 2030) for m, d in ((1, 2), (9, 30), (12, 10), (12, 31))})
"""Days for the durable engine: each year's first working days, the eve of National Day, mid-December (the old
year-end cliff) and New Year's Eve."""


def test_durable_engine_decides_the_same_on_a_sample(runtime: Runtime) -> None:
    """The durable-rules engine gives the compiled engine's decision, clock included, for every item and bundle on
    the sample days (the every-day sweep above runs the compiled engine)."""
    from onewindow.runtime.engines import durable

    if not durable.available():
        pytest.skip("durable-rules 不可用（Python ≥ 3.13?）")
    slow = Runtime(ROOT / "config", engine="durable", now=lambda: NOW)
    assert slow.engine_name == "durable"
    zone = runtime.catalog.centre.zone
    compared = 0
    for label, head, days in _versions_in_range(runtime):
        chosen = [d for d in SAMPLE if d in set(days)]
        if not chosen:
            continue
        codes = head.get("pipeline", {}).get("items", [head.get("item")])
        base = application_from(complete_application(
            runtime, [runtime.catalog.item(c, on=chosen[0]) or runtime.catalog.item(c) for c in codes],  # type: ignore[misc]
            head, chosen[0]))
        for day in chosen:
            application = base.model_copy(update={"received_at": datetime.combine(day, time(10), zone)})
            fast, durable_decision = runtime.decide(application), slow.decide(application)
            assert durable_decision.model_dump(exclude={"engine"}) == fast.model_dump(exclude={"engine"}), (label, day)
            compared += 1
    assert compared >= len(runtime.catalog.item_versions) * len(SAMPLE) // 2
