"""The loaded catalog: dated versions, immutability, content revision, any directory."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from onewindow.runtime import Catalog, load_catalog

FIXTURE = Path(__file__).parents[1] / "lint" / "fixture"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE, cache_dir=None)


@pytest.mark.parametrize(("day", "promised"), [
    (date(2025, 6, 1), 3), (date(2025, 12, 31), 3), (date(2026, 1, 1), 1), (date(2026, 9, 1), 1),
])
def test_catalog_item_on_day_picks_dated_version(catalog: Catalog, day: date, promised: int) -> None:
    item = catalog.item("SC-001", on=day)
    assert item is not None
    assert item.time_limit_on(day).promised_days == promised


def test_catalog_item_latest_version_without_day(catalog: Catalog) -> None:
    assert catalog.item("SC-001").valid_from == date(2026, 1, 1)
    assert len(catalog.item_versions["SC-001"]) == 2


def test_catalog_item_unknown_or_not_in_force(catalog: Catalog) -> None:
    assert catalog.item("XX-404") is None
    assert catalog.item("XX-404", on=date(2026, 1, 1)) is None


def test_catalog_items_on_day(catalog: Catalog) -> None:
    codes = [item.code for item in catalog.items(on=date(2025, 6, 1))]
    assert codes.count("SC-001") == 1
    assert len(list(catalog.items())) == len(list(catalog.items(on=date(2025, 6, 1)))) + 1


def test_catalog_lookups(catalog: Catalog) -> None:
    assert catalog.fee_window().id == "fee_window"
    assert catalog.general_window().id == "general_window"
    assert [w.id for w in catalog.windows_of("natural_resources")] == ["construction_window", "estate_branch"]
    assert catalog.township_centre_of("新镇").id == "xinzhen"
    assert [p.code for p in catalog.pipelines_of_item("ZJ-001")] == ["JS-LINE"]
    item = catalog.item("SW-001")
    assert catalog.material_name(item, "business_licence") == "营业执照"
    assert catalog.locate(item).file.endswith("items/SW-001.yaml")


def test_catalog_immutable(catalog: Catalog) -> None:
    with pytest.raises(AttributeError):
        catalog.revision = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog.departments["rogue"] = catalog.departments["tax"]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.item_versions["SC-001"] = ()  # type: ignore[index]
    with pytest.raises(ValidationError):
        catalog.item("SC-001").name = "改名"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        catalog.item("SC-001").materials.append(None)  # type: ignore[attr-defined]


def test_catalog_revision_stable_across_loads(tmp_path: Path) -> None:
    first = load_catalog(FIXTURE, cache_dir=None)
    copy = shutil.copytree(FIXTURE, tmp_path / "elsewhere" / "county")
    second = load_catalog(copy, cache_dir=None)
    assert first.revision == second.revision
    assert first == second and hash(first) == hash(second)
    assert {first: "one"}[second] == "one"


def test_catalog_revision_changes_with_one_byte(tmp_path: Path) -> None:
    copy = shutil.copytree(FIXTURE, tmp_path / "county")
    before = load_catalog(copy, cache_dir=None).revision
    path = copy / "items" / "SW-001.yaml"
    path.write_bytes(path.read_bytes().replace(b"12366", b"12367"))
    after = load_catalog(copy, cache_dir=None).revision
    assert before != after


def test_catalog_revision_changes_when_file_renamed(tmp_path: Path) -> None:
    copy = shutil.copytree(FIXTURE, tmp_path / "county")
    before = load_catalog(copy, cache_dir=None).revision
    (copy / "situations.yaml").rename(copy / "questions.yaml")
    assert load_catalog(copy, cache_dir=None).revision != before


def test_catalog_loads_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = shutil.copytree(FIXTURE, tmp_path / "a" / "b" / "embedder-config")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    catalog = load_catalog(copy, cache_dir=None)
    assert catalog.centre.name == "青溪县政务服务中心"
    assert sorted(catalog.calendar) == [2025, 2026]
    monkeypatch.chdir(copy)
    assert load_catalog(".", cache_dir=None).revision == catalog.revision
