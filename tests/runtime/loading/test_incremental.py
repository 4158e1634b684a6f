"""A load that updates the last one in place (item files changed) gives exactly what a full load gives.

Every edit below is made to a catalog already loaded with a long-lived :class:`LoadCache`; the second load
is compared with a fresh load of the same tree (no cache): problems as printed, both catalogs, their
revision, every item version in order and where each was declared.
"""
from __future__ import annotations

import importlib.util
import inspect
import os
import re
from pathlib import Path
from typing import Any

import pytest

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.loading import LoadCache, LoadReport, check_catalog
from onewindow.runtime.loading import loader

GENERATE = Path(__file__).parents[3] / "bench" / "generate.py"


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    root: Path = module.generate(6, tmp_path / "catalog")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[LoadCache]:
    """The cache of each load that took the full path (assembly and lint of everything)."""
    calls: list[LoadCache] = []
    original = loader._full

    def counting(*args: Any, **kwargs: Any) -> LoadReport:
        calls.append(inspect.signature(original).bind(*args, **kwargs).arguments["cache"])
        return original(*args, **kwargs)

    monkeypatch.setattr(loader, "_full", counting)
    return calls


def _catalog_view(catalog: Catalog | None) -> Any:
    if catalog is None:
        return None
    return (catalog.revision, list(catalog.item_versions),
            {code: [(v, catalog.locate(v)) for v in versions] for code, versions in catalog.item_versions.items()},
            sorted((o.file, o.loc) for o in catalog.origins.values()),
            {s: dict(getattr(catalog, s)) for s in ("departments", "windows", "materials", "pipelines", "situations")})


def _same_as_full(report: LoadReport, root: Path) -> None:
    fresh = check_catalog(root, cache_dir=None)
    assert [str(p) for p in report.problems] == [str(p) for p in fresh.problems]
    assert report.files == fresh.files and report.relative == fresh.relative
    assert _catalog_view(report.catalog) == _catalog_view(fresh.catalog)
    assert _catalog_view(report.assembled) == _catalog_view(fresh.assembled)


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _gen(root: Path, n: int) -> Path:
    return root / "items" / "generated" / f"GEN-{n:05d}.yaml"


def test_item_edits_update_in_place_as_a_full_load(generated: Path, full_loads: list[LoadCache]) -> None:
    memory = LoadCache()
    check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 1
    _edit(_gen(generated, 3), 'complaint_phone: "12345"', 'complaint_phone: "12399"')
    report = check_catalog(generated, cache=memory)
    assert report.parsed == 1 and full_loads.count(memory) == 1  # updated in place
    assert report.catalog.item("GEN-00003").contacts.complaint_phone == "12399"  # type: ignore[union-attr]
    _same_as_full(report, generated)
    # an edit the lint refuses (unknown department), then its repair
    _edit(_gen(generated, 2), "department: ", "department: nowhere_", 1)
    report = check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 1 and any(p.code == "unknown-department" for p in report.errors)
    assert report.catalog is None and report.assembled is not None
    _same_as_full(report, generated)
    _edit(_gen(generated, 2), "department: nowhere_", "department: ", 1)
    report = check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 1 and report.errors == []
    _same_as_full(report, generated)
    # unchanged: the same outcome, nothing parsed
    again = check_catalog(generated, cache=memory)
    assert again.parsed == 0 and full_loads.count(memory) == 1
    _same_as_full(again, generated)


def test_prerequisite_cycle_made_and_broken_in_place(generated: Path, full_loads: list[LoadCache]) -> None:
    memory = LoadCache()
    check_catalog(generated, cache=memory)
    one, two = _gen(generated, 1), _gen(generated, 2)
    result = "      - {id: prior_result, name: 前置结果, form: copy, copies: 1, source: {kind: department, department: market, item: %s}}\n"
    for path, needs in ((one, "GEN-00002"), (two, "GEN-00001")):
        _edit(path, "    materials:\n", "    materials:\n" + result % needs)
        report = check_catalog(generated, cache=memory)
        _same_as_full(report, generated)
    assert [p.code for p in report.errors] == ["prerequisite-cycle"]
    assert full_loads.count(memory) == 1
    _edit(two, result % "GEN-00001", "")
    report = check_catalog(generated, cache=memory)
    assert report.errors == [] and full_loads.count(memory) == 1
    _same_as_full(report, generated)


def test_versions_reordered_in_place(generated: Path, full_loads: list[LoadCache]) -> None:
    """Two files declaring versions of one code: moving one's start reorders the versions as assembly would."""
    copy = generated / "items" / "generated" / "GEN-00004-2027.yaml"
    text = _gen(generated, 4).read_text(encoding="utf-8")
    copy.write_text(text.replace("  - code: GEN-00004\n", "  - code: GEN-00004\n    valid_from: 2027-01-01\n"), encoding="utf-8")
    _edit(_gen(generated, 4), "  - code: GEN-00004\n", "  - code: GEN-00004\n    valid_from: 2024-01-01\n    valid_until: 2026-12-31\n")
    memory = LoadCache()
    _same_as_full(check_catalog(generated, cache=memory), generated)
    _edit(copy, "valid_from: 2027-01-01", "valid_from: 2020-01-01")
    report = check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 1
    _same_as_full(report, generated)
    assert [v.valid_from.year for v in report.assembled.item_versions["GEN-00004"]] == [2020, 2024]  # type: ignore[union-attr]


@pytest.mark.parametrize("edit", ["other-section", "new-file", "removed-file", "invalid", "renamed-code"])
def test_other_edits_take_the_full_path(generated: Path, full_loads: list[LoadCache], edit: str) -> None:
    memory = LoadCache()
    check_catalog(generated, cache=memory)
    if edit == "other-section":
        _edit(generated / "centre.yaml", "notice_days: 5", "notice_days: 9")
    elif edit == "new-file":
        text = _gen(generated, 5).read_text(encoding="utf-8")
        (generated / "items" / "generated" / "GEN-00099.yaml").write_text(text.replace("GEN-00005", "GEN-00099"), encoding="utf-8")
    elif edit == "removed-file":
        _gen(generated, 5).unlink()
    elif edit == "invalid":
        _edit(_gen(generated, 5), "originals: 1", "originals: many")
    else:
        _edit(_gen(generated, 5), "code: GEN-00005", "code: GEN-00055")
    report = check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 2
    _same_as_full(report, generated)


def test_new_file_seen_in_a_trusted_folder_listing(generated: Path) -> None:
    """Folders untouched for a while are not listed again; adding a file changes its folder's time."""
    past = 1_600_000_000
    for folder, _, _ in os.walk(generated):
        os.utime(folder, (past, past))
    memory = LoadCache()
    check_catalog(generated, cache=memory)
    check_catalog(generated, cache=memory)
    text = _gen(generated, 5).read_text(encoding="utf-8")
    (generated / "items" / "generated" / "GEN-00099.yaml").write_text(re.sub("GEN-00005", "GEN-00099", text), encoding="utf-8")
    report = check_catalog(generated, cache=memory)
    assert "GEN-00099" in report.catalog.item_versions  # type: ignore[union-attr]
    _same_as_full(report, generated)


_CHILD = """
import json, sys
from onewindow.runtime.loading import LoadCache, check_catalog
cache = LoadCache(sys.argv[2])
report = check_catalog(sys.argv[1], cache=cache)
decoded = len(cache.files)  # models in memory before anyone asks for the catalog
catalog = report.assembled
print(json.dumps({"parsed": report.parsed, "decoded": decoded, "problems": [str(p) for p in report.problems],
                  "catalog": None if catalog is None else catalog.revision,
                  "items": None if catalog is None else repr(sorted((c, [v.model_dump(mode="json") for v in vs])
                                                                   for c, vs in catalog.item_versions.items())),
                  "context": None if report.context is None else report.context.centre.model_dump(mode="json")}))
"""


def _new_process(root: Path, disk: Path) -> dict[str, Any]:
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(disk)], check=True, capture_output=True,
                         text=True, cwd=root).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def _cold(root: Path) -> dict[str, Any]:
    fresh = check_catalog(root, cache_dir=None)
    catalog = fresh.assembled
    return {"problems": [str(p) for p in fresh.problems], "catalog": None if catalog is None else catalog.revision,
            "items": None if catalog is None else repr(sorted((c, [v.model_dump(mode="json") for v in vs])
                                                             for c, vs in catalog.item_versions.items())),
            "context": None if catalog is None else catalog.centre.model_dump(mode="json")}


def test_new_process_with_changed_item_files_as_a_cold_load(generated: Path, tmp_path: Path) -> None:
    """The pre-commit hook: each check a new process with the disk layer. Item files whose catalog-check inputs
    are unchanged are validated and linted alone (no other model decoded); any other edit takes the full path.
    Either way: exactly the problems and catalog of a cold load."""
    disk = tmp_path / "cache"
    check_catalog(generated, cache_dir=disk)
    steps = [
        (_gen(generated, 3), 'complaint_phone: "12345"', 'complaint_phone: "12399"', True),
        (_gen(generated, 4), "windows: [general_window]", "windows: [nowhere_window]", True),  # item lint refuses it
        (_gen(generated, 2), "department: ", "department: nowhere_", False),  # an input of the catalog checks
        (_gen(generated, 2), "department: nowhere_", "department: ", False),
        (_gen(generated, 3), 'complaint_phone: "12399"', 'complaint_phone: "12388"', True),
        (_gen(generated, 5), "basis: {document: price_notice, role: charging}", "basis: {document: price_notice}", False),  # fee levels
        (_gen(generated, 5), "basis: {document: price_notice}", "basis: {document: price_notice, role: charging}", False),
    ]
    for n, (path, old, new, outlined) in enumerate(steps):
        _edit(path, old, new)
        child = _new_process(generated, disk)
        assert child.pop("parsed") == 1
        decoded = child.pop("decoded")
        assert (decoded == 1) == outlined, (path, old, decoded)
        assert child == _cold(generated)
        if n == 1:
            assert "GEN-00004.yaml" in str(child["problems"]) and child["catalog"] is not None
    assert "unknown-department" not in str(child["problems"]) and "GEN-00004.yaml" in str(child["problems"])


@pytest.mark.parametrize("tamper", ["summary-payload", "summary-outline", "models", "both"])
def test_tampered_disk_layer_falls_back_to_a_full_load(generated: Path, tmp_path: Path, tamper: str) -> None:
    disk = tmp_path / "cache"
    check_catalog(generated, cache_dir=disk)
    summary, = disk.glob("catalog-*.summary.json")
    models, = disk.glob("catalog-*.models.json")
    if tamper in ("summary-payload", "both"):
        raw = summary.read_bytes()
        summary.write_bytes(raw.replace(b"GEN-00003", b"GEN-00033", 1))  # the checksum no longer matches
    if tamper in ("models", "both"):
        models.write_bytes(b"onewindow-cache torn")
    if tamper == "summary-outline":  # a forged outline with a valid checksum: the changed file's codes differ
        import hashlib

        header, _, payload = summary.read_bytes().partition(b"\n")
        payload = payload.replace(b'["GEN-00003"]', b'["GEN-00077"]')
        summary.write_bytes(b" ".join(header.split(b" ")[:3] + [hashlib.sha256(payload).hexdigest().encode()]) + b"\n" + payload)
    _edit(_gen(generated, 3), 'complaint_phone: "12345"', 'complaint_phone: "12399"')
    child = _new_process(generated, disk)
    child.pop("parsed"), child.pop("decoded")
    assert child == _cold(generated)


def test_touched_file_read_once_by_new_processes(generated: Path, tmp_path: Path) -> None:
    """A file whose time changed but not its content (``git checkout``, ``touch``): the next process reads it, and
    records its new stat so the one after reads nothing."""
    disk = tmp_path / "cache"
    check_catalog(generated, cache_dir=disk)
    os.utime(_gen(generated, 3), (1_700_000_000, 1_700_000_000))
    first = _new_process(generated, disk)
    assert first.pop("parsed") <= 1 and first.pop("decoded") <= 1
    assert first == _cold(generated)
    second = _new_process(generated, disk)
    assert (second.pop("parsed"), second.pop("decoded")) == (0, 0)
    assert second == _cold(generated)


def test_fee_basis_edit_updates_in_place_as_a_full_load(generated: Path, full_loads: list[LoadCache]) -> None:
    """The fee levels are a catalog check (the law file read once per catalog), fed by each item's fee bases
    (``catalog_inputs``): a fee losing its charging role is refused in place as on a full load, and repaired."""
    memory = LoadCache()
    check_catalog(generated, cache=memory)
    _edit(_gen(generated, 4), "basis: {document: price_notice, role: charging}", "basis: {document: price_notice}")
    report = check_catalog(generated, cache=memory)
    assert report.parsed == 1 and full_loads.count(memory) == 1
    assert [p.code for p in report.errors] == ["fee-basis-level"] and "（行政许可法第五十八条）" in report.errors[0].message
    _same_as_full(report, generated)
    _edit(_gen(generated, 4), "basis: {document: price_notice}", "basis: {document: price_notice, role: charging}")
    report = check_catalog(generated, cache=memory)
    assert full_loads.count(memory) == 1 and report.errors == []
    _same_as_full(report, generated)
