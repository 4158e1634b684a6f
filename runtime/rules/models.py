"""The shape of a rule file (``rules/*.yaml``): rules as data, schema-checked like the catalog.

A rule reads facts through the shared condition language (``when``) and does things from a closed
vocabulary (``then``). Actions never run code: engines only report which rules matched, and the
decision is assembled in Python from the matched rules' actions (issue #3: "actions only record hits").
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..catalog.base import Code, Identifier, Model, Text, Validity
from ..catalog.item import CaseClass
from ..catalog.legal import LegalDocument
from ..catalog.organisation import Location
from ..catalog.policy import PolicyName
from ..conditions.syntax import Condition, Scalar

Outcome = Literal["accept", "tolerance_accept", "supplement", "return", "escalate", "prereview"]
Regime = Literal["direct", "time_limited", "joint", "explicit_reply", "assisted", "special", "commitment"]
Phase = Literal["derive", "materials", "decide"]
PHASE_NAMES = {"derive": "推导事实", "materials": "核验材料", "decide": "作出决定"}

OUTCOME_NAMES = {"accept": "受理", "tolerance_accept": "容缺受理", "supplement": "补正（一次性告知）",
                 "return": "不予受理（退回）", "escalate": "受理并报批", "prereview": "网上预审（未受理，不计时）"}
REGIME_NAMES = {"direct": "直接办理制", "time_limited": "限时办理制", "joint": "联合办理制",
                "explicit_reply": "明确答复制", "assisted": "协助办理制", "special": "特殊办理制",
                "commitment": "告知承诺制"}


class MaterialAction(Model):
    material: Identifier = Field(title="材料")
    reason: Text = Field(title="理由")


class RouteAction(Model):
    """Send the case somewhere: a department's window, a named window, a location, the agency office."""

    department: Identifier | None = Field(default=None, title="部门")
    window: Identifier | None = Field(default=None, title="窗口")
    location: Location | None = Field(default=None, title="位置")
    agency: bool | None = Field(default=None, title="全程代办")
    fee_window: bool | None = Field(default=None, title="统一收费窗口")

    @model_validator(mode="after")
    def _something(self) -> "RouteAction":
        if all(getattr(self, f) is None for f in type(self).model_fields):
            raise ValueError("route 至少要写一项：department / window / location / agency / fee_window")
        return self


class FeeAction(Model):
    fee: Identifier = Field(title="收费")
    item: Code | None = Field(default=None, title="所属事项", description="添加其他事项的收费时填写")
    reason: Text = Field(title="理由")


class ReturnAction(Model):
    reason: Text = Field(title="退回理由")
    authority: Text | None = Field(default=None, title="应向何机关申请")


class DeriveAction(Model):
    fact: Identifier = Field(title="推导事实", description="其他规则以 derived.<fact> 读取")
    value: Scalar = Field(title="值")


class Actions(Model):
    """The closed vocabulary of what a rule may do; several actions may be combined in one rule."""

    outcome: Outcome | None = Field(default=None, title="受理结论")
    case_class: CaseClass | None = Field(default=None, title="办件类型")
    regime: Regime | None = Field(default=None, title="办理制度")
    require_material: tuple[MaterialAction, ...] = Field(default=(), title="要求材料")
    waive_material: tuple[MaterialAction, ...] = Field(default=(), title="免交材料")
    route: RouteAction | None = Field(default=None, title="流转")
    grant_green_channel: bool | None = Field(default=None, title="开通绿色通道")
    add_fee: tuple[FeeAction, ...] = Field(default=(), title="加收")
    waive_fee: tuple[FeeAction, ...] = Field(default=(), title="免收")
    return_: ReturnAction | None = Field(default=None, alias="return", title="退回")
    escalate_to: Text | None = Field(default=None, title="报批机关")
    derive: tuple[DeriveAction, ...] = Field(default=(), title="推导事实")
    note: Text | None = Field(default=None, title="告知说明")

    model_config = Model.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _not_empty_and_one_phase(self) -> "Actions":
        given = self.given()
        if not given:
            raise ValueError("then 至少要有一个动作")
        phases = {ACTION_PHASE[a] for a in given if ACTION_PHASE[a] is not None}
        if len(phases) > 1:
            raise ValueError("同一条规则不能混用推导（derive/grant_green_channel）、材料（require/waive_material）与决定类动作，请拆成多条规则")
        if self.return_ is not None and self.outcome not in (None, "return"):
            raise ValueError("写了 return 的规则 outcome 只能是 return")
        return self

    def given(self) -> list[str]:
        out = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is not None and value != ():
                out.append(name)
        return out

    def phase(self) -> Phase:
        for action in self.given():
            phase = ACTION_PHASE[action]
            if phase is not None:
                return phase
        return "decide"


ACTION_PHASE: dict[str, Phase | None] = {
    "outcome": "decide", "case_class": "decide", "regime": "decide", "route": "decide", "add_fee": "decide",
    "waive_fee": "decide", "return_": "decide", "escalate_to": "decide",
    "require_material": "materials", "waive_material": "materials",
    "derive": "derive", "grant_green_channel": "derive", "note": None,
}
"""Which phase an action belongs to: derive → materials → decide (see compiler)."""


class Scope(Model):
    """Where a rule applies; empty means county-wide."""

    items: tuple[Code, ...] = Field(default=(), title="事项")
    departments: tuple[Identifier, ...] = Field(default=(), title="部门")
    pipelines: tuple[Code, ...] = Field(default=(), title="联办线")


class RuleBasis(Model):
    """Where a rule rests: a document of the catalog (a county's own layer), a national law by its well-known
    key (the library; ``centre.laws`` maps it onto the catalog's document id), or a policy the county
    practises (容缺受理, 绿色通道…; its document and article come from ``centre.policies`` — a centre that
    does not declare it does not practise it, and the rule does not apply there)."""

    document: Identifier | None = Field(default=None, title="依据文件", description="本目录法律文件的文件标识")
    law: Identifier | None = Field(default=None, title="国家法律",
                                   description="国家法律的通用标识，如 administrative_licensing_law（政策库用）")
    policy: PolicyName | None = Field(default=None, title="制度", description="中心实行的制度（政策库用）")
    article: Text | None = Field(default=None, title="条款", description="如 第三十二条；写 policy 时由中心配置给出")

    @model_validator(mode="after")
    def _one_source(self) -> "RuleBasis":
        given = [name for name in ("document", "law", "policy") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("依据须且只能写 document、law、policy 之一")
        if self.policy is not None and self.article is not None:
            raise ValueError("写 policy 的依据不写 article：条款由中心配置 centre.policies 给出")
        return self


class Disable(Model):
    """A later layer switching off a rule of an earlier one, with the reason on record."""

    rule: str = Field(title="规则标识")
    reason: Text = Field(title="理由")


class Rule(Validity):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(/[a-z0-9_\-]+)*$", max_length=96, title="规则标识")
    title: Text = Field(title="规则名称")
    priority: int = Field(default=50, ge=0, le=1000, title="优先级", description="大者优先")
    scope: Scope = Field(default_factory=Scope, title="适用范围")
    when: Condition | None = Field(default=None, title="条件", description="省略表示总是适用")
    then: Actions = Field(title="动作")
    basis: RuleBasis = Field(title="依据")
    description: Text | None = Field(default=None, title="说明")
    override: bool = Field(default=False, title="覆盖",
                           description="替换前一层（政策库、省级层）中同一标识的规则；未写而标识重复是错误")


class RulesFile(Model):
    rules: tuple[Rule, ...] = Field(default=(), title="规则")
    disable: tuple[Disable, ...] = Field(default=(), title="停用",
                                         description="停用前一层中的规则，并写明理由")


class LawsFile(Model):
    """The national laws a rule layer ships (the library's ``laws.yaml``): a catalog file's ``legal_documents``
    list and nothing else. A rule citing a law by key (``basis.law``) rests on the shipped document when the
    centre's catalog has none of its own for that law."""

    legal_documents: tuple[LegalDocument, ...] = Field(min_length=1, title="法律文件")


__all__ = [
    "ACTION_PHASE", "Actions", "DeriveAction", "Disable", "LawsFile", "RuleBasis", "FeeAction", "MaterialAction", "OUTCOME_NAMES", "Outcome", "PHASE_NAMES", "Phase",
    "REGIME_NAMES", "Regime", "ReturnAction", "RouteAction", "Rule", "RulesFile", "Scope",
]
