"""The ledger service: create a case from an application, append events, keep the derived columns and the
supervision alerts in step — each in the caller's transaction, never half-written.

The runtime decides and replays; this module only stores. Every derived column is what
``onewindow.runtime.cases.replay`` answers for the stored log at ``updated_at`` (the test suite checks it).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from pydantic import ValidationError

from onewindow.runtime import Decision, Runtime
from onewindow.runtime.cases import (COLOUR_NAMES, CaseBasis, CaseError, CaseEvent, CasePolicy, CaseStatus, Lifecycle, Supervision,
                                     calendar_revision, capped, load_lifecycle, replay, stage_cases, supervise, yellow_from)
from onewindow.runtime.errors import CalendarRangeError, FieldError
from onewindow.runtime.loading import translate

from ..store.db import db
from ..store.records import CENTRE_ZONE
from ..store.runtimes import RuntimeUnavailable, runtime_for
from .figures import inputs, touch
from .numbering import next_number, query_code
from .tables import Case, CaseAlert, CaseEventRow

SYSTEM = "系统"
_RANK = {"none": 0, "green": 1, "yellow": 2, "red": 3}


def centre_zone() -> ZoneInfo:
    """The published centre's ``timezone`` (the centre model's default before anything is published)."""
    try:
        return runtime_for(published=True).catalog.centre.zone
    except RuntimeUnavailable:
        return CENTRE_ZONE


def now(zone: ZoneInfo | None = None) -> datetime:
    """The centre's current time in its zone; ``ONEWINDOW_NOW`` (ISO 8601) pins it for tests and replays of a past day."""
    zone = zone or centre_zone()
    pinned = current_app.config.get("ONEWINDOW_NOW")
    return datetime.fromisoformat(pinned).astimezone(zone) if pinned else datetime.now(zone)


def aware(moment: datetime, zone: ZoneInfo) -> datetime:
    """SQLite hands DateTime(timezone=True) back without its zone; everything stored is centre time."""
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)


@dataclass
class Ledger:
    """What a case operation needs: the published runtime (catalog, calendar), the lifecycle, the centre's policy."""

    runtime: Runtime
    lifecycle: Lifecycle
    policy: CasePolicy

    @property
    def calendar(self) -> Any:
        return self.runtime.calendar

    @property
    def zone(self) -> ZoneInfo:
        """The centre's time zone (``Centre.timezone``): the day of every event, receipt and report month."""
        return self.runtime.catalog.centre.zone

    def now(self) -> datetime:
        return now(self.zone)

    def replay(self, case: Case, events: list[CaseEvent], as_of: datetime) -> CaseStatus:
        return replay(CaseBasis.model_validate(case.basis), events, lifecycle=self.lifecycle, calendar=self.calendar,
                      policy=self.policy, as_of=as_of)

    def supervise(self, status: CaseStatus, today: date) -> Supervision:
        return supervise(status, today, calendar=self.calendar, policy=self.policy)


def lifecycle() -> Lifecycle:
    """The lifecycle of this app (``ONEWINDOW_LIFECYCLE`` or the shipped one), loaded once per app."""
    store = current_app.extensions.setdefault("onewindow_cases", {})
    if "lifecycle" not in store:
        store["lifecycle"] = load_lifecycle(current_app.config.get("ONEWINDOW_LIFECYCLE"))
    found: Lifecycle = store["lifecycle"]
    return found


def ledger() -> Ledger:
    """Raises RuntimeUnavailable when nothing is published (the API answers 503)."""
    runtime = runtime_for(published=True)
    return Ledger(runtime, lifecycle(), CasePolicy.from_centre(runtime.catalog.centre))


def events_of(case: Case) -> list[CaseEvent]:
    rows = db.session.scalars(db.select(CaseEventRow).where(CaseEventRow.case_id == case.id).order_by(CaseEventRow.seq))
    return [CaseEvent.model_validate(row.data) for row in rows]


def parse_event(data: Any, *, at: datetime, actor: str, strict: bool = False) -> CaseEvent:
    """A request body → a CaseEvent (``at`` defaults to now, and is kept in the zone of ``at``: the centre's);
    pydantic's problems as JSON paths. ``strict``: JSON types as the API documents them (no "5" for 5), for
    the HTTP API; the console's form sends text. Who acts is the caller's account, never a field of the body."""
    if not isinstance(data, dict):
        raise CaseError([FieldError("$", "invalid-json", "事件必须是 JSON 对象")])
    if "actor" in data:
        raise CaseError([FieldError("$.actor", "not-allowed", "办理人由令牌或登录账号确定，不能在请求中指定")])
    payload = {k: v for k, v in data.items() if v is not None} | {"actor": actor}
    payload.setdefault("at", at.isoformat())
    try:
        event = (CaseEvent.model_validate_json(json.dumps(payload), strict=True) if strict
                 else CaseEvent.model_validate(payload))
        return event.model_copy(update={"at": event.at.astimezone(at.tzinfo)}) if at.tzinfo else event
    except ValidationError as exc:
        raise CaseError([FieldError("$." + ".".join(str(p) for p in e["loc"]), e["type"].replace("_", "-"),
                                    translate(e)) for e in exc.errors()]) from None


def create_case(ledger: Ledger, application: dict[str, Any], *, actor: str, phone: str | None = None,
                prereview: bool = False, parent: Case | None = None, stage: str | None = None,
                decision: Decision | None = None) -> tuple[Case, CaseStatus]:
    """Decide ``application`` on the published catalog, pin the decision, number the case, record the intake
    event the decision implies (accept / request_supplement / not_accept) — all in the caller's transaction."""
    decision = decision or ledger.runtime.decide(application)
    prereview = prereview or decision.outcome == "prereview"  # an online pre-review receives nothing yet
    catalog = ledger.runtime.catalog
    item = catalog.item(decision.item) if decision.item else None
    basis = capped(CaseBasis.from_decision(decision, calendar_revision=calendar_revision(catalog.calendar),
                                           commitment=bool(item and item.commitment),
                                           channel=str(application.get("channel") or "window"), prereview=prereview),
                   ledger.lifecycle)
    basis = basis.model_copy(update={"received_at": basis.received_at.astimezone(ledger.zone)})  # the centre's day
    applicant = application.get("applicant") or {}
    case = _new_case(ledger, basis, actor=actor, parent=parent, stage=stage, phone=phone,
                     applicant=(str(applicant.get("name") or ""), str(applicant.get("kind") or "person")))
    case.decision, case.application = decision.model_dump(mode="json"), application
    events: list[CaseEvent] = []
    if not prereview:
        events.append(_intake_event(ledger, decision, actor))
    status = _store(ledger, case, [], events, actor=actor, why="建档")
    _open_stages(ledger, case, status, actor)
    return case, status


def _new_case(ledger: Ledger, basis: CaseBasis, *, actor: str, parent: Case | None, stage: str | None,
              phone: str | None, applicant: tuple[str, str]) -> Case:
    received = basis.received_at.astimezone(ledger.zone)
    case = Case(number=next_number(ledger.runtime.catalog.centre.region_code, received.date()), query_code=query_code(),
                parent_id=parent.id if parent else None, stage=stage, item=basis.item, item_name=basis.item_name,
                pipeline=basis.pipeline, department=basis.department, window=basis.window, channel=basis.channel,
                applicant_name=applicant[0], applicant_kind=applicant[1], applicant_phone=phone, regime=basis.regime,
                case_class=basis.case_class, created_by=actor, received_at=received, basis=basis.model_dump(mode="json"),
                state="received", received_on=received.date(), promised_days=basis.promised_days, updated_at=ledger.now())
    db.session.add(case)
    db.session.flush()
    return case


def _open_stages(ledger: Ledger, case: Case, status: CaseStatus, actor: str) -> None:
    """A joint case, once accepted, opens one sub-case per department and stage (their own clocks)."""
    if case.pipeline is None or case.parent_id is not None or status.starts_on is None or case.decision is None:
        return
    if db.session.scalar(db.select(Case.id).where(Case.parent_id == case.id).limit(1)) is not None:
        return
    catalog = ledger.runtime.catalog
    items = {i.code: i for i in catalog.items()}
    decision = Decision.model_validate(case.decision)
    accepted = next((e for e in events_of(case) if e.kind == "accept"), None)
    at = accepted.at if accepted else aware(case.received_at, ledger.zone)  # deemed accepted: from receipt
    for stage in stage_cases(CaseBasis.model_validate(case.basis), decision,
                             item_names={c: i.name for c, i in items.items()},
                             item_departments={c: i.department for c, i in items.items()}):
        child = _new_case(ledger, stage.basis, actor=actor, parent=case, stage=stage.stage, phone=case.applicant_phone,
                          applicant=(case.applicant_name, case.applicant_kind))
        _store(ledger, child, [], [CaseEvent(kind="accept", at=max(at, stage.basis.received_at), actor=actor,
                                             starts_on=status.starts_on)], actor=actor, why="联办分件")


def _joint_decision(case: Case, event: CaseEvent) -> None:
    """The parent of a joint case is decided once, after every sub-case, with one result."""
    if event.kind != "decide":
        return
    children = list(db.session.scalars(db.select(Case).where(Case.parent_id == case.id).order_by(Case.id)))
    open_ = [c for c in children if c.decided_on is None]
    if open_:
        raise CaseError([FieldError("$.kind", "stages-open", "联办子件未全部办结：" + "、".join(
            f"{c.stage}·{c.item_name}（{c.number}）" for c in open_))])
    denied = [c for c in children if c.result == "denied"]
    if denied and event.result == "approved":
        raise CaseError([FieldError("$.result", "stage-denied", "子件不予许可，联办件不能准予：" + "、".join(
            f"{c.item_name}（{c.number}）" for c in denied))])


def _intake_event(ledger: Ledger, decision: Decision, actor: str) -> CaseEvent:
    kind = ledger.lifecycle.intake[decision.outcome]
    clock = decision.clock
    reason = None
    if kind == "request_supplement":
        reason = "；".join(f"{e.name}：{e.detail}" for e in decision.notice.entries) or "材料不齐全"
    elif kind == "not_accept":
        reason = decision.reason or "不予受理"
        if decision.return_authority:
            reason += f"（请向{decision.return_authority}申请）"
    at = max(clock.received_at, clock.starts_at or clock.received_at) if kind == "accept" else clock.received_at
    return CaseEvent(kind=kind, at=at.astimezone(ledger.zone), actor=actor, reason=reason,
                     starts_on=clock.starts_at.date() if kind == "accept" and clock.starts_at else None)


def append_event(ledger: Ledger, case: Case, event: CaseEvent, *, actor: str) -> CaseStatus:
    """Append one event (refused with CaseError if the lifecycle or the clock does not allow it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(db.select(Case.id).where(Case.id == case.id).with_for_update())
    spec = ledger.lifecycle.event(event.kind)
    _joint_decision(case, event)
    status = _store(ledger, case, events_of(case), [event], actor=actor, why=spec.name if spec else event.kind)
    _open_stages(ledger, case, status, actor)
    return status


def _store(ledger: Ledger, case: Case, old: list[CaseEvent], new: list[CaseEvent], *, actor: str, why: str) -> CaseStatus:
    moment = max([ledger.now(), *(e.at for e in new)]).astimezone(ledger.zone)
    status = ledger.replay(case, old + new, moment)
    case.events_count = len(old) + len(new)
    for offset, event in enumerate(new, start=len(old) + 1):
        db.session.add(CaseEventRow(case_id=case.id, seq=offset, kind=event.kind, at=event.at, actor=event.actor or actor,
                                    data=event.data()))
    sync(ledger, case, status, moment, actor=actor, why=why)
    return status


def sync(ledger: Ledger, case: Case, status: CaseStatus, moment: datetime, *, actor: str, why: str) -> Supervision:
    """Write the replayed status into the derived columns, raise the version of every closed month whose report
    figures change, and raise / clear the supervision alerts."""
    before = inputs(case) if case.id else None
    case.state, case.closed, case.paused = status.state, status.closed, status.paused
    case.accepted_on, case.starts_on, case.deemed_accepted = status.accepted_on, status.starts_on, status.deemed_accepted
    case.promised_due, case.statutory_due = status.promised_due, status.statutory_due
    try:
        case.yellow_from = yellow_from(ledger.calendar, status.promised_due, ledger.policy.yellow_days) \
            if status.promised_due else None
    except CalendarRangeError:
        case.yellow_from = status.promised_due
    case.decided_on, case.result, case.timeliness = status.decided_on, status.result, status.timeliness
    case.working_days_used, case.delivered_on, case.closed_on = status.working_days_used, status.delivered_on, status.closed_on
    case.fees_total, case.provisional, case.events_count = status.fees_total, status.provisional, status.events
    case.updated_at = moment
    touch(before, inputs(case), ledger.now().date())
    supervision = ledger.supervise(status, moment.date())
    case.alert_colour = supervision.colour
    open_alerts = {(a.scope, a.code): a for a in db.session.scalars(
        db.select(CaseAlert).where(CaseAlert.case_id == case.id, CaseAlert.cleared_at.is_(None)))} if case.id else {}
    current = {(c.scope, c.code): c for c in supervision.cards if c.colour in ("yellow", "red")}
    for key, card in current.items():
        alert = open_alerts.get(key)
        if alert is not None and _RANK[alert.colour] >= _RANK[card.colour]:
            continue
        if alert is not None:
            alert.cleared_at, alert.cleared_by, alert.clear_reason = moment, actor, f"升级为{COLOUR_NAMES[card.colour]}"
        db.session.add(CaseAlert(case_id=case.id, scope=card.scope, code=card.code, colour=card.colour,
                                 message=card.message, raised_at=moment, raised_by=actor))
    for key, alert in open_alerts.items():
        if key not in current:
            alert.cleared_at, alert.cleared_by, alert.clear_reason = moment, actor, why
    return supervision


def status_now(ledger: Ledger, case: Case) -> CaseStatus:
    """The case as of now (an open pause reaches today; a deemed acceptance shows once its day has passed)."""
    return ledger.replay(case, events_of(case), max(ledger.now(), aware(case.updated_at, ledger.zone)))


def snapshot(ledger: Ledger, *, actor: str = "每日快照") -> int:
    """Replay every open case as of now and sync its columns and alerts (the daily e-supervision snapshot)."""
    count = 0
    for case in db.session.scalars(db.select(Case).where(Case.closed.is_(False))):
        sync(ledger, case, status_now(ledger, case), ledger.now(), actor=actor, why="每日快照：已不满足预警条件")
        count += 1
    return count


__all__ = ["Ledger", "append_event", "aware", "centre_zone", "create_case", "events_of", "ledger", "lifecycle", "now",
           "parse_event", "snapshot", "status_now", "sync"]
