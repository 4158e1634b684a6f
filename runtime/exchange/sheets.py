"""The catalog as tables: one sheet per entity, Chinese headers from the models' field titles.

The layout is derived from the pydantic models, so a new field gets its column without touching this
file. Per entity: scalar fields are one column each; a nested part (办理结果, 联系方式 …) is flattened
into ``父·子`` columns; a list of short values is one cell, one value per line; a list of parts that
people edit row by row (an item's materials, fees, steps …) is a child sheet keyed by the parent's
code and version date; what remains (conditions, tiers, articles) is JSON text in one cell.

Values people read are Chinese where the catalog has Chinese names (``legal_person`` ↔ 法人); importing
accepts the Chinese name or the English code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ..catalog.base import bare_type as _bare
from ..catalog.calendar_year import CalendarYear
from ..catalog.green_channel import GreenChannel
from ..catalog.item import Item
from ..catalog.legal import LegalDocument
from ..catalog.material import LibraryMaterial
from ..catalog.names import value_names
from ..catalog.organisation import Centre, Department, TownshipCentre, Window
from ..catalog.pipeline import Pipeline
from ..catalog.situation import Situation

Kind = Literal["text", "int", "bool", "date", "decimal", "choice", "lines", "choices", "json"]
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    """One column: the field path inside the entity, its Chinese header, how its cell is written."""

    path: tuple[str, ...]
    header: str
    kind: Kind
    literal: Any = None


@dataclass(frozen=True)
class Child:
    """A list field of an entity edited row by row on its own sheet."""

    field: str
    sheet: str
    model: type[BaseModel]


@dataclass(frozen=True)
class Sheet:
    """A top-level section of the catalog: its sheet, its model, whether it is one entity or many."""

    section: str
    sheet: str
    model: type[BaseModel]
    single: bool = False
    children: tuple[Child, ...] = ()
    key: tuple[str, ...] = ("id",)
    """Fields identifying an entity for its child rows (items: code and version date)."""


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_SCALARS: dict[Any, Kind] = {str: "text", int: "int", bool: "bool", date: "date", Decimal: "decimal"}


def columns(model: type[BaseModel], skip: tuple[str, ...] = (), prefix: tuple[str, ...] = (), title: str = "") -> list[Column]:
    """Every column of ``model`` (nested parts flattened), in field order."""
    found: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        header = f"{title}·{info.title or name}" if title else (info.title or name)
        bare = _bare(info.annotation)
        path = (*prefix, info.alias or name)
        if get_origin(bare) is Literal:
            found.append(Column(path, header, "choice", bare))
        elif _is_model(bare):
            found += columns(bare, (), path, header)
        elif get_origin(bare) is tuple:
            element = _bare(get_args(bare)[0])
            if get_origin(element) is Literal:
                found.append(Column(path, header, "choices", element))
            elif element in (str,):
                found.append(Column(path, header, "lines"))
            else:
                found.append(Column(path, header, "json"))
        elif bare in _SCALARS:
            found.append(Column(path, header, _SCALARS[bare]))
        else:
            found.append(Column(path, header, "json"))
    headers = [c.header for c in found]
    return [c if headers.count(c.header) == 1 else Column(c.path, f"{c.header}（{'.'.join(c.path)}）", c.kind, c.literal)
            for c in found]


def parent_columns(sheet: Sheet) -> list[Column]:
    """The key columns a child row repeats to name its parent (事项编码, 生效日期)."""
    by_path = {c.path: c for c in columns(sheet.model)}
    return [by_path[(k,)] for k in sheet.key]


def _entries(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The model of one entry of a list field (``Item.materials`` → ``ItemMaterial``)."""
    entry: type[BaseModel] = get_args(model.model_fields[name].annotation)[0]
    return entry


SHEETS: tuple[Sheet, ...] = (
    Sheet("centre", "中心", Centre, single=True, key=()),
    Sheet("departments", "进驻部门", Department),
    Sheet("windows", "窗口", Window),
    Sheet("township_centres", "乡镇便民服务中心", TownshipCentre),
    Sheet("legal_documents", "法律文件", LegalDocument),
    Sheet("situations", "情形", Situation),
    Sheet("materials", "材料库", LibraryMaterial),
    Sheet("items", "事项", Item, key=("code", "valid_from"), children=(
        Child("legal_bases", "事项依据", _entries(Item, "legal_bases")),
        Child("variants", "办理情形", _entries(Item, "variants")),
        Child("materials", "事项材料", _entries(Item, "materials")),
        Child("steps", "办理流程", _entries(Item, "steps")),
        Child("time_limits", "办理时限", _entries(Item, "time_limits")),
        Child("fees", "事项收费", _entries(Item, "fees")),
        Child("questions", "常见问题", _entries(Item, "questions")),
        Child("related", "关联事项", _entries(Item, "related")),
    )),
    Sheet("pipelines", "联合审批", Pipeline, key=("code",)),
    Sheet("green_channel", "绿色通道", GreenChannel, single=True, key=()),
    Sheet("calendar", "工作日历", CalendarYear, key=("year",), children=(
        Child("holidays", "法定节假日", _entries(CalendarYear, "holidays")),
        Child("makeup_workdays", "调休上班日", _entries(CalendarYear, "makeup_workdays")),
    )),
)
"""Every sheet, in workbook order; child sheets follow their parent's."""


# -- cells -----------------------------------------------------------------------------------------
def encode(column: Column, value: Any) -> Any:
    """A JSON-ready catalog value as the cell shows it (None: empty cell)."""
    if value is None:
        return None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "choice":
        return value_names(column.literal).get(value, value)
    if column.kind == "choices":
        names = value_names(column.literal)
        return "\n".join(names.get(v, v) for v in value) or None
    if column.kind == "lines":
        return "\n".join(value) or None
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _choice(column: Column, text: str) -> str:
    names = value_names(column.literal)
    codes = {label: code for code, label in names.items()}
    allowed = set(get_args(column.literal))
    if text in allowed:
        return text
    if text in codes:
        return codes[text]
    shown = "、".join(names.get(v, v) for v in get_args(column.literal))
    raise ValueError(f"「{text}」不是可选值（可选：{shown}）")


def decode(column: Column, cell: Any) -> Any:
    """A cell back to the JSON-ready value; raises ``ValueError`` with a Chinese message."""
    if column.kind == "bool":
        if isinstance(cell, bool):
            return cell
        text = str(cell).strip()
        if text in (YES, "true", "TRUE", "True", "1"):
            return True
        if text in (NO, "false", "FALSE", "False", "0"):
            return False
        raise ValueError(f"应填 {YES} 或 {NO}，实为「{text}」")
    if column.kind == "int":
        if isinstance(cell, bool):
            raise ValueError("应为整数")
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, int):
            return cell
        text = str(cell).strip()
        if text.lstrip("-").isdigit():
            return int(text)
        raise ValueError(f"应为整数，实为「{text}」")
    if column.kind == "date":
        if isinstance(cell, date):
            return (cell.date() if isinstance(cell, datetime) else cell).isoformat()
        text = str(cell).strip()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"应为日期（如 2026-01-01），实为「{text}」") from None
    if column.kind == "decimal":
        if isinstance(cell, float):
            raise ValueError("金额、比例请写成文本（如 \"80.00\"），不要写成 Excel 数字，以免分位误差")
        return str(cell).strip()
    if column.kind == "choice":
        return _choice(column, str(cell).strip())
    if column.kind == "choices":
        return [_choice(column, line.strip()) for line in str(cell).splitlines() if line.strip()]
    if column.kind == "lines":
        return [line.strip() for line in str(cell).splitlines() if line.strip()]
    if column.kind == "json":
        try:
            return json.loads(str(cell))
        except json.JSONDecodeError as exc:
            raise ValueError(f"不是有效的 JSON：{exc.msg}（第 {exc.colno} 个字符）") from None
    return str(cell) if not isinstance(cell, str) else cell


def get_path(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


__all__ = ["Child", "Column", "SHEETS", "Sheet", "columns", "decode", "encode", "get_path", "parent_columns", "set_path"]
