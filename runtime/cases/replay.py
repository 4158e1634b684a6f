"""Replaying a case: the event log + the pinned basis + the calendar → state and every due date, explained.

The clock is typed by the statute:

* the **notice clock** of 第三十二条: a received application not told to supplement within ``notice_days``
  working days is accepted from receipt (视同受理) — replay inserts that acceptance itself;
* the **promised** and the **statutory** clocks start together at acceptance (the start day not counted,
  民法典 第二百零一条; working days only, 第八十二条) and are extended separately (statutory: 第四十二条, capped
  by regime; promised: never beyond the statutory due date);
* **pauses** (第四十五条) by category, with the written notice of the time needed: the working days after the
  pause began up to and including the day it ended are not counted, on every clock and every step. A pause
  still open counts up to the later of today and the end it announced, so a due date never shortens while
  a case waits;
* per-**step** due dates are the cumulative step days on the same clock; **delivery** within
  ``delivery.days`` of the decision (第四十四条); deferred materials (容缺) by their promised dates;
  告知承诺 verification within the centre's ``commitment_check_days``.

Nothing here is stored state: the same events, basis and calendar always give the same answer.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from ..calendar import DAYS_IN, WorkingCalendar, provisional_note
from ..errors import CalendarRangeError, FieldError
from .lifecycle import Lifecycle
from .model import CaseBasis, CaseError, CaseEvent, CasePolicy


@dataclass(frozen=True)
class PauseSpan:
    category: str
    name: str
    started_on: date
    notice_days: int
    expected_end: date
    ended_on: date | None
    reason: str
    excluded_days: int
    """Working days not counted (for an open pause: up to today or its announced end, whichever is later)."""


@dataclass(frozen=True)
class ExtensionSpan:
    clock: str
    days: int
    approver: str
    approver_role: str
    reason: str
    on: date


@dataclass(frozen=True)
class StepStatus:
    order: int
    name: str
    days: int | None
    department: str | None
    due: date | None
    started_on: date | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class MaterialFollowUp:
    material: str
    name: str
    due: date
    supplied_on: date | None


@dataclass(frozen=True)
class FeeCharge:
    fee: str
    amount: Decimal
    on: date
    authorised: bool
    problem: str | None = None


@dataclass(frozen=True)
class CaseStatus:
    """Everything replay derives; ``explanation`` says each date's reason in Chinese."""

    state: str
    state_name: str
    closed: bool
    received_on: date
    notice_deadline: date | None
    deemed_accepted: bool
    accepted_on: date | None
    starts_on: date | None
    promised_due: date | None
    statutory_due: date | None
    paused: bool
    pauses: tuple[PauseSpan, ...]
    extensions: tuple[ExtensionSpan, ...]
    steps: tuple[StepStatus, ...]
    tolerance: tuple[MaterialFollowUp, ...]
    verification_due: date | None
    verified_on: date | None
    decided_on: date | None
    result: str | None
    delivery_due: date | None
    delivered_on: date | None
    fees: tuple[FeeCharge, ...]
    working_days_used: int | None
    """Counted working days from the start to the decision (pauses excluded), for 平均实际办理天数."""
    provisional: bool
    """Some due date depends on a calendar year not yet published (暂按法定节假日推算), as ``clock.provisional``."""
    explanation: tuple[str, ...]
    events: int
    closed_on: date | None = None
    """The day the case last entered a closed state (delivered, not accepted, withdrawn); None while open."""
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional_note(self) -> str | None:
        """The calendar's Chinese note for the provisional years the dates touch (None when all are official)."""
        return provisional_note(self.provisional_years) if self.provisional_years else None

    @property
    def fees_total(self) -> Decimal:
        return sum((f.amount for f in self.fees), Decimal("0.00"))

    @property
    def timeliness(self) -> str | None:
        """提前 / 按时 / 超期 against the promised date, once decided."""
        if self.decided_on is None or self.promised_due is None:
            return None
        if self.decided_on < self.promised_due:
            return "early"
        return "on_time" if self.decided_on == self.promised_due else "overdue"


TIMELINESS_NAMES = {"early": "提前办结", "on_time": "按时办结", "overdue": "超期办结"}
RESULT_NAMES = {"approved": "准予", "denied": "不予", "verified": "核查属实", "false_commitment": "承诺不实"}


def due_after(calendar: WorkingCalendar, start: date, days: int, excluded: frozenset[date]) -> date:
    """The ``days``-th counted working day after ``start``: working days in ``excluded`` (pauses) do not count."""
    due = calendar.due_date(start, days)
    while True:
        skipped = sum(1 for d in excluded if start < d <= due)
        moved = calendar.due_date(start, days + skipped)
        if moved == due:
            return due
        due = moved


def yellow_from(calendar: WorkingCalendar, due: date, days: int) -> date:
    """The first day on which at most ``days`` working days remain before ``due`` (the yellow-card day)."""
    day, seen = due, 0
    while True:
        if calendar.is_working_day(day):
            seen += 1
            if seen == days + 1:
                return day
        day -= timedelta(days=1)


def _working_between(calendar: WorkingCalendar, after: date, upto: date) -> list[date]:
    out, day = [], after + timedelta(days=1)
    while day <= upto:
        if calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


@dataclass
class _Pause:
    category: str
    name: str
    start: date
    notice_days: int
    expected_end: date
    reason: str
    end: date | None = None


@dataclass
class _Replay:
    basis: CaseBasis
    lifecycle: Lifecycle
    calendar: WorkingCalendar
    policy: CasePolicy
    state: str = ""
    received_on: date = date.min
    notice_deadline: date | None = None
    deemed: bool = False
    accepted_on: date | None = None
    starts_on: date | None = None
    pauses: list[_Pause] = field(default_factory=list)
    extensions: list[ExtensionSpan] = field(default_factory=list)
    started: dict[int, date] = field(default_factory=dict)
    completed: dict[int, date] = field(default_factory=dict)
    supplied: dict[str, date] = field(default_factory=dict)
    verified_on: date | None = None
    decided_on: date | None = None
    result: str | None = None
    delivered_on: date | None = None
    closed_on: date | None = None
    fees: list[FeeCharge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, i: int, name: str, code: str, message: str) -> bool:
        self.errors.append(FieldError(f"$.events[{i}]" + (f".{name}" if name else ""), code, message))
        return True

    def receive(self, on: date) -> None:
        self.received_on = on
        self.notice_deadline = self.calendar.due_date(self.calendar.next_working_day(on), self.policy.notice_days)
        self.notes.append(f"{on.isoformat()} 收件；一次性告知期限至 {self.notice_deadline.isoformat()}"
                          f"（{self.policy.notice_days} 个工作日，{self.lifecycle.counting.notice}）")

    def deem_accepted(self) -> None:
        """第三十二条: not told in time → accepted from receipt."""
        assert self.notice_deadline is not None
        self.deemed = True
        self.state = "accepted"
        self.accepted_on = self.received_on
        self.starts_on = self.calendar.next_working_day(self.received_on)
        basis = self.lifecycle.deemed_acceptance.basis
        self.notes.append(f"视同受理：{self.notice_deadline.isoformat()} 前未一次告知补正，依{basis}自收件之日"
                          f"（{self.received_on.isoformat()}）起受理")


def replay(basis: CaseBasis, events: list[CaseEvent] | tuple[CaseEvent, ...], *, lifecycle: Lifecycle,
           calendar: WorkingCalendar, policy: CasePolicy, as_of: datetime | None = None,
           provisional_years: frozenset[int] | None = None) -> CaseStatus:
    """Apply ``events`` in order to the case ``basis`` (raises :class:`CaseError` for an event it cannot take).

    ``as_of`` (default: the last event, else the receipt) is "today": it decides a deemed acceptance and how
    far an open pause reaches. Due dates whose count touches a year in ``provisional_years`` (default: the
    calendar's provisional years, 暂按法定节假日推算) mark the result provisional, with the calendar's note.
    """
    r = _Replay(basis, lifecycle, calendar, policy)
    r.state = "prereview" if basis.prereview else "received"
    if not basis.prereview:
        r.receive(basis.received_at.date())
    previous: datetime | None = None
    fail, errors = r.fail, r.errors
    for i, event in enumerate(events):
        day = event.at.date()
        if previous is not None and event.at < previous:
            fail(i, "at", "out-of-order", f"事件时间 {event.at.isoformat()} 早于上一事件 {previous.isoformat()}")
            break
        previous = event.at
        spec = lifecycle.event(event.kind)
        if spec is None:
            fail(i, "kind", "unknown-event", f"未知的事件 {event.kind}")
            break
        for name in spec.requires:
            if getattr(event, name) in (None, ""):
                fail(i, name, "missing", f"{spec.name}须填写 {name}")
        if errors:
            break
        if r.state == "received" and r.notice_deadline is not None and day > r.notice_deadline:
            if event.kind in ("request_supplement", "not_accept"):
                fail(i, "kind", "deemed-accepted", f"已超过一次性告知期限（{r.notice_deadline.isoformat()}），"
                     f"依{lifecycle.deemed_acceptance.basis}视同自收件之日起受理，不能再{spec.name}；需补正的请记录暂停计时")
                break
            r.deem_accepted()
            if event.kind == "accept":
                continue  # the clerk's formal acceptance confirms the deemed one; the clock runs from receipt
        target = lifecycle.target(event.kind, r.state)
        if target is None:
            allowed = "、".join(e.name for e in lifecycle.allowed(r.state)) or "无"
            fail(i, "kind", "not-allowed", f"办件处于「{lifecycle.state(r.state).name}」，不能{spec.name}（可进行：{allowed}）")
            break
        if _apply(r, i, event, day) or errors:
            break
        if lifecycle.state(target).closed and not lifecycle.state(r.state).closed:
            r.closed_on = day
        elif not lifecycle.state(target).closed:
            r.closed_on = None
        r.state = target
    if errors:
        raise CaseError(errors)
    today = (as_of or previous or basis.received_at).date()
    if r.state == "received" and r.notice_deadline is not None and today > r.notice_deadline:
        r.deem_accepted()
    return _status(r, today, len(events), calendar.provisional_years if provisional_years is None else provisional_years)


def _apply(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    """Effects of one allowed event on the replay; returns True after reporting a problem (``r.fail``)."""
    handler = _EFFECTS.get(event.kind)
    return handler(r, i, event, day) if handler is not None else False


def _note(text: str) -> Callable[[_Replay, int, CaseEvent, date], bool]:
    """An event whose only effect is a line of the explanation (``text`` formatted with day and reason)."""
    def effect(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
        r.notes.append(text.format(day=day.isoformat(), reason=event.reason))
        return False
    return effect


def _receive(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.receive(day)
    if event.kind == "supplement_received":
        r.notes.append(f"{day.isoformat()} 收到补正材料，重新起算告知期限")
    return False


def _accept(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.accepted_on = day
    r.starts_on = event.starts_on or r.calendar.next_working_day(day)
    return r.starts_on < day and r.fail(i, "starts_on", "before-acceptance", "起算日不能早于受理日")


def _pause(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    category = r.lifecycle.pause_category(event.category or "")
    if category is None:
        names = "、".join(f"{c.id}（{c.name}）" for c in r.lifecycle.pause_categories)
        return r.fail(i, "category", "unknown-category", f"未知的暂停类别 {event.category}，应为：{names}")
    assert event.notice_days is not None  # the event model requires it for a pause
    r.pauses.append(_Pause(category.id, category.name, day, event.notice_days,
                           r.calendar.due_date(day, event.notice_days), event.reason or ""))
    return False


def _resume(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.pauses[-1].end = day
    return False


def _start_step(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    step = next((s for s in r.basis.steps if s.order == event.step), None)
    if step is None:
        return r.fail(i, "step", "unknown-step", f"本办件没有第 {event.step} 个环节")
    if event.step in r.started:
        return r.fail(i, "step", "step-started", f"环节「{step.name}」已开始")
    r.started[step.order] = day
    return False


def _complete_step(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    step_no = event.step or 0
    if step_no not in r.started or step_no in r.completed:
        return r.fail(i, "step", "step-not-open", f"第 {event.step} 个环节未开始或已完成")
    r.completed[step_no] = day
    return False


def _supply_material(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    if all(m.material != event.material for m in r.basis.tolerance):
        return r.fail(i, "material", "not-deferred", f"材料 {event.material} 不是本办件的容缺材料")
    r.supplied.setdefault(event.material or "", day)
    return False


def _verify_commitment(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    if not r.basis.commitment:
        return r.fail(i, "kind", "no-commitment", "本办件未实行告知承诺制，无需核查")
    r.verified_on = day
    r.notes.append(f"{day.isoformat()} 告知承诺核查：{RESULT_NAMES.get(event.result or '', event.result)}")
    return False


def _charge_fee(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.fees.append(_charge(r, event, day))
    return False


def _decide(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    if event.result not in ("approved", "denied"):
        return r.fail(i, "result", "bad-result", "决定结果应为 approved（准予）或 denied（不予）")
    r.decided_on, r.result = day, event.result
    r.delivered_on = None
    return False


def _deliver(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.delivered_on = day
    return False


def _reopen(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    r.notes.append(f"{day.isoformat()} 重新办理：{event.reason}")
    if r.state in ("not_accepted", "withdrawn"):
        r.receive(day)
    r.decided_on = r.result = r.delivered_on = None
    return False


def _extend(r: _Replay, i: int, event: CaseEvent, day: date) -> bool:
    report = r.fail
    rule = r.lifecycle.extension_rule(r.basis.regime)
    days = event.days or 0
    taken = sum(x.days for x in r.extensions if x.clock == event.clock)
    if event.clock == "statutory":
        if r.basis.statutory_days is None:
            report(i, "clock", "no-statutory", "本办件没有法定时限，不能延长法定时限")
            return True
        if taken + days > rule.days:
            report(i, "days", "over-cap", f"法定时限延期合计不得超过 {rule.days} 个工作日（{rule.basis}，"
                   f"须经{rule.approver}批准），已延 {taken} 个工作日")
            return True
    r.extensions.append(ExtensionSpan(event.clock, days, event.approver or "", rule.approver, event.reason or "", day))
    if event.clock == "promised" and r.basis.statutory_days is not None and r.starts_on is not None:
        promised, statutory = _dues(r, day)[:2]
        if promised and statutory and promised > statutory:
            r.extensions.pop()
            report(i, "days", "beyond-statutory", f"承诺时限延期后（{promised.isoformat()}）不得晚于法定办结日期"
                   f"（{statutory.isoformat()}）")
            return True
    return False


def _charge(r: _Replay, event: CaseEvent, day: date) -> FeeCharge:
    amount = event.amount or Decimal("0")
    allowance = next((f for f in r.basis.fees if f.fee == event.fee), None)
    if allowance is None:
        return FeeCharge(event.fee or "", amount, day, False,
                         f"收费项目 {event.fee} 不在本办件的收费依据中（{r.lifecycle.fees.basis}）")
    charged = sum((f.amount for f in r.fees if f.fee == event.fee), Decimal("0"))
    if charged + amount > allowance.payable:
        return FeeCharge(allowance.fee, amount, day, False,
                         f"{allowance.name}累计收取 {charged + amount} 元，超过应缴 {allowance.payable} 元")
    return FeeCharge(allowance.fee, amount, day, True)


_EFFECTS: dict[str, Callable[[_Replay, int, CaseEvent, date], bool]] = {
    "receive": _receive, "supplement_received": _receive, "accept": _accept,
    "request_supplement": _note("{day} 一次性告知补正：{reason}"), "not_accept": _note("{day} 不予受理：{reason}"),
    "withdraw": _note("{day} 申请人撤回：{reason}"),
    "pause": _pause, "resume": _resume, "extend": _extend, "start_step": _start_step, "complete_step": _complete_step,
    "supply_material": _supply_material, "verify_commitment": _verify_commitment, "charge_fee": _charge_fee,
    "decide": _decide, "deliver": _deliver, "reopen": _reopen,
}
"""What each event kind does to a replay once the lifecycle allowed it (state changes are the lifecycle's)."""


def _excluded(r: _Replay, today: date) -> tuple[frozenset[date], frozenset[date], list[PauseSpan]]:
    """The working days and the calendar days the pauses take out of the count (a running pause until today
    or its expected end), and each pause's span."""
    excluded: set[date] = set()
    paused: set[date] = set()
    spans = []
    for p in r.pauses:
        end = p.end if p.end is not None else max(today, p.expected_end)
        days = _working_between(r.calendar, p.start, end)
        excluded.update(days)
        paused.update(p.start + timedelta(days=n) for n in range(1, (end - p.start).days + 1))
        spans.append(PauseSpan(p.category, p.name, p.start, p.notice_days, p.expected_end, p.end, p.reason, len(days)))
    return frozenset(excluded), frozenset(paused), spans


def calendar_due_after(calendar: WorkingCalendar, start: date, days: int, paused: frozenset[date]) -> date:
    """The ``days``-th counted calendar day after ``start``, days in ``paused`` not counted; a last day that is a
    day off rolls over to the next working day (the time law's ``counting.last_day_off``), as the decision's
    calendar-day count does (``WorkingCalendar.add_calendar_days``)."""
    if days == 0:
        return start
    due = start + timedelta(days=days)
    while True:
        moved = start + timedelta(days=days + sum(1 for d in paused if start < d <= due))
        if moved == due:
            return calendar.next_working_day(due)
        due = moved


def _clock_due(r: _Replay, start: date, days: int, extra: int, unit: str, excluded: frozenset[date],
               paused: frozenset[date]) -> date:
    """One clock's due date: ``days`` in the clock's own unit after ``start``, then ``extra`` extension days in
    the promise's unit (as the decision extends a limit, 第四十二条); no paused day counts in either."""
    def after(begin: date, count: int, in_unit: str) -> date:
        if in_unit == "calendar_days":
            return calendar_due_after(r.calendar, begin, count, paused)
        return due_after(r.calendar, begin, count, excluded)

    if not extra or unit == r.basis.unit:
        return after(start, days + extra, unit)
    return after(after(start, days, unit), extra, r.basis.unit)


def _dues(r: _Replay, today: date) -> tuple[date | None, date | None, frozenset[date], list[PauseSpan], frozenset[date]]:
    excluded, paused, spans = _excluded(r, today)
    if r.starts_on is None:
        return None, None, excluded, spans, paused
    extra = {clock: sum(x.days for x in r.extensions if x.clock == clock) for clock in ("promised", "statutory")}
    b = r.basis
    promised = _clock_due(r, r.starts_on, b.promised_days, extra["promised"], b.unit, excluded, paused) \
        if b.promised_days is not None else None
    statutory = _clock_due(r, r.starts_on, b.statutory_days, extra["statutory"], b.statutory_unit or b.unit, excluded,
                           paused) if b.statutory_days is not None else None
    return promised, statutory, excluded, spans, paused


@dataclass
class _Dates:
    """Every date the status states, worked out from the replay (all ``None``/empty when the calendar cannot)."""

    promised: date | None = None
    statutory: date | None = None
    excluded: frozenset[date] = frozenset()
    spans: list[PauseSpan] = field(default_factory=list)
    steps: list[StepStatus] = field(default_factory=list)
    verification: date | None = None
    delivery: date | None = None
    used: int | None = None
    paused: frozenset[date] = frozenset()
    """Every calendar day of the pauses (what a count in calendar days leaves out)."""


def _dates(r: _Replay, today: date) -> _Dates:
    promised, statutory, excluded, spans, paused = _dues(r, today)
    steps: list[StepStatus] = []
    cumulative: int | None = 0  # unknown from the first step whose days are not published: no due date after it
    for step in sorted(r.basis.steps, key=lambda s: s.order):
        cumulative = None if cumulative is None or step.days is None else cumulative + step.days
        due = due_after(r.calendar, r.starts_on, cumulative, excluded) if r.starts_on and cumulative is not None else None
        if due and promised and due > promised:
            due = promised
        steps.append(StepStatus(step.order, step.name, step.days, step.department, due,
                                r.started.get(step.order), r.completed.get(step.order)))
    return _Dates(
        promised, statutory, excluded, spans, steps,
        verification=(r.calendar.due_date(r.starts_on, r.policy.commitment_check_days)
                      if r.basis.commitment and r.starts_on else None),
        delivery=r.calendar.due_date(r.decided_on, r.lifecycle.delivery.days) if r.decided_on else None,
        used=(len([d for d in _working_between(r.calendar, r.starts_on, r.decided_on) if d not in excluded])
              if r.starts_on and r.decided_on else None),
        paused=paused,
    )


def _explain(r: _Replay, today: date, d: _Dates) -> list[str]:
    """The explanation's lines after the events' own: acceptance, pauses, extensions, each due date walked."""
    notes = []
    counting = r.lifecycle.counting
    if r.starts_on is not None:
        notes.append(f"{'视同受理' if r.deemed else '受理'}于 {r.accepted_on.isoformat() if r.accepted_on else ''}，"
                     f"自 {r.starts_on.isoformat()} 起算（起算日不计入，{counting.start}；只计工作日，{counting.working_days}）")
    for span in d.spans:
        end = span.ended_on.isoformat() if span.ended_on else f"尚未恢复，暂按 {max(today, span.expected_end).isoformat()} 推算"
        category = r.lifecycle.pause_category(span.category)
        notes.append(f"暂停计时（{span.name}，{span.reason}；书面告知需 {span.notice_days} 个工作日）："
                     f"{span.started_on.isoformat()} 至 {end}，不计 {span.excluded_days} 个工作日"
                     + (f"（{category.basis}）" if category is not None else ""))
    b = r.basis
    extended_in = DAYS_IN[b.unit]
    for x in r.extensions:
        clock = "法定时限" if x.clock == "statutory" else "承诺时限"
        notes.append(f"{x.on.isoformat()} {clock}延期 {x.days} {extended_in}，批准人：{x.approver}（{x.approver_role}），理由：{x.reason}")
    for label, days, due, clock, unit in (("承诺办结日期", b.promised_days, d.promised, "promised", b.unit),
                                          ("法定办结日期", b.statutory_days, d.statutory, "statutory", b.statutory_unit or b.unit)):
        if due is None or r.starts_on is None or days is None:
            continue
        extra = sum(x.days for x in r.extensions if x.clock == clock)
        left_out = f"{len(d.excluded)} 个工作日" if unit == "working_days" else f"{len(d.paused)} 日"
        parts = [f"{days} {DAYS_IN[unit]}"] + ([f"延期 {extra} {extended_in}"] if extra else []) + \
            ([f"暂停不计 {left_out}"] if (d.excluded if unit == "working_days" else d.paused) else [])
        if unit == "working_days" and b.unit == "working_days":
            walk = r.calendar.add_working_days(r.starts_on, days + extra + sum(1 for e in d.excluded if r.starts_on < e <= due))
            notes.append(f"{label}：{due.isoformat()}（{' + '.join(parts)}）；{walk.explain()}")
        else:  # a count in calendar days, or an extension in another unit: the date and its parts
            law = r.calendar.law
            rolled = f"；期满日为休假日的，顺延至其后第一个工作日（{law.counting.last_day_off}）" if law is not None else ""
            notes.append(f"{label}：{due.isoformat()}（{' + '.join(parts)}{rolled}）")
    if d.delivery:
        notes.append(f"{r.decided_on.isoformat() if r.decided_on else ''} 作出决定，"
                     f"{r.lifecycle.delivery.basis}：{r.lifecycle.delivery.days} 日内送达，至 {d.delivery.isoformat()}")
    return notes


def _status(r: _Replay, today: date, count: int, provisional_years: frozenset[int]) -> CaseStatus:
    notes = list(r.notes)
    try:
        d = _dates(r, today)
    except CalendarRangeError as exc:
        notes.append(f"无法计算期限：{exc}")
        d = _Dates()
    notes += _explain(r, today, d)
    follow = tuple(sorted((MaterialFollowUp(m.material, m.name, m.due, r.supplied.get(m.material)) for m in r.basis.tolerance),
                          key=lambda m: (m.due, m.material)))
    dates = [x for x in (r.notice_deadline, d.promised, d.statutory, d.verification, d.delivery, *(s.due for s in d.steps)) if x]
    counted_from = [r.received_on] if r.received_on > date.min else []
    years = tuple(y for y in range(min(counted_from + dates).year, max(dates).year + 1)
                  if y in provisional_years) if dates else ()
    if years:
        notes.append(f"注意：{provisional_note(years)}")
    state = r.lifecycle.state(r.state)
    return CaseStatus(
        state=r.state, state_name=state.name, closed=state.closed, received_on=r.received_on,
        notice_deadline=r.notice_deadline, deemed_accepted=r.deemed, accepted_on=r.accepted_on, starts_on=r.starts_on,
        promised_due=d.promised, statutory_due=d.statutory, paused=state.clock == "paused", pauses=tuple(d.spans),
        extensions=tuple(r.extensions), steps=tuple(d.steps), tolerance=follow, verification_due=d.verification,
        verified_on=r.verified_on, decided_on=r.decided_on, result=r.result, delivery_due=d.delivery,
        delivered_on=r.delivered_on, fees=tuple(r.fees), working_days_used=d.used, provisional=bool(years),
        explanation=tuple(notes), events=count, closed_on=r.closed_on, provisional_years=years,
    )


__all__ = ["CaseStatus", "ExtensionSpan", "FeeCharge", "MaterialFollowUp", "PauseSpan", "RESULT_NAMES", "StepStatus",
           "TIMELINESS_NAMES", "due_after", "replay", "yellow_from"]
