"""Writing and reading the national exchange tables: ``onewindow export national`` and ``onewindow import national``.

The national tables carry the item as the national platform sees it; they have no place for what onewindow
needs to decide (handling steps with their days, situations and their conditions, material variants, fee
formulas, time-limit versions …) nor for the centre around the items (departments, windows, legal
documents, the calendar). So the export writes one more table, ``onewindow_extension.csv`` (documented in
docs/national-elements.md), holding exactly what the national columns cannot say:

- one row per entity of the other catalog sections (``task_guid`` empty, ``field`` the section, ``value``
  the entity as JSON);
- per item version (``task_guid``), one row per item field whose value cannot be read back from the
  national columns (``value`` JSON; an empty ``value`` means "not stated" where a column would suggest a value).

Import reads the national columns it can read (codes or names), lays the extension over them, validates
every entity and then checks the result: the tables computed from the imported catalog must equal the
tables read, cell by cell. A cell edited in a column the import cannot apply (it is decided by the
extension) is therefore reported rather than silently lost. Every problem names table, row and column, all
at once; nothing is written unless the whole set is clean, and the output directory appears by one rename.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalog import Catalog, Item
from ..catalog.names import AUDIENCE_NAMES, CHANNEL_NAMES, DEPTH_NAMES
from ..errors import ConfigError, Problem
from ..loading import load_catalog
from ..loading.messages import translate
from .national import TABLE_NAMES, CodeList, cpsv_ap, item_guid, item_rows, load_code_lists, national_rows, table_columns
from .sheets import SHEETS
from .xlsx import ImportFailed, catalog_sections, cell_problem, write_catalog

EXTENSION = "onewindow_extension"
"""The extra table: what the national columns cannot hold (see the module docstring)."""
EXTENSION_COLUMNS = ["task_guid", "field", "value"]
MAX_ROWS = 200_000
"""Rows read per table at most; beyond that the import is refused (a 实施清单 has a few thousand items)."""


# -- reading national columns back into item fields -----------------------------------------------------------
def _text(cell: str) -> str:
    return cell


def _int(cell: str) -> int:
    if not cell.strip().lstrip("-").isdigit():
        raise ValueError(f"应为整数，实为「{cell}」")
    return int(cell)


def _date(cell: str) -> str:
    text = cell.strip()[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"应为日期（如 2026-01-01），实为「{cell}」") from None


def _yn(cell: str) -> bool:
    if cell.strip() in ("1", "是"):
        return True
    if cell.strip() in ("0", "否"):
        return False
    raise ValueError(f"应填 1（是）或 0（否），实为「{cell}」")


def _lines(cell: str) -> list[str]:
    return [line for line in cell.split("\n") if line.strip()]


def _names(table: dict[str, str], title: str) -> Callable[[str], list[str]]:
    reverse = {name: value for value, name in table.items()}

    def decode(cell: str) -> list[str]:
        values = []
        for part in (p.strip() for p in cell.split("、") if p.strip()):
            if part not in reverse and part not in table:
                raise ValueError(f"「{part}」不是{title}（可选：{'、'.join(table.values())}）")
            values.append(reverse.get(part, part))
        return values
    return decode


def _name(table: dict[str, str], title: str) -> Callable[[str], str]:
    many = _names(table, title)
    return lambda cell: many(cell)[0]


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("、") if p.strip()]


@dataclass(frozen=True)
class Reading:
    """How one national column is read back: the item field it fills and the reader of its cell."""

    table: str
    column: str
    field: str
    read: Callable[[str], Any]


def readings(codes: dict[str, CodeList]) -> tuple[Reading, ...]:
    """Every national column the import reads into an item field (the others are decided by the extension)."""
    basic, extend = TABLE_NAMES["basic"], TABLE_NAMES["extend"]
    coded = [Reading(basic if c.column != "handle_area" else extend, c.column, c.field,
                     c.decode_all if c.separator else c.decode) for c in codes.values()]
    return (
        Reading(basic, "task_name", "name", _text),
        Reading(basic, "local_task_code", "code", _text),
        Reading(basic, "task_code", "implementation_code", _text),
        Reading(basic, "catalog_code", "catalog_code", _text),
        Reading(basic, "task_handle_item", "handling_code", _text),
        *coded,
        Reading(basic, "entrust_name", "entrusting_department", _text),
        Reading(basic, "accept_condition", "conditions", _lines),
        Reading(basic, "server_type", "audience", _names(AUDIENCE_NAMES, "服务对象")),
        Reading(basic, "handle_type", "channels", _names(CHANNEL_NAMES, "办理形式")),
        Reading(basic, "special_procedure", "special_procedure", _text),
        Reading(basic, "limit_scene_num", "max_visits", _int),
        Reading(basic, "link_addr", "online_url", _text),
        Reading(basic, "mobile_terminal_url", "mobile_url", _text),
        Reading(basic, "plan_effective_date", "valid_from", _date),
        Reading(basic, "plan_cancel_date", "valid_until", _date),
        Reading(extend, "is_entry_center", "in_hall", _yn),
        Reading(extend, "is_pay_online", "pay_online", _yn),
        Reading(extend, "is_schedule", "appointment", _yn),
        Reading(extend, "limit_explain", "quantity_limit", _text),
        Reading(extend, "limit_scene_explain", "visit_reason", _text),
        Reading(extend, "online_handle_depth", "online_depth", _name(DEPTH_NAMES, "网上办理深度")),
        Reading(extend, "other_dept", "joint_agencies", _split),
        Reading(extend, "service_type", "intermediary_services", _split),
    )


def _read_item(rows: dict[str, dict[str, str]], questions: list[dict[str, str]], reads: tuple[Reading, ...],
               report: Callable[[str, str, str], None] | None = None) -> dict[str, Any]:
    """The item fields the national row(s) of one item version state (``rows``: table → row)."""
    data: dict[str, Any] = {}
    for reading in reads:
        cell = str(rows.get(reading.table, {}).get(reading.column) or "")
        if not cell.strip():
            continue
        try:
            data[reading.field] = reading.read(cell)
        except ValueError as exc:
            if report is None:
                raise
            report(reading.table, reading.column, str(exc))
    if questions:
        data["questions"] = [{"question": q["question"], "answer": q["answer"]}
                             for q in sorted(questions, key=lambda q: _order(q.get("order_num")))]
    return data


def _order(value: Any) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else 0


def _as_cells(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, str]]]:
    return {t: [{k: "" if v is None else str(v) for k, v in r.items()} for r in rs] for t, rs in rows.items()}


# -- export ---------------------------------------------------------------------------------------------------
def _dump(model: BaseModel) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


UNSET = ""
"""``value`` of an extension row whose field the item does not state (though a national column suggests one)."""


def extension_rows(catalog: Catalog, codes: dict[str, CodeList] | None = None) -> list[dict[str, str]]:
    """The extension table: the other sections' entities, and per item the fields the national columns lose."""
    codes = load_code_lists() if codes is None else codes
    reads = readings(codes)
    rows: list[dict[str, str]] = []
    for section, value in catalog_sections(catalog).items():
        if section == "items" or value in (None, []):
            continue
        for entity in value if isinstance(value, list) else [value]:
            rows.append({"task_guid": "", "field": section, "value": _json(entity)})
    for versions in catalog.item_versions.values():
        for index, item in enumerate(versions):
            stated = _dump(item)
            tables = _as_cells(item_rows(catalog, item, index, codes))
            own = {t: rs[0] for t, rs in tables.items() if t in (TABLE_NAMES["basic"], TABLE_NAMES["extend"])}
            try:
                read = _read_item(own, tables[TABLE_NAMES["questions"]], reads)
            except ValueError:
                read = {}
            guid = item_guid(item)
            for field in stated:
                if read.get(field, _MISSING) != stated[field]:
                    rows.append({"task_guid": guid, "field": field, "value": _json(stated[field])})
            for field in read:
                if field not in stated:
                    rows.append({"task_guid": guid, "field": field, "value": UNSET})
    return rows


_MISSING = object()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def export_national(catalog: Catalog, out: Path) -> list[Path]:
    """One CSV per national table (UTF-8 with BOM, so Excel opens it; column names as in the national schema),
    the extension table and ``cpsv-ap.jsonld``; each written to a temporary file and renamed into place."""
    codes = load_code_lists()
    out.mkdir(parents=True, exist_ok=True)
    written = [_replace(out / f"{table}.csv", _csv(table_columns(table), rows))
               for table, rows in national_rows(catalog, codes).items()]
    written.append(_replace(out / f"{EXTENSION}.csv", _csv(EXTENSION_COLUMNS, extension_rows(catalog, codes))))
    written.append(_replace(out / "cpsv-ap.jsonld", json.dumps(cpsv_ap(catalog), ensure_ascii=False, indent=2) + "\n"))
    return written


def _replace(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)
    return path


# -- import ---------------------------------------------------------------------------------------------------
@dataclass
class _Row:
    number: int
    """As a spreadsheet shows it: the header is row 1."""
    cells: dict[str, str]


class _Tables:
    """The CSV files of a national export, read with every problem collected."""

    def __init__(self, directory: Path) -> None:
        self.problems: list[Problem] = []
        self.tables: dict[str, list[_Row]] = {}
        for table in [*TABLE_NAMES.values(), EXTENSION]:
            self.tables[table] = self._read(directory, table)

    def _read(self, directory: Path, table: str) -> list[_Row]:
        path = directory / f"{table}.csv"
        expected = EXTENSION_COLUMNS if table == EXTENSION else table_columns(table)
        if not path.is_file():
            if table != EXTENSION:  # tables from the national platform itself have none: what it lacks is reported per item
                self.problems.append(_at(table, 0, "", "missing-file", f"缺少文件 {path.name}"))
            return []
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, [])
                rows = []
                for number, values in enumerate(reader, start=2):
                    if number > MAX_ROWS + 1:
                        self.problems.append(_at(table, number, "", "too-many-rows", f"超过 {MAX_ROWS} 行，请拆分后导入"))
                        break
                    if not any(v.strip() for v in values):
                        continue
                    if len(values) != len(header):
                        self.problems.append(_at(table, number, "", "column-count", f"有 {len(values)} 列，表头有 {len(header)} 列"))
                        continue
                    rows.append(_Row(number, dict(zip(header, values))))
        except (UnicodeDecodeError, csv.Error) as exc:
            self.problems.append(_at(table, 0, "", "encoding", f"不是 UTF-8 编码的 CSV 文件：{exc}"))
            return []
        for column in header:
            if column not in expected:
                self.problems.append(_at(table, 1, column, "unknown-column", "未知列，请按导出的表头填写"))
        for column in expected:
            if column not in header:
                self.problems.append(_at(table, 1, column, "missing-column", "缺少这一列"))
        return rows


def _section_models() -> dict[str, tuple[type[BaseModel], bool]]:
    return {s.section: (s.model, s.single) for s in SHEETS if s.section != "items"}


def read_national_catalog(directory: Path) -> dict[str, Any]:
    """The catalog sections of a national export (models, as :func:`write_catalog` takes them); raises
    :class:`ImportFailed` with every problem (table, row, column)."""
    source = _Tables(directory)
    if source.problems:
        raise ImportFailed(source.problems)
    reading = _NationalImport(source, readings(load_code_lists()))
    for row in source.tables[EXTENSION]:
        reading.extension_row(row)
    items = [item for guid, row in reading.basic.items() if (item := reading.item(guid, row)) is not None]
    if reading.sections["centre"] is None:
        reading.problems.append(_at(EXTENSION, 0, "", "missing-centre", "缺少中心（centre）：国家交换表没有中心、进驻部门、窗口与法律文件，"
                                                                         f"须由扩展表 {EXTENSION}.csv 提供（onewindow export national 会写出它）"))
    if reading.problems:
        raise ImportFailed(reading.problems)
    reading.sections["items"] = items
    return reading.sections


class _NationalImport:
    """One national export being read: its rows grouped per item, the catalog sections and item overlays the
    extension table gives, and every problem found so far (all are reported at once)."""

    def __init__(self, source: _Tables, reads: tuple[Reading, ...]) -> None:
        self.reads = reads
        self.problems = source.problems
        self.basic = {r.cells["row_guid"]: r for r in source.tables[TABLE_NAMES["basic"]]}
        self.models = _section_models()
        self.sections: dict[str, Any] = {section: None if single else [] for section, (_, single) in self.models.items()}
        self.extension: dict[str, dict[str, tuple[_Row, Any]]] = {}
        self.columns_of = {r.field: (r.table, r.column) for r in reads}
        self.by_item: dict[str, dict[str, list[_Row]]] = {}
        for table in (TABLE_NAMES["extend"], TABLE_NAMES["material"], TABLE_NAMES["fee_project"], TABLE_NAMES["questions"]):
            for row in source.tables[table]:
                if row.cells["task_guid"] not in self.basic:
                    self._unknown_item(table, row, row.cells["task_guid"])
                    continue
                self.by_item.setdefault(row.cells["task_guid"], {}).setdefault(table, []).append(row)

    def _unknown_item(self, table: str, row: _Row, guid: str) -> None:
        self.problems.append(_at(table, row.number, "task_guid", "unknown-item", f"{TABLE_NAMES['basic']} 中没有这一事项（{guid}）"))

    def _invalid(self, table: str, row: int, column: str, exc: ValidationError, prefix: str = "") -> None:
        for error in exc.errors(include_url=False):
            where = ".".join(str(p) for p in error["loc"])
            self.problems.append(_at(table, row, column, "invalid-value", prefix + (f"{where}：{translate(error)}" if where else translate(error))))

    def extension_row(self, row: _Row) -> None:
        """One row of the extension table: a field of one item (``task_guid`` set) or a catalog section."""
        guid, field, text = row.cells["task_guid"], row.cells["field"], row.cells["value"]
        try:
            value = _UNSET if text == UNSET else json.loads(text)
        except json.JSONDecodeError as exc:
            self.problems.append(_at(EXTENSION, row.number, "value", "bad-json", f"不是有效的 JSON：{exc.msg}（第 {exc.colno} 个字符）"))
            return
        if guid:
            if guid not in self.basic:
                self._unknown_item(EXTENSION, row, guid)
            elif field not in Item.model_fields and field not in {f.alias for f in Item.model_fields.values() if f.alias}:
                self.problems.append(_at(EXTENSION, row.number, "field", "unknown-field", f"「{field}」不是事项的字段"))
            else:
                self.extension.setdefault(guid, {})[field] = (row, value)
            return
        if field not in self.models:
            self.problems.append(_at(EXTENSION, row.number, "field", "unknown-section", f"「{field}」不是目录的组成部分（可选：{'、'.join(self.models)}）"))
            return
        model, single = self.models[field]
        try:
            entity = model.model_validate(value, strict=False)
        except ValidationError as exc:
            self._invalid(EXTENSION, row.number, "value", exc)
            return
        if not single:
            self.sections[field].append(entity)
        elif self.sections[field] is not None:
            self.problems.append(_at(EXTENSION, row.number, "field", "single-row", f"「{field}」只能有一行"))
        else:
            self.sections[field] = entity

    def item(self, guid: str, row: _Row) -> Item | None:
        """The item of one basic row: its national columns, then the extension's overlay; ``None`` (its problems
        reported at their cells) when it does not validate."""
        basic_t, extend_t = TABLE_NAMES["basic"], TABLE_NAMES["extend"]
        related = self.by_item.get(guid, {})
        own = {basic_t: row.cells, **({extend_t: related[extend_t][0].cells} if extend_t in related else {})}
        line = {basic_t: row.number, **({extend_t: related[extend_t][0].number} if extend_t in related else {})}

        def report(table: str, column: str, message: str) -> None:
            self.problems.append(_at(table, line[table], column, "invalid-value", message))
        data = _read_item(own, [q.cells for q in related.get(TABLE_NAMES["questions"], [])], self.reads, report)
        overlay = self.extension.get(guid, {})
        for field, (_, value) in overlay.items():
            if value is _UNSET:
                data.pop(field, None)
            else:
                data[field] = value
        try:
            return Item.model_validate(data, strict=False)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self._item_error(error, row, line, overlay)
            return None

    def _item_error(self, error: Any, row: _Row, line: dict[str, int], overlay: dict[str, tuple[_Row, Any]]) -> None:
        """Place one validation error of an item at the cell that gave the field: the extension row that overlaid
        it, the national column it was read from, or the basic row when the national shape has no such column."""
        loc = tuple(error["loc"])
        field = str(loc[0]) if loc else ""
        where = ".".join(str(p) for p in loc[1:])
        message = f"{where}：{translate(error)}" if where else translate(error)
        if field in overlay:
            self.problems.append(_at(EXTENSION, overlay[field][0].number, "value", "invalid-value", f"{field}.{message}"))
        elif field in self.columns_of and self.columns_of[field][0] in line:
            table, column = self.columns_of[field]
            self.problems.append(_at(table, line[table], column, "invalid-value", message))
        else:
            info = Item.model_fields.get(field)
            named = f"{info.title}（{field}）" if info is not None and info.title else field
            self.problems.append(_at(TABLE_NAMES["basic"], row.number, "", "not-in-national-tables",
                                     f"{named}：{message}（国家交换表没有这一项，须由扩展表 {EXTENSION} 提供）"))


_UNSET = object()


def _at(table: str, row: int, column: str, code: str, message: str) -> Problem:
    """A problem of one exchange table, placed in its CSV file."""
    return cell_problem(f"{table}.csv", row, column, code, message)


def _compare(catalog: Catalog, source: _Tables) -> list[Problem]:
    """Every cell of the tables read that the imported catalog does not reproduce (an edit the import cannot apply)."""
    problems = []
    codes = load_code_lists()
    read = {(r.table, r.column): r.read for r in readings(codes)}
    computed = _as_cells(national_rows(catalog, codes))
    for table, rows in computed.items():
        expected = {r["row_guid"]: r for r in rows}
        for row in source.tables[table]:
            want = expected.pop(row.cells["row_guid"], None)
            if want is None:
                problems.append(_at(table, row.number, "row_guid", "row-not-imported", "导入后的目录没有这一行（编码、生效日期或排序改动后记录标识随之改变，须按导出重新生成）"))
                continue
            for column, cell in row.cells.items():
                if want.get(column, "") != cell and not _same(read.get((table, column)), want.get(column, ""), cell):
                    problems.append(_at(table, row.number, column, "cell-not-importable",
                                                 f"导入后此格应为「{want.get(column, '')}」：这一列由扩展表 {EXTENSION} 或其他列决定，改动无法导入"))
        for want in expected.values():
            problems.append(_at(table, 0, "", "row-missing", f"导入后的目录多出一行（{want['row_guid']}），表中缺少它"))
    return problems


def _same(read: Callable[[str], Any] | None, want: str, cell: str) -> bool:
    """Whether two cells say the same (a code and its name, 是 and 1) for a column the import reads."""
    if read is None or not want.strip() or not cell.strip():
        return False
    try:
        return bool(read(want) == read(cell))
    except ValueError:
        return False


def import_national(directory: Path, out: Path) -> list[Path]:
    """Read, validate and check the tables, then write the catalog directory ``out`` (nothing written on any problem)."""
    sections = read_national_catalog(directory)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        staged = scratch / "catalog"
        write_catalog(sections, staged)
        try:
            catalog = load_catalog(staged, cache_dir=None)
        except ConfigError as exc:
            raise ImportFailed([_at(TABLE_NAMES["basic"], 0, "", "catalog-unloadable", f"导入的目录无法加载：{p.field_path} {p.message}")
                                for p in exc.problems if p.severity == "error"]) from None
        problems = _compare(catalog, _Tables(directory))
        if problems:
            raise ImportFailed(problems)
        if out.exists():
            if any(out.iterdir()):
                raise FileExistsError(f"{out}：目录已存在且不为空，请指定新目录")
            out.rmdir()
        os.replace(staged, out)
        written = sorted(p for p in out.rglob("*.yaml"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def read_national(directory: Path) -> dict[str, list[dict[str, str]]]:
    """The national tables as written by :func:`export_national` (every cell a string, as CSV carries it)."""
    tables = {}
    for table in TABLE_NAMES.values():
        with (directory / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
            tables[table] = list(csv.DictReader(handle))
    return tables


__all__ = ["EXTENSION", "EXTENSION_COLUMNS", "MAX_ROWS", "Reading", "export_national", "extension_rows", "import_national",
           "read_national", "read_national_catalog", "readings"]
