"""Properties of the case clock over generated event logs (hypothesis).

* the due dates stored as each event was appended (what the admin keeps in its columns) are identical to the
  ones replayed from the log afterwards, also after the log went through JSON;
* a pause never shortens any deadline: removing every pause from a log never moves a due date later, and a
  pause that ends later never moves one earlier;
* ``due_after`` agrees with walking the calendar day by day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from onewindow.runtime.calendar import WorkingCalendar
from onewindow.runtime.cases import CaseError, CaseEvent, CaseStatus, Lifecycle, due_after, load_lifecycle, replay

from .conftest import CST, POLICY, _years, basis

CALENDAR = WorkingCalendar(_years())
LIFECYCLE: Lifecycle = load_lifecycle()
FIELDS: dict[str, Any] = {
    "request_supplement": lambda d: {"reason": "缺材料"},
    "not_accept": lambda d: {"reason": "不属于本机关职权"},
    "withdraw": lambda d: {"reason": "申请人撤回"},
    "reopen": lambda d: {"reason": "复议撤销"},
    "start_step": lambda d: {"step": d(st.integers(1, 4))},
    "complete_step": lambda d: {"step": d(st.integers(1, 4))},
    "pause": lambda d: {"category": d(st.sampled_from([c.id for c in LIFECYCLE.pause_categories])),
                        "notice_days": d(st.integers(1, 10)), "reason": "书面告知"},
    "extend": lambda d: {"days": d(st.integers(1, 10)), "approver": "负责人", "reason": "复杂",
                         "clock": d(st.sampled_from(["statutory", "promised"]))},
    "decide": lambda d: {"result": d(st.sampled_from(["approved", "denied"]))},
}
KINDS = ["accept", "request_supplement", "supplement_received", "not_accept", "start_step", "complete_step", "pause",
         "resume", "extend", "decide", "deliver", "withdraw", "reopen"]


def play(b, events, as_of=None) -> CaseStatus:  # noqa: ANN001
    return replay(b, events, lifecycle=LIFECYCLE, calendar=CALENDAR, policy=POLICY, as_of=as_of)


def dues(status: CaseStatus) -> tuple[object, ...]:
    return (status.state, status.promised_due, status.statutory_due, tuple(s.due for s in status.steps),
            status.delivery_due, status.notice_deadline, status.deemed_accepted, status.working_days_used)


@st.composite
def case_log(draw, kinds: list[str] = KINDS, accept: bool = False) -> tuple[Any, list[CaseEvent], list[tuple[object, ...]]]:  # noqa: ANN001
    start = draw(st.dates(date(2024, 1, 2), date(2026, 6, 30)))
    b = basis(received_at=datetime.combine(start, time(10), CST),
              starts_on=start, promised_days=draw(st.integers(0, 15)), statutory_days=draw(st.integers(15, 30)),
              regime=draw(st.sampled_from(["time_limited", "joint"])))
    events: list[CaseEvent] = [CaseEvent(kind="accept", at=b.received_at)] if accept else []
    stored: list[tuple[object, ...]] = [dues(play(b, events))] if accept else []
    moment = b.received_at
    for _ in range(draw(st.integers(0, 14))):
        moment += timedelta(days=draw(st.integers(0, 4)), hours=draw(st.integers(0, 3)))
        if moment.date() > date(2026, 8, 31):
            break
        kind = draw(st.sampled_from(kinds))
        event = CaseEvent(kind=kind, at=moment, **FIELDS.get(kind, lambda d: {})(draw))
        try:
            status = play(b, events + [event])
        except CaseError:
            continue
        events.append(event)
        stored.append(dues(status))  # what the admin writes into its columns after each append
    return b, events, stored


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(case_log())
def test_replayed_due_dates_are_identical_to_stored(log) -> None:  # noqa: ANN001
    b, events, stored = log
    reparsed = [CaseEvent.model_validate_json(e.model_dump_json()) for e in events]
    for n in range(1, len(events) + 1):
        assert dues(play(b, reparsed[:n])) == stored[n - 1]


def _without_pauses(events: list[CaseEvent]) -> list[CaseEvent]:
    return [e for e in events if e.kind not in ("pause", "resume")]


RUNNING = ["start_step", "complete_step", "pause", "pause", "resume", "extend", "decide"]


@SETTINGS
@given(case_log(RUNNING, accept=True))
def test_pauses_never_shorten_a_deadline(log) -> None:  # noqa: ANN001
    b, events, _ = log
    as_of = events[-1].at
    with_pauses = play(b, events, as_of)
    try:
        plain = play(b, _without_pauses(events), as_of)
    except CaseError:
        assume(False)
        return
    assume(with_pauses.starts_on == plain.starts_on)
    for paused, unpaused in ((with_pauses.promised_due, plain.promised_due),
                             (with_pauses.statutory_due, plain.statutory_due),
                             *zip((s.due for s in with_pauses.steps), (s.due for s in plain.steps))):
        if paused and unpaused:
            assert paused >= unpaused
    later = play(b, events, as_of + timedelta(days=30))  # an open pause reaching further
    for now, then in ((with_pauses.promised_due, later.promised_due), (with_pauses.statutory_due, later.statutory_due)):
        if now and then:
            assert then >= now


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2024, 1, 1), date(2026, 9, 30)), st.integers(0, 40),
       st.lists(st.integers(1, 80), max_size=12))
def test_due_after_agrees_with_a_day_by_day_walk(start, days, offsets) -> None:  # noqa: ANN001
    excluded = frozenset(start + timedelta(days=o) for o in offsets
                         if CALENDAR.is_working_day(start + timedelta(days=o)))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if CALENDAR.is_working_day(day) and day not in excluded:
            left -= 1
    assert due_after(CALENDAR, start, days, excluded) == day
