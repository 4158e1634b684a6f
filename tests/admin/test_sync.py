"""Round trip YAML → database → YAML, one-line diffs, and all-or-nothing import."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from flask import Flask

from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord, ItemRecord
from onewindow.admin.sync import export_catalog, import_catalog
from onewindow.runtime.errors import ConfigError
from onewindow.runtime.loading import check_catalog

from console_support import FIXTURE, REPO_CONFIG, make_app


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _catalogs() -> list[Path]:
    found = [FIXTURE]
    if REPO_CONFIG.is_dir() and check_catalog(REPO_CONFIG).catalog is not None:
        found.append(REPO_CONFIG)
    return found


@pytest.mark.parametrize("source", _catalogs(), ids=lambda p: p.name)
@pytest.mark.parametrize("drafts", [False, True], ids=["published", "drafts"])
def test_round_trip_export_is_byte_identical(tmp_path: Path, source: Path, drafts: bool) -> None:
    app, copy = _imported(tmp_path, source)
    with app.app_context():
        for record in db.session.scalars(db.select(CatalogRecord)):
            record.source_version = -1  # force every file through the round-trip merge, not the digest shortcut
        db.session.commit()
        export_catalog(copy, drafts=drafts)
    assert _tree(copy) == _tree(source)


def _imported(tmp_path: Path, source: Path = FIXTURE) -> tuple[Flask, Path]:
    """An app with ``source`` imported, and a copy of ``source`` to export onto."""
    app = make_app(tmp_path)
    copy = tmp_path / "out"
    shutil.copytree(source, copy)
    with app.app_context():
        import_catalog(source)
    return app, copy


def test_round_trip_one_field_edit_is_one_line(tmp_path: Path) -> None:
    app, copy = _imported(tmp_path)
    with app.app_context():
        record = db.session.scalar(db.select(ItemRecord).filter_by(key="SC-001"))
        document = dict(record.published_document)
        document["name"] = "食品经营许可（含网络经营）"
        record.published_document = document
        db.session.commit()
        written = export_catalog(copy)
    assert written == ["items/food_licence.yaml"]
    before = (FIXTURE / "items/food_licence.yaml").read_text(encoding="utf-8").splitlines()
    after = (copy / "items/food_licence.yaml").read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-    name: 食品经营许可", "+    name: 食品经营许可（含网络经营）"]
    assert check_catalog(copy).catalog is not None


def test_round_trip_new_and_deleted_entities(tmp_path: Path) -> None:
    app, copy = _imported(tmp_path)
    with app.app_context():
        old = db.session.scalar(db.select(ItemRecord).filter_by(key="SC-002"))
        document = {**old.published_document, "code": "SC-003", "name": "新摊点备案"}
        db.session.delete(old)
        new = ItemRecord(state="published")
        from onewindow.admin.sync.documents import validate_document

        new.apply(document, validate_document(ItemRecord.model, document)[0])
        new.published_document = document
        db.session.add(new)
        db.session.commit()
        written = export_catalog(copy)
    assert sorted(written) == ["items/SC-003.yaml", "items/stall_record.yaml"]
    report = check_catalog(copy)
    assert report.catalog is not None, [str(p) for p in report.problems]
    assert set(report.catalog.item_versions) == {"SC-001", "SC-003", "ZJ-001"}


def _snapshot(app: Flask) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(db.text("SELECT * FROM catalog_records ORDER BY id")).all()
        files = db.session.execute(db.text("SELECT * FROM source_files ORDER BY path")).all()
        return [tuple(r) for r in rows] + [tuple(f) for f in files]


def test_import_failing_half_way_leaves_database_as_before(app: Flask, tmp_path: Path) -> None:
    before = _snapshot(app)
    seen = []

    def explode(entries):
        for entry in entries:
            seen.append(entry)
            if len(seen) == 8:
                raise RuntimeError("disk full")
            yield entry

    with app.app_context(), pytest.raises(RuntimeError):
        import_catalog(FIXTURE, progress=explode)
    assert len(seen) == 8
    assert _snapshot(app) == before


def test_import_refuses_invalid_catalog_and_changes_nothing(app: Flask, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE, broken)
    path = broken / "items/food_licence.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: market_regulation", "department: nowhere"), encoding="utf-8")
    before = _snapshot(app)
    with app.app_context(), pytest.raises(ConfigError) as caught:
        import_catalog(broken)
    assert any(p.code == "unknown-department" for p in caught.value.problems)
    assert _snapshot(app) == before


def test_import_refuses_symlink_leaving_the_tree(app: Flask, tmp_path: Path) -> None:
    """A symbolic link out of the catalog is a problem at the file (it was a traceback in db import)."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source)
    outside = tmp_path / "outside.yaml"
    outside.write_text("departments: [{id: leaked, name: 外泄}]\n", encoding="utf-8")
    (source / "leak.yaml").symlink_to(outside)
    before = _snapshot(app)
    with app.app_context(), pytest.raises(ConfigError) as caught:
        import_catalog(source)
    assert [(Path(p.file).name, p.code) for p in caught.value.problems] == [("leak.yaml", "symlink")]
    assert _snapshot(app) == before


def test_import_marks_every_record_as_matching_its_file(app: Flask) -> None:
    """Right after an import each record equals its source file, so an export can skip unchanged files unparsed."""
    with app.app_context():
        records = list(db.session.scalars(db.select(CatalogRecord)))
        assert records
        assert all(record.source_version == record.version_id for record in records)
