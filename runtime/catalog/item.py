"""Approval items (审批服务事项) with the eight disclosures (八公开).

content · legal bases · conditions · materials · steps · time limits · fees · result — each a field here,
so the service guide, the rules and the console read one shape.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from ..conditions.syntax import Condition
from .base import CONDITION_HELP, Code, Identifier, Model, Phone, Text, Url, Validity
from .fee import Fee
from .legal import LegalBasis
from .material import ItemMaterial

ItemType = Literal["licensing", "non_licensing", "public_service", "convenience", "intermediary", "confirmation",
                   "payment", "reward", "adjudication", "other_power"]
Audience = Literal["person", "legal_person", "other"]
Channel = Literal["window", "online", "township", "express"]
CaseClass = Literal["immediate", "promised", "joint", "escalated", "returned", "supplement", "special"]
DefaultCaseClass = Literal["immediate", "promised", "joint", "escalated", "special"]
StepKind = Literal["intake", "review", "site_survey", "decision", "delivery"]
ClockPause = Literal["hearing", "tendering", "auction", "inspection", "testing", "quarantine", "appraisal", "expert_review"]
"""行政许可法 第四十五条: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 — not counted, each with a written notice."""
OtherPause = Literal["public_notice"]
"""Not counted under another article or law (公示), which the item's legal bases must name."""
LimitUnit = Literal["working_days", "calendar_days"]
ResultKind = Literal["licence", "certificate", "approval", "reply", "registration", "record", "service"]
Delivery = Literal["window", "express", "electronic"]
OnlineDepth = Literal["information", "download", "online_application", "fully_online"]

ITEM_TYPE_NAMES = {"licensing": "行政许可", "non_licensing": "非行政许可审批", "public_service": "公共服务",
                   "convenience": "便民服务", "intermediary": "中介服务", "confirmation": "行政确认",
                   "payment": "行政给付", "reward": "行政奖励", "adjudication": "行政裁决", "other_power": "其他行政权力"}
PowerSource = Literal["statutory", "devolved", "authorised_by_superior", "authorised_by_peer", "entrusted_by_superior",
                      "entrusted_by_peer"]
POWER_SOURCE_NAMES = {"statutory": "法定本级行使", "devolved": "上级下放", "authorised_by_superior": "上级授权",
                      "authorised_by_peer": "同级授权", "entrusted_by_superior": "上级委托", "entrusted_by_peer": "同级委托"}
Level = Literal["national", "provincial", "city", "county", "township", "village"]
LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "city": "市级", "county": "县级", "township": "镇（乡、街道）级",
               "village": "村（社区）级"}
ImplementerNature = Literal["statutory_agency", "authorised_organisation", "entrusted_organisation"]
IMPLEMENTER_NAMES = {"statutory_agency": "法定机关", "authorised_organisation": "法律法规授权组织",
                     "entrusted_organisation": "受委托组织"}
ServiceScope = Literal["county", "city", "province", "cross_province", "nationwide"]
SCOPE_NAMES = {"county": "全县通办", "city": "全市通办", "province": "全省通办", "cross_province": "跨省通办",
               "nationwide": "全国通办"}
Relation = Literal["parent", "reissue", "change", "renewal", "cancellation", "related"]
RELATION_NAMES = {"parent": "所属主项", "reissue": "补办", "change": "变更", "renewal": "延续", "cancellation": "注销",
                  "related": "关联事项"}
CASE_CLASS_NAMES = {"immediate": "即办件", "promised": "承诺件", "joint": "联办件", "escalated": "报批件",
                    "returned": "退回件", "supplement": "补办件", "special": "特办件"}
STEP_NAMES = {"intake": "受理", "review": "审查", "site_survey": "现场踏勘", "decision": "决定", "delivery": "送达"}
STEP_ORDER = tuple(STEP_NAMES)


class Step(Model):
    step: StepKind = Field(title="环节")
    days: int | None = Field(default=None, ge=0, le=365, title="工作日",
                             description="本环节用时，0 为当场；原文未写明则不写（指南印「未公布」，不计入各环节合计，之后环节无到期日）")
    title: Text | None = Field(default=None, title="说明", description="本环节做什么，如 审查申请材料")


class TimeLimit(Validity):
    """Statutory and promised days (行政许可法 第四十二条、第八十二条), in the unit the law gives; 0 = on the spot.

    ``unit`` counts the promise (and, unless ``statutory_unit`` says otherwise, the statute): a special law may
    give its own limit in calendar days while the centre promises working days — 《居民身份证法》第十二条
    「六十日」 (自然日) beside a promise of 15 个工作日 — so ``statutory_unit`` holds the unit of that law.
    """

    unit: LimitUnit = Field(default="working_days", title="计算单位",
                            description="承诺时限（及未写 statutory_unit 时的法定时限）的单位：working_days 工作日（行政许可法"
                                        "第八十二条）；calendar_days 自然日（如环境影响评价法第二十二条）")
    statutory_unit: LimitUnit | None = Field(
        default=None, title="法定时限计算单位",
        description="法定时限的单位与承诺时限不同时填写，依设定该时限的法律：如《居民身份证法》第十二条「六十日」为自然日"
                    "（calendar_days），而中心承诺 15 个工作日；不写时同 unit")
    statutory_days: int = Field(ge=0, le=365, title="法定时限",
                                description="法律法规规定的期限，按 statutory_unit（不写时按 unit）计；0 为当场办结")
    promised_days: int = Field(ge=0, le=365, title="承诺时限",
                               description="中心承诺的期限，按 unit 计，不长于法定时限（单位不同时按期满日比较）；0 为即办")
    pauses: tuple[ClockPause, ...] = Field(default=(), title="不计入时限的程序（第四十五条）",
                                           description="听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审；所需时间须书面告知申请人")
    other_pauses: tuple[OtherPause, ...] = Field(default=(), title="依其他规定不计入时限的环节",
                                                 description="如公示，依据须列入审批依据；补正材料在受理之前（第三十二条），不在此列")
    extension_days: int = Field(default=0, ge=0, le=15, title="可延长",
                                description="按 unit 计，自法定期满日起延长。第四十二条：一般经本行政机关负责人批准延长十日；联合、集中办理经本级人民政府负责人批准延长十五日（上限按办理制度校验）")

    @property
    def statute_unit(self) -> LimitUnit:
        """The unit the statutory days count in: ``statutory_unit``, else ``unit``."""
        return self.statutory_unit or self.unit


class Result(Model):
    name: Text = Field(title="结果名称")
    kind: ResultKind = Field(title="结果类型")
    validity: Text | None = Field(default=None, title="有效期", description="如 五年；长期有效写 长期")
    delivery: tuple[Delivery, ...] = Field(default=(), title="送达方式",
                                                                          description="不写为未公布")
    sample: Text | None = Field(default=None, title="结果样本", description="结果样本的文件名，如 许可证样本.pdf")


class Contacts(Model):
    """Every consultation and complaint channel the guide publishes; none is required (a guide that publishes no
    phone prints 「未公布」 rather than an invented number)."""

    consult_phone: Phone | None = Field(default=None, title="咨询电话", description="不写时指南打印「未公布」")
    consult_address: Text | None = Field(default=None, title="咨询地址")
    consult_url: Url | None = Field(default=None, title="网上咨询")
    complaint_phone: Phone | None = Field(default=None, title="投诉电话", description="不写时指南打印「未公布」")
    complaint_address: Text | None = Field(default=None, title="投诉地址")
    complaint_url: Url | None = Field(default=None, title="网上投诉")
    report_phone: Phone | None = Field(default=None, title="举报电话", description="指南另列举报电话时填写，如 0316-12345")
    email: Text | None = Field(default=None, title="电子邮箱")


class Variant(Model):
    """A handling situation (办理情形) of the guide: its own list of materials (materials name it in ``variants``)."""

    id: Identifier = Field(title="情形标识")
    name: Text = Field(title="情形名称", description="如 新购置设备、更新设备")
    when: Condition | None = Field(default=None, title="适用条件",
                                   description="申请人处于此情形的条件；不写时本情形的材料在受理时都要求。" + CONDITION_HELP)


class Commitment(Model):
    """告知承诺制: the written pledge replaces the listed proofs; the applicant may opt out and hand in the proofs."""

    pledge: Identifier = Field(title="承诺书材料", description="告知承诺书在本事项材料中的标识")
    opt_out: Identifier | None = Field(default=None, title="不实行承诺制声明",
                                       description="申请人选择不实行告知承诺制时提交的材料标识")
    replaces: tuple[Identifier, ...] = Field(min_length=1, title="承诺替代的材料",
                                             description="提交承诺书后不再要求的证明材料标识")
    on_the_spot: bool | None = Field(default=None, title="当场作出决定")
    verification: Text | None = Field(default=None, title="事后核查", description="核查方式与时限，如 发证后3个月内现场核查")
    basis: LegalBasis | None = Field(default=None, title="依据")


class Related(Model):
    code: Code = Field(title="事项编码")
    relation: Relation = Field(title="关系")
    name: Text | None = Field(default=None, title="事项名称", description="关联事项不在本目录中时，照指南写其名称")


class Question(Model):
    question: Text = Field(title="问题")
    answer: Text = Field(title="解答")


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
    conditions: tuple[Text, ...] | None = Field(default=None, title="申请条件",
                                                description="申请人应当具备的条件，写入办事指南；不写为未公布，写 [] 为无特别条件")
    situations: tuple[Identifier, ...] = Field(default=(), title="情形引导", description="引导办事人回答的情形标识（见「情形」）")
    materials: tuple[ItemMaterial, ...] = Field(default=(), title="申请材料")
    steps: tuple[Step, ...] = Field(min_length=1, title="办理流程")
    time_limits: tuple[TimeLimit, ...] = Field(min_length=1, title="办理时限")
    fees: tuple[Fee, ...] = Field(default=(), title="收费")
    charges: bool | None = Field(default=None, title="是否收费",
                                 description="不收费写 false；列出收费项目时可不写；都不写时指南打印「未公布」")
    result: Result = Field(title="办理结果")
    audience: tuple[Audience, ...] = Field(min_length=1, title="服务对象")
    channels: tuple[Channel, ...] = Field(default=("window",), min_length=1, title="办理渠道")
    online_prereview: bool = Field(default=False, title="支持网上预审")
    online_depth: OnlineDepth | None = Field(default=None, title="网办深度", description="不写为未公布")
    max_visits: int | None = Field(default=None, ge=0, le=5, title="最多到场次数",
                                   description="0 为全程网办，无需到场；不写为未公布")
    default_case_class: DefaultCaseClass = Field(title="默认办件类型")
    escalation_authority: Text | None = Field(default=None, title="报批机关", description="默认办件类型为报批件时必填")
    commitment: bool = Field(default=False, title="告知承诺制",
                             description="申请人书面承诺代替部分证明材料，事后核查；申请人也可选择提交材料")
    commitment_terms: Commitment | None = Field(default=None, title="告知承诺制内容",
                                                description="承诺书、不实行承诺制的声明、承诺替代的材料、是否当场决定、事后核查；"
                                                            "写明后，申请人提交承诺书时决定按告知承诺制办理、不再要求被替代的材料")
    windows: tuple[Identifier, ...] = Field(default=(), title="受理窗口", description="受理窗口的窗口标识；为空时取本部门窗口")
    contacts: Contacts = Field(default_factory=Contacts, title="联系方式", description="不写时各项均为未公布")
    variants: tuple[Variant, ...] = Field(default=(), title="办理情形",
                                          description="办事指南按情形列出材料时填写；材料以 variants 注明适用情形")
    power_source: PowerSource | None = Field(default=None, title="权力来源")
    levels: tuple[Level, ...] = Field(default=(), title="行使层级")
    implementer: Text | None = Field(default=None, title="实施主体", description="部门以外的实施主体全称，如 省卫生健康委")
    implementer_nature: ImplementerNature | None = Field(default=None, title="实施主体性质")
    entrusting_department: Text | None = Field(default=None, title="委托部门")
    handling_unit: Text | None = Field(default=None, title="办理机构", description="具体承办的内设机构，如 行政审批处")
    joint_agencies: tuple[Text, ...] = Field(default=(), title="联办机构")
    service_scope: ServiceScope | None = Field(default=None, title="通办范围")
    implementation_code: str | None = Field(default=None, max_length=64, title="实施编码")
    handling_code: str | None = Field(default=None, max_length=64, title="业务办理项编码")
    related: tuple[Related, ...] = Field(default=(), title="主项与关联事项", description="所属主项，补办、变更、延续、注销等关联事项")
    intermediary_services: tuple[Text, ...] = Field(default=(), title="中介服务")
    quantity_limit: Text | None = Field(default=None, title="数量限制", description="如 本区域内设备配置总量不超过规划数")
    visit_reason: Text | None = Field(default=None, title="到现场原因", description="须到现场办理的原因说明")
    special_procedure: Text | None = Field(default=None, title="特别程序", description="如 专家评审、公示；不计入办理时限")
    online_url: Url | None = Field(default=None, title="网上办理地址")
    mobile_url: Url | None = Field(default=None, title="移动端办理地址")
    pay_online: bool | None = Field(default=None, title="支持网上支付")
    appointment: bool | None = Field(default=None, title="支持预约办理")
    in_hall: bool | None = Field(default=None, title="进驻政务大厅")
    questions: tuple[Question, ...] = Field(default=(), title="常见问题")
    extensions: dict[str, Any] = Field(default_factory=dict, title="本地扩展字段",
                                       description="由 config 中的 extensions.schema.json 校验")

    @model_validator(mode="after")
    def _shape(self) -> "Item":
        found = self._material_problems()  # every shape problem at once, not just the first
        kinds = [s.step for s in self.steps]
        if kinds != sorted(kinds, key=STEP_ORDER.index) or len(set(kinds)) != len(kinds):
            found.append("办理流程须按 受理→审查→(踏勘)→决定→送达 排列，每个环节至多一次")
        if self.default_case_class == "escalated" and not self.escalation_authority:
            found.append("报批件必须写明 escalation_authority（报批机关）")
        if found:
            raise ValueError("；".join(found))
        return self

    def _material_problems(self) -> list[str]:
        found = []
        variants = {v.id for v in self.variants}
        seen: dict[str, list[set[str]]] = {}
        for material in self.materials:
            earlier = seen.setdefault(material.id, [])
            mine = set(material.variants)
            if earlier and (not mine or any(not other or other & mine for other in earlier)):
                found.append(f"材料标识重复：{material.id}（同一材料只能在不相交的 variants 下重复）")
            earlier.append(mine)
            for unknown in sorted(mine - variants):
                found.append(f"材料 {material.id} 引用了未声明的办理情形 {unknown}")
        ids = set(seen)
        terms = self.commitment_terms
        if terms is not None:
            for mid in (terms.pledge, terms.opt_out, *terms.replaces):
                if mid is not None and mid not in ids:
                    found.append(f"告知承诺制引用的材料 {mid} 不在本事项材料中")
        for fee in self.fees:
            for exemption in fee.exemptions:
                for mid in exemption.requires:
                    if mid not in ids:
                        found.append(f"收费 {fee.id} 的减免 {exemption.id} 要求的材料 {mid} 不在本事项材料中")
        if terms is not None and not self.commitment:
            found.append("写了 commitment_terms（告知承诺制内容）的事项应设 commitment: true")
        if self.charges is False and self.fees:
            found.append("charges: false（不收费）但列出了收费项目")
        return found

    def time_limit_on(self, day: date) -> TimeLimit | None:
        return next((t for t in self.time_limits if t.in_force(day)), None)

    def fees_on(self, day: date) -> tuple[Fee, ...]:
        return tuple(f for f in self.fees if f.in_force(day))

    def steps_days(self) -> int:
        """The stated step days added up (a step whose days are not published counts for nothing here: the
        sum is a floor, so lint can still say it exceeds the promise, never that it fits)."""
        return sum(s.days for s in self.steps if s.days is not None)

    def material(self, material_id: str) -> ItemMaterial | None:
        return next((m for m in self.materials if m.id == material_id), None)


__all__ = [
    "Audience", "CASE_CLASS_NAMES", "CaseClass", "Channel", "ClockPause", "Commitment", "Contacts", "DefaultCaseClass", "Delivery",
    "IMPLEMENTER_NAMES", "ITEM_TYPE_NAMES", "ImplementerNature", "Item", "ItemType", "LEVEL_NAMES", "Level", "LimitUnit", "OnlineDepth", "OtherPause",
    "POWER_SOURCE_NAMES", "PowerSource", "Question", "RELATION_NAMES", "Related", "Relation", "Result", "ResultKind", "SCOPE_NAMES",
    "STEP_NAMES", "STEP_ORDER", "ServiceScope", "Step", "StepKind", "TimeLimit", "Variant",
]
