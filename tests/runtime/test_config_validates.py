"""The reference county (config/) and the small example centre validate with zero errors and zero warnings."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.loading import check_catalog

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("directory", ["config", "examples/small_centre"])
def test_config_validates_clean(directory: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / directory
    if not any(path.rglob("*.yaml")):
        pytest.skip(f"{directory}/ is not written yet")
    monkeypatch.chdir(ROOT)
    report = check_catalog(path, cache_dir=None)
    assert [str(p) for p in report.problems] == []
    assert report.catalog is not None
