"""Excel exchange (事项清单): ``onewindow export xlsx`` and ``onewindow import xlsx``.

openpyxl reads and writes ``.xlsx`` (XlsxWriter only writes, and import needs a reader); it is already the
monthly report's dependency. Import checks every row of every sheet against the models and reports every
problem at once with sheet, row and column; nothing is written unless the whole workbook is clean, and the
output directory is filled through a temporary sibling renamed into place (never half-written).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML

from ..catalog import Catalog
from ..errors import ConfigError, Problem
from ..loading.messages import translate
from .sheets import SHEETS, Column, Sheet, columns, decode, encode, get_path, parent_columns, set_path

MAX_ROWS = 100_000
"""Rows read per sheet at most (a 事项清单 has a few thousand); beyond that the import is refused."""


def cell_problem(where: str, row: int, column: str, code: str, message: str) -> Problem:
    """A problem of a workbook sheet (or an exchange table) in the one :class:`Problem` shape: ``file`` is the
    sheet, ``line`` the row as the spreadsheet numbers it (0: the sheet as a whole), ``field_path`` the column
    header; a spreadsheet has no column offset to give, so ``col`` is 0 and not printed."""
    return Problem(where, row, 0, column, code, message)


class ImportFailed(ConfigError):
    """The workbook or exchange tables have problems; ``problems`` lists all of them and nothing was written.
    Exit code 1 like every other configuration that does not check."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "导入有误，未写出任何文件")


# -- catalog → JSON-ready sections ------------------------------------------------------------------
def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def catalog_sections(catalog: Catalog) -> dict[str, Any]:
    """Every section of the catalog as JSON-ready data (the shape of one big catalog file)."""
    return {
        "centre": _dump(catalog.centre),
        "departments": [_dump(d) for d in catalog.departments.values()],
        "windows": [_dump(w) for w in catalog.windows.values()],
        "township_centres": [_dump(t) for t in catalog.township_centres.values()],
        "legal_documents": [_dump(d) for d in catalog.legal_documents.values()],
        "situations": [_dump(s) for s in catalog.situations.values()],
        "materials": [_dump(m) for m in catalog.materials.values()],
        "items": [_dump(i) for versions in catalog.item_versions.values() for i in versions],
        "pipelines": [_dump(p) for p in catalog.pipelines.values()],
        "green_channel": _dump(catalog.green_channel) if catalog.green_channel is not None else None,
        "calendar": [_dump(c) for _, c in sorted(catalog.calendar.items())],
    }


def _own_columns(sheet: Sheet) -> list[Column]:
    return columns(sheet.model, tuple(c.field for c in sheet.children))


PARENT = "#parent"
"""Where a child row keeps its parent's key while being read (never a field of the child)."""


def _key_columns(sheet: Sheet) -> list[Column]:
    return [Column((PARENT, *c.path), f"所属{sheet.sheet}·{c.header}", c.kind, c.literal) for c in parent_columns(sheet)]


# -- export ----------------------------------------------------------------------------------------
def _write(ws: Any, headers: list[str], rows: list[list[Any]]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) * 2 + 2))
    ws.freeze_panes = "A2"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def export_workbook(catalog: Catalog, out: Path) -> None:
    """Write the whole catalog as one workbook: a sheet per entity, child sheets after their parent."""
    sections = catalog_sections(catalog)
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        data = sections[sheet.section]
        entities = [] if data is None else [data] if sheet.single else data
        own, keys = _own_columns(sheet), _key_columns(sheet)
        _write(book.create_sheet(sheet.sheet), [c.header for c in own],
               [[encode(c, get_path(e, c.path)) for c in own] for e in entities])
        for child in sheet.children:
            child_columns = columns(child.model)
            rows = [[encode(k, get_path(e, k.path[1:])) for k in keys] + [encode(c, get_path(entry, c.path)) for c in child_columns]
                    for e in entities for entry in e.get(child.field, [])]
            _write(book.create_sheet(child.sheet), [k.header for k in keys] + [c.header for c in child_columns], rows)
    tmp = out.with_name(f".{out.name}.tmp")
    book.save(tmp)
    os.replace(tmp, out)


# -- import ----------------------------------------------------------------------------------------
@dataclass
class _Row:
    number: int
    data: dict[str, Any]


class _Reader:
    """Reads sheets into row dicts, collecting every problem instead of stopping at the first."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.problems: list[Problem] = []

    def rows(self, name: str, expected: list[Column], required: bool) -> list[_Row]:
        if name not in self.book.sheetnames:
            if required:
                self.problems.append(cell_problem(name, 0, "", "missing-sheet", "缺少这张工作表"))
            return []
        ws = self.book[name]
        raw = list(ws.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
        if ws.max_row > MAX_ROWS + 1:
            self.problems.append(cell_problem(name, 0, "", "too-many-rows", f"超过 {MAX_ROWS} 行，请拆分后导入"))
            return []
        if not raw:
            return []
        headers = [str(h).strip() if h is not None else "" for h in raw[0]]
        by_header = {c.header: c for c in expected}
        for index, header in enumerate(headers, start=1):
            if header and header not in by_header:
                self.problems.append(cell_problem(name, 1, header, "unknown-column", f"未知列（第 {get_column_letter(index)} 列），请按导出的表头填写"))
        found: list[_Row] = []
        for number, values in enumerate(raw[1:], start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            data: dict[str, Any] = {}
            for header, cell in zip(headers, values):
                column = by_header.get(header)
                if column is None or cell is None or (isinstance(cell, str) and not cell.strip()):
                    continue
                try:
                    set_path(data, column.path, decode(column, cell))
                except ValueError as exc:
                    self.problems.append(cell_problem(name, number, header, "bad-cell", str(exc)))
            found.append(_Row(number, data))
        return found


def _locate(loc: tuple[Any, ...], sheet: Sheet, row: _Row, children: dict[str, list[_Row]]) -> tuple[str, int, str]:
    """Where a validation error of an assembled entity sits in the workbook."""
    for child in sheet.children:
        if loc and loc[0] == child.field and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(children[child.field]):
            entry = children[child.field][loc[1]]
            return child.sheet, entry.number, _header(columns(child.model), tuple(str(p) for p in loc[2:]))
    return sheet.sheet, row.number, _header(_own_columns(sheet), tuple(str(p) for p in loc))


def _header(cols: list[Column], loc: tuple[str, ...]) -> str:
    best = max((c for c in cols if loc[:len(c.path)] == c.path), key=lambda c: len(c.path), default=None)
    if best is None:  # a nested part's own check: the first column under it
        best = next((c for c in cols if c.path[:len(loc)] == loc and loc), None)
    return best.header if best else ""


def _key(row: dict[str, Any], paths: list[tuple[str, ...]]) -> tuple[Any, ...]:
    return tuple(json.dumps(get_path(row, p), sort_keys=True) for p in paths)


def read_workbook(path: Path) -> dict[str, Any]:
    """The workbook as catalog sections, each entity validated; raises :class:`ImportFailed` with every problem."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise ImportFailed([cell_problem(path.name, 0, "", "not-a-workbook", f"不是有效的 xlsx 工作簿：{exc}")]) from None
    reader = _Reader(book)
    sections: dict[str, Any] = {}
    for sheet in SHEETS:
        keys = _key_columns(sheet)
        rows = reader.rows(sheet.sheet, _own_columns(sheet), required=False)
        grouped: dict[str, dict[tuple[Any, ...], list[_Row]]] = {}
        for child in sheet.children:
            grouped[child.field] = {}
            for entry in reader.rows(child.sheet, keys + columns(child.model), required=False):
                parent = _key(entry.data.pop(PARENT, {}), [k.path[1:] for k in keys])
                grouped[child.field].setdefault(parent, []).append(entry)
        seen: set[tuple[Any, ...]] = set()
        entities = []
        for row in rows:
            key = _key(row.data, [k.path[1:] for k in keys])
            if key in seen:
                reader.problems.append(cell_problem(sheet.sheet, row.number, keys[0].header if keys else "", "duplicate-row", "与前面的行重复"))
            seen.add(key)
            kids = {c.field: grouped[c.field].pop(key, []) for c in sheet.children}
            for child in sheet.children:
                if kids[child.field]:
                    row.data[child.field] = [entry.data for entry in kids[child.field]]
            try:
                # lax only for what JSON cannot type: dates inside JSON cells; every column is typed by its decoder
                entity = sheet.model.model_validate(row.data, strict=False)
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    where = _locate(tuple(error["loc"]), sheet, row, kids)
                    reader.problems.append(cell_problem(*where, "invalid-value", translate(error)))
                continue
            entities.append(entity)
        for child in sheet.children:
            for orphans in grouped[child.field].values():
                for entry in orphans:
                    reader.problems.append(cell_problem(child.sheet, entry.number, keys[0].header, "orphan-row",
                                                        f"「{sheet.sheet}」表中没有这一行所属的{sheet.sheet}"))
        if sheet.single:
            if len(entities) > 1:
                reader.problems.append(cell_problem(sheet.sheet, 3, "", "single-row", "只能有一行"))
            sections[sheet.section] = entities[0] if entities else None
        else:
            sections[sheet.section] = entities
    if reader.problems:
        raise ImportFailed(reader.problems)
    return sections


# -- sections → catalog directory -----------------------------------------------------------------
def _plain(model: BaseModel) -> Any:
    """A validated model as YAML data: dates stay dates, money and ratios are the models' strings."""
    return _lists(model.model_dump(mode="python", by_alias=True, exclude_unset=True))


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def write_catalog(sections: dict[str, Any], out: Path) -> list[Path]:
    """Write validated sections as a catalog directory (one file per section, one file per item code)."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    files: dict[str, dict[str, Any]] = {}
    for sheet in SHEETS:
        value = sections.get(sheet.section)
        if value is None or value == []:
            continue
        if sheet.section == "items":
            for item in value:
                files.setdefault(f"items/{item.code}.yaml", {"items": []})["items"].append(_plain(item))
        else:
            files[f"{sheet.section}.yaml"] = {sheet.section: _plain(value) if sheet.single else [_plain(v) for v in value]}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, data in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8", newline="\n") as handle:
                yaml.dump(data, handle)
        if out.exists():
            if any(out.iterdir()):
                raise FileExistsError(f"{out}：目录已存在且不为空，请指定新目录")
            out.rmdir()
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / r for r in files]


def import_workbook(path: Path, out: Path) -> list[Path]:
    """Read and validate the workbook, then write the catalog directory (nothing written on any problem)."""
    return write_catalog(read_workbook(path), out)


__all__ = ["ImportFailed", "MAX_ROWS", "cell_problem", "catalog_sections", "export_workbook", "import_workbook",
           "read_workbook", "write_catalog"]
