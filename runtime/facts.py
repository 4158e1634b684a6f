"""The fact vocabulary: every path a condition may read, with its type.

One table serves the catalog lint (conditional materials and fees), the rules compiler and both engines,
so a fact means the same thing everywhere. Applications are flattened into exactly these paths.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from .catalog import Catalog, Item
from .catalog.green_channel import ProjectCategory
from .catalog.item import Audience, CaseClass, ItemType
from .conditions import FactType

ApplicationChannel = Literal["window", "online", "township", "agency"]
"""How an application came in (the ``channel`` of an application and the fact of that name)."""
APPLICATION_CHANNELS: tuple[str, ...] = get_args(ApplicationChannel)
APPLICATION_CHANNEL_NAMES = {"window": "窗口办理", "online": "网上办理", "township": "乡镇便民服务中心", "agency": "代办"}
"""申请渠道的中文名（schemas 中 ``Application.channel`` 的标签）。"""

_SITUATION_TYPES = {"yes_no": "bool", "number": "int", "date": "date", "choice": "str"}


def base_env(catalog: Catalog) -> dict[str, FactType]:
    """Facts every application has, whatever the item."""
    return {
        "applicant.kind": FactType("str", get_args(Audience), "申请人类型"),
        "applicant.township": FactType("str", None, "申请人所在乡镇"),
        "channel": FactType("str", APPLICATION_CHANNELS, "申请渠道"),
        "item.code": FactType("str", tuple(catalog.item_versions), "事项编码"),
        "item.item_type": FactType("str", get_args(ItemType), "事项类型"),
        "item.department": FactType("str", tuple(catalog.departments), "实施部门"),
        "item.default_case_class": FactType("str", get_args(CaseClass), "默认办件类型"),
        "item.commitment": FactType("bool", None, "告知承诺制"),
        "item.has_fee": FactType("bool", None, "是否收费"),
        "item.promised_days": FactType("int", None, "承诺时限"),
        "item.township_delegated": FactType("bool", None, "已下放乡镇"),
        "item.online_accepts": FactType("bool", None, "可网上申请（办理渠道含网上办理且网办深度达到网上申请）"),
        "item.online_prereview": FactType("bool", None, "支持网上预审"),
        "item.max_visits": FactType("int", None, "最多到场次数"),
        "pipeline.code": FactType("str", tuple(catalog.pipelines), "联办线"),
        "project.category": FactType("str", get_args(ProjectCategory), "项目类别"),
        "project.registered": FactType("bool", None, "已登记重点项目"),
        "calendar.after_hours": FactType("bool", None, "非工作时间收件"),
        "calendar.date": FactType("date", None, "收件日期"),
        "applicant.in_audience": FactType("bool", None, "申请人属于服务对象"),
        "item.in_force": FactType("bool", None, "事项在收件日有效"),
        "item.escalated": FactType("bool", None, "需报上级机关审批"),
        "green_channel.granted": FactType("bool", None, "已开通绿色通道"),
        "calendar.working_day": FactType("bool", None, "收件日为工作日"),
        "materials.missing_required": FactType("int", None, "缺少的必要材料数"),
        "materials.missing_key": FactType("int", None, "缺少的关键材料数"),
        "materials.missing_tolerable": FactType("int", None, "缺少的可容缺材料数"),
        "materials.defective": FactType("int", None, "有问题的材料数"),
        "materials.unanswered": FactType("int", None, "决定材料的情形中未回答的问题数"),
        "tolerance_pledge": FactType("bool", None, "签署容缺承诺"),
    }


def situation_env(catalog: Catalog, situation_ids: tuple[str, ...] | list[str]) -> dict[str, FactType]:
    env: dict[str, FactType] = {}
    for sid in situation_ids:
        situation = catalog.situations.get(sid)
        if situation is None:
            continue
        values = situation.choice_values() if situation.kind == "choice" else None
        env[f"facts.{sid}"] = FactType(_SITUATION_TYPES[situation.kind], values, situation.question)
    return env


def item_env(catalog: Catalog, item: Item, base: Mapping[str, FactType] | None = None) -> Mapping[str, FactType]:
    """Facts a condition inside ``item`` may read: the common ones plus the item's own situations."""
    return {**(base if base is not None else base_env(catalog)), **situation_env(catalog, item.situations)}


__all__ = ["APPLICATION_CHANNELS", "APPLICATION_CHANNEL_NAMES", "ApplicationChannel", "base_env", "item_env", "situation_env"]
