"""The national exchange tables (``up_task_general_*``) and the EU CPSV-AP vocabulary.

The field lists are those of the national government-service item exchange schema for licensing, payment,
reward, confirmation, adjudication and other items: ``up_task_general_basic`` (基本信息), ``…_extend``
(扩展信息), ``…_material`` (材料目录), ``…_fee_project`` (收费项目) and ``…_questions`` (常见问题).
Synchronisation bookkeeping columns (``cd_batch``, ``cd_time``, ``create_user_id`` …, ``tenant_id``) belong
to the platform, not to the item, and are not written. Where the platform wants a code (事项类型, 权力来源,
行使层级, 实施主体性质, 办件类型, 通办范围) the code is written, from the code lists kept as data in
``codes/*.yaml`` (each with its source); a catalog value the national list has no code for is written as its
Chinese name. Import (``national_import``) reads a code, a name or the catalog's own value.

:data:`ELEMENTS` is the one registry: each business element with its table, column, Chinese name, how it
is covered (has / partly / lacks) and the catalog field it comes from; ``docs/national-elements.md`` is
generated from it (:func:`coverage_markdown`) and a test checks the document is current.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as _field
from importlib import resources
from typing import Any, Literal

from ..catalog import Catalog, Item, LegalBasis
from ..catalog.fee import Fee
from ..catalog.item import ITEM_TYPE_NAMES, STEP_NAMES
from ..catalog.material import FORM_NAMES, MEDIUM_NAMES, NECESSITY_NAMES, SOURCE_KIND_NAMES, ItemMaterial
from ..catalog.names import AUDIENCE_NAMES, CHANNEL_NAMES, DEPTH_NAMES, UNIT_LABELS
from ..wording import basis_text, describe_fee

Coverage = Literal["has", "partly", "lacks"]
COVERAGE_NAMES = {"has": "有", "partly": "部分", "lacks": "缺"}
Table = Literal["basic", "extend", "material", "fee_project", "questions"]
TABLE_NAMES = {"basic": "up_task_general_basic", "extend": "up_task_general_extend",
               "material": "up_task_general_material", "fee_project": "up_task_general_fee_project",
               "questions": "up_task_general_questions"}
NAMESPACE = uuid.UUID("6f1c3b5e-4a1d-5b0e-9c43-0e7a1c2d9f10")
"""UUID namespace of ``row_guid`` / ``task_guid``: the same item always gets the same identifiers."""


@dataclass(frozen=True)
class CodeList:
    """One national code list (``codes/<column>.yaml``): catalog value ↔ national code and Chinese name."""

    column: str
    field: str
    title: str
    source: str
    confirmed: bool
    separator: str
    codes: dict[str, str]
    """catalog value → national code"""
    names: dict[str, str]
    """catalog value → Chinese name (coded or not)"""
    lookup: dict[str, str] = _field(repr=False)
    """code, name, alias or catalog value → catalog value"""

    def encode(self, value: str) -> str:
        """The national code, or the Chinese name where the national list has no code for the value."""
        return self.codes.get(value) or self.names[value]

    def encode_all(self, values: tuple[str, ...] | list[str]) -> str:
        return self.separator.join(self.encode(v) for v in values)

    def decode(self, text: str) -> str:
        """A code, a Chinese name or the catalog value back to the catalog value; ``ValueError`` in Chinese."""
        value = self.lookup.get(text.strip())
        if value is None:
            shown = "、".join(f"{self.codes[v]} {self.names[v]}" if v in self.codes else self.names[v] for v in self.names)
            raise ValueError(f"「{text}」不是{self.title}的代码或名称（可选：{shown}）")
        return value

    def decode_all(self, text: str) -> list[str]:
        parts = [p for p in text.replace("、", self.separator).split(self.separator) if p.strip()] if self.separator else [text]
        return [self.decode(p) for p in parts]


def load_code_lists() -> dict[str, CodeList]:
    """Every code list shipped under ``codes/`` keyed by its column (read each call: the caller keeps the result)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    found = {}
    for entry in sorted(resources.files("onewindow.runtime.exchange.codes").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"))
        codes = {str(c["value"]): str(c["code"]) for c in data["codes"]}
        names = {str(c["value"]): str(c["name"]) for c in [*data["codes"], *data.get("uncoded", ())]}
        lookup: dict[str, str] = {}
        for c in [*data["codes"], *data.get("uncoded", ())]:
            for key in (c.get("code"), c["name"], c["value"], *c.get("aliases", ())):
                if key is not None:
                    lookup[str(key)] = str(c["value"])
        found[data["column"]] = CodeList(data["column"], data["field"], data["title"], " ".join(str(data["source"]).split()),
                                         bool(data["confirmed"]), str(data.get("separator", "")), codes, names, lookup)
    return found


@dataclass(frozen=True)
class Ctx:
    catalog: Catalog
    item: Item
    codes: dict[str, CodeList]
    material: ItemMaterial | None = None
    fee: Fee | None = None
    index: int = 0


def _code(c: Ctx, column: str, value: str | None) -> str:
    return "" if value is None else c.codes[column].encode(value)


@dataclass(frozen=True)
class Element:
    table: Table
    column: str
    name: str
    coverage: Coverage
    field: str
    value: Callable[[Ctx], Any] | None = None


def _yn(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _bases(c: Ctx) -> str:
    return "；".join(basis_text(c.catalog, b.document, b.article) for b in c.item.legal_bases if b.role != "charging")


def _dept(c: Ctx) -> str:
    department = c.catalog.departments.get(c.item.department)
    return c.item.implementer or (department.name if department else c.item.department)


def _limit(c: Ctx) -> Any:
    return c.item.time_limits[-1]


def _window_text(c: Ctx) -> str:
    windows = [c.catalog.windows[w] for w in c.item.windows if w in c.catalog.windows] or list(c.catalog.windows_of(c.item.department))
    return "；".join(f"{w.name}：{w.address or w.site or c.catalog.centre.address}" for w in windows)


def _hours(c: Ctx) -> str:
    windows = [c.catalog.windows[w] for w in c.item.windows if w in c.catalog.windows] or list(c.catalog.windows_of(c.item.department))
    sessions = next((w.hours for w in windows if w.hours), c.catalog.centre.published_hours)
    return "，".join(f"{s.start}—{s.end}" for s in sessions)


def _m(c: Ctx) -> ItemMaterial:
    assert c.material is not None
    return c.material


def _basis(c: Ctx, basis: LegalBasis | None) -> str:
    return basis_text(c.catalog, basis.document, basis.article) if basis is not None else ""


def _f(c: Ctx) -> Fee:
    assert c.fee is not None
    return c.fee


def _source(c: Ctx) -> str:
    source = c.catalog.material_source(c.item, _m(c).id)
    return SOURCE_KIND_NAMES[source.kind] if source else ""


def _source_note(c: Ctx) -> str:
    source = c.catalog.material_source(c.item, _m(c).id)
    if source is None:
        return ""
    department = c.catalog.departments.get(source.department) if source.department else None
    issuer = department.name if department is not None else source.issuer
    return "；".join(p for p in (issuer or "", source.note or "") if p)


def _exemptions(c: Ctx) -> str:
    return "；".join(f"{e.name}：{basis_text(c.catalog, e.basis.document, e.basis.article)}" for e in _f(c).exemptions)


E = Element
ELEMENTS: tuple[Element, ...] = (
    # 基本信息 up_task_general_basic
    E("basic", "task_name", "事项名称", "has", "name", lambda c: c.item.name),
    E("basic", "task_code", "实施编码", "has", "implementation_code（缺省为 code）", lambda c: c.item.implementation_code or c.item.code),
    E("basic", "local_task_code", "地方实施编码", "has", "code", lambda c: c.item.code),
    E("basic", "catalog_code", "基本编码", "has", "catalog_code", lambda c: c.item.catalog_code or ""),
    E("basic", "task_handle_item", "业务办理项编码", "has", "handling_code", lambda c: c.item.handling_code or ""),
    E("basic", "task_type", "事项类型", "has", "item_type（代码表 task_type）", lambda c: _code(c, "task_type", c.item.item_type)),
    E("basic", "power_source", "权力来源", "has", "power_source（代码表 power_source）",
      lambda c: _code(c, "power_source", c.item.power_source)),
    E("basic", "use_level", "行使层级", "has", "levels（代码表 use_level）", lambda c: c.codes["use_level"].encode_all(c.item.levels)),
    E("basic", "dept_name", "实施主体", "has", "implementer / department", _dept),
    E("basic", "dept_code", "实施主体编码", "lacks", "—（统一社会信用代码未建模）"),
    E("basic", "dept_type", "实施主体性质", "has", "implementer_nature（代码表 dept_type）",
      lambda c: _code(c, "dept_type", c.item.implementer_nature)),
    E("basic", "entrust_name", "委托部门", "has", "entrusting_department", lambda c: c.item.entrusting_department or ""),
    E("basic", "by_law", "设定依据", "has", "legal_bases", _bases),
    E("basic", "accept_condition", "受理条件", "has", "conditions", lambda c: "\n".join(c.item.conditions or ())),
    E("basic", "server_type", "服务对象", "has", "audience", lambda c: "、".join(AUDIENCE_NAMES[a] for a in c.item.audience)),
    E("basic", "project_type", "办件类型", "has", "default_case_class（代码表 project_type）",
      lambda c: _code(c, "project_type", c.item.default_case_class)),
    E("basic", "handle_type", "办理形式", "has", "channels", lambda c: "、".join(CHANNEL_NAMES[x] for x in c.item.channels)),
    E("basic", "handle_flow", "办理流程", "partly", "steps（环节与工作日，无流程图）",
      lambda c: " → ".join(f"{STEP_NAMES[s.step]}（{'未公布' if s.days is None else s.days}）" for s in c.item.steps)),
    E("basic", "anticipate_day", "法定办结时限", "has", "time_limits.statutory_days", lambda c: _limit(c).statutory_days),
    E("basic", "anticipate_type", "法定办结时限单位", "has",
      "time_limits.statutory_unit（不写时同 unit；工作日/自然日，写名称：国家代码未确认）",
      lambda c: UNIT_LABELS[_limit(c).statute_unit]),
    E("basic", "anticipate_explain", "法定办结时限说明", "lacks", "—"),
    E("basic", "promise_day", "承诺办结时限", "has", "time_limits.promised_days", lambda c: _limit(c).promised_days),
    E("basic", "promise_type", "承诺办结时限单位", "has", "time_limits.unit", lambda c: UNIT_LABELS[_limit(c).unit]),
    E("basic", "promise_explain", "承诺办结时限说明", "lacks", "—"),
    E("basic", "special_procedure", "特别程序", "has", "special_procedure", lambda c: c.item.special_procedure or ""),
    E("basic", "is_fee", "是否收费", "has", "charges / fees", lambda c: _yn(True if c.item.fees else c.item.charges)),
    E("basic", "fee_basis", "收费依据", "has", "fees.basis",
      lambda c: "；".join(dict.fromkeys(basis_text(c.catalog, f.basis.document, f.basis.article) for f in c.item.fees))),
    E("basic", "limit_scene_num", "到办事现场次数", "has", "max_visits", lambda c: "" if c.item.max_visits is None else c.item.max_visits),
    E("basic", "transact_addr", "办理地点", "has", "windows（窗口地址）", _window_text),
    E("basic", "transact_time", "办理时间", "has", "windows.hours / centre.hours", _hours),
    E("basic", "link_way", "咨询方式", "has", "contacts.consult_*",
      lambda c: "；".join(v for v in (c.item.contacts.consult_phone, c.item.contacts.consult_address, c.item.contacts.consult_url) if v)),
    E("basic", "supervise_way", "监督投诉方式", "has", "contacts.complaint_* / report_phone",
      lambda c: "；".join(v for v in (c.item.contacts.complaint_phone, c.item.contacts.complaint_address, c.item.contacts.complaint_url,
                                      c.item.contacts.report_phone and f"举报电话 {c.item.contacts.report_phone}") if v)),
    E("basic", "link_addr", "计算机端在线办理跳转地址", "has", "online_url", lambda c: c.item.online_url or ""),
    E("basic", "mobile_terminal_url", "移动端办理地址", "has", "mobile_url", lambda c: c.item.mobile_url or ""),
    E("basic", "is_single_login", "计算机端是否对接单点登录", "lacks", "—"),
    E("basic", "app_is_single_login", "移动端是否对接单点登录", "lacks", "—"),
    E("basic", "task_state", "事项状态", "partly", "valid_from / valid_until（在用/停用由有效期推出）", lambda c: "在用"),
    E("basic", "task_version", "事项版本", "partly", "valid_from（版本按生效日期区分）", lambda c: c.index + 1),
    E("basic", "plan_effective_date", "计划生效日期", "has", "valid_from", lambda c: c.item.valid_from.isoformat() if c.item.valid_from else ""),
    E("basic", "plan_cancel_date", "计划取消日期", "has", "valid_until", lambda c: c.item.valid_until.isoformat() if c.item.valid_until else ""),
    # 扩展信息 up_task_general_extend
    E("extend", "handle_area", "通办范围", "has", "service_scope（代码表 handle_area）", lambda c: _code(c, "handle_area", c.item.service_scope)),
    E("extend", "is_entry_center", "是否进驻政务大厅", "has", "in_hall", lambda c: _yn(c.item.in_hall)),
    E("extend", "is_express", "是否支持物流快递", "has", "channels（express）", lambda c: _yn("express" in c.item.channels)),
    E("extend", "is_online", "是否网办", "has", "channels（online）", lambda c: _yn("online" in c.item.channels)),
    E("extend", "is_pay_online", "是否支持网上支付", "has", "pay_online", lambda c: _yn(c.item.pay_online)),
    E("extend", "is_schedule", "是否支持预约办理", "has", "appointment", lambda c: _yn(c.item.appointment)),
    E("extend", "is_service_terminals", "是否支持终端办理", "lacks", "—"),
    E("extend", "limit_explain", "数量限制", "has", "quantity_limit", lambda c: c.item.quantity_limit or ""),
    E("extend", "limit_scene_explain", "到现场办理原因说明", "has", "visit_reason", lambda c: c.item.visit_reason or ""),
    E("extend", "online_handle_depth", "网上办理深度", "has", "online_depth", lambda c: DEPTH_NAMES.get(c.item.online_depth or "", "")),
    E("extend", "online_handle_url", "网办地址", "has", "online_url", lambda c: c.item.online_url or ""),
    E("extend", "other_dept", "联办机构", "has", "joint_agencies", lambda c: "、".join(c.item.joint_agencies)),
    E("extend", "result_name", "审批结果名称", "has", "result.name", lambda c: c.item.result.name),
    E("extend", "result_type", "审批结果类型", "has", "result.kind", lambda c: c.item.result.kind),
    E("extend", "result_guid", "审批结果样本", "has", "result.sample", lambda c: c.item.result.sample or ""),
    E("extend", "service_type", "中介服务", "has", "intermediary_services", lambda c: "、".join(c.item.intermediary_services)),
    E("extend", "user_topic_type", "面向自然人事项主题分类", "lacks", "—"),
    E("extend", "corp_topic_type", "面向法人事项主题分类", "lacks", "—"),
    E("extend", "town_name", "乡镇街道名称", "partly", "township_centres.delegated_items（下放乡镇）",
      lambda c: "、".join(t.township for t in c.catalog.township_centres.values() if c.item.code in t.delegated_items)),
    # 材料目录 up_task_general_material
    E("material", "material_name", "材料名称", "has", "materials.name", lambda c: c.catalog.material_name(c.item, _m(c).id)),
    E("material", "material_type", "材料类型", "has", "materials.form", lambda c: FORM_NAMES[_m(c).form]),
    E("material", "material_format", "材料形式", "has", "materials.media", lambda c: "、".join(MEDIUM_NAMES[m] for m in _m(c).media)),
    E("material", "page_num", "纸质材料份数", "has", "materials.originals / copies / alternatives", lambda c: _m(c).quantity_text()),
    E("material", "page_format", "纸质材料规格", "has", "materials.specification", lambda c: _m(c).specification or ""),
    E("material", "is_need", "材料必要性", "has", "materials.necessity", lambda c: NECESSITY_NAMES[_m(c).necessity]),
    E("material", "source_type", "来源渠道", "has", "materials.source.kind", _source),
    E("material", "source_explain", "来源渠道说明", "has", "materials.source.issuer / department / note", _source_note),
    E("material", "form_guid", "空白表格", "has", "materials.blank_form", lambda c: _m(c).blank_form or ""),
    E("material", "example_guid", "示例样表", "has", "materials.sample", lambda c: _m(c).sample or ""),
    E("material", "fill_explain", "填报须知", "has", "materials.instructions", lambda c: _m(c).instructions or ""),
    E("material", "accept_stand", "受理标准", "has", "materials.standard", lambda c: _m(c).standard or ""),
    E("material", "by_law", "要求提供材料的依据", "has", "materials.basis",
      lambda c: _basis(c, _m(c).basis)),
    E("material", "remark", "备注", "has", "materials.remark", lambda c: _m(c).remark or ""),
    E("material", "order_num", "排序", "has", "materials（列表顺序）", lambda c: c.index + 1),
    # 收费项目 up_task_general_fee_project
    E("fee_project", "fee_name", "收费项目名称", "has", "fees.name", lambda c: _f(c).name),
    E("fee_project", "fee_stand", "收费标准", "has", "fees.kind / amount / unit / unit_price / tiers / rate", lambda c: describe_fee(_f(c))),
    E("fee_project", "by_law", "收费依据", "has", "fees.basis", lambda c: basis_text(c.catalog, _f(c).basis.document, _f(c).basis.article)),
    E("fee_project", "is_desc", "是否允许减免", "has", "fees.exemptions", lambda c: _yn(bool(_f(c).exemptions))),
    E("fee_project", "desc_explain", "允许减免依据", "has", "fees.exemptions.basis", _exemptions),
    E("fee_project", "remark", "备注", "partly", "fees.payment_note", lambda c: _f(c).payment_note or ""),
    E("fee_project", "order_num", "排序", "has", "fees（列表顺序）", lambda c: c.index + 1),
    # 常见问题 up_task_general_questions
    E("questions", "question", "问题", "has", "questions.question", lambda c: c.item.questions[c.index].question),
    E("questions", "answer", "答案", "has", "questions.answer", lambda c: c.item.questions[c.index].answer),
    E("questions", "order_num", "排序", "has", "questions（列表顺序）", lambda c: c.index + 1),
)


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _version_key(item: Item) -> str:
    return f"{item.code}@{item.valid_from or ''}"


def item_guid(item: Item) -> str:
    """``task_guid`` of an item version (UUIDv5 of its code and version date)."""
    return _guid(_version_key(item))


def item_rows(catalog: Catalog, item: Item, index: int, codes: dict[str, CodeList]) -> dict[str, list[dict[str, Any]]]:
    """One item version's rows in every table (basic and extend: one row each)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES.values()}
    task_guid = item_guid(item)
    base = {"row_guid": task_guid, "task_guid": task_guid, "task_code": item.implementation_code or item.code,
            "task_handle_item": item.handling_code or ""}
    for table in ("basic", "extend"):
        ctx = Ctx(catalog, item, codes, index=index)
        row = dict(base) if table == "extend" else {"row_guid": task_guid}
        row.update({e.column: e.value(ctx) for e in ELEMENTS if e.table == table and e.value})
        tables[TABLE_NAMES[table]].append(row)
    parts: list[tuple[Table, list[Ctx]]] = [
        ("material", [Ctx(catalog, item, codes, material=m, index=i) for i, m in enumerate(item.materials)]),
        ("fee_project", [Ctx(catalog, item, codes, fee=f, index=i) for i, f in enumerate(item.fees)]),
        ("questions", [Ctx(catalog, item, codes, index=i) for i in range(len(item.questions))]),
    ]
    for table, contexts in parts:
        for ctx in contexts:
            row = {**base, "row_guid": _guid(_version_key(item), table, str(ctx.index))}
            row.update({e.column: e.value(ctx) for e in ELEMENTS if e.table == table and e.value})
            tables[TABLE_NAMES[table]].append(row)
    return tables


def national_rows(catalog: Catalog, codes: dict[str, CodeList] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows: one per item version (basic, extend), per material, fee and question."""
    codes = load_code_lists() if codes is None else codes
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES.values()}
    for versions in catalog.item_versions.values():
        for index, item in enumerate(versions):
            for table, rows in item_rows(catalog, item, index, codes).items():
                tables[table] += rows
    return tables


def table_columns(table: str) -> list[str]:
    short = next(k for k, v in TABLE_NAMES.items() if v == table)
    keys = ["row_guid"] if short == "basic" else ["row_guid", "task_guid", "task_code", "task_handle_item"]
    return keys + [e.column for e in ELEMENTS if e.table == short and e.value and e.column not in keys]


# -- CPSV-AP ---------------------------------------------------------------------------------------
def cpsv_ap(catalog: Catalog) -> dict[str, Any]:
    """Public services in the EU Core Public Service Vocabulary Application Profile (JSON-LD)."""
    services = []
    for item in catalog.items():
        department = catalog.departments.get(item.department)
        services.append({
            "@id": f"urn:onewindow:service:{_version_key(item)}", "@type": "cpsv:PublicService",
            "dct:identifier": item.code, "dct:title": {"@language": "zh", "@value": item.name},
            "dct:description": {"@language": "zh", "@value": item.content},
            "dct:type": ITEM_TYPE_NAMES[item.item_type],
            "cv:hasCompetentAuthority": {"@type": "cv:PublicOrganisation", "skos:prefLabel": item.implementer or (department.name if department else item.department)},
            "cv:hasCriterion": [{"@type": "cv:CriterionRequirement", "dct:title": t} for t in item.conditions or ()],
            "cv:hasLegalResource": [{"@type": "eli:LegalResource", "dct:title": basis_text(catalog, b.document, b.article)} for b in item.legal_bases],
            "cpsv:hasInput": [{"@type": "cv:Evidence", "dct:identifier": m.id, "dct:title": catalog.material_name(item, m.id)}
                              for m in item.materials],
            "cpsv:produces": {"@type": "cv:Output", "dct:title": item.result.name},
            "cv:hasCost": [{"@type": "cv:Cost", "dct:identifier": f.id, "dct:description": f"{f.name}：{describe_fee(f)}",
                            **({"cv:value": str(f.amount), "cv:currency": "CNY"} if f.kind == "fixed" and f.amount is not None else {})}
                           for f in item.fees],
            "cv:processingTime": f"P{item.time_limits[-1].promised_days}D",
            "cv:hasChannel": [{"@type": "cv:Channel", "dct:type": CHANNEL_NAMES[c]} for c in item.channels],
            **({"cv:hasContactPoint": {"@type": "schema:ContactPoint", "schema:telephone": item.contacts.consult_phone}}
               if item.contacts.consult_phone else {}),
        })
    return {"@context": {"cpsv": "http://purl.org/vocab/cpsv#", "cv": "http://data.europa.eu/m8g/",
                         "dct": "http://purl.org/dc/terms/", "eli": "http://data.europa.eu/eli/ontology#",
                         "schema": "http://schema.org/", "skos": "http://www.w3.org/2004/02/skos/core#"},
            "@graph": services}


def coverage_markdown() -> str:
    """The coverage table of ``docs/national-elements.md`` (generated; a test keeps the document current)."""
    counts = {k: sum(1 for e in ELEMENTS if e.coverage == k) for k in COVERAGE_NAMES}
    lines = [f"共 {len(ELEMENTS)} 个业务要素：有 {counts['has']}，部分 {counts['partly']}，缺 {counts['lacks']}。", "",
             "| 表 | 列 | 要素 | 覆盖 | 目录字段 |", "|---|---|---|---|---|"]
    lines += [f"| {TABLE_NAMES[e.table]} | `{e.column}` | {e.name} | {COVERAGE_NAMES[e.coverage]} | {e.field} |" for e in ELEMENTS]
    return "\n".join(lines) + "\n"


__all__ = ["CodeList", "ELEMENTS", "Element", "TABLE_NAMES", "coverage_markdown", "cpsv_ap", "item_guid", "item_rows",
           "load_code_lists", "national_rows", "table_columns"]
