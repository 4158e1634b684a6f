"""Approval items (审批服务事项) with the eight disclosures (八公开).

content · legal bases · conditions · materials · steps · time limits · fees · result — each a field here,
so the service guide, the rules and the console read one shape.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Code, Identifier, Model, Phone, Text, Validity
from .fee import Fee
from .legal import LegalBasis
from .material import ItemMaterial

ItemType = Literal["licensing", "non_licensing", "public_service", "convenience", "intermediary"]
Audience = Literal["person", "legal_person", "other"]
Channel = Literal["window", "online", "township", "express"]
CaseClass = Literal["immediate", "promised", "joint", "escalated", "returned", "supplement", "special"]
DefaultCaseClass = Literal["immediate", "promised", "joint", "escalated", "special"]
StepKind = Literal["intake", "review", "site_survey", "decision", "delivery"]
ClockPause = Literal["supplement", "expert_review", "hearing", "public_notice", "testing", "site_survey"]
OnlineDepth = Literal["information", "download", "online_application", "fully_online"]

ITEM_TYPE_NAMES = {"licensing": "行政许可", "non_licensing": "非行政许可审批", "public_service": "公共服务",
                   "convenience": "便民服务", "intermediary": "中介服务"}
CASE_CLASS_NAMES = {"immediate": "即办件", "promised": "承诺件", "joint": "联办件", "escalated": "报批件",
                    "returned": "退回件", "supplement": "补办件", "special": "特办件"}
STEP_NAMES = {"intake": "受理", "review": "审查", "site_survey": "现场踏勘", "decision": "决定", "delivery": "送达"}
STEP_ORDER = tuple(STEP_NAMES)


class Step(Model):
    step: StepKind = Field(title="环节")
    days: int = Field(ge=0, le=365, title="工作日", description="本环节用时，0 为当场")
    title: Text | None = Field(default=None, title="说明", description="本环节做什么，如 审查申请材料")


class TimeLimit(Validity):
    """Statutory and promised days, in working days (行政许可法 第四十二条、第八十二条); 0 = on the spot."""

    statutory_days: int = Field(ge=0, le=365, title="法定时限（工作日）", description="法律法规规定的期限；0 为当场办结")
    promised_days: int = Field(ge=0, le=365, title="承诺时限（工作日）", description="中心承诺的期限，不长于法定时限；0 为即办")
    pauses: tuple[ClockPause, ...] = Field(default=("supplement",), title="不计入时限的环节",
                                           description="行政许可法第四十五条")
    extension_days: int = Field(default=0, ge=0, le=10, title="可延长（工作日）",
                                description="经负责人批准可延长十日（第四十二条）")


class Result(Model):
    name: Text = Field(title="结果名称")
    kind: Literal["licence", "certificate", "approval", "reply", "registration", "record", "service"] = Field(title="结果类型")
    validity: Text | None = Field(default=None, title="有效期", description="如 五年；长期有效写 长期")
    delivery: tuple[Literal["window", "express", "electronic"], ...] = Field(default=("window",), title="送达方式")


class Contacts(Model):
    consult_phone: Phone = Field(title="咨询电话")
    complaint_phone: Phone = Field(title="投诉电话")


class Item(Validity):
    """One thing a citizen or company can apply for; several dated versions may share a ``code``."""

    code: Code = Field(title="事项编码")
    catalog_code: str | None = Field(default=None, max_length=64, title="国家目录编码",
                                     description="国家政务服务事项目录中的编码（如有）")
    name: Text = Field(title="事项名称")
    item_type: ItemType = Field(title="事项类型")
    department: Identifier = Field(title="实施部门", description="实施部门的部门标识，如 market_regulation")
    content: Text = Field(title="事项内容")
    legal_bases: tuple[LegalBasis, ...] = Field(min_length=1, title="审批依据")
    conditions: tuple[Text, ...] = Field(default=(), title="申请条件", description="申请人应当具备的条件，写入办事指南")
    situations: tuple[Identifier, ...] = Field(default=(), title="情形引导", description="引导办事人回答的情形标识（见「情形」）")
    materials: tuple[ItemMaterial, ...] = Field(default=(), title="申请材料")
    steps: tuple[Step, ...] = Field(min_length=1, title="办理流程")
    time_limits: tuple[TimeLimit, ...] = Field(min_length=1, title="办理时限")
    fees: tuple[Fee, ...] = Field(default=(), title="收费")
    result: Result = Field(title="办理结果")
    audience: tuple[Audience, ...] = Field(min_length=1, title="服务对象")
    channels: tuple[Channel, ...] = Field(default=("window",), min_length=1, title="办理渠道")
    online_prereview: bool = Field(default=False, title="支持网上预审")
    online_depth: OnlineDepth = Field(default="download", title="网办深度")
    max_visits: int = Field(default=1, ge=0, le=5, title="最多到场次数", description="0 为全程网办，无需到场")
    default_case_class: DefaultCaseClass = Field(title="默认办件类型")
    escalation_authority: Text | None = Field(default=None, title="报批机关", description="默认办件类型为报批件时必填")
    commitment: bool = Field(default=False, title="告知承诺制",
                             description="申请人书面承诺代替部分证明材料，当场作出决定、事后核查；申请人也可选择提交材料")
    windows: tuple[Identifier, ...] = Field(default=(), title="受理窗口", description="受理窗口的窗口标识；为空时取本部门窗口")
    contacts: Contacts = Field(title="联系方式")
    extensions: dict[str, Any] = Field(default_factory=dict, title="本地扩展字段",
                                       description="由 config 中的 extensions.schema.json 校验")

    @model_validator(mode="after")
    def _shape(self) -> "Item":
        found = []  # every shape problem at once, not just the first
        ids = [m.id for m in self.materials]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            found.append(f"材料标识重复：{', '.join(duplicates)}")
        kinds = [s.step for s in self.steps]
        if kinds != sorted(kinds, key=STEP_ORDER.index) or len(set(kinds)) != len(kinds):
            found.append("办理流程须按 受理→审查→(踏勘)→决定→送达 排列，每个环节至多一次")
        if self.default_case_class == "escalated" and not self.escalation_authority:
            found.append("报批件必须写明 escalation_authority（报批机关）")
        if found:
            raise ValueError("；".join(found))
        return self

    def time_limit_on(self, day: date) -> TimeLimit | None:
        return next((t for t in self.time_limits if t.in_force(day)), None)

    def fees_on(self, day: date) -> tuple[Fee, ...]:
        return tuple(f for f in self.fees if f.in_force(day))

    def steps_days(self) -> int:
        return sum(s.days for s in self.steps)

    def material(self, material_id: str) -> ItemMaterial | None:
        return next((m for m in self.materials if m.id == material_id), None)


__all__ = [
    "Audience", "CASE_CLASS_NAMES", "CaseClass", "Channel", "ClockPause", "Contacts", "DefaultCaseClass",
    "ITEM_TYPE_NAMES", "Item", "ItemType", "OnlineDepth", "Result", "STEP_NAMES", "STEP_ORDER", "Step", "StepKind", "TimeLimit",
]
