"""The case ledger's tables: cases (one row each, columns derived by replay), their append-only event logs,
the per-centre daily number sequence, supervision alerts, evaluations (好差评) and complaints (投诉).

Every column of ``cases`` after ``basis`` is derived: recomputed by replaying ``case_events`` over the pinned
``basis`` after each append, in the same transaction; the columns exist so that lists, supervision and the
monthly report are SQL over indexes at a county's 250,000 cases a year.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy import text

from ..store.db import db


OPEN = text("closed = false AND decided_on IS NULL AND parent_id IS NULL")
"""The cases e-supervision watches: a partial index over them keeps the supervision view independent of the
(much larger) number of closed cases."""


class Case(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    query_code: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[str | None] = mapped_column(String(64))
    item: Mapped[str | None] = mapped_column(String(64), index=True)
    item_name: Mapped[str] = mapped_column(String(200))
    pipeline: Mapped[str | None] = mapped_column(String(64))
    department: Mapped[str | None] = mapped_column(String(64), index=True)
    window: Mapped[str | None] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_kind: Mapped[str] = mapped_column(String(16))
    applicant_phone: Mapped[str | None] = mapped_column(String(32))
    regime: Mapped[str] = mapped_column(String(32))
    case_class: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    application: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # derived by replay
    state: Mapped[str] = mapped_column(String(32))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    accepted_on: Mapped[date | None] = mapped_column(Date, index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    deemed_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    promised_days: Mapped[int | None] = mapped_column(Integer)
    promised_due: Mapped[date | None] = mapped_column(Date)
    statutory_due: Mapped[date | None] = mapped_column(Date)
    yellow_from: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date, index=True)
    result: Mapped[str | None] = mapped_column(String(16))
    timeliness: Mapped[str | None] = mapped_column(String(16))
    working_days_used: Mapped[int | None] = mapped_column(Integer)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    fees_total: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    alert_colour: Mapped[str] = mapped_column(String(8), default="none")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    events_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_cases_open_due", "closed", "promised_due"),
        Index("ix_cases_carried", "decided_on", "accepted_on"),
        Index("ix_cases_supervised", "department", "promised_due", "yellow_from", "alert_colour", "paused", "window",
              "item", postgresql_where=OPEN, sqlite_where=OPEN),
    )


class CaseEventRow(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """One event of a case's log; ``seq`` is unique per case, so two concurrent appends cannot both land."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),)


class CaseSequence(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """The last number given on one day in one region (行政区划代码 + 日期 → 顺序号)."""

    __tablename__ = "case_sequences"

    region: Mapped[str] = mapped_column(String(6), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class CaseAlert(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """A supervision card raised on a case (or one of its steps), and when, by whom and why it was cleared."""

    __tablename__ = "case_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    scope: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32))
    colour: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    raised_by: Mapped[str] = mapped_column(String(64))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cleared_by: Mapped[str | None] = mapped_column(String(64))
    clear_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_case_alerts_open", "cleared_at", "colour"),)


class Evaluation(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """好差评 (国办发〔2019〕51号): one per case, five levels, a reason for a bad grade, rectified and called back."""

    __tablename__ = "case_evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    grade: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rectify_due: Mapped[date | None] = mapped_column(Date)
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rectification: Mapped[str | None] = mapped_column(Text)
    callback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_result: Mapped[str | None] = mapped_column(Text)


class Complaint(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """投诉: against a case, a window or a person, answered within the centre's ``complaint_days``."""

    __tablename__ = "case_complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    window: Mapped[str | None] = mapped_column(String(64))
    person: Mapped[str | None] = mapped_column(String(64))
    complainant: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    upheld: Mapped[bool | None] = mapped_column(Boolean)
    """投诉属实: decided when answered; upheld complaints count against the window and person in 绩效考核."""


class CaseMonth(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """A month of the monthly report: its figures are frozen in ``case_month_figures`` while ``frozen_version``
    equals ``version``; a change to a case that alters a closed month's figures raises ``version``."""

    __tablename__ = "case_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    frozen_version: Mapped[int | None] = mapped_column(Integer)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseMonthFigures(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """The frozen figures of a closed month, one row per (department, window, item): exactly what the live
    computation over ``cases`` gives for that month (the test suite compares the two)."""

    __tablename__ = "case_month_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    department: Mapped[str | None] = mapped_column(String(64))
    window: Mapped[str | None] = mapped_column(String(64))
    item: Mapped[str | None] = mapped_column(String(64))
    accepted: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    not_accepted: Mapped[int] = mapped_column(Integer)
    early: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    carried_over: Mapped[int] = mapped_column(Integer)
    online: Mapped[int] = mapped_column(Integer)
    used_days: Mapped[int] = mapped_column(Integer)
    promised_days: Mapped[int] = mapped_column(Integer)
    fees: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class CaseMonthStaff(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    """The frozen 绩效考核 counts of a closed month, one row per (window, created_by), frozen with the figures."""

    __tablename__ = "case_month_staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    window: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    handled: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)


__all__ = ["Case", "CaseAlert", "CaseEventRow", "CaseMonth", "CaseMonthFigures", "CaseMonthStaff", "CaseSequence", "Complaint", "Evaluation"]
