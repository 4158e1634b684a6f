"""A writable copy of the lint fixture catalog, as the working directory."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[1] / "lint" / "fixture"


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = shutil.copytree(FIXTURE, tmp_path / "county")
    monkeypatch.chdir(root)
    return root
