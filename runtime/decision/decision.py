"""The decision (受理决定): the output contract — outcome, one-time notice, route, clock, fees, and why."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from ..catalog.base import Money
from ..catalog.item import CaseClass
from ..catalog.material import MaterialForm
from ..catalog.organisation import Location
from ..rules.models import Outcome, Phase, Regime

NoticeProblem = Literal["missing", "insufficient_originals", "insufficient_copies", "wrong_form", "expired", "defective",
                  "unsigned", "illegible"]
PROBLEM_NAMES = {"missing": "未提交", "insufficient_originals": "原件份数不足", "insufficient_copies": "复印件份数不足",
                 "wrong_form": "形式不符", "expired": "已过期", "defective": "内容有误", "unsigned": "未签字盖章",
                 "illegible": "无法辨认"}
ROUTE_MODE_NAMES = {"sole": "单部门办理", "joint": "联合审批"}
STOP_MODE_NAMES = {"sole": "单独办理", "parallel": "并联", "serial": "串联"}


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """An instance made of values the decision path built itself, already of the declared types (tuples,
        not lists; models, dates, plain ints and strings): set without validation, as ``model_construct``
        would but in one step — the same object ``cls(**values)`` gives. ``test_trusted_outputs`` checks
        every decision built this way against its validated twin."""
        obj = _new(cls)
        _set_dict(obj, {**_DEFAULTS[cls], **values})  # declaration order: the order fields are dumped in
        _set_fields_set(obj, set(values))
        _set_extra(obj, None)
        _set_private(obj, None)
        return obj


    def but(self, **changes: Any) -> Self:
        """This instance with ``changes`` (values of the declared types), unvalidated like :meth:`trusted`: what
        ``cls(**set_fields, **changes)`` gives."""
        obj = _new(type(self))
        _set_dict(obj, {**self.__dict__, **changes})
        _set_fields_set(obj, self.__pydantic_fields_set__ | changes.keys())
        _set_extra(obj, None)
        _set_private(obj, None)
        return obj


# the slots of every pydantic model, set directly (the model is frozen); no model defines ``__new__``
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


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
    problem: NoticeProblem
    detail: str = Field(description="如何补正：应交的形式和份数，或按受理标准更正")
    required: Requirement
    standard: str | None = Field(default=None, description="该材料的受理标准（窗口据此收件）")
    basis: Citation | None = None


class BringEntry(_Output):
    material: str
    name: str
    required: Requirement
    standard: str | None = None


class Question(_Output):
    """A situation the applicant has not answered although it decides which materials are needed; with what
    each of those materials takes, so the answer and the papers come back together (still one notice)."""

    situation: str
    question: str
    materials: tuple[BringEntry, ...] = Field(description="取决于该问题的材料，答案使其需要时按此提交")


class CirculatedMaterial(_Output):
    """A paper an earlier stage of the same bundle issues: passed on inside, never asked of the applicant
    (内部流转, 行政许可法第二十六条)."""

    material: str
    name: str
    item: str = Field(description="需要该材料的事项")
    source_item: str = Field(description="出具该材料的事项（本联办线的前一阶段）")


class Notice(_Output):
    """一次性告知: every missing or defective material at once, and every unanswered question that decides
    materials (行政许可法 第三十二条第一款第（四）项)."""

    entries: tuple[NoticeEntry, ...] = ()
    questions: tuple[Question, ...] = ()
    deadline: date | None = Field(default=None, description="告知须在此日前作出；逾期视为受理")
    basis: Citation | None = None


class Prereview(_Output):
    """网上预审: nothing is received and no clock runs; exactly what to bring, and where, for one trip."""

    bring: tuple[BringEntry, ...]
    window: str | None = None
    window_name: str | None = None
    location: Location
    address: str | None = None
    visits: int = Field(description="最多到场次数")


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
    days: int | None = 0
    """Working days of the stop; None where the item's guide does not publish them (then no due date)."""
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
    unit: Literal["working_days", "calendar_days"] = "working_days"
    statutory_unit: Literal["working_days", "calendar_days"] | None = Field(
        default=None, exclude_if=lambda unit: unit is None,
        description="法定时限与 statutory_due 的计算单位，仅在与 unit（承诺时限的单位）不同时给出（如《居民身份证法》"
                    "第十二条六十日为自然日、承诺为工作日）；不给出时同 unit")
    extension_days: int = 0
    extended_due: date | None = None
    extension_approver: str | None = None
    notice_deadline: date | None = None
    provisional: bool = False
    provisional_years: tuple[int, ...] = ()


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
    unpublished: tuple[str, ...] = Field(default=(), description="目录未写明收费的事项编码（未写 charges、未列收费项目）："
                                                                 "收费未公布，不等于不收费")


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
    circulated: tuple[CirculatedMaterial, ...] = ()
    prereview: Prereview | None = None
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


def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Every field in declaration order: its default, or a marker for a required one (given by the caller)."""
    assert all(f.default_factory is None for f in cls.model_fields.values()), cls
    return {name: None if f.is_required() else f.default for name, f in cls.model_fields.items()}


_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {cls: _defaults(cls) for cls in _Output.__subclasses__()}
"""The field defaults of each output model (a table of the declarations above, not a cache)."""


__all__ = [
    "BringEntry", "CirculatedMaterial", "Prereview", "Question", "Citation", "Clock", "Decision", "DeferredMaterial", "DisabledRule", "FeeLine", "Fees", "GreenChannelDecision", "LayerRevision", "Notice",
    "NoticeEntry", "PROBLEM_NAMES", "ROUTE_MODE_NAMES", "STOP_MODE_NAMES", "NoticeProblem", "Requirement", "Revision", "Route", "RouteStop", "SkippedDay", "Tolerance", "TraceEntry",
]
