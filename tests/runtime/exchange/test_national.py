"""National exchange tables: the coverage document is current, every element round-trips
YAML ⇄ Excel ⇄ national tables (the rows computed from the YAML catalog, from the catalog re-imported
from Excel, read back from the written CSV files, and from the catalog re-imported from the national tables
are the same), YAML → national → YAML shows no semantic change, and a broken set of tables reports every
problem with table, row and column."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from click.testing import CliRunner

from onewindow.runtime.catalog.item import Item
from onewindow.runtime.cli import cli
from onewindow.runtime.exchange import (
    ImportFailed, export_national, export_workbook, import_national, import_workbook, load_code_lists,
    read_national_catalog,
)
from onewindow.runtime.exchange.national import ELEMENTS, TABLE_NAMES, coverage_markdown, national_rows
from onewindow.runtime.exchange.national_io import EXTENSION, read_national
from onewindow.runtime.exchange.xlsx import catalog_sections
from onewindow.runtime.loading import load_catalog

ROOT = Path(__file__).parents[3]
ELEMENT_FIXTURES = ROOT / "tests" / "fixtures" / "guide_elements"
CATALOGS = [ROOT / "config", *sorted((ROOT / "examples" / "guides").glob("*/config")),
            *sorted(p for p in ELEMENT_FIXTURES.iterdir() if p.is_dir())]


def test_coverage_document_is_generated_from_the_registry() -> None:
    text = (ROOT / "docs" / "national-elements.md").read_text(encoding="utf-8")
    assert coverage_markdown() in text, "docs/national-elements.md 的覆盖表已过时：按 coverage_markdown() 重新生成"


def _as_csv(rows: dict[str, list[dict]]) -> dict[str, list[dict[str, str]]]:
    return {t: [{k: "" if v is None else str(v) for k, v in r.items()} for r in rs] for t, rs in rows.items()}


def _by_guid(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {t: sorted(rs, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)) for t, rs in rows.items()}


@pytest.mark.parametrize("catalog_dir", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_element_round_trips_yaml_excel_national(catalog_dir: Path, tmp_path: Path) -> None:
    catalog = load_catalog(catalog_dir, cache_dir=None)
    from_yaml = national_rows(catalog)
    export_workbook(catalog, tmp_path / "c.xlsx")
    import_workbook(tmp_path / "c.xlsx", tmp_path / "again")
    from_excel = national_rows(load_catalog(tmp_path / "again", cache_dir=None))
    assert _by_guid(from_excel) == _by_guid(from_yaml)
    export_national(catalog, tmp_path / "national")
    assert _by_guid(read_national(tmp_path / "national")) == _by_guid(_as_csv(from_yaml))
    import_national(tmp_path / "national", tmp_path / "from-national")
    from_national = load_catalog(tmp_path / "from-national", cache_dir=None)
    assert _by_guid(national_rows(from_national)) == _by_guid(from_yaml)
    assert _sorted(catalog_sections(from_national)) == _sorted(catalog_sections(catalog))
    written = {e.column for e in ELEMENTS if e.value}
    for table, rows in from_yaml.items():
        for row in rows:
            assert set(row) - {"row_guid", "task_guid", "task_code", "task_handle_item"} <= written, table


def test_examples_fill_every_element_the_catalog_has() -> None:
    """Across the element fixtures, every element marked 有 carries a value somewhere (not a vacuous round trip).
    The real guides in examples/guides state only what their pages publish, so many elements stay empty there."""
    examples = [load_catalog(p, cache_dir=None) for p in sorted(p for p in ELEMENT_FIXTURES.iterdir() if p.is_dir())]
    filled: set[tuple[str, str]] = set()
    for catalog in examples:
        for table, rows in national_rows(catalog).items():
            filled |= {(table, k) for r in rows for k, v in r.items() if v not in ("", None)}
    unplanned = {"plan_cancel_date"}  # no example guide announces its own cancellation
    empty = [f"{TABLE_NAMES[e.table]}.{e.column}" for e in ELEMENTS
             if e.coverage == "has" and e.column not in unplanned and (TABLE_NAMES[e.table], e.column) not in filled]
    assert empty == []


def test_cpsv_ap_json_ld(tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "config", cache_dir=None)
    export_national(catalog, tmp_path)
    document = json.loads((tmp_path / "cpsv-ap.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    services = document["@graph"]
    assert len(services) == sum(len(v) for v in catalog.item_versions.values())
    first = services[0]
    assert first["@type"] == "cpsv:PublicService" and first["cpsv:hasInput"] and first["cv:hasLegalResource"]


def _sorted(sections: dict) -> dict:
    return {**sections, "items": sorted(sections["items"], key=lambda i: (i["code"], i.get("valid_from") or ""))}


@pytest.mark.parametrize("catalog_dir", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_yaml_national_yaml_shows_no_semantic_change(catalog_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "national", "--config", str(catalog_dir), str(tmp_path / "n")])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(cli, ["import", "national", str(tmp_path / "n"), str(tmp_path / "back")])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(cli, ["diff", str(catalog_dir), str(tmp_path / "back")])
    assert result.exit_code == 0 and "没有语义变更" in result.output, result.output


def _rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def test_import_reads_codes_or_names_and_applies_an_edited_national_column(tmp_path: Path) -> None:
    catalog = load_catalog(ELEMENT_FIXTURES / "large_medical_equipment", cache_dir=None)
    export_national(catalog, tmp_path / "n")
    basic = tmp_path / "n" / f"{TABLE_NAMES['basic']}.csv"
    codes = load_code_lists()

    def edit(rows: list[list[str]]) -> None:
        header = rows[0]
        assert rows[1][header.index("task_type")] == "01"  # 行政许可, as a code
        rows[1][header.index("task_type")] = "行政确认"  # a name instead of the code
        rows[1][header.index("task_name")] = "改过的名称"
    _rewrite(basic, edit)
    sections = read_national_catalog(tmp_path / "n")
    item = next(i for i in sections["items"] if i.name == "改过的名称")
    assert isinstance(item, Item) and item.item_type == "confirmation"
    import_national(tmp_path / "n", tmp_path / "out")
    again = load_catalog(tmp_path / "out", cache_dir=None)
    assert [i.item_type for i in again.items() if i.name == "改过的名称"] == ["confirmation"]


def test_import_reports_every_problem_with_table_row_and_column(tmp_path: Path) -> None:
    catalog = load_catalog(ELEMENT_FIXTURES / "real_estate_first_registration", cache_dir=None)
    export_national(catalog, tmp_path / "n")
    basic, material = (tmp_path / "n" / f"{TABLE_NAMES[t]}.csv" for t in ("basic", "material"))

    def bad_basic(rows: list[list[str]]) -> None:
        header = rows[0]
        rows[1][header.index("power_source")] = "9"
        rows[1][header.index("limit_scene_num")] = "两次"
    _rewrite(basic, bad_basic)

    def bad_material(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("material_name")] = "随手改的材料名"
        rows.append([rows[1][0], "no-such-item", *rows[1][2:]])
    _rewrite(material, bad_material)

    def bad_extension(rows: list[list[str]]) -> None:
        rows.append(["", "departments", "{not json"])
    _rewrite(tmp_path / "n" / f"{EXTENSION}.csv", bad_extension)
    with pytest.raises(ImportFailed) as caught:
        read_national_catalog(tmp_path / "n")
    found = {(p.file, p.line, p.field_path) for p in caught.value.problems}
    assert (f"{TABLE_NAMES['basic']}.csv", 2, "power_source") in found
    assert (f"{TABLE_NAMES['basic']}.csv", 2, "limit_scene_num") in found
    assert any(p[0] == f"{TABLE_NAMES['material']}.csv" and p[2] == "task_guid" for p in found)
    assert any(p[0] == f"{EXTENSION}.csv" and p[2] == "value" for p in found)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "「9」不是权力来源的代码或名称" in text and "应为整数，实为「两次」" in text
    result = CliRunner().invoke(cli, ["import", "national", str(tmp_path / "n"), str(tmp_path / "never")])
    assert result.exit_code == 1 and not (tmp_path / "never").exists()


def test_an_edit_the_import_cannot_apply_is_reported_not_lost(tmp_path: Path) -> None:
    """A material's name lives in the extension (materials carry variants the national row cannot): editing it
    only in the national table is reported at its cell rather than silently dropped."""
    catalog = load_catalog(ELEMENT_FIXTURES / "real_estate_first_registration", cache_dir=None)
    export_national(catalog, tmp_path / "n")
    material = tmp_path / "n" / f"{TABLE_NAMES['material']}.csv"
    _rewrite(material, lambda rows: rows[1].__setitem__(rows[0].index("material_name"), "随手改的材料名"))
    with pytest.raises(ImportFailed) as caught:
        import_national(tmp_path / "n", tmp_path / "out")
    assert [(p.file, p.line, p.field_path) for p in caught.value.problems] == [(f"{TABLE_NAMES['material']}.csv", 2, "material_name")]
    assert "改动无法导入" in caught.value.problems[0].message
    assert not (tmp_path / "out").exists()


def test_code_lists_cover_every_catalog_value_and_name_their_source() -> None:
    from typing import get_args

    from onewindow.runtime.catalog.base import bare_type

    lists = load_code_lists()
    assert set(lists) == {"task_type", "power_source", "use_level", "dept_type", "project_type", "handle_area"}
    for column, codes in lists.items():
        annotation = bare_type(Item.model_fields[codes.field].annotation)
        if get_args(annotation) and not isinstance(get_args(annotation)[0], str):
            annotation = bare_type(get_args(annotation)[0])  # tuple[Level, ...]
        values = set(get_args(annotation))
        assert values and values == set(codes.names), column
        assert len(set(codes.codes.values())) == len(codes.codes), column
        assert codes.source and "docs/national-elements.md" not in codes.title
        for value in values:
            assert codes.decode(codes.encode(value)) == value
            assert codes.decode(codes.names[value]) == value
    assert lists["task_type"].encode("licensing") == "01" and lists["power_source"].encode("devolved") == "2"


def test_tables_without_the_extension_report_what_the_national_shape_lacks(tmp_path: Path) -> None:
    """Tables as the national platform itself writes them (no extension): the import names, per item row, each
    part a decision needs that the national columns cannot carry, and the missing centre — it never writes an
    incomplete catalog."""
    catalog = load_catalog(ELEMENT_FIXTURES / "enterprise_establishment", cache_dir=None)
    export_national(catalog, tmp_path / "n")
    (tmp_path / "n" / f"{EXTENSION}.csv").unlink()
    with pytest.raises(ImportFailed) as caught:
        read_national_catalog(tmp_path / "n")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert f"{TABLE_NAMES['basic']}.csv:2: 实施部门（department）：" in text and "须由扩展表 onewindow_extension 提供" in text
    assert "缺少中心（centre）" in text
    result = CliRunner().invoke(cli, ["import", "national", str(tmp_path / "n"), str(tmp_path / "never")])
    assert result.exit_code == 1 and not (tmp_path / "never").exists()


def test_level_and_scope_code_lists_as_two_independent_sources_give_them() -> None:
    """行使层级 1–6 (6 村（社区）级) and 通办范围 1–4, confirmed by independent integrations; the names the
    guides print (市级/隶属, 全市) read back to the same values."""
    lists = load_code_lists()
    level, scope = lists["use_level"], lists["handle_area"]
    assert level.confirmed and scope.confirmed
    assert [level.encode(v) for v in ("national", "provincial", "city", "county", "township", "village")] == [
        "1", "2", "3", "4", "5", "6"]
    assert [level.decode(n) for n in ("市级/隶属", "省级/直属", "村（社区）级")] == ["city", "provincial", "village"]
    assert [scope.encode(v) for v in ("nationwide", "province", "city", "county")] == ["1", "2", "3", "4"]
    assert scope.decode("全市") == "city" and scope.encode("cross_province") == "跨省通办"
