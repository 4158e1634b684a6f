"""Fixtures of the review tests: the small county catalog beside these tests, and edited copies of it."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.loading import load_catalog

FIXTURES = Path(__file__).parent / "fixtures"
COUNTY = FIXTURES / "county"
RULES = FIXTURES / "rules"


@pytest.fixture(scope="session")
def county() -> Catalog:
    return load_catalog(COUNTY, cache_dir=None)


Edit = Callable[[str, str, str], Path]


@pytest.fixture
def edited(tmp_path: Path) -> Edit:
    """Copy the county catalog and replace ``old`` by ``new`` (exactly once) in one of its files."""
    target = tmp_path / "head"
    shutil.copytree(COUNTY, target)

    def edit(relative: str, old: str, new: str) -> Path:
        path = target / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return edit
