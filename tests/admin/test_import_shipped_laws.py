"""``db import`` judges a catalog with its rules as the runtime does: a county catalog without 行政许可法 is
imported (the library's rules rest on the law the library ships), and the shipped law is not written into the
county's records; a county rule citing a law nobody ships still refuses the import with ``unknown-law``.

Regression: every library rule was refused with ``unknown-law``, so such a catalog could not be imported."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from onewindow.admin.sync.import_yaml import read_catalog
from onewindow.runtime.errors import ConfigError

CONFIG = Path(__file__).resolve().parents[2] / "examples" / "guides" / "id_card_renewal" / "config"
RULE = """\
rules:
  - id: county/archives_note
    title: 档案查询说明
    then: {{note: 说明}}
    basis: {{law: {law}, article: 第十条}}
"""


def _county(tmp_path: Path, law: str) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "rules.yaml").write_text(textwrap.dedent(RULE.format(law=law)), encoding="utf-8")
    return folder


def test_a_catalog_without_the_law_is_imported_without_the_shipped_copy(tmp_path: Path) -> None:
    entries, files = read_catalog(CONFIG, rules_dir=_county(tmp_path, "administrative_licensing_law"))
    documents = {entity.id for section, _, _, entity in entries if section == "legal_documents"}
    assert documents == {"resident_id_card_law"} and "laws.yaml" not in files


def test_a_county_rule_citing_an_unknown_law_refuses_the_import(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        read_catalog(CONFIG, rules_dir=_county(tmp_path, "archives_law"))
    problems = refused.value.problems
    assert [(Path(p.file).name, p.line, p.code) for p in problems] == [("rules.yaml", 5, "unknown-law")]
