"""lint_catalog with a LintMemo: the same findings as a full lint, re-linting only items that changed."""
from __future__ import annotations

from pathlib import Path

import pytest

import onewindow.runtime.lint as lint
from onewindow.runtime.catalog import Catalog, Origin
from onewindow.runtime.catalog.assembly import CatalogAssembly
from onewindow.runtime.lint import CHECKS, LintMemo, lint_catalog
from onewindow.runtime.loading import load_catalog

CONFIG = Path(__file__).resolve().parents[3] / "config"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(CONFIG, cache_dir=None)


def _signature(findings: list) -> list[tuple]:
    return sorted((id(f.subject), f.path, f.code, f.message) for f in findings)


def _with_item_replaced(catalog: Catalog, code: str, **changes: object) -> Catalog:
    """The catalog again, sharing every entity object except one item version (changed by ``changes``)."""
    assembly = CatalogAssembly()
    for section in ("departments", "windows", "township_centres", "legal_documents", "situations", "materials", "pipelines"):
        for key, entity in getattr(catalog, section).items():
            assembly.add(section, entity, Origin(section, (key,)))
    for item in catalog.items():
        assembly.add("items", item.model_copy(update=changes) if item.code == code else item, Origin("items", (item.code,)))
    for year in catalog.calendar.values():
        assembly.add("calendar", year, Origin("calendar", (year.year,)))
    assembly.add("centre", catalog.centre, Origin("centre", ()))
    if catalog.green_channel is not None:
        assembly.add("green_channel", catalog.green_channel, Origin("green_channel", ()))
    rebuilt = assembly.build("edited")
    assert rebuilt is not None and not assembly.clashes
    return rebuilt


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items ``lint_items`` was asked to check, call by call."""
    calls: list[int] = []
    original = lint.lint_items

    def counting(catalog, items, env_base=None):  # type: ignore[no-untyped-def]
        items = list(items)
        calls.append(len(items))
        return original(catalog, items, env_base)

    monkeypatch.setattr(lint, "lint_items", counting)
    return calls


def test_memo_gives_the_findings_of_a_full_lint(catalog: Catalog) -> None:
    full = [f for check in CHECKS for f in check(catalog)]
    memo = LintMemo()
    assert _signature(lint_catalog(catalog, context="c", memo=memo)) == _signature(full)
    assert _signature(lint_catalog(catalog, context="c", memo=memo)) == _signature(full)


def test_an_unchanged_context_relints_only_the_changed_item(catalog: Catalog, counted: list[int]) -> None:
    memo = LintMemo()
    lint_catalog(catalog, context="c", memo=memo)
    everything = sum(counted)
    assert everything == sum(len(v) for v in catalog.item_versions.values())
    counted.clear()
    lint_catalog(catalog, context="c", memo=memo)
    assert sum(counted) == 0
    edited = _with_item_replaced(catalog, "QX-BDC-001", name="不动产首次登记（改名）")
    lint_catalog(edited, context="c", memo=memo)
    assert sum(counted) == 1


def test_a_new_context_relints_every_item(catalog: Catalog, counted: list[int]) -> None:
    memo = LintMemo()
    lint_catalog(catalog, context="c", memo=memo)
    counted.clear()
    lint_catalog(catalog, context="d", memo=memo)
    assert sum(counted) == sum(len(v) for v in catalog.item_versions.values())


def test_an_edited_item_finding_is_its_own(catalog: Catalog) -> None:
    """The edited version's findings are computed afresh, not taken from the version it replaced."""
    memo = LintMemo()
    assert not [f for f in lint_catalog(catalog, context="c", memo=memo) if f.severity == "error"]
    first = catalog.item("QX-BDC-001")
    broken_limit = first.time_limits[0].model_copy(update={"promised_days": first.time_limits[0].statutory_days + 1})
    edited = _with_item_replaced(catalog, "QX-BDC-001", time_limits=(broken_limit,))
    codes = {f.code for f in lint_catalog(edited, context="c", memo=memo) if f.severity == "error"}
    assert "promise-exceeds-statute" in codes
