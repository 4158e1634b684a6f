"""The decision (受理决定): the output contract — outcome, one-time notice, route, clock, fees, and why."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..catalog.base import Money
from ..catalog.item import CaseClass
from ..catalog.material import MaterialForm
from ..catalog.organisation import Location
from ..rules.models import Outcome, Phase, Regime

Problem = Literal["missing", "insufficient_originals", "insufficient_copies", "wrong_form", "expired", "defective",
                  "unsigned", "illegible"]
PROBLEM_NAMES = {"missing": "未提交", "insufficient_originals": "原件份数不足", "insufficient_copies": "复印件份数不足",
                 "wrong_form": "形式不符", "expired": "已过期", "defective": "内容有误", "unsigned": "未签字盖章",
                 "illegible": "无法辨认"}


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True)


class Citation(_Output):
    document: str
    title: str
    number: str | None = None
    article: str | None = None


class Requirement(_Output):
    """What satisfies the material: the notice alone must be enough to comply (一次性告知)."""

    form: MaterialForm
    originals: int
    copies: int


class NoticeEntry(_Output):
    material: str
    name: str
    item: str
    problem: Problem
    detail: str
    required: Requirement
    basis: Citation | None = None


class Notice(_Output):
    """一次性告知: every missing or defective material at once (行政许可法 第三十二条第四项)."""

    entries: tuple[NoticeEntry, ...] = ()
    deadline: date | None = Field(default=None, description="告知须在此日前作出；逾期视为受理")
    basis: Citation | None = None


class DeferredMaterial(_Output):
    material: str
    name: str
    due: date


class Tolerance(_Output):
    materials: tuple[DeferredMaterial, ...]
    due: date
    pledge: bool


class RouteStop(_Output):
    order: int
    name: str
    department: str | None = None
    window: str | None = None
    mode: Literal["sole", "parallel", "serial"] = "sole"
    items: tuple[str, ...] = ()
    days: int = 0
    due: date | None = None
    joint_survey: bool = False
    joint_review: bool = False


class Route(_Output):
    mode: Literal["sole", "joint"]
    lead_department: str
    lead_department_name: str
    lead_window: str | None
    lead_window_name: str | None = None
    location: Location
    stops: tuple[RouteStop, ...]
    agency_window: str | None = None
    fee_window: str | None = None


class GreenChannelDecision(_Output):
    granted: bool
    category: str | None = None
    project: str | None = None
    changes: tuple[str, ...] = ()


class SkippedDay(_Output):
    date: date
    reason: str


class Clock(_Output):
    received_at: datetime
    starts_at: datetime | None
    start_reason: str | None = None
    promised_days: int | None = None
    statutory_days: int | None = None
    promised_due: date | None = None
    statutory_due: date | None = None
    pauses: tuple[str, ...] = ()
    skipped: tuple[SkippedDay, ...] = ()
    makeup_days: tuple[SkippedDay, ...] = ()
    explanation: str = ""


class FeeLine(_Output):
    fee: str
    item: str
    name: str
    amount: Money
    exemption: str | None = None
    exemption_basis: Citation | None = None
    payable: Money
    basis: Citation | None = None
    note: str | None = None


class Fees(_Output):
    lines: tuple[FeeLine, ...] = ()
    total: Money = Decimal("0.00")
    estimate: bool = Field(default=False, description="未受理：仅为预估，现在无需缴纳（不受理不收费）")
    window: str | None = None
    window_name: str | None = None


class TraceEntry(_Output):
    rule: str
    title: str
    phase: Phase
    priority: int
    facts: dict[str, bool | int | str | None]
    effect: str
    basis: Citation | None = None


class LayerRevision(_Output):
    """One rule layer (library, province, county) and the hash of its files."""

    name: str
    revision: str
    rules: int


class DisabledRule(_Output):
    rule: str
    layer: str
    reason: str


class Revision(_Output):
    catalog: str
    rules: str
    layers: tuple[LayerRevision, ...] = ()
    disabled: tuple[DisabledRule, ...] = ()


class Decision(_Output):
    outcome: Outcome
    case_class: CaseClass
    regime: Regime
    item: str | None = None
    item_name: str | None = None
    pipeline: str | None = None
    reason: str | None = None
    return_authority: str | None = None
    escalated_to: str | None = None
    notice: Notice = Notice()
    tolerance: Tolerance | None = None
    route: Route | None = None
    green_channel: GreenChannelDecision = GreenChannelDecision(granted=False)
    clock: Clock
    fees: Fees = Fees()
    legal_bases: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    trace: tuple[TraceEntry, ...] = ()
    revision: Revision
    engine: str


__all__ = [
    "Citation", "Clock", "Decision", "DeferredMaterial", "DisabledRule", "FeeLine", "Fees", "GreenChannelDecision", "LayerRevision", "Notice",
    "NoticeEntry", "PROBLEM_NAMES", "Problem", "Requirement", "Revision", "Route", "RouteStop", "SkippedDay", "Tolerance", "TraceEntry",
]
