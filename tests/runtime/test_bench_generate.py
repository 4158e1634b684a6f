"""The benchmark generator writes a catalog that validates with zero problems (so the bench times real work)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from onewindow.runtime.loading import check_catalog

GENERATE = Path(__file__).parents[2] / "bench" / "generate.py"


def test_bench_generate_valid_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    root = module.generate(12, tmp_path / "catalog")
    files = sorted((root / "items" / "generated").glob("*.yaml"))
    assert len(files) == 12
    assert all(3000 <= f.stat().st_size <= 6000 for f in files)
    monkeypatch.chdir(root)
    report = check_catalog(root, cache_dir=None)
    assert [str(p) for p in report.problems] == []
    assert len(report.catalog.item_versions) == 12 + 7
