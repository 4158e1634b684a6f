"""Excel exchange: export → import gives back the same catalog; a bad workbook reports every problem at once."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.cli import cli
from onewindow.runtime.exchange import ImportFailed, export_workbook, import_workbook, read_workbook
from onewindow.runtime.exchange.xlsx import catalog_sections
from onewindow.runtime.loading import load_catalog

ROOT = Path(__file__).parents[3]


@pytest.fixture(scope="module")
def config() -> Catalog:
    return load_catalog(ROOT / "config", cache_dir=None)


@pytest.fixture(scope="module")
def workbook(config: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "catalog.xlsx"
    export_workbook(config, path)
    return path


def _sorted(sections: dict) -> dict:
    """Sections with items in code order (files are read in path order; the order carries no meaning)."""
    return {**sections, "items": sorted(sections["items"], key=lambda i: (i["code"], i.get("valid_from") or ""))}


def test_xlsx_round_trip_keeps_every_field(config: Catalog, workbook: Path, tmp_path: Path) -> None:
    import_workbook(workbook, tmp_path / "out")
    again = load_catalog(tmp_path / "out", cache_dir=None)
    assert _sorted(catalog_sections(again)) == _sorted(catalog_sections(config))
    result = CliRunner().invoke(cli, ["diff", str(ROOT / "config"), str(tmp_path / "out")])
    assert result.exit_code == 0 and "没有语义变更" in result.output


def test_xlsx_sheets_have_chinese_headers(workbook: Path) -> None:
    book = load_workbook(workbook, read_only=True)
    assert {"事项", "事项材料", "事项收费", "办理流程", "窗口", "法律文件"} <= set(book.sheetnames)
    headers = next(book["事项材料"].iter_rows(values_only=True))
    assert headers[:4] == ("所属事项·事项编码", "所属事项·生效日期", "材料标识", "材料名称")
    assert "数据共享免提交" in headers and "填报须知" in headers


def _cell(book, sheet: str, header: str, row: int = 2):
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    return ws.cell(row=row, column=headers.index(header) + 1)


def test_xlsx_import_reports_every_problem_with_sheet_row_column(workbook: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook)
    _cell(book, "事项", "最多到场次数").value = "两次"
    _cell(book, "事项", "事项类型", 3).value = "行政审批"
    _cell(book, "事项材料", "原件份数", 4).value = -1
    _cell(book, "进驻部门", "部门名称").value = None
    book["窗口"].cell(row=1, column=book["窗口"].max_column + 1).value = "备注栏"
    orphan = book["办理流程"]
    orphan.append(["QX-NONE-1", None, "受理", 0])
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    with pytest.raises(ImportFailed) as caught:
        read_workbook(broken)
    found = {(p.file, p.line, p.field_path) for p in caught.value.problems}
    assert ("事项", 2, "最多到场次数") in found
    assert ("事项", 3, "事项类型") in found
    assert ("事项材料", 4, "原件份数") in found
    assert ("进驻部门", 2, "部门名称") in found
    assert ("窗口", 1, "备注栏") in found
    assert ("办理流程", orphan.max_row, "所属事项·事项编码") in found
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "事项:2: 最多到场次数: 应为整数，实为「两次」 [bad-cell]" in messages
    assert "「行政审批」不是可选值" in messages
    result = CliRunner().invoke(cli, ["import", "xlsx", str(broken), str(tmp_path / "never")])
    assert result.exit_code == 1
    assert "事项:2: 最多到场次数: 应为整数" in result.stderr and "导入有误，未写出任何文件" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "never").exists()  # nothing half-written


def test_xlsx_import_refuses_non_workbook_and_non_empty_target(tmp_path: Path, workbook: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "xlsx", str(junk), str(tmp_path / "out")])
    assert result.exit_code == 1 and "不是有效的 xlsx 工作簿" in result.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.yaml").write_text("departments: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "xlsx", str(workbook), str(tmp_path / "full")])
    assert result.exit_code == 2 and "不为空" in result.output
    assert (tmp_path / "full" / "keep.yaml").read_text(encoding="utf-8") == "departments: []\n"
