"""National exchange tables: the coverage document is current, and every element round-trips
YAML ⇄ Excel ⇄ national tables (the rows computed from the YAML catalog, from the catalog re-imported
from Excel, and read back from the written CSV files are the same)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from onewindow.runtime.exchange import export_workbook, import_workbook
from onewindow.runtime.exchange.national import (
    ELEMENTS, TABLE_NAMES, coverage_markdown, export_national, national_rows, read_national,
)
from onewindow.runtime.loading import load_catalog

ROOT = Path(__file__).parents[3]
CATALOGS = [ROOT / "config", *sorted((ROOT / "examples" / "guides").glob("*/config"))]


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
    written = {e.column for e in ELEMENTS if e.value}
    for table, rows in from_yaml.items():
        for row in rows:
            assert set(row) - {"row_guid", "task_guid", "task_code", "task_handle_item"} <= written, table


def test_examples_fill_every_element_the_catalog_has() -> None:
    """Across the real example guides, every element marked 有 carries a value somewhere (not a vacuous round trip)."""
    examples = [load_catalog(p, cache_dir=None) for p in CATALOGS[1:]]
    if not examples:
        pytest.skip("no example guides")
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
