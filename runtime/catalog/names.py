"""Chinese names of every enumerated value in the catalog, keyed by the value's type.

Staff never read ``legal_person`` or ``site_survey``: the console's selects, the service guide and the
review reports all say 法人 and 现场踏勘. One table per ``Literal`` type, looked up by the type itself
(``Literal`` types compare by their values), so a field declared inline gets its names as well as one
declared through an alias, and the same English word may read differently in different places
(``window``: 窗口办理 as a channel, 窗口领取 as a delivery).
"""
from __future__ import annotations

from typing import Any, Literal, get_args

from .fee import PAYMENT_PLACE_NAMES, FeeKind, PaymentPlace
from .green_channel import CATEGORY_NAMES, ProjectCategory
from .item import (
    CASE_CLASS_NAMES, IMPLEMENTER_NAMES, ITEM_TYPE_NAMES, LEVEL_NAMES as ITEM_LEVEL_NAMES, POWER_SOURCE_NAMES,
    RELATION_NAMES, SCOPE_NAMES, STEP_NAMES, Audience, CaseClass, Channel, ClockPause, DefaultCaseClass, Delivery,
    ImplementerNature, ItemType, Level, LimitUnit, OnlineDepth, OtherPause, PowerSource, Relation, ResultKind, ServiceScope,
    StepKind,
)
from .legal import LEVEL_NAMES, STATUS_NAMES, BasisRole, DocumentLevel, DocumentStatus
from .material import (
    FORM_NAMES, MEDIUM_NAMES, NECESSITY_NAMES, SOURCE_KIND_NAMES, MaterialForm, MaterialMedium, Necessity, SourceKind,
)
from .organisation import DepartmentKind, Location, WindowKind
from .pipeline import StageMode
from .policy import POLICY_NAMES, PolicyName
from .situation import SituationKind


ROLE_NAMES = {"establishing": "设定依据", "implementing": "实施依据", "charging": "收费依据"}
PAUSE_NAMES = {"hearing": "听证", "tendering": "招标", "auction": "拍卖", "inspection": "检验", "testing": "检测",
               "quarantine": "检疫", "appraisal": "鉴定", "expert_review": "专家评审", "public_notice": "公示"}
UNIT_LABELS = {"working_days": "工作日", "calendar_days": "自然日"}
CHANNEL_NAMES = {"window": "窗口办理", "online": "网上办理", "township": "乡镇便民服务中心", "express": "邮寄"}
DEPTH_NAMES = {"information": "仅提供办事信息", "download": "可下载表格", "online_application": "可网上申请",
               "fully_online": "全程网办"}
RESULT_DELIVERY = {"window": "窗口领取", "express": "邮寄送达", "electronic": "电子证照"}
AUDIENCE_NAMES = {"person": "自然人", "legal_person": "法人", "other": "其他组织"}

LITERAL_NAMES: dict[Any, dict[str, str]] = {
    ItemType: ITEM_TYPE_NAMES,
    CaseClass: CASE_CLASS_NAMES,
    DefaultCaseClass: {value: CASE_CLASS_NAMES[value] for value in get_args(DefaultCaseClass)},
    Audience: AUDIENCE_NAMES,
    Channel: CHANNEL_NAMES,
    StepKind: STEP_NAMES,
    ClockPause: {value: PAUSE_NAMES[value] for value in get_args(ClockPause)},
    OtherPause: {value: PAUSE_NAMES[value] for value in get_args(OtherPause)},
    LimitUnit: UNIT_LABELS,
    OnlineDepth: DEPTH_NAMES,
    ResultKind: {"licence": "许可证", "certificate": "证书", "approval": "批准文件", "reply": "批复",
                 "registration": "登记证明", "record": "备案回执", "service": "服务结果"},
    Delivery: RESULT_DELIVERY,
    DocumentLevel: LEVEL_NAMES,
    DocumentStatus: STATUS_NAMES,
    BasisRole: ROLE_NAMES,
    MaterialForm: FORM_NAMES,
    Necessity: NECESSITY_NAMES,
    SourceKind: SOURCE_KIND_NAMES,
    MaterialMedium: MEDIUM_NAMES,
    PowerSource: POWER_SOURCE_NAMES,
    Level: ITEM_LEVEL_NAMES,
    ImplementerNature: IMPLEMENTER_NAMES,
    ServiceScope: SCOPE_NAMES,
    Relation: RELATION_NAMES,
    FeeKind: {"fixed": "定额", "per_unit": "按单位计费", "tiered": "分档计费", "percentage": "按比例计费"},
    PaymentPlace: PAYMENT_PLACE_NAMES,
    ProjectCategory: CATEGORY_NAMES,
    PolicyName: POLICY_NAMES,
    WindowKind: {"department": "部门窗口", "general": "综合受理窗口", "fee": "收费窗口", "branch": "分中心窗口",
                 "township": "乡镇窗口", "agency": "代办窗口"},
    Location: {"main_hall": "中心大厅", "branch": "分中心", "township": "乡镇便民服务中心"},
    DepartmentKind: {"department": "政府部门", "trading_centre": "公共资源交易中心", "utility": "公用事业单位"},
    Literal["Asia/Shanghai"]: {"Asia/Shanghai": "北京时间（Asia/Shanghai）"},
    StageMode: {"parallel": "并联", "serial": "串联"},
    SituationKind: {"yes_no": "是/否", "choice": "单选", "number": "数值", "date": "日期"},
}
"""``Literal`` type → {value: 中文名}. A test checks every enumerated field of the catalog is covered."""


def value_names(literal: Any) -> dict[str, str]:
    """The Chinese names of a ``Literal`` type's values (empty when the type has none)."""
    return LITERAL_NAMES.get(literal, {})


__all__ = [
    "AUDIENCE_NAMES", "CATEGORY_NAMES", "CHANNEL_NAMES", "DEPTH_NAMES", "LITERAL_NAMES", "PAUSE_NAMES",
    "UNIT_LABELS",
    "RESULT_DELIVERY", "ROLE_NAMES", "value_names",
]
