"""The case (办件): what it pinned when it was created, the events that happened to it, the centre's policy.

A case never stores a due date it could not recompute: :class:`CaseBasis` pins the decision's clock, steps,
deferred materials and fees with the catalog, rules and calendar revisions; :class:`CaseEvent` records each
thing that happened (who, when, why); :func:`onewindow.runtime.cases.replay` derives everything else.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..calendar import Unit
from ..catalog import CalendarYear, Centre
from ..decision.decision import Decision, DeferredMaterial
from ..errors import FieldError, OnewindowError


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CaseStep(_Frozen):
    """One step of the route (受理 → 审查 → 踏勘 → 决定 → 送达), with its share of the promised days."""

    order: int = Field(ge=1)
    name: str
    days: int | None = Field(default=None, ge=0, description="本环节工作日；事项未公布则为空，此后环节无到期日")
    department: str | None = None
    window: str | None = None


class FeeAllowance(_Frozen):
    """A fee line of the decision: the only fees that may be charged (第五十八条: no basis, no fee)."""

    fee: str
    name: str
    payable: Decimal


class CaseBasis(_Frozen):
    """Everything the case pinned when it was created; never changes afterwards."""

    item: str | None = None
    item_name: str
    pipeline: str | None = None
    regime: str
    case_class: str
    channel: str = "window"
    department: str | None = None
    window: str | None = None
    received_at: AwareDatetime
    starts_on: date | None = Field(default=None, description="决定中的起算日（下班后收件顺延）")
    promised_days: int | None = Field(default=None, ge=0)
    statutory_days: int | None = Field(default=None, ge=0)
    unit: Unit = Field(default="working_days", description="承诺时限及延期的计算单位（随决定固定）")
    statutory_unit: Unit | None = Field(default=None, description="法定时限的计算单位，与 unit 不同时写明（如居民身份证法的自然日）")
    steps: tuple[CaseStep, ...] = ()
    tolerance: tuple[DeferredMaterial, ...] = ()
    commitment: bool = False
    fees: tuple[FeeAllowance, ...] = ()
    catalog_revision: str
    rules_revision: str
    calendar_revision: str
    prereview: bool = Field(default=False, description="预审：收件前不计时")

    @classmethod
    def from_decision(cls, decision: Decision, *, calendar_revision: str, commitment: bool = False,
                      channel: str = "window", prereview: bool = False) -> "CaseBasis":
        """Pin a decision of ``Runtime.decide`` (the decision API stays stateless; the case keeps a copy)."""
        route = decision.route
        steps = tuple(CaseStep(order=s.order, name=s.name, days=s.days, department=s.department, window=s.window)
                      for s in (route.stops if route else ()))
        tolerance = decision.tolerance.materials if decision.tolerance else ()  # 容缺: pinned as decided
        fees = tuple(FeeAllowance(fee=line.fee, name=line.name, payable=line.payable) for line in decision.fees.lines)
        clock = decision.clock
        return cls(
            item=decision.item, item_name=decision.item_name or decision.pipeline or "", pipeline=decision.pipeline,
            regime=decision.regime, case_class=decision.case_class, channel=channel,
            department=route.lead_department if route else None, window=route.lead_window if route else None,
            received_at=clock.received_at, starts_on=clock.starts_at.date() if clock.starts_at else None,
            promised_days=clock.promised_days, statutory_days=clock.statutory_days, unit=clock.unit,
            statutory_unit=clock.statutory_unit, steps=steps, tolerance=tolerance,
            commitment=commitment, fees=fees, catalog_revision=decision.revision.catalog,
            rules_revision=decision.revision.rules, calendar_revision=calendar_revision, prereview=prereview,
        )


EventKind = str
"""An event kind declared in the lifecycle (``accept``, ``pause`` …); checked against it on replay."""


class CaseEvent(_Frozen):
    """One thing that happened to a case. Which fields an event needs is declared in the lifecycle."""

    kind: EventKind
    at: AwareDatetime
    actor: str | None = None
    reason: str | None = None
    step: int | None = Field(default=None, ge=1)
    category: str | None = Field(default=None, description="暂停类别（第四十五条）")
    notice_days: int | None = Field(default=None, ge=1, le=365, description="书面告知的所需时间（工作日）")
    days: int | None = Field(default=None, ge=1, le=60)
    clock: Literal["statutory", "promised"] = "statutory"
    approver: str | None = None
    material: str | None = None
    result: str | None = None
    fee: str | None = None
    amount: Decimal | None = Field(default=None, ge=0, decimal_places=2)
    starts_on: date | None = None

    def data(self) -> dict[str, Any]:
        """The event as JSON-ready data without empty fields (what an event log row stores)."""
        return self.model_dump(mode="json", exclude_none=True)


class CasePolicy(_Frozen):
    """The centre's own numbers for cases (centre config; 行政许可法 第三十二条 caps ``notice_days`` at 5)."""

    notice_days: int = Field(default=5, ge=0, le=5)
    yellow_days: int = Field(default=2, ge=0, description="距承诺办结日期不足此工作日数时黄牌预警")
    step_yellow_days: int = Field(default=1, ge=0, description="距环节到期不足此工作日数时环节黄牌")
    commitment_check_days: int = Field(default=20, ge=1, description="告知承诺制事后核查期限（工作日）")

    @classmethod
    def from_centre(cls, centre: Centre) -> "CasePolicy":
        """The policy the centre configured (``centre.yaml``: ``notice_days`` and the ``cases`` block)."""
        c = centre.cases
        return cls(notice_days=centre.notice_days, yellow_days=c.yellow_days, step_yellow_days=c.step_yellow_days,
                   commitment_check_days=c.commitment_check_days)


def calendar_revision(years: Mapping[int, CalendarYear]) -> str:
    """A short hash of the calendar years a case was accepted under (pinned with the catalog and rules revisions)."""
    digest = hashlib.sha256()
    for year in sorted(years):
        digest.update(years[year].model_dump_json().encode())
    return digest.hexdigest()[:16]


class CaseError(OnewindowError):
    """An event the case cannot take (wrong state, missing field, over a cap); JSON paths into the request."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__("办件事件有误：" + "；".join(f"{e.path}: {e.message}" for e in self.errors))


__all__ = ["calendar_revision", "CaseBasis", "CaseError", "CaseEvent", "CasePolicy", "CaseStep", "DeferredMaterial", "EventKind", "FeeAllowance"]
